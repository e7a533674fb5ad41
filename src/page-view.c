/*
** page-view.c: a page of the site, found by its path.
**
** Paths are canonical with a trailing slash. A request without it, or
** for an old address of a moved page, is redirected (301) to the
** canonical path; anything else unknown is a 404.
*/
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "render.h"
#include "site.h"

/*
** Redirect permanently to target, keeping the query string.
*/
static void redirect_to(const struct request *req, struct reply *rep, const char *target)
{
	const char *query = request_env(req, "QUERY_STRING");
	struct buf location = BUF_INIT;

	buf_puts(&location, target);
	if (query && *query)
		buf_printf(&location, "?%s", query);
	reply_reset(rep);
	if (reply_redirect(rep, 301, location.data) < 0)
		reply_redirect(rep, 301, target);
	buf_free(&location);
}

/*
** Find where a path that names no page should go: the same path with a
** trailing slash, or the page an old address moved to. Returns 1 with
** *target set (owned by the caller), 0 when there is none, -1 on error.
*/
static int find_new_address(struct store *s, const char *path, char **target)
{
	size_t len = strlen(path);
	struct page p;
	int rc;

	if (len && path[len - 1] != '/') {
		char *slashed = xmalloc(len + 2);

		memcpy(slashed, path, len);
		memcpy(slashed + len, "/", 2);
		rc = content_page(s, slashed, &p);
		page_free(&p);
		if (rc == 1) {
			*target = slashed;
			return 1;
		}
		free(slashed);
		if (rc < 0)
			return -1;
	}
	return content_redirect(s, path, target);
}

void page_view(void *app, const struct request *req, struct reply *rep)
{
	struct site *site = app;
	struct store *s = site_store(site);
	char *target = NULL;
	struct page p;
	int rc;

	if (s == NULL) {
		site_unavailable(site, rep);
		return;
	}
	rc = content_page(s, req->path, &p);
	if (rc == 1) {
		reply_html(rep, 200);
		if (!render_page(s, site->config, &p, &rep->body))
			site_unavailable(site, rep);
	} else if (rc == 0 && (rc = find_new_address(s, req->path, &target)) == 1) {
		redirect_to(req, rep, target);
	} else if (rc == 0) {
		site_not_found(site, rep);
	} else {
		site_unavailable(site, rep);
	}
	free(target);
	page_free(&p);
}
