/*
** admin-pages.c: /admin/pages. Unfiltered, the pages as a tree (each
** page with the pages below its path, collapsible with <details>, no
** script); searched, filtered or sorted (GET q, status, draft, author,
** sort, order), a table ADMIN_PAGES_LISTED at a time (&from=N), or
** with view=list the whole site so. Editors tick pages for a bulk
** publish or unpublish (admin_bulk_bar; /admin/bulk, admin-bulk.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"
#include "text.h"
#include "validate.h"

#define ADMIN_TREE_LISTED 1000	/* pages the tree shows; more: search or filter */

/* What the filter's choices may be, and how the list reads them. */
static const char *const status_choices[][2] = {
	{ "live", "Live" }, { "draft", "Draft" }, { "scheduled", "Scheduled" }, { "hidden", "Hidden" },
};
static const char *const sort_choices[][2] = {
	{ "path", "Place in the tree" }, { "title", "Title" }, { "updated", "Last updated" },
	{ "status", "Status" }, { "author", "Author" },
};
static const struct admin_choices statuses = ADMIN_CHOICES(status_choices),
				  sorts = ADMIN_CHOICES(sort_choices);

/*
** Read the list's parameters into f (its strings borrowed from the
** request): the list's (admin_list_filter_ok), draft and author.
** Returns whether they are good; when not, the reply (400) says why.
*/
static bool read_filter(struct admin *a, struct page_filter *f)
{
	const char *draft = admin_param(a, "draft"), *refused = NULL;

	if (!admin_list_filter_ok(a, &f->list, &statuses, &sorts))
		return false;
	f->author = admin_param(a, "author");
	f->has_draft = *draft == '\0' ? -1 : strcmp(draft, "yes") == 0 ? 1 : strcmp(draft, "no") == 0 ? 0 : -2;
	if (validate_line(f->author, false) != NULL)
		refused = "The author must be one user name of at most 200 characters.";
	else if (f->has_draft == -2)
		refused = "Choose whether the pages have a draft pending: yes, no, or either.";
	if (refused)
		admin_message(a, 400, "Bad filter", refused);
	return refused == NULL;
}

/*
** Whether f lists every page in tree order: the list may show the tree.
*/
static bool filter_is_tree(const struct page_filter *f)
{
	return !admin_list_filtered(&f->list, &sorts) && f->has_draft < 0 && *f->author == '\0';
}

/*
** Append f as query parameters (after a '?' the caller wrote) to out.
*/
static void filter_query(const struct page_filter *f, struct buf *out)
{
	buf_puts(out, "q=");
	text_url_escape(out, f->list.text);
	buf_puts(out, "&status=");
	text_url_escape(out, f->list.status);
	buf_printf(out, "&draft=%s&author=", f->has_draft < 0 ? "" : f->has_draft ? "yes" : "no");
	text_url_escape(out, f->author);
	buf_puts(out, "&sort=");
	text_url_escape(out, f->list.sort);
	buf_printf(out, "&order=%s", f->list.descending ? "desc" : "asc");
}

/*
** Show f in the filter form of content: the list's, the author typed,
** the draft chosen.
*/
static void fill_filter_form(struct tpl_dict *content, const struct page_filter *f)
{
	admin_list_filter_form(content, &f->list, &statuses, &sorts);
	tpl_set(content, "AUTHOR", f->author);
	if (f->has_draft == 1)
		tpl_show(content, "DRAFT_YES");
	else if (f->has_draft == 0)
		tpl_show(content, "DRAFT_NO");
}

/*
** Set what a page's row and a tree's node share in d: its id, path,
** title, status, draft, author, update time, programs, and the
** address of the form of a new page below it; with editor, its
** checkbox and the actions of editors (EDITOR).
*/
static void set_page(struct tpl_dict *d, const struct page_row *p, bool editor)
{
	struct buf child = BUF_INIT;

	buf_puts(&child, "/admin/edit?type=page&path=");
	text_url_escape(&child, p->path);
	tpl_set(d, "CHILD_HREF", child.data);
	buf_free(&child);
	tpl_set(d, "ID", p->id);
	tpl_set(d, "PATH", p->path);
	tpl_set(d, "TITLE", p->title);
	tpl_set(d, "STATUS", p->status);
	tpl_set(d, "STATUS_TEXT", admin_choice_text(&statuses, p->status));
	tpl_set(d, "AUTHOR", *p->author ? p->author : "—");
	if (p->has_draft)
		tpl_show(d, "DRAFT_PENDING");
	admin_set_time(d, "UPDATED", p->updated_at);
	tpl_set_int(d, "PROGRAMS", (long)p->programs);
	if (editor)
		tpl_show(d, "EDITOR");
}

