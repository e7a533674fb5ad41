/*
** admin-edit.c: the screens every kind of record shares: the edit form
** (/admin/edit, new and existing records), the conflict page, delete
** with its confirmation (/admin/delete), and moving up and down
** (/admin/move). What differs between kinds lives in record-kinds.c;
** every change goes through record_apply (record.h).
**
** No lost edits: the form carries the version the editor saw. A save
** over a newer version is refused with a conflict page that shows the
** saved values beside the editor's, and lets the editor re-apply theirs
** deliberately (a form with their values and the current version).
**
** Drafts (record.h): the form of an existing record of a kind that
** takes drafts has a "Save draft" button; while the record has a draft
** the form shows the draft's values over the version it was made from,
** says so, and offers to publish or discard it (/admin/draft).
**
** Review (record.h): "Submit for review" saves the draft and puts it in
** the editors' queue; the form of a draft in review says who submitted
** it and when, and gives editors a comment box to publish it or send it
** back (/admin/review, admin-review.c); a draft sent back shows who sent
** it back, when, and their comment.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "links.h"
#include "log.h"
#include "model-admin.h"
#include "text.h"
#include "validate.h"

/* An edit form says who saved its record within this many seconds. */
#define ADMIN_RECENT_SAVE (15 * 60)

/* The broken links a form warns of, at most this many by name. */
#define WARNED_LINKS_MAX 20

/* The broken links (links.h) of a record being saved, or of a draft
** being published (publishing: the comment it goes with, borrowed; NULL
** for a save): each link as written (owned) and why it is broken; more
** past WARNED_LINKS_MAX. */
struct link_warning {
	size_t n, more;
	struct {
		char *url;
		const char *why;
	} links[WARNED_LINKS_MAX];
	const char *publishing;
};

/* A select being filled: its section, and the value to mark selected. */
struct select_options {
	struct tpl_dict *field;
	const char *selected;
};

/* Add the option c to the select ctx (a struct select_options). */
static void add_option(void *ctx, const struct choice_row *c)
{
	struct select_options *o = ctx;
	struct tpl_dict *opt = tpl_add_section(o->field, "OPTION");

	tpl_set(opt, "VALUE", c->value);
	tpl_set(opt, "TEXT", c->text);
	if (strcmp(c->value, o->selected) == 0)
		tpl_show(opt, "SELECTED");
}

/*
** Fill a select with the places a menu entry can go, marking selected.
*/
static void place_options(struct admin *a, struct tpl_dict *field, const char *selected)
{
	struct select_options o = { field, selected };

	admin_places_each(a->store, add_option, &o);
}

/*
** Fill a select with a choice field's values, marking selected.
*/
static void choice_options(struct tpl_dict *field, const char *const *choices,
			   const char *selected)
{
	struct select_options o = { field, selected };
	int i;

	for (i = 0; choices[i]; i++)
		add_option(&o, &(struct choice_row){ choices[i], choices[i] });
}

/*
** The title of page id, for a program's owner (owned by the caller).
*/
static char *page_title(struct admin *a, const char *id)
{
	char *title = NULL;

	admin_page_label(a->store, id, &title);
	return title ? title : xstrdup(id);
}

/*
** Fill one FIELD section per field of e with r's values and errors.
** Returns the ERRORS section (the summary above the form) when there
** are errors, else NULL.
*/
static struct tpl_dict *fill_fields(struct admin *a, struct tpl_dict *d, const struct kind *k,
			const struct record *r, const char *const errors[RECORD_FIELDS_MAX])
{
	struct tpl_dict *summary = NULL;
	char local[TEXT_TIME_MAX];
	int i;

	for (i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];
		struct tpl_dict *field, *kind;
		char *title;

		/* A contributor's new record stays unpublished (role.h). */
		if (f->type == FIELD_BOOL && r->id == NULL && a->session.role < ROLE_EDITOR)
			continue;
		field = tpl_add_section(d, "FIELD");
		tpl_set(field, "NAME", f->name);
		tpl_set(field, "LABEL", f->label);
		tpl_set(field, "VALUE", r->values[i]);
		if (f->hint)
			tpl_set(tpl_add_section(field, "HINT"), "TEXT", f->hint);
		if (f->required)
			tpl_show(field, "REQUIRED");
		if (f->type != FIELD_BOOL && f->type != FIELD_OWNER && f->type != FIELD_FIXED)
			tpl_show(field, "LABELLED");
		if (errors && errors[i]) {
			struct tpl_dict *item;

			tpl_set(tpl_add_section(field, "ERROR"), "MESSAGE", errors[i]);
			if (summary == NULL)
				summary = tpl_add_section(d, "ERRORS");
			item = tpl_add_section(summary, "ITEM");
			tpl_set(item, "NAME", f->name);
			tpl_set(item, "LABEL", f->label);
			tpl_set(item, "MESSAGE", errors[i]);
		}
		switch (f->type) {
		case FIELD_LINE:
		case FIELD_PATH:
			tpl_set_int(tpl_add_section(field, "INPUT"), "MAXLENGTH", 200);
			break;
		case FIELD_LINK:
		case FIELD_URL:
			tpl_set_int(tpl_add_section(field, "INPUT"), "MAXLENGTH", VALIDATE_LINK_MAX);
			break;
		case FIELD_TEXT:
			tpl_set_int(tpl_add_section(field, "TEXTAREA"), "ROWS", 4);
			break;
		case FIELD_BODY:
			tpl_set_int(tpl_add_section(field, "TEXTAREA"), "ROWS", 18);
			admin_file_picker(a, field);
			break;
		case FIELD_BOOL:
			kind = tpl_add_section(field, "CHECKBOX");
			if (strcmp(r->values[i], "1") == 0)
				tpl_show(kind, "CHECKED");
			break;
		case FIELD_PAGE:
			admin_page_picker(a, field, r->values[i], f->required);
			break;
		case FIELD_PLACE:
			place_options(a, tpl_add_section(field, "SELECT"), r->values[i]);
			break;
		case FIELD_CHOICE:
			choice_options(tpl_add_section(field, "SELECT"), f->choices, r->values[i]);
			break;
		case FIELD_TIME:
			text_time_to_local(r->values[i], local);
			tpl_set(tpl_add_section(field, "DATETIME"), "LOCAL", local);
			break;
		case FIELD_FIXED:
			tpl_show(field, "FIXED");
			break;
		case FIELD_OWNER:
			title = page_title(a, r->values[i]);
			tpl_set(tpl_add_section(field, "OWNER"), "TITLE", title);
			free(title);
			break;
		}
	}
	return summary;
}

