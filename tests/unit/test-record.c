/*
** test-record.c: the record engine (record.c, record-kinds.c) on a real
** seeded database and a real published folder under
** $RC_BUILDDIR/tests/tmp/, rendering with the source tree's templates.
** It proves the order record.h documents: a change refused (an invalid
** field of each kind, a stale version, a page deleted, a section with
** entries deleted, a revision that cannot be written, a folder that
** cannot be locked) writes nothing: no
** lock file, no pending marker, no page, no revision, the record as it
** was; a change that goes through commits with its revisions and renders
** the pages it touched, and drops the marker. A draft touches nothing
** live (no row, no file, no marker, no revision but its own) until it is
** published through the same path as a save; discarding it, a save
** from the form that showed it, and deleting its record drop it.
** test-record-form.c covers
** what comes before: the kinds, snapshots and forms read into records.
*/
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "record.h"
#include "store.h"
#include "template.h"
#include "tap.h"
#include "testdb.h"

#define REVISIONS "SELECT count(*) FROM revision"
#define LAST_REVISION(what) "SELECT " what " FROM revision ORDER BY id DESC"

static struct store *store;
static struct config conf;
static struct buf dir = BUF_INIT;	/* the test's folder */
static int file_count;			/* count_file's */

/* What a change may have written, taken before it and compared after. */
struct state {
	int64_t mark, revisions;	/* the 'content' change mark; revision rows */
	int files;			/* files in the published folder */
	bool pending, lock;		/* <publish_dir>.pending and .lock exist */
	char *record;			/* the record's snapshot (owned), or NULL */
};

/*
** Whether <publish_dir><suffix> exists; with page, also read it there
** (left empty when it cannot be read).
*/
static bool pub_file(const char *suffix, struct buf *page)
{
	struct buf path = BUF_INIT;
	bool found;

	buf_printf(&path, "%s%s", conf.publish_dir, suffix);
	found = access(path.data, F_OK) == 0;
	if (page && buf_read_file(page, path.data, 1 << 20) < 0)
		buf_reset(page);
	buf_free(&path);
	return found;
}

#define pub_has(suffix) pub_file((suffix), NULL)

/* Whether the published page at path holds needle. */
static bool page_has(const char *path, const char *needle)
{
	struct buf page = BUF_INIT, suffix = BUF_INIT;
	bool found;

	buf_printf(&suffix, "%sindex.html", path);
	found = pub_file(suffix.data, &page) && page.data && strstr(page.data, needle);
	buf_free(&page);
	buf_free(&suffix);
	return found;
}

/* nftw callback of files_published: count a page's file (not its
** compressed twins). */
static int count_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t len = strlen(path);

	(void)st;
	(void)ftw;
	file_count += type == FTW_F && len >= 10 && strcmp(path + len - 10, "index.html") == 0;
	return 0;
}

/* The number of pages in the published folder (0 when it is missing). */
static int files_published(void)
{
	file_count = 0;
	nftw(conf.publish_dir, count_file, 16, FTW_PHYS);
	return file_count;
}

/* Take the state around the change ch. */
static void state_take(struct state *st, const struct change *ch)
{
	st->mark = testdb_int("SELECT value FROM change_mark WHERE name = 'content'");
	st->revisions = testdb_int(REVISIONS);
	st->files = files_published();
	st->pending = pub_has(".pending");
	st->lock = pub_has(".lock");
	st->record = NULL;
	if (ch->kind && ch->record.id)
		store_text(store, ch->kind->sql_snapshot,
			   ARGS(SV_NAMED_TEXT(":id", ch->record.id)), &st->record);
}

/*
** Apply ch, expecting want and nothing written: compare the state after
** with the state before. With field, errors[] holds message there and
** nowhere else; without, no message at all. Frees ch.
*/
static void changes_nothing(struct change *ch, enum change_result want, const char *field,
			    const char *message, const char *what)
{
	struct state before, after;
	int i, at = field && ch->kind ? kind_field(ch->kind, field) : -1, others = 0;

	state_take(&before, ch);
	is_int(record_apply(store, &conf, ch), want, "%s: the result", what);
	state_take(&after, ch);
	for (i = 0; i < RECORD_FIELDS_MAX; i++)
		others += i != at && ch->errors[i] != NULL;
	if (field)
		is_str(at >= 0 ? ch->errors[at] : "no such field", message, "%s: at %s", what, field);
	is_int(others, 0, "%s: no message elsewhere", what);
	ok(after.mark == before.mark && after.revisions == before.revisions,
	   "%s: nothing committed, no revision", what);
	is_str(after.record, before.record, "%s: the record as it was", what);
	ok(after.pending == before.pending && after.lock == before.lock,
	   "%s: no marker set, no new lock file", what);
	is_int(after.files, before.files, "%s: no page written", what);
	free(before.record);
	free(after.record);
	change_free(ch);
}

