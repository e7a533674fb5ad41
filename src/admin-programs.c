/*
** admin-programs.c: /admin/programs?page=ID, the programs of one page,
** searched, filtered and sorted by GET parameters (q, status, sort,
** order), with their bulk action.
*/
#include "admin.h"
#include "model-admin.h"

static const char *const status_choices[][2] = { { "live", "Live" }, { "hidden", "Hidden" } };
static const char *const sort_choices[][2] = { { "position", "Their order" }, { "title", "Title" } };
static const struct admin_choices statuses = ADMIN_CHOICES(status_choices),
				  sorts = ADMIN_CHOICES(sort_choices);

/* The page's title, path and id in the heading (ctx: the content). */
static void set_heading(void *ctx, const struct page_row *p)
{
	tpl_set(ctx, "PAGE_TITLE", p->title);
	tpl_set(ctx, "PAGE_PATH", p->path);
	tpl_set(ctx, "PAGE_ID", p->id);
}

/* One program of the list (ctx: the list), published or hidden. */
static void add_program_row(void *ctx, const struct program_row *g)
{
	struct admin_list *list = ctx;
	struct buf detail = BUF_INIT;

	buf_printf(&detail, "%s%s", g->published ? "" : "[hidden] ", g->target);
	admin_row(list->admin, tpl_add_section(list->d, "PROGRAM"), &kind_program, g->id, g->title,
		  detail.data, true);
	buf_free(&detail);
}

/*
** The filter form of the programs of page page_id, showing f, into
** content.
*/
static void filter_bar(struct tpl_dict *content, int64_t page_id, const struct list_filter *f)
{
	struct buf all = BUF_INIT, id = BUF_INIT;
	struct tpl_dict *hidden;

	buf_printf(&id, "%lld", (long long)page_id);
	buf_printf(&all, "/admin/programs?page=%s", id.data);
	hidden = tpl_add_section(admin_list_filter_bar(content, "/admin/programs",
						       "Title or link holds", all.data, f,
						       &statuses, &sorts), "HIDDEN");
	tpl_set(hidden, "NAME", "page");
	tpl_set(hidden, "VALUE", id.data);
	buf_free(&all);
	buf_free(&id);
}

/*
** /admin/programs?page=ID: the page's programs the filter lets through.
*/
void admin_programs(struct admin *a)
{
	int64_t page_id = admin_param_id(a, "page");
	struct list_filter f;
	struct tpl_dict *content, *root;
	struct admin_list list;
	int found;

	if (!admin_list_filter_ok(a, &f, &statuses, &sorts))
		return;
	root = admin_page(a, "Programs", "admin-programs.tpl", &content);
	list = (struct admin_list){ a, content };
	found = admin_page_find(a->store, page_id, set_heading, content);
	if (found == 0) {
		tpl_dict_free(root);
		admin_message(a, 404, "Not found", "There is no such page.");
	} else if (found < 0 || admin_programs_each(a->store, page_id, &f, add_program_row, &list) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
	} else {
		filter_bar(content, page_id, &f);
		tpl_set(content, "EMPTY", admin_list_filtered(&f, &sorts) ? "No programs found." :
			"This page has no programs yet.");
		admin_bulk_bar(a, content, &kind_program);
		admin_finish(a, 200, root);
	}
}
