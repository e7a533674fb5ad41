/*
** site-robots.c: /robots.txt, which lets every crawler in and names
** the sitemap by its absolute address, as the format requires, under
** base_url (which the worker does not start without).
*/
#include "site.h"

/* GET /robots.txt: rep is the file. */
void page_robots(struct site *site, const struct request *req, struct reply *rep)
{
	(void)req;
	rep->status = 200;
	reply_header(rep, "Content-Type", "text/plain; charset=utf-8");
	/* Plain text, not HTML; base_url is checked when the config is read. */
	buf_printf(&rep->body, "User-agent: *\nDisallow: /admin/\n\nSitemap: %s/sitemap.xml\n",
		   site->config->base_url);
}
