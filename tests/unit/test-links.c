/*
** test-links.c: the links of records (links.c, markdown.c's
** markdown_links_each) on a real seeded database: links read from
** cmark's tree, not from text that only looks like one; resolution
** against the record's path on base_url (relative, absolute, full
** addresses, query and fragment); each state (a published page, one not
** published, no page, a redirect to a published page, the worker's own
** addresses, another site); the site-wide report. And the redirect list
** in CSV (redirects-csv.c): quoted fields, a header, line numbers of
** wrong lines across a quoted line break, all or nothing.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "links.h"
#include "markdown.h"
#include "record.h"
#include "redirects-csv.h"
#include "store.h"
#include "tap.h"
#include "testdb.h"

#define BASE "https://www.example.org"

/* markdown_links_each's callback: each URL on a line of ctx, a buf. */
static void gather_url(void *ctx, const char *url)
{
	buf_printf(ctx, "%s\n", url);
}

static void test_markdown_links(void)
{
	struct buf got = BUF_INIT;
	static const char text[] =
		"A [link](/a/) and ![an image](/img.png \"title\"), a [reference][r],\n"
		"`[not a link](/code/)` in code, an <https://auto.example/> autolink,\n"
		"\n    [indented code](/code2/)\n\n"
		"[r]: /ref/?x=1#y\n";

	markdown_links_each(text, strlen(text), gather_url, &got);
	is_str(got.data, "/a/\n/img.png\n/ref/?x=1#y\nhttps://auto.example/\n",
	       "links and images in order, a reference resolved; none from code");
	buf_free(&got);
}

/* links_of_record's callback: "url state [target]" on a line of ctx. */
static void gather_use(void *ctx, const struct link_use *u)
{
	buf_printf(ctx, "%s %d%s%s\n", u->url, (int)u->state, u->target ? " " : "",
		   u->target ? u->target : "");
}

/*
** The links of a page at path with body, as gather_use writes them
** (owned by the caller).
*/
static char *page_links(struct store *s, const char *path, const char *body)
{
	struct record r = { NULL, 0, { NULL } };
	struct buf got = BUF_INIT;
	const struct kind *k = &kind_page;
	int i;

	for (i = 0; i < k->nfields; i++)
		r.values[i] = xstrdup("");
	free(r.values[kind_field(k, "path")]);
	r.values[kind_field(k, "path")] = xstrdup(path);
	free(r.values[kind_field(k, "body")]);
	r.values[kind_field(k, "body")] = xstrdup(body);
	if (links_of_record(s, BASE, k, &r, gather_use, &got) < 0)
		buf_puts(&got, "(error)");
	record_free(&r);
	return buf_detach(&got);
}

static void test_states(struct store *s)
{
	char *got;

	testdb_exec(testdb_conn, "UPDATE page SET published = 0 WHERE path = '/contact/feedback/';"
		    " INSERT INTO redirect (path, page_id) VALUES ('/old/', 12);"
		    " INSERT INTO redirect (path, page_id) VALUES ('/old-hidden/', 39);");
	got = page_links(s, "/about/", "[a](/about/mission/) [b](/contact/feedback/) [c](/no/such/)"
			 " [d](/old/#top) [e](/old-hidden/) [f](/search/?q=x) [g](/static/x.css)"
			 " [h](https://elsewhere.example/) [i](mailto:a@example.org) [j](#here)");
	is_str(got, "/about/mission/ 0\n/contact/feedback/ 3\n/no/such/ 2\n/old/#top 1 /about/mission/\n"
	       "/old-hidden/ 3\n/search/?q=x 0\n/static/x.css 0\nhttps://elsewhere.example/ 4\n",
	       "each state; mailto: and a fragment of the page itself are not links to check");
	free(got);
	testdb_exec(testdb_conn, "INSERT INTO file (name, stored, media_type, bytes)"
		    " VALUES ('logo', 'kept.png', 'image/png', 1)");
	got = page_links(s, "/about/", "![a](/files/kept.png) [b](/files/gone.png)");
	is_str(got, "/files/kept.png 0\n/files/gone.png 5\n",
	       "a link below /files/ is found when the library holds that file");
	free(got);
	got = page_links(s, "/about/", "[a](mission/) [b](../how/) [c](" BASE "/tools/?x) [d](HTTPS://WWW.EXAMPLE.ORG/nope/)"
			 " [e](/about/mission) [f](//www.example.org/topics/)");
	is_str(got, "mission/ 0\n../how/ 0\n" BASE "/tools/?x 0\nHTTPS://WWW.EXAMPLE.ORG/nope/ 2\n"
	       "/about/mission 0\n//www.example.org/topics/ 0\n",
	       "relative links from the page's path, full addresses of the site, no trailing slash");
	free(got);
}

