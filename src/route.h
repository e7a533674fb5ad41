/*
** route.h: dispatch tables. Each program (the public site, the admin)
** lists its paths, the methods each accepts and the checks each needs
** in one table, as cgit's cmd.c does; handlers never repeat the checks.
** A program's table entry is its own struct, with its own typed handler,
** whose first member is a struct route: route_find walks any of them.
*/
#ifndef RC_ROUTE_H
#define RC_ROUTE_H

#include <stddef.h>

#include "request.h"

#define ALLOW_GET  (1u << 0)	/* GET and HEAD */
#define ALLOW_POST (1u << 1)

struct route {
	const char *path;	/* exact path, or a prefix when it ends with '*' */
	unsigned methods;	/* ALLOW_* bits */
};

const void *route_find(const void *table, size_t n, size_t size, const char *path);
int route_method_ok(const struct route *r, const struct request *req);
const char *route_allow_header(const struct route *r);

#endif
