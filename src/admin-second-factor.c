/*
** admin-second-factor.c: two-factor sign-in in the admin (totp.h).
**
** /admin/login-code: a sign-in whose password was right gives its code
** (from the app, or a recovery code); only then is a session made. On
** /admin/account: setting it up (the secret shown once, as text to type
** or paste into an authenticator app, then confirmed with a code, which
** switches it on and shows the ten recovery codes once) and switching it
** off (the password and a code). When totp_required_for_administrators
** is set, an administrator without it is sent to set it up (dispatch)
** and cannot switch it off.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "model-users.h"
#include "text.h"
#include "totp.h"

/*
** Whether the signed-in user must set up a second factor before
** anything else: an administrator without one, when the setting says so.
*/
bool admin_second_factor_missing(const struct admin *a)
{
	return a->logged_in && a->config->totp_required_for_administrators &&
	       a->session.role == ROLE_ADMINISTRATOR && !a->session.second_factor;
}

/*
** The request's client address (borrowed), or "".
*/
static const char *client_address(const struct admin *a)
{
	const char *address = request_env(a->req, "REMOTE_ADDR");

	return address ? address : "";
}

/* How a screen refuses a code: its reply (with ctx), and what it says
** of a wrong code, with which status. */
struct code_refusal {
	void (*reply)(struct admin *a, void *ctx, int status, const char *message);
	void *ctx;
	int wrong_status;
	const char *wrong;
};

/*
** Whether the form's code is t's (totp_check; enrolling: the secret being
** set up). When it is not, the request is answered: through r for a code
** too long, wrong or throttled (429, with Retry-After), or with the
** failure page.
*/
static bool code_accepted(struct admin *a, const struct totp_try *t, bool enrolling,
			  const struct code_refusal *r)
{
	const char *code = admin_param(a, "code");
	long retry_after = 0;
	char seconds[32];

	if (*code == '\0' || strlen(code) > TOTP_CODE_MAX) {
		r->reply(a, r->ctx, 422, "Type the six digits your app shows, or a recovery code.");
		return false;
	}
	switch (totp_check(a->store, a->config, t, code, enrolling, &retry_after)) {
	case TOTP_OK:
		return true;
	case TOTP_WRONG:
		r->reply(a, r->ctx, r->wrong_status, r->wrong);
		break;
	case TOTP_THROTTLED:
		r->reply(a, r->ctx, 429, "Too many wrong codes. Wait a few minutes, then try again.");
		snprintf(seconds, sizeof seconds, "%ld", retry_after);
		reply_header(a->rep, "Retry-After", seconds);
		break;
	case TOTP_ERROR:
		admin_change_failed(a, record_failure(a->store), "two-factor sign-in");
		break;
	}
	return false;
}

/*
** Reply with the form for the sign-in code of user (a string): status,
** with error (or NULL).
*/
static void code_form(struct admin *a, void *user, int status, const char *error)
{
	struct tpl_dict *content, *root;

	reply_reset(a->rep);
	root = admin_page(a, "Sign-in code", "admin-login-code.tpl", &content);
	tpl_set(content, "USER", user);
	if (error)
		tpl_set(tpl_add_section(content, "ERROR"), "MESSAGE", error);
	admin_finish(a, status, root);
}

/*
** Note a recovery code used by user in the audit log, with how many are
** left (best effort: the sign-in goes on).
*/
static void note_recovery_left(struct admin *a, int64_t user_id, const char *user)
{
	char detail[128];
	int left = totp_recovery_left(a->store, user_id);

	if (left < 0 || left >= TOTP_RECOVERY_CODES)
		return;
	snprintf(detail, sizeof detail, "a recovery code was used; %d left", left);
	users_audit_add(a->store, time(NULL), "recovery code used", user, client_address(a), detail);
}