/*
** Add one PAGE row to the table.
*/
static void add_page_row(void *ctx, const struct page_row *p)
{
	struct admin_list *list = ctx;

	set_page(tpl_add_section(list->d, "PAGE"), p, admin_may_bulk(list->admin, &kind_page));
}

/* A page of the tree, copied (the tree needs the next row to place one). */
struct tree_node {
	char *id, *path, *title, *status, *author, *updated_at;
	bool has_draft;
	int64_t programs;
};

/* The tree's pages in tree order, owned (tree_free). */
struct tree {
	struct tree_node *nodes;
	size_t count, room;
};

/*
** Keep a copy of page p at the end of the tree (ctx).
*/
static void note_node(void *ctx, const struct page_row *p)
{
	struct tree *t = ctx;
	struct tree_node *n;

	if (t->count == t->room) {
		t->room = t->room ? 2 * t->room : 64;
		t->nodes = xrealloc(t->nodes, t->room * sizeof *t->nodes);
	}
	n = &t->nodes[t->count++];
	n->id = xstrdup(p->id);
	n->path = xstrdup(p->path);
	n->title = xstrdup(p->title);
	n->status = xstrdup(p->status);
	n->author = xstrdup(p->author);
	n->updated_at = xstrdup(p->updated_at);
	n->has_draft = p->has_draft;
	n->programs = p->programs;
}

/*
** Free what t owns.
*/
static void tree_free(struct tree *t)
{
	size_t i;

	for (i = 0; i < t->count; i++) {
		free(t->nodes[i].id);
		free(t->nodes[i].path);
		free(t->nodes[i].title);
		free(t->nodes[i].status);
		free(t->nodes[i].author);
		free(t->nodes[i].updated_at);
	}
	free(t->nodes);
}

/*
** Whether the page at path lies below the page at parent (a path that
** ends in '/', so /a/ holds /a/b/ and not /ab/).
*/
static bool path_below(const char *path, const char *parent)
{
	size_t n = strlen(parent);

	return strncmp(path, parent, n) == 0 && path[n] != '\0';
}

/*
** Add the tree's NODEs to content (with editor, their editors'
** actions). Each node is followed by the nodes below it (tree order),
** so a node whose next one lies below it opens a list (PARENT, with the
** number below it), and each other node closes (CLOSE, once each) the
** lists of its ancestors that the next node is not below. Past 64
** levels the pages below are shown at the 64th.
*/
static void fill_tree(struct tpl_dict *content, const struct tree *t, bool editor)
{
	const char *open[64];	/* the paths of the nodes whose list is open */
	size_t i, depth = 0, below;
	struct tpl_dict *node, *parent;
	struct page_row p;

	for (i = 0; i < t->count; i++) {
		const struct tree_node *n = &t->nodes[i];

		p = (struct page_row){ n->id, n->path, n->title, n->updated_at, false, n->programs,
				       n->status, n->author, n->has_draft };
		node = tpl_add_section(content, "NODE");
		set_page(node, &p, editor);
		if (i + 1 < t->count && path_below(t->nodes[i + 1].path, n->path) &&
		    depth < sizeof open / sizeof open[0]) {
			for (below = i + 1; below < t->count && path_below(t->nodes[below].path, n->path);)
				below++;
			parent = tpl_add_section(node, "PARENT");
			tpl_set_int(parent, "BELOW", (long)(below - i - 1));
			tpl_set(parent, "BELOW_WORD", below - i - 1 == 1 ? "page" : "pages");
			open[depth++] = n->path;
			continue;
		}
		tpl_show(node, "LEAF");
		/* Close the lists the next node is not in. */
		while (depth > 0 && (i + 1 == t->count || !path_below(t->nodes[i + 1].path, open[depth - 1]))) {
			tpl_add_section(node, "CLOSE");
			depth--;
		}
	}
}

