/*
** multipart.h: the interface of the module runningcode-multipart.so
** (module.h): a multipart/form-data body (RFC 7578, RFC 2046 multipart,
** RFC 2231 parameters) split into its parts by GMime 3. What the parts
** mean to the admin is upload.c's; only an upload loads this module.
*/
#ifndef RC_MULTIPART_H
#define RC_MULTIPART_H

#include <stddef.h>

/* Bumped whenever struct multipart_part or struct multipart changes. */
#define MULTIPART_ABI 1
#define MULTIPART_FILE "runningcode-multipart.so"
#define MULTIPART_SYMBOL "runningcode_multipart"

/* One part of a form, as sent. Each string is malloc'ed: a caller may
** take one (setting it NULL) and free() it itself. */
struct multipart_part {
	char *name;		/* owned: the field's name */
	char *filename;		/* owned: the file name sent with it; NULL: a text field */
	char *data;		/* owned: its decoded bytes, with a NUL after them */
	size_t len;
};

struct multipart {
	unsigned abi;		/* MULTIPART_ABI */
	/* Split the len bytes of body, sent as content_type (which must be
	** multipart/form-data with a boundary of at most 70 characters),
	** into *parts (the caller's: free_parts) and *n, at most max_parts
	** of them. Returns NULL, or a message for the person who sent it
	** (static text) with *parts NULL. A body cut short (no closing
	** delimiter) is refused: GMime would take what came. */
	const char *(*parse)(const char *content_type, const char *body, size_t len,
			     size_t max_parts, struct multipart_part **parts, size_t *n);
	/* Free parts[0..n) and the array. */
	void (*free_parts)(struct multipart_part *parts, size_t n);
};

#endif
