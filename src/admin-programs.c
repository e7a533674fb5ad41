/*
** admin-programs.c: /admin/programs?page=ID, the programs of one page.
*/
#include "admin.h"

void admin_programs(void *app, const struct request *req, struct reply *rep)
{
	static const char page_sql[] = "SELECT title, path FROM page WHERE id = ?1";
	static const char sql[] =
		"SELECT CAST(g.id AS TEXT), g.title, g.published,"
		" coalesce(p.path, g.link_url, '') FROM program g"
		" LEFT JOIN page p ON p.id = g.link_page_id"
		" WHERE g.page_id = ?1 ORDER BY g.position, g.id";
	struct admin *a = app;
	int64_t page_id = admin_param_id(a, "page");
	struct tpl_dict *content, *root;
	sqlite3_stmt *st = store_prepare(a->store, page_sql);

	(void)req;
	(void)rep;
	if (st == NULL) {
		admin_save_failed(a, SAVE_BUSY, "program");
		return;
	}
	sqlite3_bind_int64(st, 1, page_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		admin_message(a, 404, "Not found", "There is no such page.");
		return;
	}
	root = admin_page(a, "Programs", "admin-programs.tpl", &content);
	tpl_set(content, "PAGE_TITLE", (const char *)sqlite3_column_text(st, 0));
	tpl_set(content, "PAGE_PATH", (const char *)sqlite3_column_text(st, 1));
	tpl_set_int(content, "PAGE_ID", (long)page_id);
	sqlite3_reset(st);
	st = store_prepare(a->store, sql);
	if (st)
		sqlite3_bind_int64(st, 1, page_id);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		struct buf detail = BUF_INIT;

		buf_printf(&detail, "%s%s", sqlite3_column_int(st, 2) ? "" : "[hidden] ",
			   sqlite3_column_text(st, 3));
		admin_row(tpl_add_section(content, "PROGRAM"), "program",
			  (const char *)sqlite3_column_text(st, 0),
			  (const char *)sqlite3_column_text(st, 1), detail.data, true);
		buf_free(&detail);
	}
	if (st)
		sqlite3_reset(st);
	admin_finish(a, 200, root);
}
