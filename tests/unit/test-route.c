/*
** test-route.c: dispatch tables (route.c): exact and prefix paths, the
** methods a route accepts, and the Allow header of its 405.
*/
#include <string.h>

#include "route.h"
#include "tap.h"

/* A program's own entries, as the site's and the admin's tables are:
** a struct route first, then what the program needs. */
struct test_route {
	struct route route;
	int handler;
};

static const struct test_route table[] = {
	{ { "/admin/", ALLOW_GET }, 0 },
	{ { "/admin/login", ALLOW_GET | ALLOW_POST }, 1 },
	{ { "/admin/save", ALLOW_POST }, 2 },
	{ { "/admin/*", ALLOW_GET }, 3 },
	{ { "/*", ALLOW_GET }, 4 },
};
#define N (sizeof table / sizeof table[0])

static const struct test_route *find(const char *path)
{
	return route_find(table, N, sizeof table[0], path);
}

static struct request req_with(enum http_method m)
{
	struct request r;

	memset(&r, 0, sizeof r);
	r.method = m;
	return r;
}

int main(void)
{
	static const struct route only_exact[] = {
		{ "/a/", ALLOW_GET },
		{ "/b", ALLOW_GET },
	};
	static const struct route star[] = { { "*", ALLOW_GET } };
	const struct route *get = &table[0].route, *both = &table[1].route, *post = &table[2].route;
	struct request r;

	/* route_find */
	ok(find("/admin/") == &table[0], "exact path wins over a later prefix");
	ok(find("/admin/login") == &table[1], "exact path found");
	ok(find("/admin/save") == &table[2], "another exact path found");
	ok(find("/admin/pages/12") == &table[3], "prefix route matches below it");
	ok(find("/admin/save")->handler == 2, "the entry found is the program's own, with its handler");
	ok(find("/admin/login/") == &table[3], "exact '/admin/login' does not match '/admin/login/'");
	ok(find("/admin/loginx") == &table[3], "exact path does not match a longer one");
	ok(find("/admin") == &table[4], "'/admin/*' does not match '/admin'");
	ok(find("/how/runningcode/") == &table[4], "catch-all prefix '/*'");
	ok(find("/") == &table[4], "'/*' matches '/'");
	ok(find("") == NULL, "empty path matches neither exact nor '/' prefix");
	ok(route_find(only_exact, 2, sizeof only_exact[0], "/a/") == &only_exact[0], "exact-only table: hit");
	ok(route_find(only_exact, 2, sizeof only_exact[0], "/a/b/") == NULL, "exact-only table: no prefix matching");
	ok(route_find(only_exact, 2, sizeof only_exact[0], "/b/") == NULL, "exact-only table: trailing slash differs");
	ok(route_find(only_exact, 2, sizeof only_exact[0], "/") == NULL, "exact-only table: miss is NULL");
	ok(route_find(only_exact, 0, sizeof only_exact[0], "/a/") == NULL, "empty table: NULL");
	ok(route_find(star, 1, sizeof star[0], "anything at all") == &star[0], "'*' alone matches everything");
	ok(route_find(star, 1, sizeof star[0], "") == &star[0], "'*' alone matches the empty path");

	/* route_method_ok */
	r = req_with(METHOD_GET);
	ok(route_method_ok(get, &r), "GET route accepts GET");
	ok(!route_method_ok(post, &r), "POST route refuses GET");
	ok(route_method_ok(both, &r), "GET+POST route accepts GET");
	r = req_with(METHOD_HEAD);
	ok(route_method_ok(get, &r), "GET route accepts HEAD");
	ok(!route_method_ok(post, &r), "POST route refuses HEAD");
	ok(route_method_ok(both, &r), "GET+POST route accepts HEAD");
	r = req_with(METHOD_POST);
	ok(!route_method_ok(get, &r), "GET route refuses POST");
	ok(route_method_ok(post, &r), "POST route accepts POST");
	ok(route_method_ok(both, &r), "GET+POST route accepts POST");
	r = req_with(METHOD_OTHER);
	ok(!route_method_ok(get, &r), "GET route refuses other methods");
	ok(!route_method_ok(post, &r), "POST route refuses other methods");
	ok(!route_method_ok(both, &r), "GET+POST route refuses other methods");

	/* route_allow_header */
	is_str(route_allow_header(get), "GET, HEAD", "Allow of a GET route");
	is_str(route_allow_header(post), "POST", "Allow of a POST route");
	is_str(route_allow_header(both), "GET, HEAD, POST", "Allow of a GET+POST route");
	return tap_done();
}
