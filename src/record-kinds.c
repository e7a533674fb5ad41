/*
** record-kinds.c: the kinds of editable records, each one declaration
** that the engine (record.c) works from: its fields by name, its checks,
** its SQL, the published pages a change touches, where its list lives.
** Nothing outside this file names a kind's fields or their positions.
**
** SQL binds fields by name (:path, :title ...), then :id and, for
** updates and deletes, :version, the version the editor saw. Snapshots
** turn every value into text so that a record survives the trip through
** JSON unchanged.
*/
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "file-library.h"
#include "media.h"
#include "model-admin.h"
#include "record.h"
#include "text.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))
#define EXPIRY_HINT "Optional. At this time (the site's time zone) it is unpublished by itself," \
	" within a minute. Leave it empty to keep it published."

/* ---- pages ---- */

enum { PAGE_PATH, PAGE_TITLE, PAGE_SUMMARY, PAGE_BODY, PAGE_PUBLISHED, PAGE_EXPIRES };

static const struct field page_fields[] = {
	[PAGE_PATH] = { "path", "Path", FIELD_PATH, true,
	  "The address on this site, such as /how/runningcode/. Changing it moves the pages below"
	  " it along, and keeps every old address working." },
	[PAGE_TITLE] = { "title", "Title", FIELD_LINE, true, NULL },
	[PAGE_SUMMARY] = { "summary", "Summary", FIELD_TEXT, false,
	  "One or two sentences for search engines and lists of pages." },
	[PAGE_BODY] = { "body", "Body", FIELD_BODY, false, "Markdown. Raw HTML is not allowed." },
	[PAGE_PUBLISHED] = { "published", "Published (visible to visitors)", FIELD_BOOL, false, NULL },
	[PAGE_EXPIRES] = { "expires_at", "Take down at", FIELD_TIME, false, EXPIRY_HINT },
};


/*
** Delete the redirect at path, if any, with its revision.
*/
static bool drop_redirect(struct store *s, const char *path, const char *username)
{
	static const char sql[] = "DELETE FROM redirect WHERE path = ?1";
	char *before = NULL;
	bool ok;

	if (store_text(s, kind_redirect.sql_snapshot, ARGS(SV_NAMED_TEXT(":id", path)), &before) < 0)
		return false;
	ok = before == NULL ||
	     (store_run(s, sql, ARGS(SV_TEXT(path))) >= 0 &&
	      revision_add(s, kind_redirect.name, path, "delete", username, before, NULL));
	free(before);
	return ok;
}

/*
** Make old_path answer with a redirect to page id, with its revision.
*/
static bool add_redirect(struct store *s, const char *old_path, const char *id,
			 const char *username)
{
	static const char sql[] =
		"INSERT INTO redirect (path, page_id) VALUES (?1, ?2)"
		" ON CONFLICT (path) DO UPDATE SET page_id = excluded.page_id, url = NULL,"
		" version = version + 1";
	char *before = NULL, *after = NULL;
	bool ok;

	ok = store_text(s, kind_redirect.sql_snapshot, ARGS(SV_NAMED_TEXT(":id", old_path)), &before) >= 0 &&
	     store_run(s, sql, ARGS(SV_TEXT(old_path), SV_TEXT(id))) >= 0 &&
	     store_text(s, kind_redirect.sql_snapshot, ARGS(SV_NAMED_TEXT(":id", old_path)), &after) == 1 &&
	     revision_add(s, kind_redirect.name, old_path, before ? "update" : "create", username,
			  before, after);
	free(before);
	free(after);
	return ok;
}

/*
** A page's path is its own: neither it nor a page below its old path,
** which moves along (page_after_save), lands on the path of a page that
** stays. The message names the page in the way; it is put together in
** message (the caller's).
*/
static const char *page_check(struct store *s, const struct record *r, int *field,
			      struct buf *message)
{
	struct page_clash clash;
	int found = admin_page_move_clash(s, r->id, r->values[PAGE_PATH], &clash);

	*field = PAGE_PATH;
	if (found <= 0)
		return found < 0 ? "The database could not be read; try again." : NULL;
	if (clash.itself)
		buf_printf(message, "The page “%s” is already at this path.",
			   clash.blocker_title);
	else
		buf_printf(message, "The page “%s” would move to %s, where the page"
			   " “%s” already is.",
			   clash.moving_title, clash.new_path, clash.blocker_title);
	page_clash_free(&clash);
	return message->data;
}

