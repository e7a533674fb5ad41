/*
** admin-dispatch.c: the admin's dispatch table and the checks every
** request passes before its screen's handler runs; for a POST that may
** change what visitors see, libcurl starts loading meanwhile, for the
** purge that follows.
**
** The route table says which screens need no login; every other one
** needs a live session of a user whose role may use it (role.h), checked
** here for GET and POST alike, before the screen runs. Every POST must come from this site (Origin and
** Sec-Fetch-Site, when the browser sends them) and, once logged in,
** carry the session's CSRF token in its body (never in its URL). These
** checks happen here, once, before any handler runs, so a refused
** request changes nothing. When administrators must use a second factor
** (totp_required_for_administrators), one without it reaches only their
** account page, to set it up, and logging out.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "http-client.h"
#include "log.h"
#include "module.h"
#include "purge.h"
#include "route.h"
#include "same-site.h"
#include "text.h"

/* Route flags. */
#define ADMIN_ANONYMOUS (1u << 0)	/* no login needed: the login form, a preview link */
#define ADMIN_KEEPS_FORM (1u << 1)	/* a POST after the session ended is kept */
#define ADMIN_KIND (1u << 2)		/* type= names a kind the role must be allowed to edit */
#define ADMIN_ENROLS (1u << 3)		/* open to a user who must set up a second factor first */
#define ADMIN_PURGES (1u << 4)		/* a POST may change what visitors see, then purge caches */

/* Shorter names for the table's least roles. */
#define C ROLE_CONTRIBUTOR
#define E ROLE_EDITOR
#define A ROLE_ADMINISTRATOR

/* The admin's dispatch table: each address, its methods, flags, the
** least role that may use it (role.h; ROLE_NONE with ADMIN_ANONYMOUS),
** and its screen. */
static const struct admin_route {
	struct route route;
	unsigned flags;		/* ADMIN_* */
	enum role role;
	void (*handler)(struct admin *a);
} admin_routes[] = {
	{ { "/admin/", ALLOW_GET }, 0, C, admin_dashboard },
	{ { "/admin/login", ALLOW_GET | ALLOW_POST }, ADMIN_ANONYMOUS, ROLE_NONE, admin_login },
	{ { "/admin/login-code", ALLOW_GET | ALLOW_POST }, ADMIN_ANONYMOUS, ROLE_NONE, admin_login_code },
	{ { "/admin/logout", ALLOW_POST }, ADMIN_ENROLS, C, admin_logout },
	{ { "/admin/keepalive", ALLOW_POST }, ADMIN_ENROLS, C, admin_keepalive },
	{ { "/admin/presence", ALLOW_POST }, 0, C, admin_presence },
	{ { "/admin/account", ALLOW_GET | ALLOW_POST }, ADMIN_ENROLS, C, admin_account },
	{ { "/admin/reset", ALLOW_GET | ALLOW_POST }, ADMIN_ANONYMOUS, ROLE_NONE, admin_reset },
	{ { "/admin/users", ALLOW_GET | ALLOW_POST }, 0, A, admin_users },
	{ { "/admin/menus", ALLOW_GET }, 0, E, admin_menus },
	{ { "/admin/pages", ALLOW_GET }, 0, C, admin_pages },
	/* Contributors too: the engine refuses their changes record by
	** record, and the result names them (admin-bulk.c). */
	{ { "/admin/bulk", ALLOW_POST }, ADMIN_KIND | ADMIN_PURGES, C, admin_bulk },
	{ { "/admin/move-page", ALLOW_GET | ALLOW_POST }, ADMIN_PURGES, E, admin_move_page },
	{ { "/admin/preview", ALLOW_POST }, 0, C, admin_preview },
	{ { "/admin/preview-link", ALLOW_POST }, ADMIN_KIND, E, admin_preview_link },
	{ { "/admin/shared", ALLOW_GET }, ADMIN_ANONYMOUS, ROLE_NONE, admin_shared_preview },
	{ { "/admin/programs", ALLOW_GET }, 0, C, admin_programs },
	{ { "/admin/redirects", ALLOW_GET }, 0, A, admin_redirects },
	{ { "/admin/files", ALLOW_GET | ALLOW_POST }, ADMIN_PURGES, E, admin_files },
	{ { "/admin/redirects.csv", ALLOW_GET }, 0, A, admin_redirects_export },
	{ { "/admin/redirects/import", ALLOW_GET | ALLOW_POST }, ADMIN_PURGES, A, admin_redirects_import },
	{ { "/admin/links", ALLOW_GET }, 0, C, admin_links },
	{ { "/admin/edit", ALLOW_GET | ALLOW_POST }, ADMIN_KEEPS_FORM | ADMIN_KIND | ADMIN_PURGES, C, admin_edit },
	{ { "/admin/draft", ALLOW_POST }, ADMIN_KIND | ADMIN_PURGES, C, admin_draft },
	{ { "/admin/review", ALLOW_POST }, ADMIN_KIND | ADMIN_PURGES, E, admin_review },
	{ { "/admin/resume", ALLOW_GET }, 0, C, admin_resume },
	{ { "/admin/delete", ALLOW_GET | ALLOW_POST }, ADMIN_KIND | ADMIN_PURGES, E, admin_delete },
	{ { "/admin/move", ALLOW_POST }, ADMIN_KIND | ADMIN_PURGES, E, admin_move },
	{ { "/admin/history", ALLOW_GET }, 0, C, admin_history },
	{ { "/admin/restore", ALLOW_GET | ALLOW_POST }, ADMIN_PURGES, E, admin_restore },
	{ { "/admin/revision", ALLOW_GET }, 0, C, admin_revision },
	{ { "/admin/compare", ALLOW_GET }, 0, C, admin_compare },
	{ { "/admin/deleted", ALLOW_GET }, 0, E, admin_deleted },
	{ { "/admin/audit", ALLOW_GET }, 0, C, admin_audit },
};

