/*
** test-request.c: request intake (request.c) on crafted server
** variables, the UTF-8 and control checks under it (text.c), and the
** header-injection guard of reply.c.
*/
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "reply.h"
#include "request.h"
#include "text.h"
#include "tap.h"

/* The server variables of one request: "NAME=value" strings. */
struct env {
	char *v[12];
	int n;
};

static void env_add(struct env *e, const char *name, const char *value)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s=%s", name, value);
	e->v[e->n++] = buf_detach(&b);
	e->v[e->n] = NULL;
}

static void env_free(struct env *e)
{
	int i;

	for (i = 0; i < e->n; i++)
		free(e->v[i]);
	e->n = 0;
	e->v[0] = NULL;
}

/*
** Parse a request with these variables (NULL: left out). e keeps the
** strings alive as long as r borrows them; free both afterwards.
*/
static int parse(struct request *r, struct env *e, const char *method, const char *uri,
		 const char *query)
{
	e->n = 0;
	e->v[0] = NULL;
	if (method)
		env_add(e, "REQUEST_METHOD", method);
	if (uri)
		env_add(e, "REQUEST_URI", uri);
	if (query)
		env_add(e, "QUERY_STRING", query);
	env_add(e, "HTTP_HOSTX", "decoy");
	env_add(e, "HTTP_HOST", "example.org");
	return request_parse(r, e->v);
}

/* The status request_parse gives; r and e are released. */
static int status_of(const char *method, const char *uri, const char *query)
{
	struct request r;
	struct env e;
	int status = parse(&r, &e, method, uri, query);

	if (status != 0 && r.error == NULL)
		status = -1;	/* a refusal must say why */
	request_free(&r);
	env_free(&e);
	return status;
}

/* "/" followed by n-1 times c. */
static char *long_path(size_t n, char c)
{
	char *p = xmalloc(n + 1);

	memset(p, c, n);
	p[0] = '/';
	p[n] = '\0';
	return p;
}

/* n parameters "pI=I" joined by '&'. */
static char *many_params(int n)
{
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; i < n; i++)
		buf_printf(&b, "%sp%d=%d", i ? "&" : "", i, i);
	return buf_detach(&b);
}

static void test_methods(void)
{
	static const struct {
		const char *name;
		enum http_method method;
	} cases[] = {
		{ "GET", METHOD_GET }, { "HEAD", METHOD_HEAD }, { "POST", METHOD_POST },
		{ "PUT", METHOD_OTHER }, { "DELETE", METHOD_OTHER }, { "get", METHOD_OTHER },
		{ "GETX", METHOD_OTHER },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct request r;
		struct env e;

		is_int(parse(&r, &e, cases[i].name, "/how/", NULL), 0,
		       "method %s: accepted at intake", cases[i].name);
		is_int(r.method, cases[i].method, "method %s: recognised", cases[i].name);
		request_free(&r);
		env_free(&e);
	}
}

