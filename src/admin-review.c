/*
** admin-review.c: the review of drafts (record.h: review). The
** dashboard's lists of drafts in review: "Awaiting review" for editors
** (who submitted each, when, with links to preview it, compare it with
** the live version and open its form), "Sent back to you" and "Yours in
** review" for whoever submitted them; and /admin/review, where an editor
** sends a draft back with a comment. Publishing one is /admin/draft's
** (admin-edit.c), submitting one the edit form's.
*/
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"

/* A dashboard list being filled: the screen, the section to add rows
** to (made at the first row), its name, and whether rows link to a
** preview and a comparison (an editor's queue). */
struct review_list {
	struct admin *admin;
	struct tpl_dict *content, *section;
	const char *name;
	bool reviewing;
};

/*
** draft_reviews_each's callback: one ROW of the list ctx (a struct
** review_list): the record's kind, id, label (the draft's), who
** submitted it and when, who sent it back, when and why, and links.
*/
static void add_review_row(void *ctx, const struct draft_review_row *d)
{
	struct review_list *list = ctx;
	const struct kind *k = kind_find(d->kind);
	struct tpl_dict *row;
	struct record r;

	if (k == NULL || record_from_json(list->admin->store, k, d->fields, &r) < 0)
		return;
	if (list->section == NULL)
		list->section = tpl_add_section(list->content, list->name);
	row = tpl_add_section(list->section, "ROW");
	tpl_set(row, "TYPE", k->name);
	tpl_set(row, "ENTITY", k->title);
	tpl_set(row, "ID", d->record_id);
	tpl_set(row, "LABEL", r.values[k->label_field]);
	tpl_set(row, "SUBMITTED_BY", d->review.submitted_by);
	admin_set_time(row, "SUBMITTED_AT", d->review.submitted_at);
	tpl_set(row, "SENT_BACK_BY", d->review.sent_back_by);
	admin_set_time(row, "SENT_BACK_AT", *d->review.sent_back_at ? d->review.sent_back_at :
		       d->review.submitted_at);
	tpl_set(row, "COMMENT", d->review.comment);
	/* Saved again after it was submitted: the reviewer sees the newer one. */
	if (strcmp(d->saved_at, d->review.submitted_at) > 0) {
		tpl_set(row, "SAVED_BY", d->saved_by);
		admin_set_time(tpl_add_section(row, "SAVED_SINCE"), "SAVED_AT", d->saved_at);
	}
	if (list->reviewing && d->revision > 0) {
		tpl_set_int(tpl_add_section(row, "COMPARE"), "REVISION", (long)d->revision);
		if (k->has_preview)
			tpl_set_int(tpl_add_section(row, "PREVIEW"), "REVISION", (long)d->revision);
	}
	record_free(&r);
}

/*
** Fill one list of the dashboard: section name of content with a ROW for
** each draft whose review is state, submitted by submitted_by (NULL:
** anyone); reviewing: rows link to a preview and a comparison. When
** there is none, the section shows only with empty (NO_ROWS) or not at
** all. Returns -1 on a database error, else how many.
*/
static int fill_list(struct admin *a, struct tpl_dict *content, const char *name,
		     const char *state, const char *submitted_by, bool reviewing, bool empty)
{
	struct review_list list = { a, content, NULL, name, reviewing };
	int n = draft_reviews_each(a->store, state, submitted_by, add_review_row, &list);

	if (n == 0 && empty)
		tpl_show(tpl_add_section(content, name), "NO_ROWS");
	return n;
}

/*
** Fill the dashboard's content with the drafts in review: AWAITING for
** an editor or an administrator (every draft submitted, shown even when
** empty), SENT_BACK (the user's drafts sent back) and MINE_IN_REVIEW
** (theirs waiting) for a contributor. Returns -1 on a database error.
*/
int admin_review_fill(struct admin *a, struct tpl_dict *content)
{
	const char *me = a->session.username;

	if (fill_list(a, content, "SENT_BACK", "sent back", me, false, false) < 0)
		return -1;
	if (a->session.role >= ROLE_EDITOR)
		return fill_list(a, content, "AWAITING", "submitted", NULL, true, true) < 0 ? -1 : 0;
	return fill_list(a, content, "MINE_IN_REVIEW", "submitted", me, false, false) < 0 ? -1 : 0;
}

/*
** /admin/review (POST type, id, do=send_back, comment): send the
** record's draft, in review, back to whoever submitted it with the
** comment (required, VALIDATE_TEXT_MAX characters at most), then show
** its form; a missing or too long comment shows the form again with
** the comment as typed and why (422).
*/
void admin_review(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	struct change ch = { .action = CHANGE_SEND_BACK, .username = a->session.username,
			     .role = a->session.role };
	struct buf next = BUF_INIT;
	enum change_result result;
	char *comment;

	if (k == NULL)
		return;
	if (strcmp(admin_param(a, "do"), "send_back") != 0) {
		admin_message(a, 400, "Bad form", "The form does not say to send the draft back.");
		return;
	}
	if (!admin_record_id_ok(a, admin_param(a, "id")))
		return;
	ch.kind = k;
	ch.record.id = xstrdup(admin_param(a, "id"));
	ch.comment = comment = admin_param_text(a, "comment");
	result = record_apply(a->store, a->config, &ch);
	if (result == CHANGE_OK) {
		admin_edit_url(k, &ch.record, "sent-back", &next);
		admin_redirect(a, next.data);
	} else if (result == CHANGE_INVALID) {
		admin_edit_stored(a, 422, k, ch.record.id, &ch);
	} else {
		admin_change_failed(a, result, k->title);
	}
	buf_free(&next);
	change_free(&ch);
	free(comment);
}
