/*
** admin-menus.c: /admin/menus, the main and footer menus as trees, with
** the actions on each entry.
*/
#include "admin.h"
#include "model-admin.h"

/* The tree being filled: each menu's section, and the last top-level
** entry of the main menu (its children go below it). */
struct menu_tree {
	struct admin *admin;
	struct tpl_dict *menu[2];
	struct tpl_dict *section;
};

static void add_menu_row(void *ctx, const struct menu_row *m)
{
	struct menu_tree *t = ctx;
	struct tpl_dict *entry;

	if (m->child && t->section)
		entry = tpl_add_section(t->section, "CHILD");
	else
		entry = tpl_add_section(t->menu[m->footer], "ENTRY");
	admin_row(t->admin, entry, &kind_menu_entry, m->id, m->label, m->target, true);
	if (!m->child && !m->footer) {
		t->section = tpl_add_section(entry, "SECTION");
		tpl_set(t->section, "ID", m->id);
		tpl_set(t->section, "LABEL", m->label);
	}
}

/*
** One ENTRY section per top-level entry of each menu, with its CHILD
** entries nested, read in tree order.
*/
static int fill_menus(struct admin *a, struct tpl_dict *content)
{
	struct menu_tree tree = { a, { NULL, NULL }, NULL };

	admin_bulk_bar(a, content, &kind_menu_entry);
	tree.menu[0] = tpl_add_section(content, "MAIN");
	tree.menu[1] = tpl_add_section(content, "FOOTER");
	return admin_menu_each(a->store, add_menu_row, &tree);
}

void admin_menus(struct admin *a)
{
	admin_screen(a, "Menus", "admin-menus.tpl", fill_menus);
}
