/*
** test-validators.c: HTTP validators and conditional GETs
** (http-validators.c, RFC 9110 section 13): a strong ETag from a page's
** bytes, its Last-Modified as an IMF-fixdate, and when a request's
** If-None-Match or If-Modified-Since makes the answer a 304. Requests
** are parsed from crafted server variables, as the worker gets them.
*/
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http-validators.h"
#include "request.h"
#include "tap.h"

#define SUNDAY 784111777	/* Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example */

/*
** Whether a GET with these If-None-Match and If-Modified-Since headers
** (NULL: not sent) gets a 304 for a page of validators v.
*/
static bool not_modified(const struct page_validators *v, const char *inm, const char *ims)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	char method[] = "REQUEST_METHOD=GET", uri[] = "REQUEST_URI=/how/";
	char *env[5] = { method, uri, NULL, NULL, NULL };
	struct request req;
	bool answer = false;
	int n = 2;

	if (inm) {
		buf_printf(&a, "HTTP_IF_NONE_MATCH=%s", inm);
		env[n++] = a.data;
	}
	if (ims) {
		buf_printf(&b, "HTTP_IF_MODIFIED_SINCE=%s", ims);
		env[n++] = b.data;
	}
	if (request_parse(&req, env) == 0)
		answer = conditional_not_modified(&req, v);
	else
		diag("the request does not parse");
	request_free(&req);
	buf_free(&a);
	buf_free(&b);
	return answer;
}

/*
** The ETag: quoted, 32 lower-case hex digits, the same for the same
** bytes, another when one byte, or the length, differs.
*/
static void test_etag(void)
{
	struct page_validators a, b;

	conditional_validators("<p>hello</p>", 12, &a);
	ok(strlen(a.etag) == 34 && a.etag[0] == '"' && a.etag[33] == '"' &&
	   strspn(a.etag + 1, "0123456789abcdef") == 32, "etag: strong, quoted, 32 hex: %s", a.etag);
	conditional_validators("<p>hello</p>", 12, &b);
	is_str(b.etag, a.etag, "etag: the same bytes, the same ETag");
	conditional_validators("<p>hellp</p>", 12, &b);
	ok(strcmp(b.etag, a.etag) != 0, "etag: one byte differs, another ETag");
	conditional_validators("<p>hello</p>!", 12, &b);
	is_str(b.etag, a.etag, "etag: only len bytes count");
	conditional_validators("<p>hello</p>\0", 13, &b);
	ok(strcmp(b.etag, a.etag) != 0, "etag: one byte more, another ETag");
	conditional_validators("", 0, &b);
	ok(strlen(b.etag) == 34 && strcmp(b.etag, a.etag) != 0, "etag: an empty page has one too");
}

/*
** Last-Modified: the time and the same as an IMF-fixdate, in GMT.
*/
static void test_last_modified(void)
{
	struct page_validators v;

	conditional_set_last_modified(&v, SUNDAY);
	is_int(v.last_modified, SUNDAY, "last modified: the time");
	is_str(v.last_modified_text, "Sun, 06 Nov 1994 08:49:37 GMT", "last modified: RFC 9110's example");
	conditional_set_last_modified(&v, 0);
	is_str(v.last_modified_text, "Thu, 01 Jan 1970 00:00:00 GMT", "last modified: the epoch");
	conditional_set_last_modified(&v, 951868799);
	is_str(v.last_modified_text, "Tue, 29 Feb 2000 23:59:59 GMT", "last modified: a leap day");
	conditional_set_last_modified(&v, 4102444800);
	is_str(v.last_modified_text, "Fri, 01 Jan 2100 00:00:00 GMT", "last modified: past 2038");
}

/*
** If-None-Match decides when sent: the ETag, in a list, "*", its weak
** form; else If-Modified-Since, a valid date not before Last-Modified.
*/
static void test_conditional(void)
{
	struct page_validators v;
	struct buf h = BUF_INIT;

	conditional_validators("<p>page</p>", 11, &v);
	conditional_set_last_modified(&v, SUNDAY);
	ok(!not_modified(&v, NULL, NULL), "neither header: the page");
	ok(not_modified(&v, v.etag, NULL), "if-none-match: the ETag: 304");
	buf_printf(&h, "\"0123\", %s", v.etag);
	ok(not_modified(&v, h.data, NULL), "if-none-match: last in a list: 304");
	buf_reset(&h);
	buf_printf(&h, "%s,\"0123\"", v.etag);
	ok(not_modified(&v, h.data, NULL), "if-none-match: first in a list: 304");
	buf_reset(&h);
	buf_printf(&h, " \"a\" ,\t%s\t, \"b\"", v.etag);
	ok(not_modified(&v, h.data, NULL), "if-none-match: blanks around it: 304");
	ok(not_modified(&v, "*", NULL), "if-none-match: *: 304");
	buf_reset(&h);
	buf_printf(&h, "W/%s", v.etag);
	ok(not_modified(&v, h.data, NULL), "if-none-match: the weak form, for a GET: 304");
	ok(!not_modified(&v, "\"0123456789abcdef0123456789abcdef\"", NULL),
	   "if-none-match: another tag: the page");
	buf_reset(&h);
	buf_printf(&h, "%.33s", v.etag + 1);
	ok(!not_modified(&v, h.data, NULL), "if-none-match: the tag unquoted: the page");
	buf_reset(&h);
	buf_printf(&h, "%.33s0\"", v.etag);
	ok(!not_modified(&v, h.data, NULL), "if-none-match: the tag and a digit more: the page");
	buf_reset(&h);
	buf_printf(&h, "%sx", v.etag);
	ok(!not_modified(&v, h.data, NULL), "if-none-match: the tag run on: the page");
	ok(!not_modified(&v, "", NULL), "if-none-match: empty: the page");

	ok(not_modified(&v, NULL, "Sun, 06 Nov 1994 08:49:37 GMT"), "if-modified-since: equal: 304");
	ok(not_modified(&v, NULL, "Sun, 06 Nov 1994 08:49:38 GMT"), "if-modified-since: later: 304");
	ok(not_modified(&v, NULL, "Mon, 01 Jan 2024 00:00:00 GMT"), "if-modified-since: years later: 304");
	ok(!not_modified(&v, NULL, "Sun, 06 Nov 1994 08:49:36 GMT"),
	   "if-modified-since: a second earlier: the page");
	ok(!not_modified(&v, NULL, "yesterday"), "if-modified-since: malformed: the page");
	ok(!not_modified(&v, NULL, "Sun, 06 Nov 1994 08:49:37 GMT junk"),
	   "if-modified-since: with more after the date: the page");
	ok(!not_modified(&v, NULL, "Sun, 06 Nov 1994"), "if-modified-since: cut short: the page");
	ok(!not_modified(&v, NULL, ""), "if-modified-since: empty: the page");
	ok(!not_modified(&v, "\"other\"", "Mon, 01 Jan 2024 00:00:00 GMT"),
	   "if-modified-since: ignored when if-none-match is sent and does not match");
	ok(not_modified(&v, v.etag, "Sun, 06 Nov 1994 08:49:36 GMT"),
	   "if-modified-since: ignored when if-none-match matches");
	buf_free(&h);
}

int main(void)
{
	test_etag();
	test_last_modified();
	test_conditional();
	return tap_done();
}
