/*
** fuzz-next.c: where the login form sends an editor back to, its next=
** parameter (src/same-site.c same_site_admin_path).
**
** The input, cut at its first NUL as a parameter would be, is checked
** as it is and after "/admin/" (so that most inputs are near the paths
** the check lets through). An accepted next must be:
**  - a path of this site: "/" then not '/' or '\' (no "//host" nor
**    "/\host", which browsers read as another host), so no scheme;
**  - without '\', "//", '#', C0 controls or DEL anywhere (browsers drop
**    tab and line breaks inside a URL, and a line break would end the
**    Location header), under 1000 bytes;
**  - under /admin/ once a browser resolves it: its path (up to '?'),
**    with the dot segments of the WHATWG URL standard (".", "..",
**    "%2e", ".%2e", "%2e.", "%2e%2e", any case) removed, still starts
**    with "/admin/";
**  - a Location the reply takes (reply_redirect).
*/
#include "fuzz.h"

#include "buf.h"
#include "reply.h"
#include "same-site.h"

/* Whether the len bytes at seg are a single-dot segment (WHATWG URL). */
static bool single_dot(const char *seg, size_t len)
{
	return (len == 1 && seg[0] == '.') || (len == 3 && strncasecmp(seg, "%2e", 3) == 0);
}

/* Whether the len bytes at seg are a double-dot segment (WHATWG URL). */
static bool double_dot(const char *seg, size_t len)
{
	return (len == 2 && strncmp(seg, "..", 2) == 0) ||
	       (len == 4 && (strncasecmp(seg, ".%2e", 4) == 0 || strncasecmp(seg, "%2e.", 4) == 0)) ||
	       (len == 6 && strncasecmp(seg, "%2e%2e", 6) == 0);
}

/*
** The path a browser goes to for the path-absolute URL next: its path
** (up to '?' or '#') with dot segments resolved, into out.
*/
static void resolved_path(const char *next, struct buf *out)
{
	size_t end = strcspn(next, "?#"), at = 1;

	buf_reset(out);
	buf_puts(out, "/");
	while (at <= end) {
		size_t n = strcspn(next + at, "/?#");
		bool last = at + n >= end;

		if (n > end - at)
			n = end - at;
		if (double_dot(next + at, n)) {
			/* Up one: drop the last segment written. */
			if (out->len > 1) {
				out->len--;
				while (out->len > 1 && out->data[out->len - 1] != '/')
					out->len--;
				out->data[out->len] = '\0';
			}
		} else if (!single_dot(next + at, n)) {
			buf_append(out, next + at, n);
			if (!last)
				buf_puts(out, "/");
		}
		at += n + 1;
	}
}

/* Check what same_site_admin_path says of next (see the header comment). */
static void check_next(const char *next)
{
	struct buf path = BUF_INIT;
	struct reply rep;
	size_t len = strlen(next), i;

	if (!same_site_admin_path(next))
		return;
	FUZZ_ASSERT(next[0] == '/' && next[1] != '/' && next[1] != '\\',
		    "next accepted that is not a path of this site: %s", next);
	FUZZ_ASSERT(strchr(next, '\\') == NULL && strstr(next, "//") == NULL &&
		    strchr(next, '#') == NULL, "next accepted with '\\', \"//\" or '#': %s", next);
	for (i = 0; i < len; i++)
		FUZZ_ASSERT((unsigned char)next[i] >= 0x20 && next[i] != 0x7F,
			    "next accepted with control byte 0x%02x", (unsigned char)next[i]);
	FUZZ_ASSERT(len < 1000, "next of %zu bytes accepted", len);
	resolved_path(next, &path);
	FUZZ_ASSERT(strncmp(path.data, "/admin/", 7) == 0,
		    "next %s accepted, but a browser goes to %s", next, path.data);
	reply_init(&rep);
	FUZZ_ASSERT(reply_redirect(&rep, 303, next) == 0, "the reply refuses next %s", next);
	reply_free(&rep);
	buf_free(&path);
}

/* One input: as it is, then after "/admin/". */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *next = fuzz_strndup(data, size);
	struct buf admin = BUF_INIT;

	check_next(next);
	buf_puts(&admin, "/admin/");
	buf_puts(&admin, next);
	check_next(admin.data);
	buf_free(&admin);
	free(next);
	return 0;
}
