/*
** admin-preview.c: a record as visitors will see it, before it is live.
** /admin/preview renders the edit form's values on the page that shows
** the record (record_preview: the one renderer, over the values written
** in a transaction that is rolled back); private preview links to a
** record's draft are made and revoked from its form (/admin/preview-link)
** and opened without an account (/admin/shared), marked as not live and
** never indexed.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "model-admin.h"
#include "text.h"

/*
** Reply with the preview of ch's record rendered into html (record_preview
** answered result), or why there is none: 422 naming the fields to
** correct, the failure otherwise. For every screen that previews.
*/
void admin_preview_reply(struct admin *a, const struct change *ch, enum change_result result,
			  const struct buf *html)
{
	struct buf why = BUF_INIT;
	int i;

	if (result == CHANGE_OK) {
		reply_html(a->rep, 200);
		buf_append(&a->rep->body, html->data, html->len);
	} else if (result == CHANGE_INVALID || result == CHANGE_DUPLICATE) {
		buf_puts(&why, "Correct these fields first: the preview needs them to be valid.");
		for (i = 0; i < ch->kind->nfields; i++)
			if (ch->errors[i])
				buf_printf(&why, " %s: %s", ch->kind->fields[i].label, ch->errors[i]);
		admin_message(a, 422, "Cannot preview", why.data);
	} else {
		admin_change_failed(a, result, ch->kind->title);
	}
	buf_free(&why);
}

/*
** POST /admin/preview (an edit form's fields): the record as visitors
** will see it once saved, on the page that shows it, without saving.
*/
void admin_preview(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	struct change ch = { .username = a->session.username };
	struct buf html = BUF_INIT;

	if (k == NULL)
		return;
	if (!k->has_preview) {
		admin_message(a, 400, "Cannot preview", "Records of this kind are not shown on the site's pages.");
		return;
	}
	ch.kind = k;
	record_from_request(k, a->req, &ch.record);
	admin_preview_reply(a, &ch, record_preview(a->store, a->config, &ch, &html), &html);
	buf_free(&html);
	change_free(&ch);
}

/* How long a preview link may work: the edit form's choices. */
static const struct {
	int hours;
	const char *text;
} link_lifetimes[] = {
	{ 1, "an hour" }, { 24, "a day" }, { 24 * 7, "a week" }, { 24 * 30, "30 days" },
};
#define LINK_LIFETIMES ((int)(sizeof link_lifetimes / sizeof link_lifetimes[0]))
#define LINK_LIFETIME_DEFAULT 24

/* preview_links_each's callback: one LINK section in ctx. */
static void add_preview_link(void *ctx, const struct preview_link_row *l)
{
	struct tpl_dict *link = tpl_add_section(ctx, "LINK");

	tpl_set_int(link, "LINK_ID", (long)l->id);
	tpl_set(link, "WHO", l->username);
	admin_set_unix_time(link, "UNTIL", l->expires_at);
}

/*
** Fill d (the edit form's DRAFT section) with the form that makes a
** preview link to the draft of record id of kind k, and the links that
** work, when k's records can be previewed and the user's role makes
** links (an editor's).
*/
void admin_fill_preview_links(struct admin *a, struct tpl_dict *d, const struct kind *k,
			      const char *id)
{
	struct tpl_dict *links, *option;
	int i;

	if (!k->has_preview || !k->takes_drafts || a->session.role < ROLE_EDITOR)
		return;
	links = tpl_add_section(d, "LINKS");
	for (i = 0; i < LINK_LIFETIMES; i++) {
		option = tpl_add_section(links, "LIFETIME");
		tpl_set_int(option, "HOURS", link_lifetimes[i].hours);
		tpl_set(option, "TEXT", link_lifetimes[i].text);
		if (link_lifetimes[i].hours == LINK_LIFETIME_DEFAULT)
			tpl_show(option, "SELECTED");
	}
	preview_links_each(a->store, k->name, id, time(NULL), add_preview_link, links);
}

