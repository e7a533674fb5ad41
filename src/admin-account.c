/*
** admin-account.c: a user's own account, /admin/account: their role,
** the form to change their password (the current one first), and
** their sessions, with "Sign out everywhere"; and /admin/reset, where a
** link from an administrator sets a password, once, without a login.
**
** A new password must pass password-rules.h. Changing it ends the
** user's other sessions; setting it through a link ends them all. The
** page's part about two-factor sign-in is admin-second-factor.c's.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "log.h"
#include "model-users.h"
#include "password-rules.h"

static void add_session_row(void *ctx, const struct session_summary *u)
{
	struct tpl_dict *row = tpl_add_section(ctx, "SESSION");
	char when[64];

	strftime(when, sizeof when, "%Y-%m-%d %H:%M %Z", localtime(&u->created_at));
	tpl_set(row, "STARTED", when);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M %Z", localtime(&u->seen_at));
	tpl_set(row, "SEEN", when);
	if (u->current)
		tpl_show(row, "CURRENT");
}

/*
** Add to d the fields of a new password, typed twice.
*/
static void new_password_fields(struct tpl_dict *d)
{
	tpl_set_int(tpl_add_include(d, "NEW_PASSWORD", "admin-new-password.tpl"), "MIN_CHARS",
		    PASSWORD_MIN_CHARS);
}

/*
** Reply with the account page: status, with error or notice (either or
** both NULL) above the password form.
*/
void admin_account_page(struct admin *a, int status, const char *error, const char *notice)
{
	struct tpl_dict *content, *root;

	reply_reset(a->rep);
	root = admin_page(a, "Your account", "admin-account.tpl", &content);
	tpl_set(content, "USER", a->session.username);
	tpl_set(content, "ROLE", role_title(a->session.role));
	new_password_fields(content);
	if (error)
		tpl_set(tpl_add_section(content, "ERROR"), "MESSAGE", error);
	if (notice)
		tpl_set(tpl_add_section(content, "NOTICE"), "MESSAGE", notice);
	if (admin_second_factor_fill(a, content) < 0 ||
	    auth_sessions_each(a->store, a->session.user_id, a->token, add_session_row, content) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
		return;
	}
	admin_finish(a, status, root);
}

/*
** Why the new password of the form (new, and again in repeat) may not
** be user's, or NULL.
*/
static const char *new_password_refusal(struct admin *a, const char *user)
{
	const char *password = admin_param(a, "new_password");

	if (strcmp(password, admin_param(a, "repeat_password")) != 0)
		return "The new password and its repetition differ.";
	return password_refusal(user, password);
}

/*
** Whether the form's current_password is the signed-in user's; when it
** is not (or cannot be checked), the request is answered.
*/
bool admin_account_password_ok(struct admin *a)
{
	const char *current = admin_param(a, "current_password");
	int rc;

	if (strlen(current) > AUTH_PASSWORD_MAX ||
	    (rc = auth_password_ok(a->store, a->session.username, current)) == 0) {
		admin_account_page(a, 403, "Your current password is not this one. Nothing was changed.", NULL);
		return false;
	}
	if (rc < 0)
		admin_read_failed(a);
	return rc > 0;
}

/*
** POST action=password: the current password, then the new one twice.
*/
static void change_password(struct admin *a)
{
	const char *address = request_env(a->req, "REMOTE_ADDR"), *why;

	if (!admin_account_password_ok(a))
		return;
	if ((why = new_password_refusal(a, a->session.username)) != NULL) {
		admin_account_page(a, 422, why, NULL);
		return;
	}
	if (auth_password_change(a->store, a->config, a->session.username,
				 admin_param(a, "new_password"), a->token) != 1) {
		admin_change_failed(a, record_failure(a->store), "password");
		return;
	}
	users_audit_add(a->store, time(NULL), "password changed", a->session.username,
			address ? address : "", "changed by its user; their other sessions ended");
	admin_account_page(a, 200, NULL, "Your password is changed. Your other sessions have ended.");
}

/*
** /admin/account: GET shows the page; POST runs its action (the
** password, the second factor, "Sign out everywhere").
*/
void admin_account(struct admin *a)
{
	const char *action = admin_param(a, "action");

	if (a->req->method != METHOD_POST) {
		admin_account_page(a, 200, NULL, NULL);
	} else if (strcmp(action, "password") == 0) {
		change_password(a);
	} else if (admin_second_factor_action(a, action)) {
		/* answered */
	} else if (strcmp(action, "signout") == 0) {
		if (users_sessions_end(a->store, a->session.user_id) < 0)
			admin_change_failed(a, record_failure(a->store), "session");
		else
			admin_redirect(a, "/admin/login");
	} else {
		admin_account_page(a, 400, "The form asked for nothing this page does. Nothing was "
				   "changed.", NULL);
	}
}

/*
** Reply with the form of the link of token (to set user's password):
** status, with error (or NULL).
*/
static void reset_form(struct admin *a, int status, const char *token, const char *user,
		       const char *error)
{
	struct tpl_dict *content, *root;

	reply_reset(a->rep);
	root = admin_page(a, "Set your password", "admin-reset.tpl", &content);
	tpl_set(content, "TOKEN", token);
	tpl_set(content, "USER", user);
	new_password_fields(content);
	if (error)
		tpl_set(tpl_add_section(content, "ERROR"), "MESSAGE", error);
	admin_finish(a, status, root);
}

/*
** /admin/reset?token=: GET shows the form to set the password of the
** link's user, POST sets it; a link that was used, has expired or was
** replaced answers 404 and changes nothing.
*/
void admin_reset(struct admin *a)
{
	const char *token = admin_param(a, "token"), *why;
	const char *address = request_env(a->req, "REMOTE_ADDR");
	char user[201];
	int rc = auth_reset_user(a->store, token, user, sizeof user);

	if (rc < 0) {
		admin_read_failed(a);
		return;
	}
	if (rc == 0) {
		admin_message(a, 404, "This link does not work",
			      "This link to set a password was used already, has expired, or was "
			      "replaced by a newer one. Ask an administrator for a new link.");
		return;
	}
	if (a->req->method != METHOD_POST) {
		reset_form(a, 200, token, user, NULL);
		return;
	}
	if ((why = new_password_refusal(a, user)) != NULL) {
		reset_form(a, 422, token, user, why);
		return;
	}
	rc = auth_reset_use(a->store, a->config, token, admin_param(a, "new_password"));
	if (rc < 0) {
		admin_change_failed(a, record_failure(a->store), "password");
	} else if (rc == 0) {
		admin_message(a, 404, "This link does not work",
			      "This link was used meanwhile. Ask an administrator for a new link.");
	} else {
		users_audit_add(a->store, time(NULL), "password set", user, address ? address : "",
				"through a one-time link; the user's sessions ended");
		admin_message(a, 200, "Password set", "Your password is set. You can log in with it now.");
	}
}
