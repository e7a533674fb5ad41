/*
** content.c: read queries for the public site. Drafts are invisible
** here: a link to an unpublished page is left out, as if it did not
** exist, so no visitor ever learns a draft's path.
*/
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content.h"

/*
** Read the published page at path into out.
*/
int content_page(struct store *s, const char *path, struct page *out)
{
	static const char sql[] =
		"SELECT id, path, title, summary, body, updated_at, published, version"
		" FROM page WHERE path = ?1 AND published";
	sqlite3_stmt *st = store_prepare(s, sql);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->path = store_column_text(st, 1);
		out->title = store_column_text(st, 2);
		out->summary = store_column_text(st, 3);
		out->body = store_column_text(st, 4);
		out->updated_at = store_column_text(st, 5);
		out->published = sqlite3_column_int(st, 6);
		out->version = sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
** Append rows of (id, parent_id, page_id, label, href, text) from the
** bound statement st to out. Returns 1 when out holds any row, 0 when
** none, -1 on error.
*/
static int read_links(sqlite3_stmt *st, struct link_list *out)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct link *l;

		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->items = xrealloc(out->items, out->cap * sizeof *out->items);
		}
		l = &out->items[out->n++];
		l->id = sqlite3_column_int64(st, 0);
		l->parent_id = sqlite3_column_int64(st, 1);
		l->page_id = sqlite3_column_int64(st, 2);
		l->label = store_column_text(st, 3);
		l->href = store_column_text(st, 4);
		l->text = store_column_text(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	return out->n > 0;
}

/*
** Read the entries of one menu, top level first and each level in
** position order. Entries whose target page is a draft are left out,
** and so are the children of a left-out entry.
*/
int content_menu(struct store *s, enum menu_name menu, struct link_list *out)
{
	static const char sql[] =
		"WITH RECURSIVE visible(id, parent_id, page_id, label, href, text, depth, position,"
		"                       menu_id) AS ("
		"  SELECT e.id, 0, coalesce(e.page_id, 0), e.label, coalesce(p.path, e.url),"
		"         coalesce(p.summary, ''), 0, e.position, e.menu_id"
		"  FROM menu_entry e JOIN menu m ON m.id = e.menu_id"
		"  LEFT JOIN page p ON p.id = e.page_id"
		"  WHERE m.name = ?1 AND e.parent_id IS NULL"
		"    AND (e.page_id IS NULL OR p.published)"
		"  UNION ALL"
		"  SELECT e.id, e.parent_id, coalesce(e.page_id, 0), e.label, coalesce(p.path, e.url),"
		"         coalesce(p.summary, ''), v.depth + 1, e.position, e.menu_id"
		/* menu_id too, so that the step uses menu_entry_order */
		"  FROM visible v JOIN menu_entry e ON e.menu_id = v.menu_id AND e.parent_id = v.id"
		"  LEFT JOIN page p ON p.id = e.page_id"
		"  WHERE e.page_id IS NULL OR p.published"
		") SELECT id, parent_id, page_id, label, href, text FROM visible"
		" ORDER BY depth, parent_id, position, id";
	sqlite3_stmt *st = store_prepare(s, sql);

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, menu == MENU_MAIN ? "main" : "footer", -1, SQLITE_STATIC);
	return read_links(st, out);
}

/*
** Read the published programs of a page in position order; a program
** whose link is a draft page keeps its place, without the link.
*/
int content_programs(struct store *s, int64_t page_id, struct link_list *out)
{
	static const char sql[] =
		"SELECT g.id, g.page_id, coalesce(g.link_page_id, 0), g.title,"
		"       coalesce(CASE WHEN p.published THEN p.path END, g.link_url, ''),"
		"       g.description"
		" FROM program g LEFT JOIN page p ON p.id = g.link_page_id"
		" WHERE g.page_id = ?1 AND g.published ORDER BY g.position, g.id";
	sqlite3_stmt *st = store_prepare(s, sql);

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, page_id);
	return read_links(st, out);
}

/*
** Read the published pages whose paths are proper prefixes of path
** ("/how/" for "/how/runningcode/"), shortest first, home excluded: one
** lookup on the path index for each prefix that ends in a slash.
*/
int content_ancestors(struct store *s, const char *path, struct link_list *out)
{
	static const char sql[] =
		"SELECT id, 0, id, title, path, summary FROM page WHERE path = ?1 AND published";
	sqlite3_stmt *st = store_prepare(s, sql);
	const char *slash;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	for (slash = *path ? strchr(path + 1, '/') : NULL; slash && slash[1];
	     slash = strchr(slash + 1, '/')) {
		sqlite3_bind_text(st, 1, path, (int)(slash - path + 1), SQLITE_STATIC);
		if (read_links(st, out) < 0)
			return -1;
	}
	return out->n > 0;
}

/*
** Read the change mark called name (sql/migrate-3.sql) into *value.
*/
int content_change_mark(struct store *s, const char *name, int64_t *value)
{
	static const char sql[] = "SELECT value FROM change_mark WHERE name = ?1";
	sqlite3_stmt *st = store_prepare(s, sql);
	int rc;

	*value = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
** Look up an old address; on a hit *target is the current path of its
** published page (owned by the caller).
*/
int content_redirect(struct store *s, const char *path, char **target)
{
	static const char sql[] =
		"SELECT p.path FROM redirect r JOIN page p ON p.id = r.page_id"
		" WHERE r.path = ?1 AND p.published";
	sqlite3_stmt *st = store_prepare(s, sql);
	int rc;

	*target = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*target = store_column_text(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

void page_free(struct page *p)
{
	free(p->path);
	free(p->title);
	free(p->summary);
	free(p->body);
	free(p->updated_at);
	memset(p, 0, sizeof *p);
}

void link_list_free(struct link_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].label);
		free(l->items[i].href);
		free(l->items[i].text);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}
