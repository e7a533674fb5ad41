/*
** multipart.c: the module runningcode-multipart.so (multipart.h), built
** as a shared object of its own with GMime 3; nothing of the programs
** is linked into it. GMime parses a whole message, so the body is given
** to it behind a header made from the request's Content-Type (which
** carries the boundary).
*/
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

/* A copy of len bytes of data with a NUL after them (the caller's), or
** NULL when memory runs out. */
static char *copy(const void *data, size_t len)
{
	char *c = malloc(len + 1);

	if (c) {
		if (len > 0)
			memcpy(c, data, len);
		c[len] = '\0';
	}
	return c;
}

/*
** Fill *out with part (a leaf with a name): its name, file name and
** decoded content. Returns NULL, or why not.
*/
static const char *take_part(GMimeObject *part, struct multipart_part *out)
{
	GMimeContentDisposition *disposition = g_mime_object_get_content_disposition(part);
	const char *name = disposition ? g_mime_content_disposition_get_parameter(disposition, "name") : NULL;
	const char *filename = disposition ?
			       g_mime_content_disposition_get_parameter(disposition, "filename") : NULL;
	GMimeDataWrapper *content;
	GMimeStream *mem;
	GByteArray *bytes;

	if (!GMIME_IS_PART(part) || name == NULL)
		return "The form holds a part that is not a field of it.";
	content = g_mime_part_get_content(GMIME_PART(part));
	mem = g_mime_stream_mem_new();
	if (content)
		g_mime_data_wrapper_write_to_stream(content, mem);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	out->name = copy(name, strlen(name));
	out->filename = filename ? copy(filename, strlen(filename)) : NULL;
	out->data = copy(bytes->data, bytes->len);
	out->len = bytes->len;
	g_object_unref(mem);
	if (out->name == NULL || (filename && out->filename == NULL) || out->data == NULL)
		return "The form is too large to be read.";
	return NULL;
}

/* See struct multipart. */
static void free_parts(struct multipart_part *parts, size_t n)
{
	size_t i;

	for (i = 0; parts && i < n; i++) {
		free(parts[i].name);
		free(parts[i].filename);
		free(parts[i].data);
	}
	free(parts);
}

/* See struct multipart. */
static const char *parse(const char *content_type, const char *body, size_t len, size_t max_parts,
			 struct multipart_part **parts, size_t *n)
{
	static const char header[] = "MIME-Version: 1.0\r\nContent-Type: multipart/form-data; boundary=\"";
	GMimeContentType *type;
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeObject *form = NULL;
	GByteArray *message = NULL;
	char closing[2 + 70 + 2 + 1];
	const char *boundary, *error;
	int i, count;

	*parts = NULL;
	*n = 0;
	/* Once per process (later calls do nothing); never shut down: GMime
	** 3.2's shutdown leaks what the next init registers again. */
	g_mime_init();
	type = g_mime_content_type_parse(NULL, content_type);
	boundary = type ? g_mime_content_type_get_parameter(type, "boundary") : NULL;
	error = "The form is not multipart/form-data with a boundary.";
	if (type == NULL || !g_mime_content_type_is_type(type, "multipart", "form-data") ||
	    boundary == NULL || *boundary == '\0' || strlen(boundary) > 70)
		goto done;
	snprintf(closing, sizeof closing, "--%s--", boundary);
	error = "The form arrived incomplete.";
	if (len < strlen(closing) || !memmem(body, len, closing, strlen(closing)))
		goto done;
	message = g_byte_array_sized_new(sizeof header + 70 + 4 + len);
	g_byte_array_append(message, (const guint8 *)header, sizeof header - 1);
	g_byte_array_append(message, (const guint8 *)boundary, strlen(boundary));
	g_byte_array_append(message, (const guint8 *)"\"\r\n\r\n", 5);
	g_byte_array_append(message, (const guint8 *)body, len);
	/* The stream takes the array (and frees it). */
	stream = g_mime_stream_mem_new_with_byte_array(message);
	parser = g_mime_parser_new_with_stream(stream);
	form = g_mime_parser_construct_part(parser, NULL);
	error = "The form's parts cannot be read.";
	if (form == NULL || !GMIME_IS_MULTIPART(form))
		goto done;
	count = g_mime_multipart_get_count(GMIME_MULTIPART(form));
	error = "The request has too many parameters.";
	if (count < 0 || (size_t)count > max_parts)
		goto done;
	error = "The form is too large to be read.";
	if ((*parts = calloc(count ? (size_t)count : 1, sizeof **parts)) == NULL)
		goto done;
	error = NULL;
	for (i = 0; i < count && error == NULL; i++, ++*n)
		error = take_part(g_mime_multipart_get_part(GMIME_MULTIPART(form), i), &(*parts)[i]);
done:
	if (error) {
		free_parts(*parts, *n);
		*parts = NULL;
		*n = 0;
	}
	if (form)
		g_object_unref(form);
	if (parser)
		g_object_unref(parser);
	if (stream)
		g_object_unref(stream);
	if (type)
		g_object_unref(type);
	return error;
}

/* The module's interface (module.h), the one symbol it exports. */
__attribute__((visibility("default"))) const struct multipart runningcode_multipart = {
	.abi = MULTIPART_ABI,
	.parse = parse,
	.free_parts = free_parts,
};
