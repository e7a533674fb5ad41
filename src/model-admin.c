/*
** model-admin.c: the queries of model-admin.h. Each list reads its rows
** into a plain struct and hands it to the caller's function.
*/
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model-admin.h"

/* The caller's function and context, carried through store_each: the
** function is kept as a generic pointer and called as its own type
** again (CALL), which C allows. */
struct each {
	void (*fn)(void);
	void *ctx;
};

#define EACH(fn, ctx) (&(struct each){ (void (*)(void))(fn), (ctx) })
#define CALL(each, type, row) \
	((void (*)(void *, const struct type *))(each)->fn)((each)->ctx, (row))

/* The actions of revisions that record a draft (after: the draft's
** values, which the live record never had): saved, discarded, submitted
** for review, sent back. */
#define DRAFT_ACTIONS "('draft', 'discard', 'submit', 'send back')"

/* The columns of a draft's review, read by read_review from column i on. */
#define REVIEW_COLUMNS \
	"coalesce(review, ''), coalesce(submitted_by, ''), coalesce(submitted_at, '')," \
	" coalesce(sent_back_by, ''), coalesce(sent_back_at, ''), coalesce(comment, '')"

/*
** The review of a draft from row's columns i on (REVIEW_COLUMNS),
** borrowing the row's strings.
*/
static struct draft_review read_review(const struct store_row *row, int i)
{
	return (struct draft_review){ row_text(row, i), row_text(row, i + 1), row_text(row, i + 2),
				      row_text(row, i + 3), row_text(row, i + 4), row_text(row, i + 5) };
}

static bool read_counts(void *ctx, const struct store_row *row)
{
	struct admin_counts *c = ctx;

	c->published = row_int(row, 0);
	c->drafts = row_int(row, 1);
	c->entries = row_int(row, 2);
	c->programs = row_int(row, 3);
	c->redirects = row_int(row, 4);
	return false;
}

/*
** What there is to edit, for the dashboard.
*/
int admin_counts(struct store *s, struct admin_counts *out)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM page WHERE published),"
		" (SELECT count(*) FROM page WHERE NOT published),"
		" (SELECT count(*) FROM menu_entry),"
		" (SELECT count(*) FROM program),"
		" (SELECT count(*) FROM redirect)";

	memset(out, 0, sizeof *out);
	return store_one(s, sql, NO_ARGS, read_counts, out);
}

/*
** Whether the page id exists (published or not).
*/
int admin_page_exists(struct store *s, int64_t id)
{
	static const char sql[] = "SELECT 1 FROM page WHERE id = ?1";

	return store_exists(s, sql, ARGS(SV_INT(id)));
}

/*
** The page id as an editor reads it, "Title (/path/)", in *out (owned
** by the caller; NULL when there is no such page).
*/
int admin_page_label(struct store *s, const char *id, char **out)
{
	static const char sql[] =
		"SELECT title || ' (' || path || ')' FROM page WHERE CAST(id AS TEXT) = ?1";

	return store_text(s, sql, ARGS(SV_TEXT(id)), out);
}

static bool read_page_row(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct page_row p = {
		row_text(row, 0), row_text(row, 1), row_text(row, 2), row_text(row, 4),
		row_int(row, 3) != 0, row_int(row, 5), row_text(row, 6), row_text(row, 7),
		row_int(row, 8) != 0,
	};

	CALL(each, page_row, &p);
	return true;
}

/* Every page of FROM (page itself, or a subquery of its rows) with what
** its lists show and filter on: its status, its author (who made its
** first revision) and whether it has a draft. A page once published and
** now not was taken down: "hidden"; never published, "draft", or
** "scheduled" while a draft is set to go live. */
#define PAGE_LIST_CTE(FROM) \
	"WITH listed AS (SELECT p.id, p.path, p.title, p.published, p.updated_at," \
	" (SELECT count(*) FROM program g WHERE g.page_id = p.id) AS programs," \
	" CASE WHEN p.published THEN 'live'" \
	"  WHEN EXISTS (SELECT 1 FROM draft d WHERE d.entity = 'page'" \
	"   AND d.record_id = CAST(p.id AS TEXT) AND d.go_live_at IS NOT NULL) THEN 'scheduled'" \
	"  WHEN EXISTS (SELECT 1 FROM revision r WHERE r.entity = 'page'" \
	"   AND r.record_id = CAST(p.id AS TEXT) AND r.action <> 'draft'" \
	"   AND '1' IN (json_extract(r.before, '$.published'), json_extract(r.after, '$.published')))" \
	"  THEN 'hidden' ELSE 'draft' END AS status," \
	" coalesce((SELECT r.username FROM revision r WHERE r.entity = 'page'" \
	"  AND r.record_id = CAST(p.id AS TEXT) ORDER BY r.id LIMIT 1), '') AS author," \
	" EXISTS (SELECT 1 FROM draft d WHERE d.entity = 'page'" \
	"  AND d.record_id = CAST(p.id AS TEXT)) AS has_draft FROM " FROM " p) "

#define PAGE_ROW_COLUMNS \
	"CAST(id AS TEXT), path, title, published, updated_at, programs, status, author, has_draft"

/* ?1 a LIKE pattern of the text (store_like_pattern), in the path or title. */
#define PAGE_TEXT_MATCH "(?1 = '%%' OR path LIKE ?1 ESCAPE '\\' OR title LIKE ?1 ESCAPE '\\')"

/* The pages a page_filter lets through: the text, ?2 the status, ?3
** has_draft, ?4 the author. */
#define PAGE_FILTERED \
	" FROM listed WHERE " PAGE_TEXT_MATCH \
	" AND (?2 = '' OR status = ?2) AND (?3 < 0 OR has_draft = ?3) AND (?4 = '' OR author = ?4)"

