/*
** fuzz-link.c: the validators of what editors type (src/validate.c:
** validate_link through uriparser, validate_page_path, validate_line,
** validate_text, validate_body) and the search box (src/search-query.c:
** search_expression, visitor text to an FTS5 query).
**
** The input, cut at its first NUL as a form value would be, goes to each.
** Asserted:
**  - an accepted link is https://host..., http://host..., mailto:...
**    or "/..." (not "//"), at most VALIDATE_LINK_MAX bytes, with only
**    URI characters (RFC 3986) in it: never javascript:, data:, a space
**    or a quote;
**  - an accepted page path is "/" or "/seg/.../" of [a-z0-9._-], no
**    segment starting with '.', no "//", at most VALIDATE_PATH_MAX bytes,
**    not under /admin/, /static/ or /search/;
**  - accepted text is UTF-8 without controls, within its length;
**  - the search expression is only quoted words ("w1" "w2" ...), at
**    most SEARCH_TERMS_MAX, each a run of ASCII letters, digits and
**    non-ASCII bytes: every '"' opens or closes a word and no other
**    FTS5 syntax (operators, '*', '^', ':', parentheses) can appear.
*/
#include "fuzz.h"

#include "buf.h"
#include "search-query.h"
#include "text.h"
#include "validate.h"

static bool starts_nocase(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static void check_link(const char *v, bool required)
{
	const char *msg = validate_link(v, required);
	size_t len = strlen(v), i;

	if (msg != NULL) {
		FUZZ_ASSERT(*msg, "empty message");
		return;
	}
	if (len == 0) {
		FUZZ_ASSERT(!required, "empty link accepted as required");
		return;
	}
	FUZZ_ASSERT(len <= VALIDATE_LINK_MAX, "link of %zu bytes accepted", len);
	FUZZ_ASSERT((v[0] == '/' && v[1] != '/') ||
		    ((starts_nocase(v, "https://") || starts_nocase(v, "http://")) &&
		     v[strcspn(v, ":") + 3] != '\0' && v[strcspn(v, ":") + 3] != '/') ||
		    starts_nocase(v, "mailto:"),
		    "link accepted with a scheme or form not allowed: %s", v);
	FUZZ_ASSERT(!starts_nocase(v, "mailto:") || v[7] != '\0', "empty mailto: accepted");
	for (i = 0; i < len; i++)
		FUZZ_ASSERT(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
				   "-._~:/?#[]@!$&'()*+,;=%", v[i]),
			    "link accepted with byte 0x%02x: %s", (unsigned char)v[i], v);
}

static void check_page_path(const char *v)
{
	static const char *const reserved[] = { "/admin/", "/static/", "/search/" };
	const char *msg = validate_page_path(v);
	size_t len = strlen(v), i;

	if (msg != NULL)
		return;
	FUZZ_ASSERT(len >= 1 && len <= VALIDATE_PATH_MAX, "path of %zu bytes accepted", len);
	FUZZ_ASSERT(v[0] == '/' && v[len - 1] == '/', "path accepted without its slashes: %s", v);
	FUZZ_ASSERT(strspn(v, "/abcdefghijklmnopqrstuvwxyz0123456789._-") == len,
		    "path accepted with a byte outside [a-z0-9._-/]: %s", v);
	FUZZ_ASSERT(strstr(v, "//") == NULL && strstr(v, "/.") == NULL,
		    "path accepted with an empty or dot segment: %s", v);
	for (i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		FUZZ_ASSERT(strncmp(v, reserved[i], strlen(reserved[i])) != 0,
			    "reserved path accepted: %s", v);
}

static void check_text(const char *v)
{
	size_t len = strlen(v);

	if (validate_line(v, true) == NULL) {
		FUZZ_ASSERT(text_is_utf8(v, len) && !text_has_control(v, len, false), "line");
		FUZZ_ASSERT(text_utf8_length(v) <= VALIDATE_LINE_MAX, "line too long accepted");
		FUZZ_ASSERT(v[strspn(v, " \t")] != '\0', "blank required line accepted");
	}
	(void)validate_line(v, false);
	if (validate_text(v) == NULL) {
		FUZZ_ASSERT(text_is_utf8(v, len) && !text_has_control(v, len, true), "text");
		FUZZ_ASSERT(text_utf8_length(v) <= VALIDATE_TEXT_MAX, "text too long accepted");
	}
	if (validate_body(v) == NULL) {
		FUZZ_ASSERT(text_is_utf8(v, len) && !text_has_control(v, len, true), "body");
		FUZZ_ASSERT(len <= VALIDATE_BODY_MAX, "body too long accepted");
	}
}

/* A word of the expression: ASCII letters and digits, non-ASCII bytes. */
static bool word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static void check_search(const char *q)
{
	struct buf out = BUF_INIT;
	int terms = search_expression(q, &out), seen = 0;
	const unsigned char *p;
	const char *from = q;

	FUZZ_ASSERT(terms >= 0 && terms <= SEARCH_TERMS_MAX, "%d terms", terms);
	p = (const unsigned char *)(out.data ? out.data : "");
	if (terms == 0)
		FUZZ_ASSERT(*p == '\0', "no terms but an expression: %s", p);
	/* "w1" "w2" ... "wN", exactly. */
	while (*p) {
		const unsigned char *w;

		if (seen > 0) {
			FUZZ_ASSERT(*p == ' ', "words not separated by one space: %s", out.data);
			p++;
		}
		FUZZ_ASSERT(*p == '"', "a word that is not quoted: %s", out.data);
		w = ++p;
		while (*p && *p != '"') {
			FUZZ_ASSERT(word_byte(*p), "FTS5 syntax byte 0x%02x inside a word: %s", *p, out.data);
			p++;
		}
		FUZZ_ASSERT(*p == '"', "an unclosed quote: %s", out.data);
		FUZZ_ASSERT(p > w, "an empty word: %s", out.data);
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
	FUZZ_ASSERT(seen == terms, "%d words written, %d reported", seen, terms);
	buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v = fuzz_strndup(data, size);

	check_link(v, true);
	check_link(v, false);
	check_page_path(v);
	check_text(v);
	check_search(v);
	free(v);
	return 0;
}
