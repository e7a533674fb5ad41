/*
** reply.h: the response being built for one request. Status, headers
** and body stay in memory until reply_send, so a handler can still
** change its mind (an error page replaces a half-built one).
*/
#ifndef RC_REPLY_H
#define RC_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct reply {
	int status;		/* HTTP status code */
	struct buf headers;	/* "Name: value\r\n" lines, owned */
	struct buf body;	/* owned */
};

/* Writes len bytes; returns 0 or -1. ctx is the writer's own state. */
typedef int (*reply_writer)(void *ctx, const char *data, size_t len);

void reply_init(struct reply *r);
void reply_reset(struct reply *r);
int reply_header(struct reply *r, const char *name, const char *value);
int reply_redirect(struct reply *r, int status, const char *location);
void reply_html(struct reply *r, int status);
int reply_send(const struct reply *r, bool head_only, reply_writer write, void *ctx);
void reply_free(struct reply *r);
const char *http_status_text(int status);

#endif
