/*
** site-sitemap.c: /sitemap.xml, every published page with the time it
** last changed, in the sitemaps.org 0.9 format, whose addresses are
** absolute: without the site's address (site_origin), there is none.
*/
#include <string.h>

#include "model-public.h"
#include "render.h"
#include "site.h"

/* GET /sitemap.xml: rep is the sitemap, a 404 or a 503. */
void page_sitemap(struct site *site, const struct request *req, struct reply *rep)
{
	struct store *s = site_store(site);
	struct buf origin = BUF_INIT;
	struct path_list pages;

	memset(&pages, 0, sizeof pages);
	if (s == NULL || public_sitemap(s, &pages) < 0) {
		site_unavailable(site, rep);
	} else if (!site_origin(site, req, &origin)) {
		site_error(site, rep, 404, "There is no sitemap: the site's address is not configured.");
	} else {
		rep->status = 200;
		reply_header(rep, "Content-Type", "application/xml; charset=utf-8");
		if (!render_sitemap(site->config, origin.data, &pages, &rep->body))
			site_unavailable(site, rep);
	}
	path_list_free(&pages);
	buf_free(&origin);
}
