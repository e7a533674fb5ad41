/*
** site-robots.c: /robots.txt, which lets every crawler in and names
** the sitemap (an absolute address, as the format requires).
*/
#include "site.h"

void page_robots(struct site *site, const struct request *req, struct reply *rep)
{
	struct buf origin = BUF_INIT;

	if (!site_origin(site, req, &origin)) {
		site_error(site, rep, 400, "The request names no valid host.");
		return;
	}
	rep->status = 200;
	reply_header(rep, "Content-Type", "text/plain; charset=utf-8");
	/* Plain text, not HTML; origin is a checked host name. */
	buf_printf(&rep->body, "User-agent: *\nDisallow: /admin/\n\nSitemap: %s/sitemap.xml\n", origin.data);
	buf_free(&origin);
}
