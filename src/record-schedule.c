/*
** record-schedule.c: scheduled changes (record.h: scheduling), made
** when they are due by `runningcode publish --due`: drafts whose go-live
** time has come are published, records whose expiry has come are
** unpublished, each through record_apply like an editor's change, with
** its revision, republishing exactly the pages it touches.
**
** Safe to run twice at once or again after a crash: what another run
** did meanwhile answers CHANGE_NOT_DUE and is skipped; a change either
** commits with its revision or not at all; a publish that died leaves
** the published folder set aside, and the next run renders every page
** first (publish.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "model-admin.h"
#include "record.h"

/* One change that is due: a draft to publish, or a record to expire. */
struct due_change {
	const struct kind *kind;
	enum change_action action;
	char *id;		/* owned */
	char *username;		/* owned: who the revision names */
};

/* The changes found due, in the order they are made. Owned: due_free. */
struct due_list {
	struct due_change *items;
	size_t n, cap;
	const struct kind *kind;	/* while listing expiries: their kind */
};

/* Add a change to list (copying id and username). */
static void due_add(struct due_list *list, const struct kind *k, enum change_action action,
		    const char *id, const char *username)
{
	struct due_change *c;

	if (list->n == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xrealloc(list->items, list->cap * sizeof *list->items);
	}
	c = &list->items[list->n++];
	c->kind = k;
	c->action = action;
	c->id = xstrdup(id);
	c->username = xstrdup(username);
}

/* draft_due_each's callback: a draft to publish, into ctx (a due_list);
** drafts of kinds this program no longer knows are left alone. */
static void add_due_draft(void *ctx, const struct draft_due *d)
{
	const struct kind *k = kind_find(d->kind);

	if (k != NULL)
		due_add(ctx, k, CHANGE_PUBLISH_DRAFT, d->record_id, d->username);
}

/* record_expired_each's callback: a record to unpublish, into ctx. */
static void add_expired(void *ctx, const struct expired_row *row)
{
	struct due_list *list = ctx;

	due_add(list, list->kind, CHANGE_EXPIRE, row->id, "schedule");
}

/* Free what list owns. */
static void due_free(struct due_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		free(list->items[i].id);
		free(list->items[i].username);
	}
	free(list->items);
	memset(list, 0, sizeof *list);
}

/*
** Append to why, for the editor, why the draft ch could not be
** published as scheduled: it is no longer valid, or the live record
** changed after it was made. Returns false when the failure is not the
** draft's (the database or the disk): the schedule then stays, and the
** next run tries again.
*/
static bool draft_failure(const struct change *ch, enum change_result result, struct buf *why)
{
	int i;

	switch (result) {
	case CHANGE_CONFLICT:
		buf_puts(why, "the live version was changed after this draft was made, and "
			      "publishing the draft would have undone that change.");
		return true;
	case CHANGE_INVALID:
	case CHANGE_DUPLICATE:
		buf_puts(why, "the draft is no longer valid:");
		for (i = 0; i < ch->kind->nfields; i++)
			if (ch->errors[i])
				buf_printf(why, " %s: %s", ch->kind->fields[i].label, ch->errors[i]);
		return true;
	default:
		return false;
	}
}

/*
** Make one due change. Returns its result.
*/
static enum change_result apply_one(struct store *s, const struct config *c, const char *now,
				    const struct due_change *due)
{
	/* Allowed when it was scheduled (a contributor cannot schedule). */
	struct change ch = { .action = due->action, .kind = due->kind, .username = due->username,
			     .role = ROLE_ADMINISTRATOR, .due_by = now };
	struct buf why = BUF_INIT;
	enum change_result result;

	ch.record.id = xstrdup(due->id);
	result = record_apply(s, c, &ch);
	if (result == CHANGE_NO_DRAFT)	/* saved again meanwhile: its own schedule holds */
		result = CHANGE_NOT_DUE;
	if (result != CHANGE_OK && result != CHANGE_NOT_DUE) {
		if (due->action == CHANGE_PUBLISH_DRAFT && ch.draft && draft_failure(&ch, result, &why) &&
		    draft_schedule_failed(s, due->kind->name, due->id, ch.draft, why.data) == 0)
			result = CHANGE_NOT_DUE;	/* another run got there first */
		if (result != CHANGE_NOT_DUE)
			log_error("scheduled change of %s %s not made (%d)%s%s", due->kind->title,
				  due->id, (int)result, why.len ? ": " : "", why.len ? why.data : "");
	}
	buf_free(&why);
	change_free(&ch);
	return result;
}

/*
** Make every scheduled change due by now (UTC, "2026-12-05T16:05:00Z"):
** drafts go live (the earliest first), then records expire; first
** complete a publish that died. Counts in *out. Returns false when the
** database could not be read or the published folder not completed.
*/
bool record_apply_due(struct store *s, const struct config *c, const char *now,
		      struct due_report *out)
{
	struct due_list list = { 0 };
	bool ok = publish_finish(c, s);
	size_t i;
	int k;

	memset(out, 0, sizeof *out);
	if (ok && draft_due_each(s, now, add_due_draft, &list) < 0)
		ok = false;
	for (k = 0; ok && kind_at(k); k++) {
		list.kind = kind_at(k);
		if (list.kind->sql_expired &&
		    record_expired_each(s, list.kind->sql_expired, now, add_expired, &list) < 0)
			ok = false;
	}
	for (i = 0; ok && i < list.n; i++) {
		switch (apply_one(s, c, now, &list.items[i])) {
		case CHANGE_OK:
			if (list.items[i].action == CHANGE_EXPIRE)
				out->expired++;
			else
				out->published++;
			break;
		case CHANGE_NOT_DUE:
			break;
		default:
			out->failed++;
			break;
		}
	}
	due_free(&list);
	return ok;
}