static void test_path(void)
{
	struct request r;
	struct env e;
	char *p;

	is_int(parse(&r, &e, "GET", "/how/runningcode/", NULL), 0, "plain path accepted");
	is_str(r.path, "/how/runningcode/", "plain path kept");
	is_int(r.nparams, 0, "no query: no parameters");
	ok(r.error == NULL, "no error on success");
	is_str(request_env(&r, "HTTP_HOST"), "example.org", "request_env finds a variable");
	ok(request_env(&r, "HTTP_HOS") == NULL, "request_env does not match a prefix");
	ok(request_env(&r, "NO_SUCH") == NULL, "request_env: unknown variable is NULL");
	request_free(&r);
	env_free(&e);

	is_int(parse(&r, &e, "GET", "/a%20b/%C3%A9t%C3%A9/%e2%82%ac/", NULL), 0,
	       "percent-encoded UTF-8 path accepted");
	is_str(r.path, "/a b/\xC3\xA9t\xC3\xA9/\xE2\x82\xAC/", "path percent-decoded");
	request_free(&r);
	env_free(&e);

	is_int(parse(&r, &e, "GET", "/a+b/", NULL), 0, "'+' in a path accepted");
	is_str(r.path, "/a+b/", "'+' in a path is not a space");
	request_free(&r);
	env_free(&e);

	is_int(parse(&r, &e, "GET", "/x/?q=1", "q=1"), 0, "path with query accepted");
	is_str(r.path, "/x/", "path stops at '?'");
	request_free(&r);
	env_free(&e);

	is_int(parse(&r, &e, "GET", "/%2500/", NULL), 0, "escaped percent sign before 00 accepted");
	is_str(r.path, "/%00/", "'%%2500' decodes to the text %%00");
	request_free(&r);
	env_free(&e);

	/* Encoded NUL. */
	is_int(status_of("GET", "/a%00b/", NULL), 400, "%%00 inside the path refused (400)");
	is_int(status_of("GET", "/%00", NULL), 400, "%%00 at the end of the path refused (400)");
	is_int(status_of("GET", "%00", NULL), 400, "path not starting with '/' refused (400)");
	is_int(parse(&r, &e, "GET", "/%00", NULL), 400, "%%00 refused before decoding");
	ok(r.error && strstr(r.error, "NUL"), "the error names the NUL byte: %s", r.error);
	request_free(&r);
	env_free(&e);
	is_int(status_of("GET", "/x/%2F%00", NULL), 400, "%%00 after another escape refused (400)");

	/* Not UTF-8. */
	is_int(status_of("GET", "/%ff/", NULL), 400, "%%ff refused (400)");
	is_int(status_of("GET", "/%C0%80/", NULL), 400, "overlong NUL %%C0%%80 refused (400)");
	is_int(status_of("GET", "/%C0%AE%C0%AE/", NULL), 400, "overlong dots refused (400)");
	is_int(status_of("GET", "/%ED%A0%80/", NULL), 400, "encoded surrogate refused (400)");
	is_int(status_of("GET", "/%C3/", NULL), 400, "truncated sequence refused (400)");
	is_int(status_of("GET", "/\xff/", NULL), 400, "raw byte 0xFF refused (400)");

	/* Control characters. */
	is_int(status_of("GET", "/a%01b/", NULL), 400, "%%01 refused (400)");
	is_int(status_of("GET", "/a%0D%0ALocation:%20x/", NULL), 400, "CR LF refused (400)");
	is_int(status_of("GET", "/a%09b/", NULL), 400, "tab refused in a path (400)");
	is_int(status_of("GET", "/a%7F/", NULL), 400, "DEL refused (400)");
	is_int(status_of("GET", "/a\tb/", NULL), 400, "raw tab refused (400)");
	is_int(status_of("GET", "/a%1Fb/", NULL), 400, "%%1F refused (400)");

	/* Length. */
	p = long_path(REQUEST_PATH_MAX, 'a');
	is_int(status_of("GET", p, NULL), 0, "path of REQUEST_PATH_MAX bytes accepted");
	free(p);
	p = long_path(REQUEST_PATH_MAX + 1, 'a');
	is_int(status_of("GET", p, NULL), 414, "path of REQUEST_PATH_MAX + 1 bytes refused (414)");
	free(p);
	p = long_path(5000, 'b');
	is_int(status_of("GET", p, NULL), 414, "5000-byte path refused (414)");
	free(p);

	/* Missing variables. */
	is_int(status_of("GET", NULL, NULL), 400, "missing REQUEST_URI refused (400)");
	is_int(status_of(NULL, "/", NULL), 400, "missing REQUEST_METHOD refused (400)");
	{
		struct request r0;

		is_int(request_parse(&r0, NULL), 400, "no variables at all refused (400)");
		request_free(&r0);
	}
}

