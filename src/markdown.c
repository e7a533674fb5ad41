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

/*
** Call fn with the destination of each link and image of len bytes of
** Markdown, in the order they appear, as cmark's parser reads them
** (reference links resolved, entities decoded): the links a reader
** follows, whatever the text around them looks like. The strings are
** cmark's, valid during the call only.
*/
void markdown_links_each(const char *text, size_t len, void (*fn)(void *ctx, const char *url),
			 void *ctx)
{
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT), *node;
	cmark_iter *it;
	cmark_event_type ev;

	if (doc == NULL)
		log_fatal("cmark: out of memory");
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER &&
		    (cmark_node_get_type(node) == CMARK_NODE_LINK ||
		     cmark_node_get_type(node) == CMARK_NODE_IMAGE) &&
		    cmark_node_get_url(node) && *cmark_node_get_url(node))
			fn(ctx, cmark_node_get_url(node));
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}
