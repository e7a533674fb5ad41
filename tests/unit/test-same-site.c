/*
** test-same-site.c: the admin's same-site checks (same-site.c): which
** Origin and Sec-Fetch-Site headers a POST may carry, and which next=
** addresses the login form goes back to.
*/
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "request.h"
#include "same-site.h"
#include "tap.h"

/* A POST's server variables and whether same_site_post lets it through. */
struct post_case {
	const char *env[6];	/* "NAME=value", up to the first NULL */
	bool allowed;
};

/*
** A POST passes with no Origin or with this site's exact origin (scheme,
** host, a port only when not the default), and with Sec-Fetch-Site
** same-origin or none; anything else is refused.
*/
static void test_post(void)
{
	static const struct post_case cases[] = {
		{ { "HTTP_HOST=example.org", NULL }, true },
		{ { "HTTP_HOST=example.org", "HTTP_ORIGIN=http://example.org", NULL }, true },
		{ { "HTTP_HOST=example.org", "HTTPS=on", "HTTP_ORIGIN=https://example.org", NULL }, true },
		{ { "HTTP_HOST=example.org", "HTTPS=on", "HTTP_ORIGIN=http://example.org", NULL }, false },
		{ { "HTTP_HOST=example.org", "SERVER_PORT=8080", "HTTP_ORIGIN=http://example.org:8080",
		    NULL }, true },
		{ { "HTTP_HOST=example.org", "SERVER_PORT=8080", "HTTP_ORIGIN=http://example.org", NULL },
		  false },
		{ { "HTTP_HOST=example.org:8080", "SERVER_PORT=8080",
		    "HTTP_ORIGIN=http://example.org:8080", NULL }, true },
		{ { "HTTP_HOST=example.org", "HTTP_ORIGIN=http://example.org/", NULL }, false },
		{ { "HTTP_HOST=example.org", "HTTP_ORIGIN=http://evil.example", NULL }, false },
		{ { "HTTP_HOST=example.org", "HTTP_ORIGIN=null", NULL }, false },
		{ { "HTTP_HOST=example.org", "HTTP_ORIGIN=", NULL }, false },
		{ { "HTTP_HOST=exa mple.org", "HTTP_ORIGIN=http://exa mple.org", NULL }, false },
		{ { "HTTP_ORIGIN=http://", NULL }, false },
		{ { "HTTP_HOST=example.org", "HTTP_SEC_FETCH_SITE=same-origin", NULL }, true },
		{ { "HTTP_HOST=example.org", "HTTP_SEC_FETCH_SITE=none", NULL }, true },
		{ { "HTTP_HOST=example.org", "HTTP_SEC_FETCH_SITE=same-site", NULL }, false },
		{ { "HTTP_HOST=example.org", "HTTP_SEC_FETCH_SITE=cross-site",
		    "HTTP_ORIGIN=http://example.org", NULL }, false },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf what = BUF_INIT;
		struct request r;
		char *env[7];
		size_t k;

		memset(&r, 0, sizeof r);
		for (k = 0; cases[i].env[k]; k++) {
			env[k] = (char *)cases[i].env[k];
			buf_printf(&what, "%s%s", k ? ", " : "", env[k]);
		}
		env[k] = NULL;
		r.envp = env;
		is_int(same_site_post(&r, NULL), cases[i].allowed, "POST with %s", what.data);
		buf_free(&what);
	}
}

/*
** next= goes back to a path under /admin/ of this site, never to another
** host, out of /admin/ through dot segments, or with controls or a
** fragment; at most 999 bytes.
*/
static void test_admin_path(void)
{
	static const struct {
		const char *next;
		bool allowed;
		const char *what;	/* for the test's name, or NULL: next itself */
	} cases[] = {
		{ "/admin/", true, NULL },
		{ "/admin/edit?type=page&id=3", true, NULL },
		{ "/admin/history?type=page&id=a.b", true, NULL },
		{ "", false, NULL },
		{ "/", false, NULL },
		{ "/admin", false, NULL },
		{ "/about/", false, NULL },
		{ "//evil.example/admin/", false, NULL },
		{ "/admin//evil.example", false, NULL },
		{ "/admin/\\evil.example", false, NULL },
		{ "http://evil.example/admin/", false, NULL },
		{ "/admin/../about/", false, NULL },
		{ "/admin/./", false, NULL },
		{ "/admin/%2e%2e/about/", false, NULL },
		{ "/admin/%2E%2E/about/", false, NULL },
		{ "/admin/#x", false, NULL },
		{ "/admin/\tx", false, "/admin/<TAB>x" },
		{ "/admin/\x7f", false, "/admin/<DEL>" },
	};
	char *longest;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(same_site_admin_path(cases[i].next), cases[i].allowed, "next=%s",
		       cases[i].what ? cases[i].what : cases[i].next);
	longest = malloc(1001);
	memcpy(longest, "/admin/", 7);
	memset(longest + 7, 'a', 1000 - 7);
	longest[999] = '\0';
	ok(same_site_admin_path(longest), "next of 999 bytes allowed");
	longest[999] = 'a';
	longest[1000] = '\0';
	ok(!same_site_admin_path(longest), "next of 1000 bytes refused");
	free(longest);
}

int main(void)
{
	test_post();
	test_admin_path();
	return tap_done();
}
