/*
** admin-redirects.c: /admin/redirects, old addresses and where they
** lead.
*/
#include "admin.h"
#include "model-admin.h"

static void add_redirect_row(void *ctx, const struct redirect_row *r)
{
	struct admin_list *list = ctx;

	admin_row(list->admin, tpl_add_section(list->d, "REDIRECT"), &kind_redirect, r->path, r->path,
		  r->target, false);
}

static int fill_redirects(struct admin *a, struct tpl_dict *content)
{
	struct admin_list list = { a, content };

	admin_bulk_bar(a, content, &kind_redirect);
	return admin_redirects_each(a->store, add_redirect_row, &list);
}

void admin_redirects(struct admin *a)
{
	admin_screen(a, "Redirects", "admin-redirects.tpl", fill_redirects);
}
