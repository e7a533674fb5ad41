/*
** admin-bulk.c: /admin/bulk, one action on the records ticked in a list
** (publish, unpublish, delete), confirmed once. The list's POST (type,
** do, id for each record ticked, back) answers a page naming what will
** change and what will not, and why; its form's POST (confirm=1, item
** ID@VERSION for each record to change) makes each change through
** record_apply, one revision each, from the version the editor saw, the
** pages they touched rendered once, at the end (a batch), and
** answers what was done and what was refused, and why. The confirmation
** already says what the user's role may not do; the changes leave that
** to the engine (role.h), which refuses them record by record.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"
#include "same-site.h"
#include "text.h"

#define ADMIN_BULK_MAX 50	/* records one bulk action takes (REQUEST_PARAMS_MAX: 64) */

enum bulk_action { BULK_PUBLISH, BULK_UNPUBLISH, BULK_DELETE };

/* Each action's words: its value, the button, the result's heading. */
static const struct {
	const char *value, *verb, *done;
} actions[] = {
	[BULK_PUBLISH] = { "publish", "Publish", "Published" },
	[BULK_UNPUBLISH] = { "unpublish", "Unpublish", "Unpublished" },
	[BULK_DELETE] = { "delete", "Delete", "Deleted" },
};

/* One bulk request: its kind, action, and the page to go back to. */
struct bulk {
	struct admin *admin;
	const struct kind *kind;
	enum bulk_action action;
	const char *back;		/* borrowed: a path of the admin */
	struct change_batch *batch;	/* the changes': one publish for all */
	struct tpl_dict *content;
	int changing, skipped;		/* records listed as changing, as not */
};

/* links_each's callback: count one record that leads to the page. */
static void count_link(void *ctx, const struct link_row *row)
{
	(void)row;
	(*(int *)ctx)++;
}

/*
** Append to why that the user's role does not allow the change, and
** return its text.
*/
static const char *role_refusal(struct bulk *b, struct buf *why)
{
	buf_printf(why, "Your role (%s) does not allow this.", role_title(b->admin->session.role));
	return why->data;
}

/*
** Why record r (loaded) will not take b's action, or NULL when it will:
** the user's role (asking_role: else record_apply says), the kind, its
** state, what leads visitors to it. Returns a constant, or text in why
** (the caller's).
*/
static const char *refusal(struct bulk *b, const struct record *r, bool asking_role, struct buf *why)
{
	const struct kind *k = b->kind;
	struct admin *a = b->admin;
	int links = 0;

	if (asking_role && a->session.role < ROLE_EDITOR)
		return role_refusal(b, why);
	if (b->action == BULK_DELETE)
		return k->never_deleted ? k->never_deleted :
		       k->sql_delete == NULL ? "Records of this kind are not deleted." : NULL;
	if (strcmp(r->values[k->published_field], b->action == BULK_PUBLISH ? "1" : "0") == 0)
		return b->action == BULK_PUBLISH ? "It is published already." : "It is unpublished already.";
	if (b->action == BULK_UNPUBLISH && k->links_each &&
	    k->links_each(a->store, r, count_link, &links) < 0)
		return "The database could not be read; try again.";
	if (links > 0) {
		buf_printf(why, "%d menu entr%s, program%s or page%s lead%s visitors to it: unpublish it "
			   "from its own form, which lists them.", links, links == 1 ? "y" : "ies",
			   links == 1 ? "" : "s", links == 1 ? "" : "s", links == 1 ? "s" : "");
		return why->data;
	}
	return NULL;
}

/*
** Why record_apply refused b's change ch (result), as a sentence: a
** constant, or text in why (the caller's).
*/
static const char *result_reason(struct bulk *b, enum change_result result,
				 const struct change *ch, struct buf *why)
{
	int i;

	switch (result) {
	case CHANGE_FORBIDDEN:
		return role_refusal(b, why);
	case CHANGE_CONFLICT:
		return "Someone changed it since you confirmed: look at it again.";
	case CHANGE_GONE:
		return "It no longer exists.";
	case CHANGE_IN_USE:
		return "Other records depend on it: it still has entries below it.";
	case CHANGE_REFUSED:
		return "Records of this kind cannot be changed this way.";
	case CHANGE_INVALID:
	case CHANGE_DUPLICATE:
		for (i = 0; i < RECORD_FIELDS_MAX; i++)
			if (ch->errors[i])
				return ch->errors[i];
		return "It does not pass the checks of its form: open it to see why.";
	case CHANGE_BUSY:
		return "The database was busy: try again.";
	case CHANGE_UNPUBLISHABLE:
		return "The published pages could not be updated: try again later.";
	case CHANGE_FULL:
		return "The server's disk is full.";
	default:
		return "The database refused the change; the server log says why.";
	}
}

