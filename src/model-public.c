/*
** model-public.c: the queries of what visitors see (model-public.h).
** Drafts are invisible here: a link to an unpublished page is left out,
** as if it did not exist, so no visitor ever learns a draft's path.
*/
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model-public.h"

/*
** Make room for one more item in a list of items of size bytes whose
** array, count and capacity are *items, *n and *cap; return the new
** item, zeroed.
*/
static void *list_add(void **items, size_t *n, size_t *cap, size_t size)
{
	char *item;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*items = xrealloc(*items, *cap * size);
	}
	item = (char *)*items + (*n)++ * size;
	memset(item, 0, size);
	return item;
}

#define LIST_ADD(l) list_add((void **)&(l)->items, &(l)->n, &(l)->cap, sizeof *(l)->items)

/*
** A query's verdict for functions that fill a list: -1 on error, else
** whether it read any row.
*/
static int found(int rows)
{
	return rows < 0 ? -1 : rows > 0;
}

static bool read_page(void *ctx, const struct store_row *row)
{
	struct page *p = ctx;

	p->id = row_int(row, 0);
	p->path = row_text_copy(row, 1);
	p->title = row_text_copy(row, 2);
	p->summary = row_text_copy(row, 3);
	p->body = row_text_copy(row, 4);
	p->updated_at = row_text_copy(row, 5);
	p->published = (int)row_int(row, 6);
	p->version = row_int(row, 7);
	return false;
}

/*
** Read the published page at path into out.
*/
int public_page(struct store *s, const char *path, struct page *out)
{
	static const char sql[] =
		"SELECT id, path, title, summary, body, updated_at, published, version"
		" FROM page WHERE path = ?1 AND published";

	memset(out, 0, sizeof *out);
	return store_one(s, sql, ARGS(SV_TEXT(path)), read_page, out);
}

/*
** Append a row of (id, parent_id, page_id, label, href, summary) to the
** link_list ctx.
*/
static bool add_link(void *ctx, const struct store_row *row)
{
	struct link *l = LIST_ADD((struct link_list *)ctx);

	l->id = row_int(row, 0);
	l->parent_id = row_int(row, 1);
	l->page_id = row_int(row, 2);
	l->label = row_text_copy(row, 3);
	l->href = row_text_copy(row, 4);
	l->summary = row_text_copy(row, 5);
	return true;
}

/*
** Read the entries of one menu, top level first and each level in
** position order. Entries whose target page is a draft are left out,
** and so are the children of a left-out entry.
*/
int public_menu(struct store *s, enum menu_name menu, struct link_list *out)
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

	memset(out, 0, sizeof *out);
	return found(store_each(s, sql, ARGS(SV_TEXT(menu == MENU_MAIN ? "main" : "footer")),
				add_link, out));
}

static bool add_program(void *ctx, const struct store_row *row)
{
	struct program *g = LIST_ADD((struct program_list *)ctx);

	g->id = row_int(row, 0);
	g->title = row_text_copy(row, 1);
	g->description = row_text_copy(row, 2);
	g->href = row_text_copy(row, 3);
	return true;
}

/*
** Read the published programs of a page in position order; a program
** whose link is a draft page keeps its place, without the link. A
** program without a description of its own shows the summary of the
** published page it links to (one copy of the text, kept there).
*/
int public_programs(struct store *s, int64_t page_id, struct program_list *out)
{
	static const char sql[] =
		"SELECT g.id, g.title,"
		"       CASE WHEN g.description <> '' THEN g.description"
		"            WHEN p.published THEN p.summary ELSE '' END,"
		"       coalesce(CASE WHEN p.published THEN p.path END, g.link_url, '')"
		" FROM program g LEFT JOIN page p ON p.id = g.link_page_id"
		" WHERE g.page_id = ?1 AND g.published ORDER BY g.position, g.id";

	memset(out, 0, sizeof *out);
	return found(store_each(s, sql, ARGS(SV_INT(page_id)), add_program, out));
}

/*
** Read the published pages whose paths are proper prefixes of path
** ("/how/" for "/how/runningcode/"), shortest first, home excluded: one
** lookup on the path index for each prefix that ends in a slash.
*/
int public_ancestors(struct store *s, const char *path, struct link_list *out)
{
	static const char sql[] =
		"SELECT id, 0, id, title, path, summary FROM page WHERE path = ?1 AND published";
	const char *slash;

	memset(out, 0, sizeof *out);
	for (slash = *path ? strchr(path + 1, '/') : NULL; slash && slash[1];
	     slash = strchr(slash + 1, '/'))
		if (store_one(s, sql, ARGS(SV_TEXT_PREFIX(path, slash - path + 1)), add_link, out) < 0)
			return -1;
	return out->n > 0;
}

