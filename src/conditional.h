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
void conditional_http_date(time_t t, char out[32]);
bool conditional_not_modified(const struct request *req, const struct page_validators *v);

#endif