/*
** Add record r (id) of b's kind to b's list of section ("CHANGE",
** "SKIP", "DONE", "REFUSED") with why, when not NULL.
*/
static void list_record(struct bulk *b, const char *section, const char *id, const struct record *r,
			const char *why)
{
	struct tpl_dict *item = tpl_add_section(b->content, section);
	struct buf value = BUF_INIT;

	tpl_set(item, "LABEL", r ? r->values[b->kind->label_field] : id);
	tpl_set(item, "ID", id);
	if (r) {
		buf_printf(&value, "%s@%lld", id, (long long)r->version);
		tpl_set(item, "ITEM", value.data);
	}
	if (why)
		tpl_set(item, "WHY", why);
	buf_free(&value);
}

/*
** The confirmation: load record id and list it as changing or, with
** why not, as skipped.
*/
static bool confirm_one(struct bulk *b, const char *id)
{
	struct buf why = BUF_INIT;
	struct record r;
	const char *no;
	int found = record_load(b->admin->store, b->kind, id, &r);

	if (found >= 0) {
		no = found == 0 ? "It no longer exists." : refusal(b, &r, true, &why);
		list_record(b, no ? "SKIP" : "CHANGE", id, found ? &r : NULL, no);
		if (no)
			b->skipped++;
		else
			b->changing++;
	}
	record_free(&r);
	buf_free(&why);
	return found >= 0;
}

/*
** The change: item is "ID@VERSION", the version confirmed. Apply b's
** action to that record through record_apply, and list it as done or
** refused, with why.
*/
static bool apply_one(struct bulk *b, const char *item)
{
	struct admin *a = b->admin;
	struct change ch = { .kind = b->kind, .batch = b->batch, .username = a->session.username,
			     .role = a->session.role };
	const char *at = strrchr(item, '@'), *no;
	struct buf why = BUF_INIT;
	char *id = xstrndup(item, at ? (size_t)(at - item) : strlen(item));
	int64_t version = at ? text_parse_number(at + 1, 18) : -1;
	enum change_result result;
	int found = version > 0 ? record_load(a->store, b->kind, id, &ch.record) : 0;
	int published = b->kind->published_field;

	if (found < 0)
		goto done;
	no = found == 0 ? "It no longer exists." : refusal(b, &ch.record, false, &why);
	if (no == NULL) {
		ch.record.version = version;
		if (b->action == BULK_DELETE) {
			ch.action = CHANGE_DELETE;
		} else {
			ch.action = CHANGE_SAVE;
			free(ch.record.values[published]);
			ch.record.values[published] = xstrdup(b->action == BULK_PUBLISH ? "1" : "0");
		}
		result = record_apply(a->store, a->config, &ch);
		if (result != CHANGE_OK)
			no = result_reason(b, result, &ch, &why);
	}
	list_record(b, no ? "REFUSED" : "DONE", id, found ? &ch.record : NULL, no);
	if (no)
		b->skipped++;
	else
		b->changing++;
done:
	buf_free(&why);
	change_free(&ch);
	free(id);
	return found >= 0;
}

/*
** Call step for each body parameter called name, at most ADMIN_BULK_MAX
** of them and each value once. Returns the number of values, -1 when
** there are too many, -2 when step failed (a database error), -3 when
** a value is too long to name a record.
*/
static int each_value(struct bulk *b, const char *name, bool (*step)(struct bulk *, const char *))
{
	const struct request *req = b->admin->req;
	int i, j, n = 0;

	for (i = req->nquery; i < req->nparams; i++) {
		if (strcmp(req->params[i].name, name) != 0)
			continue;
		for (j = req->nquery; j < i; j++)
			if (strcmp(req->params[j].name, name) == 0 &&
			    strcmp(req->params[j].value, req->params[i].value) == 0)
				break;
		if (j < i)
			continue;
		if (++n > ADMIN_BULK_MAX)
			return -1;
		if (strlen(req->params[i].value) > ADMIN_ID_MAX + 24)
			return -3;
		if (!step(b, req->params[i].value))
			return -2;
	}
	return n;
}

