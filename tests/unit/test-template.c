/*
** test-template.c: the HTML of the public site (render.c, template.cc
** and the templates/ folder), and the dispatch of site-dispatch.c that chooses
** between a page, a redirect, a 404 and a 503, on a real SQLite file
** made from sql/schema.sql and sql/seed.sql in $RC_BUILDDIR/tests/tmp/.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "site-cache.h"
#include "menu-cache.h"
#include "config.h"
#include "model-public.h"
#include "render.h"
#include "site.h"
#include "static-names.h"
#include "store.h"
#include "template.h"
#include "tap.h"
#include "testdb.h"


/* How many times needle occurs in hay. */
static int count(const char *hay, const char *needle)
{
	int n = 0;

	while (hay && (hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

#define has(hay, needle) ((hay) != NULL && strstr((hay), (needle)) != NULL)

/* Render the published page at path into out (emptied first). */
static bool render_path(struct store *s, const struct config *c, const char *path,
			struct buf *out)
{
	struct page p;
	bool done = false;

	buf_reset(out);
	if (public_page(s, path, &p) == 1)
		done = render_page(s, c, &p, out);
	page_free(&p);
	return done;
}

static void test_page(struct store *s, const struct config *c)
{
	static const char *const programs[] = {
		"<h2><a href=\"/how/runningcode/hackathons/\">IETF Hackathons</a></h2>",
		"<h2><a href=\"/how/runningcode/code-sprint/\">Code Sprint</a></h2>",
		"<h2><a href=\"/how/runningcode/codestand/\">CodeStand</a></h2>",
		"<h2><a href=\"/how/runningcode/implementation-reports/\">Implementation reports</a></h2>",
	};
	struct buf out = BUF_INIT;
	const char *h;
	size_t i;

	ok(render_path(s, c, "/how/runningcode/", &out), "render_page renders Running code");
	h = out.data;
	ok(has(h, "<!DOCTYPE html>") && has(h, "</html>"), "a whole HTML document");
	ok(has(h, "<title>Running code | IETF</title>"), "title element: page | site name");
	ok(has(h, "<h1>Running code</h1>"), "page heading");
	ok(has(h, "<meta name=\"description\" content=\"Implementation experience provides "
		  "critical feedback to the standardization process.\">"),
	   "description meta from the summary");
	ok(has(h, "<p>An unofficial motto of the IETF is, &quot;We believe in rough consensus "
		  "and running code.&quot; Implementation experience"),
	   "body rendered from Markdown, quotes escaped");
	for (i = 0; i < 4; i++)
		ok(has(h, programs[i]), "program %zu title, linked", i + 1);
	ok(has(h, "<p>The IETF CodeStand marketplace brings together students, researchers,"),
	   "program description");
	{
		const char *a = strstr(h ? h : "", "IETF Hackathons</a></h2>");
		const char *b = strstr(h ? h : "", "Code Sprint</a></h2>");
		const char *c3 = strstr(h ? h : "", "CodeStand</a></h2>");
		const char *d = strstr(h ? h : "", "Implementation reports</a></h2>");

		ok(a && b && c3 && d && a < b && b < c3 && c3 < d, "programs in order");
	}
	ok(has(h, "<li><a href=\"/how/runningcode/\" aria-current=\"page\">Running code</a></li>"),
	   "menu entry of the page: aria-current=\"page\"");
	ok(has(h, "<a href=\"/how/\" aria-current=\"true\">How we work</a>"),
	   "its section: aria-current=\"true\"");
	is_int(count(h, "aria-current="), 3, "aria-current three times: section, entry, breadcrumb");
	ok(has(h, "<li><a href=\"/\">Home</a></li>\n<li><a href=\"/how/\">How we work</a></li>\n"
		  "<li><a href=\"/how/runningcode/\" aria-current=\"page\">Running code</a></li>"),
	   "breadcrumb: Home, How we work, Running code");
	ok(has(h, ">News &amp; blog</a>") && !has(h, "News & blog"), "'&' in a label escaped");
	ok(has(h, "<a href=\"https://datatracker.ietf.org/\">IETF Datatracker</a>"),
	   "URL menu entry");
	ok(has(h, "<a href=\"/contact/feedback/\">Website feedback</a>"), "footer entry");
	ok(!has(h, "<ul class=\"children\">"), "a page with a body lists no children");

	ok(render_path(s, c, "/how/", &out), "render_page renders How we work (no body)");
	h = out.data;
	ok(has(h, "<h1>How we work</h1>"), "empty page: its title");
	ok(!has(h, "page__body"), "empty page: no body block");
	ok(has(h, "<ul class=\"children\">\n<li><a href=\"/how/wgs/\">Working groups</a>\n"
		  "<p>Working groups are where most IETF work happens.</p></li>"),
	   "empty page: its menu entries listed, with summaries");
	is_int(count(h, "<li><a href=\"/how/runningcode/\">Running code</a>"), 2,
	       "empty page: Running code in the menu and in the list");
	ok(has(h, "<a href=\"/how/\" aria-current=\"page\">How we work</a>"),
	   "section page: its menu entry is aria-current=\"page\"");

	ok(render_path(s, c, "/how/runningcode/hackathons/", &out), "render_page renders Hackathons");
	h = out.data;
	ok(has(h, "<li><a href=\"/how/runningcode/\" aria-current=\"true\">Running code</a></li>"),
	   "page below a menu entry: that entry is aria-current=\"true\"");
	ok(has(h, "<a href=\"/how/\" aria-current=\"true\">How we work</a>"),
	   "and its section too");
	ok(!has(h, "aria-current=\"page\">Running code"), "an ancestor is not the current page");

	ok(render_path(s, c, "/", &out), "render_page renders the home page");
	ok(!has(out.data, "class=\"breadcrumb\""), "home page: no breadcrumb");
	ok(!has(out.data, "aria-current"), "home page: nothing marked current in the menu");
	buf_free(&out);
}

static void test_escaping(struct store *s, const struct config *c)
{
	struct buf out = BUF_INIT;
	const char *h;

	testdb_exec(testdb_conn, "UPDATE menu_entry SET label = '<script>alert(1)</script>' WHERE id = 55");
	testdb_exec(testdb_conn, "UPDATE program SET description = 'a <b>bold</b> \"claim\" & more'"
		    " WHERE position = 2 AND page_id = 26");
	testdb_exec(testdb_conn, "UPDATE menu_entry SET url = 'javascript:alert(2)' WHERE id = 21");
	testdb_exec(testdb_conn, "UPDATE menu_entry SET url = 'https://x.example/\" onmouseover=\"alert(3)'"
		    " WHERE id = 22");
	testdb_exec(testdb_conn, "UPDATE page SET title = 'Running <i>code</i>', body ="
		    " '<script>alert(4)</script>\n\n[link](javascript:alert(5))\n\n<img src=x onerror=alert(6)>'"
		    " WHERE id = 26");
	ok(render_path(s, c, "/how/runningcode/", &out), "page with hostile values renders");
	h = out.data;
	ok(has(h, "&lt;script&gt;alert(1)&lt;/script&gt;"), "menu label with <script> escaped");
	is_int(count(h, "<script"), 2, "no <script> element but the site's own and the breadcrumb's JSON-LD");
	is_int(count(h, "</script>"), 2, "each closed once, by the template");
	ok(has(h, "<script type=\"application/ld+json\">") &&
	   has(h, "\"name\":\"Running \\u003Ci\\u003Ecode\\u003C\\/i\\u003E\""),
	   "the title in the JSON-LD is JSON-escaped (\\u003C for <)");
	ok(has(h, "<script src=\"" RC_STATIC_SITE_JS "\" defer></script>"),
	   "the site's own script, by its hashed name: " RC_STATIC_SITE_JS);
	ok(has(h, "a &lt;b&gt;bold&lt;/b&gt; &quot;claim&quot; &amp; more"),
	   "program description escaped");
	ok(!has(h, "javascript:"), "javascript: URLs neither in the menu nor in the body");
	ok(!has(h, "\" onmouseover=\"") && !has(h, "onerror="),
	   "a quote in a URL cannot open an attribute; raw HTML in Markdown is dropped");
	ok(has(h, "<h1>Running &lt;i&gt;code&lt;/i&gt;</h1>") &&
	   has(h, "<title>Running &lt;i&gt;code&lt;/i&gt; | IETF</title>"),
	   "page title escaped in the heading and the title element");
	testdb_exec(testdb_conn, "UPDATE menu_entry SET label = 'Online tools' WHERE id = 55");
	testdb_exec(testdb_conn, "UPDATE menu_entry SET url = 'https://datatracker.ietf.org/' WHERE id = 21");
	testdb_exec(testdb_conn, "UPDATE menu_entry SET url = 'https://mailarchive.ietf.org/arch/' WHERE id = 22");
	testdb_exec(testdb_conn, "UPDATE program SET description = 'IETF Code Sprints are organized by the"
		    " Tools team to develop the tools that support the work of the IETF.'"
		    " WHERE position = 2 AND page_id = 26");
	/* A title that would end the JSON-LD's script element, or open a
	** comment that hides its end, stays inside it as JSON text. */
	testdb_exec(testdb_conn, "UPDATE page SET body = 'Body.', title = 'a</script><script>alert(8)</script><!--<script>'"
		    " WHERE id = 26");
	buf_reset(&out);
	ok(render_path(s, c, "/how/runningcode/", &out), "page with a hostile title renders");
	h = out.data;
	is_int(count(h, "<script"), 2, "a hostile title opens no <script> element");
	is_int(count(h, "<!--"), 0, "nor an HTML comment");
	ok(has(h, "\"name\":\"a\\u003C\\/script\\u003E\\u003Cscript\\u003Ealert(8)"
		  "\\u003C\\/script\\u003E\\u003C!--\\u003Cscript\\u003E\""),
	   "it is one JSON string in the BreadcrumbList");
	testdb_exec(testdb_conn, "UPDATE page SET title = 'Running code', body = 'Body.' WHERE id = 26");

	/* Values set directly in a dictionary are escaped as well. */
	{
		struct tpl_dict *d = tpl_dict_new();

		buf_reset(&out);
		tpl_set_global(d, "SITE_NAME", "<script>x</script>");
		tpl_set(d, "TITLE", "Fish & <script>alert(7)</script>");
		tpl_set(d, "MESSAGE", "\"quoted\" 'single'");
		ok(tpl_expand("error.tpl", d, &out), "error.tpl expands with a dictionary");
		ok(has(out.data, "<h1>Fish &amp; &lt;script&gt;alert(7)&lt;/script&gt;</h1>") &&
		   !has(out.data, "<script"), "dictionary value with <script> escaped");
		ok(has(out.data, "&quot;quoted&quot; &#39;single&#39;"), "quotes escaped");
		tpl_dict_free(d);
	}
	buf_free(&out);
}

/*
** Menus the seed does not have: a section with more entries than the
** header shows, under menu_entries_shown 12 and 0 (no limit); and a
** second top-level entry that leads to a page a section also lists.
** The menus' HTML is kept per set of marks (menu-cache.c), and a reload
** forgets it (site-main.c): menus_forget stands for that here.
*/
static void test_menu_cases(struct store *s, const struct config *base)
{
	struct config c = *base;
	struct buf out = BUF_INIT;

	testdb_exec(testdb_conn,
		    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)"
		    " INSERT INTO menu_entry (menu_id, parent_id, position, label, url)"
		    " SELECT 1, 5, 100 + i, 'Extra ' || i, 'https://example.org/' || i FROM n");
	c.menu_entries_shown = 12;
	menus_forget();
	ok(render_path(s, &c, "/how/runningcode/", &out), "a section of 15 entries renders");
	is_int(count(out.data, ">Extra "), 7, "12 shown: the 5 of the seed, then 7 of the 10 added");
	ok(has(out.data, ">All 15 entries in About</a>"), "12 shown: then a link to all 15");
	c.menu_entries_shown = 0;
	menus_forget();
	ok(render_path(s, &c, "/how/runningcode/", &out), "menu_entries_shown 0 renders");
	is_int(count(out.data, ">Extra "), 10, "menu_entries_shown 0: every entry in the header");
	ok(!has(out.data, "entries in About"), "menu_entries_shown 0: no link to all of them");
	testdb_exec(testdb_conn, "DELETE FROM menu_entry WHERE parent_id = 5 AND position > 100");

	testdb_exec(testdb_conn, "INSERT INTO menu_entry (menu_id, position, label, page_id)"
		    " VALUES (1, 9, 'Running code too', 26)");
	menus_forget();
	ok(render_path(s, &c, "/how/runningcode/", &out), "two entries for one page: renders");
	ok(has(out.data, "<a href=\"/how/runningcode/\" aria-current=\"page\">Running code</a>") &&
	   has(out.data, "<a href=\"/how/runningcode/\" aria-current=\"page\">Running code too</a>"),
	   "two entries for one page: both marked as the current page");
	ok(has(out.data, "<a href=\"/how/\" aria-current=\"true\">How we work</a>"),
	   "two entries for one page: the section of the first still marked current");
	testdb_exec(testdb_conn, "DELETE FROM menu_entry WHERE label = 'Running code too'");
	menus_forget();
	buf_free(&out);
}

static void test_expand_failure(void)
{
	struct buf out = BUF_INIT;
	struct tpl_dict *d = tpl_dict_new();

	ok(!tpl_expand("no-such-template.tpl", d, &out), "missing template: tpl_expand is false");
	is_int(out.len, 0, "missing template: empty buffer stays empty");
	buf_puts(&out, "kept");
	ok(!tpl_expand("no-such-template.tpl", d, &out), "missing template again: false");
	is_str(out.data, "kept", "missing template: buffer unchanged");
	is_int(out.len, 4, "missing template: length unchanged");

	tpl_set(d, "TITLE", "T");
	tpl_set(d, "MAIN_MENU", "menu");
	tpl_add_include(d, "CONTENT", "no-such-content.tpl");
	ok(!tpl_expand("layout.tpl", d, &out), "missing included template: tpl_expand is false");
	is_str(out.data, "kept", "missing include: the partial output is taken back");
	is_int(out.len, 4, "missing include: length unchanged");
	tpl_dict_free(d);
	buf_free(&out);
}

/*
** Names passed in a buffer that is reused with other text, and many
** names in one dictionary: each value still lands under its own name.
*/
static void test_names(void)
{
	struct buf out = BUF_INIT;
	struct tpl_dict *d = tpl_dict_new();
	char name[16], *many[400];
	size_t i;

	strcpy(name, "TITLE");
	tpl_set(d, name, "First");
	strcpy(name, "MESSAGE");
	tpl_set(d, name, "Second");
	strcpy(name, "SITE_NAME");
	tpl_set_global(d, name, "Site");
	ok(tpl_expand("error.tpl", d, &out), "error.tpl expands with names from one buffer");
	ok(has(out.data, "<title>First | Site</title>") && has(out.data, "<p>Second</p>"),
	   "a name buffer reused with other text: each value under its own name");
	tpl_dict_free(d);

	d = tpl_dict_new();
	for (i = 0; i < sizeof many / sizeof many[0]; i++) {
		many[i] = xmalloc(16);
		snprintf(many[i], 16, "UNUSED_%zu", i);
		tpl_set(d, many[i], "x");
	}
	tpl_set(d, "TITLE", "Third");
	tpl_set(d, "MESSAGE", "Fourth");
	tpl_set_global(d, "SITE_NAME", "Site");
	buf_reset(&out);
	ok(tpl_expand("error.tpl", d, &out) && has(out.data, "<title>Third | Site</title>") &&
	   has(out.data, "<p>Fourth</p>"), "after %zu more names, values still land", i);
	for (i = 0; i < sizeof many / sizeof many[0]; i++)
		free(many[i]);
	tpl_dict_free(d);
	buf_free(&out);
}

/*
** template.cc's dictionaries follow ctemplate's rules, with the test
** templates of tests/data/templates: a section sees the values, sections
** and includes of the dictionaries above it, an include only its own
** values and the globals; a dictionary's value wins over a global; a
** value set twice keeps the last; NULL is empty; a section shown twice
** shows once; a value larger than the arena's blocks, and many values,
** are kept whole.
*/
static void test_dictionary(const char *src)
{
	static const char expected[] =
		"[a|&lt;b&gt;|-42|g||unused]"
		"(s:a1^)(s:x2(t:x&lt;b&gt;3{inc:gd1}{inc2:gd2})^)"
		"{inc:gd1}{inc2:gd2}shown:a[";
	struct buf dir = BUF_INIT, out = BUF_INIT, big = BUF_INIT;
	struct tpl_dict *d = tpl_dict_new(), *s, *t;
	char name[16];
	size_t i;

	buf_printf(&dir, "%s/tests/data/templates", src);
	if (!ok(tpl_set_root(dir.data), "tpl_set_root %s", dir.data))
		goto done;
	tpl_set(d, "A", "first");
	tpl_set(d, "A", "a");
	tpl_set(d, "B", "<b>");
	tpl_set_global(d, "B", "global B");
	tpl_set_int(d, "I", -42);
	tpl_set_global(d, "G", "first G");
	tpl_set_global(d, "G", "g");
	tpl_set(d, "N", NULL);
	tpl_set(tpl_add_section(d, "S"), "C", "1");
	s = tpl_add_section(d, "S");
	tpl_set(s, "A", "x");
	tpl_set(s, "C", "2");
	t = tpl_add_section(s, "T");
	tpl_set(t, "C", "3");
	tpl_show(d, "UP");
	tpl_set(tpl_add_include(d, "INC", "dict-include.tpl"), "D", "d1");
	tpl_set(tpl_add_include(d, "INC", "dict-include2.tpl"), "D", "d2");
	tpl_show(d, "SHOWN");
	tpl_show(d, "SHOWN");
	for (i = 0; i < 20000; i++)
		buf_puts(&big, "0123456789");
	tpl_set(d, "LONG", big.data);
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "UNUSED_%zu", i);
		tpl_set(d, name, "unused");
	}
	ok(tpl_expand("dict.tpl", d, &out), "dict.tpl expands");
	ok(out.data && strncmp(out.data, expected, strlen(expected)) == 0,
	   "values, globals, sections and includes where ctemplate puts them: %.120s",
	   out.data ? out.data : "(nothing)");
	ok(out.len == strlen(expected) + big.len + strlen("]\n") &&
	   strspn(out.data + strlen(expected), "0123456789") == big.len &&
	   strcmp(out.data + out.len - 2, "]\n") == 0, "a 200 KB value, whole");
	ok(!has(out.data, "hidden"), "a section never shown stays hidden");
	tpl_dict_free(d);
	d = NULL;
	buf_reset(&dir);
	buf_printf(&dir, "%s/templates", src);
	ok(tpl_set_root(dir.data), "tpl_set_root %s again", dir.data);
done:
	tpl_dict_free(d);
	buf_free(&big);
	buf_free(&out);
	buf_free(&dir);
}