#undef C
#undef E
#undef A

/*
** Whether the session's role may use route r: its least role, and for
** an address that names a kind of record (type=), that kind
** (role_may_edit_kind; an unknown kind is the screen's 404).
*/
static bool role_allows(const struct admin *a, const struct admin_route *r)
{
	const struct kind *k;

	if (r->flags & ADMIN_ANONYMOUS)
		return true;
	if (a->session.role < r->role)
		return false;
	k = kind_find(admin_param(a, "type"));
	return !(r->flags & ADMIN_KIND) || k == NULL || role_may_edit_kind(a->session.role, k);
}

/*
** Answer the request in a->req: check session, origin and CSRF token as
** the route demands, then run the screen's handler, having started to
** load libcurl (module_preload) for a POST that may purge.
*/
void admin_handle(struct admin *a)
{
	const struct admin_route *r;
	struct buf login = BUF_INIT;
	int found;

	a->token[0] = '\0';
	if (admin_cookie_get(a, COOKIE_SESSION, a->token, sizeof a->token)) {
		found = auth_session_find(a->store, a->token, &a->session);
		if (found < 0) {
			admin_read_failed(a);
			return;
		}
		a->logged_in = found == 1;
	}
	r = route_find(admin_routes, sizeof admin_routes / sizeof admin_routes[0],
		       sizeof admin_routes[0], a->req->path);
	if (r == NULL) {
		admin_message(a, 404, "Not found", "There is no admin page at this address.");
		return;
	}
	if (!route_method_ok(&r->route, a->req)) {
		admin_message(a, 405, "Not allowed", "This address does not take this kind of request.");
		reply_header(a->rep, "Allow", route_allow_header(&r->route));
		return;
	}
	if (a->req->method == METHOD_POST && !same_site_post(a->req, a->config->trusted_proxies)) {
		log_info("refused a cross-site POST to %s", a->req->path);
		admin_message(a, 403, "Refused", "This form was sent from another site. Nothing was changed.");
		return;
	}
	if (!(r->flags & ADMIN_ANONYMOUS) && !a->logged_in) {
		if (a->req->method == METHOD_POST && (r->flags & ADMIN_KEEPS_FORM) &&
		    a->session.ended_user_id > 0) {
			admin_login_keeping(a);
			return;
		}
		if (a->req->method == METHOD_POST) {
			admin_message(a, 403, "Please log in again",
				      "Your session has ended, so nothing was changed. Log in and submit again.");
			return;
		}
		buf_puts(&login, "/admin/login?next=");
		text_url_escape(&login, request_env(a->req, "REQUEST_URI"));
		if (reply_redirect(a->rep, 303, login.data) < 0)
			reply_redirect(a->rep, 303, "/admin/login");
		buf_free(&login);
		return;
	}
	if (a->req->method == METHOD_POST && a->logged_in &&
	    !auth_csrf_ok(&a->session, request_body_param(a->req, "csrf_token"))) {
		log_info("refused a POST to %s without a valid CSRF token", a->req->path);
		admin_message(a, 403, "Refused",
			      "This form has expired or did not come from this site. Nothing was changed: "
			      "reload the page and try again.");
		return;
	}
	if (!role_allows(a, r)) {
		log_info("refused %s to %s: user '%s' is %s", a->req->method == METHOD_POST ? "a POST" :
			 "a GET", a->req->path, a->session.username, role_name(a->session.role));
		admin_forbidden(a);
		return;
	}
	if (!(r->flags & (ADMIN_ANONYMOUS | ADMIN_ENROLS)) && admin_second_factor_missing(a)) {
		if (a->req->method == METHOD_POST)
			admin_message(a, 403, "Set up two-factor sign-in first",
				      "Administrators must sign in with a code from an app. Set it up on "
				      "your account page; nothing was changed.");
		else
			admin_redirect(a, "/admin/account");
		return;
	}
	/* A change is followed by its purge: libcurl loads meanwhile. */
	if (a->req->method == METHOD_POST && (r->flags & ADMIN_PURGES) && purge_configured(a->config))
		module_preload(HTTP_CLIENT_FILE);
	r->handler(a);
}
