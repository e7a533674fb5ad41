/*
** admin-screen.c: what the admin's screens share: their parameters,
** the layout around every screen, messages and redirects, the replies
** to a failed read and to a change that did not go through, the page
** picker and the rows of the lists.
*/
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "log.h"
#include "model-admin.h"
#include "purge.h"
#include "text.h"
#include "validate.h"

/*
** A request parameter, or "" when absent. Borrowed from the request.
*/
const char *admin_param(const struct admin *a, const char *name)
{
	const char *v = request_param(a->req, name);

	return v ? v : "";
}

/*
** Parameter name as typed text is kept (text_normalize: LF line ends,
** NFC), "" when absent. Owned by the caller.
*/
char *admin_param_text(const struct admin *a, const char *name)
{
	char *kept = text_normalize(admin_param(a, name));

	/* NULL only for text that is not UTF-8, which request_parse refused. */
	return kept ? kept : xstrdup("");
}

/*
** A record id parameter, or 0 when absent or not a plain number.
*/
int64_t admin_param_id(const struct admin *a, const char *name)
{
	return text_parse_id(admin_param(a, name));
}

/*
** Whether id, a record id parameter, is one to look up: not empty and
** at most ADMIN_ID_MAX bytes. Otherwise answers 400 and returns false.
*/
bool admin_record_id_ok(struct admin *a, const char *id)
{
	if (*id && strlen(id) <= ADMIN_ID_MAX)
		return true;
	admin_message(a, 400, "Bad request", "This address does not name a record.");
	return false;
}

/*
** The index of value among the choices c, or -1.
*/
static int choice_index(const struct admin_choices *c, const char *value)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->choice[i][0], value) == 0)
			return i;
	return -1;
}

/*
** How an editor reads the choice value of c ("live" -> "Live"); value
** itself when it is none of them. Borrowed.
*/
const char *admin_choice_text(const struct admin_choices *c, const char *value)
{
	int i = choice_index(c, value);

	return i < 0 ? value : c->choice[i][1];
}

/*
** Append to why "The NAME must be A, B or C." for the choices c, and
** return its text.
*/
static const char *must_be(struct buf *why, const char *name, const struct admin_choices *c)
{
	int i;

	buf_printf(why, "The %s must be ", name);
	for (i = 0; i < c->n; i++)
		buf_printf(why, "%s%s", i == 0 ? "" : i + 1 == c->n ? " or " : ", ", c->choice[i][0]);
	buf_puts(why, ".");
	return why->data;
}

/*
** Why the list filter of the request is refused, or NULL: see
** admin_list_filter_ok.
*/
static const char *list_filter_refusal(struct admin *a, struct list_filter *f,
				       const struct admin_choices *statuses,
				       const struct admin_choices *sorts, struct buf *why)
{
	const char *sort = admin_param(a, "sort"), *order = admin_param(a, "order");

	f->text = admin_param(a, "q");
	f->status = admin_param(a, "status");
	f->sort = *sort ? sort : sorts->choice[0][0];
	f->descending = strcmp(order, "desc") == 0;
	if (validate_line(f->text, false) != NULL)
		return "The search text must be one line of at most 200 characters.";
	if (*f->status && statuses->n == 0)
		return "This list has no status to filter on.";
	if (*f->status && choice_index(statuses, f->status) < 0)
		return must_be(why, "status", statuses);
	if (choice_index(sorts, f->sort) < 0)
		return must_be(why, "sort", sorts);
	if (*order && !f->descending && strcmp(order, "asc") != 0)
		return "The order must be asc or desc.";
	return NULL;
}

/*
** Read a list's filter from the request into f (its strings borrowed
** from the request): q, one line; status, one of statuses or empty;
** sort, one of sorts (the first when empty); order, asc or desc.
** Returns whether they are good; when not, the reply (400) says why.
*/
bool admin_list_filter_ok(struct admin *a, struct list_filter *f,
			  const struct admin_choices *statuses, const struct admin_choices *sorts)
{
	struct buf why = BUF_INIT;
	const char *refused = list_filter_refusal(a, f, statuses, sorts, &why);

	if (refused)
		admin_message(a, 400, "Bad filter", refused);
	buf_free(&why);
	return refused == NULL;
}

