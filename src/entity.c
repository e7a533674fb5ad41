/*
** entity.c: the engine that edits every kind of record (entities.c
** describes the kinds). Every change runs in one IMMEDIATE transaction
** that takes a snapshot before, makes the change, takes a snapshot
** after and stores both in a revision: the change and its history are
** committed together or not at all.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "entity.h"
#include "log.h"
#include "validate.h"

/*
** The save_result for a failed SQLite call's code rc.
*/
static enum save_result failure(int rc)
{
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return SAVE_BUSY;
	return rc == SQLITE_FULL ? SAVE_FULL : SAVE_ERROR;
}

/*
** Run one of the fixed transaction statements. Returns the SQLite code.
*/
static int exec_fixed(struct store *s, const char *sql)
{
	return sqlite3_exec(store_db(s), sql, NULL, NULL, NULL);
}

/*
** Begin an IMMEDIATE transaction (the write lock is taken now, waiting
** up to the busy timeout). Returns SAVE_OK, SAVE_BUSY or SAVE_ERROR.
*/
static enum save_result begin(struct store *s)
{
	int rc = exec_fixed(s, "BEGIN IMMEDIATE");

	if (rc == SQLITE_OK)
		return SAVE_OK;
	log_error("database: %s", sqlite3_errmsg(store_db(s)));
	return failure(rc);
}

/*
** Commit when result is SAVE_OK, otherwise roll back. Returns result,
** or SAVE_BUSY / SAVE_ERROR when the commit itself fails.
*/
static enum save_result finish(struct store *s, enum save_result result)
{
	int rc;

	if (result != SAVE_OK) {
		exec_fixed(s, "ROLLBACK");
		return result;
	}
	rc = exec_fixed(s, "COMMIT");
	if (rc == SQLITE_OK)
		return SAVE_OK;
	log_error("database: commit failed: %s", sqlite3_errmsg(store_db(s)));
	exec_fixed(s, "ROLLBACK");
	return failure(rc);
}

/*
** Free what r owns.
*/
void record_free(struct record *r)
{
	int i;

	free(r->id);
	for (i = 0; i < ENTITY_FIELDS_MAX; i++)
		free(r->values[i]);
	memset(r, 0, sizeof *r);
}

/*
** Copy s without leading and trailing blanks. The caller owns it.
*/
static char *trimmed(const char *s)
{
	size_t n;

	s += strspn(s, " \t\r\n");
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/*
** Fill r from a submitted form: one parameter per field, plus "id" and
** "version". One-line fields are trimmed; an absent checkbox is "0".
*/
void record_from_request(const struct entity *e, const struct request *req, struct record *r)
{
	const char *id = request_param(req, "id");
	const char *version = request_param(req, "version");
	int i;

	memset(r, 0, sizeof *r);
	r->id = id && *id ? xstrdup(id) : NULL;
	r->version = version ? strtoll(version, NULL, 10) : 0;
	for (i = 0; i < e->nfields; i++) {
		const char *v = request_param(req, e->fields[i].name);

		if (e->fields[i].kind == FIELD_BOOL)
			r->values[i] = xstrdup(v && strcmp(v, "1") == 0 ? "1" : "0");
		else if (e->fields[i].kind == FIELD_TEXT || e->fields[i].kind == FIELD_BODY)
			r->values[i] = xstrdup(v ? v : "");
		else
			r->values[i] = trimmed(v ? v : "");
	}
}

/*
** Fill r from a snapshot (JSON from sql_snapshot). Returns 0, or -1 on
** a database error.
*/
int record_from_json(struct store *s, const struct entity *e, const char *json, struct record *r)
{
	static const char sql[] = "SELECT json_extract(?1, '$.' || ?2)";
	sqlite3_stmt *st = store_prepare(s, sql);
	int i;

	memset(r, 0, sizeof *r);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	for (i = -2; i < e->nfields; i++) {
		const char *key = i == -2 ? "id" : i == -1 ? "version" : e->fields[i].name;

		sqlite3_reset(st);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			record_free(r);
			return -1;
		}
		if (i == -2)
			r->id = store_column_text(st, 0);
		else if (i == -1)
			r->version = sqlite3_column_int64(st, 0);
		else
			r->values[i] = store_column_text(st, 0);
	}
	sqlite3_reset(st);
	return 0;
}

