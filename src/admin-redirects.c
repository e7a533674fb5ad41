/*
** admin-redirects.c: /admin/redirects, old addresses and where they
** lead, searched and sorted by GET parameters (q, sort, order), with
** their bulk action.
*/
#include "admin.h"
#include "model-admin.h"

static const char *const sort_choices[][2] = { { "path", "Old path" }, { "target", "Page" } };
static const struct admin_choices no_statuses = { NULL, 0 }, sorts = ADMIN_CHOICES(sort_choices);

/* One redirect of the list (ctx: the list). */
static void add_redirect_row(void *ctx, const struct redirect_row *r)
{
	struct admin_list *list = ctx;

	admin_row(list->admin, tpl_add_section(list->d, "REDIRECT"), &kind_redirect, r->path, r->path,
		  r->target, false);
}

/*
** /admin/redirects: the redirects the filter lets through.
*/
void admin_redirects(struct admin *a)
{
	struct list_filter f;
	struct tpl_dict *content, *root;
	struct admin_list list;

	if (!admin_list_filter_ok(a, &f, &no_statuses, &sorts))
		return;
	root = admin_page(a, "Redirects", "admin-redirects.tpl", &content);
	list = (struct admin_list){ a, content };
	if (admin_redirects_each(a->store, &f, add_redirect_row, &list) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
		return;
	}
	admin_list_filter_bar(content, "/admin/redirects", "Old path or page holds", "/admin/redirects",
			      &f, &no_statuses, &sorts);
	tpl_set(content, "EMPTY", admin_list_filtered(&f, &sorts) ? "No redirects found." :
		"No redirects yet.");
	admin_bulk_bar(a, content, &kind_redirect);
	admin_finish(a, 200, root);
}