/*
** /admin/login-code: GET shows the form for the code of the sign-in
** waiting under the browser's pending cookie; POST checks it and signs
** in. Without a waiting sign-in (none, expired, or used), both go back
** to the login.
*/
void admin_login_code(struct admin *a)
{
	char token[AUTH_TOKEN_HEX] = "";
	struct code_refusal refusal;
	struct stored_pending p;
	struct totp_try t;
	int rc = admin_cookie_get(a, COOKIE_PENDING, token, sizeof token) ?
		 totp_pending_open(a->store, token, &p) : 0;

	if (rc < 0) {
		admin_read_failed(a);
		return;
	}
	if (rc == 0) {
		admin_redirect(a, "/admin/login");
		return;
	}
	if (a->req->method != METHOD_POST) {
		code_form(a, p.username, 200, NULL);
		return;
	}
	t = (struct totp_try){ p.user_id, p.username, client_address(a) };
	refusal = (struct code_refusal){ code_form, p.username, 403,
		"This code is wrong, or was used already. Type the code your app shows now, or one "
		"of your recovery codes." };
	if (!code_accepted(a, &t, false, &refusal))
		return;
	rc = totp_pending_end(a->store, token);
	if (rc < 0) {
		admin_login_failed(a);
		return;
	}
	if (rc == 0) {	/* signed in by a request that ran meanwhile */
		admin_redirect(a, "/admin/login");
		return;
	}
	note_recovery_left(a, p.user_id, p.username);
	admin_login_done(a, p.user_id, p.next, p.kept);
	admin_set_cookie(a, COOKIE_PENDING, "", 0);
}

/*
** Fill the account page's part about the second factor: on (with the
** recovery codes left) or off (with the button to set it up, and whether
** it is required). Returns 0, or -1 when it could not be read.
*/
int admin_second_factor_fill(struct admin *a, struct tpl_dict *content)
{
	struct tpl_dict *d;
	int left;

	if (!a->session.second_factor) {
		d = tpl_add_section(content, "TOTP_OFF");
		if (admin_second_factor_missing(a))
			tpl_show(d, "REQUIRED");
		return 0;
	}
	left = totp_recovery_left(a->store, a->session.user_id);
	if (left < 0)
		return -1;
	tpl_set_int(tpl_add_section(content, "TOTP_ON"), "RECOVERY_LEFT", left);
	return 0;
}

/*
** Reply with the page that sets up the second factor: status, with
** error (or NULL), and secret (base32) the first time, or NULL: it is
** shown once.
*/
static void enrol_page(struct admin *a, int status, const char *error, const char *secret)
{
	struct tpl_dict *content, *root, *enrol, *shown;
	struct buf uri = BUF_INIT;

	reply_reset(a->rep);
	root = admin_page(a, "Set up two-factor sign-in", "admin-totp.tpl", &content);
	if (error)
		tpl_set(tpl_add_section(content, "ERROR"), "MESSAGE", error);
	enrol = tpl_add_section(content, "ENROL");
	if (secret) {
		/* The key URI format of authenticator apps (Google's, which
		** the others follow): issuer and account name, escaped. */
		buf_puts(&uri, "otpauth://totp/");
		text_url_escape(&uri, a->config->site_name);
		buf_puts(&uri, ":");
		text_url_escape(&uri, a->session.username);
		buf_printf(&uri, "?secret=%s&issuer=", secret);
		text_url_escape(&uri, a->config->site_name);
		shown = tpl_add_section(enrol, "SECRET");
		tpl_set(shown, "SECRET", secret);
		tpl_set(shown, "URI", uri.data);
		tpl_set(shown, "ACCOUNT", a->session.username);
	}
	admin_finish(a, status, root);
	buf_free(&uri);
}

/*
** Reply with the recovery codes, shown once, now that the second factor
** is on.
*/
static void codes_page(struct admin *a, char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT])
{
	struct tpl_dict *content, *root, *list;
	int i;

	reply_reset(a->rep);
	root = admin_page(a, "Two-factor sign-in is on", "admin-totp.tpl", &content);
	list = tpl_add_section(content, "CODES");
	for (i = 0; i < TOTP_RECOVERY_CODES; i++)
		tpl_set(tpl_add_section(list, "CODE"), "VALUE", codes[i]);
	admin_finish(a, 200, root);
}