/* A page that moves along with the page above it: its paths and its
** snapshot from before the move, owned. */
struct moved_page {
	char *id, *old_path, *new_path, *before;
};

/* The pages below a page whose path changes. */
struct moved_pages {
	struct moved_page *pages;	/* owned */
	size_t count, room;
	const char *old_prefix, *new_prefix;	/* borrowed: the page's paths */
};

/*
** Note a page below the moving one (admin_pages_below), with the path
** it moves to.
*/
static void note_moved_page(void *ctx, const struct page_ref *row)
{
	struct moved_pages *moved = ctx;
	struct moved_page *m;
	struct buf new_path = BUF_INIT;

	if (moved->count == moved->room) {
		moved->room = moved->room ? 2 * moved->room : 16;
		moved->pages = xrealloc(moved->pages, moved->room * sizeof *moved->pages);
	}
	buf_printf(&new_path, "%s%s", moved->new_prefix, row->path + strlen(moved->old_prefix));
	m = &moved->pages[moved->count++];
	m->id = xstrdup(row->id);
	m->old_path = xstrdup(row->path);
	m->new_path = buf_detach(&new_path);
	m->before = NULL;
}

/*
** Free what moved owns.
*/
static void moved_pages_free(struct moved_pages *moved)
{
	size_t i;

	for (i = 0; i < moved->count; i++) {
		free(moved->pages[i].id);
		free(moved->pages[i].old_path);
		free(moved->pages[i].new_path);
		free(moved->pages[i].before);
	}
	free(moved->pages);
	memset(moved, 0, sizeof *moved);
}

/*
** Move the pages below moved->old_prefix, but page id, to the same
** places below moved->new_prefix, each with its revision; moved lists
** them (the caller frees it: moved_pages_free). The pages below the
** home page (/) stay where they are. Returns false on a database error.
*/
static bool move_pages_below(struct store *s, const char *id, const char *username,
			     struct moved_pages *moved)
{
	char *after = NULL;
	bool ok = true;
	size_t i;

	if (strcmp(moved->old_prefix, "/") == 0)
		return true;
	if (admin_pages_below(s, moved->old_prefix, id, note_moved_page, moved) < 0)
		return false;
	for (i = 0; ok && i < moved->count; i++)
		ok = store_text(s, kind_page.sql_snapshot,
				ARGS(SV_NAMED_TEXT(":id", moved->pages[i].id)), &moved->pages[i].before) == 1;
	ok = ok && admin_pages_move_below(s, moved->old_prefix, moved->new_prefix, id);
	for (i = 0; ok && i < moved->count; i++) {
		ok = store_text(s, kind_page.sql_snapshot,
				ARGS(SV_NAMED_TEXT(":id", moved->pages[i].id)), &after) == 1 &&
		     revision_add(s, kind_page.name, moved->pages[i].id, "update", username,
				  moved->pages[i].before, after);
		free(after);
		after = NULL;
	}
	return ok;
}

/*
** After a page is saved: its path now belongs to it, not to a redirect;
** and when the path changed, the pages below the old one move along
** (/a/b/ to /c/b/ when /a/ becomes /c/), and every old path redirects
** to its page, so links and bookmarks keep working. The redirects from
** the old paths are made before those at the new paths are dropped: a
** page may move to another's old path. Menu entries and programs point
** at pages' ids and follow them by themselves.
*/
static bool page_after_save(struct store *s, const struct record *before,
			    const struct record *after, const char *username)
{
	const char *old_path = before ? before->values[PAGE_PATH] : NULL;
	const char *new_path = after->values[PAGE_PATH];
	struct moved_pages moved = { NULL, 0, 0, old_path, new_path };
	bool ok;
	size_t i;

	if (!old_path || strcmp(old_path, new_path) == 0)
		return drop_redirect(s, new_path, username);
	ok = move_pages_below(s, after->id, username, &moved) &&
	     add_redirect(s, old_path, after->id, username);
	for (i = 0; ok && i < moved.count; i++)
		ok = add_redirect(s, moved.pages[i].old_path, moved.pages[i].id, username);
	ok = ok && drop_redirect(s, new_path, username);
	for (i = 0; ok && i < moved.count; i++)
		ok = drop_redirect(s, moved.pages[i].new_path, username);
	moved_pages_free(&moved);
	return ok;
}