/*
** Add a section of content for each of the choices c, with its value
** and text, the one whose value is chosen selected.
*/
static void add_options(struct tpl_dict *content, const char *section,
			const struct admin_choices *c, const char *chosen)
{
	struct tpl_dict *opt;
	int i;

	for (i = 0; i < c->n; i++) {
		opt = tpl_add_section(content, section);
		tpl_set(opt, "VALUE", c->choice[i][0]);
		tpl_set(opt, "TEXT", c->choice[i][1]);
		if (strcmp(c->choice[i][0], chosen) == 0)
			tpl_show(opt, "SELECTED");
	}
}

/*
** Show f in a list's filter form in content: the text typed, each
** choice with the one made selected.
*/
void admin_list_filter_form(struct tpl_dict *content, const struct list_filter *f,
			    const struct admin_choices *statuses, const struct admin_choices *sorts)
{
	tpl_set(content, "QUERY", f->text);
	add_options(content, "STATUS_OPTION", statuses, f->status);
	add_options(content, "SORT_OPTION", sorts, f->sort);
	if (f->descending)
		tpl_show(content, "DESCENDING");
}

/*
** Add to content the filter form of a list at action
** ({{>FILTER}}, admin-list-filter.tpl) showing f, its search field
** labelled search_label, a link to the whole list at all_href when f
** leaves records out, and the status when the list has statuses.
** Returns the form's dictionary, for the parameters that name the list
** (HIDDEN); owned by content.
*/
struct tpl_dict *admin_list_filter_bar(struct tpl_dict *content, const char *action,
				       const char *search_label, const char *all_href,
				       const struct list_filter *f,
				       const struct admin_choices *statuses,
				       const struct admin_choices *sorts)
{
	struct tpl_dict *bar = tpl_add_include(content, "FILTER", "admin-list-filter.tpl");

	tpl_set(bar, "ACTION", action);
	tpl_set(bar, "SEARCH_LABEL", search_label);
	tpl_set(bar, "ALL_HREF", all_href);
	admin_list_filter_form(bar, f, statuses, sorts);
	if (statuses->n > 0)
		tpl_show(bar, "HAS_STATUS");
	if (admin_list_filtered(f, sorts)) {
		tpl_show(bar, "SEARCHED");
		tpl_show(content, "SEARCHED");
	}
	return bar;
}

/*
** Whether f leaves out records or orders them otherwise than the list's
** first order (sorts' first).
*/
bool admin_list_filtered(const struct list_filter *f, const struct admin_choices *sorts)
{
	return *f->text || *f->status || strcmp(f->sort, sorts->choice[0][0]) != 0 || f->descending;
}

/*
** Read the choices c (n of them) of a list's filter from the request:
** each c[i].chosen gets its parameter (borrowed), "" or one of its
** choices. Returns whether they are good; when not, the reply (400)
** says why.
*/
bool admin_list_choices_ok(struct admin *a, struct admin_list_choice *c, int n)
{
	struct buf why = BUF_INIT;
	int i;

	for (i = 0; i < n; i++) {
		c[i].chosen = admin_param(a, c[i].name);
		if (*c[i].chosen && choice_index(&c[i].choices, c[i].chosen) < 0) {
			admin_message(a, 400, "Bad filter", must_be(&why, c[i].name, &c[i].choices));
			buf_free(&why);
			return false;
		}
	}
	return true;
}

