/*
** record.c: the engine that edits every kind of record (record.h; the
** kinds are declared in record-kinds.c). record_apply is the one path
** of every change: validate, lock the published folder, one
** transaction with the revision, render the touched pages.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "model-admin.h"
#include "purge.h"
#include "record.h"
#include "render.h"
#include "text.h"
#include "validate.h"

/*
** The index of k's field called name, or -1.
*/
int kind_field(const struct kind *k, const char *name)
{
	int i;

	for (i = 0; i < k->nfields; i++)
		if (strcmp(k->fields[i].name, name) == 0)
			return i;
	return -1;
}

/*
** Append the address of the admin list that holds r, of kind k.
*/
void kind_list_url(const struct kind *k, const struct record *r, struct buf *out)
{
	if (k->list_url)
		k->list_url(r, out);
	else
		buf_puts(out, k->list_path);
}

/*
** Copy from into to (owned by the caller: record_free).
*/
void record_copy(const struct record *from, struct record *to)
{
	int i;

	memset(to, 0, sizeof *to);
	to->id = from->id ? xstrdup(from->id) : NULL;
	to->version = from->version;
	for (i = 0; i < RECORD_FIELDS_MAX; i++)
		to->values[i] = from->values[i] ? xstrdup(from->values[i]) : NULL;
}

/*
** Free what r owns.
*/
void record_free(struct record *r)
{
	int i;

	free(r->id);
	for (i = 0; i < RECORD_FIELDS_MAX; i++)
		free(r->values[i]);
	memset(r, 0, sizeof *r);
}