/*
** Fill ch as a change of record id of kind k, loaded from the database
** (a new record with id NULL), then set fields from the name, value
** pairs that follow, up to a NULL name.
*/
static void change_of(struct change *ch, enum change_action action, const struct kind *k,
		      const char *id, ...)
{
	const char *name;
	va_list ap;
	int i;

	*ch = (struct change){ .action = action, .kind = k, .username = "tester", .role = ROLE_ADMINISTRATOR };
	if (id == NULL || record_load(store, k, id, &ch->record) != 1) {
		if (id)
			diag("cannot load %s %s", k->name, id);
		for (i = 0; i < k->nfields; i++)
			ch->record.values[i] = xstrdup("");
		record_defaults(k, &ch->record);
	}
	va_start(ap, id);
	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *value = va_arg(ap, const char *);

		if ((i = kind_field(k, name)) < 0) {
			diag("no field %s in %s", name, k->name);
			continue;
		}
		free(ch->record.values[i]);
		ch->record.values[i] = xstrdup(value);
	}
	va_end(ap);
}

/* Apply ch, then free it. */
static enum change_result apply(struct change *ch)
{
	enum change_result result = record_apply(store, &conf, ch);

	change_free(ch);
	return result;
}

/* (a) Refused fields, for each kind: nothing written, not even a lock. */
static void test_refused(void)
{
	struct change ch;

	ok(!pub_has(".lock"), "no lock file before the first change");
	change_of(&ch, CHANGE_SAVE, &kind_page, "26", "title", " ", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "title", "This cannot be empty.", "page, empty title");
	change_of(&ch, CHANGE_SAVE, &kind_page, NULL, "path", "/How/", "title", "New", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "path",
			"Use only lower-case letters, digits, '-', '_' and '.' between the slashes.",
			"new page, bad path");
	change_of(&ch, CHANGE_SAVE, &kind_program, "1", "link_page_id", "999", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "link_page_id", "This page does not exist (any more).",
			"program, a page that does not exist");
	change_of(&ch, CHANGE_SAVE, &kind_menu_entry, NULL, "label", "Both", "place", "7",
		  "page_id", "26", "url", "https://example.org/", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "url", "Choose either a page or a URL, not both.",
			"menu entry, a page and a URL");
	change_of(&ch, CHANGE_SAVE, &kind_redirect, NULL, "path", "/how/runningcode/",
		  "page_id", "26", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "path",
			"A page lives at this path, so a redirect from it would never be used.",
			"redirect from a page's path");
	ok(!pub_has(".lock") && !pub_has(""), "no lock file, no published folder made");
}

/*
** A redirect leads to a page or to an http(s) URL, exactly one, with one
** of its statuses (301 unless chosen); a page's move keeps the status.
*/
static void test_redirect_targets(void)
{
	struct change ch;
	struct record r;

	change_of(&ch, CHANGE_SAVE, &kind_redirect, NULL, "path", "/unit/both/", "page_id", "26",
		  "url", "https://example.org/", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "url", "Choose either a page or a URL, not both.",
			"redirect to a page and a URL");
	change_of(&ch, CHANGE_SAVE, &kind_redirect, NULL, "path", "/unit/none/", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "page_id", "Choose a page, or give a URL.",
			"redirect to nowhere");
	change_of(&ch, CHANGE_SAVE, &kind_redirect, NULL, "path", "/unit/mail/",
		  "url", "mailto:someone@example.org", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "url",
			"Give a full web address that starts with https:// or http://.",
			"redirect to a mailto: address");
	change_of(&ch, CHANGE_SAVE, &kind_redirect, NULL, "path", "/unit/status/",
		  "url", "https://example.org/", "status", "303", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "status", "Choose one of the values offered.",
			"redirect with status 303");
	change_of(&ch, CHANGE_SAVE, &kind_redirect, NULL, "path", "/unit/away/",
		  "url", "https://example.org/away", "status", "302", NULL);
	is_int(apply(&ch), CHANGE_OK, "redirect to a URL with 302: saved");
	is_sql("SELECT coalesce(page_id, 'null') || '|' || url || '|' || status FROM redirect"
	       " WHERE path = '/unit/away/'", "null|https://example.org/away|302", "as given");
	change_of(&ch, CHANGE_SAVE, &kind_redirect, NULL, "path", "/unit/page/", "page_id", "26", NULL);
	is_int(apply(&ch), CHANGE_OK, "redirect to a page, no status chosen: saved");
	is_sql("SELECT page_id || '|' || coalesce(url, 'null') || '|' || status FROM redirect"
	       " WHERE path = '/unit/page/'", "26|null|301", "with 301");
	/* A revision from before statuses restores with the default. */
	ok(record_from_json(store, &kind_redirect, "{\"path\": \"/unit/old/\", \"page_id\": \"26\"}",
			    &r) == 0, "an old snapshot read");
	is_str(r.values[kind_field(&kind_redirect, "status")], "301", "its status: the default");
	is_str(r.values[kind_field(&kind_redirect, "url")], "", "its URL: none");
	record_free(&r);
}