static void test_query(void)
{
	struct request r;
	struct env e;
	char *q;

	is_int(parse(&r, &e, "GET", "/s/", "q=a+b%26c&x=%C3%A9&empty=&bare"), 0,
	       "query accepted");
	is_int(r.nparams, 4, "four parameters");
	is_str(request_param(&r, "q"), "a b&c", "'+' is a space and %%26 an '&'");
	is_str(request_param(&r, "x"), "\xC3\xA9", "UTF-8 value decoded");
	is_str(request_param(&r, "empty"), "", "empty value is \"\"");
	is_str(request_param(&r, "bare"), "", "name without '=' has value \"\"");
	ok(request_param(&r, "nope") == NULL, "absent parameter is NULL");
	request_free(&r);
	ok(r.path == NULL && r.nparams == 0, "request_free empties the request");
	env_free(&e);

	is_int(parse(&r, &e, "GET", "/", "a=1&a=2"), 0, "repeated name accepted");
	is_str(request_param(&r, "a"), "1", "request_param gives the first value");
	request_free(&r);
	env_free(&e);

	is_int(parse(&r, &e, "GET", "/", "text=line%0Aline%09tab"), 0,
	       "newline and tab allowed in a value");
	is_str(request_param(&r, "text"), "line\nline\ttab", "newline and tab kept");
	request_free(&r);
	env_free(&e);

	is_int(parse(&r, &e, "GET", "/",
		     "Q=1&a.b=2&ok_name-1=3&=4&%C3%A9=5&a%20b=6&"
		     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=7&"
		     "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=8"),
	       0, "query with odd names accepted");
	is_int(r.nparams, 2, "only names of [a-z0-9_-], 1 to 64 long, are kept");
	is_str(request_param(&r, "ok_name-1"), "3", "a-z, 0-9, '_' and '-' kept");
	ok(request_param(&r, "Q") == NULL, "upper case name dropped");
	ok(request_param(&r, "a.b") == NULL, "name with '.' dropped");
	ok(request_param(&r, "") == NULL, "empty name dropped");
	ok(request_param(&r, "\xC3\xA9") == NULL, "non-ASCII name dropped");
	ok(request_param(&r, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") != NULL,
	   "64-character name kept");
	request_free(&r);
	env_free(&e);

	is_int(status_of("GET", "/", "q=%ff"), 400, "value not UTF-8 refused (400)");
	is_int(status_of("GET", "/", "%ff=1"), 400, "name not UTF-8 refused (400)");
	is_int(status_of("GET", "/", "q=%E2%82"), 400, "truncated UTF-8 value refused (400)");
	is_int(status_of("GET", "/", "q=a%00b"), 400, "%%00 in a value refused (400)");
	is_int(status_of("GET", "/", "q=%00"), 400, "%%00 ending the query refused (400)");
	is_int(status_of("GET", "/", "%00=1"), 400, "%%00 in a name refused (400)");
	is_int(status_of("GET", "/", "a=1&q=x%00"), 400, "%%00 ending a later value refused (400)");
	/* Control characters pass intake: each field's validator refuses
	** them with a message at the field (the form comes back, 422). */
	is_int(status_of("GET", "/", "q=%01"), 0, "control character in a value passes intake");
	is_int(status_of("GET", "/", "q=%7F"), 0, "DEL in a value passes intake");

	q = many_params(REQUEST_PARAMS_MAX);
	is_int(parse(&r, &e, "GET", "/", q), 0, "REQUEST_PARAMS_MAX parameters accepted");
	is_int(r.nparams, REQUEST_PARAMS_MAX, "all REQUEST_PARAMS_MAX kept");
	is_str(request_param(&r, "p63"), "63", "the last one is readable");
	request_free(&r);
	env_free(&e);
	free(q);
	q = many_params(REQUEST_PARAMS_MAX + 1);
	is_int(status_of("GET", "/", q), 400, "REQUEST_PARAMS_MAX + 1 parameters refused (400)");
	free(q);

	/* A body's parameters add to the query's, within the same limit. */
	q = many_params(40);
	is_int(parse(&r, &e, "POST", "/", q), 0, "40 query parameters accepted");
	is_int(request_parse_pairs(&r, "a=1&b=2", 7), 0, "a body of 2 more accepted");
	is_int(r.nparams, 42, "query and body parameters together");
	is_str(request_body_param(&r, "a"), "1", "request_body_param finds a body parameter");
	ok(request_body_param(&r, "p0") == NULL,
	   "request_body_param never answers with a query parameter (a CSRF token in a URL)");
	is_str(request_param(&r, "p0"), "0", "request_param finds it in the query");
	free(q);
	q = many_params(30);
	is_int(request_parse_pairs(&r, q, strlen(q)), 400, "30 more (72 in all) refused (400)");
	is_int(r.nparams, 42, "a refused body adds nothing");
	request_free(&r);
	env_free(&e);
	free(q);

	q = xmalloc(REQUEST_QUERY_MAX + 2);
	memset(q, 'a', REQUEST_QUERY_MAX + 1);
	q[0] = 'q';
	q[1] = '=';
	q[REQUEST_QUERY_MAX + 1] = '\0';
	is_int(status_of("GET", "/", q), 414, "query longer than REQUEST_QUERY_MAX refused (414)");
	q[REQUEST_QUERY_MAX] = '\0';
	is_int(status_of("GET", "/", q), 0, "query of REQUEST_QUERY_MAX bytes accepted");
	free(q);
}

#define UTF8(s) text_is_utf8((s), sizeof(s) - 1)

static void test_utf8(void)
{
	ok(UTF8(""), "utf8: empty text");
	ok(UTF8("plain ASCII ~"), "utf8: ASCII");
	ok(UTF8("a\0b"), "utf8: NUL byte is well-formed (text_has_control catches it)");
	ok(UTF8("\xC2\x80"), "utf8: U+0080, smallest 2-byte");
	ok(UTF8("\xDF\xBF"), "utf8: U+07FF, largest 2-byte");
	ok(UTF8("\xE0\xA0\x80"), "utf8: U+0800, smallest 3-byte");
	ok(UTF8("\xE2\x82\xAC"), "utf8: euro sign");
	ok(UTF8("\xED\x9F\xBF"), "utf8: U+D7FF, just below the surrogates");
	ok(UTF8("\xEE\x80\x80"), "utf8: U+E000, just above the surrogates");
	ok(UTF8("\xEF\xBF\xBF"), "utf8: U+FFFF");
	ok(UTF8("\xF0\x90\x80\x80"), "utf8: U+10000, smallest 4-byte");
	ok(UTF8("\xF0\x9F\x98\x80"), "utf8: emoji");
	ok(UTF8("\xF4\x8F\xBF\xBF"), "utf8: U+10FFFF, the last code point");

	ok(!UTF8("\xC0\x80"), "utf8: overlong NUL refused");
	ok(!UTF8("\xC1\xBF"), "utf8: overlong 2-byte (C1) refused");
	ok(!UTF8("\xE0\x80\x80"), "utf8: overlong 3-byte refused");
	ok(!UTF8("\xE0\x9F\xBF"), "utf8: overlong U+07FF in 3 bytes refused");
	ok(!UTF8("\xF0\x80\x80\x80"), "utf8: overlong 4-byte refused");
	ok(!UTF8("\xF0\x8F\xBF\xBF"), "utf8: overlong U+FFFF in 4 bytes refused");
	ok(!UTF8("\xED\xA0\x80"), "utf8: U+D800 (high surrogate) refused");
	ok(!UTF8("\xED\xBF\xBF"), "utf8: U+DFFF (low surrogate) refused");
	ok(!UTF8("\xED\xA0\xBD\xED\xB8\x80"), "utf8: CESU-8 surrogate pair refused");
	ok(!UTF8("\xF4\x90\x80\x80"), "utf8: U+110000 refused");
	ok(!UTF8("\xF5\x80\x80\x80"), "utf8: lead byte F5 refused");
	ok(!UTF8("\xF8\x88\x80\x80\x80"), "utf8: 5-byte form refused");
	ok(!UTF8("\xFF"), "utf8: byte FF refused");
	ok(!UTF8("\xFE"), "utf8: byte FE refused");
	ok(!UTF8("\x80"), "utf8: lone continuation byte refused");
	ok(!UTF8("a\xBF"), "utf8: continuation byte after ASCII refused");
	ok(!UTF8("\xC3"), "utf8: truncated 2-byte at the end refused");
	ok(!UTF8("\xE2\x82"), "utf8: truncated 3-byte at the end refused");
	ok(!UTF8("\xF0\x9F\x98"), "utf8: truncated 4-byte at the end refused");
	ok(!UTF8("\xE2\x82x"), "utf8: 3-byte cut by ASCII refused");
	ok(!UTF8("\xC3\xC3\xA9"), "utf8: lead byte where a continuation belongs refused");
	ok(text_is_utf8("\xE2\x82\xAC", 3) && !text_is_utf8("\xE2\x82\xAC", 2),
	   "utf8: only len bytes are read");

	ok(!text_has_control("plain text", 10, false), "control: plain text has none");
	ok(text_has_control("a\0b", 3, false), "control: NUL found");
	ok(text_has_control("a\x1f", 2, false), "control: 0x1F found");
	ok(text_has_control("a\x7f", 2, false), "control: DEL found");
	ok(text_has_control("a\nb", 3, false), "control: newline found without allow_newlines");
	ok(!text_has_control("a\r\n\tb", 5, true), "control: CR LF tab allowed with allow_newlines");
	ok(text_has_control("a\n\x01", 3, true), "control: other controls still found with allow_newlines");
	ok(!text_has_control("\xC2\x85\xE2\x82\xAC", 5, false), "control: UTF-8 bytes >= 0x80 are not C0 controls");
}

/* reply_writer into a struct buf. */
static int buf_writer(void *ctx, const char *data, size_t len)
{
	buf_append(ctx, data, len);
	return 0;
}

static void test_reply(void)
{
	struct buf out = BUF_INIT;
	struct reply r;

	reply_init(&r);
	is_int(r.status, 200, "reply starts as 200");
	is_int(reply_header(&r, "X-One", "a value"), 0, "plain header accepted");
	is_int(reply_header(&r, "X-Bad", "a\r\nSet-Cookie: x=1"), -1, "header value with CR LF refused");
	is_int(reply_header(&r, "X-Bad", "a\nb"), -1, "header value with LF refused");
	is_int(reply_header(&r, "X-Bad", "a\rb"), -1, "header value with CR refused");
	is_str(r.headers.data, "X-One: a value\r\n", "refused headers add nothing");

	is_int(reply_redirect(&r, 301, "/x/\r\nSet-Cookie: x=1"), -1, "redirect to a CR LF location refused");
	is_int(r.status, 200, "refused redirect leaves the status");
	is_str(r.headers.data, "X-One: a value\r\n", "refused redirect adds no header");

	buf_puts(&r.body, "hello");
	reply_html(&r, 404);
	is_int(reply_send(&r, false, buf_writer, &out), 0, "reply_send succeeds");
	is_str(out.data,
	       "Status: 404 Not Found\r\nContent-Length: 5\r\nX-One: a value\r\n"
	       "Content-Type: text/html; charset=utf-8\r\n\r\nhello",
	       "reply_send writes status, headers, blank line, body");
	buf_reset(&out);
	reply_send(&r, true, buf_writer, &out);
	ok(out.len > 4 && strcmp(out.data + out.len - 4, "\r\n\r\n") == 0 &&
	   strstr(out.data, "Content-Length: 5\r\n") != NULL,
	   "head_only: headers with the body's length, no body");

	reply_reset(&r);
	is_int(reply_redirect(&r, 301, "/how/runningcode/?a=1"), 0, "redirect accepted");
	is_int(r.status, 301, "redirect status set");
	is_str(r.headers.data, "Location: /how/runningcode/?a=1\r\n", "Location header set");
	is_int(r.body.len, 0, "redirect body empty");
	reply_free(&r);
	buf_free(&out);
}

int main(void)
{
	test_methods();
	test_path();
	test_query();
	test_utf8();
	test_reply();
	return tap_done();
}
