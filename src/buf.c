/*
** buf.c: a growable byte buffer and the allocation wrappers that abort
** on failure.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"

/*
** Allocate n bytes; abort on failure. The caller owns the result.
*/
void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		log_fatal("out of memory (%zu bytes)", n);
	return p;
}

/*
** Resize p to n bytes; abort on failure. The caller owns the result.
*/
void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		log_fatal("out of memory (%zu bytes)", n);
	return q;
}

/*
** Copy the string s. The caller owns the result.
*/
char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/*
** Copy the first n bytes of s and terminate them. The caller owns the
** result.
*/
char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
** Make room for extra more bytes plus the terminating NUL.
*/
void buf_reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap = b->cap ? b->cap : 256;

	if (need <= b->cap)
		return;
	if (need < b->len)
		log_fatal("buffer size overflow");
	while (cap < need)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	b->data[b->len] = '\0';
}

/*
** Append len bytes from data.
*/
void buf_append(struct buf *b, const void *data, size_t len)
{
	buf_reserve(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

/*
** Append the C string s.
*/
void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

/*
** Append printf-style formatted text.
*/
void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		log_fatal("bad format string: %s", fmt);
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/*
** Empty the buffer, keeping its allocation for reuse.
*/
void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/*
** Append the contents of the file at path, refusing files over max
** bytes. Return 0, or -1 with errno set (EFBIG when too large).
*/
int buf_read_file(struct buf *b, const char *path, size_t max)
{
	char chunk[8192];
	size_t start = b->len, n;
	FILE *f = fopen(path, "rb");
	int rc = 0;

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len - start + n > max) {
			errno = EFBIG;
			rc = -1;
			break;
		}
		buf_append(b, chunk, n);
	}
	if (rc == 0 && ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

/*
** Hand the data to the caller, who then owns it (never NULL), and
** leave the buffer empty.
*/
char *buf_detach(struct buf *b)
{
	char *p;

	buf_reserve(b, 0);
	p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

/*
** Free the data and leave the buffer empty.
*/
void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
