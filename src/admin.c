/*
** admin.c: dispatch of admin requests and the replies screens share.
**
** The route table says which screens need no login; every other one
** needs a live session. Every POST must come from this site (Origin and
** Sec-Fetch-Site, when the browser sends them) and, once logged in,
** carry the session's CSRF token. These checks happen here, once,
** before any handler runs, so a refused request changes nothing.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "cookie.h"
#include "log.h"
#include "publish.h"
#include "route.h"

static const struct route admin_routes[] = {
	{ "/admin/", ALLOW_GET, 0, admin_dashboard },
	{ "/admin/login", ALLOW_GET | ALLOW_POST, ADMIN_ANONYMOUS, admin_login },
	{ "/admin/logout", ALLOW_POST, 0, admin_logout },
	{ "/admin/menus", ALLOW_GET, 0, admin_menus },
	{ "/admin/pages", ALLOW_GET, 0, admin_pages },
	{ "/admin/preview", ALLOW_POST, 0, admin_preview },
	{ "/admin/programs", ALLOW_GET, 0, admin_programs },
	{ "/admin/redirects", ALLOW_GET, 0, admin_redirects },
	{ "/admin/edit", ALLOW_GET | ALLOW_POST, 0, admin_edit },
	{ "/admin/delete", ALLOW_GET | ALLOW_POST, 0, admin_delete },
	{ "/admin/move", ALLOW_POST, 0, admin_move },
	{ "/admin/history", ALLOW_GET, 0, admin_history },
	{ "/admin/restore", ALLOW_POST, 0, admin_restore },
	{ "/admin/deleted", ALLOW_GET, 0, admin_deleted },
	{ "/admin/audit", ALLOW_GET, 0, admin_audit },
};

/*
** Whether the request came over HTTPS (then the cookie gets Secure).
*/
bool admin_https(const struct admin *a)
{
	const char *https = request_env(a->req, "HTTPS");
	const char *scheme = request_env(a->req, "REQUEST_SCHEME");

	return (https && (strcmp(https, "on") == 0 || strcmp(https, "1") == 0)) ||
	       (scheme && strcmp(scheme, "https") == 0);
}

/*
** A request parameter, or "" when absent. Borrowed from the request.
*/
const char *admin_param(const struct admin *a, const char *name)
{
	const char *v = request_param(a->req, name);

	return v ? v : "";
}

/*
** A numeric id parameter, or 0 when absent or not a plain number.
*/
int64_t admin_param_id(const struct admin *a, const char *name)
{
	const char *v = admin_param(a, name);

	if (*v == '\0' || strlen(v) > 18 || strspn(v, "0123456789") != strlen(v))
		return 0;
	return strtoll(v, NULL, 10);
}

/*
** Whether a POST comes from this site. Browsers send Origin with every
** POST and Sec-Fetch-Site with every request; a value naming another
** site means a forged cross-site request. Tools that send neither fall
** back on the CSRF token alone. Origin must be this site's scheme and
** host, with its port: nginx hands over the host without the port
** (HTTP_HOST is its $host), Apache with it, so both forms count.
*/
static bool same_origin(const struct admin *a)
{
	const char *origin = request_env(a->req, "HTTP_ORIGIN");
	const char *fetch_site = request_env(a->req, "HTTP_SEC_FETCH_SITE");
	const char *host = request_env(a->req, "HTTP_HOST");
	const char *port = request_env(a->req, "SERVER_PORT");
	const char *scheme = admin_https(a) ? "https" : "http";
	struct buf with_port = BUF_INIT, bare = BUF_INIT;
	bool ok;

	if (fetch_site && strcmp(fetch_site, "same-origin") != 0 && strcmp(fetch_site, "none") != 0)
		return false;
	if (origin == NULL)
		return true;
	if (host == NULL || *host == '\0')
		return false;
	buf_printf(&bare, "%s://%s", scheme, host);
	buf_printf(&with_port, "%s://%s:%s", scheme, host, port ? port : "");
	/* A host without a port names the scheme's default port: only then
	** may the Origin leave the port out. */
	ok = (port && strcmp(origin, with_port.data) == 0) ||
	     (strcmp(origin, bare.data) == 0 &&
	      (strchr(host, ':') || !port || strcmp(port, admin_https(a) ? "443" : "80") == 0));
	buf_free(&bare);
	buf_free(&with_port);
	return ok;
}

/*
** Start an admin page: the layout around content_file. *content gets
** the content's dictionary (owned by the result) for the caller to
** fill; admin_finish expands and frees the result.
*/
struct tpl_dict *admin_page(struct admin *a, const char *title, const char *content_file,
			    struct tpl_dict **content)
{
	struct tpl_dict *root = tpl_dict_new();

