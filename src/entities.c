/*
** entities.c: the kinds of editable records, as tables the engine in
** entity.c works from. Each kind's SQL binds its fields in the order of
** its field table (?1 .. ?n), then the id (?n+1) and, for updates, the
** version the editor saw (?n+2). Snapshots turn every value into text so
** that a record survives the trip through JSON unchanged.
*/
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "log.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* ---- pages ---- */

static const struct field page_fields[] = {
	{ "path", "Path", FIELD_PATH, true,
	  "The address on this site, such as /how/runningcode/. Changing it keeps the old address working." },
	{ "title", "Title", FIELD_LINE, true, NULL },
	{ "summary", "Summary", FIELD_TEXT, false,
	  "One or two sentences for search engines and lists of pages." },
	{ "body", "Body", FIELD_BODY, false, "Markdown. Raw HTML is not allowed." },
	{ "published", "Published (visible to visitors)", FIELD_BOOL, false, NULL },
};

/*
** Delete the redirect at path, if any, with its revision.
*/
static bool drop_redirect(struct store *s, const char *path, const char *username)
{
	static const char sql[] = "DELETE FROM redirect WHERE path = ?1";
	const struct entity *redirect = entity_find("redirect");
	char *before = entity_snapshot(s, redirect, path);
	sqlite3_stmt *st;
	bool ok = false;

	if (before == NULL)
		return true;
	st = store_prepare(s, sql);
	if (st) {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		ok = store_step_done(s, st) &&
		     revision_add(s, "redirect", path, "delete", username, before, NULL);
	}
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
		" ON CONFLICT (path) DO UPDATE SET page_id = excluded.page_id, version = version + 1";
	const struct entity *redirect = entity_find("redirect");
	char *before = entity_snapshot(s, redirect, old_path), *after = NULL;
	sqlite3_stmt *st = store_prepare(s, sql);
	bool ok = false;

	if (st) {
		sqlite3_bind_text(st, 1, old_path, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		ok = store_step_done(s, st) &&
		     (after = entity_snapshot(s, redirect, old_path)) != NULL &&
		     revision_add(s, "redirect", old_path, before ? "update" : "create",
				  username, before, after);
	}
	free(before);
	free(after);
	return ok;
}

/*
** After a page is saved: its path now belongs to it, not to a redirect;
** and when the path changed, the old one redirects to the page, so links
** and bookmarks keep working. Menu entries and programs point at the
** page's id and follow it by themselves.
*/
static bool page_after_save(struct store *s, const char *before, const char *after,
			    const char *username)
{
	static const char sql[] =
		"SELECT json_extract(?1, '$.path'), json_extract(?2, '$.path'), json_extract(?2, '$.id')";
	sqlite3_stmt *st = store_prepare(s, sql);
	char *old_path = NULL, *new_path = NULL, *id = NULL;
	bool ok = false;

	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, after, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		old_path = store_column_text(st, 0);
		new_path = store_column_text(st, 1);
		id = store_column_text(st, 2);
	}
	sqlite3_reset(st);
	if (new_path && drop_redirect(s, new_path, username))
		ok = !before || strcmp(old_path, new_path) == 0 ||
		     add_redirect(s, old_path, id, username);
	free(old_path);
	free(new_path);
	free(id);
	return ok;
}

static const struct entity page_entity = {
	.name = "page",
	.title = "page",
	.fields = page_fields,
	.nfields = 5,
	.key_field = -1,
	.label_field = 1,
	.sql_snapshot =
		"SELECT json_object('id', CAST(id AS TEXT), 'version', version, 'path', path,"
		" 'title', title, 'summary', summary, 'body', body,"
		" 'published', CAST(published AS TEXT)) FROM page WHERE id = ?1",
	.sql_insert =
		"INSERT INTO page (path, title, summary, body, published, id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	.sql_update =
		"UPDATE page SET path = ?1, title = ?2, summary = ?3, body = ?4, published = ?5,"
		" version = version + 1, updated_at = " NOW
		" WHERE id = ?6 AND version = ?7",
	.sql_delete = NULL,	/* pages are hidden as drafts, never deleted */
	.after_save = page_after_save,
	.list_url = "/admin/pages",
	.starts_as_draft = true,
};

/* ---- menu entries ---- */

static const struct field menu_entry_fields[] = {
	{ "label", "Label", FIELD_LINE, true, NULL },
	{ "place", "Place", FIELD_PLACE, true, "The menu, or the main menu's section, this entry belongs to." },
	{ "page_id", "Target page", FIELD_PAGE, false,
	  "The page of this site the entry leads to; or choose none and give a URL below." },
	{ "url", "Target URL (instead of a page)", FIELD_LINK, false,
	  "https://..., mailto:..., or a path on this site such as /search/." },
};

