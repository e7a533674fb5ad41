/*
** admin-version.c: a version of a record for the screens that show,
** compare and restore versions: the state a revision recorded (after
** its change, or before it), or the record as it is now (live), each
** with the words that name it to an editor. Reading one checks the
** request's parameters and, when they name no version, answers 400 or
** 404 itself.
*/
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"
#include "text.h"

#define VERSION_PARAM_MAX 20	/* bytes of a revision number (or "live") */

/* What a revision says, copied out of its row (owned). */
struct revision_copy {
	bool found;
	char *kind, *record_id, *action, *username, *at, *before, *after;
};

/*
** Copy revision r into ctx, a struct revision_copy.
*/
static void copy_revision(void *ctx, const struct revision *r)
{
	struct revision_copy *c = ctx;

	c->found = true;
	c->kind = xstrdup(r->kind);
	c->record_id = xstrdup(r->record_id);
	c->action = xstrdup(r->action);
	c->username = xstrdup(r->username);
	c->at = xstrdup(r->at);
	c->before = r->before ? xstrdup(r->before) : NULL;
	c->after = r->after ? xstrdup(r->after) : NULL;
}

/*
** Free what c owns.
*/
static void free_revision_copy(struct revision_copy *c)
{
	free(c->kind);
	free(c->record_id);
	free(c->action);
	free(c->username);
	free(c->at);
	free(c->before);
	free(c->after);
	memset(c, 0, sizeof *c);
}

/*
** Read into *out (owned by the caller: admin_version_free) the version
** revision (the parameter's text: a revision number) recorded: the
** state after its change, or with before (or for a deletion) the state
** before it. Returns true, or false after answering 400 (not a number),
** 404 (no such revision or state) or 503.
*/
bool admin_version_of_revision(struct admin *a, const char *revision, bool before,
			       struct admin_version *out)
{
	struct revision_copy c = { 0 };
	int64_t id = strlen(revision) <= VERSION_PARAM_MAX ? text_parse_id(revision) : 0;
	const char *json;
	char when[TEXT_TIME_MAX];
	bool ok = false;
	int rc;

	memset(out, 0, sizeof *out);
	if (id <= 0) {
		admin_message(a, 400, "Bad request", "This address does not name a version: "
			      "a version is given by its change's number.");
		return false;
	}
	rc = revision_find(a->store, id, copy_revision, &c);
	json = before || c.after == NULL ? c.before : c.after;
	if (rc < 0) {
		admin_read_failed(a);
		goto done;
	}
	out->kind = c.found ? kind_find(c.kind) : NULL;
	if (out->kind == NULL || json == NULL) {
		admin_message(a, 404, "Not found", "There is no such version: no change has this number, "
			      "or the record did not exist before it.");
		goto done;
	}
	if (record_from_json(a->store, out->kind, json, &out->record) < 0) {
		admin_read_failed(a);
		goto done;
	}
	out->exists = true;
	out->revision = id;
	out->before = json == c.before;
	out->record_id = xstrdup(c.record_id);
	text_readable_time(c.at, when);
	buf_printf(&out->name, "the version %s %s by %s, %s (change %lld)",
		   out->before ? "before" : "after", c.action, c.username, when, (long long)id);
	ok = true;
done:
	free_revision_copy(&c);
	if (!ok)
		admin_version_free(out);
	return ok;
}

/*
** Read into *out (owned by the caller: admin_version_free) record id
** of kind k as it is now; a record that no longer exists is a version
** too (out->exists false: its fields empty). Returns true, or false
** after answering 503.
*/
bool admin_version_live(struct admin *a, const struct kind *k, const char *id,
			struct admin_version *out)
{
	int rc;

	memset(out, 0, sizeof *out);
	rc = record_load(a->store, k, id, &out->record);
	if (rc < 0) {
		admin_read_failed(a);
		return false;
	}
	out->kind = k;
	out->exists = rc == 1;
	out->record_id = xstrdup(id);
	buf_puts(&out->name, out->exists ? "the live version" : "the live version (it is deleted)");
	return true;
}

/*
** The value of field f as an editor reads it, in *out (owned by the
** caller): yes or no for a checkbox, a page (chosen, or the owner of a
** program) by its title and path (its id when it names no page), a
** time in the site's time zone, any other value as it is. Returns 0, or -1 when a page's label cannot be
** read (*out: the value as it is).
*/
int admin_field_text(struct admin *a, const struct field *f, const char *value, char **out)
{
	int rc = 0;

	char when[TEXT_TIME_MAX];

	*out = NULL;
	if (f->type == FIELD_BOOL)
		*out = xstrdup(strcmp(value, "1") == 0 ? "yes" : "no");
	else if (f->type == FIELD_TIME && *value && text_readable_time(value, when))
		*out = xstrdup(when);
	else if ((f->type == FIELD_PAGE || f->type == FIELD_OWNER) && *value)
		rc = admin_page_label(a->store, value, out);
	if (*out == NULL)
		*out = xstrdup(value);
	return rc < 0 ? -1 : 0;
}

/*
** Free what v owns.
*/
void admin_version_free(struct admin_version *v)
{
	record_free(&v->record);
	free(v->record_id);
	buf_free(&v->name);
	memset(v, 0, sizeof *v);
}
