/*
** admin-history.c: the history of a record (/admin/history), restoring
** a revision (/admin/restore), recently deleted records
** (/admin/deleted) and the latest changes site-wide (/admin/audit).
*/
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"
#include "text.h"

#define SHOWN_VALUE_MAX 120	/* characters of a changed value shown in lists */

/*
** Set key to at most SHOWN_VALUE_MAX characters of v, with an ellipsis.
*/
static void set_short(struct tpl_dict *d, const char *key, const char *v)
{
	size_t n = text_utf8_prefix(v, SHOWN_VALUE_MAX);
	struct buf b = BUF_INIT;

	buf_append(&b, v, n);
	if (v[n])
		buf_puts(&b, "…");
	tpl_set(d, key, b.data ? b.data : "");
	buf_free(&b);
}

/* Where revisions go, and whether each lists its changed fields. */
struct revision_list {
	struct admin *admin;
	struct tpl_dict *d;
	bool with_changes;
	struct tpl_dict *last;		/* the last REVISION added */
	bool last_has_before;		/* whether its change had a before */
};

/*
** Add one REVISION section for r to list->d; with_changes lists each
** field that changed.
*/
static void add_revision(void *ctx, const struct revision *r)
{
	struct revision_list *list = ctx;
	const struct kind *k = kind_find(r->kind);
	struct tpl_dict *rev = tpl_add_section(list->d, "REVISION");
	struct record old, new;
	int i;

	memset(&old, 0, sizeof old);
	memset(&new, 0, sizeof new);
	list->last = rev;
	list->last_has_before = r->before != NULL;
	tpl_set_int(rev, "ID", (long)r->id);
	tpl_set(rev, "TYPE", r->kind);
	tpl_set(rev, "ENTITY", k ? k->title : r->kind);
	tpl_set(rev, "RECORD_ID", r->record_id);
	tpl_set(rev, "ACTION", r->action);
	tpl_set(rev, "USERNAME", r->username);
	admin_set_time(rev, "AT", r->at);
	if (k == NULL)
		return;
	if (r->after)
		tpl_show(rev, "RESTORE_AFTER");
	else if (r->before)
		tpl_show(rev, "RESTORE_BEFORE");	/* a deletion: undo it */
	if ((r->before && record_from_json(list->admin->store, k, r->before, &old) < 0) ||
	    (r->after && record_from_json(list->admin->store, k, r->after, &new) < 0))
		goto done;
	set_short(rev, "LABEL", (r->after ? new : old).values[k->label_field]);
	for (i = 0; list->with_changes && i < k->nfields; i++) {
		const char *was = r->before ? old.values[i] : "";
		const char *now = r->after ? new.values[i] : "";
		struct tpl_dict *change;

		if (strcmp(was, now) == 0)
			continue;
		change = tpl_add_section(rev, "CHANGE");
		tpl_set(change, "FIELD", k->fields[i].label);
		set_short(change, "BEFORE", was);
		set_short(change, "AFTER", now);
	}
done:
	record_free(&old);
	record_free(&new);
}

/*
** Fill REVISION sections with the latest limit changes site-wide.
*/
void history_fill_latest(struct admin *a, struct tpl_dict *d, int limit)
{
	struct revision_list list = { a, d, false, NULL, false };

	revisions_latest(a->store, limit, add_revision, &list);
}

void admin_history(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	const char *id = admin_param(a, "id");
	struct revision_list list = { a, NULL, true, NULL, false };
	struct tpl_dict *content, *root;
	struct buf back = BUF_INIT;
	struct record r;
	int found;

	if (k == NULL)
		return;
	found = record_load(a->store, k, id, &r);
	if (found < 0) {
		admin_read_failed(a);
		return;
	}
	root = admin_page(a, "History", "admin-history.tpl", &content);
	tpl_set(content, "ENTITY", k->title);
	tpl_set(content, "TYPE", k->name);
	tpl_set(content, "ID", id);
	if (found) {
		kind_list_url(k, &r, &back);
		tpl_set(tpl_add_section(content, "EXISTS"), "LABEL", r.values[k->label_field]);
		tpl_set(content, "BACK_URL", back.data);
		record_free(&r);
	} else {
		tpl_show(content, "DELETED");
		tpl_set(content, "BACK_URL", "/admin/deleted");
	}
	list.d = content;
	if (revisions_of(a->store, k->name, id, add_revision, &list) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
	} else {
		/* The state before the oldest change: for records older than
		** their history (the seed), the only way back to the original. */
		if (list.last && list.last_has_before)
			tpl_show(list.last, "RESTORE_BEFORE");
		admin_finish(a, 200, root);
	}
	buf_free(&back);
}

/*
** Restore a record to the state a revision recorded; back to its
** history on success.
*/
void admin_restore(struct admin *a)
{
	struct change ch = {
		.action = CHANGE_RESTORE,
		.revision = admin_param_id(a, "revision"),
		.restore_before = strcmp(admin_param(a, "state"), "before") == 0,
		.username = a->session.username,
	};
	struct buf next = BUF_INIT;
	enum change_result result = record_apply(a->store, a->config, &ch);
	int i;

	if (result == CHANGE_OK) {
		buf_printf(&next, "/admin/history?type=%s&id=", ch.kind->name);
		text_url_escape(&next, ch.record.id);
		admin_changed(a, &ch, next.data);
	} else if (result == CHANGE_INVALID || result == CHANGE_DUPLICATE) {
		buf_puts(&next, "This version cannot be restored as it is:");
		for (i = 0; i < ch.kind->nfields; i++)
			if (ch.errors[i])
				buf_printf(&next, " %s: %s", ch.kind->fields[i].label, ch.errors[i]);
		buf_puts(&next, " Edit the record instead.");
		admin_message(a, 422, "Cannot restore", next.data);
	} else {
		admin_change_failed(a, result, ch.kind ? ch.kind->title : "record");
	}
	buf_free(&next);
	change_free(&ch);
}

static int fill_deleted(struct admin *a, struct tpl_dict *content)
{
	struct revision_list list = { a, content, false, NULL, false };

	return revisions_deleted(a->store, add_revision, &list);
}

static int fill_latest(struct admin *a, struct tpl_dict *content)
{
	struct revision_list list = { a, content, false, NULL, false };

	return revisions_latest(a->store, 100, add_revision, &list);
}

void admin_deleted(struct admin *a)
{
	admin_screen(a, "Recently deleted", "admin-deleted.tpl", fill_deleted);
}

void admin_audit(struct admin *a)
{
	admin_screen(a, "Latest changes", "admin-audit.tpl", fill_latest);
}
