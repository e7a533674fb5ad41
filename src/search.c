/*
** search.c: turning what a visitor typed into an FTS5 query, and running
** it. Whatever is typed is treated as words, never as FTS5 syntax:
** punctuation separates words, and each word goes into the query as a
** quoted string, so quotes, '*', NEAR, '-', parentheses or column names
** are only ever text. Titles weigh more than summaries, summaries more
** than bodies (bm25 weights).
*/
#include <stdlib.h>
#include <string.h>

#include "search.h"

/*
** Write the FTS5 expression for the visitor's query q into out: each
** word as a quoted string, words joined by spaces (all must match).
** Words are runs of characters other than ASCII spaces, punctuation and
** controls (other scripts' letters pass through as they are). Returns
** the number of words used (at most SEARCH_TERMS_MAX); 0 means nothing
** to search for.
*/
int search_expression(const char *q, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)q;
	int terms = 0;

	buf_reset(out);
	while (*p && terms < SEARCH_TERMS_MAX) {
		const unsigned char *start;

		while (*p && *p < 0x80 && !((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p && (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
			p++;
		/* Only letters and digits are left: no quote to double. */
		buf_printf(out, "%s\"%.*s\"", terms ? " " : "", (int)(p - start), (const char *)start);
		terms++;
	}
	return terms;
}

/*
** Run expression (from search_expression) and fill out with the hits of
** page page (1-based; a page past the last has no hits). Returns 0, or
** -1 on a database error (logged by the store).
*/
int search_run(struct store *s, const char *expression, int page, struct search_results *out)
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
		" ORDER BY bm25(search_index, 0.0, 0.0, 10.0, 4.0, 1.0), i.rowid"
		" LIMIT ?2 OFFSET ?3";
	sqlite3_stmt *st = store_prepare(s, count_sql);
	int rc;

	memset(out, 0, sizeof *out);
	out->page = page;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, expression, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		out->total = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;
	if (out->total <= (page - 1) * SEARCH_PER_PAGE)
		return 0;
	st = store_prepare(s, hits_sql);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, expression, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, SEARCH_PER_PAGE);
	sqlite3_bind_int(st, 3, (page - 1) * SEARCH_PER_PAGE);
	while (out->n < SEARCH_PER_PAGE && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct search_hit *h = &out->hits[out->n++];

		h->title = store_column_text(st, 0);
		h->href = store_column_text(st, 1);
		h->context = store_column_text(st, 2);
		h->snippet = store_column_text(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

void search_results_free(struct search_results *r)
{
	int i;

	for (i = 0; i < r->n; i++) {
		free(r->hits[i].title);
		free(r->hits[i].href);
		free(r->hits[i].context);
		free(r->hits[i].snippet);
	}
	memset(r, 0, sizeof *r);
}