/*
** The snapshot of record id as JSON (owned by the caller), or NULL when
** there is no such record or on a database error.
*/
char *entity_snapshot(struct store *s, const struct entity *e, const char *id)
{
	sqlite3_stmt *st = store_prepare(s, e->sql_snapshot);
	char *json = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		json = store_column_text(st, 0);
	sqlite3_reset(st);
	return json;
}

/*
** Load record id into r. Returns 1, 0 when there is none, -1 on error.
*/
int entity_load(struct store *s, const struct entity *e, const char *id, struct record *r)
{
	char *json = entity_snapshot(s, e, id);
	int rc;

	memset(r, 0, sizeof *r);
	if (json == NULL)
		return 0;
	rc = record_from_json(s, e, json, r) < 0 ? -1 : 1;
	free(json);
	return rc;
}

/*
** Whether a page with the id v exists.
*/
static bool page_exists(struct store *s, const char *v)
{
	static const char sql[] = "SELECT 1 FROM page WHERE id = ?1";
	sqlite3_stmt *st;
	bool found;

	if (*v == '\0' || strspn(v, "0123456789") != strlen(v) || strlen(v) > 18)
		return false;
	st = store_prepare(s, sql);
	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, strtoll(v, NULL, 10));
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/*
** Check every field of r; errors[i] gets a message for field i or NULL.
** Returns the number of fields in error.
*/
int entity_validate(struct store *s, const struct entity *e, const struct record *r,
		    const char *errors[ENTITY_FIELDS_MAX])
{
	int i, n = 0, field = -1;
	const char *msg;

	for (i = 0; i < ENTITY_FIELDS_MAX; i++)
		errors[i] = NULL;
	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		const char *v = r->values[i];

		switch (f->kind) {
		case FIELD_LINE: errors[i] = validate_line(v, f->required); break;
		case FIELD_TEXT: errors[i] = validate_text(v); break;
		case FIELD_BODY: errors[i] = validate_body(v); break;
		case FIELD_PATH: errors[i] = validate_page_path(v); break;
		case FIELD_LINK: errors[i] = validate_link(v, f->required); break;
		case FIELD_BOOL: break;
		case FIELD_PLACE: break;	/* the entity's check knows places */
		case FIELD_PAGE:
		case FIELD_OWNER:
			if (*v == '\0' && f->required)
				errors[i] = "Choose a page.";
			else if (*v && !page_exists(s, v))
				errors[i] = "This page does not exist (any more).";
			break;
		}
	}
	if (e->check && (msg = e->check(s, r, &field)) != NULL && field >= 0 && !errors[field])
		errors[field] = msg;
	for (i = 0; i < e->nfields; i++)
		n += errors[i] != NULL;
	return n;
}

/*
** Bind r's values to st as ?1..?n. Ids of pages may be empty: bound as
** NULL.
*/
static void bind_values(sqlite3_stmt *st, const struct entity *e, const struct record *r)
{
	int i;

	for (i = 0; i < e->nfields; i++) {
		if (*r->values[i] == '\0' && e->fields[i].kind == FIELD_PAGE)
			sqlite3_bind_null(st, i + 1);
		else
			sqlite3_bind_text(st, i + 1, r->values[i], -1, SQLITE_STATIC);
	}
}

/*
** Store a revision of record id (before and after are JSON, either may
** be NULL). Returns false (logged) on a database error.
*/
bool revision_add(struct store *s, const char *entity, const char *id, const char *action,
		  const char *username, const char *before, const char *after)
{
	static const char sql[] =
		"INSERT INTO revision (entity, record_id, action, username, before, after)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *st = store_prepare(s, sql);

	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, after, -1, SQLITE_STATIC);
	return store_step_done(s, st);
}

/*
** The index of e's path or key field, where a duplicate is reported.
*/
static int unique_field(const struct entity *e)
{
	int i;

	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].kind == FIELD_PATH)
			return i;
	return e->key_field >= 0 ? e->key_field : 0;
}

