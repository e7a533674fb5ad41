/*
** search-query.h: full-text search over published pages and programs (the
** FTS5 table search_index, kept in step by triggers: sql/migrate-2.sql):
** what a visitor typed turned into an FTS5 expression, and the shape of
** the results (public_search in model-public.c runs the query).
*/
#ifndef RC_SEARCH_H
#define RC_SEARCH_H

#include <stddef.h>

#include "buf.h"

#define SEARCH_PER_PAGE 10
#define SEARCH_QUERY_MAX 200	/* characters a visitor may type */
#define SEARCH_TERMS_MAX 16	/* words used from a query */

/* Snippet markers around matched words; the template turns them into
** <mark> after escaping the text between them. */
#define SEARCH_MARK_START '\001'
#define SEARCH_MARK_END '\002'

struct search_hit {
	char *title;	/* owned */
	char *href;	/* owned: the page, or the program's anchor on its page */
	char *context;	/* owned: "" for a page, the page's title for a program */
	char *snippet;	/* owned: text with SEARCH_MARK_START/END around matches */
};

struct search_results {
	int total;		/* hits in all */
	int page;		/* 1-based page shown */
	struct search_hit hits[SEARCH_PER_PAGE];
	int n;			/* hits on this page */
};

void search_typed_text(const char *q, struct buf *typed);
int search_expression(const char *q, struct buf *out);
void search_results_free(struct search_results *r);

#endif
