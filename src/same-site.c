/*
** same-site.c: whether a POST comes from this site, and whether an
** address to go to after login stays on it (see same-site.h). Both only
** read what they are given; the caller owns it.
*/
#include <string.h>

#include "buf.h"
#include "request.h"
#include "same-site.h"
#include "text.h"

/*
** Whether the POST r comes from this site. Browsers send Origin with
** every POST and Sec-Fetch-Site with every request; a value naming
** another site means a forged cross-site request. Tools that send
** neither fall back on the CSRF token alone. Origin must be this site's
** origin as request_origin makes it (scheme, host, and a port that is
** not the scheme's default; https also behind a proxy of trusted_proxies
** that says so).
*/
bool same_site_post(const struct request *r, const char *trusted_proxies)
{
	const char *origin = request_env(r, "HTTP_ORIGIN");
	const char *fetch_site = request_env(r, "HTTP_SEC_FETCH_SITE");
	struct buf ours = BUF_INIT;
	bool ok;

	if (fetch_site && strcmp(fetch_site, "same-origin") != 0 && strcmp(fetch_site, "none") != 0)
		return false;
	if (origin == NULL)
		return true;
	ok = request_origin(r, trusted_proxies, &ours) && strcmp(origin, ours.data) == 0;
	buf_free(&ours);
	return ok;
}

/*
** Whether next (a decoded parameter) is a safe place to go after login:
** an admin path on this site, never another host ("//evil", "/\evil",
** "http:...") nor out of /admin/ through dot segments, plain or encoded
** ("/admin/%2e%2e/x").
*/
bool same_site_admin_path(const char *next)
{
	return strncmp(next, "/admin/", 7) == 0 && strstr(next, "//") == NULL &&
	       strchr(next, '\\') == NULL && strstr(next, "/.") == NULL &&
	       strcasestr(next, "%2e") == NULL && strchr(next, '#') == NULL &&
	       !text_has_control(next, strlen(next), false) && strlen(next) < 1000;
}
