/*
** text.h: rules for text that comes from outside (requests, forms, the
** database): valid UTF-8, no control characters, lengths, numbers and
** ids, URL escaping.
*/
#ifndef RC_TEXT_H
#define RC_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

bool text_is_utf8(const char *s, size_t len);
bool text_has_control(const char *s, size_t len, bool allow_newlines);
size_t text_utf8_length(const char *s);
size_t text_utf8_prefix(const char *s, size_t chars);
int64_t text_parse_number(const char *s, size_t max_digits);
int64_t text_parse_id(const char *s);
void text_url_escape(struct buf *out, const char *s);
char *text_normalize(const char *s);

#define TEXT_TIME_MAX 64
bool text_readable_time(const char *iso, char out[TEXT_TIME_MAX]);
bool text_time_from_local(const char *local, char out[TEXT_TIME_MAX]);
bool text_time_to_local(const char *iso, char out[TEXT_TIME_MAX]);
void text_utc_time(time_t t, char out[TEXT_TIME_MAX]);

#endif