/* A list's order: ?5 the column (SORT: an expression of it), ?7 whether
** descending, then the tree's order: each page followed by the pages
** below it ('/' sorts first). */
#define PAGE_ORDER(SORT) \
	" ORDER BY" STORE_ORDERED(SORT, "7") "," STORE_ORDERED("replace(path, '/', char(1))", "7")
#define PAGE_SORT_OF_PAGE "CASE ?5 WHEN 'title' THEN lower(title) WHEN 'updated' THEN updated_at END"
#define PAGE_SORT_OF_LIST \
	"CASE ?5 WHEN 'title' THEN lower(title) WHEN 'updated' THEN updated_at" \
	" WHEN 'status' THEN status WHEN 'author' THEN author END"

/*
** Whether f filters or sorts on what the page table alone does not hold
** (status, author, drafts): then every page's status is worked out
** before the list is cut to its window, else only the window's.
*/
static bool filter_needs_list(const struct page_filter *f)
{
	return *f->list.status || f->has_draft >= 0 || *f->author ||
	       strcmp(f->list.sort, "status") == 0 || strcmp(f->list.sort, "author") == 0;
}

/*
** Call fn for the page id, when there is one.
*/
int admin_page_find(struct store *s, int64_t id, ADMIN_EACH(page_row))
{
	static const char sql[] = PAGE_LIST_CTE("page") "SELECT " PAGE_ROW_COLUMNS " FROM listed WHERE id = ?1";

	return store_one(s, sql, ARGS(SV_INT(id)), read_page_row, EACH(fn, ctx));
}

/*
** The number of pages, published or not, that filter f lets through,
** in *n.
*/
int admin_page_count(struct store *s, const struct page_filter *f, int64_t *n)
{
	static const char sql_list[] = PAGE_LIST_CTE("page") "SELECT count(*)" PAGE_FILTERED;
	static const char sql_page[] = "SELECT count(*) FROM page WHERE " PAGE_TEXT_MATCH;
	char *pattern = store_like_pattern(f->list.text);
	int rc = filter_needs_list(f) ?
		 store_int(s, sql_list, ARGS(SV_TEXT(pattern), SV_TEXT(f->list.status), SV_INT(f->has_draft),
					     SV_TEXT(f->author)), n) :
		 store_int(s, sql_page, ARGS(SV_TEXT(pattern)), n);

	free(pattern);
	return rc;
}

/*
** Call fn for the pages, published or not, that filter f lets through,
** in its order: limit of them from offset. The path order is the
** tree's: each page followed by the pages below it ('/' sorts first).
*/
int admin_pages_each(struct store *s, const struct page_filter *f, int64_t offset, int64_t limit,
		     ADMIN_EACH(page_row))
{
	static const char sql_list[] =
		PAGE_LIST_CTE("page") "SELECT " PAGE_ROW_COLUMNS PAGE_FILTERED PAGE_ORDER(PAGE_SORT_OF_LIST)
		" LIMIT ?6 OFFSET ?8";
	/* The window first, from the page table alone: ten thousand pages
	** need not each have their status worked out to show fifty. */
	static const char sql_page[] =
		PAGE_LIST_CTE("(SELECT * FROM page WHERE " PAGE_TEXT_MATCH PAGE_ORDER(PAGE_SORT_OF_PAGE)
			      " LIMIT ?6 OFFSET ?8)")
		"SELECT " PAGE_ROW_COLUMNS " FROM listed" PAGE_ORDER(PAGE_SORT_OF_PAGE);
	char *pattern = store_like_pattern(f->list.text);
	int rc = store_each(s, filter_needs_list(f) ? sql_list : sql_page, ARGS(SV_TEXT(pattern), SV_TEXT(f->list.status), SV_INT(f->has_draft),
					 SV_TEXT(f->author), SV_TEXT(f->list.sort), SV_INT(limit),
					 SV_INT(f->list.descending), SV_INT(offset)),
			    read_page_row, EACH(fn, ctx));

	free(pattern);
	return rc;
}

/*
** The id of the page at path in *id (published or not).
*/
int admin_page_id(struct store *s, const char *path, int64_t *id)
{
	static const char sql[] = "SELECT id FROM page WHERE path = ?1";

	return store_int(s, sql, ARGS(SV_TEXT(path)), id);
}

static bool read_page_ref(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct page_ref r = { row_text(row, 0), row_text(row, 1) };

	CALL(each, page_ref, &r);
	return true;
}

/* Pages whose path starts with ?1 (a page's path, ending in '/'). */
#define PATH_BELOW(column) "substr(" column ", 1, length(?1)) = ?1"

/*
** Call fn for every page whose path starts with path, in path order,
** but page except_id: the pages a change of that page's path moves
** along with it.
*/
int admin_pages_below(struct store *s, const char *path, const char *except_id,
		      ADMIN_EACH(page_ref))
{
	static const char sql[] =
		"SELECT CAST(id AS TEXT), path FROM page WHERE " PATH_BELOW("path")
		" AND id <> ?2 ORDER BY path";

	return store_each(s, sql, ARGS(SV_TEXT(path), SV_TEXT(except_id)), read_page_ref,
			  EACH(fn, ctx));
}

static bool read_page_clash(void *ctx, const struct store_row *row)
{
	struct page_clash *c = ctx;

	c->itself = row_int(row, 0) != 0;
	c->moving_title = row_is_null(row, 1) ? NULL : row_text_copy(row, 1);
	c->new_path = row_text_copy(row, 2);
	c->blocker_title = row_text_copy(row, 3);
	return false;
}

