/*
** admin-login.c: /admin/login and /admin/logout.
**
** A successful login always starts a new session with a new token, and
** ends the one the browser brought, if any: a token planted before login
** (session fixation) is never the one used after it. It also gives the
** browser a device cookie, kept across sessions, that lets it past a
** lock-out of its user name (see login-throttle.h). A user with
** two-factor sign-in on gets no session for the password: the sign-in
** waits for its code (admin-second-factor.c), which admin_login_done
** then ends like any other.
*/
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "cookie.h"
#include "same-site.h"
#include "text.h"
#include "totp.h"

/*
** Reply with the login form: status, an error (or NULL), the user name
** as typed, and kept, the key of a form kept for after the login (NULL:
** the one this form was sent with, if any).
*/
static void login_form_keeping(struct admin *a, int status, const char *error,
			       const char *username, const char *kept)
{
	struct tpl_dict *content, *root;
	const char *next = admin_param(a, "next");

	if (kept == NULL)
		kept = admin_param(a, "kept");
	reply_reset(a->rep);
	root = admin_page(a, "Log in", "admin-login.tpl", &content);
	tpl_set(content, "USERNAME", username);
	tpl_set(content, "NEXT", same_site_admin_path(next) ? next : "/admin/");
	if (error)
		tpl_set(tpl_add_section(content, "ERROR"), "MESSAGE", error);
	if (strlen(kept) == AUTH_TOKEN_HEX - 1 && strspn(kept, "0123456789abcdef") == AUTH_TOKEN_HEX - 1)
		tpl_set(tpl_add_section(content, "KEPT"), "KEY", kept);
	admin_finish(a, status, root);
}

static void login_form(struct admin *a, int status, const char *error, const char *username)
{
	login_form_keeping(a, status, error, username, NULL);
}

/*
** A form sent after its editor's session ended: keep what it holds
** (every field but the CSRF token) for that editor, and answer with the
** login form, which carries the key to it. Nothing is changed.
*/
void admin_login_keeping(struct admin *a)
{
	struct buf fields = BUF_INIT;
	char key[AUTH_TOKEN_HEX];
	int i;

	for (i = 0; i < a->req->nparams; i++) {
		if (strcmp(a->req->params[i].name, "csrf_token") == 0)
			continue;
		if (fields.len)
			buf_puts(&fields, "&");
		text_url_escape(&fields, a->req->params[i].name);
		buf_puts(&fields, "=");
		text_url_escape(&fields, a->req->params[i].value);
	}
	if (auth_keep_form(a->store, a->session.ended_user_id, a->req->path,
			   fields.len ? fields.data : "", key) < 0)
		admin_message(a, 403, "Please log in again",
			      "Your session has ended, so nothing was changed. Log in and submit again.");
	else
		login_form_keeping(a, 403, "Your session ended before this form arrived, so nothing "
				   "was saved yet. What you typed is kept for you: log in, and you are "
				   "back on the form with every field as you left it.", "", key);
	buf_free(&fields);
}

/*
** Whether the admin is reached over HTTPS (also behind a trusted proxy
** that ends TLS).
*/
static bool over_https(const struct admin *a)
{
	return request_is_https(a->req, a->config->trusted_proxies);
}

/*
** The name of the cookie which, as this request is to use it (a static
** string).
*/
const char *admin_cookie_name(const struct admin *a, enum admin_cookie which)
{
	static const char *const names[3][2] = {
		[COOKIE_SESSION] = { "rc_session", "__Host-rc_session" },
		[COOKIE_DEVICE] = { "rc_device", "__Host-rc_device" },
		[COOKIE_PENDING] = { "rc_pending", "__Host-rc_pending" },
	};

	return names[which][over_https(a)];
}

/*
** Copy the value of the request's cookie which into out (outlen bytes):
** true when it came and fits.
*/
bool admin_cookie_get(const struct admin *a, enum admin_cookie which, char *out, size_t outlen)
{
	const char *cookies = request_env(a->req, "HTTP_COOKIE");

	return cookies && cookie_get(cookies, admin_cookie_name(a, which), out, outlen);
}

/*
** Set the cookie which to value for max_age seconds (-1: until the
** browser closes; 0 deletes it). Over HTTPS: Secure, for the whole host
** (as its __Host- name requires); otherwise for /admin only.
*/
void admin_set_cookie(struct admin *a, enum admin_cookie which, const char *value, long max_age)
{
	char cookie[256], age[32] = "";

	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	snprintf(cookie, sizeof cookie, "%s=%s; Path=%s; HttpOnly; SameSite=Strict%s%s",
		 admin_cookie_name(a, which), value, over_https(a) ? "/" : "/admin",
		 over_https(a) ? "; Secure" : "", age);
	reply_header(a->rep, "Set-Cookie", cookie);
}