/*
** Add the choices c (n of them) to a list's filter form bar (from
** admin_list_filter_bar), each a select with "Any" and its choices, the
** one chosen selected; when any is chosen, the form and content show
** SEARCHED (a link to the whole list).
*/
void admin_list_filter_choices(struct tpl_dict *content, struct tpl_dict *bar,
			       const struct admin_list_choice *c, int n)
{
	struct tpl_dict *d;
	int i;

	for (i = 0; i < n; i++) {
		d = tpl_add_section(bar, "CHOICE");
		tpl_set(d, "NAME", c[i].name);
		tpl_set(d, "LABEL", c[i].label);
		add_options(d, "OPTION", &c[i].choices, c[i].chosen);
	}
	if (admin_list_choices_made(c, n)) {
		tpl_show(bar, "SEARCHED");
		tpl_show(content, "SEARCHED");
	}
}

/*
** Whether any of the choices c (n of them) leaves records out.
*/
bool admin_list_choices_made(const struct admin_list_choice *c, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (*c[i].chosen)
			return true;
	return false;
}

/*
** The kind of record named by the "type" parameter; NULL (and a 404
** reply) when there is none.
*/
const struct kind *admin_kind(struct admin *a)
{
	const struct kind *k = kind_find(admin_param(a, "type"));

	if (k == NULL)
		admin_message(a, 404, "Not found", "There is no such kind of record.");
	return k;
}

/*
** After a change (admin_changed sends the browser on with done= its
** revision): say above the page what changed, naming the record, with a
** link to where visitors see it. A revision that does not exist, or
** whose record cannot be read, says nothing.
*/
static void confirm_change(struct admin *a, struct tpl_dict *root)
{
	int64_t id = text_parse_id(admin_param(a, "done"));
	struct revision_state state = { 0 };
	struct record r;
	struct buf text = BUF_INIT, url = BUF_INIT, caches = BUF_INIT;
	const struct kind *k;
	struct tpl_dict *notice;
	bool deleted = false;

	memset(&r, 0, sizeof r);
	if (id <= 0 || revision_state(a->store, id, false, &state) != 1)
		goto done;
	deleted = strcmp(state.action, "delete") == 0;	/* state: the record before */
	k = kind_find(state.kind);
	if (k == NULL || record_from_json(a->store, k, state.json, &r) < 0)
		goto done;
	buf_printf(&text, "%s %s “%s”.", deleted ? "Deleted the" : "Saved the", k->title,
		   r.values[k->label_field]);
	/* The save was merged with one made meanwhile (record.h: merging). */
	if (strcmp(admin_param(a, "merged"), "1") == 0)
		buf_printf(&text, " It was saved by someone else while you edited: their changes to "
			   "the fields you left alone are kept.");
	/* Caches that did not confirm its purge (purge.h), read from the
	** queue: whatever is still pending there, never names from the URL. */
	if (strcmp(admin_param(a, "unpurged"), "1") == 0 && purge_pending(a->config, &caches) > 0)
		buf_printf(&text, " These caches did not confirm that they dropped the old version: "
			   "%s. They may show it until 'runningcode purge --retry' reaches them "
			   "(the runningcode-purge timer runs it every minute).", caches.data);
	if (!deleted && k->public_url && k->public_url(a->store, &r, &url) < 0)
		buf_reset(&url);
	notice = tpl_add_section(root, "CONFIRMATION");
	tpl_set(notice, "TEXT", text.data);
	if (url.len)
		tpl_set(tpl_add_section(notice, "VIEW"), "HREF", url.data);
done:
	record_free(&r);
	revision_state_free(&state);
	buf_free(&text);
	buf_free(&url);
	buf_free(&caches);
}

/*
** Start an admin page: the layout around content_file. *content gets
** the content's dictionary (owned by the result) for the caller to
** fill, which shows CAN_PUBLISH to editors and administrators and
** CAN_ADMINISTER to administrators; admin_finish expands and frees the
** result.
*/
struct tpl_dict *admin_page(struct admin *a, const char *title, const char *content_file,
			    struct tpl_dict **content)
{
	struct tpl_dict *root = tpl_dict_new();