/*
** A menu entry goes at the top of a menu, or under a top-level entry of
** the main menu (two levels at most), and leads to a page or a URL.
*/
static const char *menu_entry_check(struct store *s, const struct record *r, int *field)
{
	static const char section_sql[] =
		"SELECT 1 FROM menu_entry e JOIN menu m ON m.id = e.menu_id"
		" WHERE CAST(e.id AS TEXT) = ?1 AND e.parent_id IS NULL AND m.name = 'main'";
	static const char children_sql[] = "SELECT 1 FROM menu_entry WHERE parent_id = ?1";
	const char *place = r->values[1];
	sqlite3_stmt *st;
	bool ok;

	if (*r->values[2] == '\0' && *r->values[3] == '\0') {
		*field = 2;
		return "Choose a page, or give a URL.";
	}
	if (*r->values[2] && *r->values[3]) {
		*field = 3;
		return "Choose either a page or a URL, not both.";
	}
	*field = 1;
	if (strcmp(place, "main") == 0 || strcmp(place, "footer") == 0)
		return NULL;
	if (r->id && strcmp(place, r->id) == 0)
		return "An entry cannot be placed under itself.";
	st = store_prepare(s, section_sql);
	if (st == NULL)
		return "The database could not be read; try again.";
	sqlite3_bind_text(st, 1, place, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!ok)
		return "Choose a menu, or a section of the main menu.";
	if (r->id == NULL)
		return NULL;
	st = store_prepare(s, children_sql);
	if (st == NULL)
		return "The database could not be read; try again.";
	sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) != SQLITE_ROW;
	sqlite3_reset(st);
	return ok ? NULL : "This entry has entries below it, so it must stay at the top of a menu.";
}

#define MENU_PLACE_CTE \
	"WITH place (menu_id, parent_id) AS (" \
	" SELECT id, NULL FROM menu WHERE name = ?2" \
	" UNION ALL" \
	" SELECT menu_id, id FROM menu_entry WHERE parent_id IS NULL AND CAST(id AS TEXT) = ?2) "

static const struct entity menu_entry_entity = {
	.name = "menu_entry",
	.title = "menu entry",
	.fields = menu_entry_fields,
	.nfields = 4,
	.key_field = -1,
	.label_field = 0,
	.sql_snapshot =
		"SELECT json_object('id', CAST(e.id AS TEXT), 'version', e.version, 'label', e.label,"
		" 'place', CASE WHEN e.parent_id IS NULL THEN m.name ELSE CAST(e.parent_id AS TEXT) END,"
		" 'page_id', coalesce(CAST(e.page_id AS TEXT), ''), 'url', coalesce(e.url, ''),"
		" 'position', e.position)"
		" FROM menu_entry e JOIN menu m ON m.id = e.menu_id WHERE e.id = ?1",
	.sql_insert =
		MENU_PLACE_CTE
		"INSERT INTO menu_entry (id, menu_id, parent_id, position, label, page_id, url)"
		" SELECT ?5, menu_id, parent_id,"
		" (SELECT coalesce(max(e.position), 0) + 1 FROM menu_entry e"
		"   WHERE e.menu_id = place.menu_id AND e.parent_id IS place.parent_id),"
		" ?1, ?3, nullif(?4, '') FROM place",
	.sql_update =
		MENU_PLACE_CTE
		"UPDATE menu_entry SET label = ?1, page_id = ?3, url = nullif(?4, ''),"
		" position = CASE WHEN menu_id = (SELECT menu_id FROM place)"
		"   AND parent_id IS (SELECT parent_id FROM place) THEN position"
		"   ELSE (SELECT coalesce(max(e.position), 0) + 1 FROM menu_entry e, place"
		"     WHERE e.menu_id = place.menu_id AND e.parent_id IS place.parent_id) END,"
		" menu_id = (SELECT menu_id FROM place), parent_id = (SELECT parent_id FROM place),"
		" version = version + 1, updated_at = " NOW
		" WHERE id = ?5 AND version = ?6 AND EXISTS (SELECT 1 FROM place)",
	.sql_delete = "DELETE FROM menu_entry WHERE id = ?1 AND version = ?2",
	.sql_neighbour =
		"SELECT CAST(n.id AS TEXT) FROM menu_entry e JOIN menu_entry n"
		" ON n.menu_id = e.menu_id AND n.parent_id IS e.parent_id AND n.id <> e.id"
		" WHERE e.id = ?1 AND ((?2 < 0 AND n.position < e.position)"
		"   OR (?2 > 0 AND n.position > e.position))"
		" ORDER BY n.position * ?2 LIMIT 1",
	/* Both positions are read once, before either row changes. */
	.sql_swap =
		"UPDATE menu_entry SET position = CASE WHEN menu_entry.id = ?1 THEN p.b ELSE p.a END,"
		" version = version + 1, updated_at = " NOW
		" FROM (SELECT (SELECT position FROM menu_entry WHERE id = ?1) AS a,"
		"   (SELECT position FROM menu_entry WHERE id = ?2) AS b) AS p"
		" WHERE menu_entry.id IN (?1, ?2)",
	.check = menu_entry_check,
	.list_url = "/admin/menus",
};

/* ---- programs ---- */

