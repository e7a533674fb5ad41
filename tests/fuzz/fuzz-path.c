/*
** fuzz-path.c: page path validation (src/validate.c validate_page_path),
** what an editor types as a page's address.
**
** The input, cut at its first NUL as a form value would be, is checked
** as it is, and once more with each byte mapped onto '/', a-z, '0',
** '.', '-' and '_' (so that most inputs are paths the validator has to
** look at closely). A refusal must say why. An
** accepted path must be:
**  - "/" or "/seg/.../", at most VALIDATE_PATH_MAX bytes, of
**    [a-z0-9._-] between the slashes;
**  - without an empty segment ("//"), a segment starting with a dot
**    (so never "." or ".."), or a segment named index.html (the name of
**    the published file: the folder of a page would take its parent's
**    file's place);
**  - not under /admin/, /static/ or /search/;
**  - the address the worker finds it at: request intake, given it as
**    REQUEST_URI, accepts it and yields the same path.
*/
#include "fuzz.h"

#include "request.h"
#include "validate.h"

/* What the mapped copy of the input is made of. */
static const char path_bytes[] = "/abcdefghijklmnopqrstuvwxyz0.-_/";

/* Whether the len bytes at seg are the segment name. */
static bool segment_is(const char *seg, size_t len, const char *name)
{
	return len == strlen(name) && memcmp(seg, name, len) == 0;
}

/* The path request intake makes of uri, or NULL when it refuses it
** (the caller frees it). */
static char *intake_path(const char *uri)
{
	struct request r;
	char *env[3], *path = NULL;
	size_t len = strlen("REQUEST_URI=") + strlen(uri) + 1;

	env[0] = malloc(len);
	snprintf(env[0], len, "REQUEST_URI=%s", uri);
	env[1] = (char *)"REQUEST_METHOD=GET";
	env[2] = NULL;
	if (request_parse(&r, env) == 0)
		path = strdup(r.path);
	request_free(&r);
	free(env[0]);
	return path;
}

/* Check what validate_page_path says of v (see the header comment). */
static void check_page_path(const char *v)
{
	static const char *const reserved[] = { "/admin/", "/static/", "/search/" };
	const char *msg = validate_page_path(v);
	size_t len = strlen(v), i;
	const char *seg;
	char *served;

	if (msg != NULL) {
		FUZZ_ASSERT(*msg, "a path refused without a reason: %s", v);
		return;
	}
	FUZZ_ASSERT(len >= 1 && len <= VALIDATE_PATH_MAX, "path of %zu bytes accepted", len);
	FUZZ_ASSERT(v[0] == '/' && v[len - 1] == '/', "path accepted without its slashes: %s", v);
	FUZZ_ASSERT(strspn(v, "/abcdefghijklmnopqrstuvwxyz0123456789._-") == len,
		    "path accepted with a byte outside [a-z0-9._-/]: %s", v);
	FUZZ_ASSERT(strstr(v, "//") == NULL, "path accepted with an empty segment: %s", v);
	/* Each segment, between two slashes. */
	for (seg = v + 1; *seg; seg += strcspn(seg, "/") + 1) {
		size_t n = strcspn(seg, "/");

		FUZZ_ASSERT(seg[0] != '.', "path accepted with a segment starting with a dot: %s", v);
		FUZZ_ASSERT(!segment_is(seg, n, "..") && !segment_is(seg, n, "."),
			    "path accepted with a dot segment: %s", v);
		FUZZ_ASSERT(!segment_is(seg, n, "index.html"),
			    "path accepted with an index.html segment: %s", v);
	}
	for (i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		FUZZ_ASSERT(strncmp(v, reserved[i], strlen(reserved[i])) != 0,
			    "reserved path accepted: %s", v);
	served = intake_path(v);
	FUZZ_ASSERT(served != NULL, "request intake refuses the accepted path %s", v);
	FUZZ_ASSERT(strcmp(served, v) == 0, "path %s is served at %s", v, served);
	free(served);
}

/* One input: as it is, then mapped onto path characters. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v = fuzz_strndup(data, size);
	size_t i;

	check_page_path(v);
	for (i = 0; v[i]; i++)
		v[i] = path_bytes[(unsigned char)v[i] % 32];
	check_page_path(v);
	free(v);
	return 0;
}
