/*
** markdown.h: page bodies from Markdown to HTML, and the links in
** them, through cmark.
*/
#ifndef RC_MARKDOWN_H
#define RC_MARKDOWN_H

#include <stddef.h>

char *markdown_to_html(const char *text, size_t len);
void markdown_links_each(const char *text, size_t len, void (*fn)(void *ctx, const char *url),
			 void *ctx);

#endif