/* Who last saved a record, and when (revision_latest_of). */
struct last_save {
	bool found;
	char username[201];
	char at[32];
};

/* revision_latest_of's callback: copy who and when into ctx, a struct
** last_save. */
static void note_last_save(void *ctx, const struct revision *rev)
{
	struct last_save *last = ctx;

	last->found = true;
	snprintf(last->username, sizeof last->username, "%s", rev->username);
	snprintf(last->at, sizeof last->at, "%s", rev->at);
}

/*
** Show section in content when record id of kind k was last saved
** within_seconds ago or less (0: at any time): WHO (the user) and AT
** (when) in it, and BY_ME or BY_OTHER: whether that user is the one
** signed in.
** Returns whether it showed it: a record without revisions, or one that
** cannot be read, shows nothing, as this is advice, not a check.
*/
static bool show_last_save(struct admin *a, struct tpl_dict *content, const char *section,
			   const struct kind *k, const char *id, int within_seconds)
{
	struct last_save last = { .found = false };
	struct tpl_dict *d;

	if (revision_latest_of(a->store, k->name, id, within_seconds, note_last_save, &last) < 0 ||
	    !last.found)
		return false;
	d = tpl_add_section(content, section);
	tpl_set(d, "WHO", last.username);
	admin_set_time(d, "AT", last.at);
	if (strcmp(last.username, a->session.username) == 0)
		tpl_show(d, "BY_ME");
	else
		tpl_show(d, "BY_OTHER");
	return true;
}

/* Others with a form open: the form's dictionary, and its section
** OPEN_ELSEWHERE once someone is found. */
struct presence_view {
	struct tpl_dict *content, *section;
};

/* presence_others_each's callback: one PERSON in ctx's section. */
static void add_person(void *ctx, const struct presence_row *p)
{
	struct presence_view *v = ctx;
	struct tpl_dict *person;

	if (v->section == NULL)
		v->section = tpl_add_section(v->content, "OPEN_ELSEWHERE");
	person = tpl_add_section(v->section, "PERSON");
	tpl_set(person, "WHO", p->username);
	admin_set_unix_time(person, "AT", p->seen_at);
}

/*
** Show OPEN_ELSEWHERE in content when other users had the edit form of
** record id of kind k open within the last within_seconds (admin.js
** notes it): who, and when last. Advice, not a check: an error shows
** nothing.
*/
static void show_presence(struct admin *a, struct tpl_dict *content, const struct kind *k,
			  const char *id, int within_seconds)
{
	struct presence_view v = { content, NULL };

	presence_others_each(a->store, k->name, id, a->session.username,
			     (int64_t)time(NULL) - within_seconds, add_person, &v);
	if (v.section)
		tpl_set(v.section, "ENTITY", k->title);
}

/*
** Set key to field f's value as an editor reads it (admin_field_text).
*/
static void set_readable(struct admin *a, struct tpl_dict *d, const char *key,
			 const struct field *f, const char *value)
{
	char *text;

	admin_field_text(a, f, value, &text);
	tpl_set(d, key, text);
	free(text);
}


/* The draft an edit form shows: who saved it and when, the live values
** beside it (borrowed), and whether it was saved just now. */
struct draft_view {
	struct draft_info info;
	const struct record *live;
	bool just_saved;
};