	tpl_set_global(root, "SITE_NAME", a->config->site_name);
	tpl_set_global(root, "CSRF_TOKEN", a->logged_in ? a->session.csrf_token : "");
	tpl_set(root, "TITLE", title);
	if (a->logged_in)
		tpl_set(tpl_add_section(root, "LOGGED_IN"), "USERNAME", a->session.username);
	*content = tpl_add_include(root, "CONTENT", content_file);
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
** See Other: after a successful POST, the browser loads location.
*/
void admin_redirect(struct admin *a, const char *location)
{
	reply_reset(a->rep);
	reply_redirect(a->rep, 303, location);
}

/*
** The reply for a save, delete or move that did not go through for a
** reason other than the editor's input. what names the record.
*/
void admin_save_failed(struct admin *a, enum save_result result, const char *what)
{
	char msg[300];

	switch (result) {
	case SAVE_BUSY:
		admin_message(a, 503, "Please try again",
			      "The database is busy with another change. Nothing was saved: "
			      "go back and submit again in a moment.");
		reply_header(a->rep, "Retry-After", "5");
		break;
	case SAVE_FULL:
		admin_message(a, 507, "Disk full",
			      "Nothing was saved: the server's disk is full. "
			      "Tell the site's operator, then submit again.");
		break;
	case SAVE_GONE:
		snprintf(msg, sizeof msg, "This %s no longer exists: someone deleted it. "
			 "It may be listed under Recently deleted.", what);
		admin_message(a, 404, "Not found", msg);
		break;
	case SAVE_CONFLICT:
		snprintf(msg, sizeof msg, "This %s was changed by someone else since you opened it. "
			 "Nothing was changed: reload it and try again.", what);
		admin_message(a, 409, "Changed meanwhile", msg);
		break;
	case SAVE_IN_USE:
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
** Fill a select field's OPTION sections with every page (published or
** not), marking the one whose id is selected.
*/
void admin_page_options(struct admin *a, struct tpl_dict *field, const char *selected)
{
	static const char sql[] =
		"SELECT CAST(id AS TEXT), path, title, published FROM page ORDER BY path";
	sqlite3_stmt *st = store_prepare(a->store, sql);
	struct buf text = BUF_INIT;

	if (st == NULL)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tpl_dict *opt = tpl_add_section(field, "OPTION");
		const char *id = (const char *)sqlite3_column_text(st, 0);

		buf_reset(&text);
		buf_printf(&text, "%s (%s)%s", sqlite3_column_text(st, 2), sqlite3_column_text(st, 1),
			   sqlite3_column_int(st, 3) ? "" : " [draft]");
		tpl_set(opt, "VALUE", id);
		tpl_set(opt, "TEXT", text.data);
		if (strcmp(id, selected) == 0)
			tpl_show(opt, "SELECTED");
	}
	sqlite3_reset(st);
	buf_free(&text);
}

/*
** A screen that lists the rows of sql (a query without parameters) in
** content_file: fill_row adds each row's sections to the content.
*/
void admin_list(struct admin *a, const char *title, const char *content_file, const char *sql,
		void (*fill_row)(struct admin *a, struct tpl_dict *content, sqlite3_stmt *st))
{
	struct tpl_dict *content, *root;
	sqlite3_stmt *st = store_prepare(a->store, sql);

	if (st == NULL) {
		admin_save_failed(a, SAVE_BUSY, title);
		return;
	}
	root = admin_page(a, title, content_file, &content);
	while (sqlite3_step(st) == SQLITE_ROW)
		fill_row(a, content, st);
	sqlite3_reset(st);
	admin_finish(a, 200, root);
}

/*
** Add a {{>ROW}} (admin-row.tpl) to d: one record of type with its edit,
** history and delete links, and up/down buttons when movable.
*/
void admin_row(struct tpl_dict *d, const char *type, const char *id, const char *label,
	       const char *detail, bool movable)
{
	struct tpl_dict *row = tpl_add_include(d, "ROW", "admin-row.tpl");

	tpl_set(row, "TYPE", type);
	tpl_set(row, "ID", id);
	tpl_set(row, "LABEL", label);
	tpl_set(row, "DETAIL", detail);
	if (movable)
		tpl_show(row, "MOVABLE");
}

/*
** Give up a publishing plan whose start failed, and answer 503: the
** change must not go ahead, or stale pages would stay published.
** Returns false, for the callers' convenience.
*/
static bool publish_refused(struct admin *a, struct publish_plan *plan)
{
	publish_finish(a->config, a->store, plan);
	admin_message(a, 503, "Not saved",
		      "The published pages cannot be updated (the server log says why), "
		      "so nothing was changed. Please try again later.");
	return false;
}

/*
** Start publishing around a change to r (as submitted, or as stored for
** a delete or a move) of kind e; see publish.h. Menus show on every
** page, and so do a page's path and whether it is published (menu
** entries link to it, or leave it out); any other change to a page shows
** on it and the pages that show its title or summary; a program shows
** on its page; redirects are answered by the worker, never published.
** Returns false, having answered 503, when the published folder cannot
** be prepared.
*/
bool admin_publish_begin(struct admin *a, const struct entity *e, const struct record *r,
			 struct publish_plan *plan)
{
	struct record now;
	bool ok;

