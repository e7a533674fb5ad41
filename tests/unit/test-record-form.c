/*
** test-record-form.c: how a record comes to the engine (record.c,
** record-kinds.c), before record_apply (test-record.c) takes it: the
** kinds and their fields by name; a snapshot read into a record
** (record_from_json, record_load) with every value as it was, escapes
** and all; a submitted form (record_from_request) with one-line fields
** trimmed and an absent checkbox "0"; a new record's checkboxes. On a
** real seeded database in $RC_BUILDDIR/tests/tmp/ (SQLite reads JSON).
*/
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "record.h"
#include "request.h"
#include "store.h"
#include "tap.h"
#include "testdb.h"

/*
** The kinds by name, their fields by name, where their lists live.
*/
static void test_kinds(void)
{
	struct record r = { .values = { "26" } };
	struct buf url = BUF_INIT;

	ok(kind_find("page") == &kind_page && kind_find("menu_entry") == &kind_menu_entry &&
	   kind_find("program") == &kind_program && kind_find("redirect") == &kind_redirect,
	   "kind_find: each kind by its name");
	ok(!kind_find("pages") && !kind_find("Page") && !kind_find("") && !kind_find(NULL),
	   "kind_find: no other name");
	is_int(kind_field(&kind_page, "title"), 1, "kind_field: a page's title");
	is_int(kind_field(&kind_program, "link_url"), 4, "kind_field: a program's link URL");
	is_int(kind_field(&kind_page, "url"), -1, "kind_field: no such field");
	is_int(kind_field(&kind_page, ""), -1, "kind_field: no empty name");
	kind_list_url(&kind_page, &r, &url);
	is_str(url.data, "/admin/pages", "kind_list_url: a kind's own list");
	buf_reset(&url);
	kind_list_url(&kind_program, &r, &url);
	is_str(url.data, "/admin/programs?page=26", "kind_list_url: a program's, with its page");
	buf_free(&url);
}

/*
** Snapshots into records: id, version, escapes undone, a missing field
** or a null as "", unknown keys ignored, broken JSON refused.
*/
static void test_from_json(struct store *s)
{
	static const char json[] = "{\"id\":\"7\",\"version\":3,\"path\":\"/x/\","
		"\"title\":\"A \\\"quoted\\\"\\ntitle \\u00e9\",\"unknown\":1,\"published\":null}";
	struct record r;

	is_int(record_from_json(s, &kind_page, json, &r), 0, "record_from_json reads a snapshot");
	ok(r.id && strcmp(r.id, "7") == 0 && r.version == 3, "record_from_json: id and version");
	is_str(r.values[0], "/x/", "record_from_json: a value");
	is_str(r.values[1], "A \"quoted\"\ntitle \xC3\xA9", "record_from_json: escapes undone");
	is_str(r.values[2], "", "record_from_json: a missing field is \"\"");
	is_str(r.values[4], "", "record_from_json: a null is \"\"");
	record_free(&r);
	ok(r.id == NULL && r.values[0] == NULL, "record_free empties the record");
	is_int(record_from_json(s, &kind_page, "{\"id\":", &r), -1,
	       "record_from_json: broken JSON fails");
	ok(r.id == NULL && r.values[0] == NULL, "record_from_json: and leaves nothing to free");
}