/*
** Whether giving page id (NULL for a new page) the path new_path would
** put it, or a page below its current path (which moves along), on the
** path of a page that stays where it is. The pages below the home page
** (/) do not move with it. Returns 1 with *out filled (the page itself
** first; free it with page_clash_free), 0 when nothing is in the way,
** -1 on a database error.
*/
int admin_page_move_clash(struct store *s, const char *id, const char *new_path,
			  struct page_clash *out)
{
	static const char path_sql[] = "SELECT path FROM page WHERE id = ?1";
	static const char sql[] =
		"WITH moved (itself, id, title, new_path) AS ("
		"  SELECT 1, NULL, NULL, ?3"
		"  UNION ALL"
		"  SELECT 0, p.id, p.title, ?3 || substr(p.path, length(?1) + 1) FROM page p"
		"  WHERE ?1 <> '/' AND ?1 <> ?3 AND " PATH_BELOW("p.path") " AND p.id <> ?2)"
		" SELECT m.itself, m.title, m.new_path, p.title FROM moved m JOIN page p ON p.path = m.new_path"
		" WHERE p.id IS NOT ?2 AND (m.itself OR p.id NOT IN (SELECT id FROM moved WHERE NOT itself))"
		" ORDER BY m.itself DESC, m.new_path LIMIT 1";
	char *old_path = NULL;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (id && store_text(s, path_sql, ARGS(SV_TEXT(id)), &old_path) < 0)
		return -1;
	rc = store_one(s, sql, ARGS(old_path ? SV_TEXT(old_path) : SV_NULL,
				    id ? SV_TEXT(id) : SV_NULL, SV_TEXT(new_path)),
		       read_page_clash, out);
	free(old_path);
	if (rc < 0) {
		page_clash_free(out);
		return -1;
	}
	return out->new_path != NULL;
}

/*
** Free what c owns.
*/
void page_clash_free(struct page_clash *c)
{
	free(c->moving_title);
	free(c->new_path);
	free(c->blocker_title);
	memset(c, 0, sizeof *c);
}

/*
** Give every page whose path starts with old_path, but page except_id,
** the path with new_path in place of that start, a new version and
** time. In two steps, through paths no page can have ("/\n" and the
** new path), so that no page meets another's old path on the way.
** Returns false (logged) on a database error.
*/
bool admin_pages_move_below(struct store *s, const char *old_path, const char *new_path,
			    const char *except_id)
{
	static const char aside[] =
		"UPDATE page SET path = '/' || char(10) || ?2 || substr(path, length(?1) + 1)"
		" WHERE " PATH_BELOW("path") " AND id <> ?3";
	static const char settle[] =
		"UPDATE page SET path = substr(path, 3), version = version + 1,"
		" updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
		" WHERE substr(path, 1, 2) = '/' || char(10)";

	return store_run(s, aside, ARGS(SV_TEXT(old_path), SV_TEXT(new_path), SV_TEXT(except_id))) >= 0 &&
	       store_run(s, settle, NO_ARGS) >= 0;
}

static bool read_choice_row(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct choice_row c = { row_text(row, 0), row_text(row, 1) };

	CALL(each, choice_row, &c);
	return true;
}

/*
** Call fn for each place a menu entry can go: the top of each menu, or
** under a top-level entry of the main menu.
*/
int admin_places_each(struct store *s, ADMIN_EACH(choice_row))
{
	static const char sql[] =
		"SELECT 'main', 'Main menu (top level)', 0"
		" UNION ALL SELECT CAST(e.id AS TEXT), 'Main menu › ' || e.label, e.position"
		" FROM menu_entry e JOIN menu m ON m.id = e.menu_id"
		" WHERE m.name = 'main' AND e.parent_id IS NULL"
		" UNION ALL SELECT 'footer', 'Footer menu', 1e9 ORDER BY 3";

	return store_each(s, sql, NO_ARGS, read_choice_row, EACH(fn, ctx));
}

static bool read_program_row(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct program_row g = { row_text(row, 0), row_text(row, 1), row_text(row, 3),
				 row_int(row, 2) != 0 };

	CALL(each, program_row, &g);
	return true;
}

/*
** Call fn for each program of page page_id that f lets through (text
** in the title or the target, status "live" or "hidden"), in their
** order or sorted by f->sort "title".
*/
int admin_programs_each(struct store *s, int64_t page_id, const struct list_filter *f,
			ADMIN_EACH(program_row))
{
	static const char sql[] =
		"SELECT CAST(g.id AS TEXT), g.title, g.published,"
		" coalesce(p.path, g.link_url, '') AS target FROM program g"
		" LEFT JOIN page p ON p.id = g.link_page_id"
		" WHERE g.page_id = ?1 AND (?2 = '%%' OR g.title LIKE ?2 ESCAPE '\\'"
		"  OR target LIKE ?2 ESCAPE '\\')"
		" AND (?3 = '' OR g.published = (?3 = 'live'))"
		" ORDER BY" STORE_ORDERED("CASE ?4 WHEN 'title' THEN lower(g.title) ELSE g.position END", "5")
		", g.id";
	char *pattern = store_like_pattern(f->text);
	int rc = store_each(s, sql, ARGS(SV_INT(page_id), SV_TEXT(pattern), SV_TEXT(f->status),
					 SV_TEXT(f->sort), SV_INT(f->descending)),
			    read_program_row, EACH(fn, ctx));

	free(pattern);
	return rc;
}