/*
** Fill d, the DRAFT section, with where the draft in info is in its
** review: IN_REVIEW (who submitted it, when; SUBMITTED_NOW just after;
** REVIEW, an editor's comment box to publish it or send it back, with
** the comment and its error when refused refused it), or NOT_IN_REVIEW
** and, when it was, SENT_BACK (who, when, why; TO_ME when the one signed
** in submitted it).
*/
static void fill_review(struct admin *a, struct tpl_dict *d, const struct draft_info *info,
			const struct change *refused)
{
	struct tpl_dict *r;

	if (strcmp(info->review, "submitted") == 0) {
		r = tpl_add_section(d, "IN_REVIEW");
		tpl_set(r, "WHO", info->submitted_by);
		admin_set_time(r, "AT", info->submitted_at);
		if (strcmp(admin_param(a, "draft"), "submitted") == 0)
			tpl_show(r, "SUBMITTED_NOW");
		if (a->session.role < ROLE_EDITOR)
			return;
		r = tpl_add_section(d, "REVIEW");
		tpl_set(r, "WHO", info->submitted_by);
		if (refused && refused->comment_error) {
			tpl_set(r, "COMMENT", admin_param(a, "comment"));
			tpl_set(tpl_add_section(r, "ERROR"), "MESSAGE", refused->comment_error);
		}
		return;
	}
	tpl_show(d, "NOT_IN_REVIEW");
	if (strcmp(info->review, "sent back") == 0) {
		r = tpl_add_section(d, "SENT_BACK");
		tpl_set(r, "WHO", info->sent_back_by);
		admin_set_time(r, "AT", info->sent_back_at);
		tpl_set(r, "COMMENT", info->comment);
		if (strcmp(info->submitted_by, a->session.username) == 0)
			tpl_show(r, "TO_ME");
	}
}

/*
** Fill the DRAFT section of content: the draft view shows, with each
** live value as an editor reads it, and its review (fill_review: the
** change refused, or NULL).
*/
static void fill_draft(struct admin *a, struct tpl_dict *content, const struct kind *k,
		       const struct draft_view *view, const struct change *refused)
{
	struct tpl_dict *d = tpl_add_section(content, "DRAFT");
	int i;

	tpl_set(d, "WHO", view->info.username);
	admin_set_time(d, "AT", view->info.saved_at);
	if (*view->info.go_live_at)
		admin_set_time(tpl_add_section(d, "SCHEDULED"), "GO_LIVE", view->info.go_live_at);
	if (*view->info.go_live_error)
		tpl_set(tpl_add_section(d, "SCHEDULE_FAILED"), "WHY", view->info.go_live_error);
	if (view->just_saved)
		tpl_show(d, "JUST_SAVED");
	fill_review(a, d, &view->info, refused);
	admin_fill_preview_links(a, d, k, view->live->id);
	for (i = 0; i < k->nfields; i++) {
		struct tpl_dict *live = tpl_add_section(d, "LIVE");

		tpl_set(live, "LABEL", k->fields[i].label);
		set_readable(a, live, "VALUE", &k->fields[i], view->live->values[i]);
	}
}

/*
** Fill the SCHEDULE section of content, the form's go-live time: as
** typed when the change was refused (with why, also in summary, the
** errors above the form, which it adds when NULL), else the time the
** draft shown is scheduled to go live, in the site's time zone.
*/
static void fill_schedule(struct admin *a, struct tpl_dict *content, struct tpl_dict *summary,
			  const struct draft_view *draft, const struct change *refused)
{
	struct tpl_dict *d = tpl_add_section(content, "SCHEDULE"), *item;
	char local[TEXT_TIME_MAX] = "";

	if (refused) {
		snprintf(local, sizeof local, "%s", admin_param(a, "go_live_at"));
		if (refused->go_live_error) {
			tpl_set(tpl_add_section(d, "ERROR"), "MESSAGE", refused->go_live_error);
			if (summary == NULL)
				summary = tpl_add_section(content, "ERRORS");
			item = tpl_add_section(summary, "ITEM");
			tpl_set(item, "NAME", "go_live_at");
			tpl_set(item, "LABEL", "Go live at");
			tpl_set(item, "MESSAGE", refused->go_live_error);
		}
	} else if (draft && *draft->info.go_live_at) {
		text_time_to_local(draft->info.go_live_at, local);
	}
	tpl_set(d, "LOCAL", local);
	tpl_set(d, "TIME_ZONE", a->config->time_zone ? a->config->time_zone : "UTC");
}