/* links_report's callback: counts of each state in ctx, an int[5]. */
static void count_use(void *ctx, const struct link_use *u)
{
	((int *)ctx)[u->state]++;
}

static void test_report(struct store *s)
{
	int n[5] = { 0, 0, 0, 0, 0 };

	ok(links_report(s, BASE, count_use, n) > 0, "the report reads the seeded site");
	/* The seed's footer has an entry to /contact/feedback/, unpublished above. */
	is_int(n[LINK_UNPUBLISHED], 1, "the menu entry to the unpublished page");
	is_int(n[LINK_MISSING], 0, "no missing page in the seed");
	ok(n[LINK_EXTERNAL] > 5, "the seed's links to other sites");
}

static void test_csv(struct store *s, struct config *c)
{
	struct redirects_import r;
	struct buf out = BUF_INIT;
	enum change_result rc;
	static const char wrong[] =
		"old_path,new_path,status\r\n"
		"\"/q/\",\"/about/\",301\r\n"
		"\"/multi/\",\"/how/\nx/\",301\n"
		"/r/,/nowhere/,301\n"
		"/s/,ftp://other.example/,\n";
	static const char right[] = "/q/,/about/\n\"/r/\"," BASE "/how/,301\n/old/,/tools/,\n";

	rc = redirects_csv_import(s, c, wrong, strlen(wrong), "tester", ROLE_ADMINISTRATOR, &r);
	is_int(rc, CHANGE_INVALID, "a wrong list is refused");
	if (is_int((long long)r.nerrors, 3, "three wrong lines")) {
		is_int(r.errors[0].line, 3, "a quoted line break: the line the row starts on");
		is_int(r.errors[1].line, 5, "then the line after it counts on");
		is_int(r.errors[2].line, 6, "not a web address");
	}
	is_sql("SELECT count(*) FROM redirect WHERE path = '/q/'", "0", "nothing imported");
	redirects_import_free(&r);
	rc = redirects_csv_import(s, c, right, strlen(right), "tester", ROLE_ADMINISTRATOR, &r);
	is_int(rc, CHANGE_OK, "a right list is imported");
	is_int(r.imported, 3, "all three");
	is_sql("SELECT count(*) FROM revision WHERE entity = 'redirect' AND username = 'tester'", "3",
	       "each with its revision");
	is_sql("SELECT p.path = '/tools/' FROM redirect r JOIN page p ON p.id = r.page_id WHERE r.path = '/old/'", "1",
	       "an existing redirect replaced");
	redirects_import_free(&r);
	rc = redirects_csv_import(s, c, right, strlen(right), "tester", ROLE_EDITOR, &r);
	is_int(rc, CHANGE_FORBIDDEN, "an editor may not import redirects");
	redirects_import_free(&r);
	ok(redirects_csv_export(s, &out) >= 4, "the list exported");
	ok(strncmp(out.data, "old_path,new_path_or_url,status\r\n", 33) == 0, "with its header");
	ok(strstr(out.data, "\"/r/\",\"/how/\",301\r\n") != NULL, "each redirect quoted, with its page's path");
	buf_free(&out);
}

int main(void)
{
	struct buf dir = BUF_INIT, db = BUF_INIT;
	bool made = testdb_make("unit-links", &dir, &db);
	struct store *s = NULL;
	struct config c;
	char err[512];

	config_init(&c);
	test_markdown_links();
	if (ok(made, "database made in %s", dir.data))
		s = store_open(db.data, STORE_READWRITE, err, sizeof err);
	if (ok(s != NULL, "store opened")) {
		config_set(&c.base_url, BASE);
		config_set(&c.publish_dir, NULL);	/* no published folder to lock */
		test_states(s);
		test_report(s);
		test_csv(s, &c);
	}
	store_close(s);
	config_free(&c);
	return testdb_finish(made, &dir, &db);
}
