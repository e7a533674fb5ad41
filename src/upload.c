/*
** upload.c: a multipart/form-data body into the request's parameters
** and its file (upload.h). The parts are split by GMime 3 in the module
** runningcode-multipart.so (multipart.h), loaded by the first upload:
** no hand-written MIME parsing, and no GMime in any other request.
*/
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "module.h"
#include "multipart.h"
#include "text.h"
#include "upload.h"

/*
** Keep the file name the browser gave, less any folders (some browsers
** send a whole path) and cut to UPLOAD_NAME_MAX bytes at a character's
** end; "" when it is not UTF-8 text. Owned by the caller.
*/
static char *file_name(const char *sent)
{
	const char *base = sent ? sent : "";
	const char *slash = strrchr(base, '/'), *backslash = strrchr(base, '\\');
	size_t n;

	if (slash)
		base = slash + 1;
	if (backslash && backslash + 1 > base)
		base = backslash + 1;
	n = strlen(base);
	if (n > UPLOAD_NAME_MAX)
		n = UPLOAD_NAME_MAX;
	while (n > 0 && ((unsigned char)base[n] & 0xc0) == 0x80)
		n--;
	if (!text_is_utf8(base, n) || text_has_control(base, n, false))
		return xstrdup("");
	return xstrndup(base, n);
}

/*
** One part of the form: a text field into req's parameters, the file
** (a part with a file name) into *file, taking its bytes. Returns 0, or
** 400 with req->error set.
*/
static int take_part(struct multipart_part *part, struct request *req, struct upload *file)
{
	if (part->filename == NULL) {
		if (memchr(part->data, '\0', part->len)) {
			req->error = "The request contains a NUL byte.";
			return 400;
		}
		return request_add_param(req, part->name, part->data);
	}
	if (strcmp(part->name, "file") != 0 || file->data) {
		req->error = "The form holds more than one file.";
		return 400;
	}
	if (part->len > 0) {
		file->filename = file_name(part->filename);
		file->len = part->len;
		file->data = (unsigned char *)part->data;
		part->data = NULL;
	}
	return 0;
}

/*
** Read the len bytes of body, sent as content_type (multipart/form-data
** with its boundary), into req's parameters and *file (the caller's;
** upload_free). Returns 0; 400 with req->error set when the body is not
** such a form; 500 with req->error set when the module that reads it
** cannot be loaded (logged).
*/
int upload_parse(const char *content_type, const char *body, size_t len, struct request *req,
		 struct upload *file)
{
	const struct multipart *reader = module_interface(MULTIPART_FILE, MULTIPART_SYMBOL, MULTIPART_ABI);
	struct multipart_part *parts = NULL;
	size_t i, n = 0;
	int status = 0;

	memset(file, 0, sizeof *file);
	if (reader == NULL) {
		req->error = "Uploads cannot be read on this server now; the administrator has been told.";
		return 500;
	}
	req->error = reader->parse(content_type, body, len, REQUEST_PARAMS_MAX, &parts, &n);
	if (req->error)
		return 400;
	for (i = 0; i < n && status == 0; i++)
		status = take_part(&parts[i], req, file);
	if (status != 0)
		upload_free(file);
	reader->free_parts(parts, n);
	return status;
}

/*
** Free what file owns.
*/
void upload_free(struct upload *file)
{
	free(file->filename);
	free(file->data);
	memset(file, 0, sizeof *file);
}