/*
** Read the published pages right below path ("/how/runningcode/" below
** "/how/"), in title order: what a page without body text lists. One
** range of the path index; the pages further down are skipped.
*/
int public_child_pages(struct store *s, const char *path, struct link_list *out)
{
	static const char sql[] =
		"SELECT id, 0, id, title, path, summary FROM page"
		" WHERE path > ?1 AND path < substr(?1, 1, length(?1) - 1) || '0' AND published"
		" AND instr(substr(path, length(?1) + 1, length(path) - length(?1) - 1), '/') = 0"
		" ORDER BY title, path LIMIT 200";

	memset(out, 0, sizeof *out);
	return found(store_each(s, sql, ARGS(SV_TEXT(path)), add_link, out));
}

/*
** Read the change mark called name (sql/migrate-3.sql) into *value.
*/
int public_change_mark(struct store *s, const char *name, int64_t *value)
{
	static const char sql[] = "SELECT value FROM change_mark WHERE name = ?1";

	return store_int(s, sql, ARGS(SV_TEXT(name)), value);
}

/* store_one's callback: where a redirect leads (copied) and its status. */
static bool read_redirect(void *ctx, const struct store_row *row)
{
	struct redirect_target *t = ctx;

	t->target = row_text_copy(row, 0);
	t->status = (int)row_int(row, 1);
	return true;
}

/*
** Look up an old address; on a hit out->target is the current path of
** its published page or its web address (owned by the caller), and
** out->status the status to answer with.
*/
int public_redirect(struct store *s, const char *path, struct redirect_target *out)
{
	static const char sql[] =
		"SELECT coalesce(r.url, p.path), r.status FROM redirect r"
		" LEFT JOIN page p ON p.id = r.page_id"
		" WHERE r.path = ?1 AND (r.url IS NOT NULL OR p.published)";

	out->target = NULL;
	out->status = 0;
	return store_one(s, sql, ARGS(SV_TEXT(path)), read_redirect, out);
}

static bool add_hit(void *ctx, const struct store_row *row)
{
	struct search_results *r = ctx;
	struct search_hit *h = &r->hits[r->n++];

	h->title = row_text_copy(row, 0);
	h->href = row_text_copy(row, 1);
	h->context = row_text_copy(row, 2);
	h->snippet = row_text_copy(row, 3);
	return r->n < SEARCH_PER_PAGE;
}

/*
** Run expression (from search_expression) and fill out with the hits of
** page page (1-based; a page past the last has no hits). Pages without
** text (no summary, no body) come last; then titles weigh more than summaries, summaries
** more than bodies (bm25 weights).
** Returns 0, or -1 on a database error.
*/
int public_search(struct store *s, const char *expression, int page, struct search_results *out)
{
	static const char count_sql[] =
		"SELECT count(*) FROM search_index WHERE search_index MATCH ?1";
	static const char hits_sql[] =
		"SELECT coalesce(p.title, g.title),"
		" CASE i.kind WHEN 'page' THEN p.path ELSE gp.path || '#program-' || g.id END,"
		" CASE i.kind WHEN 'page' THEN '' ELSE gp.title END,"
		" snippet(search_index, -1, char(1), char(2), '…', 16)"
		" FROM search_index i"
		" LEFT JOIN page p ON i.kind = 'page' AND p.id = i.ref"
		" LEFT JOIN program g ON i.kind = 'program' AND g.id = i.ref"
		" LEFT JOIN page gp ON gp.id = g.page_id"
		" WHERE search_index MATCH ?1"
		" ORDER BY i.summary = '' AND i.body = '', bm25(search_index, 0.0, 0.0, 10.0, 4.0, 1.0), i.rowid"
		" LIMIT ?2 OFFSET ?3";
	int64_t total;

	memset(out, 0, sizeof *out);
	out->page = page;
	if (store_int(s, count_sql, ARGS(SV_TEXT(expression)), &total) < 0)
		return -1;
	out->total = (int)total;
	if (out->total <= (page - 1) * SEARCH_PER_PAGE)
		return 0;
	return store_each(s, hits_sql, ARGS(SV_TEXT(expression), SV_INT(SEARCH_PER_PAGE),
					    SV_INT((int64_t)(page - 1) * SEARCH_PER_PAGE)),
			  add_hit, out) < 0 ? -1 : 0;
}

