/*
** links.c: the links records hold (links.h), read from their fields by
** type, and whether those to this site lead to a published page.
*/
#include <stdlib.h>
#include <string.h>

#include <uriparser/Uri.h>

#include "buf.h"
#include "links.h"
#include "log.h"
#include "markdown.h"
#include "model-links.h"

/*
** Whether a link in state leads visitors to "Page not found" or to a
** page they may not see.
*/
bool links_broken(enum link_state state)
{
	return state == LINK_MISSING || state == LINK_UNPUBLISHED || state == LINK_NO_FILE;
}

/*
** What state means, in a few words for a report (a constant).
*/
const char *links_state_text(enum link_state state)
{
	switch (state) {
	case LINK_OK: return "a published page";
	case LINK_VIA_REDIRECT: return "works through a redirect";
	case LINK_MISSING: return "no page has this address";
	case LINK_UNPUBLISHED: return "the page is not published";
	case LINK_NO_FILE: return "no file of the library has this address";
	case LINK_EXTERNAL: return "another site";
	}
	return "";
}

/*
** url resolved against the page at from on base_url, as text without
** its query and fragment, owned by the caller; NULL when it cannot be
** read.
*/
static char *resolve(const char *base_url, const char *from, const char *url)
{
	UriUriA base, rel, abs;
	struct buf b = BUF_INIT;
	char *full = NULL;
	int chars = 0;
	bool have_base, have_rel, have_abs = false;

	buf_puts(&b, base_url);
	while (b.len > 0 && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	buf_puts(&b, from);
	have_base = uriParseSingleUriA(&base, b.data, NULL) == URI_SUCCESS;
	have_rel = uriParseSingleUriA(&rel, url, NULL) == URI_SUCCESS;
	if (have_base && have_rel && uriAddBaseUriA(&abs, &rel, &base) == URI_SUCCESS) {
		have_abs = true;
		if (uriNormalizeSyntaxA(&abs) == URI_SUCCESS &&
		    uriToStringCharsRequiredA(&abs, &chars) == URI_SUCCESS) {
			full = xmalloc((size_t)chars + 1);
			if (uriToStringA(full, &abs, chars + 1, NULL) != URI_SUCCESS) {
				free(full);
				full = NULL;
			}
		}
	}
	if (full)
		full[strcspn(full, "?#")] = '\0';
	if (have_abs)
		uriFreeUriMembersA(&abs);
	if (have_rel)
		uriFreeUriMembersA(&rel);
	if (have_base)
		uriFreeUriMembersA(&base);
	buf_free(&b);
	return full;
}

/*
** Whether the path is one the worker or the web server answers itself.
*/
static bool own_address(const char *path)
{
	static const char *const exact[] = { "/search/", "/search", "/sitemap.xml", "/robots.txt" };
	size_t i;

	for (i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcmp(path, exact[i]) == 0)
			return true;
	return strncmp(path, "/static/", 8) == 0 || strncmp(path, "/admin/", 7) == 0;
}

/*
** The state of a link to path on this site; *target gets the page's
** path (owned by the caller) when a redirect leads to it. Returns the
** state, or -1 on a database error.
*/
static int path_state(struct store *s, const char *path, char **target)
{
	struct link_page p;
	struct buf slashed = BUF_INIT;
	int found, state = LINK_MISSING;

	*target = NULL;
	if (own_address(path))
		return LINK_OK;
	/* An uploaded file: its stored name, below /files/ (admin-files.c). */
	if (strncmp(path, "/files/", 7) == 0) {
		found = links_file_at(s, path + 7);
		return found < 0 ? -1 : found ? LINK_OK : LINK_NO_FILE;
	}
	found = links_page_at(s, path, &p);
	if (found == 1) {
		state = p.published ? LINK_OK : LINK_UNPUBLISHED;
	} else if (found == 0 && (found = links_redirect_at(s, path, &p)) == 1) {
		state = p.published ? LINK_VIA_REDIRECT : LINK_UNPUBLISHED;
		if (p.published) {
			*target = p.path;
			p.path = NULL;
		}
	} else if (found == 0 && *path && path[strlen(path) - 1] != '/') {
		/* The worker sends /a/b on to /a/b/. */
		buf_printf(&slashed, "%s/", path);
		state = path_state(s, slashed.data, target);
	}
	free(p.path);
	buf_free(&slashed);
	return found < 0 ? -1 : state;
}

/* A record being read for its links, and where they go. */
struct reading {
	struct store *s;
	const char *base_url, *from;	/* the site, and the record's path on it */
	struct link_use use;		/* kind, id, label set */
	link_use_fn fn;
	void *ctx;
	int count;			/* links reported, or -1 after a database error */
};

/*
** Report url, found in the record being read (r): its state, when it
** leads to this site; an http(s) link elsewhere as LINK_EXTERNAL; other
** links (mailto:, a fragment of the same page) not at all.
*/
static void read_url(void *ctx, const char *url)
{
	struct reading *r = ctx;
	char *full, *site, *target = NULL;
	int state;

	if (r->count < 0 || *url == '#' || *url == '\0')
		return;
	full = resolve(r->base_url, r->from, url);
	site = resolve(r->base_url, "/", "/");	/* the site's root, normalized alike */
	if (full == NULL || site == NULL) {
		state = -2;
	} else if (strncmp(full, site, strlen(site) - 1) == 0 && full[strlen(site) - 1] == '/') {
		state = path_state(r->s, full + strlen(site) - 1, &target);
	} else {
		state = strncmp(full, "http://", 7) == 0 || strncmp(full, "https://", 8) == 0 ?
			LINK_EXTERNAL : -2;
	}
	if (state == -1) {
		r->count = -1;
	} else if (state >= 0) {
		r->use.url = url;
		r->use.state = state;
		r->use.target = target;
		r->fn(r->ctx, &r->use);
		r->count++;
	}
	free(target);
	free(full);
	free(site);
}

/*
** Report the page whose id (or, as a form may give it, path) is value,
** held by a FIELD_PAGE of the record being read.
*/
static void read_page_field(struct reading *r, const char *value)
{
	struct link_page p;
	int found;

	if (*value == '/') {
		read_url(r, value);
		return;
	}
	found = links_page_of(r->s, value, &p);
	if (found < 0) {
		r->count = -1;
		return;
	}
	r->use.url = found ? p.path : value;
	r->use.state = found == 0 ? LINK_MISSING : p.published ? LINK_OK : LINK_UNPUBLISHED;
	r->use.target = NULL;
	r->fn(r->ctx, &r->use);
	r->count++;
	free(p.path);
}

/*
** Call fn for each link the record r of kind k holds (links.h), in the
** order of its fields, with its state; base_url is the site's. Returns
** the number of links, or -1 on a database error.
*/
int links_of_record(struct store *s, const char *base_url, const struct kind *k,
		    const struct record *r, link_use_fn fn, void *ctx)
{
	struct reading rd = { s, base_url, "/", { k, r->id ? r->id : "", r->values[k->label_field],
			      NULL, LINK_OK, NULL }, fn, ctx, 0 };
	int i;

	/* Relative links in a page's text start from its path. */
	for (i = 0; i < k->nfields; i++)
		if (k->fields[i].type == FIELD_PATH && *r->values[i] == '/')
			rd.from = r->values[i];
	for (i = 0; i < k->nfields && rd.count >= 0; i++) {
		const char *v = r->values[i];

		switch (k->fields[i].type) {
		case FIELD_PAGE:
			if (*v)
				read_page_field(&rd, v);
			break;
		case FIELD_LINK:
		case FIELD_URL:
			read_url(&rd, v);
			break;
		case FIELD_BODY:
			markdown_links_each(v, strlen(v), read_url, &rd);
			break;
		default:
			break;
		}
	}
	return rd.count;
}

/* The ids of one kind's records, gathered before each is read. */
struct id_list {
	char **ids;
	size_t n, cap;
};

/* links_ids_each's callback: keep a copy of id in ctx, a struct id_list. */
static void add_id(void *ctx, const char *id)
{
	struct id_list *l = ctx;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->ids = xrealloc(l->ids, l->cap * sizeof *l->ids);
	}
	l->ids[l->n++] = xstrdup(id);
}

/*
** Call fn for every link of every record whose kind's links are checked
** (sql_ids), as each record is live (drafts are not read), kind by kind
** in the order of the kinds, each kind's records in its sql_ids order.
** Returns the number of links, or -1 on a database error.
*/
int links_report(struct store *s, const char *base_url, link_use_fn fn, void *ctx)
{
	const struct kind *k;
	struct id_list ids = { NULL, 0, 0 };
	struct record r;
	int i, n, total = 0, found;
	size_t j;

	for (i = 0; (k = kind_at(i)) != NULL && total >= 0; i++) {
		if (k->sql_ids == NULL)
			continue;
		ids.n = 0;
		if (links_ids_each(s, k->sql_ids, add_id, &ids) < 0)
			total = -1;
		for (j = 0; j < ids.n; j++) {
			found = total < 0 ? 0 : record_load(s, k, ids.ids[j], &r);
			if (found < 0)
				total = -1;
			if (found == 1) {
				n = links_of_record(s, base_url, k, &r, fn, ctx);
				total = n < 0 ? -1 : total + n;
				record_free(&r);
			}
			free(ids.ids[j]);
		}
	}
	free(ids.ids);
	return total;
}
