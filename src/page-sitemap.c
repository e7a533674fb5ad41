/*
** page-sitemap.c: /sitemap.xml, every published page with the time it
** last changed, in the sitemaps.org 0.9 format.
*/
#include "render.h"
#include "site.h"

void page_sitemap(void *app, const struct request *req, struct reply *rep)
{
	static const char sql[] = "SELECT path, updated_at FROM page WHERE published ORDER BY path";
	struct site *site = app;
	struct store *s = site_store(site);
	struct buf origin = BUF_INIT;
	sqlite3_stmt *st;

	if (s == NULL || (st = store_prepare(s, sql)) == NULL) {
		site_unavailable(site, rep);
		return;
	}
	if (!site_origin(site, req, &origin)) {
		site_error(site, rep, 400, "The request names no valid host.");
		return;
	}
	rep->status = 200;
	reply_header(rep, "Content-Type", "application/xml; charset=utf-8");
	if (!render_sitemap(site->config, origin.data, st, &rep->body))
		site_unavailable(site, rep);
	sqlite3_reset(st);
	buf_free(&origin);
}