static bool read_menu_row(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct menu_row m = {
		row_text(row, 1), row_text(row, 3), row_text(row, 4),
		strcmp(row_text(row, 0), "footer") == 0, !row_is_null(row, 2), row_text(row, 5),
	};

	CALL(each, menu_row, &m);
	return true;
}

/*
** Call fn for every menu entry that f lets through, in its order:
** "position" is tree order (each menu, each of its top-level entries
** followed by the entries below it), "label" by label; then by id.
*/
int admin_menu_each(struct store *s, const struct menu_filter *f, ADMIN_EACH(menu_row))
{
	static const char sql[] =
		"SELECT m.name, CAST(e.id AS TEXT), e.parent_id, e.label,"
		" coalesce(p.path || CASE WHEN p.published THEN '' ELSE ' (not published)' END, e.url),"
		" m.title || coalesce(' › ' || top.label, '')"
		" FROM menu_entry e JOIN menu m ON m.id = e.menu_id"
		" LEFT JOIN menu_entry top ON top.id = e.parent_id"
		" LEFT JOIN page p ON p.id = e.page_id"
		" WHERE (?1 = '%%' OR e.label LIKE ?1 ESCAPE '\\' OR e.url LIKE ?1 ESCAPE '\\'"
		"  OR p.path LIKE ?1 ESCAPE '\\' OR p.title LIKE ?1 ESCAPE '\\')"
		" AND (?2 = '' OR m.name = ?2)"
		" ORDER BY" STORE_ORDERED("CASE ?3 WHEN 'label' THEN lower(e.label)"
			" ELSE printf('%d %012d %012d %d %012d', m.id, coalesce(top.position, e.position),"
			" coalesce(e.parent_id, e.id), e.parent_id IS NOT NULL, e.position) END", "4")
		", e.id";
	char *pattern = store_like_pattern(f->list.text);
	int rc = store_each(s, sql, ARGS(SV_TEXT(pattern), SV_TEXT(f->menu), SV_TEXT(f->list.sort),
					 SV_INT(f->list.descending)),
			    read_menu_row, EACH(fn, ctx));

	free(pattern);
	return rc;
}

static bool read_redirect_row(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct redirect_row r = { row_text(row, 0), row_text(row, 1) };

	CALL(each, redirect_row, &r);
	return true;
}

/*
** Call fn for every old address that f lets through (text in the old
** path, the path or title of the page it leads to, or its web address),
** sorted by f->sort "path" (the old one) or "target"; where it leads
** says its status too.
*/
int admin_redirects_each(struct store *s, const struct list_filter *f, ADMIN_EACH(redirect_row))
{
	static const char sql[] =
		"SELECT r.path, '→ ' || coalesce(r.url, p.path || ' (' || p.title || ')') || ', ' || r.status"
		" FROM redirect r LEFT JOIN page p ON p.id = r.page_id"
		" WHERE ?1 = '%%' OR r.path LIKE ?1 ESCAPE '\\' OR p.path LIKE ?1 ESCAPE '\\'"
		"  OR p.title LIKE ?1 ESCAPE '\\' OR r.url LIKE ?1 ESCAPE '\\'"
		" ORDER BY" STORE_ORDERED("CASE ?2 WHEN 'target' THEN coalesce(r.url, p.path) ELSE r.path END", "3")
		", r.path";
	char *pattern = store_like_pattern(f->text);
	int rc = store_each(s, sql, ARGS(SV_TEXT(pattern), SV_TEXT(f->sort), SV_INT(f->descending)),
			    read_redirect_row, EACH(fn, ctx));

	free(pattern);
	return rc;
}

/*
** Store a revision of record id of kind (before and after are JSON,
** either may be NULL), with what its author said about it (note, or
** NULL). Returns false (logged) on a database error.
*/
bool revision_add_noted(struct store *s, const char *kind, const char *id, const char *action,
			const char *username, const char *before, const char *after,
			const char *note)
{
	static const char sql[] =
		"INSERT INTO revision (entity, record_id, action, username, before, after, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, ''))";

	return store_run(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_TEXT(action), SV_TEXT(username),
				      before ? SV_TEXT(before) : SV_NULL,
				      after ? SV_TEXT(after) : SV_NULL,
				      note ? SV_TEXT(note) : SV_NULL)) >= 0;
}

/*
** Store a revision of record id of kind without a note (revision_add_noted).
*/
bool revision_add(struct store *s, const char *kind, const char *id, const char *action,
		  const char *username, const char *before, const char *after)
{
	return revision_add_noted(s, kind, id, action, username, before, after, NULL);
}

static bool read_state(void *ctx, const struct store_row *row)
{
	struct revision_state *r = ctx;

	if (row_is_null(row, 2))
		return false;
	r->kind = row_text_copy(row, 0);
	r->record_id = row_text_copy(row, 1);
	r->json = row_text_copy(row, 2);
	r->action = row_text_copy(row, 3);
	return false;
}

/*
** The state of its record that revision recorded: the state after the
** change (before it for a deletion), or with before the state before
** the change. 0 when there is no such revision or state.
*/
int revision_state(struct store *s, int64_t revision, bool before, struct revision_state *out)
{
	static const char sql[] =
		"SELECT entity, record_id,"
		" CASE WHEN ?2 THEN before ELSE coalesce(after, before) END, action"
		" FROM revision WHERE id = ?1";
	int rc;

	memset(out, 0, sizeof *out);
	rc = store_one(s, sql, ARGS(SV_INT(revision), SV_INT(before)), read_state, out);
	return rc < 0 ? -1 : out->json != NULL;
}

