/*
** request.h: one HTTP request as the web server hands it over, through
** FastCGI (the worker) or CGI (the admin): its method, decoded path and
** query parameters, validated once at intake.
*/
#ifndef RC_REQUEST_H
#define RC_REQUEST_H

#include <stdbool.h>

/* Limits on what a request may carry; longer input is refused. */
#define REQUEST_PATH_MAX 2048
#define REQUEST_QUERY_MAX 8192	/* nginx refuses longer request lines itself */
#define REQUEST_PARAMS_MAX 64

enum http_method { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD_OTHER };

struct request_param {
	char *name;	/* owned by the request */
	char *value;	/* owned by the request; never NULL */
};

struct request {
	char **envp;		/* borrowed: "NAME=value" strings of the server */
	enum http_method method;
	char *path;		/* owned: decoded, valid UTF-8, no controls */
	struct request_param params[REQUEST_PARAMS_MAX];
	int nparams;
	int nquery;		/* params[0 .. nquery-1] came from the query string */
	const char *error;	/* why request_parse refused, for the error page */
};

int request_parse(struct request *r, char **envp);
const char *request_env(const struct request *r, const char *name);
const char *request_param(const struct request *r, const char *name);
const char *request_body_param(const struct request *r, const char *name);
int request_parse_pairs(struct request *r, const char *text, size_t len);
int request_add_param(struct request *r, const char *name, const char *value);
struct buf;
bool request_is_https(const struct request *r, const char *trusted_proxies);
bool request_origin(const struct request *r, const char *trusted_proxies, struct buf *out);
void request_free(struct request *r);


#endif