static void test_error_page(void)
{
	struct config c;
	struct buf out = BUF_INIT;

	config_init(&c);
	config_set(&c.database, "/nonexistent/folder/none.db");
	config_set(&c.site_name, "Test site");
	ok(render_error(&c, "Service Unavailable", "Try again <soon>.", &out),
	   "render_error works without a database");
	ok(has(out.data, "<title>Service Unavailable | Test site</title>"), "error page title");
	ok(has(out.data, "<h1>Service Unavailable</h1>"), "error page heading");
	ok(has(out.data, "<p>Try again &lt;soon&gt;.</p>"), "error message, escaped");
	ok(has(out.data, "href=\"/\""), "error page links home");
	ok(!has(out.data, "site-menu"), "error page has no menu (it needs no database)");
	config_free(&c);
	buf_free(&out);
}

/* The server variables of one request. */
struct env {
	char *v[4];
};

static void env_set(struct env *e, const char *method, const char *uri, const char *query)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "REQUEST_METHOD=%s", method);
	e->v[0] = buf_detach(&b);
	buf_printf(&b, "REQUEST_URI=%s%s%s", uri, query ? "?" : "", query ? query : "");
	e->v[1] = buf_detach(&b);
	buf_printf(&b, "QUERY_STRING=%s", query ? query : "");
	e->v[2] = buf_detach(&b);
	e->v[3] = NULL;
}

