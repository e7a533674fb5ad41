/*
** http-client.h: the interface of the module runningcode-http.so
** (module.h): HTTP requests sent all at once through libcurl's multi
** interface, each bounded by a timeout. The purge (purge.c) sends its
** PURGE requests through it: an admin save with caches to purge, and
** the CLI's purge and publish, load it; nothing else does.
*/
#ifndef RC_HTTP_CLIENT_H
#define RC_HTTP_CLIENT_H

#include <stddef.h>

/* Bumped whenever struct http_request or struct http_client changes. */
#define HTTP_CLIENT_ABI 1
#define HTTP_CLIENT_FILE "runningcode-http.so"
#define HTTP_CLIENT_SYMBOL "runningcode_http_client"

/* One request and, once sent, its outcome. */
struct http_request {
	const char *method;	/* borrowed: "PURGE" */
	const char *url;	/* borrowed: http or https only */
	const char *header;	/* borrowed: one header line to add, or NULL */
	long status;		/* set: the answer's status; 0: none came */
	const char *error;	/* set: why none came (static text), or NULL */
};

struct http_client {
	unsigned abi;		/* HTTP_CLIENT_ABI */
	/* Send requests[0..n) at once, each given at most timeout_ms,
	** and set each one's status and error; the answers' bodies are
	** dropped. Returns when every request has ended. */
	void (*send_all)(struct http_request *requests, size_t n, long timeout_ms);
};

#endif
