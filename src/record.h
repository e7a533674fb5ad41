/*
** record.h: the editable records (pages, menu entries, programs,
** redirects) and the one path every change to them takes.
**
** A kind of record is one declaration (record-kinds.c): its fields by
** name, its checks, its SQL, which published pages a change touches,
** where its list lives. The engine (record.c) knows no kind by name:
** it reads a form into a record, validates it, and applies a change
** (create, update, delete, move, restore) in this order, always:
**
**   1. validate: a refused change touches nothing (no lock, no marker,
**      no file, no revision);
**   2. take the publishing lock and set the pending marker (publish.h),
**      when the kind shows on published pages;
**   3. one IMMEDIATE transaction: the record before, the change, the
**      record after, and their revision, committed together;
**   4. render again exactly the pages the kind says the change touched,
**      then drop the marker and the lock;
**   5. purge what those pages showed from the caches in front of the
**      site (purge.h), by their cache tags (cache-tags.h).
**
** Batches (record_apply_all, the redirect list's CSV import): every
** change is checked first (record_admissible, steps 1 and 2's
** permission), and only when all may go ahead are they written, in one
** transaction, all or none, then the pages they touched rendered again.
**
** Drafts: a record of a kind that takes_drafts can be saved as a draft
** (CHANGE_DRAFT), validated exactly as a save, which writes only the
** draft and its revision (action "draft": the live record before, the
** draft after), in one transaction, without the lock or the marker:
** the live record, the published files and the public site stay as
** they were. One draft per record, made from the version the editor
** saw (its base). Publishing it (CHANGE_PUBLISH_DRAFT) is a save of the
** draft's values over that base version (a conflict when the record
** changed meanwhile) that drops the draft in its transaction; a save
** whose form showed the draft (drop_draft) drops it too; discarding it
** (CHANGE_DISCARD_DRAFT) drops it with a revision ("discard": the draft
** before, the live record after); deleting the record drops it.
**
** Review: a draft may be saved and submitted for review at once
** (CHANGE_DRAFT with submit; revision "submit"), which puts it in the
** editors' queue; an editor publishes it (CHANGE_PUBLISH_DRAFT, with an
** optional comment kept in its revision) or sends it back to whoever
** submitted it (CHANGE_SEND_BACK, with a required comment; revision
** "send back", the draft before and after, the comment as its note).
** Saving the draft again keeps its state: a draft in review stays in
** review (an editor publishes what is there when they publish), one
** sent back keeps its comment until it is submitted again. Only an
** editor or an administrator sends back or publishes (permitted).
**
** Scheduling: a draft saved with a go-live time is published by
** `runningcode publish --due` once that time has come (CHANGE_PUBLISH_DRAFT
** with due_by: only a draft scheduled by then), and a record of a kind
** with an expiry field is unpublished once its expiry has come
** (CHANGE_EXPIRE), each through this same path. A scheduled change that
** cannot be made any more (the draft was published meanwhile) answers
** CHANGE_NOT_DUE, so that two runs at once do each change once.
**
** Batches: changes made together (a bulk action) take the publishing
** lock once, before the first (record_batch_begin), and render the pages
** they touched once, after the last (record_batch_end); each is still
** validated, made and recorded on its own, in its own transaction.
**
** Merging: a save (or a draft being published) made from an older
** version than the live one is merged with it field by field, against
** the version the editor started from (as its revision recorded it): a
** field only the editor changed takes the editor's value, one only the
** newer version changed keeps that; when no field was changed on both
** sides the save goes through over the newer version (merged), else it
** is a conflict that names the fields changed on both sides.
**
** A record travels as an array of strings, one per field, in the order
** of its kind's field table (the kind's own code names positions by its
** enum); SQL binds them by name (:path, :title ... :id, :version). A
** snapshot of a record is a JSON object made by SQLite, kept in the
** revision before and after each change.
*/
#ifndef RC_RECORD_H
#define RC_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "publish.h"
#include "request.h"
#include "role.h"
#include "store.h"

struct link_row;	/* model-admin.h */

#define RECORD_FIELDS_MAX 8

