/*
** http-validators.h: HTTP validators and conditional requests (RFC
** 9110, section 13): ETag, Last-Modified, If-None-Match,
** If-Modified-Since.
*/
#ifndef RC_HTTP_VALIDATORS_H
#define RC_HTTP_VALIDATORS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "request.h"

#define VALIDATORS_ETAG_MAX 40	/* "\"" + 32 hex + "\"" + NUL, rounded up */

/* What HTTP caching needs to know of a page besides its bytes. */
struct page_validators {
	char etag[VALIDATORS_ETAG_MAX];	/* strong validator, quoted */
	time_t last_modified;
	char last_modified_text[32];	/* the same as an HTTP date */
};

void conditional_validators(const char *body, size_t len, struct page_validators *v);
void conditional_set_last_modified(struct page_validators *v, time_t t);
bool conditional_not_modified(const struct request *req, const struct page_validators *v);

#endif
