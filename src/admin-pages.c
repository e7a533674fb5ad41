/*
** admin-pages.c: /admin/pages, the pages ADMIN_PAGES_LISTED at a time,
** with a search by path or title (?q=..&from=N); /admin/preview, a
** page as the public site will show it, rendered from the form; and
** private preview links to a page's draft: made and revoked from its
** form (/admin/preview-link), opened without an account (/admin/shared).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "model-admin.h"
#include "model-public.h"
#include "render.h"
#include "text.h"
#include "validate.h"

/*
** Add one PAGE to the list: published or not, and whether it has a
** draft pending.
*/
static void add_page_row(void *ctx, const struct page_row *p)
{
	struct admin_list *list = ctx;
	struct tpl_dict *row = tpl_add_section(list->d, "PAGE");

	tpl_set(row, "ID", p->id);
	tpl_set(row, "PATH", p->path);
	tpl_set(row, "TITLE", p->title);
	tpl_set(row, "STATUS", p->published ? "Published" : "Not published");
	if (admin_draft_pending(list->admin, &kind_page, p->id))
		tpl_show(row, "DRAFT_PENDING");
	admin_set_time(row, "UPDATED", p->updated_at);
	tpl_set_int(row, "PROGRAMS", (long)p->programs);
}

/*
** Add a link named section to the pages of the list from from on.
*/
static void set_paging_link(struct tpl_dict *paging, const char *section, const char *query,
			    int64_t from)
{
	struct buf href = BUF_INIT;

	buf_puts(&href, "/admin/pages?q=");
	text_url_escape(&href, query);
	buf_printf(&href, "&from=%lld", (long long)from);
	tpl_set(tpl_add_section(paging, section), "HREF", href.data);
	buf_free(&href);
}

static int fill_pages(struct admin *a, struct tpl_dict *content)
{
	const char *query = admin_param(a, "q");
	int64_t from = text_parse_number(admin_param(a, "from"), 9), total, last;
	struct buf count = BUF_INIT;
	struct tpl_dict *paging;
	struct admin_list list = { a, content };

	if (from < 0)
		from = 0;
	if (validate_line(query, false) != NULL)
		query = "";
	if (admin_page_count(a->store, query, &total) < 0)
		return -1;
	tpl_set(content, "QUERY", query);
	if (*query)
		tpl_show(content, "SEARCHED");
	last = from + ADMIN_PAGES_LISTED < total ? from + ADMIN_PAGES_LISTED : total;
	buf_printf(&count, "%lld page%s%s", (long long)total, total == 1 ? "" : "s",
		   *query ? " found" : "");
	if (total > ADMIN_PAGES_LISTED && from < total)
		buf_printf(&count, "; %lld to %lld shown", (long long)from + 1, (long long)last);
	tpl_set(content, "COUNT", count.data);
	buf_free(&count);
	if (total > ADMIN_PAGES_LISTED) {
		paging = tpl_add_section(content, "PAGING");
		if (from > 0)
			set_paging_link(paging, "PREV", query,
					from > ADMIN_PAGES_LISTED ? from - ADMIN_PAGES_LISTED : 0);
		if (from + ADMIN_PAGES_LISTED < total)
			set_paging_link(paging, "NEXT", query, from + ADMIN_PAGES_LISTED);
	}
	return admin_pages_each(a->store, query, from, ADMIN_PAGES_LISTED, add_page_row, &list);
}

void admin_pages(struct admin *a)
{
	admin_screen(a, "Pages", "admin-pages.tpl", fill_pages);
}

/*
** Render the submitted page fields exactly as the public site would
** (same render_page), programs and menus included, without saving.
*/
void admin_preview(struct admin *a)
{
	struct page p;

	/* p borrows the request's strings: it is not page_free()d. */
	memset(&p, 0, sizeof p);
	p.id = admin_param_id(a, "id");
	p.path = (char *)admin_param(a, "path");
	p.title = (char *)admin_param(a, "title");
	p.summary = (char *)admin_param(a, "summary");
	p.body = (char *)admin_param(a, "body");
	p.published = 1;
	if (validate_page_path(p.path) || validate_line(p.title, true) ||
	    validate_text(p.summary) || validate_body(p.body)) {
		admin_message(a, 422, "Cannot preview",
			      "Correct the page's path, title, summary and body first: "
			      "the preview needs them to be valid.");
		return;
	}
	reply_html(a->rep, 200);
	if (!render_page(a->store, a->config, &p, &a->rep->body))
		admin_read_failed(a);
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

/* Set key (and key_ISO) in d to the unix time t, as admin_set_time does. */
static void set_unix_time(struct tpl_dict *d, const char *key, int64_t t)
{
	char iso[32];
	time_t when = (time_t)t;
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	admin_set_time(d, key, iso);
}

/* preview_links_each's callback: one LINK section in ctx. */
static void add_preview_link(void *ctx, const struct preview_link_row *l)
{
	struct tpl_dict *link = tpl_add_section(ctx, "LINK");

	tpl_set_int(link, "LINK_ID", (long)l->id);
	tpl_set(link, "WHO", l->username);
	set_unix_time(link, "UNTIL", l->expires_at);
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
	set_unix_time(content, "UNTIL", until);
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
		admin_message(a, 400, "Not allowed", "Only a page's draft has preview links.");
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
** The value of r's field called name ("" when kind k has none), for a
** page rendered from a record. Borrowed from r.
*/
static char *page_value(const struct kind *k, const struct record *r, const char *name)
{
	int i = kind_field(k, name);

	return i >= 0 ? r->values[i] : (char *)"";
}

/*
** GET /admin/shared?t=TOKEN, without an account: the page's draft the
** link leads to, as visitors will see it once published, marked as a
** preview that is not live and never indexed; 404 for a link that does
** not exist, has expired or was revoked, or whose draft is gone.
*/
void admin_shared_preview(struct admin *a)
{
	struct preview_target target;
	const struct kind *k;
	struct draft_info info;
	struct record r;
	struct page p;
	int found = auth_preview_link_open(a->store, admin_param(a, "t"), &target);

	memset(&r, 0, sizeof r);
	k = found == 1 ? kind_find(target.kind) : NULL;
	if (found == 1 && k && k->has_preview)
		found = record_load_draft(a->store, k, target.record_id, &r, &info);
	else if (found == 1)
		found = 0;
	if (found < 0) {
		admin_read_failed(a);
	} else if (found == 0) {
		admin_message(a, 404, "No such preview",
			      "This preview link does not work (any more): it has expired, was revoked, "
			      "or the draft it showed was published or discarded.");
		reply_header(a->rep, "X-Robots-Tag", "noindex, nofollow");
	} else {
		/* p borrows r's strings: it is not page_free()d. */
		memset(&p, 0, sizeof p);
		p.id = text_parse_id(r.id);
		p.path = page_value(k, &r, "path");
		p.title = page_value(k, &r, "title");
		p.summary = page_value(k, &r, "summary");
		p.body = page_value(k, &r, "body");
		p.published = 1;
		reply_html(a->rep, 200);
		reply_header(a->rep, "X-Robots-Tag", "noindex, nofollow");
		if (!render_page_preview(a->store, a->config, &p, &a->rep->body))
			admin_read_failed(a);
	}
	record_free(&r);
	preview_target_free(&target);
}
