/*
** compress.h: the gzip and Brotli forms of a file's bytes, as the web
** server sends them to a client that accepts them (published pages and
** their .gz and .br twins: see publish.c).
*/
#ifndef RC_COMPRESS_H
#define RC_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

bool compress_gzip(const char *data, size_t len, struct buf *out);
bool compress_brotli(const char *data, size_t len, struct buf *out);

#endif
