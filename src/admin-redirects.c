/*
** admin-redirects.c: /admin/redirects, old addresses and where they
** lead.
*/
#include "admin.h"

void admin_redirects(void *app, const struct request *req, struct reply *rep)
{
	static const char sql[] =
		"SELECT r.path, '→ ' || p.path || ' (' || p.title || ')' FROM redirect r"
		" JOIN page p ON p.id = r.page_id ORDER BY r.path";
	struct admin *a = app;
	struct tpl_dict *content, *root;
	sqlite3_stmt *st = store_prepare(a->store, sql);

	(void)req;
	(void)rep;
	if (st == NULL) {
		admin_save_failed(a, SAVE_BUSY, "redirect");
		return;
	}
	root = admin_page(a, "Redirects", "admin-redirects.tpl", &content);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *from = (const char *)sqlite3_column_text(st, 0);

		admin_row(tpl_add_section(content, "REDIRECT"), "redirect", from, from,
			  (const char *)sqlite3_column_text(st, 1), false);
	}
	sqlite3_reset(st);
	admin_finish(a, 200, root);
}