static bool add_pair(void *ctx, const struct store_row *row)
{
	struct path_pair *p = LIST_ADD((struct path_list *)ctx);

	p->path = row_text_copy(row, 0);
	p->other = row_text_copy(row, 1);
	return true;
}

/*
** Every published page's path, with the time it last changed as other,
** in path order (the sitemap).
*/
int public_sitemap(struct store *s, struct path_list *out)
{
	static const char sql[] = "SELECT path, updated_at FROM page WHERE published ORDER BY path";

	memset(out, 0, sizeof *out);
	return found(store_each(s, sql, NO_ARGS, add_pair, out));
}

/*
** Every old address that leads to a published page or to a web address,
** with that page's path or that address as other (a static export
** writes a page that sends visitors on).
*/
int public_redirects(struct store *s, struct path_list *out)
{
	static const char sql[] =
		"SELECT r.path, coalesce(r.url, p.path) FROM redirect r"
		" LEFT JOIN page p ON p.id = r.page_id"
		" WHERE r.url IS NOT NULL OR p.published ORDER BY r.path";

	memset(out, 0, sizeof *out);
	return found(store_each(s, sql, NO_ARGS, add_pair, out));
}

/*
** Every published page's path (other is ""), in path order.
*/
int public_pages(struct store *s, struct path_list *out)
{
	static const char sql[] = "SELECT path, '' FROM page WHERE published ORDER BY path";

	memset(out, 0, sizeof *out);
	return found(store_each(s, sql, NO_ARGS, add_pair, out));
}

/*
** The paths of the pages whose rendering shows page page_id: the page
** itself; with with_related, also the pages that show its title or
** summary: the pages below it (their breadcrumbs), the pages that list
** it under their menu entry (pages without a body list the entries
** below theirs, with summaries), the pages whose programs link to it
** (a program without a description shows its summary), and the page
** right above it (which lists the pages below it when it has neither). Paths end in a slash,
** so the pages below "/a/" are those in ["/a/", "/a0"): a range of the
** path index; the page above "/a/b/" is its path without the last part,
** whose characters validate_page_path limits. Drafts among them too:
** publishing removes their files.
*/
int public_pages_showing(struct store *s, int64_t page_id, int with_related,
			 struct path_list *out)
{
	static const char sql[] =
		"SELECT path, '' FROM page WHERE id = ?1"
		" UNION SELECT d.path, '' FROM page d, page p"
		"   WHERE p.id = ?1 AND d.path >= p.path"
		"   AND d.path < substr(p.path, 1, length(p.path) - 1) || '0'"
		"   AND NOT ?2 IS 0"
		" UNION SELECT lp.path, '' FROM menu_entry child"
		"   JOIN menu_entry parent ON parent.id = child.parent_id"
		"   JOIN page lp ON lp.id = parent.page_id"
		"   WHERE child.page_id = ?1 AND NOT ?2 IS 0"
		" UNION SELECT op.path, '' FROM program g JOIN page op ON op.id = g.page_id"
		"   WHERE g.link_page_id = ?1 AND NOT ?2 IS 0"
		" UNION SELECT up.path, '' FROM page up, page p"
		"   WHERE p.id = ?1 AND NOT ?2 IS 0 AND up.path = rtrim(substr(p.path, 1, length(p.path) - 1),"
		"     'abcdefghijklmnopqrstuvwxyz0123456789-_.')";

	memset(out, 0, sizeof *out);
	return found(store_each(s, sql, ARGS(SV_INT(page_id), SV_INT(with_related)), add_pair, out));
}

/*
** The number of published pages, or -1.
*/
int public_page_count(struct store *s)
{
	static const char sql[] = "SELECT count(*) FROM page WHERE published";
	int64_t n;

	return store_int(s, sql, NO_ARGS, &n) < 0 ? -1 : (int)n;
}

/*
** Whether path is a published page's path: 1, 0 or -1.
*/
int public_is_page(struct store *s, const char *path)
{
	static const char sql[] = "SELECT 1 FROM page WHERE path = ?1 AND published";

	return store_exists(s, sql, ARGS(SV_TEXT(path)));
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
		free(l->items[i].summary);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

void program_list_free(struct program_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].title);
		free(l->items[i].description);
		free(l->items[i].href);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

void path_list_free(struct path_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].path);
		free(l->items[i].other);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}