/*
** Start the edit form of r, with the errors of the change refused (NULL:
** none) and the draft it shows (NULL: its live values, or a new record):
** returns the page's dictionary for admin_finish, and *content the
** form's.
*/
static struct tpl_dict *edit_form_begin(struct admin *a, const struct kind *k, const struct record *r,
					const struct change *refused,
					const struct draft_view *draft, struct tpl_dict **content)
{
	struct tpl_dict *root, *summary;
	struct buf heading = BUF_INIT, back = BUF_INIT;

	buf_printf(&heading, "%s %s", r->id ? "Edit" : "New", k->title);
	reply_reset(a->rep);
	root = admin_page(a, heading.data, "admin-form.tpl", content);
	tpl_set(*content, "HEADING", heading.data);
	tpl_set(*content, "TYPE", k->name);
	tpl_set(*content, "ENTITY", k->title);
	tpl_set(*content, "ID", r->id ? r->id : "");
	tpl_set_int(*content, "VERSION", (long)r->version);
	kind_list_url(k, r, &back);
	tpl_set(*content, "BACK_URL", back.data);
	if (r->id) {
		tpl_set(tpl_add_section(*content, "EXISTING"), "ID", r->id);
		/* Someone else may be at it too. */
		if (a->req->method == METHOD_GET) {
			show_last_save(a, *content, "RECENTLY_SAVED", k, r->id, ADMIN_RECENT_SAVE);
			show_presence(a, *content, k, r->id, ADMIN_RECENT_SAVE);
		}
	}
	if (a->session.role >= ROLE_EDITOR || (r->id == NULL && k->starts_as_draft))
		tpl_show(*content, "SAVE");
	if (k->has_preview)
		tpl_show(*content, "PREVIEW");
	if (r->id && k->takes_drafts)
		tpl_show(*content, "DRAFTS");
	if (draft)
		fill_draft(a, *content, k, draft, refused);
	/* The draft's values, shown now or sent by a form that showed them
	** (a form kept over a login, a refused one): saving drops it. */
	if (draft || strcmp(admin_param(a, "draft_shown"), "1") == 0)
		tpl_show(*content, "DRAFT_SHOWN");
	else if (strcmp(admin_param(a, "draft"), "discarded") == 0)
		tpl_show(*content, "DISCARDED");
	summary = fill_fields(a, *content, k, r, refused ? refused->errors : NULL);
	/* Scheduling is publishing, later: an editor's. */
	if (r->id && k->takes_drafts && a->session.role >= ROLE_EDITOR)
		fill_schedule(a, *content, summary, draft, refused);
	buf_free(&heading);
	buf_free(&back);
	return root;
}

/*
** Reply with the edit form of r (status 200, or 422 with the errors of
** the change refused), with a note above it (or NULL), the broken links
** it warns of (or NULL), and the draft it shows (or NULL: its live
** values, or a new record).
*/
static void edit_form_noting(struct admin *a, int status, const struct kind *k,
			     const struct record *r, const struct change *refused,
			     const char *note, const struct link_warning *warn,
			     const struct draft_view *draft)
{
	struct tpl_dict *content, *root = edit_form_begin(a, k, r, refused, draft, &content), *d, *link;
	size_t i;

	if (note)
		tpl_set(tpl_add_section(content, "NOTE"), "TEXT", note);
	if (warn && warn->n > 0) {
		d = tpl_add_section(content, "BROKEN_LINKS");
		if (warn->publishing) {
			tpl_show(d, "NOT_PUBLISHED");
			tpl_set(tpl_add_section(d, "PUBLISH_ANYWAY"), "COMMENT", warn->publishing);
		} else {
			tpl_show(d, draft ? "KEPT_AS_DRAFT" : "NOT_SAVED");
			tpl_show(d, "SAVE_ANYWAY");
		}
		for (i = 0; i < warn->n; i++) {
			link = tpl_add_section(d, "LINK");
			tpl_set(link, "URL", warn->links[i].url);
			tpl_set(link, "WHY", warn->links[i].why);
		}
		if (warn->more)
			tpl_set_int(tpl_add_section(d, "MORE"), "COUNT", (long)warn->more);
	}
	admin_finish(a, status, root);
}

/* links_of_record's callback: note a broken link in ctx, a struct
** link_warning. */
static void note_broken_link(void *ctx, const struct link_use *u)
{
	struct link_warning *w = ctx;

	if (!links_broken(u->state))
		return;
	if (w->n == WARNED_LINKS_MAX) {
		w->more++;
		return;
	}
	w->links[w->n].url = xstrdup(u->url);
	w->links[w->n].why = links_state_text(u->state);
	w->n++;
}

/*
** Gather into w the links of r, of kind k, that lead to no page of this
** site or to one not published, when the kind's links are checked.
** Returns how many (an error reading them counts none: the warning is
** advice; the save's own checks still run).
*/
static size_t broken_links_of(struct admin *a, const struct kind *k, const struct record *r,
			      struct link_warning *w)
{
	if (k->sql_ids && a->config->base_url &&
	    links_of_record(a->store, a->config->base_url, k, r, note_broken_link, w) < 0)
		w->n = w->more = 0;
	return w->n + w->more;
}

/* Free the links w holds. */
static void link_warning_free(struct link_warning *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->links[i].url);
	w->n = w->more = 0;
}

/* links_each's callback when only their number counts. */
static void count_link(void *ctx, const struct link_row *row)
{
	(void)ctx;
	(void)row;
}

