/*
** admin-menus.c: /admin/menus, the main and footer menus as trees, with
** the actions on each entry.
*/
#include <string.h>

#include "admin.h"

/*
** One ENTRY section per top-level entry of each menu, with its CHILD
** entries nested, read in tree order.
*/
void admin_menus(void *app, const struct request *req, struct reply *rep)
{
	static const char sql[] =
		"SELECT m.name, CAST(e.id AS TEXT), e.parent_id, e.label,"
		" coalesce(p.path || CASE WHEN p.published THEN '' ELSE ' (draft)' END, e.url)"
		" FROM menu_entry e JOIN menu m ON m.id = e.menu_id"
		" LEFT JOIN menu_entry top ON top.id = e.parent_id"
		" LEFT JOIN page p ON p.id = e.page_id"
		" ORDER BY m.id, coalesce(top.position, e.position), coalesce(e.parent_id, e.id),"
		" e.parent_id IS NOT NULL, e.position";
	struct admin *a = app;
	struct tpl_dict *content, *root, *menu[2], *section = NULL;
	sqlite3_stmt *st = store_prepare(a->store, sql);

	(void)req;
	(void)rep;
	if (st == NULL) {
		admin_save_failed(a, SAVE_BUSY, "menu");
		return;
	}
	root = admin_page(a, "Menus", "admin-menus.tpl", &content);
	menu[0] = tpl_add_section(content, "MAIN");
	menu[1] = tpl_add_section(content, "FOOTER");
	while (sqlite3_step(st) == SQLITE_ROW) {
		bool footer = strcmp((const char *)sqlite3_column_text(st, 0), "footer") == 0;
		bool child = sqlite3_column_type(st, 2) != SQLITE_NULL;
		struct tpl_dict *entry;

		if (child && section)
			entry = tpl_add_section(section, "CHILD");
		else
			entry = tpl_add_section(menu[footer], "ENTRY");
		admin_row(entry, "menu_entry", (const char *)sqlite3_column_text(st, 1),
			  (const char *)sqlite3_column_text(st, 3),
			  (const char *)sqlite3_column_text(st, 4), true);
		if (!child && !footer) {
			section = tpl_add_section(entry, "SECTION");
			tpl_set(section, "ID", (const char *)sqlite3_column_text(st, 1));
			tpl_set(section, "LABEL", (const char *)sqlite3_column_text(st, 3));
		}
	}
	sqlite3_reset(st);
	admin_finish(a, 200, root);
}