/* (b) to (f): a program updated, refused, moved, restored; deletions refused. */
static void test_program(void)
{
	int64_t revisions = testdb_int(REVISIONS);
	struct change ch;

	change_of(&ch, CHANGE_SAVE, &kind_program, "1", "title", "Hackathons, renamed", NULL);
	is_int(record_apply(store, &conf, &ch), CHANGE_OK, "update: done");
	ok(ch.published && ch.record.id && strcmp(ch.record.id, "1") == 0, "update: published, id 1");
	change_free(&ch);
	is_int(testdb_int("SELECT version FROM program WHERE id = 1"), 2, "update: committed");
	is_int(testdb_int(REVISIONS), revisions + 1, "update: one revision");
	is_sql(LAST_REVISION("action || '|' || json_extract(before, '$.title') || '|' ||"
			     " json_extract(after, '$.title')"),
	       "update|IETF Hackathons|Hackathons, renamed", "update: the revision, before and after");
	ok(page_has("/how/runningcode/", ">Hackathons, renamed</a>"), "update: its page rendered");
	is_int(files_published(), 1, "update: that page only");
	ok(!pub_has(".pending") && pub_has(".lock"), "update: the marker dropped");
	is_sql(LAST_REVISION("json_extract(after, '$.version') || '|' ||"
			     " json_extract(after, '$.link_page_id')"), "2|34",
	       "update: the record after, as saved");

	change_of(&ch, CHANGE_SAVE, &kind_program, "1", "title", "Stale", NULL);
	ch.record.version = 1;
	changes_nothing(&ch, CHANGE_CONFLICT, NULL, NULL, "stale version");
	change_of(&ch, CHANGE_DELETE, &kind_page, "26", NULL);
	changes_nothing(&ch, CHANGE_REFUSED, NULL, NULL, "page delete");
	change_of(&ch, CHANGE_DELETE, &kind_menu_entry, "7", NULL);
	changes_nothing(&ch, CHANGE_IN_USE, NULL, NULL, "section with entries delete");
	/* A revision that cannot be written takes the change back with it. */
	testdb_exec(testdb_conn, "CREATE TRIGGER no_history BEFORE INSERT ON revision"
		    " WHEN NEW.username = 'faulty' BEGIN SELECT RAISE(ABORT, 'injected'); END");
	change_of(&ch, CHANGE_SAVE, &kind_program, "2", "title", "Without history", NULL);
	ch.username = "faulty";
	changes_nothing(&ch, CHANGE_ERROR, NULL, NULL, "revision refused");
	testdb_exec(testdb_conn, "DROP TRIGGER no_history");

	revisions = testdb_int(REVISIONS);
	change_of(&ch, CHANGE_MOVE_UP, &kind_program, "2", NULL);
	is_int(apply(&ch), CHANGE_OK, "move up: done");
	is_sql("SELECT group_concat(id, ',') FROM (SELECT id FROM program ORDER BY position)",
	       "2,1,3,4", "move up: positions swapped");
	is_sql("SELECT group_concat(record_id || action, ',') FROM (" LAST_REVISION("*") " LIMIT 2)",
	       "1move,2move", "move up: a revision for each");
	is_int(testdb_int(REVISIONS), revisions + 2, "move up: no other");
	ok(page_has("/how/runningcode/", "support the work of the IETF.</p>\n</li>\n"
		    "<li class=\"program\" id=\"program-1\">"), "move up: page rendered, 2 before 1");
	change_of(&ch, CHANGE_MOVE_UP, &kind_program, "2", NULL);
	changes_nothing(&ch, CHANGE_OK, NULL, NULL, "moving the first up");
	change_of(&ch, CHANGE_MOVE_DOWN, &kind_program, "4", NULL);
	changes_nothing(&ch, CHANGE_OK, NULL, NULL, "moving the last down");
	change_of(&ch, CHANGE_MOVE_DOWN, &kind_redirect, NULL, NULL);
	changes_nothing(&ch, CHANGE_REFUSED, NULL, NULL, "moving a redirect");

	ch = (struct change){ .action = CHANGE_RESTORE, .restore_before = true, .username = "tester", .role = ROLE_ADMINISTRATOR,
		.revision = testdb_int("SELECT min(id) FROM revision WHERE action = 'update'") };
	is_int(record_apply(store, &conf, &ch), CHANGE_OK, "restore: done");
	ok(ch.kind == &kind_program && ch.record.id && strcmp(ch.record.id, "1") == 0,
	   "restore: the revision's record");
	change_free(&ch);
	is_sql("SELECT title || '|' || version || '|' || position FROM program WHERE id = 1",
	       "IETF Hackathons|4|2", "restore: the values back, the place kept");
	is_sql(LAST_REVISION("action || '|' || record_id || '|' || json_extract(after, '$.title')"),
	       "restore|1|IETF Hackathons", "restore: its own revision");
	ok(page_has("/how/runningcode/", ">IETF Hackathons</a>") &&
	   !page_has("/how/runningcode/", "renamed"), "restore: page rendered");
	ch = (struct change){ .action = CHANGE_RESTORE, .revision = 999999, .username = "tester", .role = ROLE_ADMINISTRATOR };
	changes_nothing(&ch, CHANGE_GONE, NULL, NULL, "restore of no revision");
}

/* (g) A page's path changed: a redirect from the old one, every page published. */
static void test_path_change(void)
{
	int64_t revisions = testdb_int(REVISIONS);
	struct buf old = BUF_INIT;
	struct change ch;

	buf_puts(&old, "old bytes");
	publish_write_page(conf.publish_dir, "/how/runningcode/code-sprint/", &old, FILE_MODES_PUBLISHED);
	buf_free(&old);
	change_of(&ch, CHANGE_SAVE, &kind_page, "35", "path", "/how/runningcode/sprint/", NULL);
	is_int(apply(&ch), CHANGE_OK, "path change: done");
	is_sql("SELECT page_id || '|' || version FROM redirect"
	       " WHERE path = '/how/runningcode/code-sprint/'", "35|1",
	       "path change: the old path redirects to the page");
	is_int(testdb_int(REVISIONS), revisions + 2, "path change: two revisions");
	is_sql("SELECT group_concat(entity || ' ' || action || ' ' || record_id, ', ') FROM ("
	       LAST_REVISION("*") " LIMIT 2)",
	       "page update 35, redirect create /how/runningcode/code-sprint/",
	       "path change: the page's and the redirect's");
	is_int(files_published(), testdb_int("SELECT count(*) FROM page WHERE published"),
	       "path change: every published page published");
	ok(pub_has("/index.html") && pub_has("/about/who/index.html") &&
	   pub_has("/how/runningcode/sprint/index.html"), "path change: the new path among them");
	ok(!pub_has("/how/runningcode/code-sprint/index.html"), "path change: the old file gone");
	ok(page_has("/how/runningcode/", "href=\"/how/runningcode/sprint/\""),
	   "path change: links to the page follow");
	ok(!pub_has(".pending"), "path change: the marker dropped");
}

