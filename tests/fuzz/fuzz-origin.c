/*
** fuzz-origin.c: the origin checks (src/request.c request_is_https and
** request_origin, the request's own origin; src/same-site.c
** same_site_post, whether the admin takes a POST).
**
** Input: one byte of flags, then NUL-separated fields: HTTP_HOST,
** SERVER_PORT, HTTPS, REQUEST_SCHEME, HTTP_SEC_FETCH_SITE, HTTP_ORIGIN.
** Flag bit i (0 to 5) leaves field i out of the environment (as a
** server that does not send it); with bit 6 the Origin sent is the one
** this harness expects followed by the field, with bit 7 the field
** followed by it (near misses: "http://host.evil", "http://evil.host").
**
** The site's origin is computed here from the HTTP specifications:
** "https" when HTTPS is "on" or "1" or REQUEST_SCHEME is "https", else
** "http"; "://"; the Host header, when it is 1 to 255 bytes of letters,
** digits and ".-:[]" (else there is none); ":" and SERVER_PORT when the
** host has no port, SERVER_PORT is 1 to 5 digits and not the scheme's
** default. Asserted: request_is_https and request_origin give exactly
** that (request_origin appends nothing when there is none), and
** same_site_post takes the POST exactly when Sec-Fetch-Site is absent,
** "same-origin" or "none", and the Origin is absent or byte for byte
** the site's origin.
*/
#include "fuzz.h"

#include "buf.h"
#include "request.h"
#include "same-site.h"

enum { F_HOST, F_PORT, F_HTTPS, F_SCHEME, F_FETCH_SITE, F_ORIGIN, F_COUNT };

static const char *const env_names[F_COUNT] = {
	"HTTP_HOST", "SERVER_PORT", "HTTPS", "REQUEST_SCHEME", "HTTP_SEC_FETCH_SITE", "HTTP_ORIGIN",
};

/* Whether s is 1 to max bytes of chars. */
static bool made_of(const char *s, size_t max, const char *chars)
{
	size_t n = strlen(s);

	return n >= 1 && n <= max && strspn(s, chars) == n;
}

/* The site's origin as the header comment says, into out; false: none. */
static bool expected_origin(const char *const *env, bool https, struct buf *out)
{
	const char *host = env[F_HOST], *port = env[F_PORT];

	if (host == NULL ||
	    !made_of(host, 255, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]"))
		return false;
	buf_printf(out, "%s://%s", https ? "https" : "http", host);
	if (strchr(host, ':') == NULL && port && made_of(port, 5, "0123456789") &&
	    strcmp(port, https ? "443" : "80") != 0)
		buf_printf(out, ":%s", port);
	return true;
}

/* One input: a POST's server variables, checked as the header says. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *fields[F_COUNT];
	const char *env[F_COUNT];
	char *envp[F_COUNT + 1];
	struct buf want = BUF_INIT, got = BUF_INIT, origin = BUF_INIT;
	struct request r;
	bool https, has_origin, got_origin, fetch_ok, origin_ok, allowed;
	uint8_t flags;
	int i, e = 0;

	if (size < 1)
		return 0;
	flags = data[0];
	fuzz_split(data + 1, size - 1, '\0', fields, F_COUNT);
	for (i = 0; i < F_COUNT; i++)
		env[i] = fields[i] && !(flags & (1u << i)) ? fields[i] : NULL;

	https = (env[F_HTTPS] && (strcmp(env[F_HTTPS], "on") == 0 || strcmp(env[F_HTTPS], "1") == 0)) ||
		(env[F_SCHEME] && strcmp(env[F_SCHEME], "https") == 0);
	has_origin = expected_origin(env, https, &want);

	/* The Origin header: the field, or a near miss of the expected one. */
	if (env[F_ORIGIN] && (flags & 0xC0) && has_origin) {
		if (flags & 0x80)
			buf_puts(&origin, env[F_ORIGIN]);
		buf_puts(&origin, want.data);
		if (flags & 0x40)
			buf_puts(&origin, env[F_ORIGIN]);
		env[F_ORIGIN] = origin.data;
	}
	for (i = 0; i < F_COUNT; i++) {
		if (env[i] == NULL)
			continue;
		envp[e] = malloc(strlen(env_names[i]) + strlen(env[i]) + 2);
		sprintf(envp[e], "%s=%s", env_names[i], env[i]);
		e++;
	}
	envp[e] = NULL;
	memset(&r, 0, sizeof r);
	r.envp = envp;

	FUZZ_ASSERT(request_is_https(&r, NULL) == https, "request_is_https says %d", !https);
	got_origin = request_origin(&r, NULL, &got);
	FUZZ_ASSERT(got_origin == has_origin, "request_origin says %d for host '%s'", got_origin,
		    env[F_HOST] ? env[F_HOST] : "(none)");
	if (has_origin)
		FUZZ_ASSERT(strcmp(got.data, want.data) == 0, "origin '%s', expected '%s'", got.data,
			    want.data);
	else
		FUZZ_ASSERT(got.len == 0, "request_origin appended '%s' for no origin", got.data);

	fetch_ok = env[F_FETCH_SITE] == NULL || strcmp(env[F_FETCH_SITE], "same-origin") == 0 ||
		   strcmp(env[F_FETCH_SITE], "none") == 0;
	origin_ok = env[F_ORIGIN] == NULL || (has_origin && strcmp(env[F_ORIGIN], want.data) == 0);
	allowed = same_site_post(&r, NULL);
	FUZZ_ASSERT(allowed == (fetch_ok && origin_ok),
		    "same_site_post %s a POST with Origin '%s', Sec-Fetch-Site '%s', site origin '%s'",
		    allowed ? "takes" : "refuses", env[F_ORIGIN] ? env[F_ORIGIN] : "(none)",
		    env[F_FETCH_SITE] ? env[F_FETCH_SITE] : "(none)", has_origin ? want.data : "(none)");

	for (i = 0; i < e; i++)
		free(envp[i]);
	buf_free(&want);
	buf_free(&got);
	buf_free(&origin);
	fuzz_free_fields(fields, F_COUNT);
	return 0;
}
