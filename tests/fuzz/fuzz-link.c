/*
** fuzz-link.c: the validators of what editors type (src/validate.c:
** validate_link through uriparser, validate_line, validate_text,
** validate_body). Page paths have fuzz-path.c, the search box
** fuzz-search.c.
**
** The input, cut at its first NUL as a form value would be, goes to each.
** Asserted:
**  - an accepted link is https://host..., http://host..., mailto:...
**    or "/..." (not "//"), at most VALIDATE_LINK_MAX bytes, with only
**    URI characters (RFC 3986) in it: never javascript:, data:, a space
**    or a quote;
**  - accepted text is UTF-8 without controls, within its length.
*/
#include "fuzz.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v = fuzz_strndup(data, size);

	check_link(v, true);
	check_link(v, false);
	check_text(v);
	free(v);
	return 0;
}