/*
** A page shows on itself and on the pages that show its title or
** summary; its path and whether it is published show on every page
** (menu entries link to it, or leave it out). A new draft shows nowhere.
*/
static void page_touches(const struct record *before, const struct record *after,
			 struct publish_scope *scope)
{
	const struct record *r = after ? after : before;

	if (before == NULL && strcmp(after->values[PAGE_PUBLISHED], "1") != 0)
		return;
	if (before == NULL || after == NULL ||
	    strcmp(before->values[PAGE_PATH], after->values[PAGE_PATH]) != 0 ||
	    strcmp(before->values[PAGE_PUBLISHED], after->values[PAGE_PUBLISHED]) != 0)
		scope->everything = true;
	else
		publish_scope_page(scope, text_parse_id(r->id), true);
}

/*
** What leads visitors to page r: menu entries, programs and other pages
** linking to it, redirects to it.
*/
static int page_links_each(struct store *s, const struct record *r,
			   void (*fn)(void *ctx, const struct link_row *row), void *ctx)
{
	return admin_links_to_page(s, r->id, r->values[PAGE_PATH], fn, ctx);
}

/*
** Append the path of the page whose id is page_id to out when it is
** published. Returns 0, or -1.
*/
static int published_page_path(struct store *s, const char *page_id, struct buf *out)
{
	static const char sql[] = "SELECT path FROM page WHERE id = ?1 AND published";
	char *path = NULL;

	if (*page_id == '\0')
		return 0;
	if (store_text(s, sql, ARGS(SV_TEXT(page_id)), &path) < 0)
		return -1;
	if (path)
		buf_puts(out, path);
	free(path);
	return 0;
}

/* Where visitors see a page: at its path, when it is published. */
static int page_public_url(struct store *s, const struct record *r, struct buf *out)
{
	(void)s;
	if (strcmp(r->values[PAGE_PUBLISHED], "1") == 0)
		buf_puts(out, r->values[PAGE_PATH]);
	return 0;
}

const struct kind kind_page = {
	.name = "page",
	.title = "page",
	.fields = page_fields,
	.nfields = COUNT(page_fields),
	.label_field = PAGE_TITLE,
	.key_field = -1,
	.starts_as_draft = true,
	.has_preview = true,
	.takes_drafts = true,
	.never_deleted = "Pages are not deleted: unpublish a page to hide it from visitors.",
	.sql_snapshot =
		"SELECT json_object('id', CAST(id AS TEXT), 'version', version, 'path', path,"
		" 'title', title, 'summary', summary, 'body', body,"
		" 'published', CAST(published AS TEXT), 'expires_at', coalesce(expires_at, ''))"
		" FROM page WHERE id = :id",
	.sql_insert =
		"INSERT INTO page (path, title, summary, body, published, expires_at, id)"
		" VALUES (:path, :title, :summary, :body, :published, :expires_at, :id)",
	.sql_update =
		"UPDATE page SET path = :path, title = :title, summary = :summary, body = :body,"
		" published = :published, expires_at = :expires_at, version = version + 1,"
		" updated_at = " NOW " WHERE id = :id AND version = :version",
	.published_field = PAGE_PUBLISHED,
	.expiry_field = PAGE_EXPIRES,
	.sql_expired =
		"SELECT CAST(id AS TEXT) FROM page WHERE expires_at <= :now AND published"
		" ORDER BY expires_at, id",
	.check = page_check,
	.after_save = page_after_save,
	.touches = page_touches,
	.list_path = "/admin/pages",
	.public_url = page_public_url,
	.links_each = page_links_each,
	.sql_ids = "SELECT CAST(id AS TEXT) FROM page ORDER BY path",
};

/* ---- menu entries ---- */

enum { ENTRY_LABEL, ENTRY_PLACE, ENTRY_PAGE, ENTRY_URL };

static const struct field menu_entry_fields[] = {
	[ENTRY_LABEL] = { "label", "Label", FIELD_LINE, true, NULL },
	[ENTRY_PLACE] = { "place", "Place", FIELD_PLACE, true,
	  "The menu, or the main menu's section, this entry belongs to." },
	[ENTRY_PAGE] = { "page_id", "Target page", FIELD_PAGE, false,
	  "The page of this site the entry leads to; or choose none and give a URL below." },
	[ENTRY_URL] = { "url", "Target URL (instead of a page)", FIELD_LINK, false,
	  "https://..., mailto:..., or a path on this site such as /search/." },
};