/*
** The state of record id of kind at its live version (as a revision
** recorded it: the snapshot after a change, never a draft's), in *json
** (owned by the caller). Returns 1, 0 when no revision recorded that
** version (a record of the seed, never changed), or -1.
*/
int revision_at_version(struct store *s, const char *kind, const char *id, int64_t version,
			char **json)
{
	static const char sql[] =
		"SELECT after FROM revision WHERE entity = ?1 AND record_id = ?2"
		" AND action NOT IN " DRAFT_ACTIONS " AND after IS NOT NULL"
		" AND json_extract(after, '$.version') = ?3 ORDER BY id DESC LIMIT 1";

	*json = NULL;
	return store_text(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_INT(version)), json);
}

void revision_state_free(struct revision_state *r)
{
	free(r->kind);
	free(r->record_id);
	free(r->json);
	free(r->action);
	memset(r, 0, sizeof *r);
}

static bool read_revision(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct revision r = {
		row_int(row, 0), row_text(row, 1), row_text(row, 2), row_text(row, 3),
		row_text(row, 4), row_text(row, 5),
		row_is_null(row, 6) ? NULL : row_text(row, 6),
		row_is_null(row, 7) ? NULL : row_text(row, 7), row_text(row, 8),
	};

	CALL(each, revision, &r);
	return true;
}

#define REVISION_COLUMNS \
	"id, entity, record_id, action, username, at, before, after, coalesce(note, '')"

/*
** Call fn for revision id, when there is one. Returns 1, 0 or -1.
*/
int revision_find(struct store *s, int64_t id, ADMIN_EACH(revision))
{
	static const char sql[] = "SELECT " REVISION_COLUMNS " FROM revision WHERE id = ?1";

	return store_one(s, sql, ARGS(SV_INT(id)), read_revision, EACH(fn, ctx));
}

/*
** Call fn for the latest limit changes site-wide, newest first.
*/
int revisions_latest(struct store *s, int limit, ADMIN_EACH(revision))
{
	static const char sql[] =
		"SELECT " REVISION_COLUMNS " FROM revision ORDER BY id DESC LIMIT ?1";

	return store_each(s, sql, ARGS(SV_INT(limit)), read_revision, EACH(fn, ctx));
}

/*
** Call fn for the changes to record id of kind, newest first (the
** latest 200).
*/
int revisions_of(struct store *s, const char *kind, const char *id, ADMIN_EACH(revision))
{
	static const char sql[] =
		"SELECT " REVISION_COLUMNS " FROM revision"
		" WHERE entity = ?1 AND record_id = ?2 ORDER BY id DESC LIMIT 200";

	return store_each(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id)), read_revision, EACH(fn, ctx));
}

static bool read_link(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct link_row r = { row_text(row, 0), row_text(row, 1), row_text(row, 2), row_text(row, 3) };

	CALL(each, link_row, &r);
	return true;
}

/*
** Call fn for everything that leads visitors to page id at path: menu
** entries, programs of other pages, other published pages whose text
** links to the path (a Markdown link or an href), and redirects from
** old addresses. Returns the number of rows, or -1.
*/
int admin_links_to_page(struct store *s, const char *id, const char *path, ADMIN_EACH(link_row))
{
	static const char sql[] =
		"SELECT 'menu_entry', e.id, e.label, m.title FROM menu_entry e"
		"  JOIN menu m ON m.id = e.menu_id WHERE e.page_id = ?1"
		" UNION ALL"
		" SELECT 'program', p.id, p.title, 'a program on the page “' || pg.title || '”'"
		"  FROM program p JOIN page pg ON pg.id = p.page_id"
		"  WHERE p.link_page_id = ?1 AND p.page_id <> ?1"
		" UNION ALL"
		" SELECT 'page', pg.id, pg.title, 'a link in the text of the page ' || pg.path FROM page pg"
		"  WHERE pg.id <> ?1 AND pg.published AND (instr(pg.body, '](' || ?2 || ')') > 0"
		"   OR instr(pg.body, '](' || ?2 || ' ') > 0 OR instr(pg.body, 'href=\"' || ?2 || '\"') > 0)"
		" UNION ALL"
		" SELECT 'redirect', r.path, r.path, 'a redirect from an old address' FROM redirect r"
		"  WHERE r.page_id = ?1"
		" LIMIT 200";

	return store_each(s, sql, ARGS(SV_TEXT(id), SV_TEXT(path)), read_link, EACH(fn, ctx));
}

/*
** Call fn for the latest revision that changed a record (kind, id), if
** there is one (drafts and their discarding change no record), and, when within_seconds > 0, if it was made in the last
** within_seconds. Returns 1 (fn called), 0 (none), or -1.
*/
int revision_latest_of(struct store *s, const char *kind, const char *id, int within_seconds,
		       ADMIN_EACH(revision))
{
	static const char sql[] =
		"SELECT " REVISION_COLUMNS " FROM revision"
		" WHERE entity = ?1 AND record_id = ?2 AND action NOT IN " DRAFT_ACTIONS
		" AND (?3 <= 0 OR at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || ?3 || ' seconds'))"
		" ORDER BY id DESC LIMIT 1";

	return store_each(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_INT(within_seconds)), read_revision,
			  EACH(fn, ctx));
}

/*
** Call fn for the deletions of records still deleted, newest first (the
** latest 100).
*/
int revisions_deleted(struct store *s, ADMIN_EACH(revision))
{
	static const char sql[] =
		"SELECT " REVISION_COLUMNS " FROM revision r WHERE action = 'delete'"
		" AND id = (SELECT max(id) FROM revision x"
		"   WHERE x.entity = r.entity AND x.record_id = r.record_id)"
		" ORDER BY id DESC LIMIT 100";

	return store_each(s, sql, NO_ARGS, read_revision, EACH(fn, ctx));
}