/*
** (g2) A page with pages below it, two levels deep, moved: they move
** along, each old path redirects, the published folder follows; a move
** onto another page's path is refused naming it, changing nothing; the
** move's revision restored moves the tree back.
*/
static void test_tree_move(void)
{
	int64_t revisions, moved_at;
	struct change ch;

	change_of(&ch, CHANGE_SAVE, &kind_page, NULL, "path", "/how/runningcode/hackathons/2026/",
		  "title", "Hackathon 2026", "published", "1", NULL);
	is_int(apply(&ch), CHANGE_OK, "tree: a page two levels below");
	revisions = testdb_int(REVISIONS);
	change_of(&ch, CHANGE_SAVE, &kind_page, "26", "path", "/how/running-code/", NULL);
	is_int(apply(&ch), CHANGE_OK, "tree move: done");
	moved_at = testdb_int("SELECT max(id) FROM revision");
	is_sql("SELECT group_concat(path, ' ') FROM (SELECT path FROM page"
	       " WHERE path LIKE '/how/running%' ORDER BY path)",
	       "/how/running-code/ /how/running-code/codestand/ /how/running-code/hackathons/"
	       " /how/running-code/hackathons/2026/ /how/running-code/implementation-reports/"
	       " /how/running-code/sprint/", "tree move: every page below moved along");
	is_sql("SELECT group_concat(r.path || '>' || p.path, ' ') FROM (SELECT * FROM redirect"
	       " WHERE path LIKE '/how/runningcode/%' ORDER BY path) r JOIN page p ON p.id = r.page_id",
	       "/how/runningcode/>/how/running-code/"
	       " /how/runningcode/code-sprint/>/how/running-code/sprint/"
	       " /how/runningcode/codestand/>/how/running-code/codestand/"
	       " /how/runningcode/hackathons/>/how/running-code/hackathons/"
	       " /how/runningcode/hackathons/2026/>/how/running-code/hackathons/2026/"
	       " /how/runningcode/implementation-reports/>/how/running-code/implementation-reports/"
	       " /how/runningcode/sprint/>/how/running-code/sprint/",
	       "tree move: every old path redirects to its page");
	is_int(testdb_int(REVISIONS), revisions + 12, "tree move: six pages, six redirects");
	is_sql(LAST_REVISION("entity || ' ' || record_id || ' ' || action"), "page 26 update",
	       "tree move: the moved page's revision is the change's");
	ok(pub_has("/how/running-code/hackathons/2026/index.html") &&
	   !pub_has("/how/runningcode/hackathons/2026/index.html") &&
	   !pub_has("/how/runningcode/index.html"), "tree move: the published files follow");
	ok(page_has("/how/running-code/hackathons/2026/", "href=\"/how/running-code/hackathons/\""),
	   "tree move: the breadcrumb follows");
	is_int(files_published(), testdb_int("SELECT count(*) FROM page WHERE published"),
	       "tree move: every published page published");

	change_of(&ch, CHANGE_SAVE, &kind_page, NULL, "path", "/x/hackathons/", "title", "Other",
		  "published", "1", NULL);
	is_int(apply(&ch), CHANGE_OK, "clash: a page in the way");
	change_of(&ch, CHANGE_SAVE, &kind_page, "26", "path", "/x/", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "path",
			"The page “IETF Hackathons” would move to /x/hackathons/, where the page"
			" “Other” already is.", "clash: below");
	is_sql("SELECT count(*) FROM page WHERE path LIKE '/how/running-code/%'", "6",
	       "clash: no page moved");
	change_of(&ch, CHANGE_SAVE, &kind_page, "26", "path", "/x/hackathons/", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "path", "The page “Other” is already at this path.",
			"clash: the page itself");
	change_of(&ch, CHANGE_SAVE, &kind_page, "34", "path", "/how/running-code/", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "path", "The page “Running code” is already at this path.",
			"clash: onto the page above");

	change_of(&ch, CHANGE_SAVE, &kind_page, "26", "path", "/how/running-code/more/", NULL);
	is_int(apply(&ch), CHANGE_OK, "tree move below itself: done");
	is_sql("SELECT path FROM page WHERE id = 34", "/how/running-code/more/hackathons/",
	       "tree move below itself: the pages below follow");
	ch = (struct change){ .action = CHANGE_RESTORE, .restore_before = true, .username = "tester", .role = ROLE_ADMINISTRATOR,
		.revision = moved_at };
	is_int(record_apply(store, &conf, &ch), CHANGE_OK, "restore before the move: done");
	change_free(&ch);
	is_sql("SELECT group_concat(path, ' ') FROM (SELECT path FROM page"
	       " WHERE id IN (26, 34, 35) ORDER BY id)",
	       "/how/runningcode/ /how/runningcode/hackathons/ /how/runningcode/sprint/",
	       "restore before the move: the tree back");
	is_sql("SELECT count(*) FROM redirect r JOIN page p ON p.path = r.path", "0",
	       "restore: no redirect left where a page is");
	is_sql("SELECT group_concat(p.path, ' ') FROM redirect r JOIN page p ON p.id = r.page_id"
	       " WHERE r.path IN ('/how/running-code/', '/how/running-code/more/hackathons/2026/')",
	       "/how/runningcode/ /how/runningcode/hackathons/2026/",
	       "restore: the addresses it had meanwhile redirect");
	ok(pub_has("/how/runningcode/hackathons/2026/index.html") &&
	   !pub_has("/how/running-code/more/index.html"), "restore: the published files follow");
}