/*
** Add a link named section to the pages of the list from from on.
*/
static void set_paging_link(struct tpl_dict *paging, const char *section,
			    const struct page_filter *f, int64_t from)
{
	struct buf href = BUF_INIT;

	buf_puts(&href, "/admin/pages?view=list&");
	filter_query(f, &href);
	buf_printf(&href, "&from=%lld", (long long)from);
	tpl_set(tpl_add_section(paging, section), "HREF", href.data);
	buf_free(&href);
}

/*
** The table of the pages f lets through, from the from-th on, and the
** paging links, into content. Returns -1 on a database error.
*/
static int fill_table(struct admin *a, struct tpl_dict *content, const struct page_filter *f,
		      int64_t total)
{
	int64_t from = text_parse_number(admin_param(a, "from"), 9), last;
	struct buf count = BUF_INIT;
	struct tpl_dict *paging;
	struct admin_list list = { a, tpl_add_section(content, "TABLE") };

	if (from < 0)
		from = 0;
	last = from + ADMIN_PAGES_LISTED < total ? from + ADMIN_PAGES_LISTED : total;
	buf_printf(&count, "%lld page%s%s", (long long)total, total == 1 ? "" : "s",
		   filter_is_tree(f) ? "" : " found");
	if (total > ADMIN_PAGES_LISTED && from < total)
		buf_printf(&count, "; %lld to %lld shown", (long long)from + 1, (long long)last);
	tpl_set(content, "COUNT", count.data);
	buf_free(&count);
	if (total > ADMIN_PAGES_LISTED) {
		paging = tpl_add_section(content, "PAGING");
		if (from > 0)
			set_paging_link(paging, "PREV", f,
					from > ADMIN_PAGES_LISTED ? from - ADMIN_PAGES_LISTED : 0);
		if (from + ADMIN_PAGES_LISTED < total)
			set_paging_link(paging, "NEXT", f, from + ADMIN_PAGES_LISTED);
	}
	return admin_pages_each(a->store, f, from, ADMIN_PAGES_LISTED, add_page_row, &list);
}

/*
** The pages as a tree into content: the first ADMIN_TREE_LISTED of
** them. Returns -1 on a database error.
*/
static int fill_tree_view(struct admin *a, struct tpl_dict *content, const struct page_filter *f,
			  int64_t total)
{
	struct tree t = { NULL, 0, 0 };
	struct buf count = BUF_INIT;
	int rc = admin_pages_each(a->store, f, 0, ADMIN_TREE_LISTED, note_node, &t);

	if (rc >= 0) {
		fill_tree(tpl_add_section(content, "TREE"), &t, admin_may_bulk(a, &kind_page));
		buf_printf(&count, "%lld page%s", (long long)total, total == 1 ? "" : "s");
		if (total > ADMIN_TREE_LISTED)
			buf_printf(&count, "; the first %d shown: search or filter to find the others",
				   ADMIN_TREE_LISTED);
		tpl_set(content, "COUNT", count.data);
	}
	buf_free(&count);
	tree_free(&t);
	return rc;
}

/*
** /admin/pages: the tree, or the table of the pages the filter finds.
*/
void admin_pages(struct admin *a)
{
	struct page_filter f;
	struct tpl_dict *content, *root;
	int64_t total;
	bool tree;
	int rc;

	if (!read_filter(a, &f))
		return;
	tree = filter_is_tree(&f) && strcmp(admin_param(a, "view"), "list") != 0;
	root = admin_page(a, "Pages", "admin-pages.tpl", &content);
	fill_filter_form(content, &f);
	if (!filter_is_tree(&f))
		tpl_show(content, "SEARCHED");
	tpl_show(content, tree ? "TREE_SHOWN" : "LIST_SHOWN");
	admin_bulk_bar(a, content, &kind_page);
	rc = admin_page_count(a->store, &f, &total);
	if (rc >= 0)
		rc = tree ? fill_tree_view(a, content, &f, total) : fill_table(a, content, &f, total);
	if (rc < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
		return;
	}
	admin_finish(a, 200, root);
}