enum field_type {
	FIELD_LINE,	/* one line: label, title */
	FIELD_TEXT,	/* summary, description */
	FIELD_BODY,	/* Markdown */
	FIELD_PATH,	/* a page path, unique */
	FIELD_LINK,	/* URL, mailto: or site path */
	FIELD_BOOL,	/* "1" or "0" (a checkbox) */
	FIELD_PAGE,	/* a page's id, chosen from the pages */
	FIELD_PLACE,	/* menu entry: "main", "footer" or a section's id */
	FIELD_OWNER,	/* set at creation, never edited (a program's page) */
	FIELD_TIME,	/* a time, UTC "2026-12-05T16:05:00Z", or empty; the form
			   shows it in the site's time zone */
	FIELD_FIXED,	/* set at creation by the program (an upload's type), shown,
			   never edited */
	FIELD_URL,	/* an absolute http or https URL, or empty (validate_web_url) */
	FIELD_CHOICE,	/* one of the field's choices, the first by default */
};

struct field {
	const char *name;	/* form field, JSON key, SQL parameter (:name) */
	const char *label;	/* shown next to the field */
	enum field_type type;
	bool required;
	const char *hint;	/* help text, or NULL */
	const char *const *choices;	/* FIELD_CHOICE: the values, NULL-terminated */
};

struct record {
	char *id;		/* owned; NULL for a record not saved yet */
	int64_t version;	/* the version the editor saw; 0: new */
	char *values[RECORD_FIELDS_MAX];	/* owned; "" when empty */
};

struct kind {
	const char *name;	/* in URLs and revisions: "page", "menu_entry" ... */
	const char *title;	/* "page", "menu entry" ... in sentences */
	const struct field *fields;
	int nfields;
	int label_field;	/* the field that names a record in lists */
	int key_field;		/* the field that is the key (a redirect's path), or -1: rowid */
	bool starts_as_draft;	/* a new record is unpublished until the editor says */
	bool has_preview;	/* the form can show the record as visitors will see it
				   (record_preview), and its draft has preview links */
	bool takes_drafts;	/* an existing record can be saved as a draft first */
	const char *never_deleted;	/* why records of this kind are kept, or NULL */
	bool administrators_only;	/* only administrators change these (role.h) */
	const char *created_by;		/* the screen that makes new records of this kind
					   (an upload), or NULL: the edit form */
	const char *sql_snapshot;	/* :id -> JSON of every field, id, version */
	const char *sql_insert;		/* fields, :id (NULL for a new id) */
	const char *sql_update;		/* fields, :id, :version */
	const char *sql_delete;		/* :id, :version; NULL: see never_deleted */
	const char *sql_neighbour;	/* :id, :direction -1 or 1 -> the id to swap with;
					   NULL: the records are not ordered */
	const char *sql_swap;		/* :id, :other: swap positions */
	/* The FIELD_BOOL that says whether visitors see a record (a preview
	** shows it as if it were "1"), and its FIELD_TIME of expiry; -1:
	** none. Scheduled expiry: :now -> the ids of the published records
	** whose expiry is at or before :now; NULL: records of this kind do
	** not expire. Expiring one sets its published_field to "0" and
	** empties its expiry_field. */
	int published_field, expiry_field;
	const char *sql_expired;
	/* Checks across fields and against other records: NULL, or a
	** message for the field whose index goes in *field: a constant, or
	** text appended to message (the caller's), which it points into. */
	const char *(*check)(struct store *s, const struct record *r, int *field,
			     struct buf *message);
	/* Work after a save inside its transaction (a page's old path
	** becomes a redirect, the pages below it move along); before is
	** NULL for a new record. Returns false on a database error. */
	bool (*after_save)(struct store *s, const struct record *before,
			   const struct record *after, const char *username);
	/* Add the published pages a change from before to after shows on
	** to scope (either is NULL for a record created or deleted); or
	** touches_every_page. Neither: the kind shows on no published page. */
	void (*touches)(const struct record *before, const struct record *after,
			struct publish_scope *scope);
	bool touches_every_page;
	/* Where the admin lists these records: list_path, or for kinds
	** listed by a field (a page's programs) the address list_url
	** appends for r. */
	const char *list_path;
	void (*list_url)(const struct record *r, struct buf *out);
	/* Append to out where visitors see r (a path of this site or a
	** link), nothing when they do not. Returns -1 on a database error. */
	int (*public_url)(struct store *s, const struct record *r, struct buf *out);
	/* Call fn for what leads visitors to r (menu entries, other
	** records' links), to list before r stops being public; NULL:
	** nothing links to records of this kind. Returns -1 on a
	** database error. */
	int (*links_each)(struct store *s, const struct record *r,
			  void (*fn)(void *ctx, const struct link_row *row), void *ctx);
	/* Every record's id, in the order a report lists them, when the
	** links its fields hold (FIELD_PAGE, FIELD_LINK, the links in a
	** FIELD_BODY) are checked (links.h): a save that adds a broken one
	** is warned of, and the link report reads them; NULL: not checked. */
	const char *sql_ids;
};

