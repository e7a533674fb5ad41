/*
** site-sitemap.c: /sitemap.xml, every published page with the time it
** last changed, in the sitemaps.org 0.9 format, whose addresses are
** absolute, under base_url (which the worker does not start without).
*/
#include <string.h>

#include "model-public.h"
#include "render.h"
#include "site.h"

/* GET /sitemap.xml: rep is the sitemap or a 503. */
void page_sitemap(struct site *site, const struct request *req, struct reply *rep)
{
	struct store *s = site_store(site);
	struct path_list pages;

	(void)req;
	memset(&pages, 0, sizeof pages);
	if (s == NULL || public_sitemap(s, &pages) < 0) {
		site_unavailable(site, rep);
	} else {
		rep->status = 200;
		reply_header(rep, "Content-Type", "application/xml; charset=utf-8");
		if (!render_sitemap(site->config, &pages, &rep->body))
			site_unavailable(site, rep);
	}
	path_list_free(&pages);
}
