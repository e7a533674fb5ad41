/*
** admin-programs.c: /admin/programs?page=ID, the programs of one page.
*/
#include "admin.h"
#include "model-admin.h"

static void set_heading(void *ctx, const struct page_row *p)
{
	tpl_set(ctx, "PAGE_TITLE", p->title);
	tpl_set(ctx, "PAGE_PATH", p->path);
	tpl_set(ctx, "PAGE_ID", p->id);
}

static void add_program_row(void *ctx, const struct program_row *g)
{
	struct admin_list *list = ctx;
	struct buf detail = BUF_INIT;

	buf_printf(&detail, "%s%s", g->published ? "" : "[hidden] ", g->target);
	admin_row(list->admin, tpl_add_section(list->d, "PROGRAM"), &kind_program, g->id, g->title,
		  detail.data, true);
	buf_free(&detail);
}

void admin_programs(struct admin *a)
{
	int64_t page_id = admin_param_id(a, "page");
	struct tpl_dict *content, *root = admin_page(a, "Programs", "admin-programs.tpl", &content);
	int found = admin_page_find(a->store, page_id, set_heading, content);
	struct admin_list list = { a, content };

	if (found == 0) {
		tpl_dict_free(root);
		admin_message(a, 404, "Not found", "There is no such page.");
	} else if (found < 0 || admin_programs_each(a->store, page_id, add_program_row, &list) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
	} else {
		admin_bulk_bar(a, content, &kind_program);
		admin_finish(a, 200, root);
	}
}