/*
** Whether r leads to one place, the page in its field page or the URL
** in its field url, not both (nor neither, unless may_be_neither).
** Returns NULL, or the message with *field set to the field it is for.
*/
static const char *page_or_url(const struct record *r, int page, int url, bool may_be_neither,
			       int *field)
{
	bool has_page = *r->values[page] != '\0', has_url = *r->values[url] != '\0';

	if (has_page && has_url) {
		*field = url;
		return "Choose either a page or a URL, not both.";
	}
	if (!has_page && !has_url && !may_be_neither) {
		*field = page;
		return "Choose a page, or give a URL.";
	}
	return NULL;
}

/*
** A menu entry goes at the top of a menu, or under a top-level entry of
** the main menu (two levels at most), and leads to a page or a URL.
*/
static const char *menu_entry_check(struct store *s, const struct record *r, int *field,
				    struct buf *message)
{
	static const char section_sql[] =
		"SELECT 1 FROM menu_entry e JOIN menu m ON m.id = e.menu_id"
		" WHERE CAST(e.id AS TEXT) = ?1 AND e.parent_id IS NULL AND m.name = 'main'";
	static const char children_sql[] = "SELECT 1 FROM menu_entry WHERE parent_id = ?1";
	const char *place = r->values[ENTRY_PLACE];
	int found;

	const char *msg = page_or_url(r, ENTRY_PAGE, ENTRY_URL, false, field);

	(void)message;
	if (msg)
		return msg;
	*field = ENTRY_PLACE;
	if (strcmp(place, "main") == 0 || strcmp(place, "footer") == 0)
		return NULL;
	if (r->id && strcmp(place, r->id) == 0)
		return "An entry cannot be placed under itself.";
	found = store_exists(s, section_sql, ARGS(SV_TEXT(place)));
	if (found <= 0)
		return found < 0 ? "The database could not be read; try again." :
				   "Choose a menu, or a section of the main menu.";
	if (r->id == NULL)
		return NULL;
	found = store_exists(s, children_sql, ARGS(SV_TEXT(r->id)));
	if (found != 0)
		return found < 0 ? "The database could not be read; try again." :
				   "This entry has entries below it, so it must stay at the top of a menu.";
	return NULL;
}

#define MENU_PLACE_CTE \
	"WITH place (menu_id, parent_id) AS (" \
	" SELECT id, NULL FROM menu WHERE name = :place" \
	" UNION ALL" \
	" SELECT menu_id, id FROM menu_entry WHERE parent_id IS NULL AND CAST(id AS TEXT) = :place) "

/* Where visitors see a menu entry: where it leads. */
static int menu_entry_public_url(struct store *s, const struct record *r, struct buf *out)
{
	if (*r->values[ENTRY_URL]) {
		buf_puts(out, r->values[ENTRY_URL]);
		return 0;
	}
	return published_page_path(s, r->values[ENTRY_PAGE], out);
}

