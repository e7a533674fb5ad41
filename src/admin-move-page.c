/*
** admin-move-page.c: /admin/move-page, "Move under…" in the page tree:
** GET asks for the new parent page; POST gives the page the path of its
** last segment under that parent's path, through record_apply as any
** save of its path, so the pages below it move along and every old
** path redirects to its page (record-kinds.c: page_after_save).
*/
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"
#include "text.h"

/* What the move form shows: the page, and why a move was refused. */
struct move_form {
	const struct record *page;
	const char *path;	/* its path */
	const char *parent;	/* the parent chosen, as sent, or "" */
	const char *error;	/* or NULL */
};

/*
** Count one page below the moving one (ctx: an int64_t).
*/
static void count_below(void *ctx, const struct page_ref *row)
{
	(void)row;
	(*(int64_t *)ctx)++;
}

/*
** Reply with the move form of m->page (status 200, or 422 with
** m->error), the chosen parent kept.
*/
static void move_form(struct admin *a, int status, const struct move_form *m)
{
	struct tpl_dict *content, *root = admin_page(a, "Move a page", "admin-move-page.tpl", &content);
	struct tpl_dict *field;
	int64_t below = 0;

	tpl_set(content, "ID", m->page->id);
	tpl_set_int(content, "VERSION", (long)m->page->version);
	tpl_set(content, "TITLE", m->page->values[kind_page.label_field]);
	tpl_set(content, "PATH", m->path);
	if (admin_pages_below(a->store, m->path, m->page->id, count_below, &below) > 0 &&
	    strcmp(m->path, "/") != 0) {
		tpl_set(tpl_add_section(content, "BELOW"), "TEXT", below == 1 ?
			"The page below it moves along with it." :
			"The pages below it move along with it.");
	}
	if (m->error)
		tpl_set(tpl_add_section(content, "ERROR"), "TEXT", m->error);
	field = tpl_add_section(content, "FIELD");
	tpl_set(field, "NAME", "parent");
	admin_page_picker(a, field, m->parent, true);
	admin_finish(a, status, root);
}

/* The path of the page chosen as parent: its id, or a path typed. */
static void set_parent_path(void *ctx, const struct page_row *p)
{
	buf_puts(ctx, p->path);
}

/*
** The path of the page that parent names (an id, or a path typed on a
** large site) in out. Returns 1, 0 when no page has it, -1 on a
** database error.
*/
static int parent_path(struct admin *a, const char *parent, struct buf *out)
{
	int64_t id = 0;
	int found;

	if (*parent == '/') {
		found = admin_page_id(a->store, parent, &id);
		if (found == 1)
			buf_puts(out, parent);
		return found;
	}
	id = text_parse_id(parent);
	return id > 0 ? admin_page_find(a->store, id, set_parent_path, out) : 0;
}

/*
** The path page_path moves to under parent: its last segment there
** ("/a/b/" under "/c/" is "/c/b/"), into out.
*/
static void path_under(const char *page_path, const char *parent, struct buf *out)
{
	size_t n = strlen(page_path);
	const char *last = page_path + n - 1;	/* the final '/' */

	while (last > page_path && last[-1] != '/')
		last--;
	buf_printf(out, "%s%s", parent, last);
}

/*
** POST: move m->page under the parent chosen; the reply says how it went.
*/
static void move_page(struct admin *a, struct move_form *m)
{
	struct change ch = { .action = CHANGE_SAVE, .kind = &kind_page,
			     .username = a->session.username, .role = a->session.role };
	struct buf parent = BUF_INIT, to = BUF_INIT;
	int path_field = kind_field(&kind_page, "path");
	enum change_result result;
	int found = parent_path(a, m->parent, &parent);

	if (found < 0) {
		admin_read_failed(a);
		goto done;
	}
	if (strcmp(m->path, "/") == 0)
		m->error = "The home page stays at the top of the tree.";
	else if (found == 0)
		m->error = "Choose the page to move it under.";
	else if (strncmp(parent.data, m->path, strlen(m->path)) == 0)
		m->error = "A page cannot move under itself or a page below it.";
	if (m->error) {
		move_form(a, 422, m);
		goto done;
	}
	path_under(m->path, parent.data, &to);
	if (strcmp(to.data, m->path) == 0) {
		m->error = "The page is already under this page.";
		move_form(a, 422, m);
		goto done;
	}
	record_copy(m->page, &ch.record);
	ch.record.version = text_parse_number(admin_param(a, "version"), 18);
	free(ch.record.values[path_field]);
	ch.record.values[path_field] = buf_detach(&to);
	result = record_apply(a->store, a->config, &ch);
	if (result == CHANGE_OK) {
		admin_changed(a, &ch, "/admin/pages");
	} else if (result == CHANGE_INVALID || result == CHANGE_DUPLICATE) {
		m->error = ch.errors[path_field] ? ch.errors[path_field] :
			   "The page cannot move there: open it to see why.";
		move_form(a, 422, m);
	} else {
		admin_change_failed(a, result, kind_page.title);
	}
	change_free(&ch);
done:
	buf_free(&parent);
	buf_free(&to);
}

/*
** /admin/move-page?id=ID: GET asks where to; POST (id, version, parent)
** moves the page and the pages below it.
*/
void admin_move_page(struct admin *a)
{
	struct record page;
	struct move_form m = { &page, NULL, admin_param(a, "parent"), NULL };
	int found = record_load(a->store, &kind_page, admin_param(a, "id"), &page);

	if (found < 0)
		admin_read_failed(a);
	else if (found == 0)
		admin_change_failed(a, CHANGE_GONE, kind_page.title);
	if (found != 1)
		goto done;
	m.path = page.values[kind_field(&kind_page, "path")];
	if (a->req->method == METHOD_POST)
		move_page(a, &m);
	else
		move_form(a, 200, &m);
done:
	record_free(&page);
}