/* (h) A published folder that cannot be locked: nothing done. */
static void test_unpublishable(void)
{
	static const struct {
		const char *folder, *blocker, *what;
	} cases[] = {
		{ "/missing/pub", NULL, "the folder's parent is missing" },
		{ "/pub2", ".lock", "the lock file is a folder" },
	};
	struct buf path = BUF_INIT, blocker = BUF_INIT;
	char *saved = conf.publish_dir;
	struct change ch;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s%s", dir.data, cases[i].folder);
		conf.publish_dir = path.data;
		buf_reset(&blocker);
		buf_printf(&blocker, "%s%s", path.data, cases[i].blocker ? cases[i].blocker : "");
		if (cases[i].blocker)
			mkdir(blocker.data, 0755);
		change_of(&ch, CHANGE_SAVE, &kind_program, "3", "title", "Unpublishable", NULL);
		changes_nothing(&ch, CHANGE_UNPUBLISHABLE, NULL, NULL, cases[i].what);
		ok(!pub_has(""), "%s: no published folder made", cases[i].what);
	}
	conf.publish_dir = saved;
	buf_free(&path);
	buf_free(&blocker);
}

#define DRAFT_OF(kind, id) "SELECT base_version || '|' || json_extract(fields, '$.title')" \
	" FROM draft WHERE entity = '" kind "' AND record_id = '" id "'"

/* The bytes of the published file of the page at path (owned by the
** caller), or NULL. */
static char *published_bytes(const char *path)
{
	struct buf page = BUF_INIT, suffix = BUF_INIT;

	buf_printf(&suffix, "%sindex.html", path);
	if (!pub_file(suffix.data, &page))
		buf_free(&page);
	buf_free(&suffix);
	return buf_detach(&page);
}