	tpl_set_global(root, "SITE_NAME", a->config->site_name);
	tpl_set_global(root, "CSRF_TOKEN", a->logged_in ? a->session.csrf_token : "");
	tpl_set(root, "TITLE", title);
	if (a->logged_in) {
		struct tpl_dict *user = tpl_add_section(root, "LOGGED_IN");

		tpl_set(user, "USERNAME", a->session.username);
		tpl_set(user, "ROLE", role_title(a->session.role));
		if (a->session.role >= ROLE_EDITOR)
			tpl_show(user, "EDITOR");
		if (a->session.role >= ROLE_ADMINISTRATOR)
			tpl_show(user, "ADMINISTRATOR");
		tpl_set_int(user, "SESSION_LEFT", a->session.seconds_left);
	}
	if (a->logged_in && a->req && a->req->method == METHOD_GET)
		confirm_change(a, root);
	*content = tpl_add_include(root, "CONTENT", content_file);
	/* What the content shows of each role's actions (role.h). */
	if (a->logged_in && a->session.role >= ROLE_EDITOR)
		tpl_show(*content, "CAN_PUBLISH");
	if (a->logged_in && a->session.role >= ROLE_ADMINISTRATOR)
		tpl_show(*content, "CAN_ADMINISTER");
	return root;
}

/*
** Expand root (from admin_page) into the reply with status, and free it.
*/
void admin_finish(struct admin *a, int status, struct tpl_dict *root)
{
	reply_html(a->rep, status);
	if (!tpl_expand("admin-layout.tpl", root, &a->rep->body)) {
		log_error("template admin-layout.tpl (or one it includes) failed to expand");
		a->rep->status = 500;
		buf_puts(&a->rep->body, "<!DOCTYPE html><title>Error</title>"
			 "<p>The admin pages are broken (a template failed). See the server log.</p>");
	}
	tpl_dict_free(root);
}

/*
** A screen whose content fill fills from the database: 200, or when
** fill cannot read (returns -1) the reply to a failed read.
*/
void admin_screen(struct admin *a, const char *title, const char *content_file,
		  int (*fill)(struct admin *a, struct tpl_dict *content))
{
	struct tpl_dict *content, *root = admin_page(a, title, content_file, &content);

	if (fill(a, content) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
		return;
	}
	admin_finish(a, 200, root);
}

/*
** A page with a title and a sentence, for refusals and errors.
*/
void admin_message(struct admin *a, int status, const char *title, const char *message)
{
	struct tpl_dict *content, *root;

	reply_reset(a->rep);
	root = admin_page(a, title, "admin-message.tpl", &content);
	tpl_set(content, "HEADING", title);
	tpl_set(content, "MESSAGE", message);
	admin_finish(a, status, root);
}

/*
** Say in a Server-Timing header (the browser's developer tools show it;
** tools/cluster measures with it) how long the purge of the caches took
** before the reply to ch, when one was sent.
*/
static void server_timing(struct admin *a, const struct change *ch)
{
	char value[64];

	if (ch->purge_ms <= 0)
		return;
	snprintf(value, sizeof value, "purge;dur=%.1f;desc=\"caches purged\"", ch->purge_ms);
	reply_header(a->rep, "Server-Timing", value);
}

