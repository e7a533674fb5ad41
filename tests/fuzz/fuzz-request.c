/*
** fuzz-request.c: request intake (src/request.c) on hostile input.
**
** The input is split on NUL bytes into REQUEST_METHOD, REQUEST_URI,
** QUERY_STRING, HTTP_COOKIE, HTTP_IF_NONE_MATCH, HTTP_IF_MODIFIED_SINCE
** and a form body; a field the input runs out before is left out of the
** environment. request_parse reads that environment, then
** request_parse_pairs the body as the admin CGI does with a urlencoded
** form; cookie_get reads the session cookie and http-validators.c decides
** on a 304 from the two conditional headers. The whole input, as raw
** bytes, is also parsed on its own as a body.
**
** What intake promises its handlers is asserted on every accepted
** request: a path starting with '/', valid UTF-8 without controls or
** NUL; at most REQUEST_PARAMS_MAX parameters, their names of
** [a-z0-9_-]{1,64}, their values valid UTF-8 (control characters in
** values are the validators' business since 6ce7220), url_escape of
** them only unreserved characters and %XX. Refusals are 400 or 414
** with a reason.
*/
#include "fuzz.h"

#include "buf.h"
#include "http-validators.h"
#include "cookie.h"
#include "request.h"
#include "text.h"

enum { F_METHOD, F_URI, F_QUERY, F_COOKIE, F_INM, F_IMS, F_BODY, F_COUNT };

static const char *const env_names[] = {
	"REQUEST_METHOD", "REQUEST_URI", "QUERY_STRING", "HTTP_COOKIE",
	"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE",
};

/* What request_parse and request_parse_pairs promise when they accept. */
static void check_params(const struct request *r)
{
	int i;

	FUZZ_ASSERT(r->nparams >= 0 && r->nparams <= REQUEST_PARAMS_MAX, "nparams %d", r->nparams);
	for (i = 0; i < r->nparams; i++) {
		const char *name = r->params[i].name, *value = r->params[i].value;
		size_t n = strlen(name);
		struct buf esc = BUF_INIT;
		size_t k;

		FUZZ_ASSERT(value != NULL, "parameter %s has a NULL value", name);
		FUZZ_ASSERT(n >= 1 && n <= 64 &&
			    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n,
			    "bad parameter name accepted: %s", name);
		FUZZ_ASSERT(text_is_utf8(value, strlen(value)), "parameter %s: value not UTF-8", name);
		FUZZ_ASSERT(request_param(r, name) != NULL, "request_param(%s) lost it", name);
		/* url_escape leaves only unreserved characters and %XX. */
		text_url_escape(&esc, value);
		for (k = 0; k < esc.len; k++) {
			char c = esc.data[k];

			if (c == '%') {
				FUZZ_ASSERT(k + 2 < esc.len &&
					    strchr("0123456789ABCDEF", esc.data[k + 1]) && esc.data[k + 1] &&
					    strchr("0123456789ABCDEF", esc.data[k + 2]) && esc.data[k + 2],
					    "url_escape wrote a bad %%XX");
				k += 2;
				continue;
			}
			FUZZ_ASSERT(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					   "0123456789-._~", c) && c != '\0',
				    "url_escape left '%c' (0x%02x)", c, (unsigned char)c);
		}
		FUZZ_ASSERT(esc.len <= 3 * strlen(value), "url_escape grew too much");
		buf_free(&esc);
	}
}

static void check_status(const struct request *r, int status)
{
	if (status == 0) {
		check_params(r);
		return;
	}
	FUZZ_ASSERT(status == 400 || status == 414, "unexpected status %d", status);
	FUZZ_ASSERT(r->error != NULL && *r->error, "status %d without a reason", status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *fields[F_COUNT];
	char *envp[F_COUNT + 2];
	struct request r;
	char token[65];
	int n, i, e = 0, status;

	/* 1. The environment of a request, with a body. */
	n = fuzz_split(data, size, '\0', fields, F_COUNT);
	for (i = 0; i < n && i < F_BODY; i++) {
		size_t len = strlen(env_names[i]) + 1 + strlen(fields[i]) + 1;

		envp[e] = malloc(len);
		snprintf(envp[e], len, "%s=%s", env_names[i], fields[i]);
		e++;
	}
	envp[e++] = strdup("SERVER_PROTOCOL=HTTP/1.1");
	envp[e] = NULL;

	status = request_parse(&r, envp);
	if (status == 0) {
		size_t plen = strlen(r.path);

		FUZZ_ASSERT(r.path != NULL && r.path[0] == '/', "path does not start with /");
		FUZZ_ASSERT(plen <= REQUEST_PATH_MAX, "path longer than the limit");
		FUZZ_ASSERT(text_is_utf8(r.path, plen), "path not UTF-8");
		FUZZ_ASSERT(!text_has_control(r.path, plen, false), "path with a control character");
		FUZZ_ASSERT(r.method >= METHOD_GET && r.method <= METHOD_OTHER, "method");
		check_status(&r, status);
		if (n > F_BODY) {
			/* The admin's form body, after the query parameters. */
			status = request_parse_pairs(&r, fields[F_BODY], strlen(fields[F_BODY]));
			check_status(&r, status);
		}
	} else {
		check_status(&r, status);
	}
	/* The session cookie, as admin-dispatch.c reads it. */
	{
		const char *cookie = request_env(&r, "HTTP_COOKIE");

		if (cookie && cookie_get(cookie, "rc_session", token, sizeof token))
			FUZZ_ASSERT(strlen(token) > 0 && strlen(token) < sizeof token, "cookie");
	}
	/* A conditional GET of a page with known validators. */
	{
		struct page_validators v;
		const char *inm = request_env(&r, "HTTP_IF_NONE_MATCH");
		const char *ims = request_env(&r, "HTTP_IF_MODIFIED_SINCE");
		bool fresh;

		conditional_validators("<p>page</p>", 11, &v);
		conditional_set_last_modified(&v, 1700000000);
		fresh = conditional_not_modified(&r, &v);
		if (inm == NULL && ims == NULL)
			FUZZ_ASSERT(!fresh, "304 without a conditional header");
		if (inm && (strcmp(inm, v.etag) == 0 || strcmp(inm, "*") == 0))
			FUZZ_ASSERT(fresh, "If-None-Match %s names the page but no 304", inm);
		if (inm && strstr(inm, v.etag) == NULL && strchr(inm, '*') == NULL)
			FUZZ_ASSERT(!fresh, "304 for If-None-Match %s, not the page's %s", inm, v.etag);
	}
	request_free(&r);
	for (i = 0; i < e; i++)
		free(envp[i]);
	fuzz_free_fields(fields, F_COUNT);

	/* 2. The whole input as a form body: raw bytes, no terminator. */
	{
		char *body = fuzz_bytes(data, size);

		memset(&r, 0, sizeof r);
		status = request_parse_pairs(&r, body, size);
		check_status(&r, status);
		request_free(&r);
		free(body);
	}
	return 0;
}
