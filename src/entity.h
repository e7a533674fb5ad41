/*
** entity.h: the editable records (pages, menu entries, programs,
** redirects) described as data, so that one engine edits them all:
** form intake, validation, saving with a version check, deleting,
** reordering, and a revision of every change, written in the same
** transaction as the change.
**
** A record travels as an array of strings, one per field, in the
** order of the entity's field table; the SQL of each entity binds them
** in that order (?1 .. ?n). A snapshot of a record is a JSON object
** made by SQLite, stored in revisions before and after each change.
*/
#ifndef RC_ENTITY_H
#define RC_ENTITY_H

#include <stdbool.h>
#include <stdint.h>

#include "request.h"
#include "store.h"

#define ENTITY_FIELDS_MAX 8

enum field_kind {
	FIELD_LINE,	/* one line: label, title */
	FIELD_TEXT,	/* summary, description */
	FIELD_BODY,	/* Markdown */
	FIELD_PATH,	/* a page path, unique */
	FIELD_LINK,	/* URL, mailto: or site path */
	FIELD_BOOL,	/* "1" or "0" (a checkbox) */
	FIELD_PAGE,	/* a page's id, chosen from the list of pages */
	FIELD_PLACE,	/* menu entry: "main", "footer" or a section's id */
	FIELD_OWNER,	/* set at creation, never edited (a program's page) */
};

struct field {
	const char *name;	/* form field and JSON key */
	const char *label;	/* shown next to the field */
	enum field_kind kind;
	bool required;
	const char *hint;	/* help text, or NULL */
};

struct record {
	char *id;		/* owned; NULL for a record not saved yet */
	int64_t version;	/* the version the editor saw */
	char *values[ENTITY_FIELDS_MAX];	/* owned; "" when empty */
};

struct entity {
	const char *name;	/* in URLs and revisions: "page", "menu_entry" ... */
	const char *title;	/* "page", "menu entry" ... in sentences */
	const struct field *fields;
	int nfields;
	int key_field;		/* field that is the key (redirect's path), or -1 for rowid */
	int label_field;	/* field that names a record in lists */
	const char *sql_snapshot;	/* ?1 id -> JSON of every field, id, version */
	const char *sql_insert;		/* ?1..?n values, ?n+1 id or NULL */
	const char *sql_update;		/* ?1..?n values, ?n+1 id, ?n+2 version */
	const char *sql_delete;		/* ?1 id, ?2 version */
	const char *sql_neighbour;	/* ?1 id, ?2 -1 or 1 -> the id to swap with; NULL: unordered */
	const char *sql_swap;		/* ?1, ?2 ids: swap positions */
	/* Checks across fields and against other records; NULL or a message
	** for the field whose index goes in *field. */
	const char *(*check)(struct store *s, const struct record *r, int *field);
	/* Work after a save inside its transaction (a page's old path
	** becomes a redirect); returns false on a database error. */
	bool (*after_save)(struct store *s, const char *before, const char *after,
			   const char *username);
	const char *list_url;	/* the admin screen listing these records */
	bool starts_as_draft;	/* a new record is unpublished until the editor says */
};

enum save_result {
	SAVE_OK,
	SAVE_INVALID,	/* a field error: errors[] says which */
	SAVE_CONFLICT,	/* someone saved a newer version meanwhile */
	SAVE_GONE,	/* the record was deleted meanwhile */
	SAVE_DUPLICATE,	/* the key or path is taken */
	SAVE_IN_USE,	/* other records still depend on it */
	SAVE_BUSY,	/* the database stayed locked past the busy timeout */
	SAVE_FULL,	/* the disk is full */
	SAVE_ERROR,
};

const struct entity *entity_find(const char *name);
void record_free(struct record *r);
void record_from_request(const struct entity *e, const struct request *req, struct record *r);
int record_from_json(struct store *s, const struct entity *e, const char *json, struct record *r);
int entity_load(struct store *s, const struct entity *e, const char *id, struct record *r);
int entity_validate(struct store *s, const struct entity *e, const struct record *r,
		    const char *errors[ENTITY_FIELDS_MAX]);
enum save_result entity_save(struct store *s, const struct entity *e, struct record *r,
			     const char *action, const char *username,
			     const char *errors[ENTITY_FIELDS_MAX]);
enum save_result entity_delete(struct store *s, const struct entity *e, const char *id,
			       int64_t version, const char *username);
enum save_result entity_move(struct store *s, const struct entity *e, const char *id,
			     int direction, const char *username);
enum save_result entity_restore(struct store *s, int64_t revision_id, bool before,
				const char *username, const struct entity **e, char **id,
				const char *errors[ENTITY_FIELDS_MAX]);
bool revision_add(struct store *s, const char *entity, const char *id, const char *action,
		  const char *username, const char *before, const char *after);
char *entity_snapshot(struct store *s, const struct entity *e, const char *id);

#endif
