/*
** admin-redirects.c: /admin/redirects, old addresses and where they
** lead.
*/
#include "admin.h"

static void redirect_row(struct admin *a, struct tpl_dict *content, sqlite3_stmt *st)
{
	const char *from = (const char *)sqlite3_column_text(st, 0);

	(void)a;
	admin_row(tpl_add_section(content, "REDIRECT"), "redirect", from, from,
		  (const char *)sqlite3_column_text(st, 1), false);
}

void admin_redirects(void *app, const struct request *req, struct reply *rep)
{
	static const char sql[] =
		"SELECT r.path, '→ ' || p.path || ' (' || p.title || ')' FROM redirect r"
		" JOIN page p ON p.id = r.page_id ORDER BY r.path";

	(void)req;
	(void)rep;
	admin_list(app, "Redirects", "admin-redirects.tpl", sql, redirect_row);
}