	if (strcmp(e->name, "program") == 0) {
		ok = publish_begin_page(a->config, strtoll(r->values[0], NULL, 10), false, plan);
	} else if (strcmp(e->name, "page") == 0 && r->id &&
		   entity_load(a->store, e, r->id, &now) == 1) {
		/* Fields 0 and 4 of a page: its path and published flag. */
		if (strcmp(now.values[0], r->values[0]) != 0 || strcmp(now.values[4], r->values[4]) != 0)
			ok = publish_begin_all(a->config, plan);
		else
			ok = publish_begin_page(a->config, strtoll(r->id, NULL, 10), true, plan);
		record_free(&now);
	} else if (strcmp(e->name, "redirect") == 0) {
		ok = publish_begin_none(plan);
	} else {
		ok = publish_begin_all(a->config, plan);
	}
	return ok || publish_refused(a, plan);
}

/*
** Start publishing around a change that may show on any page (a restore).
** Returns false, having answered 503, as admin_publish_begin does.
*/
bool admin_publish_begin_all(struct admin *a, struct publish_plan *plan)
{
	return publish_begin_all(a->config, plan) || publish_refused(a, plan);
}

/*
** Render what the change made stale, from the database as it is now.
*/
void admin_publish_finish(struct admin *a, struct publish_plan *plan)
{
	if (!publish_finish(a->config, a->store, plan))
		log_error("publishing after a change failed; the worker serves those pages");
}

/*
** Answer the request in a->req: check session, origin and CSRF token as
** the route demands, then run the screen's handler.
*/
void admin_handle(struct admin *a)
{
	const char *cookie = request_env(a->req, "HTTP_COOKIE");
	const struct route *r;
	struct buf login = BUF_INIT;
	int found;

	a->token[0] = '\0';
	if (cookie && cookie_get(cookie, ADMIN_COOKIE, a->token, sizeof a->token)) {
		found = auth_session_find(a->store, a->token, &a->session);
		if (found < 0) {
			admin_save_failed(a, SAVE_BUSY, "session");
			return;
		}
		a->logged_in = found == 1;
	}
	r = route_find(admin_routes, sizeof admin_routes / sizeof admin_routes[0], a->req->path);
	if (r == NULL) {
		admin_message(a, 404, "Not found", "There is no admin page at this address.");
		return;
	}
	if (!route_method_ok(r, a->req)) {
		admin_message(a, 405, "Not allowed", "This address does not take this kind of request.");
		reply_header(a->rep, "Allow", route_allow_header(r));
		return;
	}
	if (a->req->method == METHOD_POST && !same_origin(a)) {
		log_info("refused a cross-site POST to %s", a->req->path);
		admin_message(a, 403, "Refused", "This form was sent from another site. Nothing was changed.");
		return;
	}
	if (!(r->flags & ADMIN_ANONYMOUS) && !a->logged_in) {
		if (a->req->method == METHOD_POST) {
			admin_message(a, 403, "Please log in again",
				      "Your session has ended, so nothing was changed. Log in and submit again.");
			return;
		}
		buf_puts(&login, "/admin/login?next=");
		url_escape(&login, request_env(a->req, "REQUEST_URI"));
		if (reply_redirect(a->rep, 303, login.data) < 0)
			reply_redirect(a->rep, 303, "/admin/login");
		buf_free(&login);
		return;
	}
	if (a->req->method == METHOD_POST && a->logged_in &&
	    !auth_csrf_ok(&a->session, request_param(a->req, "csrf_token"))) {
		log_info("refused a POST to %s without a valid CSRF token", a->req->path);
		admin_message(a, 403, "Refused",
			      "This form has expired or did not come from this site. Nothing was changed: "
			      "reload the page and try again.");
		return;
	}
	r->handler(a, a->req, a->rep);
}
