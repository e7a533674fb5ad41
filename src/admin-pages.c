/*
** admin-pages.c: /admin/pages, the list of pages, and /admin/preview,
** a page as the public site will show it, rendered from the form.
*/
#include <string.h>

#include "admin.h"
#include "model-admin.h"
#include "model-public.h"
#include "render.h"
#include "validate.h"

static void add_page_row(void *ctx, const struct page_row *p)
{
	struct tpl_dict *row = tpl_add_section(ctx, "PAGE");

	tpl_set(row, "ID", p->id);
	tpl_set(row, "PATH", p->path);
	tpl_set(row, "TITLE", p->title);
	tpl_set(row, "STATUS", p->published ? "Published" : "Draft");
	tpl_set(row, "UPDATED", p->updated_at);
	tpl_set_int(row, "PROGRAMS", (long)p->programs);
}

static int fill_pages(struct admin *a, struct tpl_dict *content)
{
	return admin_pages_each(a->store, add_page_row, content);
}

void admin_pages(struct admin *a)
{
	admin_screen(a, "Pages", "admin-pages.tpl", fill_pages);
}

/*
** Render the submitted page fields exactly as the public site would
** (same render_page), programs and menus included, without saving.
*/
void admin_preview(struct admin *a)
{
	struct page p;

	/* p borrows the request's strings: it is not page_free()d. */
	memset(&p, 0, sizeof p);
	p.id = admin_param_id(a, "id");
	p.path = (char *)admin_param(a, "path");
	p.title = (char *)admin_param(a, "title");
	p.summary = (char *)admin_param(a, "summary");
	p.body = (char *)admin_param(a, "body");
	p.published = 1;
	if (validate_page_path(p.path) || validate_line(p.title, true) ||
	    validate_text(p.summary) || validate_body(p.body)) {
		admin_message(a, 422, "Cannot preview",
			      "Correct the page's path, title, summary and body first: "
			      "the preview needs them to be valid.");
		return;
	}
	reply_html(a->rep, 200);
	if (!render_page(a->store, a->config, &p, &a->rep->body))
		admin_read_failed(a);
}