/*
** A code refused while setting up: the page again, without the secret.
*/
static void enrol_refused(struct admin *a, void *ctx, int status, const char *message)
{
	(void)ctx;
	enrol_page(a, status, message, NULL);
}

/*
** A code refused on the account page: the page, with the message.
*/
static void account_refused(struct admin *a, void *ctx, int status, const char *message)
{
	(void)ctx;
	admin_account_page(a, status, message, NULL);
}

/*
** POST action=totp-start: a new secret, shown once, waiting for its
** confirmation (a new start replaces one not confirmed).
*/
static void enrol_start(struct admin *a)
{
	char secret[TOTP_SECRET_TEXT];
	int rc = totp_enrol(a->store, a->config, a->session.user_id, secret);

	if (rc < 0)
		admin_change_failed(a, record_failure(a->store), "two-factor sign-in");
	else if (rc == 0)
		admin_account_page(a, 409, "Two-factor sign-in is on already. Nothing was changed.", NULL);
	else
		enrol_page(a, 200, NULL, secret);
}

/*
** The user's session and address as a code's try.
*/
static struct totp_try own_try(const struct admin *a)
{
	return (struct totp_try){ a->session.user_id, a->session.username, client_address(a) };
}

/*
** POST action=totp-confirm: the app's code for the secret being set up;
** when it is right, the second factor is on and the recovery codes are
** shown once.
*/
static void enrol_confirm(struct admin *a)
{
	static const struct code_refusal refusal = { enrol_refused, NULL, 422,
		"This code is not right, so two-factor sign-in is still off. Check that the app has "
		"the key and the phone's clock is right, and type the code it shows now; or start "
		"again with a new key." };
	char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT];
	struct totp_try t = own_try(a);
	int rc;

	if (!code_accepted(a, &t, true, &refusal))
		return;
	rc = totp_confirm(a->store, a->config, a->session.user_id, codes);
	if (rc != 1) {
		admin_change_failed(a, record_failure(a->store), "two-factor sign-in");
		return;
	}
	users_audit_add(a->store, time(NULL), "two-factor on", a->session.username,
			client_address(a), "set up by its user");
	codes_page(a, codes);
}

/*
** POST action=totp-off: the password and a code (or a recovery code)
** switch the second factor off, unless administrators must have one.
*/
static void second_factor_off(struct admin *a)
{
	static const struct code_refusal refusal = { account_refused, NULL, 403,
		"This code is wrong, or was used already. Nothing was changed." };
	struct totp_try t = own_try(a);

	if (a->config->totp_required_for_administrators && a->session.role == ROLE_ADMINISTRATOR) {
		admin_account_page(a, 403, "Administrators must sign in with a code here, so it stays "
				   "on. Nothing was changed.", NULL);
		return;
	}
	if (!admin_account_password_ok(a) || !code_accepted(a, &t, false, &refusal))
		return;
	if (totp_stored_remove(a->store, a->session.username) < 0) {
		admin_change_failed(a, record_failure(a->store), "two-factor sign-in");
		return;
	}
	users_audit_add(a->store, time(NULL), "two-factor off", a->session.username,
			client_address(a), "switched off by its user");
	a->session.second_factor = false;
	admin_account_page(a, 200, NULL, "Two-factor sign-in is off: you sign in with your password alone.");
}

/*
** Run the account page's action about the second factor, if action is
** one: true when it was (and answered).
*/
bool admin_second_factor_action(struct admin *a, const char *action)
{
	if (strcmp(action, "totp-start") == 0)
		enrol_start(a);
	else if (strcmp(action, "totp-confirm") == 0)
		enrol_confirm(a);
	else if (strcmp(action, "totp-off") == 0)
		second_factor_off(a);
	else
		return false;
	return true;
}