/*
** (i) Drafts: saved without touching anything live, refused as a save
** is, published over their base version (a conflict when the record
** changed meanwhile), discarded, dropped by a save that supersedes them
** and by a deletion.
*/
static void test_drafts(void)
{
	struct state before, after;
	struct draft_info info;
	struct record r;
	struct change ch;
	char *file_before, *file_after, *entry;
	int64_t version = testdb_int("SELECT version FROM page WHERE id = 26");

	file_before = published_bytes("/how/runningcode/");
	change_of(&ch, CHANGE_DRAFT, &kind_page, "26", "title", "Drafted title",
		  "body", "Drafted body.", NULL);
	state_take(&before, &ch);
	is_int(record_apply(store, &conf, &ch), CHANGE_OK, "draft: done");
	state_take(&after, &ch);
	is_int(after.revisions, before.revisions + 1, "draft: one revision");
	is_sql(LAST_REVISION("action || '|' || entity || '|' || record_id || '|' ||"
			     " json_extract(before, '$.title') || '|' || json_extract(after, '$.title')"),
	       "draft|page|26|Running code|Drafted title", "draft: its revision, live before, draft after");
	is_int(testdb_int("SELECT max(id) FROM revision"), ch.revision, "draft: the change's revision");
	is_str(after.record, before.record, "draft: the live record as it was");
	ok(after.mark == before.mark, "draft: no content change mark");
	ok(after.pending == before.pending && after.lock == before.lock && !after.pending,
	   "draft: no marker, no new lock file");
	is_int(after.files, before.files, "draft: no file written");
	file_after = published_bytes("/how/runningcode/");
	ok(file_before && file_after && strcmp(file_before, file_after) == 0,
	   "draft: the published page byte for byte as it was");
	free(file_after);
	free(before.record);
	free(after.record);
	change_free(&ch);
	is_int(testdb_int("SELECT base_version FROM draft WHERE entity = 'page' AND record_id = '26'"),
	       version, "draft: made from the live version");
	is_int(record_load_draft(store, &kind_page, "26", &r, &info), 1, "draft: loaded");
	ok(r.version == version && r.id && strcmp(r.id, "26") == 0 &&
	   strcmp(r.values[kind_field(&kind_page, "title")], "Drafted title") == 0 &&
	   strcmp(r.values[kind_field(&kind_page, "path")], "/how/runningcode/") == 0 &&
	   strcmp(info.username, "tester") == 0, "draft: its values, base version and author");
	record_free(&r);

	change_of(&ch, CHANGE_DRAFT, &kind_page, "26", "title", " ", NULL);
	changes_nothing(&ch, CHANGE_INVALID, "title", "This cannot be empty.", "invalid draft");
	is_sql("SELECT json_extract(fields, '$.title') FROM draft WHERE record_id = '26'",
	       "Drafted title", "invalid draft: the draft kept as it was");
	change_of(&ch, CHANGE_DRAFT, &kind_redirect, NULL, "path", "/old/", "page_id", "26", NULL);
	changes_nothing(&ch, CHANGE_REFUSED, NULL, NULL, "a redirect's draft");
	change_of(&ch, CHANGE_DRAFT, &kind_page, NULL, "path", "/new/", "title", "New", NULL);
	changes_nothing(&ch, CHANGE_REFUSED, NULL, NULL, "a new page's draft");

	ch = (struct change){ .action = CHANGE_PUBLISH_DRAFT, .kind = &kind_page,
		.record.id = xstrdup("26"), .username = "tester", .role = ROLE_ADMINISTRATOR };
	before.revisions = testdb_int(REVISIONS);
	is_int(record_apply(store, &conf, &ch), CHANGE_OK, "publish: done");
	ok(ch.published, "publish: published");
	change_free(&ch);
	is_sql("SELECT title || '|' || body FROM page WHERE id = 26",
	       "Drafted title|Drafted body.", "publish: the draft's values live");
	is_int(testdb_int("SELECT version FROM page WHERE id = 26"), version + 1,
	       "publish: over the draft's base version");
	is_int(testdb_int("SELECT count(*) FROM draft"), 0, "publish: the draft gone");
	is_int(testdb_int(REVISIONS), before.revisions + 1, "publish: one revision");
	is_sql(LAST_REVISION("action || '|' || json_extract(after, '$.title')"),
	       "update|Drafted title", "publish: an update");
	ok(page_has("/how/runningcode/", "Drafted body.") && !pub_has(".pending"),
	   "publish: the page rendered, the marker dropped");
	ch = (struct change){ .action = CHANGE_PUBLISH_DRAFT, .kind = &kind_page,
		.record.id = xstrdup("26"), .username = "tester", .role = ROLE_ADMINISTRATOR };
	changes_nothing(&ch, CHANGE_NO_DRAFT, NULL, NULL, "publishing no draft");

	change_of(&ch, CHANGE_DRAFT, &kind_page, "26", "title", "To be discarded", NULL);
	is_int(apply(&ch), CHANGE_OK, "discard: a draft");
	ch = (struct change){ .action = CHANGE_DISCARD_DRAFT, .kind = &kind_page,
		.record.id = xstrdup("26"), .username = "tester", .role = ROLE_ADMINISTRATOR };
	state_take(&before, &ch);
	is_int(record_apply(store, &conf, &ch), CHANGE_OK, "discard: done");
	state_take(&after, &ch);
	is_str(after.record, before.record, "discard: the live record as it was");
	is_int(after.revisions, before.revisions + 1, "discard: one revision");
	is_sql(LAST_REVISION("action || '|' || json_extract(before, '$.title') || '|' ||"
			     " json_extract(after, '$.title')"),
	       "discard|To be discarded|Drafted title", "discard: the draft before, live after");
	is_int(testdb_int("SELECT count(*) FROM draft"), 0, "discard: the draft gone");
	free(before.record);
	free(after.record);
	change_free(&ch);

	/* Someone saves the live record after the draft was made. */
	change_of(&ch, CHANGE_DRAFT, &kind_program, "3", "title", "Drafted program", NULL);
	is_int(apply(&ch), CHANGE_OK, "conflict: a draft of a program");
	change_of(&ch, CHANGE_SAVE, &kind_program, "3", "title", "Saved live", NULL);
	is_int(apply(&ch), CHANGE_OK, "conflict: a save from a form without the draft");
	is_sql(DRAFT_OF("program", "3"), "1|Drafted program", "conflict: the draft kept");
	ch = (struct change){ .action = CHANGE_PUBLISH_DRAFT, .kind = &kind_program,
		.record.id = xstrdup("3"), .username = "tester", .role = ROLE_ADMINISTRATOR };
	changes_nothing(&ch, CHANGE_CONFLICT, NULL, NULL, "publishing a draft of an older version");
	is_sql(DRAFT_OF("program", "3"), "1|Drafted program", "conflict: the draft still there");
	change_of(&ch, CHANGE_SAVE, &kind_program, "3", "title", "Supersedes", NULL);
	ch.drop_draft = true;
	is_int(apply(&ch), CHANGE_OK, "a save from the form that showed the draft");
	is_int(testdb_int("SELECT count(*) FROM draft"), 0, "that save dropped the draft");

	change_of(&ch, CHANGE_SAVE, &kind_menu_entry, NULL, "label", "Drafted entry", "place", "footer",
		  "page_id", "26", NULL);
	is_int(record_apply(store, &conf, &ch), CHANGE_OK, "delete: an entry");
	entry = xstrdup(ch.record.id);
	change_free(&ch);
	change_of(&ch, CHANGE_DRAFT, &kind_menu_entry, entry, "label", "Its draft", NULL);
	is_int(apply(&ch), CHANGE_OK, "delete: its draft");
	change_of(&ch, CHANGE_DELETE, &kind_menu_entry, entry, NULL);
	is_int(apply(&ch), CHANGE_OK, "delete: done");
	is_int(testdb_int("SELECT count(*) FROM draft"), 0, "delete: the draft dropped with it");
	is_sql(LAST_REVISION("action || '|' || entity"), "delete|menu_entry",
	       "delete: the deletion is its last revision");
	free(entry);
	free(file_before);
}