/*
** Validate and write r: an insert when r->version is 0 (with r->id as
** the id to reuse, or NULL for a new one), otherwise an update that only
** applies if the record is still at r->version. action names the
** change in the revision ("create", "update", "restore"). On SAVE_OK
** r->id is the record's id; on SAVE_INVALID and SAVE_DUPLICATE errors[]
** says which fields are wrong.
*/
enum save_result entity_save(struct store *s, const struct entity *e, struct record *r,
			     const char *action, const char *username,
			     const char *errors[ENTITY_FIELDS_MAX])
{
	bool insert = r->version == 0;
	char *before = NULL, *after = NULL, *new_id = NULL;
	enum save_result result;
	sqlite3_stmt *st;
	int rc;

	if (entity_validate(s, e, r, errors) > 0)
		return SAVE_INVALID;
	result = begin(s);
	if (result != SAVE_OK)
		return result;
	if (!insert && (before = entity_snapshot(s, e, r->id)) == NULL) {
		result = SAVE_GONE;
		goto done;
	}
	st = store_prepare(s, insert ? e->sql_insert : e->sql_update);
	if (st == NULL) {
		result = SAVE_ERROR;
		goto done;
	}
	bind_values(st, e, r);
	if (r->id)
		sqlite3_bind_text(st, e->nfields + 1, r->id, -1, SQLITE_STATIC);
	if (!insert)
		sqlite3_bind_int64(st, e->nfields + 2, r->version);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT &&
	    (sqlite3_extended_errcode(store_db(s)) == SQLITE_CONSTRAINT_UNIQUE ||
	     sqlite3_extended_errcode(store_db(s)) == SQLITE_CONSTRAINT_PRIMARYKEY)) {
		errors[unique_field(e)] = "This is already taken by another record.";
		result = SAVE_DUPLICATE;
		goto done;
	}
	if (rc != SQLITE_DONE) {
		log_error("database: saving a %s: %s", e->title, sqlite3_errmsg(store_db(s)));
		result = failure(rc);
		goto done;
	}
	if (sqlite3_changes(store_db(s)) == 0) {
		/* An update whose version no longer matches, or an insert whose
		** place (a menu section, a page) vanished meanwhile. */
		result = insert ? SAVE_GONE : SAVE_CONFLICT;
		goto done;
	}
	if (e->key_field >= 0)
		new_id = xstrdup(r->values[e->key_field]);
	else if (insert && r->id == NULL)
		new_id = xstrdup("");
	else
		new_id = xstrdup(r->id);
	if (*new_id == '\0') {
		free(new_id);
		new_id = xmalloc(24);
		snprintf(new_id, 24, "%lld", (long long)sqlite3_last_insert_rowid(store_db(s)));
	}
	after = entity_snapshot(s, e, new_id);
	if (after == NULL ||
	    (e->after_save && !e->after_save(s, before, after, username)) ||
	    !revision_add(s, e->name, new_id, action, username, before, after)) {
		result = SAVE_ERROR;
		goto done;
	}
	free(r->id);
	r->id = new_id;
	new_id = NULL;
done:
	free(new_id);
	free(before);
	free(after);
	return finish(s, result);
}

/*
** Delete record id if it is still at version. SAVE_IN_USE when other
** records depend on it (a section with entries).
*/
enum save_result entity_delete(struct store *s, const struct entity *e, const char *id,
			       int64_t version, const char *username)
{
	enum save_result result = begin(s);
	char *before = NULL;
	sqlite3_stmt *st;
	int rc;

	if (result != SAVE_OK)
		return result;
	before = entity_snapshot(s, e, id);
	if (before == NULL) {
		result = SAVE_GONE;
		goto done;
	}
	st = store_prepare(s, e->sql_delete);
	if (st == NULL) {
		result = SAVE_ERROR;
		goto done;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, version);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT) {
		result = SAVE_IN_USE;
	} else if (rc != SQLITE_DONE) {
		log_error("database: deleting a %s: %s", e->title, sqlite3_errmsg(store_db(s)));
		result = failure(rc);
	} else if (sqlite3_changes(store_db(s)) == 0) {
		result = SAVE_CONFLICT;
	} else if (!revision_add(s, e->name, id, "delete", username, before, NULL)) {
		result = SAVE_ERROR;
	}
done:
	free(before);
	return finish(s, result);
}