/*
** Note that username has the edit form of record id of kind open, at
** now (unix time); notes older than a day go. Returns false (logged) on
** a database error.
*/
bool presence_note(struct store *s, const char *kind, const char *id, const char *username,
		   int64_t now)
{
	static const char sql[] =
		"INSERT INTO presence (entity, record_id, username, seen_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (entity, record_id, username) DO UPDATE SET seen_at = excluded.seen_at";
	static const char old[] = "DELETE FROM presence WHERE seen_at < ?1";

	return store_run(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_TEXT(username), SV_INT(now))) >= 0 &&
	       store_run(s, old, ARGS(SV_INT(now - 86400))) >= 0;
}

/* presence_others_each's row, handed to the caller's function. */
static bool read_presence(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct presence_row p = { row_text(row, 0), row_int(row, 1) };

	CALL(each, presence_row, &p);
	return true;
}

/*
** Call fn for each user other than username who had the edit form of
** record id of kind open at since (unix time) or later, the latest
** first. Returns how many, or -1.
*/
int presence_others_each(struct store *s, const char *kind, const char *id, const char *username,
			 int64_t since, ADMIN_EACH(presence_row))
{
	static const char sql[] =
		"SELECT username, seen_at FROM presence WHERE entity = ?1 AND record_id = ?2"
		" AND username <> ?3 AND seen_at >= ?4 ORDER BY seen_at DESC LIMIT 5";

	return store_each(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_TEXT(username), SV_INT(since)),
			  read_presence, EACH(fn, ctx));
}

/* draft_find's row: the draft, handed to the caller's function. */
static bool read_draft(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct draft d = { row_text(row, 0), row_text(row, 1), row_text(row, 2), row_int(row, 3),
			   row_text(row, 4), row_text(row, 5), read_review(row, 6) };

	CALL(each, draft, &d);
	return false;
}

/*
** Call fn with the draft of record id of kind, if it has one. Returns 1
** (fn called), 0 (no draft), or -1.
*/
int draft_find(struct store *s, const char *kind, const char *id, ADMIN_EACH(draft))
{
	static const char sql[] =
		"SELECT fields, username, saved_at, base_version, coalesce(go_live_at, ''),"
		" coalesce(go_live_error, ''), " REVIEW_COLUMNS
		" FROM draft WHERE entity = ?1 AND record_id = ?2";

	return store_one(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id)), read_draft, EACH(fn, ctx));
}

/*
** Whether record id of kind has a draft: 1, 0, or -1.
*/
int draft_exists(struct store *s, const char *kind, const char *id)
{
	static const char sql[] = "SELECT 1 FROM draft WHERE entity = ?1 AND record_id = ?2";

	return store_exists(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id)));
}

/*
** Keep fields (a JSON snapshot) as the draft of record id of kind, made
** from its live version base_version by username, to go live by itself
** at go_live_at (UTC) or, when NULL or empty, when an editor publishes
** it; in place of any draft it had (and its schedule, and why that
** failed). Returns false (logged) on a database error.
*/
bool draft_put(struct store *s, const char *kind, const char *id, int64_t base_version,
	       const char *fields, const char *username, const char *go_live_at)
{
	static const char sql[] =
		"INSERT INTO draft (entity, record_id, base_version, fields, username, go_live_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''))"
		" ON CONFLICT (entity, record_id) DO UPDATE SET base_version = excluded.base_version,"
		" fields = excluded.fields, username = excluded.username,"
		" saved_at = excluded.saved_at, go_live_at = excluded.go_live_at, go_live_error = NULL";

	return store_run(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_INT(base_version),
				      SV_TEXT(fields), SV_TEXT(username),
				      go_live_at ? SV_TEXT(go_live_at) : SV_NULL)) >= 0;
}

/* draft_due_each's row, handed to the caller's function. */
static bool read_draft_due(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct draft_due d = { row_text(row, 0), row_text(row, 1), row_text(row, 2), row_text(row, 3) };

	CALL(each, draft_due, &d);
	return true;
}

/*
** Call fn for each draft due to go live by now (UTC), the earliest
** first. Returns how many, or -1.
*/
int draft_due_each(struct store *s, const char *now, ADMIN_EACH(draft_due))
{
	static const char sql[] =
		"SELECT entity, record_id, go_live_at, username FROM draft WHERE go_live_at <= ?1"
		" ORDER BY go_live_at, entity, record_id";

	return store_each(s, sql, ARGS(SV_TEXT(now)), read_draft_due, EACH(fn, ctx));
}

/*
** A scheduled publish of the draft of record id of kind failed: drop its
** schedule and keep why, for the editor; only while the draft still
** holds fields and is scheduled (another run may have published it).
** Returns 1 (noted), 0 (the draft changed or went meanwhile), or -1.
*/
int draft_schedule_failed(struct store *s, const char *kind, const char *id, const char *fields,
			  const char *why)
{
	static const char sql[] =
		"UPDATE draft SET go_live_at = NULL, go_live_error = ?4"
		" WHERE entity = ?1 AND record_id = ?2 AND fields = ?3 AND go_live_at IS NOT NULL";

	return store_run(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_TEXT(fields), SV_TEXT(why)));
}

/* record_expired_each's row: the id, handed to the caller's function. */
static bool read_expired(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct expired_row r = { row_text(row, 0) };

	CALL(each, expired_row, &r);
	return true;
}

/*
** Call fn with the id of each record that sql (a kind's sql_expired)
** finds expired by now (UTC). Returns how many, or -1.
*/
int record_expired_each(struct store *s, const char *sql, const char *now,
			ADMIN_EACH(expired_row))
{
	return store_each(s, sql, ARGS(SV_NAMED_TEXT(":now", now)), read_expired, EACH(fn, ctx));
}

