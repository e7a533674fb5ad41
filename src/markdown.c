/*
** markdown.c: the Markdown bridge.
*/
#include <cmark.h>

#include "log.h"
#include "markdown.h"

/*
** Render len bytes of Markdown as HTML, in cmark's safe mode (the
** default: CMARK_OPT_UNSAFE is never set), so raw HTML becomes a comment
** and javascript:, vbscript: and data: links are emptied. The result is
** the trusted HTML that template.cc's tpl_set_trusted_html accepts. The
** caller owns it and frees it with free().
*/
char *markdown_to_html(const char *text, size_t len)
{
	char *html = cmark_markdown_to_html(text, len, CMARK_OPT_DEFAULT);

	if (html == NULL)
		log_fatal("cmark: out of memory");
	return html;
}