/*
** (g) Roles: the engine refuses what the acting user's role does not
** allow, before anything is written, whatever screen sent the change.
*/
static void test_roles(void)
{
	struct change ch;
	static const enum change_action live[] = {
		CHANGE_SAVE, CHANGE_DELETE, CHANGE_MOVE_UP, CHANGE_MOVE_DOWN, CHANGE_PUBLISH_DRAFT,
	};
	size_t i;

	for (i = 0; i < sizeof live / sizeof live[0]; i++) {
		change_of(&ch, live[i], &kind_menu_entry, "1", NULL);
		ch.role = ROLE_CONTRIBUTOR;
		changes_nothing(&ch, CHANGE_FORBIDDEN, NULL, NULL, "a contributor's live change");
	}
	change_of(&ch, CHANGE_SAVE, &kind_page, NULL, "path", "/by-contributor/", "title", "New",
		  "published", "1", NULL);
	ch.role = ROLE_CONTRIBUTOR;
	changes_nothing(&ch, CHANGE_FORBIDDEN, NULL, NULL, "a contributor's new page, published");
	change_of(&ch, CHANGE_SAVE, &kind_page, NULL, "path", "/by-contributor/", "title", "New", NULL);
	ch.role = ROLE_CONTRIBUTOR;
	is_int(apply(&ch), CHANGE_OK, "roles: a contributor's new page, unpublished");
	is_sql("SELECT published FROM page WHERE path = '/by-contributor/'", "0",
	       "roles: the contributor's page is unpublished");
	change_of(&ch, CHANGE_SAVE, &kind_page, "26", "title", "By nobody", NULL);
	ch.role = ROLE_NONE;
	changes_nothing(&ch, CHANGE_FORBIDDEN, NULL, NULL, "a change without a role");
	change_of(&ch, CHANGE_SAVE, &kind_redirect, NULL, "path", "/by-an-editor/", "page_id", "26", NULL);
	ch.role = ROLE_EDITOR;
	changes_nothing(&ch, CHANGE_FORBIDDEN, NULL, NULL, "an editor's redirect");
	ch = (struct change){ .action = CHANGE_RESTORE, .revision = 1, .username = "tester",
		.role = ROLE_CONTRIBUTOR };
	changes_nothing(&ch, CHANGE_FORBIDDEN, NULL, NULL, "a contributor's restore");

	change_of(&ch, CHANGE_DRAFT, &kind_page, "26", "title", "Drafted by an editor", NULL);
	ch.role = ROLE_EDITOR;
	is_int(apply(&ch), CHANGE_OK, "roles: an editor's draft");
	change_of(&ch, CHANGE_DRAFT, &kind_page, "26", "title", "Drafted by a contributor", NULL);
	ch.role = ROLE_CONTRIBUTOR;
	ch.username = "contributor";
	changes_nothing(&ch, CHANGE_FORBIDDEN, NULL, NULL, "a contributor over another's draft");
	ch = (struct change){ .action = CHANGE_DISCARD_DRAFT, .kind = &kind_page,
		.record.id = xstrdup("26"), .username = "contributor", .role = ROLE_CONTRIBUTOR };
	changes_nothing(&ch, CHANGE_FORBIDDEN, NULL, NULL, "a contributor discards another's draft");
	ch = (struct change){ .action = CHANGE_DISCARD_DRAFT, .kind = &kind_page,
		.record.id = xstrdup("26"), .username = "tester", .role = ROLE_EDITOR };
	is_int(apply(&ch), CHANGE_OK, "roles: the editor discards it");
	change_of(&ch, CHANGE_DRAFT, &kind_page, "26", "title", "Drafted by a contributor", NULL);
	ch.role = ROLE_CONTRIBUTOR;
	ch.username = "contributor";
	is_int(apply(&ch), CHANGE_OK, "roles: a contributor's draft");
	ch = (struct change){ .action = CHANGE_DISCARD_DRAFT, .kind = &kind_page,
		.record.id = xstrdup("26"), .username = "contributor", .role = ROLE_CONTRIBUTOR };
	is_int(apply(&ch), CHANGE_OK, "roles: the contributor discards her own draft");
}

#define REVIEW_OF_PAGE_26 "SELECT coalesce(review, '-') || '|' || coalesce(submitted_by, '-')" \
	" || '|' || coalesce(comment, '-') FROM draft WHERE entity = 'page' AND record_id = '26'"

/* Fill ch as a review step by user of role on page 26's draft. */
static void review_step(struct change *ch, enum change_action action, const char *user,
			enum role role, const char *comment)
{
	*ch = (struct change){ .action = action, .kind = &kind_page, .record.id = xstrdup("26"),
		.username = user, .role = role, .comment = comment };
}

/* A contributor's draft of page 26 with title, submitted for review or
** not: the result. */
static enum change_result contributor_drafts(const char *title, bool submit)
{
	struct change ch;

	change_of(&ch, CHANGE_DRAFT, &kind_page, "26", "title", title, NULL);
	ch.role = ROLE_CONTRIBUTOR;
	ch.username = "contributor";
	ch.submit = submit;
	return apply(&ch);
}

