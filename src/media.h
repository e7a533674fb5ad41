/*
** media.h: the kinds of file the library accepts (by the media type
** libmagic reads from their bytes, never by their name), the extension
** each is stored with, and the names files are stored under.
*/
#ifndef RC_MEDIA_H
#define RC_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

/* BLAKE2b-256 in hex, a dot, an extension of up to four letters. */
#define MEDIA_STORED_MAX (64 + 1 + 4 + 1)

struct media_type {
	const char *type;	/* "image/png" */
	const char *extension;	/* "png" */
	bool image;		/* inserted as an image: needs alternative text */
};

const struct media_type *media_type_find(const char *type);
const char *media_types_accepted(void);
void media_stored_name(const unsigned char *data, size_t len, const struct media_type *m,
		       char out[MEDIA_STORED_MAX]);
bool media_stored_name_ok(const char *name);

#endif
