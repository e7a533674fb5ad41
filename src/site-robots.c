/*
** site-robots.c: /robots.txt, which lets every crawler in and names
** the sitemap (an absolute address, as the format requires) when the
** site's address is known (site_origin); without one, no Sitemap line.
*/
#include "site.h"

/* GET /robots.txt: rep is the file. */
void page_robots(struct site *site, const struct request *req, struct reply *rep)
{
	struct buf origin = BUF_INIT;

	rep->status = 200;
	reply_header(rep, "Content-Type", "text/plain; charset=utf-8");
	buf_puts(&rep->body, "User-agent: *\nDisallow: /admin/\n");
	/* Plain text, not HTML; origin is base_url or a checked host name. */
	if (site_origin(site, req, &origin))
		buf_printf(&rep->body, "\nSitemap: %s/sitemap.xml\n", origin.data);
	buf_free(&origin);
}
