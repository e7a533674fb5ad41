/*
** admin-dashboard.c: /admin/, what there is to edit and the latest
** changes.
*/
#include "admin.h"

void admin_dashboard(void *app, const struct request *req, struct reply *rep)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM page WHERE published),"
		" (SELECT count(*) FROM page WHERE NOT published),"
		" (SELECT count(*) FROM menu_entry),"
		" (SELECT count(*) FROM program),"
		" (SELECT count(*) FROM redirect)";
	static const char *const keys[] = { "PUBLISHED", "DRAFTS", "ENTRIES", "PROGRAMS", "REDIRECTS" };
	struct admin *a = app;
	struct tpl_dict *content, *root;
	sqlite3_stmt *st = store_prepare(a->store, sql);
	int i;

	(void)req;
	(void)rep;
	if (st == NULL || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		admin_save_failed(a, SAVE_BUSY, "dashboard");
		return;
	}
	root = admin_page(a, "Dashboard", "admin-dashboard.tpl", &content);
	for (i = 0; i < 5; i++)
		tpl_set_int(content, keys[i], sqlite3_column_int(st, i));
	sqlite3_reset(st);
	history_fill_latest(a, content, 10);
	admin_finish(a, 200, root);
}