/*
** The reply to a change that went through: on to location with done=
** the change's revision (and merged=1 when it was merged with a newer
** version, unpurged=1 when a cache did not confirm its purge) (See Other),
** or, when its pages could not be published, a page that says so (the
** change is saved, and the worker serves every page from the database
** until a publish succeeds: visitors see it) with a link to location;
** the same when a file's bytes could not be moved (which visitors may
** not see until they are).
*/
void admin_changed(struct admin *a, const struct change *ch, const char *location)
{
	struct tpl_dict *content, *root, *next;
	struct buf there = BUF_INIT;
	const char *heading;

	if (ch->published && !ch->files_unmoved) {
		/* The next page confirms the change (admin_page: "done"). */
		buf_printf(&there, "%s%cdone=%lld%s%s", location, strchr(location, '?') ? '&' : '?',
			   (long long)ch->revision, ch->merged ? "&merged=1" : "",
			   ch->unpurged.len ? "&unpurged=1" : "");
		admin_redirect(a, there.data);
		server_timing(a, ch);
		buf_free(&there);
		return;
	}
	reply_reset(a->rep);
	heading = ch->published ? "Saved; an uploaded file was not moved" : "Saved; publishing failed";
	root = admin_page(a, heading, "admin-message.tpl", &content);
	tpl_set(content, "HEADING", heading);
	tpl_set(content, "MESSAGE", ch->published ?
		"Your change is saved, but the bytes of an uploaded file could not be moved as the "
		"library says (the server log says why): until they are, visitors may still get a "
		"deleted file at its address, or not get a restored one. 'runningcode publish' moves "
		"them again." :
		"Your change is saved, but the published pages could not be written (the server log "
		"says why). Until they are, the site serves every page straight from the database, "
		"so visitors see your change. The next save, or 'runningcode publish', writes them again.");
	next = tpl_add_section(content, "NEXT");
	tpl_set(next, "HREF", location);
	tpl_set(next, "TEXT", "Continue");
	admin_finish(a, 200, root);
}

/*
** See Other: after a successful POST, the browser loads location.
*/
void admin_redirect(struct admin *a, const char *location)
{
	reply_reset(a->rep);
	reply_redirect(a->rep, 303, location);
}

/*
** The reply when the database could not be read (busy past the busy
** timeout, or unavailable): nothing was changed, nothing needs saying
** about saving.
*/
void admin_read_failed(struct admin *a)
{
	admin_message(a, 503, "Please try again",
		      "The database could not be read just now. Please try again in a moment.");
	reply_header(a->rep, "Retry-After", "5");
}

/*
** The reply for a change that did not go through for a reason other
** than the editor's input. what names the record.
*/
void admin_change_failed(struct admin *a, enum change_result result, const char *what)
{
	char msg[300];

	switch (result) {
	case CHANGE_BUSY:
		admin_message(a, 503, "Please try again",
			      "The database is busy with another change. Nothing was saved: "
			      "go back and submit again in a moment.");
		reply_header(a->rep, "Retry-After", "5");
		break;
	case CHANGE_UNPUBLISHABLE:
		admin_message(a, 503, "Not saved",
			      "Nothing was saved: the published pages cannot be updated "
			      "(the server log says why). Please try again later.");
		break;
	case CHANGE_FULL:
		admin_message(a, 507, "Disk full",
			      "Nothing was saved: the server's disk is full. "
			      "Tell the site's operator, then submit again.");
		break;
	case CHANGE_READONLY:
		admin_message(a, 503, "Not saved",
			      "Nothing was saved: the database cannot be written to. "
			      "Tell the site's operator.");
		break;
	case CHANGE_GONE:
		snprintf(msg, sizeof msg, "This %s no longer exists: someone deleted it. "
			 "It may be listed under Recently deleted.", what);
		admin_message(a, 404, "Not found", msg);
		break;
	case CHANGE_CONFLICT:
		snprintf(msg, sizeof msg, "This %s was changed by someone else since you opened it. "
			 "Nothing was changed: reload it and try again.", what);
		admin_message(a, 409, "Changed meanwhile", msg);
		break;
	case CHANGE_NO_DRAFT:
	case CHANGE_NOT_DUE:
		snprintf(msg, sizeof msg, "This %s has no draft now: it was published, discarded "
			 "or saved again meanwhile. Nothing was changed: open the %s again.", what, what);
		admin_message(a, 409, "No such draft", msg);
		break;
	case CHANGE_NOT_IN_REVIEW:
		snprintf(msg, sizeof msg, "The draft of this %s is not waiting for review now: it was "
			 "sent back meanwhile. Nothing was changed: open the %s again.", what, what);
		admin_message(a, 409, "Not in review", msg);
		break;
	case CHANGE_FORBIDDEN:
		admin_forbidden(a);
		break;
	case CHANGE_REFUSED:
		snprintf(msg, sizeof msg, "A %s cannot be changed this way. Nothing was changed.", what);
		admin_message(a, 400, "Not allowed", msg);
		break;
	case CHANGE_IN_USE:
		snprintf(msg, sizeof msg, "This %s still has entries below it. "
			 "Move or delete them first.", what);
		admin_message(a, 409, "Still in use", msg);
		break;
	default:
		admin_message(a, 500, "Not saved",
			      "The database refused the change. Nothing was saved; the server log says why.");
		break;
	}
}

