/*
** media.c: the file library's media types and stored names (media.h).
** A stored name is the BLAKE2b-256 hash of the bytes (libsodium's
** generichash) and the type's extension: the same bytes always get the
** same name, a name never gets other bytes, so the web server may let
** browsers keep a file for a year (conf/).
*/
#include <sodium.h>
#include <string.h>

#include "media.h"

/* What the library takes. SVG is an image, but conf/ serves it as a
** download: a script in it would otherwise run on the site's origin. */
static const struct media_type types[] = {
	{ "image/png", "png", true },
	{ "image/jpeg", "jpg", true },
	{ "image/webp", "webp", true },
	{ "image/svg+xml", "svg", true },
	{ "application/pdf", "pdf", false },
	{ "text/plain", "txt", false },
};

#define NTYPES (sizeof types / sizeof types[0])

/*
** The accepted type called type (as libmagic names it), or NULL: a
** static entry.
*/
const struct media_type *media_type_find(const char *type)
{
	size_t i;

	for (i = 0; type && i < NTYPES; i++)
		if (strcmp(types[i].type, type) == 0)
			return &types[i];
	return NULL;
}

/*
** The accepted kinds of file as a person reads them, for messages: a
** static string.
*/
const char *media_types_accepted(void)
{
	return "PNG, JPEG, WebP or SVG images, PDF documents or plain text";
}

/*
** Put into out the name the len bytes at data are stored under, as
** type m: "<hash>.<extension>".
*/
void media_stored_name(const unsigned char *data, size_t len, const struct media_type *m,
		       char out[MEDIA_STORED_MAX])
{
	unsigned char hash[32];

	crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
	sodium_bin2hex(out, 65, hash, sizeof hash);
	out[64] = '.';
	strcpy(out + 65, m->extension);
}

/*
** Whether name has the form of a stored name: 64 lowercase hex digits,
** a dot, an accepted type's extension (so it never leaves the files
** folder, whatever a form says).
*/
bool media_stored_name_ok(const char *name)
{
	size_t i;

	if (strlen(name) < 66 || name[64] != '.')
		return false;
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", name[i]))
			return false;
	for (i = 0; i < NTYPES; i++)
		if (strcmp(name + 65, types[i].extension) == 0)
			return true;
	return false;
}
