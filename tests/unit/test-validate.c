/*
** test-validate.c: what an editor may type (validate.c) and the text
** rules under it (text.c): the limits of each field in characters or in
** bytes, with multi-byte characters at the limit; what is refused, with
** the sentence the editor sees; links and page paths; numbers and ids;
** URL escaping. test-request.c covers UTF-8 well-formedness and the C0
** controls byte by byte; here only what the validators add to them.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "text.h"
#include "validate.h"
#include "tap.h"

/* The sentences of validate.c, as the editor reads them. */
#define EMPTY "This cannot be empty."
#define NOT_UTF8 "This is not valid UTF-8 text."
#define ONE_LINE "Use a single line without control characters."
#define CONTROLS "Remove the control characters from this text."
#define LINE_LONG "Use at most 200 characters."
#define TEXT_LONG "Use at most 2,000 characters."
#define BODY_LONG "The body is too long: use at most 200 KB."
#define BODY_RENDERED "This body makes more than 1 MB of HTML: split it into pages, or use fewer list items, links and emphases."
#define LINK_GIVE "Give a link."
#define LINK_LONG "The link is too long: use at most 2,000 characters."
#define LINK_CONTROL "A link cannot contain control characters or line breaks."
#define LINK_INVALID "This is not a valid link. Use https://..., mailto:... or a path such as /about/."
#define LINK_SLASH "A link on this site starts with a single slash, such as /about/."
#define LINK_HOST "A web link needs a host name, such as https://www.example.org/."
#define LINK_MAILTO "A mailto: link needs an address."
#define LINK_SCHEME "Only https://, http:// and mailto: links, or paths on this site, are allowed."
#define WEB_URL "Give a full web address that starts with https:// or http://."
#define PATH_LONG "Use a path of at most 200 characters."
#define PATH_SLASHES "A path starts and ends with a slash, such as /how/runningcode/."
#define PATH_DOUBLE "A path cannot contain two slashes in a row."
#define PATH_CHARS "Use only lower-case letters, digits, '-', '_' and '.' between the slashes."
#define PATH_DOT "A part of a path cannot start with a dot."
#define PATH_INDEX "A part of a path cannot be index.html, nor begin with 'index.html.': the published page's files have these names."
#define PATH_RESERVED "This address is reserved for the site itself."

/* A value and the sentence it gets (NULL: accepted). */
struct verdict {
	const char *value, *message;
};

/*
** head, then n times unit, then tail, as one string the caller frees.
*/
static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_puts(&b, head);
	for (i = 0; i < n; i++)
		buf_puts(&b, unit);
	buf_puts(&b, tail);
	return buf_detach(&b);
}

/*
** v with control bytes shown as \xNN (TAP reads a line break as the end
** of a description), cut to what fits; a static buffer, overwritten by
** the next call.
*/
static const char *shown(const char *v)
{
	static char out[96];
	size_t n = 0;

	for (; *v && n + 5 < sizeof out; v++) {
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			n += (size_t)snprintf(out + n, sizeof out - n, "\\x%02X", (unsigned char)*v);
		else
			out[n++] = *v;
	}
	out[n] = '\0';
	return out;
}

/* validate_line as a one-argument check, required and not. */
static const char *line_required(const char *v) { return validate_line(v, true); }
static const char *line_optional(const char *v) { return validate_line(v, false); }
static const char *link_optional(const char *v) { return validate_link(v, false); }