/*
** Append the site's address for a link made to be sent on (base_url,
** else the request's origin), without a trailing slash.
*/
void admin_origin(struct admin *a, struct buf *out)
{
	if (a->config->base_url)
		buf_puts(out, a->config->base_url);
	else
		request_origin(a->req, a->config->trusted_proxies, out);
}

/*
** The reply to a request that the user's role does not allow: 403, and
** that nothing was changed.
*/
void admin_forbidden(struct admin *a)
{
	char msg[256];

	snprintf(msg, sizeof msg, "Your role (%s) does not allow this, so nothing was changed. "
		 "An administrator can change your role.", role_title(a->session.role));
	admin_message(a, 403, "Not allowed for your role", msg);
}

struct options {
	struct tpl_dict *field;
	const char *selected;
	struct buf text;
};

static void add_page_option(void *ctx, const struct page_row *p)
{
	struct options *o = ctx;
	struct tpl_dict *opt = tpl_add_section(o->field, "OPTION");

	buf_reset(&o->text);
	buf_printf(&o->text, "%s (%s)%s", p->title, p->path, p->published ? "" : " [not published]");
	tpl_set(opt, "VALUE", p->id);
	tpl_set(opt, "TEXT", o->text.data);
	if (strcmp(p->id, o->selected) == 0)
		tpl_show(opt, "SELECTED");
}

static void set_page_path(void *ctx, const struct page_row *p)
{
	tpl_set(ctx, "PATH", p->path);
}

/*
** Fill field (one FIELD of the edit form) with a way to choose a page,
** the one whose id is selected shown chosen: a list of every page
** (published or not) on a site of up to ADMIN_PICKER_LISTED pages; on
** a larger one, a text field for the page's path (record.c takes a path
** for a page's id), which keeps the form small and quick. selected may
** also be a path an editor typed that names no page: shown as typed.
*/
void admin_page_picker(struct admin *a, struct tpl_dict *field, const char *selected,
		       bool required)
{
	struct options o = { NULL, selected, BUF_INIT };
	struct page_filter all = PAGE_FILTER_ALL;
	struct tpl_dict *typed;
	int64_t pages = 0;

	if (admin_page_count(a->store, &all, &pages) >= 0 && pages <= ADMIN_PICKER_LISTED) {
		o.field = tpl_add_section(field, "SELECT");
		tpl_set(tpl_add_section(o.field, "EMPTY"), "TEXT", required ? "Choose a page" : "No page");
		admin_pages_each(a->store, &all, 0, ADMIN_PICKER_LISTED, add_page_option, &o);
		buf_free(&o.text);
		return;
	}
	typed = tpl_add_section(field, "PAGE_PATH");
	if (*selected == '/')
		tpl_set(typed, "PATH", selected);
	else if (*selected)
		admin_page_find(a->store, text_parse_id(selected), set_page_path, typed);
}

/*
** Whether record id of kind k has a draft not yet published. A draft
** that cannot be read is not shown: this is a hint in a list.
*/
bool admin_draft_pending(struct admin *a, const struct kind *k, const char *id)
{
	return k->takes_drafts && draft_exists(a->store, k->name, id) == 1;
}

/*
** Whether records of kind k may be deleted in bulk: not those that other
** records may lead to (links_each: a file), whose deletion first shows
** where each is used, one at a time.
*/
bool admin_bulk_deletes(const struct kind *k)
{
	return k->sql_delete != NULL && k->links_each == NULL;
}

