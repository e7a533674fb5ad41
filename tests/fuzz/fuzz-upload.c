/*
** fuzz-upload.c: what an upload form sends, read by src/upload.c
** (GMime), and the image header reader (src/image-size.c) on the file
** it yields.
**
** The input is a multipart/form-data body with the boundary "B" (the
** seeds in corpus/fuzz-upload/ are whole forms). Whatever it is,
** upload_parse answers 0 or 400, never past the input; on 0, every
** parameter is UTF-8 text of a form's field name, at most one file came,
** its name holds no folder, and image_size on its bytes, as each image
** type, stays inside them. Nothing leaks (LeakSanitizer).
*/
#include "fuzz.h"

#include "image-size.h"
#include "request.h"
#include "text.h"
#include "upload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "image/png", "image/jpeg", "image/webp", "image/svg+xml" };
	struct request req;
	struct upload file;
	char *body = malloc(size ? size : 1);
	unsigned long w, h;
	size_t i;
	int status, p;

	memcpy(body, data, size);
	memset(&req, 0, sizeof req);
	status = upload_parse("multipart/form-data; boundary=B", body, size, &req, &file);
	FUZZ_ASSERT(status == 0 || status == 400, "status %d", status);
	FUZZ_ASSERT(status == 0 || (req.error && file.data == NULL), "a refusal says why and keeps no file");
	for (p = 0; p < req.nparams; p++)
		FUZZ_ASSERT(text_is_utf8(req.params[p].value, strlen(req.params[p].value)),
			    "parameter %s is not UTF-8", req.params[p].name);
	if (file.data) {
		FUZZ_ASSERT(file.len > 0, "an empty file kept");
		FUZZ_ASSERT(!strchr(file.filename, '/') && !strchr(file.filename, '\\'),
			    "file name %s holds a folder", file.filename);
		for (i = 0; i < sizeof types / sizeof types[0]; i++)
			image_size(types[i], file.data, file.len, &w, &h);
	}
	upload_free(&file);
	request_free(&req);
	free(body);
	return 0;
}
