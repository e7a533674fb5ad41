/*
** test-store.c: the store (store.c) and the public model (model-public.c)
** on a real SQLite file made from sql/schema.sql and sql/seed.sql in
** $RC_BUILDDIR/tests/tmp/. A second, read-write connection of the test's
** own ("w") changes the data between queries.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "model-public.h"
#include "store.h"
#include "tap.h"
#include "testdb.h"


/* Index of the link with this id in l, or -1. */
static int find_id(const struct link_list *l, int64_t id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->items[i].id == id)
			return (int)i;
	return -1;
}

/* The labels of l's entries whose parent is parent, joined by '|'. */
static char *labels_under(const struct link_list *l, int64_t parent)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_puts(&b, "");
	for (i = 0; i < l->n; i++)
		if (l->items[i].parent_id == parent)
			buf_printf(&b, "%s%s", b.len ? "|" : "", l->items[i].label);
	return buf_detach(&b);
}

static void test_open(const char *dir, const char *db)
{
	static const char hack_sql[] = "UPDATE page SET title = 'Hacked' WHERE id = 26";
	static const char create_sql[] = "CREATE TABLE t(x)";
	static const char insert_sql[] = "INSERT INTO menu (name, title) VALUES ('x', 'x')";
	static const char touch_sql[] = "UPDATE page SET version = version WHERE id = 26";
	struct buf path = BUF_INIT;
	char err[512];
	struct store *s;
	FILE *f;

	err[0] = '\0';
	s = store_open(db, STORE_READONLY, err, sizeof err);
	if (!ok(s != NULL, "store_open read-only opens the seeded database"))
		diag("error: %s", err);
	if (s) {
		ok(store_run(s, hack_sql, NO_ARGS) < 0 && store_failure(s) == STORE_READONLY_FILE,
		   "read-only store refuses an UPDATE, and says the file cannot be written");
		ok(store_run(s, create_sql, NO_ARGS) < 0, "read-only store refuses a CREATE TABLE");
		ok(store_run(s, insert_sql, NO_ARGS) < 0, "read-only store refuses an INSERT");
		store_close(s);
	}
	s = store_open(db, STORE_READWRITE, err, sizeof err);
	ok(s != NULL && store_run(s, touch_sql, NO_ARGS) == 1,
	   "read-write store accepts an UPDATE (so the refusals above mean something)");
	store_close(s);
	{
		sqlite3_stmt *st;

		sqlite3_prepare_v2(testdb_conn, "SELECT title FROM page WHERE id = 26", -1, &st, NULL);
		sqlite3_step(st);
		is_str((const char *)sqlite3_column_text(st, 0), "Running code",
		       "the refused UPDATE changed nothing");
		sqlite3_finalize(st);
	}

	testdb_exec(testdb_conn, "PRAGMA user_version = 99");
	err[0] = '\0';
	s = store_open(db, STORE_READONLY, err, sizeof err);
	ok(s == NULL, "a newer schema version refused");
	store_close(s);
	buf_printf(&path, "needs %d", STORE_SCHEMA_VERSION);
	ok(strstr(err, "schema version 99") && strstr(err, path.data) && strstr(err, db),
	   "message names the file and both versions: %s", err);
	buf_reset(&path);
	testdb_exec(testdb_conn, "PRAGMA user_version = 0");
	err[0] = '\0';
	s = store_open(db, STORE_READWRITE, err, sizeof err);
	ok(s == NULL, "schema version 0 refused, read-write too");
	store_close(s);
	ok(strstr(err, "schema version 0") && strstr(err, "migrate"),
	   "message for an older schema suggests migrating: %s", err);
	buf_printf(&path, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
	testdb_exec(testdb_conn, path.data);
	buf_reset(&path);

	buf_printf(&path, "%s/missing.db", dir);
	err[0] = '\0';
	s = store_open(path.data, STORE_READONLY, err, sizeof err);
	ok(s == NULL, "missing file refused (read-only)");
	store_close(s);
	ok(strstr(err, path.data) != NULL, "message names the missing file: %s", err);
	s = store_open(path.data, STORE_READWRITE, err, sizeof err);
	ok(s == NULL, "missing file refused (read-write)");
	store_close(s);
	ok(access(path.data, F_OK) != 0, "a missing file is not created");

	buf_reset(&path);
	buf_printf(&path, "%s/garbage.db", dir);
	f = fopen(path.data, "w");
	if (f) {
		for (int i = 0; i < 100; i++)
			fputs("this is not a database\n", f);
		fclose(f);
	}
	err[0] = '\0';
	s = store_open(path.data, STORE_READONLY, err, sizeof err);
	ok(s == NULL && err[0] != '\0', "a file that is not a database refused: %s", err);
	store_close(s);
	unlink(path.data);
	buf_free(&path);
}

static void test_page(struct store *s)
{
	struct page p;

	is_int(public_page(s, "/how/runningcode/", &p), 1, "public_page finds /how/runningcode/");
	is_int(p.id, 26, "page id");
	is_str(p.path, "/how/runningcode/", "page path");
	is_str(p.title, "Running code", "page title");
	is_str(p.summary,
	       "Implementation experience provides critical feedback to the standardization process.",
	       "page summary");
	ok(p.body && strncmp(p.body, "An unofficial motto of the IETF is,", 35) == 0, "page body");
	is_int(p.published, 1, "page published");
	is_int(p.version, 1, "page version");
	ok(p.updated_at && strlen(p.updated_at) == 20, "page updated_at is a timestamp");
	page_free(&p);
	ok(p.title == NULL, "page_free empties the page");

	is_int(public_page(s, "/how/runningcode", &p), 0, "no page without the trailing slash");
	page_free(&p);
	is_int(public_page(s, "/nowhere/", &p), 0, "unknown path: not found");
	ok(p.title == NULL && p.id == 0, "not found leaves the page empty");
	page_free(&p);
	is_int(public_page(s, "/", &p), 1, "home page found");
	is_str(p.title, "Internet Engineering Task Force", "home page title");
	page_free(&p);

	testdb_exec(testdb_conn, "UPDATE page SET published = 0 WHERE id = 26");
	is_int(public_page(s, "/how/runningcode/", &p), 0, "a draft is not found");
	page_free(&p);
	testdb_exec(testdb_conn, "UPDATE page SET published = 1 WHERE id = 26");
	is_int(public_page(s, "/how/runningcode/", &p), 1, "published again: found again");
	page_free(&p);
}

static void test_menu(struct store *s)
{
	static const char *const sections[] = {
		"News & blog", "Contact", "Search", "Tools", "About", "Topics of interest",
		"How we work", "Internet standards",
	};
	struct link_list m;
	bool all;
	char *labels;
	size_t i;
	int k;

	is_int(public_menu(s, MENU_MAIN, &m), 1, "main menu found");
	is_int(m.n, 35, "main menu: 8 sections and 27 entries");
	for (i = 0; i < 8 && i < m.n; i++) {
		is_str(m.items[i].label, sections[i], "section %zu in order", i + 1);
		is_int(m.items[i].parent_id, 0, "section %zu is at the top", i + 1);
	}
	for (all = true, i = 8; i < m.n; i++)
		all = all && m.items[i].parent_id != 0;
	ok(all, "entries come after all the sections");
	for (all = true, i = 0; i < m.n; i++) {
		k = find_id(&m, m.items[i].parent_id);
		all = all && (m.items[i].parent_id == 0 || (k >= 0 && (size_t)k < i));
	}
	ok(all, "every entry comes after its section");
	labels = labels_under(&m, 7);
	is_str(labels, "Working groups|Email lists|Meetings and events|Running code|Online tools|"
	       "Community discussions", "How we work: entries in position order");
	free(labels);
	labels = labels_under(&m, 4);
	is_str(labels, "Quick links|IETF Datatracker|Email list archive search|IETF 101 London|"
	       "WG chair resources", "Tools: page and URL entries in position order");
	free(labels);
	labels = labels_under(&m, 1);
	is_str(labels, "Blog|News|IESG Statements", "News & blog: entries in position order");
	free(labels);
	labels = labels_under(&m, 2);
	is_str(labels, "", "Contact has no entries");
	free(labels);
	k = find_id(&m, 53);
	ok(k >= 0 && strcmp(m.items[k].href, "/how/runningcode/") == 0 &&
	   m.items[k].page_id == 26 && m.items[k].parent_id == 7,
	   "page entry: href is the page's path, page_id and parent set");
	ok(k >= 0 && strcmp(m.items[k].summary,
			    "Implementation experience provides critical feedback to the "
			    "standardization process.") == 0,
	   "page entry: summary is the page's summary");
	k = find_id(&m, 21);
	ok(k >= 0 && strcmp(m.items[k].href, "https://datatracker.ietf.org/") == 0 &&
	   m.items[k].page_id == 0 && strcmp(m.items[k].summary, "") == 0,
	   "URL entry: href is the URL, page_id 0, no summary");
	k = find_id(&m, 3);
	ok(k >= 0 && strcmp(m.items[k].href, "/search/") == 0, "Search section links to /search/");
	link_list_free(&m);
	ok(m.items == NULL && m.n == 0, "link_list_free empties the list");

	/* A draft section hides itself and its entries; a draft entry only itself. */
	testdb_exec(testdb_conn, "UPDATE page SET published = 0 WHERE id IN (17, 26)");
	is_int(public_menu(s, MENU_MAIN, &m), 1, "main menu with drafts found");
	is_int(m.n, 29, "draft section (1 + 4 entries) and draft entry left out");
	ok(find_id(&m, 6) < 0, "section whose page is a draft left out");
	for (all = true, k = 40; k <= 43; k++)
		all = all && find_id(&m, k) < 0;
	ok(all, "the entries of a left-out section are left out too");
	ok(find_id(&m, 53) < 0, "entry whose page is a draft left out");
	ok(find_id(&m, 7) >= 0 && find_id(&m, 52) >= 0 && find_id(&m, 54) >= 0,
	   "its section and siblings stay");
	ok(find_id(&m, 3) >= 0 && find_id(&m, 21) >= 0, "URL entries stay");
	for (all = true, i = 0; i < m.n; i++)
		all = all && strcmp(m.items[i].href, "/topics/") != 0 &&
		      strcmp(m.items[i].href, "/how/runningcode/") != 0;
	ok(all, "no draft's path appears in the menu");
	link_list_free(&m);
	testdb_exec(testdb_conn, "UPDATE page SET published = 1 WHERE id IN (17, 26)");

	/* An entry below a URL section stays visible. */
	testdb_exec(testdb_conn, "INSERT INTO menu_entry (id, menu_id, parent_id, position, label, page_id)"
		    " VALUES (90, 1, 3, 1, 'Advanced search', 26)");
	public_menu(s, MENU_MAIN, &m);
	k = find_id(&m, 90);
	ok(k > 7 && m.items[k].parent_id == 3, "an entry below a URL section is listed");
	link_list_free(&m);
	testdb_exec(testdb_conn, "DELETE FROM menu_entry WHERE id = 90");

	is_int(public_menu(s, MENU_FOOTER, &m), 1, "footer menu found");
	is_int(m.n, 10, "footer menu: 10 entries");
	labels = labels_under(&m, 0);
	is_str(labels, "RFC Editor|IANA|IAB|IAOC|IRTF|IETF Trust|Secretariat: AMS|ISOC|"
	       "Privacy policy|Website feedback", "footer entries in position order");
	free(labels);
	ok(m.n == 10 && strcmp(m.items[9].href, "/contact/feedback/") == 0,
	   "footer page entry links to its page");
	link_list_free(&m);
}

static void test_programs(struct store *s)
{
	static const char *const titles[] = {
		"IETF Hackathons", "Code Sprint", "CodeStand", "Implementation reports",
	};
	static const char *const hrefs[] = {
		"/how/runningcode/hackathons/", "/how/runningcode/code-sprint/",
		"/how/runningcode/codestand/", "/how/runningcode/implementation-reports/",
	};
	struct program_list l;
	size_t i;

	is_int(public_programs(s, 26, &l), 1, "programs of Running code found");
	is_int(l.n, 4, "4 programs");
	for (i = 0; i < 4 && i < l.n; i++) {
		is_str(l.items[i].title, titles[i], "program %zu title in order", i + 1);
		is_str(l.items[i].href, hrefs[i], "program %zu links to its page", i + 1);
	}
	ok(l.n == 4 && strcmp(l.items[1].description, "IETF Code Sprints are organized by the Tools "
			      "team to develop the tools that support the work of the IETF.") == 0,
	   "program description");
	ok(l.n == 4 && l.items[0].id == 1 && l.items[3].id == 4,
	   "program: its id, for its anchor on the page");
	program_list_free(&l);

	testdb_exec(testdb_conn, "UPDATE page SET published = 0 WHERE id = 35");
	public_programs(s, 26, &l);
	ok(l.n == 4 && strcmp(l.items[1].title, "Code Sprint") == 0 &&
	   strcmp(l.items[1].href, "") == 0,
	   "a program linking to a draft keeps its place, without the link");
	program_list_free(&l);
	testdb_exec(testdb_conn, "UPDATE page SET published = 1 WHERE id = 35");

	testdb_exec(testdb_conn, "UPDATE program SET published = 0 WHERE position = 3 AND page_id = 26");
	public_programs(s, 26, &l);
	ok(l.n == 3 && strcmp(l.items[2].title, "Implementation reports") == 0,
	   "an unpublished program is left out");
	program_list_free(&l);
	testdb_exec(testdb_conn, "UPDATE program SET published = 1 WHERE position = 3 AND page_id = 26");

	testdb_exec(testdb_conn, "UPDATE program SET position = 0 WHERE position = 4 AND page_id = 26");
	public_programs(s, 26, &l);
	ok(l.n == 4 && strcmp(l.items[0].title, "Implementation reports") == 0,
	   "programs follow their position");
	program_list_free(&l);
	testdb_exec(testdb_conn, "UPDATE program SET position = 4 WHERE position = 0 AND page_id = 26");

	is_int(public_programs(s, 1, &l), 0, "a page without programs: not found");
	is_int(l.n, 0, "and an empty list");
	program_list_free(&l);
}

static void test_ancestors(struct store *s)
{
	struct link_list l;

	is_int(public_ancestors(s, "/how/runningcode/hackathons/", &l), 1,
	       "ancestors of the Hackathons page found");
	is_int(l.n, 2, "two ancestors (home excluded)");
	ok(l.n == 2 && strcmp(l.items[0].href, "/how/") == 0 &&
	   strcmp(l.items[0].label, "How we work") == 0, "first ancestor: /how/, How we work");
	ok(l.n == 2 && strcmp(l.items[1].href, "/how/runningcode/") == 0 &&
	   strcmp(l.items[1].label, "Running code") == 0,
	   "second ancestor: /how/runningcode/, Running code");
	ok(l.n == 2 && l.items[1].page_id == 26, "ancestor page_id is the page");
	link_list_free(&l);

	is_int(public_ancestors(s, "/how/", &l), 0, "a top section has no ancestors");
	link_list_free(&l);
	is_int(public_ancestors(s, "/", &l), 0, "home has no ancestors");
	link_list_free(&l);
	is_int(public_ancestors(s, "", &l), 0, "an empty path has none (and is not read past)");
	link_list_free(&l);
	is_int(public_ancestors(s, "how/", &l), 0, "nor a path without its leading slash");
	link_list_free(&l);
	public_ancestors(s, "/how/runningcodex/", &l);
	ok(l.n == 1 && strcmp(l.items[0].href, "/how/") == 0,
	   "/how/runningcode/ is no ancestor of /how/runningcodex/");
	link_list_free(&l);

	testdb_exec(testdb_conn, "UPDATE page SET published = 0 WHERE id = 22");
	public_ancestors(s, "/how/runningcode/hackathons/", &l);
	ok(l.n == 1 && strcmp(l.items[0].href, "/how/runningcode/") == 0,
	   "a draft ancestor is left out");
	link_list_free(&l);
	testdb_exec(testdb_conn, "UPDATE page SET published = 1 WHERE id = 22");
}

static void test_redirect(struct store *s)
{
	struct redirect_target t = {0};

	testdb_exec(testdb_conn, "INSERT INTO redirect (path, page_id, status) VALUES ('/old/running-code/', 26, 301)");
	is_int(public_redirect(s, "/old/running-code/", &t), 1, "redirect found");
	is_str(t.target, "/how/runningcode/", "redirect target is the page's current path");
	is_int(t.status, 301, "with its status");
	free(t.target);
	is_int(public_redirect(s, "/old/nothing/", &t), 0, "unknown old address: not found");
	ok(t.target == NULL, "no target when not found");
	testdb_exec(testdb_conn, "UPDATE page SET path = '/how/code/' WHERE id = 26");
	public_redirect(s, "/old/running-code/", &t);
	is_str(t.target, "/how/code/", "redirect follows the page when it moves");
	free(t.target);
	testdb_exec(testdb_conn, "UPDATE page SET path = '/how/runningcode/', published = 0 WHERE id = 26");
	is_int(public_redirect(s, "/old/running-code/", &t), 0,
	       "redirect to a draft: not found");
	ok(t.target == NULL, "and no target, so no draft path leaks");
	free(t.target);
	testdb_exec(testdb_conn, "UPDATE page SET published = 1 WHERE id = 26");
	testdb_exec(testdb_conn, "INSERT INTO redirect (path, url, status) VALUES ('/old/elsewhere/', 'https://example.org/x', 308)");
	is_int(public_redirect(s, "/old/elsewhere/", &t), 1, "redirect to a web address found");
	is_str(t.target, "https://example.org/x", "its target is the address");
	is_int(t.status, 308, "with its own status");
	free(t.target);
	testdb_exec(testdb_conn, "DELETE FROM redirect");
}

static bool count_row(void *ctx, const struct store_row *row)
{
	(void)row;
	return ++*(int *)ctx < 2;
}

static bool read_two(void *ctx, const struct store_row *row)
{
	char **out = ctx;

	out[0] = row_text_copy(row, 0);
	out[1] = row_text_copy(row, 1);
	return true;
}

/*
** The query vocabulary: one call a query, every statement reset and its
** bindings cleared, failures told apart.
*/
static void test_vocabulary(const char *db)
{
	static const char nulls_sql[] = "SELECT NULL, 'x'";
	static const char make_sql[] = "CREATE TEMP TABLE v (k TEXT UNIQUE, n INTEGER)";
	static const char put_sql[] = "INSERT INTO v (k, n) VALUES (?1, ?2)";
	static const char named_sql[] = "INSERT INTO v (k, n) VALUES (:k, :n)";
	static const char count_sql[] = "SELECT count(*) FROM v";
	static const char each_sql[] = "SELECT k FROM v ORDER BY n";
	static const char get_sql[] = "SELECT k FROM v WHERE n = ?1";
	static const char prefix_sql[] = "SELECT ?1";
	static const char bad_sql[] = "SELECT * FROM no_such_table";
	char err[512], *two[2] = { NULL, NULL }, *text = NULL;
	struct store *s = store_open(db, STORE_READWRITE, err, sizeof err);
	int64_t n = -1;
	int rows = 0, i;

	if (!ok(s != NULL, "a read-write store for the vocabulary")) {
		diag("%s", err);
		return;
	}
	is_int(store_one(s, nulls_sql, NO_ARGS, read_two, two), 1, "store_one reads one row");
	is_str(two[0], "", "row_text_copy: NULL reads as \"\"");
	is_str(two[1], "x", "row_text_copy copies the text");
	free(two[0]);
	free(two[1]);
	ok(store_run(s, make_sql, NO_ARGS) == 0, "store_run runs a statement without rows");
	is_int(store_run(s, put_sql, ARGS(SV_TEXT("a"), SV_INT(1))), 1, "store_run: one row inserted");
	is_int(store_run(s, named_sql, ARGS(SV_NAMED_INT(":n", 2), SV_NAMED_TEXT(":k", "b"),
					    SV_NAMED_TEXT(":unused", "ignored"))), 1,
	       "named values bind by name, in any order; a name the SQL lacks is skipped");
	is_int(store_run(s, put_sql, ARGS(SV_TEXT("a"), SV_INT(3))), -1, "a duplicate key fails");
	is_int(store_failure(s), STORE_DUPLICATE, "and says so: STORE_DUPLICATE");
	is_int(store_int(s, count_sql, NO_ARGS, &n), 1, "store_int");
	is_int((int)n, 2, "store_int reads the count: the failed insert added nothing");
	is_int(store_failure(s), STORE_OK, "a call that works clears the last failure");
	is_int(store_each(s, each_sql, NO_ARGS, count_row, &rows), 2, "store_each reads every row");
	rows = 1;
	is_int(store_each(s, each_sql, NO_ARGS, count_row, &rows), 1,
	       "store_each stops where the row function says");
	is_int(store_exists(s, get_sql, ARGS(SV_INT(2))), 1, "store_exists: a row");
	is_int(store_exists(s, get_sql, ARGS(SV_INT(9))), 0, "store_exists: none");
	is_int(store_text(s, get_sql, ARGS(SV_INT(2)), &text), 1, "store_text");
	is_str(text, "b", "store_text copies the value");
	free(text);
	is_int(store_text(s, get_sql, NO_ARGS, &text), 0,
	       "bindings are cleared after each call: without a value, ?1 is NULL");
	ok(text == NULL, "and no row means no text");
	is_int(store_text(s, prefix_sql, ARGS(SV_TEXT_PREFIX("/how/runningcode/", 5)), &text), 1,
	       "SV_TEXT_PREFIX");
	is_str(text, "/how/", "binds the first bytes only");
	free(text);
	for (i = 0; i < 200; i++)
		store_int(s, count_sql, NO_ARGS, &n);
	is_int((int)n, 2, "one statement reused 200 times (cached by its text's address)");
	is_int(store_int(s, bad_sql, NO_ARGS, &n), -1, "SQL that cannot be prepared fails");
	is_int(store_failure(s), STORE_FAILED, "as STORE_FAILED");
	ok(store_write_begin(s) && store_in_transaction(s), "store_write_begin opens a transaction");
	store_run(s, put_sql, ARGS(SV_TEXT("c"), SV_INT(3)));
	store_rollback(s);
	ok(!store_in_transaction(s), "store_rollback ends it");
	store_int(s, count_sql, NO_ARGS, &n);
	is_int((int)n, 2, "and what it wrote is gone");
	ok(store_write_begin(s), "another transaction");
	store_run(s, put_sql, ARGS(SV_TEXT("c"), SV_INT(3)));
	ok(store_commit(s) && !store_in_transaction(s), "store_commit commits it");
	store_int(s, count_sql, NO_ARGS, &n);
	is_int((int)n, 3, "and what it wrote stays");
	store_close(s);
}

#define STRINGIFY(x) #x
#define XSTRINGIFY(x) STRINGIFY(x)

/* PRAGMA data_version on s's connection: changes when another
** connection committed since the last ask; -1 on error. */
static int data_version(struct store *s)
{
	static const char sql[] = "PRAGMA data_version";
	int64_t v;

	return store_int(s, sql, NO_ARGS, &v) == 1 ? (int)v : -1;
}

/*
** store_may_have_changed on the seeded database (WAL mode): false only
** while no other connection committed, true after each commit.
*/
static void test_change_check(const char *db)
{
	char err[512];
	struct store *s = store_open(db, STORE_READONLY, err, sizeof err);
	int version;

	if (!ok(s != NULL, "a store for the change checks")) {
		diag("%s", err);
		return;
	}
	ok(store_may_have_changed(s), "a new connection's first look: may have changed");
	ok(!store_may_have_changed(s), "nothing committed since: unchanged");
	version = data_version(s);
	ok(!store_may_have_changed(s), "the connection's own reads change nothing");
	testdb_exec(testdb_conn, "UPDATE program SET title = title || ' again' WHERE id = 1");
	ok(store_may_have_changed(s), "another connection's commit is seen");
	ok(data_version(s) != version, "as data_version sees it");
	ok(!store_may_have_changed(s), "and then unchanged again");
	/* A checkpoint that empties the WAL rewrites the header: one look
	** may say "changed" (a query then tells), the next not. */
	testdb_exec(testdb_conn, "PRAGMA wal_checkpoint(TRUNCATE)");
	store_may_have_changed(s);
	ok(!store_may_have_changed(s), "after a checkpoint, unchanged again");
	testdb_exec(testdb_conn, "UPDATE program SET title = 'Once more' WHERE id = 1");
	ok(store_may_have_changed(s), "a commit after the checkpoint emptied the WAL is seen");
	store_close(s);
}

/*
** store_may_have_changed on a database in rollback-journal mode (a
** restored backup): always true, as there is no shared index; once the
** database turns to WAL mode, as on a WAL database.
*/
static void test_change_check_rollback(const char *dir)
{
	struct buf path = BUF_INIT;
	sqlite3 *w = NULL;
	struct store *s = NULL;
	char err[512];

	buf_printf(&path, "%s/rollback.db", dir);
	unlink(path.data);
	if (!ok(sqlite3_open(path.data, &w) == SQLITE_OK &&
		testdb_exec(w, "CREATE TABLE t(x); PRAGMA user_version = " XSTRINGIFY(STORE_SCHEMA_VERSION)),
		"a database in rollback-journal mode"))
		goto done;
	s = store_open(path.data, STORE_READONLY, err, sizeof err);
	if (!ok(s != NULL, "opened read-only")) {
		diag("%s", err);
		goto done;
	}
	ok(store_may_have_changed(s) && store_may_have_changed(s),
	   "rollback mode: may have changed, at every look");
	testdb_exec(w, "PRAGMA journal_mode = WAL; INSERT INTO t VALUES (1)");
	ok(data_version(s) >= 0, "the reader reads it in WAL mode");
	ok(store_may_have_changed(s), "WAL mode now: the first look may have changed");
	ok(!store_may_have_changed(s), "then unchanged");
	testdb_exec(w, "INSERT INTO t VALUES (2)");
	ok(store_may_have_changed(s), "and a commit is seen");
done:
	store_close(s);
	sqlite3_close(w);
	for (size_t i = 0; i < 3; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/rollback.db%s", dir, (const char *const[]){ "", "-wal", "-shm" }[i]);
		unlink(path.data);
	}
	buf_free(&path);
}

int main(void)
{
	struct buf dir = BUF_INIT, db = BUF_INIT;
	char err[512];
	struct store *s;

	bool made = testdb_make("unit-store", &dir, &db);

	if (!ok(made, "database made from schema.sql and seed.sql in %s",
		dir.data ? dir.data : "?")) {
		sqlite3_close(testdb_conn);
		return tap_done();
	}
	test_open(dir.data, db.data);
	s = store_open(db.data, STORE_READONLY, err, sizeof err);
	if (!ok(s != NULL, "store for the content tests")) {
		diag("%s", err);
	} else {
		test_page(s);
		test_menu(s);
		test_programs(s);
		test_ancestors(s);
		test_redirect(s);
		store_close(s);
	}
	test_vocabulary(db.data);
	test_change_check(db.data);
	test_change_check_rollback(dir.data);
	sqlite3_close(testdb_conn);
	if (tap_failed == 0) {
		struct buf f = BUF_INIT;
		static const char *const suffix[] = { "", "-wal", "-shm" };

		for (size_t i = 0; i < 3; i++) {
			buf_reset(&f);
			buf_printf(&f, "%s%s", db.data, suffix[i]);
			unlink(f.data);
		}
		rmdir(dir.data);
		buf_free(&f);
	}
	buf_free(&dir);
	buf_free(&db);
	return tap_done();
}
