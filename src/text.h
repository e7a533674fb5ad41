/*
** text.h: checks on text that comes from outside (requests, forms, the
** database): valid UTF-8, no control characters.
*/
#ifndef RC_TEXT_H
#define RC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

bool text_is_utf8(const char *s, size_t len);
bool text_has_control(const char *s, size_t len, bool allow_newlines);

#endif
