/*
** cli-links.c: `runningcode links [--external] [--timeout SECONDS]
** [--parallel N]`: the link report (links.h) of the live site: every
** internal link that leads to no page or to one not published, and
** those that work through a redirect; with --external, every link to
** another site checked too, with libcurl's multi interface: at most N
** requests at once, each bounded by the timeout, HEAD first and GET
** when HEAD fails (some servers refuse HEAD with 405 or 501, or answer
** it wrongly). Exit status: 0 when no link is broken, 1 when one is,
** 2 when the command is wrong or the site cannot be read.
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "cli.h"
#include "links.h"
#include "log.h"
#include "text.h"

#define DEFAULT_TIMEOUT 10	/* seconds a request may take */
#define DEFAULT_PARALLEL 8	/* requests at once */
#define MAX_REDIRECTS 5

/* An external link: its URL, where it is used, and what checking it
** found. */
struct probe {
	char *url;		/* owned */
	struct buf uses;	/* owned: "the page “X”; the menu entry “Y”" */
	bool tried_get;
	long status;		/* the HTTP status, 0: none */
	CURLcode error;
	char message[CURL_ERROR_SIZE];
};

/* What the report gathered. */
struct report {
	long checked, broken, redirected;
	struct probe *probes;	/* owned, with --external */
	size_t nprobes, cap;
	bool external;
};

/* Append "the kind “label”" for u's record to out. */
static void describe_use(struct buf *out, const struct link_use *u)
{
	buf_printf(out, "the %s “%s” (/admin/edit?type=%s&id=%s)", u->kind->title, u->label,
		   u->kind->name, u->id);
}

/* Keep external link u to check, once per URL, noting where it is used. */
static void add_probe(struct report *r, const struct link_use *u)
{
	struct probe *p = NULL;
	size_t i;

	for (i = 0; i < r->nprobes && p == NULL; i++)
		if (strcmp(r->probes[i].url, u->url) == 0)
			p = &r->probes[i];
	if (p == NULL) {
		if (r->nprobes == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 32;
			r->probes = xrealloc(r->probes, r->cap * sizeof *r->probes);
		}
		p = &r->probes[r->nprobes++];
		memset(p, 0, sizeof *p);
		p->url = xstrdup(u->url);
	} else {
		buf_puts(&p->uses, "; ");
	}
	describe_use(&p->uses, u);
}

/* links_report's callback: print an internal link that is broken or
** goes through a redirect; keep an external one for later. */
static void report_link(void *ctx, const struct link_use *u)
{
	struct report *r = ctx;
	struct buf where = BUF_INIT;

	if (u->state == LINK_EXTERNAL) {
		if (r->external)
			add_probe(r, u);
		return;
	}
	r->checked++;
	describe_use(&where, u);
	if (links_broken(u->state)) {
		r->broken++;
		printf("broken\t%s\t%s\tin %s\n", u->url, links_state_text(u->state), where.data);
	} else if (u->state == LINK_VIA_REDIRECT) {
		r->redirected++;
		printf("redirect\t%s\tleads to %s through a redirect (works)\tin %s\n", u->url,
		       u->target, where.data);
	}
	buf_free(&where);
}

/* libcurl's body callback: the status is known once a body arrives, so
** stop there (CURLE_WRITE_ERROR, taken as done) rather than read it all. */
static size_t stop_at_body(char *data, size_t size, size_t n, void *ctx)
{
	(void)data;
	(void)size;
	(void)n;
	(void)ctx;
	return 0;
}

/*
** A handle that checks p: HEAD, or GET once HEAD failed. NULL when
** libcurl cannot make one.
*/
static CURL *probe_handle(struct probe *p, long timeout)
{
	CURL *h = curl_easy_init();

	if (h == NULL)
		return NULL;
	curl_easy_setopt(h, CURLOPT_URL, p->url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, p);
	curl_easy_setopt(h, CURLOPT_NOBODY, p->tried_get ? 0L : 1L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, stop_at_body);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, p->message);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "runningcode-links/" PACKAGE_VERSION);
	p->message[0] = '\0';
	return h;
}

/*
** Note what checking p found with h (result: the transfer's); returns
** true when p should be tried again with GET.
*/
static bool probe_done(struct probe *p, CURL *h, CURLcode result)
{
	long status = 0;

	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	p->status = status;
	p->error = result == CURLE_WRITE_ERROR && status > 0 ? CURLE_OK : result;
	if (p->tried_get || p->error == CURLE_OPERATION_TIMEDOUT)
		return false;
	/* HEAD failed, or the server refuses it: ask with GET. */
	return p->error != CURLE_OK || status >= 400;
}