/*
** Records loaded through their kind's snapshot hold exactly what the
** database holds, whatever characters: the trip through JSON loses
** nothing.
*/
static void test_round_trip(struct store *s)
{
	static const char tricky[] = "Quote \" back\\slash\ttab\nline \xE2\x82\xAC \xF0\x9F\x98\x80 <&>";
	struct record r;

	testdb_exec(testdb_conn, "UPDATE program SET title = 'Quote \" back\\slash' || char(9) || 'tab'"
		    " || char(10) || 'line € 😀 <&>', link_page_id = NULL,"
		    " link_url = 'https://example.org/?a=1&b=\"2\"', published = 0 WHERE id = 3");
	is_int(record_load(s, &kind_program, "3", &r), 1, "record_load: program 3");
	ok(r.id && strcmp(r.id, "3") == 0 && r.version == 1, "round trip: id and version");
	is_str(r.values[0], "26", "round trip: an id as text");
	is_str(r.values[1], tricky, "round trip: quotes, backslash, controls, UTF-8, HTML");
	is_str(r.values[3], "", "round trip: a NULL page id is \"\"");
	is_str(r.values[4], "https://example.org/?a=1&b=\"2\"", "round trip: a link");
	is_str(r.values[5], "0", "round trip: a flag");
	record_free(&r);
	is_int(record_load(s, &kind_menu_entry, "53", &r), 1, "record_load: a menu entry");
	ok(strcmp(r.values[0], "Running code") == 0 && strcmp(r.values[1], "7") == 0 &&
	   strcmp(r.values[2], "26") == 0 && strcmp(r.values[3], "") == 0,
	   "round trip: label, its section as the place, page, no URL");
	record_free(&r);
	is_int(record_load(s, &kind_menu_entry, "100", &r), 1, "record_load: a footer entry");
	ok(strcmp(r.values[1], "footer") == 0 && strcmp(r.values[3], "https://www.rfc-editor.org/") == 0,
	   "round trip: the footer as the place, its URL");
	record_free(&r);
	is_int(record_load(s, &kind_page, "999", &r), 0, "record_load: no such record");
	ok(r.id == NULL && r.values[0] == NULL, "record_load: and nothing to free");
}

/*
** Fill r from a crafted POST to /admin/edit with this query and body, as
** the admin reads a form. Returns whether the request parsed.
*/
static bool from_form(const struct kind *k, const char *query, const char *body,
		      struct record *r)
{
	struct buf q = BUF_INIT;
	char method[] = "REQUEST_METHOD=POST", uri[] = "REQUEST_URI=/admin/edit";
	char *env[] = { method, uri, NULL, NULL };
	struct request req;
	bool parsed;

	buf_printf(&q, "QUERY_STRING=%s", query);
	env[2] = q.data;
	parsed = request_parse(&req, env) == 0 && request_parse_pairs(&req, body, strlen(body)) == 0;
	record_from_request(k, &req, r);
	request_free(&req);
	buf_free(&q);
	return parsed;
}

/*
** A form: one-line fields trimmed, text kept as typed, a checkbox "1"
** only when checked, id and version read; a new record's checkboxes.
*/
static void test_from_request(void)
{
	struct record r;

	ok(from_form(&kind_page, "type=page&id=26&version=3", "path=+/x/%09"
		     "&title=++Spaced+title+%0D%0A&summary=+kept+%0A&body=%0A+body+&published=yes",
		     &r), "a crafted POST parses");
	ok(r.id && strcmp(r.id, "26") == 0 && r.version == 3, "form: id and version");
	is_str(r.values[0], "/x/", "form: a path trimmed");
	is_str(r.values[1], "Spaced title", "form: a one-line field trimmed");
	is_str(r.values[2], " kept \n", "form: a text field as typed");
	is_str(r.values[3], "\n body ", "form: a body as typed");
	is_str(r.values[4], "0", "form: a checkbox that is not \"1\" is \"0\"");
	record_free(&r);
	from_form(&kind_menu_entry, "type=menu_entry&id=", "url=+https://example.org/+", &r);
	ok(r.id == NULL && r.version == 0, "form: an empty id, a new record");
	is_str(r.values[3], "https://example.org/", "form: a link trimmed");
	is_str(r.values[0], "", "form: an absent field is \"\"");
	record_free(&r);
	from_form(&kind_program, "type=program", "published=1", &r);
	is_str(r.values[5], "1", "form: a checked box");
	record_free(&r);
	from_form(&kind_program, "type=program", "title=x", &r);
	is_str(r.values[5], "0", "form: an absent checkbox is \"0\"");
	record_free(&r);
	record_defaults(&kind_page, &r);
	is_str(r.values[4], "0", "record_defaults: a page starts as a draft");
	record_free(&r);
	record_defaults(&kind_program, &r);
	is_str(r.values[5], "1", "record_defaults: a program starts published");
	record_free(&r);
}

int main(void)
{
	struct buf dir = BUF_INIT, db = BUF_INIT;
	bool made = testdb_make("unit-record-form", &dir, &db);
	struct store *s = NULL;
	char err[512];

	test_kinds();
	test_from_request();
	if (ok(made, "database made in %s", dir.data))
		s = store_open(db.data, STORE_READONLY, err, sizeof err);
	if (ok(s != NULL, "store opened")) {
		test_from_json(s);
		test_round_trip(s);
	}
	store_close(s);
	return testdb_finish(made, &dir, &db);
}
