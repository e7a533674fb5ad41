/*
** model-links.c: the pages that links lead to, by path, by id or
** through a redirect; the records whose links are checked; the redirect
** list as the CSV export writes it.
*/
#include <stdlib.h>

#include "buf.h"
#include "model-links.h"

/* store_one's callback: column 0 the path, 1 whether published, into
** ctx, a struct link_page. */
static bool read_link_page(void *ctx, const struct store_row *row)
{
	struct link_page *p = ctx;

	p->path = row_text_copy(row, 0);
	p->published = row_int(row, 1) != 0;
	return false;
}

/*
** The page at path, into *out (out->path owned by the caller when
** found). Returns 1, 0 or -1.
*/
int links_page_at(struct store *s, const char *path, struct link_page *out)
{
	static const char sql[] = "SELECT path, published FROM page WHERE path = ?1";

	out->path = NULL;
	return store_one(s, sql, ARGS(SV_TEXT(path)), read_link_page, out);
}

/*
** The page whose id is id, into *out (as links_page_at).
*/
int links_page_of(struct store *s, const char *id, struct link_page *out)
{
	static const char sql[] = "SELECT path, published FROM page WHERE CAST(id AS TEXT) = ?1";

	out->path = NULL;
	return store_one(s, sql, ARGS(SV_TEXT(id)), read_link_page, out);
}

/*
** Where the redirect from path leads, into *out (as links_page_at): the
** page, or its web address (counted as published); 0 when no redirect
** leaves from path.
*/
int links_redirect_at(struct store *s, const char *path, struct link_page *out)
{
	static const char sql[] =
		"SELECT coalesce(r.url, p.path), r.url IS NOT NULL OR p.published FROM redirect r"
		" LEFT JOIN page p ON p.id = r.page_id WHERE r.path = ?1";

	out->path = NULL;
	return store_one(s, sql, ARGS(SV_TEXT(path)), read_link_page, out);
}

/*
** Whether the file library holds a file stored as stored (its name below
** /files/). Returns 1, 0 or -1.
*/
int links_file_at(struct store *s, const char *stored)
{
	static const char sql[] = "SELECT 1 FROM file WHERE stored = ?1";

	return store_exists(s, sql, ARGS(SV_TEXT(stored)));
}

/* What links_ids_each and links_redirects_each call back. */
struct id_each {
	void (*id_fn)(void *ctx, const char *id);
	redirect_fn redirect;
	void *ctx;
};

/* store_each's callback: column 0, an id. */
static bool read_id(void *ctx, const struct store_row *row)
{
	struct id_each *e = ctx;

	e->id_fn(e->ctx, row_text(row, 0));
	return true;
}

/*
** Call fn with each id the query sql (a kind's sql_ids, no parameters)
** gives. Returns the number of ids, or -1.
*/
int links_ids_each(struct store *s, const char *sql, void (*fn)(void *ctx, const char *id),
		   void *ctx)
{
	struct id_each e = { fn, NULL, ctx };

	return store_each(s, sql, NO_ARGS, read_id, &e);
}

/* store_each's callback: a redirect's path, where it leads, its status. */
static bool read_redirect(void *ctx, const struct store_row *row)
{
	struct id_each *e = ctx;

	e->redirect(e->ctx, row_text(row, 0), row_text(row, 1), row_text(row, 2));
	return true;
}

/*
** Call fn with each redirect, by its old path, where it leads (the path
** of its page, or its web address) and its status ("301" ...). Returns
** the number of redirects, or -1.
*/
int links_redirects_each(struct store *s, redirect_fn fn, void *ctx)
{
	static const char sql[] =
		"SELECT r.path, coalesce(r.url, p.path), CAST(r.status AS TEXT) FROM redirect r"
		" LEFT JOIN page p ON p.id = r.page_id ORDER BY r.path";
	struct id_each e = { NULL, fn, ctx };

	return store_each(s, sql, NO_ARGS, read_redirect, &e);
}
