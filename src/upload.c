/*
** upload.c: a multipart/form-data body into the request's parameters
** and its file (upload.h), through GMime 3, which reads RFC 2046
** multipart and RFC 2231 parameters: no hand-written MIME parsing.
** GMime parses a whole message, so the body is given to it behind a
** header made from the request's Content-Type (which carries the
** boundary).
*/
#include <gmime/gmime.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "upload.h"

/*
** Append the decoded content of part (a leaf) to out (the caller's).
*/
static void part_content(GMimeObject *part, struct buf *out)
{
	GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(part));
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *bytes;

	if (content)
		g_mime_data_wrapper_write_to_stream(content, mem);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	buf_append(out, bytes->data, bytes->len);
	g_object_unref(mem);
}

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
** (a part with a file name) into *file. Returns 0, or 400 with
** req->error set.
*/
static int take_part(GMimeObject *part, struct request *req, struct upload *file)
{
	GMimeContentDisposition *disposition = g_mime_object_get_content_disposition(part);
	const char *name = disposition ? g_mime_content_disposition_get_parameter(disposition, "name") : NULL;
	const char *filename = disposition ?
			       g_mime_content_disposition_get_parameter(disposition, "filename") : NULL;
	struct buf bytes = BUF_INIT;
	int status = 0;

	if (!GMIME_IS_PART(part) || name == NULL) {
		req->error = "The form holds a part that is not a field of it.";
		return 400;
	}
	part_content(part, &bytes);
	if (filename == NULL) {
		if (bytes.len > 0 && memchr(bytes.data, '\0', bytes.len)) {
			req->error = "The request contains a NUL byte.";
			status = 400;
		} else {
			status = request_add_param(req, name, bytes.len > 0 ? bytes.data : "");
		}
	} else if (strcmp(name, "file") != 0 || file->data) {
		req->error = "The form holds more than one file.";
		status = 400;
	} else if (bytes.len > 0) {
		file->filename = file_name(filename);
		file->len = bytes.len;
		file->data = (unsigned char *)buf_detach(&bytes);
	}
	buf_free(&bytes);
	return status;
}

/*
** Read the len bytes of body, sent as content_type (multipart/form-data
** with its boundary), into req's parameters and *file (the caller's;
** upload_free). A body that does not end with the closing delimiter
** arrived cut short: GMime would take what came. Returns 0, or 400
** with req->error set.
*/
int upload_parse(const char *content_type, const char *body, size_t len, struct request *req,
		 struct upload *file)
{
	GMimeContentType *type;
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeObject *form = NULL;
	struct buf message = BUF_INIT, closing = BUF_INIT;
	const char *boundary;
	int i, n, status = 400;

	memset(file, 0, sizeof *file);
	/* Once per process (later calls do nothing); never shut down: GMime
	** 3.2's shutdown leaks what the next init registers again. */
	g_mime_init();
	type = g_mime_content_type_parse(NULL, content_type);
	boundary = type ? g_mime_content_type_get_parameter(type, "boundary") : NULL;
	req->error = "The form is not multipart/form-data with a boundary.";
	if (type == NULL || !g_mime_content_type_is_type(type, "multipart", "form-data") ||
	    boundary == NULL || *boundary == '\0' || strlen(boundary) > 70)
		goto done;
	buf_printf(&closing, "--%s--", boundary);
	req->error = "The form arrived incomplete.";
	if (len < closing.len || !memmem(body, len, closing.data, closing.len))
		goto done;
	buf_printf(&message, "MIME-Version: 1.0\r\nContent-Type: multipart/form-data; boundary=\"%s\"\r\n\r\n",
		   boundary);
	buf_append(&message, body, len);
	stream = g_mime_stream_mem_new_with_buffer(message.data, message.len);
	parser = g_mime_parser_new_with_stream(stream);
	form = g_mime_parser_construct_part(parser, NULL);
	req->error = "The form's parts cannot be read.";
	if (form == NULL || !GMIME_IS_MULTIPART(form))
		goto done;
	n = g_mime_multipart_get_count(GMIME_MULTIPART(form));
	if (n > REQUEST_PARAMS_MAX) {
		req->error = "The request has too many parameters.";
		goto done;
	}
	status = 0;
	req->error = NULL;
	for (i = 0; i < n && status == 0; i++)
		status = take_part(g_mime_multipart_get_part(GMIME_MULTIPART(form), i), req, file);
done:
	if (status != 0)
		upload_free(file);
	if (form)
		g_object_unref(form);
	if (parser)
		g_object_unref(parser);
	if (stream)
		g_object_unref(stream);
	if (type)
		g_object_unref(type);
	buf_free(&message);
	buf_free(&closing);
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
