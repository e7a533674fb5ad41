/*
** search-query.c: turning what a visitor typed into an FTS5 query, and running
** it. Whatever is typed is treated as words, never as FTS5 syntax:
** punctuation separates words, and each word goes into the query as a
** quoted string, so quotes, '*', NEAR, '-', parentheses or column names
** are only ever text. The index stems English words (FTS5's porter
** tokenizer, sql/migrate-7.sql); the last word typed matches as a
** prefix. Titles weigh more than summaries, summaries more than bodies
** (bm25 weights).
*/
#include <stdlib.h>
#include <string.h>

#include "search-query.h"

/*
** Write to typed what the visitor typed, q (NULL: nothing), as the search
** uses and shows it: on one line (each control character a space) and cut
** to its first SEARCH_QUERY_MAX characters. q is UTF-8 (request intake
** guarantees it): the cut falls before a lead byte.
*/
void search_typed_text(const char *q, struct buf *typed)
{
	size_t chars = 0;

	buf_reset(typed);
	for (q = q ? q : ""; *q; q++) {
		if (((unsigned char)*q & 0xC0) != 0x80 && chars++ == SEARCH_QUERY_MAX)
			break;
		buf_append(typed, (unsigned char)*q < 0x20 || *q == 0x7F ? " " : q, 1);
	}
	buf_reserve(typed, 0);
}

/*
** Write the FTS5 expression for the visitor's query q into out: each
** word as a quoted string, words joined by spaces (all must match), the
** last one a prefix ("hack" finds "Hackathons").
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
	/* The last word may be half typed: it matches as a prefix. */
	if (terms)
		buf_puts(out, "*");
	return terms;
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
