/*
** validate.c: field validators. Request intake (request.c) already
** guarantees valid UTF-8 without NUL; these check what each field may
** hold.
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uriparser/Uri.h>

#include "markdown.h"
#include "text.h"
#include "validate.h"

/*
** Common checks of text fields: UTF-8, controls, length in characters.
*/
static const char *check_text(const char *v, size_t max, bool newlines)
{
	size_t len = strlen(v);

	if (!text_is_utf8(v, len))
		return "This is not valid UTF-8 text.";
	if (text_has_control(v, len, newlines))
		return newlines ? "Remove the control characters from this text."
				: "Use a single line without control characters.";
	if (text_utf8_length(v) > max)
		return max == VALIDATE_LINE_MAX ? "Use at most 200 characters."
						: "Use at most 2,000 characters.";
	return NULL;
}

/*
** A label or title: one line, at most 200 characters, not blank when
** required.
*/
const char *validate_line(const char *v, bool required)
{
	if (required && v[strspn(v, " \t")] == '\0')
		return "This cannot be empty.";
	return check_text(v, VALIDATE_LINE_MAX, false);
}

/*
** A summary or description: at most 2,000 characters, newlines allowed.
*/
const char *validate_text(const char *v)
{
	return check_text(v, VALIDATE_TEXT_MAX, true);
}

/*
** A Markdown body: at most 200 KB, and at most VALIDATE_RENDERED_MAX of
** HTML once rendered (Markdown can grow tenfold: "*\n" is an empty list
** item), so that no page costs every visitor megabytes.
*/
const char *validate_body(const char *v)
{
	size_t len = strlen(v), html_len;
	char *html;

	if (len > VALIDATE_BODY_MAX)
		return "The body is too long: use at most 200 KB.";
	if (!text_is_utf8(v, len) || text_has_control(v, len, true))
		return "Remove the control characters from this text.";
	html = markdown_to_html(v, len);
	html_len = strlen(html);
	free(html);
	if (html_len > VALIDATE_RENDERED_MAX)
		return "This body makes more than 1 MB of HTML: split it into pages, or use fewer "
		       "list items, links and emphases.";
	return NULL;
}

/*
** Whether the range r equals the lower-case word w, ignoring case.
*/
static bool range_is(const UriTextRangeA *r, const char *w)
{
	size_t n = (size_t)(r->afterLast - r->first);

	return r->first && n == strlen(w) && strncasecmp(r->first, w, n) == 0;
}

/*
** A link: an absolute http or https URL with a host, a mailto: address,
** or a path on this site ("/..."), parsed with uriparser. Everything
** else (javascript:, data:, protocol-relative "//host", relative
** paths, spaces) is refused.
*/
const char *validate_link(const char *v, bool required)
{
	const char *msg = NULL;
	UriUriA uri;

	if (*v == '\0')
		return required ? "Give a link." : NULL;
	if (strlen(v) > VALIDATE_LINK_MAX)
		return "The link is too long: use at most 2,000 characters.";
	if (text_has_control(v, strlen(v), false))
		return "A link cannot contain control characters or line breaks.";
	if (uriParseSingleUriA(&uri, v, NULL) != URI_SUCCESS)
		return "This is not a valid link. Use https://..., mailto:... or a path such as /about/.";
	if (uri.scheme.first == NULL) {
		if (v[0] != '/' || v[1] == '/')
			msg = "A link on this site starts with a single slash, such as /about/.";
	} else if (range_is(&uri.scheme, "http") || range_is(&uri.scheme, "https")) {
		if (uri.hostText.first == NULL || uri.hostText.first == uri.hostText.afterLast)
			msg = "A web link needs a host name, such as https://www.example.org/.";
	} else if (range_is(&uri.scheme, "mailto")) {
		if (uri.pathHead == NULL)
			msg = "A mailto: link needs an address.";
	} else {
		msg = "Only https://, http:// and mailto: links, or paths on this site, are allowed.";
	}
	uriFreeUriMembersA(&uri);
	return msg;
}

/*
** Where a redirect may lead off the site: an absolute http or https URL
** with a host, as validate_link takes it (so the Location header it
** becomes holds no control characters and is size-limited); a path or
** a mailto: address is refused.
*/
const char *validate_web_url(const char *v, bool required)
{
	const char *msg = validate_link(v, required);

	if (msg || *v == '\0')
		return msg;
	if (strncasecmp(v, "http://", 7) != 0 && strncasecmp(v, "https://", 8) != 0)
		return "Give a full web address that starts with https:// or http://.";
	return NULL;
}

/*
** A page path: "/" or "/seg/.../seg/", each segment of lower-case
** letters, digits, '-' and '_' (not starting with '.' so that no path
** reads as "." or "..", and not "index.html" nor "index.html.*"), at
** most 200 bytes, and not under an address the server keeps for itself.
*/
const char *validate_page_path(const char *v)
{
	/* The worker's own addresses, and the export's page for a missing
	** one (runningcode export writes DIR/404.html). */
	static const char *const reserved[] = { "/admin/", "/static/", "/search/", "/404.html/" };
	const char *p;
	size_t i;

	if (strlen(v) > VALIDATE_PATH_MAX)
		return "Use a path of at most 200 characters.";
	if (v[0] != '/' || v[strlen(v) - 1] != '/')
		return "A path starts and ends with a slash, such as /how/runningcode/.";
	for (p = v + 1; *p; p++) {
		if (*p == '/' && p[-1] == '/')
			return "A path cannot contain two slashes in a row.";
		if (*p == '/')
			continue;
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-_.", *p))
			return "Use only lower-case letters, digits, '-', '_' and '.' between the slashes.";
		if (*p == '.' && p[-1] == '/')
			return "A part of a path cannot start with a dot.";
		/* The published folder holds each page as <path>index.html,
		** written through <path>index.html.tmp-<pid>: a part of either
		** name would be a folder where its parent's file goes. */
		if (p[-1] == '/' && strncmp(p, "index.html", 10) == 0 && (p[10] == '/' || p[10] == '.'))
			return "A part of a path cannot be index.html, nor begin with 'index.html.': the published page's files have these names.";
	}
	for (i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strncmp(v, reserved[i], strlen(reserved[i])) == 0)
			return "This address is reserved for the site itself.";
	return NULL;
}

/*
** A time to come, as the engine keeps it (UTC "2026-12-31T16:00:00Z",
** converted from the form by record_time_from_form), later than now
** (the same form); empty is fine (no time set).
*/
const char *validate_future_time(const char *v, const char *now)
{
	char readable[TEXT_TIME_MAX];

	if (*v == '\0')
		return NULL;
	if (strlen(v) != 20 || !text_readable_time(v, readable))
		return "Enter a date and a time, such as 2026-12-31 17:00.";
	if (strcmp(v, now) <= 0)
		return "This time has passed: choose a later one, or leave it empty.";
	return NULL;
}