/*
** Drop the draft of record id of kind, and the preview links to it (a
** later draft needs links of its own); with fields (not NULL), only if
** the draft still holds exactly these values. Returns 1 (dropped), 0
** (it had none, or another), or -1.
*/
int draft_drop(struct store *s, const char *kind, const char *id, const char *fields)
{
	static const char sql[] =
		"DELETE FROM draft WHERE entity = ?1 AND record_id = ?2 AND (?3 IS NULL OR fields = ?3)";
	static const char links[] = "DELETE FROM preview_link WHERE entity = ?1 AND record_id = ?2";
	int dropped = store_run(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id),
					     fields ? SV_TEXT(fields) : SV_NULL));

	if (dropped > 0 && store_run(s, links, ARGS(SV_TEXT(kind), SV_TEXT(id))) < 0)
		return -1;
	return dropped;
}

/*
** Submit the draft of record id of kind for review, by username, now:
** whatever its review said before (sent back, and why) gives way.
** Returns false (logged) on a database error.
*/
bool draft_submit(struct store *s, const char *kind, const char *id, const char *username)
{
	static const char sql[] =
		"UPDATE draft SET review = 'submitted', submitted_by = ?3,"
		" submitted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
		" sent_back_by = NULL, sent_back_at = NULL, comment = NULL"
		" WHERE entity = ?1 AND record_id = ?2";

	return store_run(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_TEXT(username))) >= 0;
}

/*
** Send the draft of record id of kind back to whoever submitted it, by
** username, now, with comment; only a draft submitted for review.
** Returns 1 (sent back), 0 (no draft, or not in review), or -1.
*/
int draft_send_back(struct store *s, const char *kind, const char *id, const char *username,
		    const char *comment)
{
	static const char sql[] =
		"UPDATE draft SET review = 'sent back', sent_back_by = ?3,"
		" sent_back_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), comment = ?4"
		" WHERE entity = ?1 AND record_id = ?2 AND review = 'submitted'";

	return store_run(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_TEXT(username),
				      SV_TEXT(comment)));
}

/* draft_reviews_each's row, handed to the caller's function. */
static bool read_draft_review(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct draft_review_row r = { row_text(row, 0), row_text(row, 1), row_text(row, 2),
				      row_text(row, 3), row_text(row, 4), read_review(row, 5),
				      row_int(row, 11) };

	CALL(each, draft_review_row, &r);
	return true;
}

/*
** Call fn for each draft whose review is state ("submitted", "sent
** back"), submitted by submitted_by (NULL: anyone), the longest waiting
** first (the latest 200). Returns how many, or -1.
*/
int draft_reviews_each(struct store *s, const char *state, const char *submitted_by,
		       ADMIN_EACH(draft_review_row))
{
	static const char sql[] =
		"SELECT d.entity, d.record_id, d.fields, d.username, d.saved_at, " REVIEW_COLUMNS ","
		" coalesce((SELECT max(r.id) FROM revision r WHERE r.entity = d.entity"
		"  AND r.record_id = d.record_id AND r.action IN ('draft', 'submit', 'send back')), 0)"
		" FROM draft d WHERE d.review = ?1 AND (?2 IS NULL OR d.submitted_by = ?2)"
		" ORDER BY d.submitted_at, d.entity, d.record_id LIMIT 200";

	return store_each(s, sql, ARGS(SV_TEXT(state), submitted_by ? SV_TEXT(submitted_by) : SV_NULL),
			  read_draft_review, EACH(fn, ctx));
}

/*
** Keep a preview link to the draft of record id of kind, by the hash of
** its token, until expires_at; links expired by now go. Returns false
** (logged) on a database error.
*/
bool preview_link_add(struct store *s, const char *token_hash, const char *kind, const char *id,
		      const char *username, int64_t expires_at, int64_t now)
{
	static const char expired[] = "DELETE FROM preview_link WHERE expires_at <= ?1";
	static const char sql[] =
		"INSERT INTO preview_link (token_hash, entity, record_id, username, expires_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";

	return store_run(s, expired, ARGS(SV_INT(now))) >= 0 &&
	       store_run(s, sql, ARGS(SV_TEXT(token_hash), SV_TEXT(kind), SV_TEXT(id),
				      SV_TEXT(username), SV_INT(expires_at))) >= 0;
}

/* preview_link_find's row: copies of its kind and id into ctx. */
static bool read_preview_target(void *ctx, const struct store_row *row)
{
	struct preview_target *t = ctx;

	t->kind = row_text_copy(row, 0);
	t->record_id = row_text_copy(row, 1);
	return false;
}

/*
** The record whose draft the link with token_hash leads to, when it has
** not expired by now, in out (the caller frees its strings). Returns 1,
** 0 (no such link, or expired), or -1.
*/
int preview_link_find(struct store *s, const char *token_hash, int64_t now,
		      struct preview_target *out)
{
	static const char sql[] =
		"SELECT entity, record_id FROM preview_link WHERE token_hash = ?1 AND expires_at > ?2";

	memset(out, 0, sizeof *out);
	return store_one(s, sql, ARGS(SV_TEXT(token_hash), SV_INT(now)), read_preview_target, out);
}

/*
** Free what t owns.
*/
void preview_target_free(struct preview_target *t)
{
	free(t->kind);
	free(t->record_id);
	memset(t, 0, sizeof *t);
}

/* preview_links_each's row, handed to the caller's function. */
static bool read_preview_link(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct preview_link_row l = { row_int(row, 0), row_text(row, 1), row_int(row, 2) };

	CALL(each, preview_link_row, &l);
	return true;
}