/*
** Before a save that takes a record out of visitors' sight while other
** records lead to it (an unpublished page that menus or pages link to):
** reply with the form as submitted (r; from_draft: the record's draft,
** which going ahead then drops), listing them, with a button to go
** ahead (confirm_unpublish=1), and return true; nothing is saved.
** Returns false when the save may go on: the editor confirmed, nothing
** links to the record, it stays public, or it cannot be read (the
** engine then says why).
*/
static bool asked_before_hiding(struct admin *a, const struct kind *k, const struct record *r,
				bool from_draft)
{
	struct record live;
	struct buf live_url = BUF_INIT, new_url = BUF_INIT;
	struct tpl_dict *content, *root;
	bool asked = false;
	int n;

	if (k->links_each == NULL || r->id == NULL || strcmp(admin_param(a, "confirm_unpublish"), "1") == 0 ||
	    record_load(a->store, k, r->id, &live) != 1)
		return false;
	if (k->public_url(a->store, &live, &live_url) == 0 && live_url.len > 0 &&
	    k->public_url(a->store, r, &new_url) == 0 && new_url.len == 0) {
		root = edit_form_begin(a, k, r, NULL, NULL, &content);
		if (from_draft)
			tpl_show(content, "DRAFT_SHOWN");
		n = k->links_each(a->store, &live, admin_add_link, tpl_add_section(content, "LINKED"));
		if (n > 0) {
			tpl_set(content, "LIVE_URL", live_url.data);
			admin_finish(a, 200, root);
			asked = true;
		} else {
			tpl_dict_free(root);
			reply_reset(a->rep);
		}
	}
	record_free(&live);
	buf_free(&live_url);
	buf_free(&new_url);
	return asked;
}


/*
** Reply with the edit form of r (status 200, or 422 with the errors of
** the change refused). With
** shows_draft, r is (or was edited from) its record's draft: while the
** record has one, the form says so, with the live values beside it
** (just_saved: the draft was saved just now). warn: the broken links
** the form warns of, or NULL.
*/
static void edit_form(struct admin *a, int status, const struct kind *k, const struct record *r,
		      const struct change *refused, bool shows_draft, bool just_saved,
		      const struct link_warning *warn)
{
	struct draft_view view = { .just_saved = just_saved };
	struct record draft, live;
	int found = 0;

	memset(&draft, 0, sizeof draft);
	memset(&live, 0, sizeof live);
	if (shows_draft && r->id) {
		found = record_load_draft(a->store, k, r->id, &draft, &view.info);
		if (found == 1 && record_load(a->store, k, r->id, &live) != 1)
			found = -1;
	}
	view.live = &live;
	if (found < 0)
		admin_read_failed(a);
	else
		edit_form_noting(a, status, k, r, refused, NULL, warn, found == 1 ? &view : NULL);
	record_free(&draft);
	record_free(&live);
}

/*
** Load record id of kind k into r (owned by the caller: record_free).
** Returns whether it was found; when not, the reply says why (gone, or
** the database could not be read).
*/
static bool load_or_answer(struct admin *a, const struct kind *k, const char *id, struct record *r)
{
	int rc = record_load(a->store, k, id, r);

	if (rc < 0)
		admin_read_failed(a);
	else if (rc == 0)
		admin_change_failed(a, CHANGE_GONE, k->title);
	return rc == 1;
}

/*
** Reply 409 for the change ch refused as a conflict: the saved record
** beside the editor's version, and forms that save the editor's values,
** or keep the saved ones, over the saved version (from_draft: the
** editor's version is the record's draft, which that save drops). After
** a merge (ch->merge_tried) only the fields changed on both sides are
** shown and asked about: the others hold the merged values.
*/
static void conflict_page(struct admin *a, const struct change *ch, bool from_draft)
{
	const struct kind *k = ch->kind;
	const struct record *mine = &ch->record;
	struct tpl_dict *content, *root;
	struct record saved;
	int i;

	if (!load_or_answer(a, k, mine->id, &saved))
		return;
	reply_reset(a->rep);
	root = admin_page(a, "Changed meanwhile", "admin-conflict.tpl", &content);
	tpl_set(content, "ENTITY", k->title);
	tpl_set(content, "TYPE", k->name);
	tpl_set(content, "ID", saved.id);
	tpl_set_int(content, "VERSION", (long)saved.version);
	if (!show_last_save(a, content, "SAVED_BY", k, saved.id, 0))
		tpl_show(content, "SAVED_BY_SOMEONE");
	if (from_draft)
		tpl_show(content, "DRAFT");
	tpl_show(content, ch->merge_tried ? "MERGED" : "WHOLE");
	for (i = 0; i < k->nfields; i++) {
		struct tpl_dict *row, *field = tpl_add_section(content, "FIELD");

		/* The form that keeps the saved values of the fields in conflict. */
		tpl_set(field, "NAME", k->fields[i].name);
		tpl_set(field, "VALUE", mine->values[i]);
		tpl_set(field, "THEIRS", ch->conflicting[i] ? saved.values[i] : mine->values[i]);
		if (ch->merge_tried && !ch->conflicting[i])
			continue;
		row = tpl_add_section(content, "ROW");
		tpl_set(row, "LABEL", k->fields[i].label);
		set_readable(a, row, "SAVED", &k->fields[i], saved.values[i]);
		set_readable(a, row, "MINE", &k->fields[i], mine->values[i]);
		if (strcmp(saved.values[i], mine->values[i]) != 0)
			tpl_show(row, "DIFFERENT");
	}
	admin_finish(a, 409, root);
	record_free(&saved);
}