/*
** Read the request's kind, action and page to go back to into b.
** Returns false after replying 400 or 404.
*/
static bool read_bulk(struct admin *a, struct bulk *b)
{
	const char *what = admin_param(a, "do"), *back = admin_param(a, "back");
	size_t i;

	b->kind = admin_kind(a);
	if (b->kind == NULL)
		return false;
	for (i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i].value, what) == 0)
			break;
	if (i == sizeof actions / sizeof actions[0] ||
	    (i != BULK_DELETE && b->kind->published_field < 0) ||
	    (i == BULK_DELETE && b->kind->sql_delete && !admin_bulk_deletes(b->kind))) {
		admin_message(a, 400, "Bad form", "Choose what to do with the records ticked: "
			      "publish, unpublish or delete them, as their kind allows.");
		return false;
	}
	b->action = (enum bulk_action)i;
	b->back = same_site_admin_path(back) ? back :
		  b->kind->list_path ? b->kind->list_path : "/admin/";
	return true;
}

/*
** Append "n title" to out, the title in the plural unless n is 1 ("3
** menu entries").
*/
static void counted(struct buf *out, int n, const char *title)
{
	size_t len = strlen(title);

	if (n == 1)
		buf_printf(out, "1 %s", title);
	else if (len > 0 && title[len - 1] == 'y')
		buf_printf(out, "%d %.*sies", n, (int)len - 1, title);
	else
		buf_printf(out, "%d %ss", n, title);
}

/*
** /admin/bulk (POST): without confirm=1, the confirmation of the action
** on the records ticked (id); with it, the changes (item) and their
** outcome.
*/
void admin_bulk(struct admin *a)
{
	struct bulk b = { .admin = a };
	struct change_batch batch;
	struct tpl_dict *root;
	struct buf heading = BUF_INIT, unpurged = BUF_INIT;
	bool confirmed = strcmp(admin_param(a, "confirm"), "1") == 0, published = true;
	int n;

	if (!read_bulk(a, &b))
		return;
	root = admin_page(a, actions[b.action].verb, "admin-bulk.tpl", &b.content);
	if (confirmed) {
		record_batch_begin(a->config, &batch);
		b.batch = &batch;
		n = each_value(&b, "item", apply_one);
		published = record_batch_end(a->config, a->store, &batch, &unpurged);
	} else {
		n = each_value(&b, "id", confirm_one);
	}
	if (n < 0 || (n == 0 && !confirmed)) {
		tpl_dict_free(root);
		if (n == -2)
			admin_read_failed(a);
		else
			admin_message(a, 400, "Nothing chosen", n == 0 ?
				      "Tick the records to change first, then choose what to do." : n == -1 ?
				      "Choose at most 50 records at a time." :
				      "This form does not name records.");
		goto done;
	}
	tpl_set(b.content, "TYPE", b.kind->name);
	tpl_set(b.content, "DO", actions[b.action].value);
	tpl_set(b.content, "BACK", b.back);
	if (b.action == BULK_DELETE)
		tpl_show(b.content, "DELETING");
	buf_printf(&heading, "%s ", confirmed ? actions[b.action].done : actions[b.action].verb);
	counted(&heading, b.changing, b.kind->title);
	tpl_set(b.content, "BUTTON", heading.data);
	if (confirmed) {
		tpl_show(b.content, "RESULT");
		if (!published)
			tpl_show(b.content, "PUBLISH_FAILED");
		if (unpurged.len)
			tpl_set(tpl_add_section(b.content, "UNPURGED"), "CACHES", unpurged.data);
	} else {
		buf_puts(&heading, "?");
		tpl_show(b.content, b.changing ? "ASK" : "NOTHING");
	}
	tpl_set(b.content, "HEADING", heading.data);
	if (b.skipped)
		tpl_set_int(tpl_add_section(b.content, confirmed ? "REFUSALS" : "SKIPS"), "N", b.skipped);
	admin_finish(a, 200, root);
done:
	buf_free(&heading);
	buf_free(&unpurged);
}
