/*
** admin-history.c: the history of a record (/admin/history), restoring
** a revision (/admin/restore), recently deleted records
** (/admin/deleted) and the latest changes site-wide (/admin/audit).
*/
#include <stdlib.h>
#include <string.h>

#include "admin.h"

#define SHOWN_VALUE_MAX 120	/* characters of a changed value shown in lists */

/*
** Set key to at most SHOWN_VALUE_MAX characters of v, with an ellipsis.
*/
static void set_short(struct tpl_dict *d, const char *key, const char *v)
{
	size_t n = 0, chars = 0;
	struct buf b = BUF_INIT;

	while (v[n] && chars < SHOWN_VALUE_MAX) {
		n++;
		while (((unsigned char)v[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	buf_append(&b, v, n);
	if (v[n])
		buf_puts(&b, "…");
	tpl_set(d, key, b.data ? b.data : "");
	buf_free(&b);
}

/*
** Fill one REVISION section from the current row of st, whose columns
** are (id, entity, record_id, action, username, at, before, after).
** with_changes lists each field that changed. Returns the section.
*/
static struct tpl_dict *fill_revision(struct admin *a, struct tpl_dict *d, sqlite3_stmt *st,
				      bool with_changes)
{
	const char *name = (const char *)sqlite3_column_text(st, 1);
	const char *before = (const char *)sqlite3_column_text(st, 6);
	const char *after = (const char *)sqlite3_column_text(st, 7);
	const struct entity *e = entity_find(name);
	struct tpl_dict *rev = tpl_add_section(d, "REVISION");
	struct record old, new;
	int i;

	memset(&old, 0, sizeof old);
	memset(&new, 0, sizeof new);
	tpl_set_int(rev, "ID", (long)sqlite3_column_int64(st, 0));
	tpl_set(rev, "TYPE", name);
	tpl_set(rev, "ENTITY", e ? e->title : name);
	tpl_set(rev, "RECORD_ID", (const char *)sqlite3_column_text(st, 2));
	tpl_set(rev, "ACTION", (const char *)sqlite3_column_text(st, 3));
	tpl_set(rev, "USERNAME", (const char *)sqlite3_column_text(st, 4));
	tpl_set(rev, "AT", (const char *)sqlite3_column_text(st, 5));
	if (e == NULL)
		return rev;
	if (after)
		tpl_show(rev, "RESTORE_AFTER");
	else if (before)
		tpl_show(rev, "RESTORE_BEFORE");	/* a deletion: undo it */
	if ((before && record_from_json(a->store, e, before, &old) < 0) ||
	    (after && record_from_json(a->store, e, after, &new) < 0))
		goto done;
	set_short(rev, "LABEL", (after ? new : old).values[e->label_field]);
	for (i = 0; with_changes && i < e->nfields; i++) {
		const char *was = before ? old.values[i] : "";
		const char *now = after ? new.values[i] : "";
		struct tpl_dict *change;

		if (strcmp(was, now) == 0)
			continue;
		change = tpl_add_section(rev, "CHANGE");
		tpl_set(change, "FIELD", e->fields[i].label);
		set_short(change, "BEFORE", was);
		set_short(change, "AFTER", now);
	}
done:
	record_free(&old);
	record_free(&new);
	return rev;
}

#define REVISION_COLUMNS "id, entity, record_id, action, username, at, before, after"

/*
** Fill REVISION sections with the latest limit changes site-wide.
*/
void history_fill_latest(struct admin *a, struct tpl_dict *d, int limit)
{
	static const char sql[] =
		"SELECT " REVISION_COLUMNS " FROM revision ORDER BY id DESC LIMIT ?1";
	sqlite3_stmt *st = store_prepare(a->store, sql);

	if (st == NULL)
		return;
	sqlite3_bind_int(st, 1, limit);
	while (sqlite3_step(st) == SQLITE_ROW)
		fill_revision(a, d, st, false);
	sqlite3_reset(st);
}

void admin_history(void *app, const struct request *req, struct reply *rep)
{
	static const char sql[] =
		"SELECT " REVISION_COLUMNS " FROM revision"
		" WHERE entity = ?1 AND record_id = ?2 ORDER BY id DESC LIMIT 200";
	struct admin *a = app;
	const struct entity *e = entity_find(admin_param(a, "type"));
	const char *id = admin_param(a, "id");
	struct tpl_dict *content, *root, *oldest = NULL;
	bool oldest_has_before = false;
	sqlite3_stmt *st;
	struct record r;

	(void)req;
	(void)rep;
	if (e == NULL) {
		admin_message(a, 404, "Not found", "There is no such kind of record.");
		return;
	}
	st = store_prepare(a->store, sql);
	if (st == NULL) {
		admin_save_failed(a, SAVE_BUSY, "history");
		return;
	}
	root = admin_page(a, "History", "admin-history.tpl", &content);
	tpl_set(content, "ENTITY", e->title);
	tpl_set(content, "TYPE", e->name);
	tpl_set(content, "ID", id);
	if (entity_load(a->store, e, id, &r) == 1) {
		struct buf back = BUF_INIT;

		admin_return_url(e, &r, &back);
		tpl_set(tpl_add_section(content, "EXISTS"), "LABEL", r.values[e->label_field]);
		tpl_set(content, "BACK_URL", back.data);
		buf_free(&back);
		record_free(&r);
	} else {
		tpl_show(content, "DELETED");
		tpl_set(content, "BACK_URL", "/admin/deleted");
	}
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		oldest = fill_revision(a, content, st, true);
		oldest_has_before = sqlite3_column_type(st, 6) != SQLITE_NULL;
	}
	sqlite3_reset(st);
	/* The state before the oldest change: for records older than their
	** history (the seed), the only way back to the original. */
	if (oldest && oldest_has_before)
		tpl_show(oldest, "RESTORE_BEFORE");
	admin_finish(a, 200, root);
}

/*
** Restore a record to the state a revision recorded; back to its
** history on success.
*/
void admin_restore(void *app, const struct request *req, struct reply *rep)
{
	struct admin *a = app;
	const char *errors[ENTITY_FIELDS_MAX];
	const struct entity *e;
	struct publish_plan plan;
	struct buf next = BUF_INIT;
	enum save_result result;
	char *id = NULL;
	int i;

	(void)req;
	(void)rep;
	/* Restores are rare: publish every page afresh around one. */
	if (!admin_publish_begin_all(a, &plan))
		return;
	result = entity_restore(a->store, admin_param_id(a, "revision"),
				strcmp(admin_param(a, "state"), "before") == 0,
				a->session.username, &e, &id, errors);
	admin_publish_finish(a, &plan);
	if (result == SAVE_OK) {
		buf_printf(&next, "/admin/history?type=%s&id=", e->name);
		url_escape(&next, id);
		admin_redirect(a, next.data);
	} else if (result == SAVE_INVALID || result == SAVE_DUPLICATE) {
		buf_puts(&next, "This version cannot be restored as it is:");
		for (i = 0; i < e->nfields; i++)
			if (errors[i])
				buf_printf(&next, " %s: %s", e->fields[i].label, errors[i]);
		buf_puts(&next, " Edit the record instead.");
		admin_message(a, 422, "Cannot restore", next.data);
	} else {
		admin_save_failed(a, result, e ? e->title : "record");
	}
	buf_free(&next);
	free(id);
}

static void deleted_row(struct admin *a, struct tpl_dict *content, sqlite3_stmt *st)
{
	fill_revision(a, content, st, false);
}

void admin_deleted(void *app, const struct request *req, struct reply *rep)
{
	static const char sql[] =
		"SELECT " REVISION_COLUMNS " FROM revision r WHERE action = 'delete'"
		" AND id = (SELECT max(id) FROM revision x"
		"   WHERE x.entity = r.entity AND x.record_id = r.record_id)"
		" ORDER BY id DESC LIMIT 100";

	(void)req;
	(void)rep;
	admin_list(app, "Recently deleted", "admin-deleted.tpl", sql, deleted_row);
}

void admin_audit(void *app, const struct request *req, struct reply *rep)
{
	struct admin *a = app;
	struct tpl_dict *content, *root;

	(void)req;
	(void)rep;
	root = admin_page(a, "Latest changes", "admin-audit.tpl", &content);
	history_fill_latest(a, content, 100);
	admin_finish(a, 200, root);
}
