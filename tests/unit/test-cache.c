/*
** test-cache.c: the worker's page cache (site-cache.c) called directly:
** a page is found under the generation it was stored in and no other; a
** new generation drops every page at once; the memory bound evicts the
** least recently used first, and a get refreshes; cache_drops counts
** what left; a page keeps its Last-Modified while its ETag stays the
** same. The content mark from the side test-template.c does not take
** (it covers, through the worker's requests, each table's triggers and
** a late note of an old mark): the same mark noted twice, a stale note
** that leaves the noted mark in place; and cache_follow_database on a
** real database: a commit that visitors see, one they do not, none, a
** connection opened anew.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "http-validators.h"
#include "site-cache.h"
#include "store.h"
#include "tap.h"
#include "testdb.h"

#define PAGE 8500	/* bytes: four pages fit in 40,000, five do not */

/* Store a page of len bytes of c at path in generation g, with its
** validators and Last-Modified modified. */
static void put(const char *path, unsigned g, size_t len, char c, time_t modified)
{
	struct page_validators v;
	struct buf body = BUF_INIT;

	buf_reserve(&body, len);
	memset(body.data, c, len);
	body.len = len;
	conditional_validators(body.data, body.len, &v);
	conditional_set_last_modified(&v, modified);
	cache_put(path, g, &body, &v);
	buf_free(&body);
}

/* Whether the page at path is found under g; with c, whether its body is
** all c. */
static bool found(const char *path, unsigned g, char c)
{
	struct page_validators v;
	struct buf body = BUF_INIT;
	bool hit = cache_get(path, g, &body, &v);
	size_t i;

	for (i = 0; hit && c && i < body.len; i++)
		hit = body.data[i] == c;
	buf_free(&body);
	return hit;
}

/*
** The memory bound: pages past it evict the least recently used first;
** a get makes a page recent; a page too large for a quarter of the
** cache is not kept; each page that leaves counts in cache_drops.
*/
static void test_memory_bound(void)
{
	unsigned g = cache_generation();
	unsigned long drops;

	cache_init(40000);
	put("/a/", g, PAGE, 'a', 0);
	put("/b/", g, PAGE, 'b', 0);
	put("/c/", g, PAGE, 'c', 0);
	put("/d/", g, PAGE, 'd', 0);
	drops = cache_drops();
	ok(found("/a/", g, 'a') && found("/b/", g, 'b') && found("/c/", g, 'c') &&
	   found("/d/", g, 'd'), "bound: four pages fit");
	is_int(cache_drops(), drops, "bound: none dropped");
	ok(found("/a/", g, 0), "bound: the oldest page is read again");
	put("/e/", g, PAGE, 'e', 0);
	is_int(cache_drops(), drops + 1, "bound: a fifth page drops one");
	ok(!found("/b/", g, 0), "bound: the least recently used one");
	ok(found("/a/", g, 'a') && found("/e/", g, 'e'), "bound: not the one read again, nor the new");
	put("/f/", g, PAGE, 'f', 0);
	ok(!found("/c/", g, 0) && found("/d/", g, 'd'), "bound: then the next least recently used");
	is_int(cache_drops(), drops + 2, "bound: two dropped in all");
	put("/big/", g, 40000 / 4, 'x', 0);
	ok(!found("/big/", g, 0), "bound: a page over a quarter of the cache is not kept");
	is_int(cache_drops(), drops + 2, "bound: and drops nothing");
	put("/a/", g, 100, 'z', 0);
	ok(found("/a/", g, 'z'), "bound: a page stored again replaces the old");
	is_int(cache_drops(), drops + 3, "bound: which counts as dropped");
}