/*
** Check every probe in r, at most parallel at once, each request within
** timeout seconds. Returns false when libcurl cannot run.
*/
static bool check_external(struct report *r, long timeout, long parallel)
{
	CURLM *m = curl_multi_init();
	CURLMsg *msg;
	CURL *h;
	struct probe *p;
	size_t next = 0;
	int running = 0, left, active = 0;
	bool ok = m != NULL;

	while (ok && (next < r->nprobes || active > 0)) {
		while (ok && active < parallel && next < r->nprobes) {
			h = probe_handle(&r->probes[next++], timeout);
			ok = h != NULL && curl_multi_add_handle(m, h) == CURLM_OK;
			active += ok;
		}
		if (ok && curl_multi_perform(m, &running) != CURLM_OK)
			ok = false;
		while (ok && (msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			h = msg->easy_handle;
			curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&p);
			curl_multi_remove_handle(m, h);
			active--;
			if (probe_done(p, h, msg->data.result)) {
				p->tried_get = true;
				curl_easy_cleanup(h);
				h = probe_handle(p, timeout);
				ok = h != NULL && curl_multi_add_handle(m, h) == CURLM_OK;
				active += ok;
			} else {
				curl_easy_cleanup(h);
			}
		}
		if (ok && active > 0 && curl_multi_poll(m, NULL, 0, 1000, NULL) != CURLM_OK)
			ok = false;
	}
	if (m)
		curl_multi_cleanup(m);
	return ok;
}

/* Print the external links that are broken and the summary; returns
** how many are broken. */
static long print_external(const struct report *r, long timeout)
{
	long broken = 0;
	size_t i;

	for (i = 0; i < r->nprobes; i++) {
		const struct probe *p = &r->probes[i];

		if (p->error == CURLE_OPERATION_TIMEDOUT)
			printf("broken\t%s\tno answer within %ld s\tin %s\n", p->url, timeout, p->uses.data);
		else if (p->error != CURLE_OK)
			printf("broken\t%s\t%s\tin %s\n", p->url,
			       *p->message ? p->message : curl_easy_strerror(p->error), p->uses.data);
		else if (p->status >= 400)
			printf("broken\t%s\tHTTP %ld\tin %s\n", p->url, p->status, p->uses.data);
		else
			continue;
		broken++;
	}
	printf("external links: %zu checked, %ld broken\n", r->nprobes, broken);
	return broken;
}

/*
** Check r's external links (check_external) and print them; add the
** broken ones to *broken. Returns false when libcurl cannot run.
*/
static bool external_report(struct report *r, long timeout, long parallel, long *broken)
{
	bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;

	if (ok && (ok = check_external(r, timeout, parallel)))
		*broken += print_external(r, timeout);
	curl_global_cleanup();
	return ok;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: runningcode links [--external] [--timeout SECONDS] [--parallel N]\n"
		   "  the site's broken internal links; --external checks links to other sites\n"
		   "  too (at most N at once, default %d; each within SECONDS, default %d)\n"
		   "  exit status: 0 no broken link, 1 broken links, 2 could not check\n",
		DEFAULT_PARALLEL, DEFAULT_TIMEOUT);
}

int cli_links(struct cli_options *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "external", no_argument, NULL, 'e' },
		{ "timeout", required_argument, NULL, 't' },
		{ "parallel", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report r = { 0, 0, 0, NULL, 0, 0, false };
	long timeout = DEFAULT_TIMEOUT, parallel = DEFAULT_PARALLEL, broken;
	char err[512];
	struct store *s;
	int opt, status = 2;
	size_t i;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "et:p:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': r.external = true; break;
		case 't': timeout = (long)text_parse_number(optarg, 4); break;
		case 'p': parallel = (long)text_parse_number(optarg, 3); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || timeout < 1 || parallel < 1 || parallel > 100) {
		usage(stderr);
		return 2;
	}
	if (config_require_site_address(&o->config, err, sizeof err) < 0) {
		log_error("%s", err);
		return 2;
	}
	s = store_open(o->config.database, STORE_READONLY, err, sizeof err);
	if (s == NULL) {
		log_error("%s", err);
		return 2;
	}
	if (links_report(s, o->config.base_url, report_link, &r) < 0) {
		log_error("the site's records could not be read");
		goto done;
	}
	printf("internal links: %ld checked, %ld broken, %ld through a redirect\n", r.checked,
	       r.broken, r.redirected);
	broken = r.broken;
	if (r.external && !external_report(&r, timeout, parallel, &broken)) {
		log_error("libcurl could not check the external links");
		goto done;
	}
	status = broken > 0 ? 1 : 0;
done:
	for (i = 0; i < r.nprobes; i++) {
		free(r.probes[i].url);
		buf_free(&r.probes[i].uses);
	}
	free(r.probes);
	store_close(s);
	return status;
}
