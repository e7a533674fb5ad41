/*
** admin-links.c: /admin/links, the report of the site's internal links
** that lead nowhere (no page at the address, or one not published), and
** of those that work through a redirect. Every role reads it.
*/
#include "admin.h"
#include "links.h"

/* The report being filled: its dictionary and the counts it shows. */
struct link_report {
	struct tpl_dict *content;
	long checked, broken, redirected;
};

/* links_report's callback: a BROKEN or REDIRECTED row for a link that
** is one, with the record that holds it and its edit form. */
static void add_link_row(void *ctx, const struct link_use *u)
{
	struct link_report *r = ctx;
	struct tpl_dict *row;

	if (u->state == LINK_EXTERNAL)
		return;
	r->checked++;
	if (!links_broken(u->state) && u->state != LINK_VIA_REDIRECT)
		return;
	if (links_broken(u->state))
		r->broken++;
	else
		r->redirected++;
	row = tpl_add_section(r->content, links_broken(u->state) ? "BROKEN" : "REDIRECTED");
	tpl_set(row, "URL", u->url);
	tpl_set(row, "WHY", links_state_text(u->state));
	tpl_set(row, "TARGET", u->target ? u->target : "");
	tpl_set(row, "ENTITY", u->kind->title);
	tpl_set(row, "TYPE", u->kind->name);
	tpl_set(row, "ID", u->id);
	tpl_set(row, "LABEL", u->label);
}

/* Fill the report's content. Returns 0, or -1 when the database could
** not be read. */
static int fill_links(struct admin *a, struct tpl_dict *content)
{
	struct link_report r = { content, 0, 0, 0 };

	if (links_report(a->store, a->config->base_url, add_link_row, &r) < 0)
		return -1;
	tpl_set_int(content, "CHECKED", r.checked);
	tpl_set_int(content, "BROKEN_COUNT", r.broken);
	tpl_set_int(content, "REDIRECTED_COUNT", r.redirected);
	if (r.broken == 0)
		tpl_show(content, "NONE_BROKEN");
	return 0;
}

/*
** GET /admin/links: the link report.
*/
void admin_links(struct admin *a)
{
	admin_screen(a, "Links", "admin-links.tpl", fill_links);
}