/*
** The preview link just made, shown once: its address (token appended
** to this site's origin), until when it works, the way back to the form
** of record r of kind k.
*/
static void show_new_link(struct admin *a, const struct kind *k, const struct record *r,
			  const char *token, int64_t until)
{
	struct tpl_dict *content, *root = admin_page(a, "Preview link made", "admin-preview-link.tpl",
						     &content);
	struct buf href = BUF_INIT, back = BUF_INIT;

	admin_origin(a, &href);
	buf_printf(&href, "/admin/shared?t=%s", token);
	buf_printf(&back, "/admin/edit?type=%s&id=", k->name);
	text_url_escape(&back, r->id);
	tpl_set(content, "ENTITY", k->title);
	tpl_set(content, "LABEL", r->values[k->label_field]);
	tpl_set(content, "HREF", href.data);
	tpl_set(content, "BACK_URL", back.data);
	admin_set_unix_time(content, "UNTIL", until);
	admin_finish(a, 200, root);
	buf_free(&href);
	buf_free(&back);
}

/*
** /admin/preview-link (POST type, id, do=make with hours, or do=revoke
** with link): make a private preview link to the record's draft, shown
** once; or revoke one, back to the form.
*/
void admin_preview_link(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	const char *what = admin_param(a, "do");
	int64_t hours = text_parse_number(admin_param(a, "hours"), 4);
	char token[AUTH_TOKEN_HEX];
	struct draft_info info;
	struct buf back = BUF_INIT;
	struct record r;
	int i, found;

	memset(&r, 0, sizeof r);
	if (k == NULL)
		return;
	if (!k->has_preview || !k->takes_drafts) {
		admin_message(a, 400, "Not allowed", "Records of this kind are not shown on the site's pages.");
		return;
	}
	found = record_load_draft(a->store, k, admin_param(a, "id"), &r, &info);
	for (i = 0; i < LINK_LIFETIMES && link_lifetimes[i].hours != hours; i++)
		;
	if (found < 0)
		admin_read_failed(a);
	else if (found == 0)
		admin_change_failed(a, CHANGE_NO_DRAFT, k->title);
	else if (strcmp(what, "revoke") == 0) {
		if (preview_link_revoke(a->store, admin_param_id(a, "link"), k->name, r.id) < 0) {
			admin_change_failed(a, record_failure(a->store), k->title);
		} else {
			buf_printf(&back, "/admin/edit?type=%s&id=", k->name);
			text_url_escape(&back, r.id);
			admin_redirect(a, back.data);
		}
	} else if (strcmp(what, "make") != 0 || i == LINK_LIFETIMES) {
		admin_message(a, 400, "Bad form", "The form says neither how long the link works nor to revoke one.");
	} else if (auth_preview_link_make(a->store, k->name, r.id, a->session.username,
					  hours * 3600, token) < 0) {
		admin_change_failed(a, record_failure(a->store), k->title);
	} else {
		show_new_link(a, k, &r, token, (int64_t)time(NULL) + hours * 3600);
	}
	buf_free(&back);
	record_free(&r);
}

/*
** GET /admin/shared?t=TOKEN, without an account: the draft the link
** leads to, as visitors will see it once published, on the page that
** shows it, marked as a preview that is not live and never indexed; 404
** for a link that does not exist, has expired or was revoked, or whose
** draft is gone.
*/
void admin_shared_preview(struct admin *a)
{
	struct preview_target target;
	struct change ch = { .username = NULL };
	struct draft_info info;
	struct buf html = BUF_INIT;
	int found = auth_preview_link_open(a->store, admin_param(a, "t"), &target);

	ch.kind = found == 1 ? kind_find(target.kind) : NULL;
	if (found == 1 && ch.kind && ch.kind->has_preview)
		found = record_load_draft(a->store, ch.kind, target.record_id, &ch.record, &info);
	else if (found == 1)
		found = 0;
	if (found < 0) {
		admin_read_failed(a);
	} else if (found == 0) {
		admin_message(a, 404, "No such preview",
			      "This preview link does not work (any more): it has expired, was revoked, "
			      "or the draft it showed was published or discarded.");
	} else {
		admin_preview_reply(a, &ch, record_preview(a->store, a->config, &ch, &html), &html);
	}
	/* Whatever the answer (each begins its reply afresh). */
	reply_header(a->rep, "X-Robots-Tag", "noindex, nofollow");
	buf_free(&html);
	change_free(&ch);
	preview_target_free(&target);
}
