/*
** markdown.h: page bodies from Markdown to HTML, through cmark.
*/
#ifndef RC_MARKDOWN_H
#define RC_MARKDOWN_H

#include <stddef.h>

char *markdown_to_html(const char *text, size_t len);

#endif