const struct kind kind_menu_entry = {
	.name = "menu_entry",
	.title = "menu entry",
	.fields = menu_entry_fields,
	.nfields = COUNT(menu_entry_fields),
	.label_field = ENTRY_LABEL,
	.key_field = -1,
	.has_preview = true,
	.published_field = -1,
	.expiry_field = -1,
	.takes_drafts = true,
	.sql_snapshot =
		"SELECT json_object('id', CAST(e.id AS TEXT), 'version', e.version, 'label', e.label,"
		" 'place', CASE WHEN e.parent_id IS NULL THEN m.name ELSE CAST(e.parent_id AS TEXT) END,"
		" 'page_id', coalesce(CAST(e.page_id AS TEXT), ''), 'url', coalesce(e.url, ''),"
		" 'position', e.position)"
		" FROM menu_entry e JOIN menu m ON m.id = e.menu_id WHERE e.id = :id",
	.sql_insert =
		MENU_PLACE_CTE
		"INSERT INTO menu_entry (id, menu_id, parent_id, position, label, page_id, url)"
		" SELECT :id, menu_id, parent_id,"
		" (SELECT coalesce(max(e.position), 0) + 1 FROM menu_entry e"
		"   WHERE e.menu_id = place.menu_id AND e.parent_id IS place.parent_id),"
		" :label, :page_id, nullif(:url, '') FROM place",
	.sql_update =
		MENU_PLACE_CTE
		"UPDATE menu_entry SET label = :label, page_id = :page_id, url = nullif(:url, ''),"
		" position = CASE WHEN menu_id = (SELECT menu_id FROM place)"
		"   AND parent_id IS (SELECT parent_id FROM place) THEN position"
		"   ELSE (SELECT coalesce(max(e.position), 0) + 1 FROM menu_entry e, place"
		"     WHERE e.menu_id = place.menu_id AND e.parent_id IS place.parent_id) END,"
		" menu_id = (SELECT menu_id FROM place), parent_id = (SELECT parent_id FROM place),"
		" version = version + 1, updated_at = " NOW
		" WHERE id = :id AND version = :version AND EXISTS (SELECT 1 FROM place)",
	.sql_delete = "DELETE FROM menu_entry WHERE id = :id AND version = :version",
	.sql_neighbour =
		"SELECT CAST(n.id AS TEXT) FROM menu_entry e JOIN menu_entry n"
		" ON n.menu_id = e.menu_id AND n.parent_id IS e.parent_id AND n.id <> e.id"
		" WHERE e.id = :id AND ((:direction < 0 AND n.position < e.position)"
		"   OR (:direction > 0 AND n.position > e.position))"
		" ORDER BY n.position * :direction LIMIT 1",
	/* Both positions are read once, before either row changes. */
	.sql_swap =
		"UPDATE menu_entry SET position = CASE WHEN menu_entry.id = :id THEN p.b ELSE p.a END,"
		" version = version + 1, updated_at = " NOW
		" FROM (SELECT (SELECT position FROM menu_entry WHERE id = :id) AS a,"
		"   (SELECT position FROM menu_entry WHERE id = :other) AS b) AS p"
		" WHERE menu_entry.id IN (:id, :other)",
	.check = menu_entry_check,
	.touches_every_page = true,	/* the menus show on every page */
	.list_path = "/admin/menus",
	.public_url = menu_entry_public_url,
	.sql_ids = "SELECT CAST(e.id AS TEXT) FROM menu_entry e JOIN menu m ON m.id = e.menu_id"
		   " ORDER BY m.name DESC, coalesce(e.parent_id, e.id), e.parent_id IS NOT NULL, e.position",
};

/* ---- programs ---- */

enum { PROGRAM_PAGE, PROGRAM_TITLE, PROGRAM_DESCRIPTION, PROGRAM_LINK_PAGE, PROGRAM_LINK_URL,
       PROGRAM_PUBLISHED, PROGRAM_EXPIRES };

static const struct field program_fields[] = {
	[PROGRAM_PAGE] = { "page_id", "Page", FIELD_OWNER, true, NULL },
	[PROGRAM_TITLE] = { "title", "Title", FIELD_LINE, true, NULL },
	[PROGRAM_DESCRIPTION] = { "description", "Description", FIELD_TEXT, false,
	  "Leave it empty to show the summary of the page the program links to, kept on that page." },
	[PROGRAM_LINK_PAGE] = { "link_page_id", "Link to a page", FIELD_PAGE, false,
	  "The page of this site the program links to; or choose none and give a URL below." },
	[PROGRAM_LINK_URL] = { "link_url", "Link URL (instead of a page)", FIELD_LINK, false,
	  "https://..., mailto:..., or a path on this site." },
	[PROGRAM_PUBLISHED] = { "published", "Published (visible to visitors)", FIELD_BOOL, false, NULL },
	[PROGRAM_EXPIRES] = { "expires_at", "Take down at", FIELD_TIME, false, EXPIRY_HINT },
};

/*
** A program links to a page or a URL, not both.
*/
static const char *program_check(struct store *s, const struct record *r, int *field,
				 struct buf *message)
{
	(void)s;
	(void)message;
	return page_or_url(r, PROGRAM_LINK_PAGE, PROGRAM_LINK_URL, true, field);
}

/*
** A program shows on its page only.
*/
static void program_touches(const struct record *before, const struct record *after,
			    struct publish_scope *scope)
{
	const struct record *r = after ? after : before;