static void env_free(struct env *e)
{
	free(e->v[0]);
	free(e->v[1]);
	free(e->v[2]);
}

/* Answer one request as the worker does; rep holds the answer. */
static int handle(struct site *site, struct reply *rep, const char *method, const char *uri,
		  const char *query)
{
	struct request req;
	struct env e;
	int status;

	env_set(&e, method, uri, query);
	status = request_parse(&req, e.v);
	reply_reset(rep);
	site_handle(site, &req, status, rep);
	request_free(&req);
	env_free(&e);
	return rep->status;
}

static void test_site(const char *dir, const char *db, const struct config *base)
{
	struct config c = *base;
	struct buf away = BUF_INIT, later = BUF_INIT;
	struct site site, fresh;
	struct reply rep;

	c.database = (char *)db;
	site_init(&site, &c);
	reply_init(&rep);

	is_int(handle(&site, &rep, "GET", "/how/runningcode/", NULL), 200, "site: page is 200");
	ok(has(rep.headers.data, "Content-Type: text/html; charset=utf-8\r\n"),
	   "site: page is UTF-8 HTML");
	ok(has(rep.body.data, "<h1>Running code</h1>"), "site: page body");
	is_int(handle(&site, &rep, "GET", "/how/runningcode", "a=1&b=x+y"), 301,
	       "site: missing trailing slash is 301");
	ok(has(rep.headers.data, "Location: /how/runningcode/?a=1&b=x+y\r\n"),
	   "site: redirect keeps the query string");
	is_int(handle(&site, &rep, "GET", "/nowhere/", NULL), 404, "site: unknown path is 404");
	ok(has(rep.body.data, "Page not found") && has(rep.body.data, "id=\"site-menu\""),
	   "site: 404 page has the menus");
	is_int(handle(&site, &rep, "POST", "/how/", NULL), 405, "site: POST is 405");
	ok(has(rep.headers.data, "Allow: GET, HEAD\r\n"), "site: 405 says Allow: GET, HEAD");
	is_int(handle(&site, &rep, "GET", "/%ff/", NULL), 400, "site: bad path is 400");
	ok(has(rep.body.data, "not valid UTF-8"), "site: 400 page says why");

	/* The database moved away, then back. This test makes no inotify
	** watch (watch_init), so site-dispatch.c asks SQLite whether the file moved
	** (SQLITE_FCNTL_HAS_MOVED): the fallback where inotify is missing.
	** The deployment suite covers the watch. */
	buf_printf(&away, "%s.away", db);
	ok(rename(db, away.data) == 0, "database file moved away");
	handle(&site, &rep, "GET", "/how/runningcode/", NULL);
	is_int(rep.status, 503, "site: 503 once the database file is moved away");
	ok(rename(away.data, db) == 0, "database file moved back");
	is_int(handle(&site, &rep, "GET", "/how/runningcode/", NULL), 200,
	       "site: 200 again once it is back");

	/* A database that does not exist yet, then appears. */
	buf_printf(&later, "%s/later.db", dir);
	c.database = later.data;
	site_init(&fresh, &c);
	is_int(handle(&fresh, &rep, "GET", "/how/runningcode/", NULL), 503,
	       "site: missing database is 503");
	ok(has(rep.headers.data, "Retry-After: 5\r\n"), "site: 503 says Retry-After");
	ok(has(rep.body.data, "temporarily unavailable"), "site: 503 page says why");
	is_int(handle(&fresh, &rep, "GET", "/nowhere/", NULL), 503,
	       "site: unknown path without database is 503 too");
	testdb_exec(testdb_conn, "PRAGMA wal_checkpoint(TRUNCATE)");
	ok(link(db, later.data) == 0, "database appears");
	is_int(handle(&fresh, &rep, "GET", "/how/runningcode/", NULL), 200,
	       "site: 200 once the database appears");
	site_free(&fresh);
	unlink(later.data);
	buf_puts(&later, "-wal");
	unlink(later.data);
	later.data[later.len - 3] = 's';
	later.data[later.len - 2] = 'h';
	later.data[later.len - 1] = 'm';
	unlink(later.data);

	site_free(&site);
	reply_free(&rep);
	buf_free(&away);
	buf_free(&later);
}