/*
** Swap record id with its neighbour above (direction -1) or below (1)
** in its list. Moving the first up or the last down changes nothing.
*/
enum save_result entity_move(struct store *s, const struct entity *e, const char *id,
			     int direction, const char *username)
{
	char *before[2] = { NULL, NULL }, *after[2] = { NULL, NULL }, *other = NULL;
	enum save_result result;
	sqlite3_stmt *st;
	const char *ids[2];
	int i;

	if (e->sql_neighbour == NULL)
		return SAVE_ERROR;
	result = begin(s);
	if (result != SAVE_OK)
		return result;
	st = store_prepare(s, e->sql_neighbour);
	if (st == NULL) {
		result = SAVE_ERROR;
		goto done;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, direction);
	if (sqlite3_step(st) == SQLITE_ROW)
		other = store_column_text(st, 0);
	sqlite3_reset(st);
	if (other == NULL) {
		before[0] = entity_snapshot(s, e, id);
		result = before[0] ? SAVE_OK : SAVE_GONE;
		goto done;
	}
	ids[0] = id;
	ids[1] = other;
	for (i = 0; i < 2; i++)
		before[i] = entity_snapshot(s, e, ids[i]);
	st = store_prepare(s, e->sql_swap);
	if (st == NULL) {
		result = SAVE_ERROR;
		goto done;
	}
	sqlite3_bind_text(st, 1, ids[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ids[1], -1, SQLITE_STATIC);
	if (!store_step_done(s, st)) {
		result = SAVE_ERROR;
		goto done;
	}
	for (i = 0; i < 2 && result == SAVE_OK; i++) {
		after[i] = entity_snapshot(s, e, ids[i]);
		if (!revision_add(s, e->name, ids[i], "move", username, before[i], after[i]))
			result = SAVE_ERROR;
	}
done:
	for (i = 0; i < 2; i++) {
		free(before[i]);
		free(after[i]);
	}
	free(other);
	return finish(s, result);
}

/*
** Bring a record back to the state a revision recorded: the state after
** the change (before it for a deletion), or with before the state
** before the change (the original of a record whose creation predates
** the history). An existing record is
** updated over its current version; a deleted one is inserted again
** with its old id. *e and *id (owned by the caller) name the record
** restored; errors[] explains SAVE_INVALID and SAVE_DUPLICATE.
*/
enum save_result entity_restore(struct store *s, int64_t revision_id, bool before,
				const char *username, const struct entity **e, char **id,
				const char *errors[ENTITY_FIELDS_MAX])
{
	static const char sql[] =
		"SELECT entity, record_id,"
		" CASE WHEN ?2 THEN before ELSE coalesce(after, before) END"
		" FROM revision WHERE id = ?1";
	sqlite3_stmt *st = store_prepare(s, sql);
	struct record r, current;
	char *entity = NULL, *json = NULL, *now = NULL;
	enum save_result result = SAVE_GONE;

	*e = NULL;
	*id = NULL;
	memset(&r, 0, sizeof r);
	memset(&current, 0, sizeof current);
	if (st == NULL)
		return SAVE_ERROR;
	sqlite3_bind_int64(st, 1, revision_id);
	sqlite3_bind_int(st, 2, before);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 2) != SQLITE_NULL) {
		entity = store_column_text(st, 0);
		*id = store_column_text(st, 1);
		json = store_column_text(st, 2);
	}
	sqlite3_reset(st);
	if (entity == NULL || (*e = entity_find(entity)) == NULL)
		goto done;
	if (record_from_json(s, *e, json, &r) < 0) {
		result = SAVE_ERROR;
		goto done;
	}
	now = entity_snapshot(s, *e, *id);
	if (now && record_from_json(s, *e, now, &current) < 0) {
		result = SAVE_ERROR;
		goto done;
	}
	free(r.id);
	r.id = xstrdup(*id);
	r.version = now ? current.version : 0;
	result = entity_save(s, *e, &r, "restore", username, errors);
	if (result == SAVE_OK) {
		free(*id);
		*id = r.id;
		r.id = NULL;
	}
done:
	record_free(&r);
	record_free(&current);
	free(entity);
	free(json);
	free(now);
	return result;
}