	publish_scope_page(scope, text_parse_id(r->values[PROGRAM_PAGE]), false);
}

/*
** A page's programs are listed with the page.
*/
static void program_list_url(const struct record *r, struct buf *out)
{
	buf_puts(out, "/admin/programs?page=");
	text_url_escape(out, r->values[PROGRAM_PAGE]);
}

/* Where visitors see a program: on its page, when both are published. */
static int program_public_url(struct store *s, const struct record *r, struct buf *out)
{
	if (strcmp(r->values[PROGRAM_PUBLISHED], "1") != 0)
		return 0;
	return published_page_path(s, r->values[PROGRAM_PAGE], out);
}

const struct kind kind_program = {
	.name = "program",
	.title = "program",
	.fields = program_fields,
	.nfields = COUNT(program_fields),
	.label_field = PROGRAM_TITLE,
	.key_field = -1,
	.has_preview = true,
	.takes_drafts = true,
	.sql_snapshot =
		"SELECT json_object('id', CAST(id AS TEXT), 'version', version,"
		" 'page_id', CAST(page_id AS TEXT), 'title', title, 'description', description,"
		" 'link_page_id', coalesce(CAST(link_page_id AS TEXT), ''),"
		" 'link_url', coalesce(link_url, ''), 'published', CAST(published AS TEXT),"
		" 'expires_at', coalesce(expires_at, ''), 'position', position)"
		" FROM program WHERE id = :id",
	.sql_insert =
		"INSERT INTO program (id, page_id, position, title, description, link_page_id,"
		" link_url, published, expires_at) VALUES (:id, :page_id,"
		" (SELECT coalesce(max(position), 0) + 1 FROM program WHERE page_id = :page_id),"
		" :title, :description, :link_page_id, nullif(:link_url, ''), :published, :expires_at)",
	.sql_update =
		"UPDATE program SET title = :title, description = :description,"
		" link_page_id = :link_page_id, link_url = nullif(:link_url, ''), published = :published,"
		" expires_at = :expires_at, version = version + 1, updated_at = " NOW
		" WHERE id = :id AND version = :version AND page_id = :page_id",
	.published_field = PROGRAM_PUBLISHED,
	.expiry_field = PROGRAM_EXPIRES,
	.sql_expired =
		"SELECT CAST(id AS TEXT) FROM program WHERE expires_at <= :now AND published"
		" ORDER BY expires_at, id",
	.sql_delete = "DELETE FROM program WHERE id = :id AND version = :version",
	.sql_neighbour =
		"SELECT CAST(n.id AS TEXT) FROM program g JOIN program n"
		" ON n.page_id = g.page_id AND n.id <> g.id"
		" WHERE g.id = :id AND ((:direction < 0 AND n.position < g.position)"
		"   OR (:direction > 0 AND n.position > g.position))"
		" ORDER BY n.position * :direction LIMIT 1",
	/* Both positions are read once, before either row changes. */
	.sql_swap =
		"UPDATE program SET position = CASE WHEN program.id = :id THEN p.b ELSE p.a END,"
		" version = version + 1, updated_at = " NOW
		" FROM (SELECT (SELECT position FROM program WHERE id = :id) AS a,"
		"   (SELECT position FROM program WHERE id = :other) AS b) AS p"
		" WHERE program.id IN (:id, :other)",
	.check = program_check,
	.touches = program_touches,
	.list_url = program_list_url,
	.public_url = program_public_url,
	.sql_ids = "SELECT CAST(id AS TEXT) FROM program ORDER BY page_id, position",
};

/* ---- redirects ---- */

enum { REDIRECT_PATH, REDIRECT_PAGE, REDIRECT_URL, REDIRECT_STATUS };

/* The statuses a redirect answers with; the first is the default. */
static const char *const redirect_statuses[] = { "301", "308", "302", "307", NULL };

static const struct field redirect_fields[] = {
	[REDIRECT_PATH] = { "path", "Old path", FIELD_PATH, true,
	  "The address that no longer has a page of its own.", NULL },
	[REDIRECT_PAGE] = { "page_id", "Redirect to page", FIELD_PAGE, false,
	  "A page of this site: the redirect follows it when its path changes. Choose a page"
	  " or give a URL, not both.", NULL },
	[REDIRECT_URL] = { "url", "Or to the URL", FIELD_URL, false,
	  "A full address on another site, such as https://www.example.org/; sent as it is.", NULL },
	[REDIRECT_STATUS] = { "status", "Status", FIELD_CHOICE, true,
	  "301 or 308: moved for good (browsers and search engines remember it); 302 or 307:"
	  " for now. 307 and 308 keep a form's POST as it is.", redirect_statuses },
};