/*
** Generations: a page is found under its own, current generation only;
** a new generation drops every page; a page rendered in an older one is
** not kept. A page keeps its date while its bytes (ETag) stay the same.
*/
static void test_generations(void)
{
	unsigned g;
	time_t before;

	cache_init(1 << 20);
	g = cache_generation();
	put("/how/", g, 2000, 'h', 1000);
	put("/about/", g, 2000, 'b', 1000);
	ok(found("/how/", g, 'h') && found("/about/", g, 'b'), "generation: each page under its own");
	ok(!found("/how/", g + 1, 0), "generation: not under another");
	ok(!found("/nowhere/", g, 0), "generation: a page never stored is not found");
	{
		struct page_validators v;
		struct buf body = BUF_INIT;

		cache_get("/how/", g, &body, &v);
		ok(body.len == 2000 && cache_get("/how/", g, &body, &v) && body.len == 4000,
		   "get: appends the page to what the buffer holds");
		is_int(v.last_modified, 1000, "get: the page's validators with it");
		before = time(NULL);
		is_int(cache_last_modified("/how/", v.etag), 1000,
		       "last modified: kept while the ETag is the same");
		ok(cache_last_modified("/how/", "\"other\"") >= before,
		   "last modified: now when it differs");
		ok(cache_last_modified("/nowhere/", v.etag) >= before, "last modified: now for a new page");
		cache_new_generation();
		is_int(cache_generation(), g + 1, "new generation: the next one");
		ok(!found("/how/", g, 0) && !found("/about/", g, 0) && !found("/how/", g + 1, 0) &&
		   !found("/about/", g + 1, 0), "new generation: every page dropped at once");
		is_int(cache_last_modified("/how/", v.etag), 1000,
		       "new generation: a page rendered again with the same bytes keeps its date");
		buf_free(&body);
	}
	put("/how/", g, 2000, 'h', 1000);
	ok(!found("/how/", g + 1, 0), "generation: a page rendered in an older one is not kept");
	put("/how/", g + 1, 2000, 'n', 2000);
	ok(found("/how/", g + 1, 'n'), "generation: one rendered in the current one is");
}

/*
** The content mark, noted with the generation read before it.
*/
static void test_marks(void)
{
	unsigned g = cache_generation(), stale;

	cache_note_content_mark(5, g);
	is_int(cache_generation(), g + 1, "mark: a new mark starts a generation");
	cache_note_content_mark(5, g + 1);
	is_int(cache_generation(), g + 1, "mark: the same mark again starts none");
	cache_note_content_mark(5, g);
	is_int(cache_generation(), g + 2, "mark: noted with a stale generation, one more");
	cache_note_content_mark(5, g + 2);
	is_int(cache_generation(), g + 2, "mark: and the mark noted stays noted");
	stale = cache_generation();
	cache_new_generation();
	cache_note_content_mark(7, stale);
	is_int(cache_generation(), g + 4, "mark: a new mark with a stale generation, one more");
	cache_note_content_mark(5, g + 4);
	is_int(cache_generation(), g + 4, "mark: it is not kept: the mark noted before still is");
	cache_note_content_mark(7, g + 4);
	is_int(cache_generation(), g + 5, "mark: so it starts one when it comes again");
}

/*
** cache_follow_database on a read-only connection to a real database,
** as each worker thread calls it before a request.
*/
static void test_follow(const char *db)
{
	static const char *const unseen[] = {
		"INSERT INTO user (name, password) VALUES ('cache', 'x')",
		"INSERT INTO session (token_hash, user_id, csrf_token, created_at, seen_at)"
		" SELECT 'h', id, 'c', 1, 1 FROM user WHERE name = 'cache'",
		"UPDATE session SET seen_at = 2",
		"INSERT INTO login_attempt (at, username, address, succeeded) VALUES (1, 'a', '::1', 0)",
	};
	char err[512];
	struct store *s = store_open(db, STORE_READONLY, err, sizeof err);
	unsigned g;
	size_t i;

	if (!ok(s != NULL, "follow: a read-only store")) {
		diag("%s", err);
		return;
	}
	cache_follow_database(s, false);
	g = cache_generation();
	put("/how/", g, 100, 'h', 0);
	cache_follow_database(s, false);
	is_int(cache_generation(), g, "follow: nothing committed, the same generation");
	for (i = 0; i < sizeof unseen / sizeof *unseen; i++) {
		testdb_exec(testdb_conn, unseen[i]);
		cache_follow_database(s, false);
		is_int(cache_generation(), g, "follow: the same after %.40s", unseen[i]);
	}
	ok(found("/how/", g, 'h'), "follow: the cached page kept through them");
	testdb_exec(testdb_conn, "UPDATE page SET title = 'Cached' WHERE id = 22");
	cache_follow_database(s, false);
	is_int(cache_generation(), g + 1, "follow: a commit to page starts one generation");
	ok(!found("/how/", g + 1, 0), "follow: and the page is rendered again");
	cache_follow_database(s, false);
	is_int(cache_generation(), g + 1, "follow: once");
	cache_follow_database(s, true);
	is_int(cache_generation(), g + 2, "follow: a connection opened anew starts one");
	cache_follow_database(s, true);
	is_int(cache_generation(), g + 3, "follow: every time");
	store_close(s);
}

int main(void)
{
	struct buf dir = BUF_INIT, db = BUF_INIT;
	bool made = testdb_make("unit-cache", &dir, &db);

	test_memory_bound();
	test_generations();
	test_marks();
	if (ok(made, "database made in %s", dir.data))
		test_follow(db.data);
	return testdb_finish(made, &dir, &db);
}