/*
** Append the address of the edit form of record r of kind k, with
** draft=state (the draft was just "saved", "submitted", "discarded" or
** "sent back"), to out.
*/
void admin_edit_url(const struct kind *k, const struct record *r, const char *state,
		    struct buf *out)
{
	buf_printf(out, "/admin/edit?type=%s&id=", k->name);
	text_url_escape(out, r->id);
	buf_printf(out, "&draft=%s", state);
}

/*
** Reply with the edit form of record id of kind k: its draft when it has
** one, else its live values; with status and the change refused (NULL:
** none), which edited no field (a draft sent back without a comment).
*/
void admin_edit_stored(struct admin *a, int status, const struct kind *k, const char *id,
		       const struct change *refused)
{
	struct draft_info info;
	struct record r;
	int found = record_load_draft(a->store, k, id, &r, &info);

	if (found < 0)
		admin_read_failed(a);
	else if (found == 1)
		edit_form(a, status, k, &r, refused, true,
			  strcmp(admin_param(a, "draft"), "saved") == 0, NULL);
	else if (load_or_answer(a, k, id, &r))
		edit_form(a, status, k, &r, refused, false, false, NULL);
	record_free(&r);
}

/*
** POST /admin/edit of a record of kind k: save the form, or with
** action=draft (the "Save draft" button) or a go-live time (go_live_at)
** keep it as the record's draft, to go live by itself at that time; with
** action=submit ("Submit for review") keep it as the draft and submit
** it for review.
** A save whose links lead to no page of this site, or to one not
** published, is kept as a draft instead (a new record: not saved) and
** the form warns of them, with a button to save anyway
** (confirm_links=1).
*/
static void save_form(struct admin *a, const struct kind *k)
{
	struct change ch = { .action = CHANGE_SAVE, .kind = k, .username = a->session.username,
			     .role = a->session.role };
	struct link_warning warn = { 0, 0, { { NULL, NULL } }, NULL };
	struct buf back = BUF_INIT;
	char *go_live = record_time_from_form(admin_param(a, "go_live_at"));
	enum change_result result;

	record_from_request(k, a->req, &ch.record);
	if (ch.record.version < 0 || (ch.record.id && ch.record.version == 0)) {
		admin_message(a, 400, "Bad form", "The form lacks the version of the record it edits.");
		goto done;
	}
	/* A go-live time makes any save a draft that goes live then. */
	if (ch.record.id && *go_live)
		ch.go_live_at = go_live;
	ch.submit = strcmp(admin_param(a, "action"), "submit") == 0;
	if (strcmp(admin_param(a, "action"), "draft") == 0 || ch.submit || ch.go_live_at)
		ch.action = CHANGE_DRAFT;
	ch.drop_draft = strcmp(admin_param(a, "draft_shown"), "1") == 0;
	/* A draft hides nothing from visitors: only a save may ask first. */
	if (ch.action == CHANGE_SAVE && asked_before_hiding(a, k, &ch.record, ch.drop_draft))
		goto done;
	result = CHANGE_OK;
	if (ch.action == CHANGE_SAVE && strcmp(admin_param(a, "confirm_links"), "1") != 0 &&
	    broken_links_of(a, k, &ch.record, &warn) > 0) {
		if (ch.record.id && k->takes_drafts) {
			ch.action = CHANGE_DRAFT;
		} else if ((result = record_admissible(a->store, &ch)) == CHANGE_OK) {
			/* Nothing to keep a draft of yet: ask first, once the
			** form is right. */
			edit_form(a, 200, k, &ch.record, NULL, ch.drop_draft, false, &warn);
			goto done;
		}
	}
	if (result == CHANGE_OK)
		result = record_apply(a->store, a->config, &ch);
	switch (result) {
	case CHANGE_OK:
		if (warn.n + warn.more > 0) {
			edit_form(a, 200, k, &ch.record, NULL, true, true, &warn);
		} else if (ch.action == CHANGE_DRAFT) {
			admin_edit_url(k, &ch.record, ch.submit ? "submitted" : "saved", &back);
			admin_redirect(a, back.data);
		} else {
			kind_list_url(k, &ch.record, &back);
			admin_changed(a, &ch, back.data);
		}
		break;
	case CHANGE_INVALID:
	case CHANGE_DUPLICATE:
		edit_form(a, 422, k, &ch.record, &ch, ch.drop_draft, false, NULL);
		break;
	case CHANGE_CONFLICT:
		conflict_page(a, &ch, ch.drop_draft);
		break;
	default:
		admin_change_failed(a, result, k->title);
		break;
	}
done:
	link_warning_free(&warn);
	buf_free(&back);
	change_free(&ch);
	free(go_live);
}