/*
** (h) Review: a contributor's draft submitted, sent back with a
** required comment, submitted again and published by an editor, each
** step a revision; a contributor neither publishes nor sends back.
*/
static void test_review(void)
{
	struct change ch;
	char long_comment[2002];

	memset(long_comment, 'x', sizeof long_comment - 1);
	long_comment[sizeof long_comment - 1] = '\0';
	review_step(&ch, CHANGE_SEND_BACK, "editor", ROLE_EDITOR, "Why?");
	changes_nothing(&ch, CHANGE_NO_DRAFT, NULL, NULL, "sending back what has no draft");
	is_int(contributor_drafts("Submitted title", true), CHANGE_OK,
	       "review: a contributor submits a draft");
	is_sql(REVIEW_OF_PAGE_26, "submitted|contributor|-", "review: the draft is in review");
	is_sql(LAST_REVISION("action || '|' || username || '|' || json_extract(after, '$.title')"),
	       "submit|contributor|Submitted title", "review: its revision");
	review_step(&ch, CHANGE_PUBLISH_DRAFT, "contributor", ROLE_CONTRIBUTOR, NULL);
	changes_nothing(&ch, CHANGE_FORBIDDEN, NULL, NULL, "a contributor publishes her draft in review");
	review_step(&ch, CHANGE_SEND_BACK, "contributor", ROLE_CONTRIBUTOR, "Mine");
	changes_nothing(&ch, CHANGE_FORBIDDEN, NULL, NULL, "a contributor sends back her own draft");
	is_int(contributor_drafts("Saved again", false), CHANGE_OK,
	       "review: the contributor saves the draft again");
	is_sql(REVIEW_OF_PAGE_26, "submitted|contributor|-", "review: it stays in review");

	review_step(&ch, CHANGE_SEND_BACK, "editor", ROLE_EDITOR, "");
	changes_nothing(&ch, CHANGE_INVALID, NULL, NULL, "sending back without a comment");
	review_step(&ch, CHANGE_SEND_BACK, "editor", ROLE_EDITOR, NULL);
	is_int(record_apply(store, &conf, &ch), CHANGE_INVALID, "review: no comment at all");
	ok(ch.comment_error && strstr(ch.comment_error, "comment is required"),
	   "review: says the comment is required");
	change_free(&ch);
	review_step(&ch, CHANGE_SEND_BACK, "editor", ROLE_EDITOR, long_comment);
	changes_nothing(&ch, CHANGE_INVALID, NULL, NULL, "sending back with a comment too long");
	review_step(&ch, CHANGE_SEND_BACK, "editor", ROLE_EDITOR, "Cite the RFC.");
	is_int(apply(&ch), CHANGE_OK, "review: the editor sends it back");
	is_sql(REVIEW_OF_PAGE_26, "sent back|contributor|Cite the RFC.", "review: sent back, with why");
	is_sql(LAST_REVISION("action || '|' || username || '|' || note"),
	       "send back|editor|Cite the RFC.", "review: the revision keeps the comment");
	is_int(testdb_int("SELECT count(*) FROM page WHERE id = 26 AND title IN"
			  " ('Submitted title', 'Saved again')"), 0, "review: the live page as it was");
	review_step(&ch, CHANGE_SEND_BACK, "editor", ROLE_EDITOR, "Again");
	changes_nothing(&ch, CHANGE_NOT_IN_REVIEW, NULL, NULL, "sending back what is not in review");

	is_int(contributor_drafts("Cited", true), CHANGE_OK, "review: submitted again");
	is_sql(REVIEW_OF_PAGE_26, "submitted|contributor|-", "review: in review again, the comment gone");
	review_step(&ch, CHANGE_PUBLISH_DRAFT, "editor", ROLE_EDITOR, "Thanks");
	is_int(apply(&ch), CHANGE_OK, "review: the editor publishes it");
	is_int(testdb_int("SELECT count(*) FROM draft"), 0, "review: the draft is gone");
	is_sql("SELECT title FROM page WHERE id = 26", "Cited", "review: the draft is live");
	is_sql(LAST_REVISION("action || '|' || username || '|' || note"), "update|editor|Thanks",
	       "review: the publishing revision keeps the editor's comment");
}

int main(void)
{
	const char *src = getenv("RC_SRCDIR");
	struct buf db = BUF_INIT, path = BUF_INIT;
	bool made = testdb_make("unit-record", &dir, &db);
	char err[512];

	if (!ok(made, "database made in %s", dir.data))
		goto done;
	store = store_open(db.data, STORE_READWRITE, err, sizeof err);
	if (!ok(store != NULL, "store opened read-write")) {
		diag("%s", err);
		goto done;
	}
	config_init(&conf);
	config_set(&conf.database, db.data);
	buf_printf(&path, "%s/pub", dir.data);
	config_set(&conf.publish_dir, path.data);
	buf_reset(&path);
	buf_printf(&path, "%s/templates", src ? src : ".");
	config_set(&conf.templates, path.data);
	if (ok(tpl_set_root(conf.templates), "templates at %s", conf.templates)) {
		test_refused();
		test_redirect_targets();
		test_program();
		test_path_change();
		test_tree_move();
		test_unpublishable();
		test_drafts();
		test_roles();
		test_review();
	}
	config_free(&conf);
done:
	store_close(store);
	buf_free(&path);
	return testdb_finish(made, &dir, &db);
}
