/*
** fuzz-search.c: the search box (src/search-query.c: search_typed_text,
** what the search keeps of a visitor's query; search_expression, that
** text as an FTS5 query) and the query itself, run by public_search
** (src/model-public.c) on the FTS5 table of a real database.
**
** Set-up (once): the seeded database of fuzz-db.h, opened read-only as
** the worker opens it.
**
** The input, cut at its first NUL as a parameter would be, is the query
** q. Asserted:
**  - search_expression(q) is only quoted words ("w1" "w2" ... "wN"*), at most
**    SEARCH_TERMS_MAX, each a run of ASCII letters, digits and
**    non-ASCII bytes taken from q in order: every '"' opens or closes a
**    word and no other FTS5 syntax (operators, '^', ':', parentheses,
**    '*' but the last word's prefix mark) can appear; it is at most 3
**    bytes a word, plus that mark, longer than q;
**  - when q is UTF-8 (request intake refuses any other): the typed text
**    is q with each control character a space, cut to its first
**    SEARCH_QUERY_MAX characters, UTF-8 still; its expression holds at
**    most SEARCH_QUERY_MAX * 4 + 3 * SEARCH_TERMS_MAX bytes; and
**    public_search runs it without an error (never an FTS5 syntax
**    error), with at most SEARCH_PER_PAGE hits, each with its title,
**    link, context and snippet.
*/
#include "fuzz.h"
#include "fuzz-db.h"

#include "model-public.h"
#include "search-query.h"
#include "text.h"

static struct store *store;	/* fuzz-db.h's */

/* Once, before fuzzing: the database. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char top[PATH_MAX];

	(void)argc;
	(void)argv;
	fuzz_find_top(top, sizeof top);
	store = fuzz_db_open("fuzz-search", top);
	return 0;
}

/* A word of the expression: ASCII letters and digits, non-ASCII bytes. */
static bool word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Check search_expression(q) and leave it in out; returns its words. */
static int check_expression(const char *q, struct buf *out)
{
	int terms = search_expression(q, out), seen = 0;
	const unsigned char *p;
	const char *from = q;

	FUZZ_ASSERT(terms >= 0 && terms <= SEARCH_TERMS_MAX, "%d terms", terms);
	p = (const unsigned char *)(out->data ? out->data : "");
	if (terms == 0)
		FUZZ_ASSERT(*p == '\0', "no terms but an expression: %s", p);
	FUZZ_ASSERT(out->len <= strlen(q) + 3 * (size_t)terms + 1,
		    "an expression of %zu bytes from a query of %zu", out->len, strlen(q));
	/* "w1" "w2" ... "wN"*, exactly: the last word a prefix. */
	while (*p && *p != '*') {
		const unsigned char *w;

		if (seen > 0) {
			FUZZ_ASSERT(*p == ' ', "words not separated by one space: %s", out->data);
			p++;
		}
		FUZZ_ASSERT(*p == '"', "a word that is not quoted: %s", out->data);
		w = ++p;
		while (*p && *p != '"') {
			FUZZ_ASSERT(word_byte(*p), "FTS5 syntax byte 0x%02x inside a word: %s", *p,
				    out->data);
			p++;
		}
		FUZZ_ASSERT(*p == '"', "an unclosed quote: %s", out->data);
		FUZZ_ASSERT(p > w, "an empty word: %s", out->data);
		/* Each word comes from the query, in order. */
		{
			char *word = fuzz_strndup(w, (size_t)(p - w));
			const char *at = strstr(from, word);

			FUZZ_ASSERT(at != NULL, "word '%s' is not in the query", word);
			from = at + strlen(word);
			free(word);
		}
		p++;
		seen++;
	}
	FUZZ_ASSERT(terms == 0 || (p[0] == '*' && p[1] == '\0'), "the last word is not a prefix: %s",
		    out->data);
	FUZZ_ASSERT(seen == terms, "%d words written, %d reported", seen, terms);
	return terms;
}

/* Check the typed text search_typed_text makes of q (UTF-8). */
static void check_typed(const char *q, const struct buf *typed)
{
	size_t i, chars = 0;

	FUZZ_ASSERT(typed->data != NULL, "no typed text");
	FUZZ_ASSERT(strlen(typed->data) == typed->len, "NUL inside the typed text");
	FUZZ_ASSERT(text_is_utf8(typed->data, typed->len), "typed text not UTF-8: %s", typed->data);
	FUZZ_ASSERT(!text_has_control(typed->data, typed->len, false),
		    "typed text with a control character");
	for (i = 0; i < typed->len; i++) {
		unsigned char c = (unsigned char)q[i];

		FUZZ_ASSERT(typed->data[i] == (c < 0x20 || c == 0x7F ? ' ' : q[i]),
			    "typed text differs from the query at byte %zu", i);
		if ((c & 0xC0) != 0x80)
			chars++;
	}
	FUZZ_ASSERT(chars <= SEARCH_QUERY_MAX, "typed text of %zu characters", chars);
	FUZZ_ASSERT(q[typed->len] == '\0' || chars == SEARCH_QUERY_MAX,
		    "typed text cut at %zu characters", chars);
}

/* Run the search for expression as the worker does; it must succeed. */
static void check_fts5(const char *expression)
{
	struct search_results r;
	int i;

	FUZZ_ASSERT(public_search(store, expression, 1, &r) == 0,
		    "public_search failed (FTS5 syntax error?) on %s", expression);
	FUZZ_ASSERT(r.total >= 0 && r.n >= 0 && r.n <= SEARCH_PER_PAGE && r.n <= r.total,
		    "%d hits of %d", r.n, r.total);
	for (i = 0; i < r.n; i++)
		FUZZ_ASSERT(r.hits[i].title && r.hits[i].href && r.hits[i].context &&
			    r.hits[i].snippet, "hit %d of %s incomplete", i, expression);
	search_results_free(&r);
}

/* One input: the query, through each step of the search. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = fuzz_strndup(data, size);
	struct buf typed = BUF_INIT, expression = BUF_INIT;

	check_expression(q, &expression);
	if (text_is_utf8(q, strlen(q))) {
		search_typed_text(q, &typed);
		check_typed(q, &typed);
		if (check_expression(typed.data, &expression) > 0) {
			FUZZ_ASSERT(expression.len <= SEARCH_QUERY_MAX * 4 + 3 * SEARCH_TERMS_MAX,
				    "an expression of %zu bytes", expression.len);
			check_fts5(expression.data);
		}
	}
	buf_free(&typed);
	buf_free(&expression);
	free(q);
	return 0;
}