/*
** The reply when signing in could not be written: the database is busy,
** full, or cannot be written (read-only): said as such, since signing in
** is the one thing that needs it.
*/
void admin_login_failed(struct admin *a)
{
	if (record_failure(a->store) == CHANGE_READONLY)
		admin_message(a, 503, "Cannot sign in",
			      "Signing in writes to the database, which cannot be written to just now "
			      "(it is read-only). Tell the site's operator. Editors already signed in "
			      "can still read the admin's pages.");
	else
		admin_change_failed(a, record_failure(a->store), "login");
}

/*
** The password of user_id was right, and their second factor is on:
** keep the sign-in waiting for its code, going to next, and send the
** browser to the code's form.
*/
static void wait_for_code(struct admin *a, int64_t user_id, const char *next)
{
	const char *kept = admin_param(a, "kept");
	char token[AUTH_TOKEN_HEX];

	if (strlen(kept) != AUTH_TOKEN_HEX - 1)
		kept = "";
	if (totp_pending_start(a->store, user_id, next, kept, token) < 0) {
		admin_login_failed(a);
		return;
	}
	admin_redirect(a, "/admin/login-code");
	admin_set_cookie(a, COOKIE_PENDING, token, TOTP_PENDING_MAX);
}

/*
** Sign user_id in, every factor checked: end the session the browser
** brought, start a new one, and go to next (an admin path), or to the
** form kept under kept ("" for none).
*/
void admin_login_done(struct admin *a, int64_t user_id, const char *next, const char *kept)
{
	char token[AUTH_TOKEN_HEX];

	if ((a->token[0] && auth_session_end(a->store, a->token) < 0) ||
	    auth_session_start(a->store, user_id, token) < 0) {
		admin_login_failed(a);
		return;
	}
	switch (auth_kept_claim(a->store, kept, user_id, token)) {
	case 1:
		admin_redirect(a, "/admin/resume");
		break;
	case 0:
		admin_redirect(a, next);
		break;
	default:
		admin_login_failed(a);
		return;
	}
	admin_set_cookie(a, COOKIE_SESSION, token, -1);
}

/*
** /admin/login: GET shows the form; POST checks the password, then
** signs in, or waits for the second factor's code.
*/
void admin_login(struct admin *a)
{
	const char *username = admin_param(a, "username");
	const char *password = admin_param(a, "password");
	const char *address = request_env(a->req, "REMOTE_ADDR");
	const char *next = admin_param(a, "next");
	char device[AUTH_TOKEN_HEX] = "", new_device[AUTH_TOKEN_HEX];
	struct login l = { username, password, address ? address : "", NULL };
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
	if (admin_cookie_get(a, COOKIE_DEVICE, device, sizeof device))
		l.device = device;
	switch (auth_login(a->store, a->config, &l, &user_id, &retry_after, new_device)) {
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
		admin_login_failed(a);
		return;
	}
	switch (totp_enabled(a->store, user_id)) {
	case 0:
		admin_login_done(a, user_id, same_site_admin_path(next) ? next : "/admin/",
				 admin_param(a, "kept"));
		break;
	case 1:
		wait_for_code(a, user_id, same_site_admin_path(next) ? next : "/admin/");
		break;
	default:
		admin_login_failed(a);
	}
	/* The password was right: the browser is known, unless the reply is
	** a failure page (which reset the headers). */
	if (*new_device && a->rep->status == 303)
		admin_set_cookie(a, COOKIE_DEVICE, new_device, AUTH_DEVICE_MAX);
}

/*
** POST /admin/logout: end the session, server-side and in the browser.
*/
void admin_logout(struct admin *a)
{
	if (auth_session_end(a->store, a->token) < 0) {
		admin_change_failed(a, record_failure(a->store), "session");
		return;
	}
	admin_redirect(a, "/admin/login");
	admin_set_cookie(a, COOKIE_SESSION, "", 0);
}

/*
** POST /admin/keepalive: the editor asked to stay signed in (admin.js,
** before the idle limit). Notes the session's use now and answers, as
** text, the seconds until it ends: a full idle period, or less when the
** session nears its maximum age and must end anyway.
*/
void admin_keepalive(struct admin *a)
{
	if (auth_session_extend(a->store, a->token, &a->session) < 0) {
		admin_change_failed(a, record_failure(a->store), "session");
		return;
	}
	a->rep->status = 200;
	reply_header(a->rep, "Content-Type", "text/plain; charset=utf-8");
	buf_printf(&a->rep->body, "%ld\n", a->session.seconds_left);
}
