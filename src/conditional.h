/*
** conditional.h: HTTP validators and conditional requests (RFC 9110,
** section 13): ETag, Last-Modified, If-None-Match, If-Modified-Since.
*/
#ifndef RC_CONDITIONAL_H
#define RC_CONDITIONAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cache.h"
#include "request.h"

void conditional_validators(const char *body, size_t len, struct page_validators *v);
void conditional_set_last_modified(struct page_validators *v, time_t t);
bool conditional_not_modified(const struct request *req, const struct page_validators *v);

#endif