/*
** A redirect leaves from a path no page has, and leads to exactly one
** place: a page or a web address.
*/
static const char *redirect_check(struct store *s, const struct record *r, int *field,
				  struct buf *message)
{
	static const char sql[] = "SELECT 1 FROM page WHERE path = ?1";
	int taken = store_exists(s, sql, ARGS(SV_TEXT(r->values[REDIRECT_PATH])));

	(void)message;
	*field = REDIRECT_PATH;
	if (taken < 0)
		return "The database could not be read; try again.";
	if (taken)
		return "A page lives at this path, so a redirect from it would never be used.";
	return page_or_url(r, REDIRECT_PAGE, REDIRECT_URL, false, field);
}

/* Where visitors see a redirect: its old address, which leads on. */
static int redirect_public_url(struct store *s, const struct record *r, struct buf *out)
{
	(void)s;
	buf_puts(out, r->values[REDIRECT_PATH]);
	return 0;
}

/*
** A redirect is answered by the worker at its old address, never
** published: a change renders nothing, but caches in front must forget
** what they kept there (a 404, or where it led before).
*/
static void redirect_touches(const struct record *before, const struct record *after,
			     struct publish_scope *scope)
{
	if (before)
		publish_scope_answer(scope, before->values[REDIRECT_PATH]);
	if (after)
		publish_scope_answer(scope, after->values[REDIRECT_PATH]);
}

const struct kind kind_redirect = {
	.name = "redirect",
	.title = "redirect",
	.fields = redirect_fields,
	.nfields = COUNT(redirect_fields),
	.label_field = REDIRECT_PATH,
	.key_field = REDIRECT_PATH,
	.published_field = -1,
	.expiry_field = -1,
	.sql_snapshot =
		"SELECT json_object('id', path, 'version', version, 'path', path,"
		" 'page_id', CAST(page_id AS TEXT), 'url', url, 'status', CAST(status AS TEXT))"
		" FROM redirect WHERE path = :id",
	.sql_insert =
		"INSERT INTO redirect (path, page_id, url, status) SELECT :path, :page_id, :url, :status"
		" WHERE :id IS NULL OR :id = :path",
	.sql_update =
		"UPDATE redirect SET path = :path, page_id = :page_id, url = :url, status = :status,"
		" version = version + 1 WHERE path = :id AND version = :version",
	.sql_delete = "DELETE FROM redirect WHERE path = :id AND version = :version",
	.check = redirect_check,
	.touches = redirect_touches,
	.administrators_only = true,
	.list_path = "/admin/redirects",
	.public_url = redirect_public_url,
};

/* ---- files (uploads: images and documents) ---- */

enum { FILE_NAME, FILE_ALT, FILE_STORED, FILE_TYPE, FILE_BYTES, FILE_WIDTH, FILE_HEIGHT };

static const struct field file_fields[] = {
	[FILE_NAME] = { "name", "Name", FIELD_LINE, true,
	  "How the library lists it; the name of the uploaded file unless you give another." },
	[FILE_ALT] = { "alt", "Alternative text", FIELD_TEXT, false,
	  "Required for an image: what it shows, for people who cannot see it. Pages that insert"
	  " it take this text along." },
	[FILE_STORED] = { "stored", "Stored as", FIELD_FIXED, true, NULL },
	[FILE_TYPE] = { "media_type", "Type", FIELD_FIXED, true, NULL },
	[FILE_BYTES] = { "bytes", "Size in bytes", FIELD_FIXED, true, NULL },
	[FILE_WIDTH] = { "width", "Width in pixels", FIELD_FIXED, false, NULL },
	[FILE_HEIGHT] = { "height", "Height in pixels", FIELD_FIXED, false, NULL },
};