enum change_action {
	CHANGE_SAVE,		/* create (version 0) or update */
	CHANGE_DELETE,
	CHANGE_MOVE_UP,
	CHANGE_MOVE_DOWN,
	CHANGE_RESTORE,		/* to the state a revision recorded */
	CHANGE_DRAFT,		/* keep the values as the record's draft, not live */
	CHANGE_PUBLISH_DRAFT,	/* make the record's draft live (id: the record) */
	CHANGE_DISCARD_DRAFT,	/* drop the record's draft (id: the record) */
	CHANGE_EXPIRE,		/* unpublish the record, its expiry due (id: the record) */
	CHANGE_SEND_BACK,	/* send the record's draft, in review, back to whoever
				   submitted it, with a comment (id: the record) */
};

enum change_result {
	CHANGE_OK,
	CHANGE_INVALID,		/* a field error: errors[] says which */
	CHANGE_DUPLICATE,	/* the key or path is taken: errors[] says which */
	CHANGE_CONFLICT,	/* someone saved a newer version meanwhile */
	CHANGE_GONE,		/* the record (or revision) does not exist (any more) */
	CHANGE_IN_USE,		/* other records still depend on it */
	CHANGE_REFUSED,		/* the kind does not allow it (pages are not deleted) */
	CHANGE_FORBIDDEN,	/* the acting user's role does not allow it (role.h) */
	CHANGE_NO_DRAFT,	/* the record has no draft (any more), or another one */
	CHANGE_NOT_DUE,		/* a scheduled change is not due (any more): done meanwhile */
	CHANGE_NOT_IN_REVIEW,	/* send back: the draft is not (any more) in review */
	CHANGE_UNPUBLISHABLE,	/* the published folder cannot be locked: nothing done */
	CHANGE_BUSY,		/* the database stayed locked past the busy timeout */
	CHANGE_FULL,		/* the disk is full */
	CHANGE_READONLY,	/* the database cannot be written */
	CHANGE_ERROR,
};

/* Changes made together (a bulk action): the publishing lock taken once
** for all of them (record_batch_begin), and the pages they touched
** rendered once, at the end (record_batch_end). */
struct change_batch {
	struct publish_lock lock;
	struct publish_scope scope;	/* what the changes so far touched */
	bool locked;
};

