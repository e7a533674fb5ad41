/*
** site-page.c: a page of the site, found by its path.
**
** Paths are canonical with a trailing slash. A request without it is
** redirected (301) to the canonical path; one for an old address (with
** or without it) gets its redirect's status and goes to the path of its
** page or to its web address; anything else unknown is a 404.
*/
#include <stdlib.h>
#include <string.h>

#include "http-validators.h"
#include "model-public.h"
#include "render.h"
#include "site-cache.h"
#include "site.h"

/*
** Redirect to t with its status: a path of this site keeps the query
** string, a web address is sent as it is.
*/
static void redirect_to(const struct request *req, struct reply *rep,
			const struct redirect_target *t)
{
	const char *query = request_env(req, "QUERY_STRING");
	struct buf location = BUF_INIT;

	buf_puts(&location, t->target);
	if (t->target[0] == '/' && query && *query)
		buf_printf(&location, "?%s", query);
	reply_reset(rep);
	if (reply_redirect(rep, t->status, location.data) < 0)
		reply_redirect(rep, t->status, t->target);
	buf_free(&location);
}

/*
** Find where a path that names no page should go: the same path with a
** trailing slash (301), or where the redirect from an old address (with
** or without its trailing slash) leads. Returns 1 with *target set (its
** string owned by the caller), 0 when there is none, -1 on error.
*/
static int find_new_address(struct store *s, const char *path, struct redirect_target *target)
{
	size_t len = strlen(path);
	struct buf slashed = BUF_INIT;
	struct page p;
	int rc;

	if (len == 0 || path[len - 1] == '/')
		return public_redirect(s, path, target);
	buf_printf(&slashed, "%s/", path);
	rc = public_page(s, slashed.data, &p);
	page_free(&p);
	if (rc == 1) {
		target->target = buf_detach(&slashed);
		target->status = 301;
	} else if (rc == 0) {
		rc = public_redirect(s, slashed.data, target);
	}
	buf_free(&slashed);
	return rc;
}

/*
** Render the page at path into rep->body, in one read transaction so
** that all its parts show one state of the database. Returns 1 (a
** page), 0 (none: rep untouched) or -1 (the database failed).
*/
static int render_path(struct site *site, struct store *s, const char *path, struct reply *rep)
{
	struct page p;
	int rc;

	if (!store_read_begin(s))
		return -1;
	rc = public_page(s, path, &p);
	if (rc == 1 && !render_page(s, site->config, &p, &rep->body))
		rc = -1;
	store_read_end(s);
	page_free(&p);
	return rc;
}

/*
** Send the page in rep->body with its validators, or an empty 304 when
** the client's copy is current.
*/
static void send_page(const struct request *req, struct reply *rep,
		      const struct page_validators *v)
{
	reply_html(rep, 200);
	reply_header(rep, "ETag", v->etag);
	reply_header(rep, "Last-Modified", v->last_modified_text);
	if (conditional_not_modified(req, v)) {
		rep->status = 304;
		buf_reset(&rep->body);
	}
}

/*
** A page: from the cache while what visitors see has not changed since
** it was rendered (site_store), else rendered now (and cached); or a
** redirect to its new address; or 404.
*/
void page_view(struct site *site, const struct request *req, struct reply *rep)
{
	struct store *s = site_store(site);
	struct page_validators v;
	unsigned generation;
	struct redirect_target target = { NULL, 0 };
	int rc;

	if (s == NULL) {
		site_unavailable(site, rep);
		return;
	}
	/* Read the generation before the database: a page rendered from
	** data older than a change is stored under the old generation. */
	generation = cache_generation();
	if (cache_get(req->path, generation, &rep->body, &v)) {
		send_page(req, rep, &v);
		return;
	}
	rc = render_path(site, s, req->path, rep);
	if (rc == 1) {
		conditional_validators(rep->body.data, rep->body.len, &v);
		conditional_set_last_modified(&v, cache_last_modified(req->path, v.etag));
		if (site->config->cache_kib > 0)
			cache_put(req->path, generation, &rep->body, &v);
		send_page(req, rep, &v);
	} else if (rc == 0 && (rc = find_new_address(s, req->path, &target)) == 1) {
		redirect_to(req, rep, &target);
	} else if (rc == 0) {
		site_not_found(site, rep);
	} else {
		site_unavailable(site, rep);
	}
	free(target.target);
}
