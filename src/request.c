/*
** request.c: request intake. Everything a handler reads from a request
** passes through here first: the path is percent-decoded (uriparser),
** query strings and urlencoded bodies are split into parameters
** (uriparser), and each piece is checked for size, UTF-8 and control
** characters, so handlers only ever see clean text.
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uriparser/Uri.h>

#include "buf.h"
#include "request.h"
#include "text.h"

/*
** Return whether the len bytes at s contain an escaped NUL ("%00"),
** which would cut a decoded C string short.
*/
static bool has_escaped_nul(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 2 < len; i++)
		if (s[i] == '%' && s[i + 1] == '0' && s[i + 2] == '0')
			return true;
	return false;
}

/*
** Return whether a parameter name is one we accept: 1 to 64 characters
** of [a-z0-9_-]. Others are dropped at intake, as in Fossil.
*/
static bool param_name_ok(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-");

	return n > 0 && n <= 64 && name[n] == '\0';
}

/*
** Value of the server variable name (for example "HTTP_ORIGIN"), or NULL.
** The string is borrowed from the server and dies with the request.
*/
const char *request_env(const struct request *r, const char *name)
{
	size_t n = strlen(name);
	char **e;

	/* The first character first: this runs several times a request,
	** over some twenty variables. */
	for (e = r->envp; e && *e; e++)
		if (**e == *name && strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/*
** Value of the first parameter called name, or NULL. Borrowed from r.
*/
const char *request_param(const struct request *r, const char *name)
{
	int i;

	for (i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return r->params[i].value;
	return NULL;
}

/*
** Value of the first parameter called name that came in the request's
** body (after the query string's), or NULL. Borrowed from r. For what
** must never come from a URL, which is logged and bookmarked: a CSRF
** token.
*/
const char *request_body_param(const struct request *r, const char *name)
{
	int i;

	for (i = r->nquery; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return r->params[i].value;
	return NULL;
}

/*
** Add the parameter name=value (decoded text, of a form's field) to r,
** after those it has; a name of a kind no form uses is dropped. Return
** 0, or 400 with r->error set when either is not UTF-8 text or r holds
** REQUEST_PARAMS_MAX parameters already.
*/
int request_add_param(struct request *r, const char *name, const char *value)
{
	/* Control characters are the validators' business: a form with one
	** comes back with a message at the field. */
	if (!text_is_utf8(name, strlen(name)) || !text_is_utf8(value, strlen(value))) {
		r->error = "The request parameters are not valid UTF-8 text.";
		return 400;
	}
	if (!param_name_ok(name))
		return 0;
	if (r->nparams == REQUEST_PARAMS_MAX) {
		r->error = "The request has too many parameters.";
		return 400;
	}
	r->params[r->nparams].name = xstrdup(name);
	r->params[r->nparams].value = xstrdup(value);
	r->nparams++;
	return 0;
}

/*
** Split len bytes of "a=1&b=2" text (a query string or an urlencoded
** body) into r's parameters. Return 0, or 400 with r->error set when the
** text is malformed, not UTF-8, or holds too many parameters.
*/
int request_parse_pairs(struct request *r, const char *text, size_t len)
{
	UriQueryListA *list = NULL, *q;
	int count = 0, status = 0;

	if (len == 0)
		return 0;
	if (has_escaped_nul(text, len) || memchr(text, '\0', len)) {
		r->error = "The request contains a NUL byte.";
		return 400;
	}
	if (uriDissectQueryMallocExA(&list, &count, text, text + len, URI_TRUE,
				     URI_BR_DONT_TOUCH) != URI_SUCCESS) {
		r->error = "The request parameters are malformed.";
		return 400;
	}
	if (count + r->nparams > REQUEST_PARAMS_MAX) {
		r->error = "The request has too many parameters.";
		status = 400;
		goto done;
	}
	for (q = list; q && status == 0; q = q->next)
		status = request_add_param(r, q->key, q->value ? q->value : "");
done:
	uriFreeQueryListA(list);
	return status;
}

/*
** Decode the path part of REQUEST_URI (up to '?') into r->path. Return
** 0, or an HTTP status with r->error set.
*/
static int parse_path(struct request *r, const char *uri)
{
	size_t len = strcspn(uri, "?");
	const char *end;

	if (uri[0] != '/') {
		r->error = "The request path must start with a slash.";
		return 400;
	}
	if (len > REQUEST_PATH_MAX) {
		r->error = "The request path is too long.";
		return 414;
	}
	if (has_escaped_nul(uri, len)) {
		r->error = "The request path contains an encoded NUL byte.";
		return 400;
	}
	r->path = xstrndup(uri, len);
	end = uriUnescapeInPlaceExA(r->path, URI_FALSE, URI_BR_DONT_TOUCH);
	len = (size_t)(end - r->path);
	if (!text_is_utf8(r->path, len) || text_has_control(r->path, len, false)) {
		r->error = "The request path is not valid UTF-8 text.";
		return 400;
	}
	return 0;
}

/*
** Fill r from the server variables envp (borrowed for r's lifetime).
** Return 0 when the request is well-formed, otherwise the HTTP status to
** answer (400, 414) with r->error saying why. Either way the caller
** releases r with request_free.
*/
int request_parse(struct request *r, char **envp)
{
	const char *method, *uri, *query;
	int status;

	memset(r, 0, sizeof *r);
	r->envp = envp;
	method = request_env(r, "REQUEST_METHOD");
	uri = request_env(r, "REQUEST_URI");
	query = request_env(r, "QUERY_STRING");
	if (method == NULL || uri == NULL) {
		r->error = "The web server did not pass REQUEST_METHOD and REQUEST_URI.";
		return 400;
	}
	if (strcmp(method, "GET") == 0)
		r->method = METHOD_GET;
	else if (strcmp(method, "HEAD") == 0)
		r->method = METHOD_HEAD;
	else if (strcmp(method, "POST") == 0)
		r->method = METHOD_POST;
	else
		r->method = METHOD_OTHER;
	status = parse_path(r, uri);
	if (status)
		return status;
	if (query == NULL)
		return 0;
	if (strlen(query) > REQUEST_QUERY_MAX) {
		r->error = "The query string is too long.";
		return 414;
	}
	status = request_parse_pairs(r, query, strlen(query));
	r->nquery = r->nparams;
	return status;
}

/*
** Whether word is one of the space-separated words of list (may be NULL).
*/
static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while (p && *p && n > 0) {
		p += strspn(p, " \t");
		if (strncmp(p, word, n) == 0 && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
			return true;
		p += strcspn(p, " \t");
	}
	return false;
}

/*
** Whether the request came over HTTPS, as the web server says: HTTPS
** "on" or "1" (nginx, Apache's mod_ssl), or REQUEST_SCHEME "https"; or,
** behind a proxy that ends TLS, as that proxy says (X-Forwarded-Proto
** "https"), believed only from an address of trusted_proxies (the
** setting: space-separated addresses, or NULL), since anyone can send
** the header.
*/
bool request_is_https(const struct request *r, const char *trusted_proxies)
{
	const char *https = request_env(r, "HTTPS");
	const char *scheme = request_env(r, "REQUEST_SCHEME");
	const char *forwarded = request_env(r, "HTTP_X_FORWARDED_PROTO");
	const char *from = request_env(r, "REMOTE_ADDR");

	return (https && (strcmp(https, "on") == 0 || strcmp(https, "1") == 0)) ||
	       (scheme && strcmp(scheme, "https") == 0) ||
	       (forwarded && strcmp(forwarded, "https") == 0 && from && in_list(trusted_proxies, from));
}

/*
** Append "scheme://host[:port]" to out, as a browser writes an origin:
** the port (SERVER_PORT) only when host has none and it is not the
** scheme's default; the scheme as request_is_https says, with
** trusted_proxies. Returns false, appending nothing, when host is
** missing or not a plain host name, so that a forged one never reaches
** a page or a comparison. host is borrowed.
*/
static bool append_origin(const struct request *r, const char *host, const char *trusted_proxies,
			  struct buf *out)
{
	const char *port = request_env(r, "SERVER_PORT");
	bool https = request_is_https(r, trusted_proxies);

	if (host == NULL || *host == '\0' || strlen(host) > 255 ||
	    host[strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")] != '\0')
		return false;
	buf_printf(out, "%s://%s", https ? "https" : "http", host);
	if (strchr(host, ':') == NULL && text_parse_number(port, 5) >= 0 &&
	    strcmp(port, https ? "443" : "80") != 0)
		buf_printf(out, ":%s", port);
	return true;
}

/*
** Append the request's origin, "scheme://host[:port]", to out, as a
** browser writes it in an Origin header, from its Host header: nginx
** passes the host without its port (its $host), Apache with it. For
** comparing with an Origin header only: it says what the client sent.
** Returns false when the Host header is not a plain host name.
** trusted_proxies: as for request_is_https.
*/
bool request_origin(const struct request *r, const char *trusted_proxies, struct buf *out)
{
	return append_origin(r, request_env(r, "HTTP_HOST"), trusted_proxies, out);
}

/*
** Free what r owns. r may be only partly filled.
*/
void request_free(struct request *r)
{
	int i;

	for (i = 0; i < r->nparams; i++) {
		free(r->params[i].name);
		free(r->params[i].value);
	}
	free(r->path);
	memset(r, 0, sizeof *r);
}