/*
** An image needs its alternative text; a file's fixed fields (set by
** the upload, admin-files.c) must look like what an upload sets and,
** once saved, stay as they are (a forged form could carry anything; the
** update's SQL keeps them too).
*/
static const char *file_check(struct store *s, const struct record *r, int *field,
			      struct buf *message)
{
	static const char changed_sql[] =
		"SELECT 1 FROM file WHERE CAST(id AS TEXT) = ?1 AND (stored <> ?2 OR media_type <> ?3)";
	int changed;

	(void)message;
	*field = FILE_ALT;
	if (strncmp(r->values[FILE_TYPE], "image/", 6) == 0 && *r->values[FILE_ALT] == '\0')
		return "Describe the image for people who cannot see it.";
	*field = FILE_STORED;
	if (!media_stored_name_ok(r->values[FILE_STORED]))
		return "This is not a file of the library.";
	if (r->id == NULL)
		return NULL;
	changed = store_exists(s, changed_sql, ARGS(SV_TEXT(r->id), SV_TEXT(r->values[FILE_STORED]),
						    SV_TEXT(r->values[FILE_TYPE])));
	if (changed != 0)
		return changed < 0 ? "The database could not be read; try again." :
				     "A file's content never changes: upload the new one as a new file.";
	return NULL;
}

/* Where visitors get a file: /files/<stored>. */
static int file_public_url(struct store *s, const struct record *r, struct buf *out)
{
	(void)s;
	buf_printf(out, FILE_LIBRARY_PREFIX "%s", r->values[FILE_STORED]);
	return 0;
}

/* The pages and programs that name file r's address. */
static int file_links_each(struct store *s, const struct record *r,
			   void (*fn)(void *ctx, const struct link_row *row), void *ctx)
{
	return admin_file_uses_each(s, r->values[FILE_STORED], fn, ctx);
}

/*
** A file shows on no published page by itself (the pages that insert
** one name its address, which never changes), but is served at that
** address while the library holds it: deleted or restored, its bytes
** follow (file-library.h) and caches forget what they kept there.
*/
static void file_touches(const struct record *before, const struct record *after,
			 struct publish_scope *scope)
{
	struct buf path = BUF_INIT;

	if (before && after)
		return;
	buf_printf(&path, FILE_LIBRARY_PREFIX "%s", (after ? after : before)->values[FILE_STORED]);
	publish_scope_answer(scope, path.data);
	buf_free(&path);
}

/* Created only by an upload (admin-files.c), never by the edit form. */
const struct kind kind_file = {
	.name = "file",
	.title = "file",
	.fields = file_fields,
	.nfields = COUNT(file_fields),
	.label_field = FILE_NAME,
	.key_field = -1,
	.published_field = -1,
	.expiry_field = -1,
	.created_by = "/admin/files",
	.sql_snapshot =
		"SELECT json_object('id', CAST(id AS TEXT), 'version', version, 'name', name,"
		" 'alt', alt, 'stored', stored, 'media_type', media_type, 'bytes', CAST(bytes AS TEXT),"
		" 'width', CAST(width AS TEXT), 'height', CAST(height AS TEXT))"
		" FROM file WHERE id = :id",
	.sql_insert =
		"INSERT INTO file (id, name, alt, stored, media_type, bytes, width, height)"
		" VALUES (:id, :name, :alt, :stored, :media_type, :bytes, :width, :height)",
	.sql_update =
		"UPDATE file SET name = :name, alt = :alt, version = version + 1, updated_at = " NOW
		" WHERE id = :id AND version = :version AND stored = :stored AND media_type = :media_type",
	.sql_delete = "DELETE FROM file WHERE id = :id AND version = :version",
	.check = file_check,
	.touches = file_touches,
	.list_path = "/admin/files",
	.public_url = file_public_url,
	.links_each = file_links_each,
};

static const struct kind *const kinds[] = {
	&kind_page, &kind_menu_entry, &kind_program, &kind_redirect, &kind_file,
};

/*
** The i-th kind of record (from 0), or NULL past the last: for what
** applies to every kind (scheduled expiries).
*/
const struct kind *kind_at(int i)
{
	return i >= 0 && i < COUNT(kinds) ? kinds[i] : NULL;
}

/*
** The kind of record called name ("page", "menu_entry", "program",
** "redirect"), or NULL.
*/
const struct kind *kind_find(const char *name)
{
	int i;

	for (i = 0; name && i < COUNT(kinds); i++)
		if (strcmp(kinds[i]->name, name) == 0)
			return kinds[i];
	return NULL;
}