/*
** The page cache follows the 'content' change mark (sql/migrate-4.sql):
** each change to a table the public pages read starts a new generation,
** and the change shows at the next request; a commit to the tables only
** the admin reads (an editor's login, a session's seen_at), or a
** checkpoint, keeps every cached page. Two sites are two worker
** threads, each with its own connection. Without a mark to read, every
** commit starts a new generation; a thread that read its mark before
** another thread noted a later one does not bring the older mark back.
*/
static void test_content_mark(const char *db, const struct config *base)
{
	static const char *const visible[] = {
		"INSERT INTO page (path, title) VALUES ('/mark/', 'Mark')",
		"UPDATE page SET version = version WHERE path = '/mark/'",
		"INSERT INTO program (page_id, position, title) SELECT id, 1, 'Marked' FROM page WHERE path = '/mark/'",
		"UPDATE program SET version = version WHERE title = 'Marked'",
		"DELETE FROM program WHERE title = 'Marked'",
		"INSERT INTO menu_entry (menu_id, position, label, url) VALUES (2, 99, 'Marked', 'https://example.org/')",
		"UPDATE menu_entry SET version = version WHERE label = 'Marked'",
		"DELETE FROM menu_entry WHERE label = 'Marked'",
		"INSERT INTO redirect (path, page_id) SELECT '/marked/', id FROM page WHERE path = '/mark/'",
		"UPDATE redirect SET version = version WHERE path = '/marked/'",
		"DELETE FROM redirect WHERE path = '/marked/'",
		"INSERT INTO menu (id, name, title) VALUES (3, 'marked', 'Marked')",
		"UPDATE menu SET title = 'Still marked' WHERE id = 3",
		"DELETE FROM menu WHERE id = 3",
		"DELETE FROM page WHERE path = '/mark/'",
	};
	static const char *const admin_only[] = {
		"INSERT INTO user (name, password) VALUES ('marker', 'x')",
		"INSERT INTO session (token_hash, user_id, csrf_token, created_at, seen_at)"
		" SELECT 'h', id, 'c', 1, 1 FROM user WHERE name = 'marker'",
		"UPDATE session SET seen_at = 2 WHERE token_hash = 'h'",
		"INSERT INTO login_attempt (at, username, address, succeeded) VALUES (1, 'marker', '::1', 1)",
		"INSERT INTO revision (entity, record_id, action, username) VALUES ('page', '1', 'update', 'marker')",
		"DELETE FROM session",
		"DELETE FROM user WHERE name = 'marker'",
		"PRAGMA wal_checkpoint(TRUNCATE)",
	};
	struct config c = *base;
	struct site one, two;
	struct reply rep;
	unsigned g, late;
	size_t i;

	c.database = (char *)db;
	cache_init(1 << 20);
	site_init(&one, &c);
	site_init(&two, &c);
	reply_init(&rep);
	handle(&one, &rep, "GET", "/how/runningcode/", NULL);
	handle(&two, &rep, "GET", "/how/runningcode/", NULL);

	for (i = 0; i < sizeof visible / sizeof *visible; i++) {
		g = cache_generation();
		ok(testdb_exec(testdb_conn, visible[i]), "content mark: committed %s", visible[i]);
		handle(&one, &rep, "GET", "/how/runningcode/", NULL);
		ok(cache_generation() != g, "content mark: a new generation after %s", visible[i]);
		g = cache_generation();
		handle(&two, &rep, "GET", "/how/runningcode/", NULL);
		is_int(cache_generation(), g, "content mark: one only, when a second thread sees the same commit");
	}
	for (i = 0; i < sizeof admin_only / sizeof *admin_only; i++) {
		g = cache_generation();
		ok(testdb_exec(testdb_conn, admin_only[i]), "content mark: committed %s", admin_only[i]);
		handle(&one, &rep, "GET", "/how/runningcode/", NULL);
		handle(&two, &rep, "GET", "/how/runningcode/", NULL);
		is_int(cache_generation(), g, "content mark: cached pages kept after %s", admin_only[i]);
	}

	/* What a visitor sees: the cached page, then the edit at once. */
	handle(&one, &rep, "GET", "/how/runningcode/", NULL);
	ok(has(rep.body.data, "IETF Hackathons") && !has(rep.body.data, "Hackathons, renamed"),
	   "content mark: the page as it was");
	testdb_exec(testdb_conn, "UPDATE program SET title = 'IETF Hackathons, renamed' WHERE title = 'IETF Hackathons'");
	is_int(handle(&two, &rep, "GET", "/how/runningcode/", NULL), 200, "content mark: page after an edit");
	ok(has(rep.body.data, "IETF Hackathons, renamed"), "content mark: the next request shows the edit");
	is_int(handle(&one, &rep, "GET", "/how/runningcode/", NULL), 200, "content mark: and on the other thread");
	ok(has(rep.body.data, "IETF Hackathons, renamed"), "content mark: the other thread shows it too");

	/* No mark to read (a database made by hand): every commit counts. */
	ok(testdb_exec(testdb_conn, "DELETE FROM change_mark WHERE name = 'content'"), "content mark removed");
	handle(&one, &rep, "GET", "/how/runningcode/", NULL);
	g = cache_generation();
	ok(testdb_exec(testdb_conn, admin_only[3]), "content mark: a login attempt without the mark");
	handle(&one, &rep, "GET", "/how/runningcode/", NULL);
	ok(cache_generation() != g, "content mark: without it, any commit starts a new generation");
	ok(testdb_exec(testdb_conn, "INSERT INTO change_mark (name, value) VALUES ('content', random())"),
	   "content mark back");

	/* Thread X reads the generation and mark 1; thread A notes mark 2;
	** X notes its mark late; then mark 1 comes back (a backup restored
	** into the open file). */
	cache_note_content_mark(1, cache_generation());
	late = cache_generation();
	cache_note_content_mark(2, cache_generation());
	g = cache_generation();
	cache_note_content_mark(1, late);
	ok(cache_generation() != g, "content mark: a mark noted late starts a generation");
	g = cache_generation();
	cache_note_content_mark(1, g);
	ok(cache_generation() != g, "content mark: and is not kept, so its return starts one too");
	g = cache_generation();
	cache_note_content_mark(1, g);
	is_int(cache_generation(), g, "content mark: then it is noted");

	site_free(&one);
	site_free(&two);
	reply_free(&rep);
}