/*
** Call fn for each preview link to the draft of record id of kind that
** has not expired by now, the soonest to expire first.
*/
int preview_links_each(struct store *s, const char *kind, const char *id, int64_t now,
		       ADMIN_EACH(preview_link_row))
{
	static const char sql[] =
		"SELECT id, username, expires_at FROM preview_link"
		" WHERE entity = ?1 AND record_id = ?2 AND expires_at > ?3 ORDER BY expires_at, id";

	return store_each(s, sql, ARGS(SV_TEXT(kind), SV_TEXT(id), SV_INT(now)), read_preview_link,
			  EACH(fn, ctx));
}

/*
** Revoke preview link number link of record id of kind. Returns 1, 0
** (no such link), or -1.
*/
int preview_link_revoke(struct store *s, int64_t link, const char *kind, const char *id)
{
	static const char sql[] =
		"DELETE FROM preview_link WHERE id = ?1 AND entity = ?2 AND record_id = ?3";

	return store_run(s, sql, ARGS(SV_INT(link), SV_TEXT(kind), SV_TEXT(id)));
}

/* Where a file's address (the SQL expression url) is named: the text
** of pages and of programs, and drafts (their fields as JSON). */
#define FILE_USES_OF(url) \
	"SELECT 'page' AS type, CAST(id AS TEXT) AS id, title AS label," \
	"  'the text of the page ' || path AS place FROM page WHERE instr(body, " url ") > 0" \
	" UNION ALL" \
	" SELECT 'program', CAST(p.id AS TEXT), p.title, 'a program on the page “' || pg.title || '”'" \
	"  FROM program p JOIN page pg ON pg.id = p.page_id WHERE instr(p.description, " url ") > 0" \
	" UNION ALL" \
	" SELECT entity, record_id, 'a draft', 'a draft saved by ' || username FROM draft" \
	"  WHERE instr(fields, " url ") > 0"

/* A file_row from its row. */
static bool read_file_row(void *ctx, const struct store_row *row)
{
	struct each *each = ctx;
	struct file_row r = { row_text(row, 0), row_text(row, 1), row_text(row, 2), row_text(row, 3),
			      row_text(row, 4), row_text(row, 5), row_text(row, 6), row_text(row, 7),
			      row_int(row, 8) };

	CALL(each, file_row, &r);
	return true;
}

/* The columns of a file_row but its uses, and the files admin_files_each
** names, in its order: the two queries of it differ only in uses. */
#define FILE_COLUMNS \
	"SELECT CAST(f.id AS TEXT), f.name, f.alt, f.stored, f.media_type, CAST(f.bytes AS TEXT)," \
	" CAST(f.width AS TEXT), CAST(f.height AS TEXT),"
#define FILES_MATCHING \
	" FROM file f WHERE ?1 = '' OR instr(lower(f.name), lower(?1)) > 0" \
	"  OR instr(lower(f.alt), lower(?1)) > 0 OR instr(f.media_type, lower(?1)) > 0" \
	" ORDER BY f.id DESC LIMIT ?2"

/*
** Call fn for the library's files, newest first, at most limit: those
** whose name, alternative text or type holds search (any when it is
** empty); their uses are not counted (-1), which would read the text of
** every page once per file. Returns the number of rows, or -1.
*/
int admin_files_each(struct store *s, const char *search, int limit, ADMIN_EACH(file_row))
{
	static const char sql[] = FILE_COLUMNS " -1" FILES_MATCHING;

	return store_each(s, sql, ARGS(SV_TEXT(search), SV_INT(limit)), read_file_row, EACH(fn, ctx));
}

/*
** As admin_files_each, each file with how many places name its address
** (FILE_USES_OF): for the library's own list.
*/
int admin_files_each_with_uses(struct store *s, const char *search, int limit, ADMIN_EACH(file_row))
{
	static const char sql[] =
		FILE_COLUMNS " (SELECT count(*) FROM (" FILE_USES_OF("'/files/' || f.stored") "))" FILES_MATCHING;

	return store_each(s, sql, ARGS(SV_TEXT(search), SV_INT(limit)), read_file_row, EACH(fn, ctx));
}

/*
** Put into *out the bytes of every file of the library together.
** Returns 1, or -1.
*/
int admin_files_total_bytes(struct store *s, int64_t *out)
{
	return store_int(s, "SELECT coalesce(sum(bytes), 0) FROM file", NO_ARGS, out);
}

/*
** Put into *out how many files the library holds. Returns 1, or -1.
*/
int admin_files_count(struct store *s, int64_t *out)
{
	return store_int(s, "SELECT count(*) FROM file", NO_ARGS, out);
}

/*
** The name (owned, *name) of the file stored as stored, if the library
** has it. Returns 1, 0 or -1.
*/
int admin_file_named(struct store *s, const char *stored, char **name)
{
	static const char sql[] = "SELECT name FROM file WHERE stored = ?1";
	int found = store_text(s, sql, ARGS(SV_TEXT(stored)), name);

	return found < 0 ? -1 : *name != NULL;
}

/*
** Call fn for each place that names the address of the file stored as
** stored: pages' text, programs' descriptions, drafts. Returns the
** number of rows, or -1.
*/
int admin_file_uses_each(struct store *s, const char *stored, ADMIN_EACH(link_row))
{
	static const char sql[] =
		"SELECT * FROM (" FILE_USES_OF("'/files/' || ?1") ") LIMIT 200";

	return store_each(s, sql, ARGS(SV_TEXT(stored)), read_link, EACH(fn, ctx));
}
