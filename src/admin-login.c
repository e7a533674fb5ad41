/*
** admin-login.c: /admin/login and /admin/logout.
**
** A successful login always starts a new session with a new token, and
** ends the one the browser brought, if any: a token planted before login
** (session fixation) is never the one used after it. It also gives the
** browser a device cookie, kept across sessions, that lets it past a
** lock-out of its user name (see login-throttle.h).
*/
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "cookie.h"
#include "text.h"

/*
** Whether next is a safe place to go after login: an admin path on this
** site, never another host ("//evil", "/\evil", "http:...") nor out of
** /admin/ through dot segments, plain or encoded ("/admin/%2e%2e/x").
*/
static bool local_admin_path(const char *next)
{
	return strncmp(next, "/admin/", 7) == 0 && strstr(next, "//") == NULL &&
	       strchr(next, '\\') == NULL && strstr(next, "/.") == NULL &&
	       strcasestr(next, "%2e") == NULL && strchr(next, '#') == NULL &&
	       !text_has_control(next, strlen(next), false) && strlen(next) < 1000;
}

static void login_form(struct admin *a, int status, const char *error, const char *username)
{
	struct tpl_dict *content, *root;
	const char *next = admin_param(a, "next");

	reply_reset(a->rep);
	root = admin_page(a, "Log in", "admin-login.tpl", &content);
	tpl_set(content, "USERNAME", username);
	tpl_set(content, "NEXT", local_admin_path(next) ? next : "/admin/");
	if (error)
		tpl_set(tpl_add_section(content, "ERROR"), "MESSAGE", error);
	admin_finish(a, status, root);
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
	static const char *const names[2][2] = {
		[COOKIE_SESSION] = { "rc_session", "__Host-rc_session" },
		[COOKIE_DEVICE] = { "rc_device", "__Host-rc_device" },
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
static void set_cookie(struct admin *a, enum admin_cookie which, const char *value, long max_age)
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
static void login_failed(struct admin *a)
{
	if (record_failure(a->store) == CHANGE_READONLY)
		admin_message(a, 503, "Cannot sign in",
			      "Signing in writes to the database, which cannot be written to just now "
			      "(it is read-only). Tell the site's operator. Editors already signed in "
			      "can still read the admin's pages.");
	else
		admin_change_failed(a, record_failure(a->store), "login");
}

void admin_login(struct admin *a)
{
	const char *username = admin_param(a, "username");
	const char *password = admin_param(a, "password");
	const char *address = request_env(a->req, "REMOTE_ADDR");
	const char *next = admin_param(a, "next");
	char token[AUTH_TOKEN_HEX], device[AUTH_TOKEN_HEX] = "", new_device[AUTH_TOKEN_HEX];
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
		login_failed(a);
		return;
	}
	if ((a->token[0] && auth_session_end(a->store, a->token) < 0) ||
	    auth_session_start(a->store, user_id, token) < 0) {
		login_failed(a);
		return;
	}
	admin_redirect(a, local_admin_path(next) ? next : "/admin/");
	set_cookie(a, COOKIE_SESSION, token, -1);
	if (*new_device)
		set_cookie(a, COOKIE_DEVICE, new_device, AUTH_DEVICE_MAX);
}

void admin_logout(struct admin *a)
{

	if (auth_session_end(a->store, a->token) < 0) {
		admin_change_failed(a, record_failure(a->store), "session");
		return;
	}
	admin_redirect(a, "/admin/login");
	set_cookie(a, COOKIE_SESSION, "", 0);
}
