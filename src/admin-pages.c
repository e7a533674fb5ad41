/*
** admin-pages.c: /admin/pages, the list of pages, and /admin/preview,
** a page as the public site will show it, rendered from the form.
*/
#include <string.h>

#include "admin.h"
#include "render.h"
#include "validate.h"

static void page_row(struct admin *a, struct tpl_dict *content, sqlite3_stmt *st)
{
	struct tpl_dict *row = tpl_add_section(content, "PAGE");

	(void)a;
	tpl_set(row, "ID", (const char *)sqlite3_column_text(st, 0));
	tpl_set(row, "PATH", (const char *)sqlite3_column_text(st, 1));
	tpl_set(row, "TITLE", (const char *)sqlite3_column_text(st, 2));
	tpl_set(row, "STATUS", sqlite3_column_int(st, 3) ? "Published" : "Draft");
	tpl_set(row, "UPDATED", (const char *)sqlite3_column_text(st, 4));
	tpl_set_int(row, "PROGRAMS", sqlite3_column_int(st, 5));
}

void admin_pages(void *app, const struct request *req, struct reply *rep)
{
	static const char sql[] =
		"SELECT CAST(p.id AS TEXT), p.path, p.title, p.published, p.updated_at,"
		" (SELECT count(*) FROM program g WHERE g.page_id = p.id)"
		" FROM page p ORDER BY p.path";

	(void)req;
	(void)rep;
	admin_list(app, "Pages", "admin-pages.tpl", sql, page_row);
}

/*
** Render the submitted page fields exactly as the public site would
** (same render_page), programs and menus included, without saving.
*/
void admin_preview(void *app, const struct request *req, struct reply *rep)
{
	struct admin *a = app;
	struct page p;

	(void)req;
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
	reply_html(rep, 200);
	if (!render_page(a->store, a->config, &p, &rep->body))
		admin_save_failed(a, SAVE_ERROR, "page");
}
