/*
** route.c: matching a request against a dispatch table.
*/
#include <string.h>

#include "route.h"

/*
** The first of the n entries of table (each size bytes, beginning with
** a struct route) whose path matches path (exactly, or as a prefix for
** patterns ending in '*'), or NULL.
*/
const void *route_find(const void *table, size_t n, size_t size, const char *path)
{
	const char *entry = table;
	size_t i;

	for (i = 0; i < n; i++, entry += size) {
		const char *p = ((const struct route *)(const void *)entry)->path;
		size_t len = strlen(p);

		if (len && p[len - 1] == '*' ? strncmp(path, p, len - 1) == 0 : strcmp(path, p) == 0)
			return entry;
	}
	return NULL;
}

/*
** Return whether r accepts the request's method (HEAD goes with GET).
*/
int route_method_ok(const struct route *r, const struct request *req)
{
	switch (req->method) {
	case METHOD_GET:
	case METHOD_HEAD:
		return (r->methods & ALLOW_GET) != 0;
	case METHOD_POST:
		return (r->methods & ALLOW_POST) != 0;
	default:
		return 0;
	}
}

/*
** The value of the Allow header that a 405 for r carries.
*/
const char *route_allow_header(const struct route *r)
{
	if ((r->methods & (ALLOW_GET | ALLOW_POST)) == (ALLOW_GET | ALLOW_POST))
		return "GET, HEAD, POST";
	return r->methods & ALLOW_POST ? "POST" : "GET, HEAD";
}
