/*
** admin-menus.c: /admin/menus, the main and footer menus as trees, with
** the actions on each entry; searched, filtered or sorted by GET
** parameters (q, menu, sort, order: admin_list_filter_ok), the entries
** found as one list, each saying where it is.
*/
#include "admin.h"
#include "model-admin.h"

static const char *const sort_choices[][2] = { { "position", "Their order" }, { "label", "Label" } };
static const char *const menu_choices[][2] = { { "main", "Main menu" }, { "footer", "Footer menu" } };
static const struct admin_choices no_statuses = { NULL, 0 }, sorts = ADMIN_CHOICES(sort_choices);

/* The tree being filled: each menu's section, and the last top-level
** entry of the main menu (its children go below it). */
struct menu_tree {
	struct admin *admin;
	struct tpl_dict *menu[2];
	struct tpl_dict *section;
};

/* One entry of the trees (ctx: the struct menu_tree), in tree order. */
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

/* One entry found (ctx: the list), with where it is: not moved from a
** list that is not the menu's order. */
static void add_found_row(void *ctx, const struct menu_row *m)
{
	struct admin_list *list = ctx;
	struct buf detail = BUF_INIT;

	buf_printf(&detail, "%s, in the %s", m->target, m->place);
	admin_row(list->admin, tpl_add_section(list->d, "ENTRY"), &kind_menu_entry, m->id, m->label,
		  detail.data, false);
	buf_free(&detail);
}

/*
** /admin/menus: both menus as trees (ENTRY sections, each top-level
** entry of the main menu with its CHILD entries), or the entries the
** filter lets through (FOUND).
*/
void admin_menus(struct admin *a)
{
	struct menu_filter f = MENU_FILTER_ALL;
	struct admin_list_choice menu = { "menu", "Menu", ADMIN_CHOICES(menu_choices), "" };
	struct menu_tree tree = { a, { NULL, NULL }, NULL };
	struct admin_list list = { a, NULL };
	struct tpl_dict *content, *root, *some;
	int n;

	if (!admin_list_filter_ok(a, &f.list, &no_statuses, &sorts) ||
	    !admin_list_choices_ok(a, &menu, 1))
		return;
	f.menu = menu.chosen;
	root = admin_page(a, "Menus", "admin-menus.tpl", &content);
	admin_list_filter_choices(content, admin_list_filter_bar(content, "/admin/menus",
								 "Label, address or page holds",
								 "/admin/menus", &f.list, &no_statuses,
								 &sorts),
				  &menu, 1);
	admin_bulk_bar(a, content, &kind_menu_entry);
	if (admin_list_filtered(&f.list, &sorts) || admin_list_choices_made(&menu, 1)) {
		list.d = tpl_add_section(content, "FOUND");
		n = admin_menu_each(a->store, &f, add_found_row, &list);
		if (n == 0)
			tpl_show(list.d, "NONE_FOUND");
		else if (n > 0) {
			some = tpl_add_section(list.d, "SOME");
			tpl_set_int(some, "COUNT", n);
			tpl_set(some, "WORD", n == 1 ? "entry" : "entries");
		}
	} else {
		tree.menu[0] = tpl_add_section(content, "MAIN");
		tree.menu[1] = tpl_add_section(content, "FOOTER");
		n = admin_menu_each(a->store, &f, add_menu_row, &tree);
	}
	if (n < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
		return;
	}
	admin_finish(a, 200, root);
}