/*
** GET /admin/edit?type=..&copy=ID: the form of a new record with the
** values of record ID (record_duplicate), nothing saved until the editor
** saves it.
*/
static void copy_form(struct admin *a, const struct kind *k, const char *id)
{
	struct record from, r;

	memset(&r, 0, sizeof r);
	if (load_or_answer(a, k, id, &from)) {
		record_duplicate(k, &from, &r);
		edit_form(a, 200, k, &r, NULL, false, false, NULL);
	}
	record_free(&from);
	record_free(&r);
}

/*
** /admin/edit: GET shows the form (?type=..&id=.. for a record,
** ?type=..&copy=.. for a copy of one, or ?type=.. with initial values
** for a new one); POST saves it (save_form).
*/
void admin_edit(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	const char *id = admin_param(a, "id"), *copy = admin_param(a, "copy");
	struct record r;

	if (k == NULL)
		return;
	if (*id == '\0' && k->created_by) {
		/* New records of this kind come from their own screen (an upload). */
		admin_redirect(a, k->created_by);
	} else if (a->req->method == METHOD_POST) {
		save_form(a, k);
	} else if (*id) {
		admin_edit_stored(a, 200, k, id, NULL);
	} else if (*copy) {
		copy_form(a, k, copy);
	} else {
		record_from_request(k, a->req, &r);
		record_defaults(k, &r);
		edit_form(a, 200, k, &r, NULL, false, false, NULL);
		record_free(&r);
	}
}

/*
** Before publishing the draft ch names (ch->comment: the comment it
** goes with, or NULL), ask first, reply with the draft's form and return
** true, nothing published: when that takes the record out of visitors'
** sight while other records lead to it (asked_before_hiding), or when
** the draft's links lead to no page or file of this site, or to a page
** not published (links.h), naming each, with a button to publish anyway
** (confirm_links=1, the comment kept) unless the editor just did.
** Returns false when publishing may go on, or when it is not admissible
** (record_apply then says why: a contributor's 403).
*/
static bool asked_before_publishing(struct admin *a, struct change *ch)
{
	const struct kind *k = ch->kind;
	struct link_warning warn = { 0, 0, { { NULL, NULL } }, ch->comment ? ch->comment : "" };
	struct draft_info info;
	struct record draft;
	bool asked = false;

	memset(&draft, 0, sizeof draft);
	if (record_admissible(a->store, ch) != CHANGE_OK ||
	    record_load_draft(a->store, k, ch->record.id, &draft, &info) != 1)
		goto done;
	asked = asked_before_hiding(a, k, &draft, true);
	if (!asked && strcmp(admin_param(a, "confirm_links"), "1") != 0 &&
	    broken_links_of(a, k, &draft, &warn) > 0) {
		edit_form(a, 200, k, &draft, NULL, true, false, &warn);
		asked = true;
	}
done:
	link_warning_free(&warn);
	record_free(&draft);
	return asked;
}

/*
** /admin/draft (POST type, id, do=publish|discard, and comment): make
** the record's draft live (asking first when that hides it from links to
** it, or when its own links are broken: asked_before_publishing), the
** comment kept in its revision (a review's), or drop it. Publishing
** from the review form comes here too.
*/
void admin_draft(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	const char *what = admin_param(a, "do");
	struct change ch = { .username = a->session.username,
			     .role = a->session.role };
	struct buf next = BUF_INIT;
	enum change_result result;
	char *comment;

	if (k == NULL)
		return;
	if (strcmp(what, "publish") != 0 && strcmp(what, "discard") != 0) {
		admin_message(a, 400, "Bad form", "The form says neither to publish nor to discard.");
		return;
	}
	ch.kind = k;
	ch.action = strcmp(what, "publish") == 0 ? CHANGE_PUBLISH_DRAFT : CHANGE_DISCARD_DRAFT;
	ch.record.id = xstrdup(admin_param(a, "id"));
	comment = admin_param_text(a, "comment");
	if (ch.action == CHANGE_PUBLISH_DRAFT && *comment)
		ch.comment = comment;
	if (ch.action == CHANGE_PUBLISH_DRAFT && asked_before_publishing(a, &ch))
		goto done;
	result = record_apply(a->store, a->config, &ch);
	if (result == CHANGE_OK && ch.action == CHANGE_PUBLISH_DRAFT) {
		kind_list_url(k, &ch.record, &next);
		admin_changed(a, &ch, next.data);
	} else if (result == CHANGE_OK) {
		admin_edit_url(k, &ch.record, "discarded", &next);
		admin_redirect(a, next.data);
	} else if (result == CHANGE_CONFLICT) {
		conflict_page(a, &ch, true);
	} else if (result == CHANGE_INVALID || result == CHANGE_DUPLICATE) {
		edit_form(a, 422, k, &ch.record, &ch, true, false, NULL);
	} else {
		admin_change_failed(a, result, k->title);
	}
done:
	buf_free(&next);
	change_free(&ch);
	free(comment);
}

