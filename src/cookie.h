/*
** cookie.h: reading one cookie from a Cookie header.
*/
#ifndef RC_COOKIE_H
#define RC_COOKIE_H

#include <stdbool.h>
#include <stddef.h>

bool cookie_get(const char *header, const char *name, char *out, size_t outlen);

#endif
