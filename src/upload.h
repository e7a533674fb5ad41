/*
** upload.h: a multipart/form-data body (RFC 7578, RFC 2046 multipart),
** read with GMime: its text fields become the request's parameters, its
** one file part is kept whole in memory. Only the admin reads one
** (/admin/files); the web server and admin-main.c bound its size first.
*/
#ifndef RC_UPLOAD_H
#define RC_UPLOAD_H

#include <stddef.h>

#include "request.h"

#define UPLOAD_NAME_MAX 200	/* bytes of the file's name kept */
#define UPLOAD_FIELDS_MAX (64 * 1024)	/* bytes of a body beside its file: the text fields */

/* The file of an upload form; data NULL: none was chosen. */
struct upload {
	char *filename;		/* owned: the browser's name for it, without folders; "" */
	unsigned char *data;	/* owned */
	size_t len;
};

int upload_parse(const char *content_type, const char *body, size_t len, struct request *req,
		 struct upload *file);
void upload_free(struct upload *file);

#endif