/* One change, as record_apply takes it. */
struct change {
	enum change_action action;
	const struct kind *kind;	/* NULL for a restore: the revision says */
	struct record record;		/* save: the values; delete, move: id and version;
					   after CHANGE_OK, the record as saved (its id) */
	int64_t revision;		/* restore: the revision; after CHANGE_OK, the
					   revision that recorded the change */
	bool restore_before;		/* restore: the state before it, not after */
	bool drop_draft;		/* save: the values supersede the record's draft */
	const char *go_live_at;		/* draft: when it goes live by itself (UTC, as
					   record_time_from_form gives it), or NULL */
	const char *due_by;		/* publish draft, expire: the time of a scheduled
					   run (UTC): only what is due by then changes;
					   NULL for publish: the editor's button */
	bool submit;			/* draft: submitted for review with it */
	const char *comment;		/* send back (required), publish draft (optional):
					   kept as its revision's note; NULL: none */
	struct change_batch *batch;	/* made with others (its lock held), or NULL */
	const char *username;		/* who acts */
	enum role role;			/* their role: record_apply refuses what it does
					   not allow (CHANGE_FORBIDDEN) */
	/* Filled by record_apply: */
	const char *errors[RECORD_FIELDS_MAX];
	const char *go_live_error;	/* why go_live_at was refused, or NULL */
	const char *comment_error;	/* why comment was refused, or NULL */
	bool merged;			/* saved over a newer version, merged with it */
	bool conflicting[RECORD_FIELDS_MAX];	/* CHANGE_CONFLICT after a merge: the
					   fields both changed; record holds the
					   merged values of the others */
	bool merge_tried;		/* conflicting[] says which fields conflict */
	struct buf message;		/* owned: the text of an error the kind wrote */
	bool published;			/* the touched pages were rendered again (in a
					   batch: record_batch_end says) */
	bool files_unmoved;		/* an uploaded file's bytes could not be moved
					   as the library says (file-library.h) */
	struct buf unpurged;		/* owned: the caches that did not confirm the
					   purge of what it changed (purge.h),
					   space-separated; empty: none */
	double purge_ms;		/* how long that purge took (0: none sent) */
	char *draft;			/* owned: publish: the draft as read (JSON) */
};

/* Who saved a record's draft, and when (record_load_draft). */
struct draft_info {
	char username[201];
	char saved_at[32];
	char go_live_at[32];		/* "" when not scheduled */
	char go_live_error[301];	/* why a scheduled publish failed, or "" */
	/* Its review (model-admin.h: struct draft_review); "" when none. */
	char review[16];		/* "", "submitted" or "sent back" */
	char submitted_by[201], submitted_at[32];
	char sent_back_by[201], sent_back_at[32];
	char comment[4 * 2000 + 1];	/* VALIDATE_TEXT_MAX characters of UTF-8 */
};

/* The kinds (record-kinds.c), for the screens that list them. */
extern const struct kind kind_page, kind_menu_entry, kind_program, kind_redirect, kind_file;

const struct kind *kind_find(const char *name);
const struct kind *kind_at(int i);
int kind_field(const struct kind *k, const char *name);
void kind_list_url(const struct kind *k, const struct record *r, struct buf *out);

void record_free(struct record *r);
void record_copy(const struct record *from, struct record *to);
char *record_time_from_form(const char *value);
void record_from_request(const struct kind *k, const struct request *req, struct record *r);
void record_defaults(const struct kind *k, struct record *r);
void record_duplicate(const struct kind *k, const struct record *from, struct record *r);
int record_from_json(struct store *s, const struct kind *k, const char *json, struct record *r);
int record_load(struct store *s, const struct kind *k, const char *id, struct record *r);
int record_load_draft(struct store *s, const struct kind *k, const char *id, struct record *r,
		      struct draft_info *info);
int record_validate(struct store *s, const struct kind *k, const struct record *r,
		    const char *errors[RECORD_FIELDS_MAX], struct buf *message);
enum change_result record_apply(struct store *s, const struct config *c, struct change *ch);
bool record_batch_begin(const struct config *c, struct change_batch *b);
bool record_batch_end(const struct config *c, struct store *s, struct change_batch *b,
		      struct buf *unpurged);
enum change_result record_admissible(struct store *s, struct change *ch);
enum change_result record_apply_all(struct store *s, const struct config *c, struct change *ch,
				    int n, enum change_result *results);
enum change_result record_preview(struct store *s, const struct config *c, struct change *ch,
				  struct buf *out);
enum change_result record_failure(struct store *s);
void change_free(struct change *ch);

/* What record_apply_due did (record-schedule.c). */
struct due_report {
	int published;		/* drafts that went live */
	int expired;		/* records unpublished */
	int failed;		/* changes that could not be made (logged) */
};

bool record_apply_due(struct store *s, const struct config *c, const char *now,
		      struct due_report *out);

#endif