/*
** /admin/delete: GET asks for confirmation, listing where the record is
** used (links_each: a file's address in pages); POST deletes (if the
** record is still at the version confirmed). A POST for a record in use
** that does not say the editor saw where (confirm_in_use=1) gets the
** question again (409), and nothing is deleted.
*/
void admin_delete(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	struct change ch = { .action = CHANGE_DELETE, .username = a->session.username,
			     .role = a->session.role };
	struct tpl_dict *content, *root;
	struct buf back = BUF_INIT;
	enum change_result result;
	bool unseen;
	int n;

	if (k == NULL)
		return;
	ch.kind = k;
	if (k->never_deleted) {
		admin_message(a, 400, "Cannot delete", k->never_deleted);
		return;
	}
	if (!load_or_answer(a, k, admin_param(a, "id"), &ch.record))
		return;
	kind_list_url(k, &ch.record, &back);
	unseen = a->req->method == METHOD_POST && k->links_each &&
		 strcmp(admin_param(a, "confirm_in_use"), "1") != 0;
	if (a->req->method != METHOD_POST || unseen) {
		root = admin_page(a, "Delete", "admin-delete.tpl", &content);
		tpl_set(content, "ENTITY", k->title);
		tpl_set(content, "TYPE", k->name);
		tpl_set(content, "ID", ch.record.id);
		tpl_set_int(content, "VERSION", (long)ch.record.version);
		tpl_set(content, "LABEL", ch.record.values[k->label_field]);
		tpl_set(content, "BACK_URL", back.data);
		n = k->links_each ? k->links_each(a->store, &ch.record, count_link, NULL) : 0;
		if (n > 0)
			n = k->links_each(a->store, &ch.record, admin_add_link, tpl_add_section(content, "USED"));
		else
			tpl_show(content, "UNUSED");
		if (n < 0) {
			tpl_dict_free(root);
			admin_read_failed(a);
		} else if (n > 0 || !unseen) {
			/* A POST that did not see where the record is used is asked again. */
			admin_finish(a, n > 0 && unseen ? 409 : 200, root);
		} else {
			tpl_dict_free(root);
			unseen = false;
		}
	}
	if (a->req->method == METHOD_POST && !unseen) {
		ch.record.version = text_parse_number(admin_param(a, "version"), 18);
		result = record_apply(a->store, a->config, &ch);
		if (result == CHANGE_OK)
			admin_changed(a, &ch, back.data);
		else
			admin_change_failed(a, result, k->title);
	}
	buf_free(&back);
	change_free(&ch);
}

/*
** /admin/move (POST type, id, direction=up|down).
*/
void admin_move(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	const char *direction = admin_param(a, "direction");
	struct change ch = { .username = a->session.username,
			     .role = a->session.role };
	struct buf back = BUF_INIT;
	enum change_result result;

	if (k == NULL)
		return;
	ch.kind = k;
	if (k->sql_neighbour == NULL ||
	    (strcmp(direction, "up") != 0 && strcmp(direction, "down") != 0)) {
		admin_message(a, 400, "Cannot move", "These records have no order of their own: they do not move up or down.");
		return;
	}
	ch.action = strcmp(direction, "up") == 0 ? CHANGE_MOVE_UP : CHANGE_MOVE_DOWN;
	if (!load_or_answer(a, k, admin_param(a, "id"), &ch.record))
		return;
	result = record_apply(a->store, a->config, &ch);
	if (result == CHANGE_OK) {
		kind_list_url(k, &ch.record, &back);
		admin_changed(a, &ch, back.data);
	} else {
		admin_change_failed(a, result, k->title);
	}
	buf_free(&back);
	change_free(&ch);
}

/*
** /admin/resume: the form kept when the editor's session ended before
** it arrived (admin_login_keeping), given back once, after the login,
** with every field as typed. Not saved: the editor saves it, and its
** version still guards against a newer save meanwhile.
*/
void admin_resume(struct admin *a)
{
	const struct request *real = a->req;
	struct request kept;
	struct record r;
	const struct kind *k;
	char *route = NULL, *fields = NULL;
	int found = auth_kept_take(a->store, a->token, &route, &fields);

	memset(&kept, 0, sizeof kept);
	memset(&r, 0, sizeof r);
	if (found < 0) {
		admin_read_failed(a);
		goto done;
	}
	if (found == 0 || request_parse_pairs(&kept, fields, strlen(fields)) != 0) {
		admin_message(a, 404, "Nothing kept",
			      "No form is kept for you: it was given back already, or it was kept "
			      "more than a day ago.");
		goto done;
	}
	a->req = &kept;		/* the kept fields, as if just sent */
	k = admin_kind(a);
	if (k != NULL) {
		record_from_request(k, &kept, &r);
		edit_form_noting(a, 200, k, &r, NULL,
				 "This is what you typed before your session ended. It is not saved "
				 "yet: check it, then save.", NULL, NULL);
	}
	a->req = real;
done:
	record_free(&r);
	request_free(&kept);
	free(route);
	free(fields);
}