int main(void)
{
	const char *src = getenv("RC_SRCDIR");
	struct buf dir = BUF_INIT, db = BUF_INIT, tpl = BUF_INIT;
	struct store *s = NULL;
	struct config c;
	char err[512];
	bool made;

	buf_printf(&tpl, "%s/templates", src ? src : ".");
	if (!ok(tpl_set_root(tpl.data), "tpl_set_root %s", tpl.data))
		return tap_done();
	test_expand_failure();
	test_names();
	test_dictionary(src ? src : ".");
	test_error_page();

	made = testdb_make("unit-template", &dir, &db);
	if (ok(made, "database made from schema.sql and seed.sql in %s", dir.data))
		s = store_open(db.data, STORE_READONLY, err, sizeof err);
	if (ok(s != NULL, "store opened")) {
		config_init(&c);
		test_page(s, &c);
		test_escaping(s, &c);
		test_menu_cases(s, &c);
		{
			struct buf out = BUF_INIT;

			ok(render_not_found(s, &c, &out), "render_not_found renders");
			ok(has(out.data, "<h1>Page not found</h1>") &&
			   has(out.data, "id=\"site-menu\"") && has(out.data, "class=\"footer-menu\""),
			   "404 page: message, main menu and footer");
			ok(has(out.data, "<title>Page not found | IETF</title>"), "404 page title");
			buf_free(&out);
		}
		store_close(s);
		test_site(dir.data, db.data, &c);
		test_content_mark(db.data, &c);
		config_free(&c);
	}
	sqlite3_close(testdb_conn);
	if (tap_failed == 0 && made) {
		static const char *const suffix[] = { "", "-wal", "-shm" };
		struct buf f = BUF_INIT;

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
	buf_free(&tpl);
	return tap_done();
}