/*
** Whether the user's role may publish, unpublish or delete records of
** kind k (role.h), and the kind takes one of these in bulk: whether its
** lists offer the bulk actions.
*/
bool admin_may_bulk(const struct admin *a, const struct kind *k)
{
	return a->session.role >= ROLE_EDITOR && role_may_edit_kind(a->session.role, k) &&
	       (k->published_field >= 0 || admin_bulk_deletes(k));
}

/*
** Add to content the bulk action form of a list of records of kind k
** ({{>BULK}}, admin-bulk-bar.tpl: the actions the kind takes), when the
** user's role may use it; the list's checkboxes belong to it. After the
** action, the list is shown again as it is now (its address).
*/
void admin_bulk_bar(struct admin *a, struct tpl_dict *content, const struct kind *k)
{
	struct tpl_dict *bar;
	const char *back = request_env(a->req, "REQUEST_URI");

	if (!admin_may_bulk(a, k))
		return;
	bar = tpl_add_include(content, "BULK", "admin-bulk-bar.tpl");
	tpl_set(bar, "TYPE", k->name);
	tpl_set(bar, "BACK", back ? back : "");
	if (k->published_field >= 0)
		tpl_show(bar, "PUBLISHABLE");
	if (admin_bulk_deletes(k))
		tpl_show(bar, "DELETABLE");
}

/*
** Add a {{>ROW}} (admin-row.tpl) to d: one record of kind k with its edit,
** history and delete links, up/down buttons when movable, whether it
** has a draft pending, and its checkbox for the list's bulk action.
*/
void admin_row(struct admin *a, struct tpl_dict *d, const struct kind *k, const char *id,
	       const char *label, const char *detail, bool movable)
{
	struct tpl_dict *row = tpl_add_include(d, "ROW", "admin-row.tpl");

	if (admin_draft_pending(a, k, id))
		tpl_show(row, "DRAFT_PENDING");

	tpl_set(row, "TYPE", k->name);
	tpl_set(row, "ID", id);
	tpl_set(row, "LABEL", label);
	tpl_set(row, "DETAIL", detail);
	if (a->session.role >= ROLE_EDITOR)
		tpl_show(row, "CAN_PUBLISH");
	if (admin_may_bulk(a, k))
		tpl_show(row, "SELECTABLE");
	if (movable && a->session.role >= ROLE_EDITOR)
		tpl_show(row, "MOVABLE");
}

/*
** Append to out the address of the history of record id of kind k.
*/
void admin_history_url(struct buf *out, const struct kind *k, const char *id)
{
	buf_printf(out, "/admin/history?type=%s&id=", k->name);
	text_url_escape(out, id);
}

/*
** Set key in d to the UTC time iso (as the database keeps times) as an
** editor reads it, in the site's time zone ("5 Dec 2026, 17:05"), and
** key_ISO to iso itself, for the <time> element's datetime.
*/
void admin_set_time(struct tpl_dict *d, const char *key, const char *iso)
{
	char readable[TEXT_TIME_MAX], iso_key[64];

	text_readable_time(iso, readable);
	snprintf(iso_key, sizeof iso_key, "%s_ISO", key);
	tpl_set(d, key, readable);
	tpl_set(d, iso_key, iso);
}

/*
** Set key (and key_ISO) in d to the unix time t, as admin_set_time does.
*/
void admin_set_unix_time(struct tpl_dict *d, const char *key, int64_t t)
{
	char iso[TEXT_TIME_MAX];

	text_utc_time((time_t)t, iso);
	admin_set_time(d, key, iso);
}


/*
** links_each's callback (and the like): one LINK section in ctx (a
** dictionary of the caller's) for something that uses a record: the
** kind and id to edit it, its label, where it is.
*/
void admin_add_link(void *ctx, const struct link_row *row)
{
	struct tpl_dict *link = tpl_add_section(ctx, "LINK");

	tpl_set(link, "TYPE", row->type);
	tpl_set(link, "ID", row->id);
	tpl_set(link, "LABEL", row->label);
	tpl_set(link, "WHERE", row->where);
}
