/*
** admin-login.c: /admin/login and /admin/logout.
**
** A successful login always starts a new session with a new token, and
** ends the one the browser brought, if any: a token planted before login
** (session fixation) is never the one used after it.
*/
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "same-site.h"

static void login_form(struct admin *a, int status, const char *error, const char *username)
{
	struct tpl_dict *content, *root;
	const char *next = admin_param(a, "next");

	reply_reset(a->rep);
	root = admin_page(a, "Log in", "admin-login.tpl", &content);
	tpl_set(content, "USERNAME", username);
	tpl_set(content, "NEXT", same_site_admin_path(next) ? next : "/admin/");
	if (error)
		tpl_set(tpl_add_section(content, "ERROR"), "MESSAGE", error);
	admin_finish(a, status, root);
}

/*
** Set the session cookie to value; an empty value with max_age 0
** deletes it.
*/
static void set_cookie(struct admin *a, const char *value, bool expire)
{
	char cookie[256];

	snprintf(cookie, sizeof cookie, "%s=%s; Path=/admin; HttpOnly; SameSite=Strict%s%s",
		 ADMIN_COOKIE, value, request_is_https(a->req) ? "; Secure" : "",
		 expire ? "; Max-Age=0" : "");
	reply_header(a->rep, "Set-Cookie", cookie);
}

void admin_login(struct admin *a)
{
	const char *username = admin_param(a, "username");
	const char *password = admin_param(a, "password");
	const char *address = request_env(a->req, "REMOTE_ADDR");
	const char *next = admin_param(a, "next");
	char token[AUTH_TOKEN_HEX];
	long retry_after = 0;
	int64_t user_id;
	char seconds[32];

	if (a->req->method != METHOD_POST) {
		if (a->logged_in)
			admin_redirect(a, "/admin/");
		else
			login_form(a, 200, NULL, "");
		return;
	}
	if (*username == '\0' || *password == '\0' || strlen(username) > 200 ||
	    strlen(password) > AUTH_PASSWORD_MAX) {
		login_form(a, 422, "Enter your user name and password.", username);
		return;
	}
	switch (auth_login(a->store, a->config, username, password, address ? address : "",
			   &user_id, &retry_after)) {
	case LOGIN_OK:
		break;
	case LOGIN_REFUSED:
		login_form(a, 403, "The user name or password is wrong.", username);
		return;
	case LOGIN_THROTTLED:
		login_form(a, 429, "Too many failed attempts. Wait a few minutes, then try again.",
			   username);
		snprintf(seconds, sizeof seconds, "%ld", retry_after);
		reply_header(a->rep, "Retry-After", seconds);
		return;
	case LOGIN_ERROR:
		admin_change_failed(a, CHANGE_BUSY, "login");
		return;
	}
	if ((a->token[0] && auth_session_end(a->store, a->token) < 0) ||
	    auth_session_start(a->store, user_id, token) < 0) {
		admin_change_failed(a, CHANGE_BUSY, "login");
		return;
	}
	admin_redirect(a, same_site_admin_path(next) ? next : "/admin/");
	set_cookie(a, token, false);
}

void admin_logout(struct admin *a)
{

	if (auth_session_end(a->store, a->token) < 0) {
		admin_change_failed(a, CHANGE_BUSY, "session");
		return;
	}
	admin_redirect(a, "/admin/login");
	set_cookie(a, "", true);
}
