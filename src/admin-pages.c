/*
** admin-pages.c: /admin/pages, the pages ADMIN_PAGES_LISTED at a time,
** with a search by path or title (?q=..&from=N).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "model-admin.h"
#include "model-public.h"
#include "render.h"
#include "text.h"
#include "validate.h"

/*
** Add one PAGE to the list: published or not, and whether it has a
** draft pending.
*/
static void add_page_row(void *ctx, const struct page_row *p)
{
	struct admin_list *list = ctx;
	struct tpl_dict *row = tpl_add_section(list->d, "PAGE");

	tpl_set(row, "ID", p->id);
	tpl_set(row, "PATH", p->path);
	tpl_set(row, "TITLE", p->title);
	tpl_set(row, "STATUS", p->published ? "Published" : "Not published");
	if (admin_draft_pending(list->admin, &kind_page, p->id))
		tpl_show(row, "DRAFT_PENDING");
	admin_set_time(row, "UPDATED", p->updated_at);
	tpl_set_int(row, "PROGRAMS", (long)p->programs);
}

/*
** Add a link named section to the pages of the list from from on.
*/
static void set_paging_link(struct tpl_dict *paging, const char *section, const char *query,
			    int64_t from)
{
	struct buf href = BUF_INIT;

	buf_puts(&href, "/admin/pages?q=");
	text_url_escape(&href, query);
	buf_printf(&href, "&from=%lld", (long long)from);
	tpl_set(tpl_add_section(paging, section), "HREF", href.data);
	buf_free(&href);
}

static int fill_pages(struct admin *a, struct tpl_dict *content)
{
	const char *query = admin_param(a, "q");
	int64_t from = text_parse_number(admin_param(a, "from"), 9), total, last;
	struct buf count = BUF_INIT;
	struct tpl_dict *paging;
	struct admin_list list = { a, content };

	if (from < 0)
		from = 0;
	if (validate_line(query, false) != NULL)
		query = "";
	if (admin_page_count(a->store, query, &total) < 0)
		return -1;
	tpl_set(content, "QUERY", query);
	if (*query)
		tpl_show(content, "SEARCHED");
	last = from + ADMIN_PAGES_LISTED < total ? from + ADMIN_PAGES_LISTED : total;
	buf_printf(&count, "%lld page%s%s", (long long)total, total == 1 ? "" : "s",
		   *query ? " found" : "");
	if (total > ADMIN_PAGES_LISTED && from < total)
		buf_printf(&count, "; %lld to %lld shown", (long long)from + 1, (long long)last);
	tpl_set(content, "COUNT", count.data);
	buf_free(&count);
	if (total > ADMIN_PAGES_LISTED) {
		paging = tpl_add_section(content, "PAGING");
		if (from > 0)
			set_paging_link(paging, "PREV", query,
					from > ADMIN_PAGES_LISTED ? from - ADMIN_PAGES_LISTED : 0);
		if (from + ADMIN_PAGES_LISTED < total)
			set_paging_link(paging, "NEXT", query, from + ADMIN_PAGES_LISTED);
	}
	return admin_pages_each(a->store, query, from, ADMIN_PAGES_LISTED, add_page_row, &list);
}

void admin_pages(struct admin *a)
{
	admin_screen(a, "Pages", "admin-pages.tpl", fill_pages);
}
