/*
** admin-main.c: runningcode-admin, the admin CGI (under nginx through
** fcgiwrap, under Apache through mod_cgid). One request per process.
**
** Start-up: settings (RUNNINGCODE_CONFIG names the config file, else
** the compiled-in one), the time zone times are shown in (TZ), libsodium,
** templates, then the request: its
** body is read only when CONTENT_LENGTH is a plain number within
** ADMIN_BODY_MAX and the type is a urlencoded form, so oversized or odd
** requests are refused before anything is read or parsed.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "log.h"
#include "template.h"
#include "text.h"

extern char **environ;

/* The most of a refused body read (and dropped) before answering: the
** web server's own limit (conf/). */
#define ADMIN_DISCARD_MAX (2 * 1024 * 1024)

/* Sent with every admin response. */
static const char *const security_headers[][2] = {
	{ "Cache-Control", "no-store" },
	/* connect-src: admin.js's "Stay signed in" (POST /admin/keepalive). */
	{ "Content-Security-Policy",
	  "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; "
	  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "same-origin" },
	{ "X-Frame-Options", "DENY" },
};

static int stdout_write(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, ctx) == len ? 0 : -1;
}

/*
** Read and drop up to n bytes of a body we refuse (at most
** ADMIN_DISCARD_MAX): a CGI that answers without reading what it was
** sent makes fcgiwrap and Apache fail the request instead of passing on
** our clear refusal. The web server limits bodies to 2 MB before that.
*/
static void discard_body(size_t n)
{
	char chunk[8192];
	size_t r;

	if (n > ADMIN_DISCARD_MAX)
		n = ADMIN_DISCARD_MAX;
	while (n > 0 && (r = fread(chunk, 1, n < sizeof chunk ? n : sizeof chunk, stdin)) > 0)
		n -= r;
}

/*
** Read the urlencoded body of a POST into req's parameters. Returns 0,
** or an HTTP status (400, 411, 413, 415) with req->error set (to why,
** of whylen bytes, when it names the form's size). Each field's own
** limit applies later, to its decoded text, with the form kept: this
** one only bounds what is read, well above what the fields may hold
** once URL-encoded (a byte may take three).
*/
static int read_body(struct request *req, char *why, size_t whylen)
{
	const char *length = request_env(req, "CONTENT_LENGTH");
	const char *type = request_env(req, "CONTENT_TYPE");
	struct buf body = BUF_INIT;
	size_t n = ADMIN_DISCARD_MAX, got = 0;
	int status;

	if (length == NULL || *length == '\0') {
		req->error = "The form was sent without its length.";
		return 411;
	}
	if (text_parse_number(length, 9) < 0 ||
	    (n = (size_t)text_parse_number(length, 9)) > ADMIN_BODY_MAX) {
		discard_body(n);
		snprintf(why, whylen, "The form is %.1f MB; the admin accepts at most %d MB. "
			 "Nothing was saved. A page's body can hold at most 200 KB: shorten it, "
			 "or split it into pages.", (double)n / (1024 * 1024), ADMIN_BODY_MAX / (1024 * 1024));
		req->error = why;
		return 413;
	}
	if (n == 0)
		return 0;
	if (type == NULL || strncmp(type, "application/x-www-form-urlencoded", 33) != 0) {
		discard_body(n);
		req->error = "The form was not sent as application/x-www-form-urlencoded.";
		return 415;
	}
	buf_reserve(&body, n);
	while (got < n) {
		size_t r = fread(body.data + got, 1, n - got, stdin);

		if (r == 0)
			break;
		got += r;
	}
	body.len = got;
	body.data[got] = '\0';
	if (got != n) {
		req->error = "The form arrived incomplete.";
		status = 400;
	} else {
		status = request_parse_pairs(req, body.data, body.len);
	}
	buf_free(&body);
	return status;
}

/*
** A refusal page that needs neither database nor templates.
*/
static void plain_error(struct reply *rep, int status, const char *message)
{
	reply_reset(rep);
	reply_html(rep, status);
	buf_printf(&rep->body, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		   "<title>%d %s</title></head><body><h1>%s</h1><p>", status,
		   http_status_text(status), http_status_text(status));
	/* Our own constant sentences: nothing from the request. */
	buf_puts(&rep->body, message);
	buf_puts(&rep->body, "</p></body></html>\n");
}

int main(void)
{
	const char *config_path = getenv("RUNNINGCODE_CONFIG");
	struct request req;
	struct reply rep;
	struct config config;
	struct admin a;
	char err[512], why[256];
	size_t i;
	int status;

	log_set_program("runningcode-admin");
	config_init(&config);
	reply_init(&rep);
	memset(&a, 0, sizeof a);
	status = request_parse(&req, environ);
	if (config_path == NULL && access(RC_DEFAULT_CONFIG, F_OK) == 0)
		config_path = RC_DEFAULT_CONFIG;
	if ((config_path && config_load(&config, config_path, err, sizeof err) < 0) ||
	    config_require_site_address(&config, err, sizeof err) < 0) {
		log_error("%s", err);
		plain_error(&rep, 500, "The admin is misconfigured; the server log says how.");
	} else if (setenv("TZ", config.time_zone ? config.time_zone : "UTC", 1) < 0 ||
		   auth_init() < 0 || !tpl_set_root(config.templates)) {
		plain_error(&rep, 500, "The admin cannot start; the server log says why.");
	} else if (status != 0 ||
		   (req.method == METHOD_POST && (status = read_body(&req, why, sizeof why)) != 0)) {
		/* Refused before the database: in the admin's layout, signed out. */
		a.config = &config;
		a.rep = &rep;
		admin_message(&a, status, http_status_text(status), req.error);
	} else if ((a.store = store_open(config.database, STORE_READWRITE, err, sizeof err)) == NULL) {
		log_error("%s", err);
		plain_error(&rep, 503, "The database cannot be opened. Please try again later. "
			    "(Operators: the server log says why; after an upgrade, run "
			    "'runningcode migrate'.)");
	} else {
		a.config = &config;
		a.req = &req;
		a.rep = &rep;
		admin_handle(&a);
	}
	for (i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		reply_header(&rep, security_headers[i][0], security_headers[i][1]);
	reply_send(&rep, req.method == METHOD_HEAD, stdout_write, stdout);
	fflush(stdout);
	store_close(a.store);
	request_free(&req);
	reply_free(&rep);
	config_free(&config);
	return 0;
}
