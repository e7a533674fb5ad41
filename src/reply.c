/*
** reply.c: building a response and writing it in CGI form ("Status:"
** line, headers, blank line, body), which both FastCGI and CGI use.
*/
#include <string.h>

#include "reply.h"

/*
** Reason phrase of an HTTP status code we use.
*/
const char *http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	case 507: return "Insufficient Storage";
	default: return "Unknown";
	}
}

/*
** Start an empty 200 reply. Release with reply_free.
*/
void reply_init(struct reply *r)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
}

/*
** Empty r for the next request, keeping its buffers' memory.
*/
void reply_reset(struct reply *r)
{
	r->status = 200;
	buf_reset(&r->headers);
	buf_reset(&r->body);
}

/*
** Add the header "name: value". A value holding CR or LF (header
** injection) is refused: return -1 and add nothing.
*/
int reply_header(struct reply *r, const char *name, const char *value)
{
	if (strpbrk(value, "\r\n") != NULL)
		return -1;
	buf_puts(&r->headers, name);
	buf_puts(&r->headers, ": ");
	buf_puts(&r->headers, value);
	buf_puts(&r->headers, "\r\n");
	return 0;
}

/*
** Make r a redirect (301, 302, 303, 307, 308) to location, with an empty body. Return
** -1 when location cannot go in a header, leaving r unchanged.
*/
int reply_redirect(struct reply *r, int status, const char *location)
{
	if (reply_header(r, "Location", location) < 0)
		return -1;
	r->status = status;
	buf_reset(&r->body);
	return 0;
}

/*
** Set the status and declare the body as UTF-8 HTML.
*/
void reply_html(struct reply *r, int status)
{
	r->status = status;
	reply_header(r, "Content-Type", "text/html; charset=utf-8");
}

/*
** Write the decimal digits of n at p; returns the end of what it wrote
** (at most 20 characters, no terminating NUL).
*/
static char *put_decimal(char *p, size_t n)
{
	char digits[20];
	size_t len = 0;

	do
		digits[len++] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	while (len)
		*p++ = digits[--len];
	return p;
}

/*
** Write r through write(ctx, ...): status line, headers, then the body
** unless head_only (HEAD requests, 304). Return 0, or -1 when the
** writer failed (the client went away).
*/
int reply_send(const struct reply *r, bool head_only, reply_writer write,
	       void *ctx)
{
	char head[128], *p = head;	/* the longest status text fits */

	/* Built by hand: this runs at every request, and snprintf cost
	** more than the rest of the reply. */
	p = stpcpy(p, "Status: ");
	p = put_decimal(p, (size_t)r->status);
	*p++ = ' ';
	p = stpcpy(p, http_status_text(r->status));
	p = stpcpy(p, "\r\nContent-Length: ");
	p = put_decimal(p, r->body.len);
	p = stpcpy(p, "\r\n");
	if (write(ctx, head, (size_t)(p - head)) < 0)
		return -1;
	if (r->headers.len && write(ctx, r->headers.data, r->headers.len) < 0)
		return -1;
	if (write(ctx, "\r\n", 2) < 0)
		return -1;
	if (!head_only && r->body.len && write(ctx, r->body.data, r->body.len) < 0)
		return -1;
	return 0;
}

/*
** Free what r owns.
*/
void reply_free(struct reply *r)
{
	buf_free(&r->headers);
	buf_free(&r->body);
}