static const struct field program_fields[] = {
	{ "page_id", "Page", FIELD_OWNER, true, NULL },
	{ "title", "Title", FIELD_LINE, true, NULL },
	{ "description", "Description", FIELD_TEXT, false, NULL },
	{ "link_page_id", "Link to a page", FIELD_PAGE, false,
	  "The page of this site the program links to; or choose none and give a URL below." },
	{ "link_url", "Link URL (instead of a page)", FIELD_LINK, false,
	  "https://..., mailto:..., or a path on this site." },
	{ "published", "Published (visible to visitors)", FIELD_BOOL, false, NULL },
};

static const char *program_check(struct store *s, const struct record *r, int *field)
{
	(void)s;
	*field = 4;
	if (*r->values[3] && *r->values[4])
		return "Choose either a page or a URL, not both.";
	return NULL;
}

static const struct entity program_entity = {
	.name = "program",
	.title = "program",
	.fields = program_fields,
	.nfields = 6,
	.key_field = -1,
	.label_field = 1,
	.sql_snapshot =
		"SELECT json_object('id', CAST(id AS TEXT), 'version', version,"
		" 'page_id', CAST(page_id AS TEXT), 'title', title, 'description', description,"
		" 'link_page_id', coalesce(CAST(link_page_id AS TEXT), ''),"
		" 'link_url', coalesce(link_url, ''), 'published', CAST(published AS TEXT),"
		" 'position', position) FROM program WHERE id = ?1",
	.sql_insert =
		"INSERT INTO program (id, page_id, position, title, description, link_page_id,"
		" link_url, published) VALUES (?7, ?1,"
		" (SELECT coalesce(max(position), 0) + 1 FROM program WHERE page_id = ?1),"
		" ?2, ?3, ?4, nullif(?5, ''), ?6)",
	.sql_update =
		"UPDATE program SET title = ?2, description = ?3, link_page_id = ?4,"
		" link_url = nullif(?5, ''), published = ?6,"
		" version = version + 1, updated_at = " NOW
		" WHERE id = ?7 AND version = ?8 AND page_id = ?1",
	.sql_delete = "DELETE FROM program WHERE id = ?1 AND version = ?2",
	.sql_neighbour =
		"SELECT CAST(n.id AS TEXT) FROM program g JOIN program n"
		" ON n.page_id = g.page_id AND n.id <> g.id"
		" WHERE g.id = ?1 AND ((?2 < 0 AND n.position < g.position)"
		"   OR (?2 > 0 AND n.position > g.position))"
		" ORDER BY n.position * ?2 LIMIT 1",
	/* Both positions are read once, before either row changes. */
	.sql_swap =
		"UPDATE program SET position = CASE WHEN program.id = ?1 THEN p.b ELSE p.a END,"
		" version = version + 1, updated_at = " NOW
		" FROM (SELECT (SELECT position FROM program WHERE id = ?1) AS a,"
		"   (SELECT position FROM program WHERE id = ?2) AS b) AS p"
		" WHERE program.id IN (?1, ?2)",
	.check = program_check,
	.list_url = "/admin/programs",
};

/* ---- redirects ---- */

static const struct field redirect_fields[] = {
	{ "path", "Old path", FIELD_PATH, true, "The address that no longer has a page of its own." },
	{ "page_id", "Redirect to page", FIELD_PAGE, true, NULL },
};

static const char *redirect_check(struct store *s, const struct record *r, int *field)
{
	static const char sql[] = "SELECT 1 FROM page WHERE path = ?1";
	sqlite3_stmt *st = store_prepare(s, sql);
	bool taken;

	*field = 0;
	if (st == NULL)
		return "The database could not be read; try again.";
	sqlite3_bind_text(st, 1, r->values[0], -1, SQLITE_STATIC);
	taken = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return taken ? "A page lives at this path, so a redirect from it would never be used." : NULL;
}

static const struct entity redirect_entity = {
	.name = "redirect",
	.title = "redirect",
	.fields = redirect_fields,
	.nfields = 2,
	.key_field = 0,
	.label_field = 0,
	.sql_snapshot =
		"SELECT json_object('id', path, 'version', version, 'path', path,"
		" 'page_id', CAST(page_id AS TEXT)) FROM redirect WHERE path = ?1",
	.sql_insert =
		"INSERT INTO redirect (path, page_id) SELECT ?1, ?2 WHERE ?3 IS NULL OR ?3 = ?1",
	.sql_update =
		"UPDATE redirect SET path = ?1, page_id = ?2, version = version + 1"
		" WHERE path = ?3 AND version = ?4",
	.sql_delete = "DELETE FROM redirect WHERE path = ?1 AND version = ?2",
	.check = redirect_check,
	.list_url = "/admin/redirects",
};

static const struct entity *const entities[] = {
	&page_entity, &menu_entry_entity, &program_entity, &redirect_entity,
};

/*
** The kind of record called name ("page", "menu_entry", "program",
** "redirect"), or NULL.
*/
const struct entity *entity_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof entities / sizeof entities[0]; i++)
		if (strcmp(entities[i]->name, name) == 0)
			return entities[i];
	return NULL;
}
