/*
** buf.h: a growable byte buffer.
**
** A struct buf owns its data. Functions that append never fail: on
** allocation failure they abort the process, because a worker that
** cannot allocate a few kilobytes has nothing sensible left to do.
** The data is always NUL-terminated (after buf_reserve or any append),
** so buf.data can be read as a C string when no NUL was appended.
*/
#ifndef RC_BUF_H
#define RC_BUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct buf {
	char *data;	/* owned; NULL until the first append */
	size_t len;	/* bytes in use, not counting the terminating NUL */
	size_t cap;	/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
int buf_read_file(struct buf *b, const char *path, size_t max);
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
