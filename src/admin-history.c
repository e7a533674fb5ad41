/*
** admin-history.c: the history of a record (/admin/history) with the
** word differences of each change and a way to compare two versions,
** recently deleted records (/admin/deleted) and the latest changes
** site-wide (/admin/audit).
*/
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"
#include "text.h"

#define SHOWN_VALUE_MAX 120	/* characters of a record's label shown in lists */

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

/* A version the history's compare form offers: a revision's number and
** how an editor reads it (owned). */
struct choice {
	int64_t revision;
	char *text;
};

/* Where revisions go, and whether each lists its changed fields. */
struct revision_list {
	struct admin *admin;
	struct tpl_dict *d;
	bool with_changes;
	struct tpl_dict *last;		/* the last REVISION added */
	bool last_has_before;		/* whether its change had a before */
	bool live;			/* the record exists: compare with it */
	struct choice *choices;		/* the history's compare form: owned, see add_choice */
	int nchoices;
};

/*
** Note revision r in list->choices (the text owned by the list, freed
** by free_choices), for the compare form.
*/
static void add_choice(struct revision_list *list, const struct revision *r)
{
	char when[TEXT_TIME_MAX];
	struct buf text = BUF_INIT;

	text_readable_time(r->at, when);
	buf_printf(&text, "%s by %s, %s (change %lld)", r->action, r->username, when, (long long)r->id);
	list->choices = xrealloc(list->choices, (size_t)(list->nchoices + 1) * sizeof *list->choices);
	list->choices[list->nchoices++] = (struct choice){ r->id, buf_detach(&text) };
}

/*
** Free the choices list noted.
*/
static void free_choices(struct revision_list *list)
{
	int i;

	for (i = 0; i < list->nchoices; i++)
		free(list->choices[i].text);
	free(list->choices);
	list->choices = NULL;
	list->nchoices = 0;
}

/*
** Add the history's COMPARE form to content when there are two versions
** to compare: a FROM_OPTION and a TO_OPTION for each of list's choices
** (newest first), and TO_LIVE when the record exists. It compares the
** version before the newest with the live one (or the newest) to begin
** with.
*/
static void add_compare_form(struct tpl_dict *content, const struct revision_list *list)
{
	struct tpl_dict *form, *opt;
	int i;

	if (list->nchoices + list->live < 2)
		return;
	form = tpl_add_section(content, "COMPARE");
	if (list->live)
		tpl_show(form, "TO_LIVE");
	for (i = 0; i < list->nchoices; i++) {
		opt = tpl_add_section(form, "FROM_OPTION");
		tpl_set_int(opt, "VALUE", (long)list->choices[i].revision);
		tpl_set(opt, "TEXT", list->choices[i].text);
		if (i == (list->live ? 0 : 1))
			tpl_show(opt, "SELECTED");
		opt = tpl_add_section(form, "TO_OPTION");
		tpl_set_int(opt, "VALUE", (long)list->choices[i].revision);
		tpl_set(opt, "TEXT", list->choices[i].text);
	}
}

/*
** Add one REVISION section for r to list->d, with its NOTE when its
** author said something (a draft sent back); with_changes lists each
** field that changed.
*/
static void add_revision(void *ctx, const struct revision *r)
{
	struct revision_list *list = ctx;
	const struct kind *k = kind_find(r->kind);
	struct tpl_dict *rev = tpl_add_section(list->d, "REVISION");
	struct record old, new;

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
	if (*r->note)
		tpl_set(tpl_add_section(rev, "NOTE"), "TEXT", r->note);
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
	if (list->with_changes) {
		admin_diff_record(list->admin, rev, k, r->before ? &old : NULL, r->after ? &new : NULL, false);
		add_choice(list, r);
		if (list->live)
			tpl_show(rev, "LIVE");
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
	struct revision_list list = { a, d, false, NULL, false, false, NULL, 0 };

	revisions_latest(a->store, limit, add_revision, &list);
}

void admin_history(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	const char *id = admin_param(a, "id");
	struct revision_list list = { a, NULL, true, NULL, false, false, NULL, 0 };
	struct tpl_dict *content, *root;
	struct buf back = BUF_INIT;
	struct record r;
	int found;

	if (k == NULL || !admin_record_id_ok(a, id))
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
	list.live = found == 1;
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
		add_compare_form(content, &list);
		admin_finish(a, 200, root);
	}
	free_choices(&list);
	buf_free(&back);
}

static int fill_deleted(struct admin *a, struct tpl_dict *content)
{
	struct revision_list list = { a, content, false, NULL, false, false, NULL, 0 };

	return revisions_deleted(a->store, add_revision, &list);
}

static int fill_latest(struct admin *a, struct tpl_dict *content)
{
	struct revision_list list = { a, content, false, NULL, false, false, NULL, 0 };

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