/*
** Free what ch owns.
*/
void change_free(struct change *ch)
{
	record_free(&ch->record);
	buf_free(&ch->message);
	buf_free(&ch->unpurged);
	free(ch->draft);
	ch->draft = NULL;
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
** Fill r (owned by the caller: record_free) from a submitted form: one
** parameter per field, plus "id" and "version". Text is kept with LF
** line ends and in NFC (text_normalize); one-line fields are trimmed; an
** absent checkbox is "0".
*/
void record_from_request(const struct kind *k, const struct request *req, struct record *r)
{
	const char *id = request_param(req, "id");
	const char *version = request_param(req, "version");
	int i;

	memset(r, 0, sizeof *r);
	r->id = id && *id ? xstrdup(id) : NULL;
	/* Absent or empty: a new record; anything but digits: -1, refused. */
	r->version = version && *version ? text_parse_number(version, 18) : 0;
	for (i = 0; i < k->nfields; i++) {
		const char *v = request_param(req, k->fields[i].name);

		/* NULL only for text that is not UTF-8, which request_parse
		** refused already. */
		char *kept = text_normalize(v ? v : "");

		if (kept == NULL)
			kept = xstrdup("");
		if (k->fields[i].type == FIELD_BOOL) {
			r->values[i] = xstrdup(v && strcmp(v, "1") == 0 ? "1" : "0");
			free(kept);
		} else if (k->fields[i].type == FIELD_TEXT || k->fields[i].type == FIELD_BODY) {
			r->values[i] = kept;
		} else if (k->fields[i].type == FIELD_TIME) {
			r->values[i] = record_time_from_form(kept);
			free(kept);
		} else {
			r->values[i] = trimmed(kept);
			free(kept);
		}
	}
}

/*
** A time as a form sends it (a datetime-local input: "2026-12-05T17:05",
** in the site's time zone, which is the process's TZ) as the engine
** keeps it, in UTC ("2026-12-05T16:05:00Z"); empty stays empty, and a
** value that is no such time stays as typed, for validation to refuse
** and the form to show again. Owned by the caller.
*/
char *record_time_from_form(const char *value)
{
	char utc[TEXT_TIME_MAX];
	char *v = trimmed(value);

	if (*v && text_time_from_local(v, utc)) {
		free(v);
		v = xstrdup(utc);
	}
	return v;
}

/*
** Set r's checkboxes as a new record of kind k starts: unpublished
** when the kind starts as a draft.
*/
void record_defaults(const struct kind *k, struct record *r)
{
	int i;

	for (i = 0; i < k->nfields; i++) {
		if (k->fields[i].type == FIELD_BOOL) {
			free(r->values[i]);
			r->values[i] = xstrdup(k->starts_as_draft ? "0" : "1");
		} else if (k->fields[i].type == FIELD_CHOICE) {
			free(r->values[i]);
			r->values[i] = xstrdup(k->fields[i].choices[0]);
		}
	}
}

/*
** Make r (owned by the caller: record_free) a new record of kind k with
** the values of from: not saved yet, starting as a new record of its
** kind does (record_defaults), without an expiry, labelled as a copy,
** and at its own path (a page at /a/b/ copied to /a/b-copy/), so that
** the copy's form is ready to save.
*/
void record_duplicate(const struct kind *k, const struct record *from, struct record *r)
{
	struct buf b = BUF_INIT;
	size_t n;
	int i;

	record_copy(from, r);
	free(r->id);
	r->id = NULL;
	r->version = 0;
	record_defaults(k, r);
	for (i = 0; i < k->nfields; i++) {
		buf_reset(&b);
		if (i == k->expiry_field) {
			buf_puts(&b, "");
		} else if (i == k->label_field) {
			buf_printf(&b, "%s (copy)", from->values[i]);
		} else if (k->fields[i].type == FIELD_PATH) {
			n = strlen(from->values[i]);
			if (n > 1 && from->values[i][n - 1] == '/')
				n--;
			buf_printf(&b, "%.*s-copy/", (int)n, from->values[i]);
		} else {
			continue;
		}
		free(r->values[i]);
		r->values[i] = buf_detach(&b);
	}
	buf_free(&b);
}

struct json_reading {
	const struct kind *kind;
	struct record *record;
};

/*
** Put one key and value of a snapshot where it belongs in the record.
*/
static bool read_json_member(void *ctx, const char *key, const char *value)
{
	struct json_reading *in = ctx;
	int i;

	if (strcmp(key, "id") == 0) {
		free(in->record->id);
		in->record->id = xstrdup(value);
	} else if (strcmp(key, "version") == 0) {
		in->record->version = strtoll(value, NULL, 10);
	} else if ((i = kind_field(in->kind, key)) >= 0) {
		free(in->record->values[i]);
		in->record->values[i] = xstrdup(value);
	}
	return true;
}

/*
** Fill r (owned by the caller) from a snapshot (JSON from sql_snapshot);
** a field the snapshot lacks (one made before the field came) is "", or
** a choice's default. Returns 0, or -1 on a database error.
*/
int record_from_json(struct store *s, const struct kind *k, const char *json, struct record *r)
{
	struct json_reading in = { k, r };
	int i;

	memset(r, 0, sizeof *r);
	if (store_json_members(s, json, read_json_member, &in) < 0) {
		record_free(r);
		return -1;
	}
	for (i = 0; i < k->nfields; i++)
		if (r->values[i] == NULL)
			r->values[i] = xstrdup(k->fields[i].type == FIELD_CHOICE ?
					       k->fields[i].choices[0] : "");
	return 0;
}

/*
** The snapshot of record id as JSON (owned by the caller), or NULL when
** there is no such record or on a database error.
*/
static char *snapshot(struct store *s, const struct kind *k, const char *id)
{
	char *json = NULL;

	store_text(s, k->sql_snapshot, ARGS(SV_NAMED_TEXT(":id", id)), &json);
	return json;
}

/*
** Load record id of kind k into r (owned by the caller). Returns 1, 0
** when there is none, -1 on error.
*/
int record_load(struct store *s, const struct kind *k, const char *id, struct record *r)
{
	char *json = snapshot(s, k, id);
	int rc;

	memset(r, 0, sizeof *r);
	if (json == NULL)
		return store_failure(s) == STORE_OK ? 0 : -1;
	rc = record_from_json(s, k, json, r) < 0 ? -1 : 1;
	free(json);
	return rc;
}

/* What read_draft reads: the draft's JSON (owned by the caller) and,
** when info is not NULL, who saved it and when. */
struct draft_reading {
	char *json;
	struct draft_info *info;
};

/* draft_find's callback: copy the draft into ctx, a struct draft_reading. */
static void note_draft(void *ctx, const struct draft *d)
{
	struct draft_reading *in = ctx;

	in->json = xstrdup(d->fields);
	if (in->info) {
		snprintf(in->info->username, sizeof in->info->username, "%s", d->username);
		snprintf(in->info->saved_at, sizeof in->info->saved_at, "%s", d->saved_at);
		snprintf(in->info->go_live_at, sizeof in->info->go_live_at, "%s", d->go_live_at);
		snprintf(in->info->go_live_error, sizeof in->info->go_live_error, "%s",
			 d->go_live_error);
		snprintf(in->info->review, sizeof in->info->review, "%s", d->review.state);
		snprintf(in->info->submitted_by, sizeof in->info->submitted_by, "%s",
			 d->review.submitted_by);
		snprintf(in->info->submitted_at, sizeof in->info->submitted_at, "%s",
			 d->review.submitted_at);
		snprintf(in->info->sent_back_by, sizeof in->info->sent_back_by, "%s",
			 d->review.sent_back_by);
		snprintf(in->info->sent_back_at, sizeof in->info->sent_back_at, "%s",
			 d->review.sent_back_at);
		snprintf(in->info->comment, sizeof in->info->comment, "%s", d->review.comment);
	}
}

/*
** The draft of record id of kind k as JSON in *json (owned by the
** caller), and who saved it when in info (unless NULL). Returns 1, 0
** when the record has no draft, -1 on error.
*/
static int read_draft(struct store *s, const struct kind *k, const char *id, char **json,
		      struct draft_info *info)
{
	struct draft_reading in = { NULL, info };
	int rc = k->takes_drafts ? draft_find(s, k->name, id, note_draft, &in) : 0;

	*json = in.json;
	return rc < 0 ? -1 : in.json != NULL;
}

/*
** Load the draft of record id of kind k into r (owned by the caller:
** record_free): the draft's values, the record's id, and as its version
** the live version the draft was made from; who saved it and when in
** info. Returns 1, 0 when the record has no draft, -1 on error.
*/
int record_load_draft(struct store *s, const struct kind *k, const char *id, struct record *r,
		      struct draft_info *info)
{
	char *json = NULL;
	int rc = read_draft(s, k, id, &json, info);

	memset(r, 0, sizeof *r);
	if (rc == 1 && record_from_json(s, k, json, r) < 0)
		rc = -1;
	free(json);
	return rc;
}

/*
** r as a snapshot of its kind k (id, version, each field), made by
** SQLite, for a draft. Owned by the caller; NULL on a database error.
*/
static char *draft_snapshot(struct store *s, const struct kind *k, const struct record *r)
{
	char *json = NULL, version[24];
	bool ok;
	int i;

	snprintf(version, sizeof version, "%lld", (long long)r->version);
	ok = store_json_set(s, &json, "id", r->id) == 1 &&
	     store_json_set(s, &json, "version", version) == 1;
	for (i = 0; ok && i < k->nfields; i++)
		ok = store_json_set(s, &json, k->fields[i].name, r->values[i]) == 1;
	if (!ok) {
		free(json);
		json = NULL;
	}
	return json;
}

/*
** Take a page given by its path (a picker for large sites, see
** admin_page_picker) as that page's id, in each page field of r. A path
** that names no page stays, for validation to refuse. Returns false
** when the database could not be read.
*/
static bool resolve_page_paths(struct store *s, const struct kind *k, struct record *r)
{
	char id[24];
	int64_t found;
	int i, rc;

	for (i = 0; i < k->nfields; i++) {
		if (k->fields[i].type != FIELD_PAGE || r->values[i][0] != '/')
			continue;
		rc = admin_page_id(s, r->values[i], &found);
		if (rc < 0)
			return false;
		if (rc == 0)
			continue;
		snprintf(id, sizeof id, "%lld", (long long)found);
		free(r->values[i]);
		r->values[i] = xstrdup(id);
	}
	return true;
}

/*
** Whether v is one of f's choices: NULL, or a message naming them.
*/
static const char *validate_choice(const struct field *f, const char *v)
{
	int i;

	for (i = 0; f->choices[i]; i++)
		if (strcmp(v, f->choices[i]) == 0)
			return NULL;
	return "Choose one of the values offered.";
}

/*
** Check every field of r; errors[i] gets a message for field i or NULL,
** which may point into message (the caller's: a message the kind's
** check put together). Returns the number of fields in error, or -1
** when the database could not be read to tell.
*/
int record_validate(struct store *s, const struct kind *k, const struct record *r,
		    const char *errors[RECORD_FIELDS_MAX], struct buf *message)
{
	int i, n = 0, field = -1, exists;
	const char *msg;
	char now[TEXT_TIME_MAX];

	text_utc_time(time(NULL), now);
	for (i = 0; i < RECORD_FIELDS_MAX; i++)
		errors[i] = NULL;
	for (i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		const char *v = r->values[i];

		switch (f->type) {
		case FIELD_LINE: errors[i] = validate_line(v, f->required); break;
		case FIELD_TEXT: errors[i] = validate_text(v); break;
		case FIELD_BODY: errors[i] = validate_body(v); break;
		case FIELD_PATH: errors[i] = validate_page_path(v); break;
		case FIELD_LINK: errors[i] = validate_link(v, f->required); break;
		case FIELD_URL: errors[i] = validate_web_url(v, f->required); break;
		case FIELD_CHOICE: errors[i] = validate_choice(f, v); break;
		case FIELD_BOOL: break;
		case FIELD_PLACE: break;	/* the kind's check knows places */
		case FIELD_FIXED: break;	/* the kind's check and SQL keep them */
		case FIELD_TIME: errors[i] = validate_future_time(v, now); break;
		case FIELD_PAGE:
		case FIELD_OWNER:
			if (*v == '\0') {
				if (f->required)
					errors[i] = "Choose a page.";
				break;
			}
			exists = text_parse_id(v) > 0 ? admin_page_exists(s, text_parse_id(v)) : 0;
			if (exists < 0)
				return -1;
			if (exists == 0)
				errors[i] = *v == '/' ? "No page has this path." :
					    "This page does not exist (any more).";
			break;
		}
	}
	if (k->check && (msg = k->check(s, r, &field, message)) != NULL && field >= 0 && !errors[field])
		errors[field] = msg;
	if (store_failure(s) != STORE_OK)
		return -1;
	for (i = 0; i < k->nfields; i++)
		n += errors[i] != NULL;
	return n;
}

/*
** The change_result of the store's last failure.
*/
enum change_result record_failure(struct store *s)
{
	switch (store_failure(s)) {
	case STORE_BUSY: return CHANGE_BUSY;
	case STORE_FULL: return CHANGE_FULL;
	case STORE_READONLY_FILE: return CHANGE_READONLY;
	default: return CHANGE_ERROR;
	}
}

/*
** The values of r as named parameters (:field, :id, :version) in v,
** which has room for RECORD_FIELDS_MAX + 2. Empty page ids, URLs and
** times are NULL.
** Borrows r's strings. Returns how many.
*/
static int record_args(const struct kind *k, const struct record *r,
		       struct store_value v[RECORD_FIELDS_MAX + 2], char names[][24])
{
	int i;

	for (i = 0; i < k->nfields; i++) {
		snprintf(names[i], sizeof names[i], ":%s", k->fields[i].name);
		v[i] = SV_TEXT(r->values[i]);
		if (*r->values[i] == '\0' &&
		    (k->fields[i].type == FIELD_PAGE || k->fields[i].type == FIELD_TIME ||
		     k->fields[i].type == FIELD_URL))
			v[i] = SV_NULL;
		v[i].name = names[i];
	}
	v[i] = r->id ? SV_TEXT(r->id) : SV_NULL;
	v[i++].name = ":id";
	v[i] = SV_INT(r->version);
	v[i++].name = ":version";
	return i;
}

/*
** The id record r has once written: its key field (which an update may
** change), the id it was saved with, or the rowid of its insert. Owned
** by the caller.
*/
static char *saved_id(struct store *s, const struct kind *k, const struct record *r)
{
	char *id;

	if (k->key_field >= 0)
		return xstrdup(r->values[k->key_field]);
	if (r->id && *r->id)
		return xstrdup(r->id);
	id = xmalloc(24);
	snprintf(id, 24, "%lld", (long long)store_last_rowid(s));
	return id;
}

/*
** Store the revision of ch, a change to record id of kind k from the
** snapshot before to after (either may be NULL), by its user with its
** comment, and add the pages it touches to scope. Returns false on a
** database error.
*/
static bool note_change(struct store *s, const struct kind *k, const char *id, const char *action,
			const struct change *ch, const char *before, const char *after,
			struct publish_scope *scope)
{
	struct record old, new;
	bool ok;

	memset(&old, 0, sizeof old);
	memset(&new, 0, sizeof new);
	ok = (!before || record_from_json(s, k, before, &old) == 0) &&
	     (!after || record_from_json(s, k, after, &new) == 0) &&
	     (!k->after_save || !after || k->after_save(s, before ? &old : NULL, &new, ch->username)) &&
	     revision_add_noted(s, k->name, id, action, ch->username, before, after, ch->comment);
	if (ok && k->touches_every_page)
		scope->everything = true;
	else if (ok && k->touches)
		k->touches(before ? &old : NULL, after ? &new : NULL, scope);
	record_free(&old);
	record_free(&new);
	return ok;
}

/*
** The index of k's path or key field, where a duplicate is reported.
*/
static int unique_field(const struct kind *k)
{
	int i;

	for (i = 0; i < k->nfields; i++)
		if (k->fields[i].type == FIELD_PATH)
			return i;
	return k->key_field >= 0 ? k->key_field : 0;
}

/*
** Write ch->record: an insert when its version is 0 (with its id as the
** id to reuse, or NULL for a new one), otherwise an update that only
** applies if the record is still at that version. Inside the
** transaction; on CHANGE_OK ch->record.id is the record's id.
*/
static enum change_result write_record(struct store *s, struct change *ch, const char *action,
				       struct publish_scope *scope)
{
	const struct kind *k = ch->kind;
	struct record *r = &ch->record;
	bool insert = r->version == 0;
	struct store_value v[RECORD_FIELDS_MAX + 2];
	char names[RECORD_FIELDS_MAX][24];
	char *before = NULL, *after = NULL, *id = NULL;
	enum change_result result = CHANGE_OK;
	int changed, n = record_args(k, r, v, names);

	if (!insert && (before = snapshot(s, k, r->id)) == NULL) {
		result = store_failure(s) == STORE_OK ? CHANGE_GONE : record_failure(s);
		goto done;
	}
	changed = store_run(s, insert ? k->sql_insert : k->sql_update, (struct store_args){ v, n });
	if (changed < 0 && store_failure(s) == STORE_DUPLICATE) {
		ch->errors[unique_field(k)] = "This is already taken by another record.";
		result = CHANGE_DUPLICATE;
		goto done;
	}
	if (changed < 0) {
		if (store_failure(s) == STORE_CONSTRAINT)
			log_error("database: saving a %s broke a constraint", k->title);
		result = record_failure(s);
		goto done;
	}
	if (changed == 0) {
		/* An update whose version no longer matches, or an insert whose
		** place (a menu section, a page) vanished meanwhile. */
		result = insert ? CHANGE_GONE : CHANGE_CONFLICT;
		goto done;
	}
	/* The saved values supersede the draft: publishing it (a draft
	** saved again since it was read is not published over), or a save
	** from the form that showed it (a draft gone meanwhile is no loss). */
	if (!insert && k->takes_drafts &&
	    (ch->action == CHANGE_PUBLISH_DRAFT || ch->drop_draft)) {
		changed = draft_drop(s, k->name, r->id,
				     ch->action == CHANGE_PUBLISH_DRAFT ? ch->draft : NULL);
		if (changed < 0 || (changed == 0 && ch->action == CHANGE_PUBLISH_DRAFT)) {
			result = changed < 0 ? record_failure(s) : CHANGE_NO_DRAFT;
			goto done;
		}
	}
	id = saved_id(s, k, r);
	after = snapshot(s, k, id);
	if (after == NULL || !note_change(s, k, id, action, ch, before, after, scope)) {
		result = record_failure(s);
		goto done;
	}
	free(r->id);
	r->id = id;
	id = NULL;
done:
	free(id);
	free(before);
	free(after);
	return result;
}

/*
** Delete ch->record if it is still at its version. CHANGE_IN_USE when
** other records depend on it (a section with entries).
*/
static enum change_result delete_record(struct store *s, struct change *ch,
					struct publish_scope *scope)
{
	const struct kind *k = ch->kind;
	struct record *r = &ch->record;
	char *before = snapshot(s, k, r->id);
	enum change_result result = CHANGE_OK;
	int changed;

	if (before == NULL)
		return store_failure(s) == STORE_OK ? CHANGE_GONE : record_failure(s);
	changed = store_run(s, k->sql_delete, ARGS(SV_NAMED_TEXT(":id", r->id),
						   SV_NAMED_INT(":version", r->version)));
	if (changed < 0)
		result = store_failure(s) == STORE_CONSTRAINT ? CHANGE_IN_USE : record_failure(s);
	else if (changed == 0)
		result = CHANGE_CONFLICT;
	else if (k->takes_drafts && draft_drop(s, k->name, r->id, NULL) < 0)
		result = record_failure(s);
	else if (!note_change(s, k, r->id, "delete", ch, before, NULL, scope))
		result = record_failure(s);
	free(before);
	return result;
}

/*
** Keep ch->record as the draft of its record, made from the version the
** editor saw, with its revision ("draft": the live record before, the
** draft after; "submit" when ch->submit puts it in review too). The
** live record is not written.
*/
static enum change_result save_draft(struct store *s, struct change *ch)
{
	const struct kind *k = ch->kind;
	struct record *r = &ch->record;
	char *before = snapshot(s, k, r->id), *draft = NULL;
	enum change_result result = CHANGE_OK;

	if (before == NULL)
		return store_failure(s) == STORE_OK ? CHANGE_GONE : record_failure(s);
	draft = draft_snapshot(s, k, r);
	if (draft == NULL ||
	    !draft_put(s, k->name, r->id, r->version, draft, ch->username, ch->go_live_at) ||
	    (ch->submit && !draft_submit(s, k->name, r->id, ch->username)) ||
	    !revision_add_noted(s, k->name, r->id, ch->submit ? "submit" : "draft", ch->username,
				before, draft, ch->comment))
		result = record_failure(s);
	free(before);
	free(draft);
	return result;
}

/*
** Drop the draft of ch->record with its revision ("discard": the draft
** before, the live record after).
*/
static enum change_result discard_draft(struct store *s, struct change *ch)
{
	const struct kind *k = ch->kind;
	const char *id = ch->record.id;
	char *draft = NULL, *live = NULL;
	enum change_result result = CHANGE_OK;
	int found = read_draft(s, k, id, &draft, NULL);

	if (found <= 0)
		return found < 0 ? record_failure(s) : CHANGE_NO_DRAFT;
	live = snapshot(s, k, id);
	if (store_failure(s) != STORE_OK || draft_drop(s, k->name, id, NULL) < 0 ||
	    !revision_add(s, k->name, id, "discard", ch->username, draft, live))
		result = record_failure(s);
	free(draft);
	free(live);
	return result;
}

/*
** Send the draft of ch->record, in review, back to whoever submitted it,
** with ch->comment, and its revision ("send back": the draft before and
** after, the comment as its note).
*/
static enum change_result send_back(struct store *s, struct change *ch)
{
	const struct kind *k = ch->kind;
	const char *id = ch->record.id;
	char *draft = NULL;
	enum change_result result = CHANGE_OK;
	int found = read_draft(s, k, id, &draft, NULL), changed;

	if (found <= 0)
		return found < 0 ? record_failure(s) : CHANGE_NO_DRAFT;
	changed = draft_send_back(s, k->name, id, ch->username, ch->comment);
	if (changed == 0)
		result = CHANGE_NOT_IN_REVIEW;
	else if (changed < 0 ||
		 !revision_add_noted(s, k->name, id, "send back", ch->username, draft, draft, ch->comment))
		result = record_failure(s);
	free(draft);
	return result;
}

/*
** Why comment, said about a change, is refused (required: a send back
** says why), or NULL.
*/
static const char *comment_error(const char *comment, bool required)
{
	if (comment == NULL || *comment == '\0')
		return required ? "Say what to change: the comment is required to send a draft back." : NULL;
	return validate_text(comment);
}

/*
** For publishing a draft: set ch->record to the draft of the record
** ch->record.id names (its values, over the version it was made from),
** and keep the draft in ch->draft; for a scheduled run (due_by), only a
** draft scheduled to go live by then. Reads only.
*/
static enum change_result prepare_publish(struct store *s, struct change *ch)
{
	struct draft_info info;
	struct record draft;
	int found;

	if (!ch->kind->takes_drafts || ch->record.id == NULL)
		return CHANGE_REFUSED;
	free(ch->draft);
	found = read_draft(s, ch->kind, ch->record.id, &ch->draft, &info);
	if (found <= 0 && ch->due_by)
		return found < 0 ? record_failure(s) : CHANGE_NOT_DUE;
	if (found <= 0)
		return found < 0 ? record_failure(s) : CHANGE_NO_DRAFT;
	if (ch->due_by && (!*info.go_live_at || strcmp(info.go_live_at, ch->due_by) > 0))
		return CHANGE_NOT_DUE;
	if (record_from_json(s, ch->kind, ch->draft, &draft) < 0)
		return record_failure(s);
	record_free(&ch->record);
	ch->record = draft;
	return CHANGE_OK;
}

/*
** For an expiry: set ch->record to the live record ch->record.id names,
** unpublished and without its expiry, when that expiry is due by
** ch->due_by and the record is published. Reads only.
*/
static enum change_result prepare_expire(struct store *s, struct change *ch)
{
	const struct kind *k = ch->kind;
	struct record live;
	int found;

	if (k->sql_expired == NULL || ch->record.id == NULL || ch->due_by == NULL)
		return CHANGE_REFUSED;
	found = record_load(s, k, ch->record.id, &live);
	if (found <= 0)
		return found < 0 ? record_failure(s) : CHANGE_NOT_DUE;
	if (strcmp(live.values[k->published_field], "1") != 0 || !*live.values[k->expiry_field] ||
	    strcmp(live.values[k->expiry_field], ch->due_by) > 0) {
		record_free(&live);
		return CHANGE_NOT_DUE;
	}
	free(live.values[k->published_field]);
	live.values[k->published_field] = xstrdup("0");
	free(live.values[k->expiry_field]);
	live.values[k->expiry_field] = xstrdup("");
	record_free(&ch->record);
	ch->record = live;
	return CHANGE_OK;
}

/*
** Swap ch->record with its neighbour above or below in its list, each
** with its revision. Moving the first up or the last down changes
** nothing.
*/
static enum change_result move_record(struct store *s, struct change *ch,
				      struct publish_scope *scope)
{
	const struct kind *k = ch->kind;
	const char *ids[2] = { ch->record.id, NULL };
	char *before[2] = { NULL, NULL }, *after[2] = { NULL, NULL }, *other = NULL;
	enum change_result result = CHANGE_OK;
	int i, found;

	found = store_text(s, k->sql_neighbour,
			   ARGS(SV_NAMED_TEXT(":id", ids[0]),
				SV_NAMED_INT(":direction", ch->action == CHANGE_MOVE_UP ? -1 : 1)), &other);
	if (found < 0)
		return record_failure(s);
	if (found == 0) {
		found = store_exists(s, k->sql_snapshot, ARGS(SV_NAMED_TEXT(":id", ids[0])));
		return found < 0 ? record_failure(s) : found ? CHANGE_OK : CHANGE_GONE;
	}
	ids[1] = other;
	for (i = 0; i < 2; i++)
		before[i] = snapshot(s, k, ids[i]);
	if (store_run(s, k->sql_swap, ARGS(SV_NAMED_TEXT(":id", ids[0]),
					   SV_NAMED_TEXT(":other", ids[1]))) < 0)
		result = record_failure(s);
	for (i = 0; i < 2 && result == CHANGE_OK; i++) {
		after[i] = snapshot(s, k, ids[i]);
		if (!before[i] || !after[i] ||
		    !note_change(s, k, ids[i], "move", ch, before[i], after[i], scope))
			result = record_failure(s);
	}
	for (i = 0; i < 2; i++) {
		free(before[i]);
		free(after[i]);
	}
	free(other);
	return result;
}

/*
** For a restore: set ch->kind and ch->record to the state the revision
** recorded (the state after the change, before it for a deletion or
** with restore_before), over the record's current version, or as a
** new record with its old id when it was deleted. Reads only.
*/
static enum change_result prepare_restore(struct store *s, struct change *ch)
{
	struct revision_state state;
	struct record current;
	int rc = revision_state(s, ch->revision, ch->restore_before, &state);

	if (rc <= 0)
		return rc < 0 ? record_failure(s) : CHANGE_GONE;
	ch->kind = kind_find(state.kind);
	if (ch->kind == NULL || record_from_json(s, ch->kind, state.json, &ch->record) < 0) {
		rc = ch->kind == NULL ? CHANGE_GONE : record_failure(s);
		revision_state_free(&state);
		return rc;
	}
	free(ch->record.id);
	ch->record.id = xstrdup(state.record_id);
	revision_state_free(&state);
	rc = record_load(s, ch->kind, ch->record.id, &current);
	if (rc < 0)
		return record_failure(s);
	ch->record.version = rc == 1 ? current.version : 0;
	record_free(&current);
	return CHANGE_OK;
}

/*
** When ch->record (a save, or a draft to publish) was made from an older
** version than the live one, merge it with the live one (record.h:
** merging): over the live version when no field changed on both sides
** (ch->merged), else flag the fields that did (ch->conflicting) and
** leave the version, so that the write is a conflict. Nothing to merge
** when the base version's state is unknown (the same conflict). Reads
** only; returns CHANGE_OK or a failure to read.
*/
static enum change_result merge_newer(struct store *s, struct change *ch)
{
	const struct kind *k = ch->kind;
	struct record *r = &ch->record;
	struct record live, base;
	char *json = NULL;
	bool conflict = false;
	int i, rc;

	memset(&base, 0, sizeof base);
	if (r->id == NULL || r->version <= 0)
		return CHANGE_OK;
	rc = record_load(s, k, r->id, &live);
	if (rc <= 0)
		return rc < 0 ? record_failure(s) : CHANGE_OK;	/* gone: the write says so */
	if (live.version == r->version)
		goto done;
	rc = revision_at_version(s, k->name, r->id, r->version, &json);
	if (rc <= 0 || record_from_json(s, k, json, &base) < 0) {
		rc = rc < 0 || store_failure(s) != STORE_OK ? -1 : 0;
		goto done;
	}
	ch->merge_tried = true;
	for (i = 0; i < k->nfields; i++) {
		if (strcmp(r->values[i], live.values[i]) == 0 || strcmp(live.values[i], base.values[i]) == 0)
			continue;	/* the same, or only the editor changed it */
		if (strcmp(r->values[i], base.values[i]) == 0) {
			free(r->values[i]);	/* only the newer version changed it */
			r->values[i] = xstrdup(live.values[i]);
		} else {
			ch->conflicting[i] = conflict = true;
		}
	}
	if (!conflict) {
		r->version = live.version;
		ch->merged = true;
	}
done:
	record_free(&live);
	record_free(&base);
	free(json);
	return rc < 0 ? record_failure(s) : CHANGE_OK;
}

/*
** Check that ch can go ahead, reading only: its kind allows it, its
** comment is acceptable (comment_error says why not), and its values
** are valid (errors[] says which are not).
*/
static enum change_result prepare(struct store *s, struct change *ch)
{
	enum change_result result = CHANGE_OK;
	int invalid;

	if (ch->action == CHANGE_RESTORE && (result = prepare_restore(s, ch)) != CHANGE_OK)
		return result;
	if (ch->action == CHANGE_PUBLISH_DRAFT && (result = prepare_publish(s, ch)) != CHANGE_OK)
		return result;
	if (ch->action == CHANGE_EXPIRE && (result = prepare_expire(s, ch)) != CHANGE_OK)
		return result;
	if ((ch->action == CHANGE_SAVE || ch->action == CHANGE_PUBLISH_DRAFT) &&
	    (result = merge_newer(s, ch)) != CHANGE_OK)
		return result;
	if ((ch->action == CHANGE_DRAFT || ch->action == CHANGE_DISCARD_DRAFT ||
	     ch->action == CHANGE_SEND_BACK) && (!ch->kind->takes_drafts || ch->record.id == NULL))
		return CHANGE_REFUSED;
	ch->comment_error = comment_error(ch->comment, ch->action == CHANGE_SEND_BACK);
	if (ch->comment_error)
		return CHANGE_INVALID;
	switch (ch->action) {
	case CHANGE_SAVE:
	case CHANGE_RESTORE:
	case CHANGE_DRAFT:
	case CHANGE_PUBLISH_DRAFT:
	case CHANGE_EXPIRE:
		if (!resolve_page_paths(s, ch->kind, &ch->record))
			return record_failure(s);
		invalid = record_validate(s, ch->kind, &ch->record, ch->errors, &ch->message);
		if (invalid >= 0 && ch->action == CHANGE_DRAFT && ch->go_live_at) {
			char now[TEXT_TIME_MAX];

			text_utc_time(time(NULL), now);
			ch->go_live_error = validate_future_time(ch->go_live_at, now);
			invalid += ch->go_live_error != NULL;
		}
		return invalid < 0 ? record_failure(s) : invalid > 0 ? CHANGE_INVALID : CHANGE_OK;
	case CHANGE_DELETE:
		return ch->kind->sql_delete ? CHANGE_OK : CHANGE_REFUSED;
	case CHANGE_MOVE_UP:
	case CHANGE_MOVE_DOWN:
		return ch->kind->sql_neighbour ? CHANGE_OK : CHANGE_REFUSED;
	case CHANGE_DISCARD_DRAFT:
	case CHANGE_SEND_BACK:
		return CHANGE_OK;
	}
	return CHANGE_ERROR;
}

/*
** Render into out, marked as a preview, the page where visitors would
** see ch->record (of ch->kind) once saved: validated as a save (errors
** in ch->errors), then written inside a transaction that is always
** rolled back, so that the one renderer reads the values exactly as it
** would after the save. The page is where the kind says visitors see the
** record (a program's page, the page a menu entry leads to), else the
** home page, which shows the menus. Nothing is kept. Returns CHANGE_OK,
** CHANGE_INVALID, CHANGE_DUPLICATE, CHANGE_GONE, or a failure.
*/
enum change_result record_preview(struct store *s, const struct config *c, struct change *ch,
				  struct buf *out)
{
	struct publish_scope unused = {0};
	struct record live;
	struct buf where = BUF_INIT;
	struct page p;
	enum change_result result;
	int rc;

	memset(&p, 0, sizeof p);
	memset(ch->errors, 0, sizeof ch->errors);
	ch->action = CHANGE_SAVE;
	if (ch->username == NULL)
		ch->username = "preview";	/* of its revision, rolled back too */
	/* As visitors will see it once published. */
	if (ch->kind->published_field >= 0) {
		free(ch->record.values[ch->kind->published_field]);
		ch->record.values[ch->kind->published_field] = xstrdup("1");
	}
	if (ch->record.id) {
		/* Over the live version, whatever the form saw: a preview; a
		** record deleted since (an old version) as if restored. */
		rc = record_load(s, ch->kind, ch->record.id, &live);
		if (rc < 0)
			return record_failure(s);
		ch->record.version = rc == 1 ? live.version : 0;
		record_free(&live);
	}
	result = prepare(s, ch);
	if (result != CHANGE_OK)
		return result;
	if (!store_write_begin(s))
		return record_failure(s);
	result = write_record(s, ch, "preview", &unused);
	if (result == CHANGE_OK && ch->kind->public_url && ch->kind->public_url(s, &ch->record, &where) < 0)
		result = record_failure(s);
	if (result == CHANGE_OK) {
		/* A link elsewhere, or nothing public: the home page. */
		if (where.len == 0 || where.data[0] != '/') {
			buf_reset(&where);
			buf_puts(&where, "/");
		}
		rc = public_page(s, where.data, &p);
		if (rc == 0)
			rc = public_page(s, "/", &p);
		if (rc <= 0 || !render_page_preview(s, c, &p, out))
			result = rc == 0 ? CHANGE_GONE : record_failure(s);
	}
	store_rollback(s);
	page_free(&p);
	buf_free(&where);
	return result;
}

/*
** Whether ch->role allows ch (role.h): an administrator any change; an
** editor any change to kinds not kept for administrators; a contributor
** only a draft of a record of a kind that takes drafts (submitted for
** review or not), or discarding one, when the record has no draft or
** the one they saved, never publishing or sending back one, and a new
** record of a kind that starts as a draft, saved unpublished. A restore
** names its kind once prepared: record_apply asks again then. Reads
** only. Returns CHANGE_OK, CHANGE_FORBIDDEN, or a failure.
*/
static enum change_result permitted(struct store *s, const struct change *ch)
{
	struct draft_info info;
	char *json = NULL;
	int found, i;

	if (ch->role == ROLE_ADMINISTRATOR)
		return CHANGE_OK;
	if (ch->role == ROLE_NONE || (ch->kind && !role_may_edit_kind(ch->role, ch->kind)))
		return CHANGE_FORBIDDEN;
	if (ch->role == ROLE_EDITOR)
		return CHANGE_OK;
	/* Scheduling a draft is publishing it, later. */
	if (ch->action == CHANGE_DRAFT && ch->go_live_at)
		return CHANGE_FORBIDDEN;
	if (ch->action == CHANGE_SAVE && ch->record.id == NULL && ch->kind->starts_as_draft) {
		/* A new record, unpublished as its kind starts (record_defaults). */
		for (i = 0; i < ch->kind->nfields; i++)
			if (ch->kind->fields[i].type == FIELD_BOOL &&
			    strcmp(ch->record.values[i], "0") != 0)
				return CHANGE_FORBIDDEN;
		return CHANGE_OK;
	}
	if ((ch->action != CHANGE_DRAFT && ch->action != CHANGE_DISCARD_DRAFT) ||
	    ch->record.id == NULL)
		return CHANGE_FORBIDDEN;
	found = read_draft(s, ch->kind, ch->record.id, &json, &info);
	free(json);
	if (found < 0)
		return record_failure(s);
	return found == 0 || strcmp(info.username, ch->username) == 0 ? CHANGE_OK : CHANGE_FORBIDDEN;
}

/*
** Start ch afresh: nothing filled by an earlier try.
*/
static void change_reset(struct change *ch)
{
	memset(ch->errors, 0, sizeof ch->errors);
	memset(ch->conflicting, 0, sizeof ch->conflicting);
	ch->go_live_error = ch->comment_error = NULL;
	ch->merged = ch->merge_tried = false;
	buf_reset(&ch->message);
	buf_reset(&ch->unpurged);
	ch->published = false;
}

/*
** Check that ch may go ahead and is valid, reading only (permitted,
** then prepare), as record_apply does first: for a screen that asks the
** editor something before a change it knows is admissible. Returns
** CHANGE_OK or why not (ch->errors filled as record_apply fills them).
*/
enum change_result record_admissible(struct store *s, struct change *ch)
{
	enum change_result result;

	change_reset(ch);
	if ((result = permitted(s, ch)) != CHANGE_OK || (result = prepare(s, ch)) != CHANGE_OK ||
	    (ch->action == CHANGE_RESTORE && (result = permitted(s, ch)) != CHANGE_OK))
		return result;
	return CHANGE_OK;
}

/*
** Whether ch, once made, shows on published pages: a draft, or
** discarding or sending one back, shows on none.
*/
static bool shows_live(const struct change *ch)
{
	return ch->action != CHANGE_DRAFT && ch->action != CHANGE_DISCARD_DRAFT &&
	       ch->action != CHANGE_SEND_BACK && (ch->kind->touches || ch->kind->touches_every_page);
}

/*
** Write ch, admissible, inside the open transaction, adding the pages
** it touches to scope. Returns CHANGE_OK (ch->revision set) or why not.
*/
static enum change_result write_change(struct store *s, struct change *ch,
				       struct publish_scope *scope)
{
	enum change_result result = CHANGE_ERROR;
	const char *action = ch->action == CHANGE_RESTORE ? "restore" :
			     ch->action == CHANGE_PUBLISH_DRAFT || ch->action == CHANGE_EXPIRE ||
			     ch->record.version ? "update" : "create";

	switch (ch->action) {
	case CHANGE_SAVE:
	case CHANGE_RESTORE:
	case CHANGE_PUBLISH_DRAFT:
	case CHANGE_EXPIRE:
		result = write_record(s, ch, action, scope);
		break;
	case CHANGE_DRAFT:
		result = save_draft(s, ch);
		break;
	case CHANGE_DISCARD_DRAFT:
		result = discard_draft(s, ch);
		break;
	case CHANGE_SEND_BACK:
		result = send_back(s, ch);
		break;
	case CHANGE_DELETE:
		result = delete_record(s, ch, scope);
		break;
	case CHANGE_MOVE_UP:
	case CHANGE_MOVE_DOWN:
		result = move_record(s, ch, scope);
		break;
	}
	/* The revision is the transaction's last row (note_change). */
	if (result == CHANGE_OK)
		ch->revision = store_last_rowid(s);
	return result;
}

/*
** Apply the changes ch[0] to ch[n - 1] all or none (see record.h): each
** is checked first, and when every one may go ahead they are written in
** one transaction, in order, then the pages they touched rendered
** again and the caches purged (the first change's unpurged names those
** that did not confirm). results[i] gets each change's own result (CHANGE_OK for those
** that were fine but not made because another was refused); the return
** value is CHANGE_OK when all were made, else the first failure.
*/
enum change_result record_apply_all(struct store *s, const struct config *c, struct change *ch,
				    int n, enum change_result *results)
{
	struct change_batch batch;
	enum change_result result = CHANGE_OK;
	bool live = false, published;
	int i;

	for (i = 0; i < n; i++) {
		results[i] = record_admissible(s, &ch[i]);
		if (results[i] != CHANGE_OK && result == CHANGE_OK)
			result = results[i];
		live = live || shows_live(&ch[i]);
	}
	if (result != CHANGE_OK)
		return result;
	/* The publishing lock only when something shows on published pages. */
	if (!live) {
		memset(&batch, 0, sizeof batch);
		batch.lock.fd = -1;
	} else if (!record_batch_begin(c, &batch)) {
		return CHANGE_UNPUBLISHABLE;
	}
	if (!store_write_begin(s)) {
		result = record_failure(s);
	} else {
		for (i = 0; i < n && result == CHANGE_OK; i++)
			result = results[i] = write_change(s, &ch[i], &batch.scope);
		if (result != CHANGE_OK)
			store_rollback(s);
		else if (!store_commit(s))
			result = record_failure(s);
	}
	if (result != CHANGE_OK)
		memset(&batch.scope, 0, sizeof batch.scope);
	/* An empty scope (n == 0, or nothing made) purges nothing. */
	published = record_batch_end(c, s, &batch, n > 0 ? &ch[0].unpurged : NULL);
	for (i = 0; i < n; i++) {
		ch[i].published = published;
		ch[i].files_unmoved = batch.lock.files_unmoved;
	}
	return result;
}

/*
** Apply the change ch (see record.h for the order of the steps).
** ch->errors explains CHANGE_INVALID and CHANGE_DUPLICATE; ch->published
** says whether the pages it touched were rendered again (when not, the
** pending marker stays and the worker serves every page).
*/
enum change_result record_apply(struct store *s, const struct config *c, struct change *ch)
{
	struct publish_scope scope = {0};
	struct publish_lock lock = { .fd = -1 };
	enum change_result result;

	if ((result = record_admissible(s, ch)) != CHANGE_OK)
		return result;
	if (shows_live(ch) && (ch->batch ? !ch->batch->locked : !publish_lock(c, &lock)))
		return CHANGE_UNPUBLISHABLE;
	if (!store_write_begin(s)) {
		result = record_failure(s);
	} else if ((result = write_change(s, ch, &scope)) != CHANGE_OK) {
		store_rollback(s);
	} else if (!store_commit(s)) {
		result = record_failure(s);
	}
	if (result != CHANGE_OK)
		memset(&scope, 0, sizeof scope);
	if (ch->batch == NULL) {
		ch->published = publish_unlock(c, s, &lock, &scope);
		ch->files_unmoved = lock.files_unmoved;
		/* Then the caches drop what visitors saw before (purge.h). */
		purge_change(c, s, &scope, &ch->unpurged, &ch->purge_ms);
	} else {
		publish_scope_merge(&ch->batch->scope, &scope);
	}
	return result;
}

/*
** Start changes made together: take the publishing lock for all of
** them (publish_lock). Returns false when it cannot be taken: then each
** change that shows on published pages answers CHANGE_UNPUBLISHABLE.
*/
bool record_batch_begin(const struct config *c, struct change_batch *b)
{
	memset(b, 0, sizeof *b);
	b->locked = publish_lock(c, &b->lock);
	if (!b->locked)
		b->lock.fd = -1;
	return b->locked;
}

/*
** End changes made together: render once the pages they touched, let
** the lock go, then purge the caches (purge.h), naming in unpurged (the
** caller's) those that did not confirm. Returns whether the pages were
** rendered (as ch->published says of a change alone).
*/
bool record_batch_end(const struct config *c, struct store *s, struct change_batch *b,
		      struct buf *unpurged)
{
	bool published = publish_unlock(c, s, &b->lock, &b->scope);

	b->locked = false;
	purge_change(c, s, &b->scope, unpurged, NULL);
	return published;
}