/*
** Labels and titles: one line of UTF-8; blank refused only when
** required. (Every limit: test_limits.)
*/
static void test_line(void)
{
	static const struct verdict cases[] = {
		{ "Running code", NULL }, { "", EMPTY }, { "   ", EMPTY }, { " \t ", EMPTY },
		{ "a\nb", ONE_LINE }, { "a\tb", ONE_LINE }, { "a\rb", ONE_LINE },
		{ "del\x7f", ONE_LINE }, { "\xC3", NOT_UTF8 }, { "caf\xC3(", NOT_UTF8 },
		{ "\xED\xA0\x80", NOT_UTF8 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		is_str(line_required(cases[i].value), cases[i].message, "line '%s'",
		       shown(cases[i].value));
	is_str(line_optional(""), NULL, "line: empty allowed when not required");
	is_str(line_optional("  "), NULL, "line: blanks allowed when not required");
	is_str(line_optional("a\nb"), ONE_LINE, "line: not required, still one line");
}

/*
** Summaries and descriptions, and Markdown bodies: line breaks and tabs
** allowed, other controls not.
*/
static void test_text_and_body(void)
{
	is_str(validate_text(""), NULL, "text: empty");
	is_str(validate_text("one\ntwo\r\n\tthree"), NULL, "text: line breaks and tabs allowed");
	is_str(validate_text("bell\a"), CONTROLS, "text: other controls refused");
	is_str(validate_text("\x7f"), CONTROLS, "text: DEL refused");
	is_str(validate_text("\xE2\x82"), NOT_UTF8, "text: truncated UTF-8 refused");

	is_str(validate_body(""), NULL, "body: empty");
	is_str(validate_body("# Title\n\n\tcode\r\n"), NULL, "body: line breaks and tabs allowed");
	is_str(validate_body("a\x01"), CONTROLS, "body: controls refused");
	ok(validate_body("\xFF") != NULL, "body: not UTF-8 refused");
}

/*
** Links: https and http with a host, mailto with an address, paths on
** this site; every other scheme, relative links, spaces and controls
** refused; blank only when not required.
*/
static void test_link(void)
{
	static const struct verdict cases[] = {
		{ "https://www.example.org/", NULL }, { "http://example.org", NULL },
		{ "HTTPS://EXAMPLE.ORG/a?b=1#c", NULL }, { "https://example.org:8443/x", NULL },
		{ "https://[2001:db8::1]/", NULL }, { "mailto:someone@example.org", NULL },
		{ "MailTo:someone@example.org", NULL }, { "/", NULL }, { "/about/", NULL },
		{ "/search/?q=running+code", NULL }, { "/a/%20b", NULL },
		{ "javascript:alert(1)", LINK_SCHEME }, { "JavaScript:alert(1)", LINK_SCHEME },
		{ "data:text/html;base64,PGI+", LINK_SCHEME }, { "ftp://example.org/", LINK_SCHEME },
		{ "file:///etc/passwd", LINK_SCHEME }, { "vbscript:x", LINK_SCHEME },
		{ "//evil.example/", LINK_SLASH }, { "about/", LINK_SLASH }, { "../up/", LINK_SLASH },
		{ "?q=1", LINK_SLASH }, { "#top", LINK_SLASH }, { "www.example.org", LINK_SLASH },
		{ "https://", LINK_HOST }, { "https:///path", LINK_HOST }, { "http:/path", LINK_HOST },
		{ "mailto:", LINK_MAILTO },
		{ "https://example.org/a b", LINK_INVALID }, { " https://example.org/", LINK_INVALID },
		{ "/a b/", LINK_INVALID }, { "https://ex\xC3\xA4mple.org/", LINK_INVALID },
		{ "https://example.org/<x>", LINK_INVALID }, { "java script:x", LINK_INVALID },
		{ "https://example.org/\n", LINK_CONTROL }, { "/a\tb/", LINK_CONTROL },
		{ "https://example.org/\r\nX: y", LINK_CONTROL }, { "/\x7f/", LINK_CONTROL },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		is_str(validate_link(cases[i].value, true), cases[i].message, "link '%s'",
		       shown(cases[i].value));
	is_str(validate_link("", true), LINK_GIVE, "link: empty, required");
	is_str(validate_link("", false), NULL, "link: empty, not required");
	is_str(validate_link("javascript:x", false), LINK_SCHEME, "link: not required, still checked");
}

/*
** Where a redirect leads off the site: only an absolute http(s) URL,
** checked as a link is (so no header injection, size-limited).
*/
static void test_web_url(void)
{
	static const struct verdict cases[] = {
		{ "https://example.org/", NULL }, { "HTTP://example.org/a?b=c#d", NULL },
		{ "/about/", WEB_URL }, { "mailto:someone@example.org", WEB_URL },
		{ "ftp://example.org/", LINK_SCHEME }, { "javascript:alert(1)", LINK_SCHEME },
		{ "//evil.example/", LINK_SLASH }, { "https://", LINK_HOST },
		{ "https://example.org/\r\nX: y", LINK_CONTROL },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		is_str(validate_web_url(cases[i].value, true), cases[i].message, "web URL '%s'",
		       shown(cases[i].value));
	is_str(validate_web_url("", false), NULL, "web URL: empty, not required");
	is_str(validate_web_url("", true), LINK_GIVE, "web URL: empty, required");
}

/*
** Page paths: slashes at both ends and not doubled, segments of
** lower-case letters, digits, '-', '_' and '.' not starting with a dot,
** outside the addresses the site keeps.
*/
static void test_page_path(void)
{
	static const struct verdict cases[] = {
		{ "/", NULL }, { "/how/", NULL }, { "/how/runningcode/", NULL },
		{ "/a-b_c.d/0/", NULL }, { "/v1.2/", NULL }, { "/administration/", NULL },
		{ "/searching/", NULL }, { "/how/admin/", NULL },
		{ "", PATH_SLASHES }, { "how/", PATH_SLASHES }, { "/how", PATH_SLASHES },
		{ "how", PATH_SLASHES }, { "/how/index.html", PATH_SLASHES },
		{ "//", PATH_DOUBLE }, { "//how/", PATH_DOUBLE }, { "/how//x/", PATH_DOUBLE },
		{ "/./", PATH_DOT }, { "/../", PATH_DOT }, { "/how/../", PATH_DOT },
		{ "/.well-known/", PATH_DOT },
		{ "/index.html/", PATH_INDEX }, { "/how/index.html/", PATH_INDEX },
		{ "/index.html/x/", PATH_INDEX }, { "/index.htm/", NULL }, { "/index.html5/", NULL },
		{ "/my-index.html/", NULL }, { "/how/index.html.tmp-123/", PATH_INDEX }, { "/index.html./", PATH_INDEX },
		{ "/How/", PATH_CHARS }, { "/HOW/", PATH_CHARS }, { "/a b/", PATH_CHARS },
		{ "/caf\xC3\xA9/", PATH_CHARS }, { "/a%20b/", PATH_CHARS }, { "/a?b/", PATH_CHARS },
		{ "/a\\b/", PATH_CHARS }, { "/a\nb/", PATH_CHARS },
		{ "/admin/", PATH_RESERVED }, { "/admin/pages/", PATH_RESERVED },
		{ "/static/", PATH_RESERVED }, { "/search/", PATH_RESERVED },
		{ "/404.html/", PATH_RESERVED }, { "/404.html/x/", PATH_RESERVED }, { "/how/404.html/", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		is_str(validate_page_path(cases[i].value), cases[i].message, "path '%s'",
		       shown(cases[i].value));
}

/*
** Each field's limit, met and passed by one, in characters or in bytes
** as the field counts, with characters of 1 to 4 bytes at the limit:
** check(head, then n times unit, then tail) says want.
*/
static void test_limits(void)
{
	static const struct {
		const char *(*check)(const char *);
		const char *head, *unit;
		size_t n;
		const char *tail, *want, *what;
	} limits[] = {
		{ line_required, "", "a", 200, "", NULL,
		  "line: 200 ASCII characters" },
		{ line_required, "", "a", 201, "", LINE_LONG,
		  "line: 201 ASCII characters" },
		{ line_required, "", "\xC3\xA9", 200, "", NULL,
		  "line: 200 two-byte characters (400 bytes): the limit is in characters" },
		{ line_required, "", "\xC3\xA9", 201, "", LINE_LONG,
		  "line: 201 two-byte characters" },
		{ line_required, "", "a", 199, "\xF0\x9F\x98\x80", NULL,
		  "line: a four-byte character as the 200th" },
		{ line_required, "", "\xF0\x9F\x98\x80", 200, "", NULL,
		  "line: 200 four-byte characters (800 bytes)" },
		{ line_required, "", "a", 200, "\xE2\x82\xAC", LINE_LONG,
		  "line: a three-byte character as the 201st" },
		{ validate_text, "", "\xE2\x82\xAC", 2000, "", NULL,
		  "text: 2,000 three-byte characters (6,000 bytes)" },
		{ validate_text, "", "\xE2\x82\xAC", 2001, "", TEXT_LONG,
		  "text: 2,001 characters" },
		{ validate_text, "", "a\n", 1000, "b", TEXT_LONG,
		  "text: line breaks count as characters" },
		{ validate_body, "", "a", VALIDATE_BODY_MAX, "", NULL,
		  "body: exactly 200 KB" },
		{ validate_body, "", "a", VALIDATE_BODY_MAX + 1, "", BODY_LONG,
		  "body: 200 KB and a byte" },
		{ validate_body, "", "\xC3\xA9", VALIDATE_BODY_MAX / 2, "", NULL,
		  "body: 200 KB of two-byte characters" },
		{ validate_body, "", "\xC3\xA9", VALIDATE_BODY_MAX / 2, "a", BODY_LONG,
		  "body: the limit is in bytes, not characters" },
		{ link_optional, "https://example.org/", "a", VALIDATE_LINK_MAX - 20, "", NULL,
		  "link: exactly 2,000 bytes" },
		{ link_optional, "https://example.org/", "a", VALIDATE_LINK_MAX - 19, "", LINK_LONG,
		  "link: 2,001 bytes" },
		{ validate_page_path, "/", "a", VALIDATE_PATH_MAX - 2, "/", NULL,
		  "path: exactly 200 bytes" },
		{ validate_page_path, "/", "a", VALIDATE_PATH_MAX - 1, "/", PATH_LONG,
		  "path: 201 bytes" },
		{ validate_page_path, "", "/a", VALIDATE_PATH_MAX / 2, "/", PATH_LONG,
		  "path: 201 bytes of short segments" },
	};
	size_t i;

	for (i = 0; i < sizeof limits / sizeof *limits; i++) {
		char *v = repeat(limits[i].head, limits[i].unit, limits[i].n, limits[i].tail);

		is_str(limits[i].check(v), limits[i].want, "%s", limits[i].what);
		free(v);
	}
}

/*
** Numbers and ids: plain decimal digits only, within their length.
*/
static void test_numbers(void)
{
	static const char *const refused[] = {
		"", "-1", "+1", " 1", "1 ", "1.5", "0x1f", "1e3", "12abc", "\xD9\xA3",
		"1000000000000000000", "9223372036854775807", "99999999999999999999",
	};
	size_t i;

	is_int(text_parse_number("0", 18), 0, "number: 0");
	is_int(text_parse_number("007", 18), 7, "number: leading zeros accepted");
	is_int(text_parse_number("42", 2), 42, "number: as many digits as allowed");
	is_int(text_parse_number("123", 2), -1, "number: one digit too many");
	is_int(text_parse_number("999999999999999999", 18), 999999999999999999LL,
	       "number: 18 digits");
	is_int(text_parse_number("100000000000000000", 30), 100000000000000000LL,
	       "number: 18 digits with a larger allowance");
	is_int(text_parse_number(NULL, 18), -1, "number: NULL");
	for (i = 0; i < sizeof refused / sizeof *refused; i++)
		is_int(text_parse_number(refused[i], 30), -1, "number: '%s' refused", refused[i]);

	is_int(text_parse_id("42"), 42, "id: 42");
	is_int(text_parse_id("0042"), 42, "id: leading zeros");
	is_int(text_parse_id("999999999999999999"), 999999999999999999LL, "id: 18 digits");
	is_int(text_parse_id("0"), 0, "id: 0 names no record");
	is_int(text_parse_id("000"), 0, "id: 000 names no record");
	is_int(text_parse_id(NULL), 0, "id: NULL names no record");
	for (i = 0; i < sizeof refused / sizeof *refused; i++)
		is_int(text_parse_id(refused[i]), 0, "id: '%s' names no record", refused[i]);
}

/*
** Characters, not bytes: lengths and prefixes never cut a character.
*/
static void test_utf8_lengths(void)
{
	static const char mixed[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";	/* aé€😀z */

	is_int(text_utf8_length(""), 0, "length: empty");
	is_int(text_utf8_length("abc"), 3, "length: ASCII");
	is_int(text_utf8_length(mixed), 5, "length: 1-, 2-, 3- and 4-byte characters, 11 bytes");
	is_int(text_utf8_prefix(mixed, 0), 0, "prefix: no character, no byte");
	is_int(text_utf8_prefix(mixed, 1), 1, "prefix: 1 character");
	is_int(text_utf8_prefix(mixed, 2), 3, "prefix: 2 characters, the second of 2 bytes");
	is_int(text_utf8_prefix(mixed, 3), 6, "prefix: 3 characters, the third of 3 bytes");
	is_int(text_utf8_prefix(mixed, 4), 10, "prefix: 4 characters, the fourth of 4 bytes");
	is_int(text_utf8_prefix(mixed, 5), 11, "prefix: every character");
	is_int(text_utf8_prefix(mixed, 99), 11, "prefix: more than there is: the whole text");
	is_int(text_utf8_prefix("", 3), 0, "prefix: of nothing");
	ok(text_is_utf8(mixed, 6) && !text_is_utf8(mixed, 5) && !text_is_utf8(mixed, 8),
	   "utf8: a prefix is well-formed only when it ends between characters");
	ok(!text_has_control("ab\n", 2, false), "control: only len bytes are read");
}

/*
** URL escaping: everything but RFC 3986's unreserved characters,
** appended to what the buffer holds.
*/
static void test_url_escape(void)
{
	struct buf b = BUF_INIT;
	char *many;

	text_url_escape(&b, "");
	ok(b.data != NULL && b.len == 0 && b.data[0] == '\0', "escape: nothing, yet a string");
	text_url_escape(&b, "AZaz09-._~");
	is_str(b.data, "AZaz09-._~", "escape: unreserved characters kept");
	buf_reset(&b);
	text_url_escape(&b, "a b&c=d/\xC3\xA9?#%+");
	is_str(b.data, "a%20b%26c%3Dd%2F%C3%A9%3F%23%25%2B", "escape: the others percent-encoded");
	buf_reset(&b);
	buf_puts(&b, "/admin/history?id=");
	text_url_escape(&b, "/how/run ning/");
	is_str(b.data, "/admin/history?id=%2Fhow%2Frun%20ning%2F", "escape: appends");
	buf_reset(&b);
	many = repeat("", "\xE2\x82\xAC", 1000, "");
	text_url_escape(&b, many);
	ok(b.len == 9000 && strlen(b.data) == 9000 && strncmp(b.data, "%E2%82%AC", 9) == 0,
	   "escape: 3,000 bytes grow to 9,000, the most they can");
	free(many);
	buf_free(&b);
}

/* count times unit, as a string the caller frees. */
static char *repeated(const char *unit, size_t count)
{
	size_t n = strlen(unit), i;
	char *s = malloc(n * count + 1);

	for (i = 0; s && i < count; i++)
		memcpy(s + i * n, unit, n);
	if (s)
		s[n * count] = '\0';
	return s;
}

/*
** A body within 200 KB whose HTML would pass 1 MB is refused: nested
** quotes ("> " makes 27 bytes of HTML for 2), empty list items. Long
** plain text, whose HTML is its own size, passes.
*/
static void test_rendered_size(void)
{
	static const struct {
		const char *unit;
		size_t count;
		const char *want, *what;
	} cases[] = {
		{ "> ", 100000, BODY_RENDERED, "200 KB of nested quotes (2.7 MB of HTML)" },
		{ "- *\n", 50000, BODY_RENDERED, "200 KB of empty list items (1.6 MB)" },
		{ "*\n", 100000, NULL, "100,000 list items making just under 1 MB" },
		{ "words and more words. ", 9000, NULL, "200 KB of prose" },
		{ "> ", 1000, NULL, "a thousand nested quotes" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *body = repeated(cases[i].unit, cases[i].count);

		is_str(validate_body(body), cases[i].want, "rendered size: %s", cases[i].what);
		free(body);
	}
}

/*
** Text as kept: LF line ends and NFC, so that text typed again, from
** another browser or system, is the same bytes.
*/
static void test_normalize(void)
{
	static const struct {
		const char *in, *want, *what;
	} cases[] = {
		{ "a\r\nb\r\n", "a\nb\n", "CRLF (a browser's textarea) becomes LF" },
		{ "a\rb", "a\nb", "a lone CR becomes LF" },
		{ "a\r\r\nb", "a\n\nb", "CR then CRLF: two line ends" },
		{ "a\nb", "a\nb", "LF stays" },
		{ "Cafe\xCC\x81", "Caf\xC3\xA9", "e + combining acute (NFD) becomes \xC3\xA9 (NFC)" },
		{ "Caf\xC3\xA9", "Caf\xC3\xA9", "NFC stays" },
		{ "\xEF\xAC\x81", "\xEF\xAC\x81", "a compatibility ligature stays (NFC, not NFKC)" },
		{ "", "", "empty stays empty" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = text_normalize(cases[i].in);

		is_str(got, cases[i].want, "normalize: %s", cases[i].what);
		free(got);
	}
	ok(text_normalize("\xC3") == NULL, "normalize: not UTF-8 is refused (NULL)");
}

/*
** Times as an editor reads them, in the site's time zone (TZ), from the
** UTC times the database keeps.
*/
static void test_readable_time(void)
{
	char out[TEXT_TIME_MAX];

	setenv("TZ", "Europe/Zurich", 1);
	tzset();
	ok(text_readable_time("2026-12-05T16:05:28Z", out), "time: read");
	is_str(out, "5 Dec 2026, 17:05", "time: in winter, Zurich is UTC+1");
	text_readable_time("2026-07-01T12:00:00Z", out);
	is_str(out, "1 Jul 2026, 14:00", "time: in summer, UTC+2");
	setenv("TZ", "UTC", 1);
	tzset();
	text_readable_time("2026-12-05T16:05:28Z", out);
	is_str(out, "5 Dec 2026, 16:05", "time: UTC");
	ok(!text_readable_time("yesterday", out), "time: not a time");
	is_str(out, "yesterday", "time: shown as it is");
	ok(!text_readable_time("2026-12-05T16:05:28Zjunk", out), "time: trailing text refused");
}

/* Times typed in a form (the site's zone) and back, and future times. */
static void test_form_times(void)
{
	char out[TEXT_TIME_MAX];

	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	ok(text_time_from_local("2026-12-05T17:05", out), "form time: read");
	is_str(out, "2026-12-05T16:05:00Z", "form time: winter, UTC+1");
	ok(text_time_from_local("2026-07-01T14:00:30", out), "form time: with seconds");
	is_str(out, "2026-07-01T12:00:30Z", "form time: summer, UTC+2");
	ok(!text_time_from_local("2026-02-30T10:00", out), "form time: 30 February refused");
	ok(!text_time_from_local("31.12.2026 12:00", out), "form time: another format refused");
	ok(!text_time_from_local("2026-12-05T17:05junk", out), "form time: trailing text refused");
	ok(!text_time_from_local("", out), "form time: empty is no time");
	ok(text_time_to_local("2026-12-05T16:05:00Z", out), "form time: shown");
	is_str(out, "2026-12-05T17:05", "form time: in the site's zone");
	ok(!text_time_to_local("31.12.2026", out), "form time: a wrong value shown as typed");
	is_str(out, "31.12.2026", "form time: as typed");
	text_utc_time(0, out);
	is_str(out, "1970-01-01T00:00:00Z", "utc time");
	setenv("TZ", "UTC", 1);
	tzset();
	ok(validate_future_time("", "2026-12-05T16:05:00Z") == NULL, "future time: empty is fine");
	ok(validate_future_time("2026-12-05T16:06:00Z", "2026-12-05T16:05:00Z") == NULL, "future time: later");
	ok(validate_future_time("2026-12-05T16:05:00Z", "2026-12-05T16:05:00Z") != NULL, "future time: now has passed");
	ok(validate_future_time("2026-12-05T17:05", "2026-12-05T16:05:00Z") != NULL, "future time: not converted");
}

int main(void)
{
	test_line();
	test_text_and_body();
	test_link();
	test_web_url();
	test_page_path();
	test_limits();
	test_numbers();
	test_utf8_lengths();
	test_url_escape();
	test_rendered_size();
	test_normalize();
	test_readable_time();
	test_form_times();
	return tap_done();
}
