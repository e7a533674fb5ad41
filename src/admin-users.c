/*
** admin-users.c: /admin/users, for administrators: the users with
** their roles, searched, filtered and sorted by GET parameters (q,
** status, role, totp, sort, order: admin_list_filter_ok), and the forms
** to add one, change a role, disable, enable or remove one, and make a
** link that sets a password.
**
** A new user has no password: the page shows, once, a link for them to
** set one, as a reset does (no e-mail is sent: the administrator passes
** it on). An administrator cannot disable, remove or change the role of
** their own account, so there is always one administrator left who can.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "log.h"
#include "model-users.h"
#include "text.h"

#define USER_NAME_MAX 200	/* bytes */

/* What the list's filter offers. */
static const char *const status_choices[][2] = { { "active", "Active" }, { "disabled", "Disabled" } };
static const char *const sort_choices[][2] = {
	{ "name", "Name" }, { "role", "Role" }, { "signed_in", "Last sign-in" }, { "added", "Added" },
};
static const char *const role_choices[][2] = {
	{ "contributor", "Contributor" }, { "editor", "Editor" }, { "administrator", "Administrator" },
};
static const char *const totp_choices[][2] = { { "on", "On" }, { "off", "Off" } };
static const struct admin_choices statuses = ADMIN_CHOICES(status_choices),
				  sorts = ADMIN_CHOICES(sort_choices);
enum { CHOICE_ROLE, CHOICE_TOTP, CHOICES };

struct user_list {
	struct tpl_dict *d;
	const char *me;
};

static void add_user_row(void *ctx, const struct user_summary *u)
{
	struct user_list *list = ctx;
	struct tpl_dict *row = tpl_add_section(list->d, "USER");
	struct tpl_dict *opt;
	int r;

	tpl_set(row, "NAME", u->name);
	tpl_set(row, "ROLE", role_title(u->role));
	tpl_set(row, "STATUS", u->disabled ? "disabled" : "active");
	tpl_set(row, "TOTP", u->second_factor ? "on" : "off");
	tpl_set_int(row, "SESSIONS", u->sessions);
	admin_set_time(row, "CREATED", u->created_at);
	if (u->signed_in_at > 0)
		admin_set_unix_time(tpl_add_section(row, "SIGNED_IN"), "AT", u->signed_in_at);
	else
		tpl_show(row, "NEVER_SIGNED_IN");
	if (strcmp(u->name, list->me) == 0) {
		tpl_show(row, "YOU");
		return;
	}
	opt = tpl_add_section(row, "ACTIONS");
	for (r = ROLE_CONTRIBUTOR; r <= ROLE_ADMINISTRATOR; r++) {
		struct tpl_dict *o = tpl_add_section(opt, "ROLE_OPTION");

		tpl_set(o, "VALUE", role_name((enum role)r));
		tpl_set(o, "TEXT", role_title((enum role)r));
		if ((enum role)r == u->role)
			tpl_show(o, "SELECTED");
	}
	tpl_show(opt, u->disabled ? "ENABLE" : "DISABLE");
}

/*
** Read the list's filter of a GET into f and choices (strings borrowed
** from the request); after a POST, the whole list (its fields are the
** form's, not a filter's). Returns whether they are good; when not,
** the reply (400) says why.
*/
static bool read_filter(struct admin *a, struct user_filter *f,
			struct admin_list_choice choices[CHOICES])
{
	const char *totp;

	*f = (struct user_filter)USER_FILTER_ALL;
	choices[CHOICE_ROLE] = (struct admin_list_choice){ "role", "Role", ADMIN_CHOICES(role_choices), "" };
	choices[CHOICE_TOTP] = (struct admin_list_choice){ "totp", "Two-factor sign-in",
							   ADMIN_CHOICES(totp_choices), "" };
	if (a->req->method == METHOD_POST)
		return true;
	if (!admin_list_filter_ok(a, &f->list, &statuses, &sorts) ||
	    !admin_list_choices_ok(a, choices, CHOICES))
		return false;
	f->role = choices[CHOICE_ROLE].chosen;
	totp = choices[CHOICE_TOTP].chosen;
	f->second_factor = *totp == '\0' ? -1 : strcmp(totp, "on") == 0;
	return true;
}

/*
** Reply with the list of users the request's filter lets through:
** status, with error (or NULL) above it, the add form holding name and
** role as typed, and when token is not NULL, the link it makes for user
** name (shown this once).
*/
static void users_page(struct admin *a, int status, const char *error, const char *token,
		       const char *name)
{
	struct tpl_dict *content, *root, *d;
	struct user_list list;
	struct user_filter f;
	struct admin_list_choice choices[CHOICES];
	struct buf href = BUF_INIT;
	char until[64];
	time_t end = time(NULL) + AUTH_RESET_MAX;
	int r, n;

	reply_reset(a->rep);
	if (!read_filter(a, &f, choices))
		return;
	root = admin_page(a, "Users", "admin-users.tpl", &content);
	list.d = content;
	list.me = a->session.username;
	if ((n = users_each(a->store, &f, add_user_row, &list)) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
		return;
	}
	admin_list_filter_choices(content, admin_list_filter_bar(content, "/admin/users",
								 "Name or role holds", "/admin/users",
								 &f.list, &statuses, &sorts),
				  choices, CHOICES);
	if (n == 0)
		tpl_show(content, "NONE_FOUND");
	if (error)
		tpl_set(tpl_add_section(content, "ERROR"), "MESSAGE", error);
	if (token) {
		d = tpl_add_section(content, "LINK");
		admin_origin(a, &href);
		buf_puts(&href, "/admin/reset?token=");
		buf_puts(&href, token);
		strftime(until, sizeof until, "%Y-%m-%d %H:%M %Z", localtime(&end));
		tpl_set(d, "HREF", href.data);
		tpl_set(d, "USER", name);
		tpl_set(d, "UNTIL", until);
	}
	tpl_set(content, "NEW_NAME", token || error == NULL ? "" : admin_param(a, "name"));
	for (r = ROLE_CONTRIBUTOR; r <= ROLE_ADMINISTRATOR; r++) {
		d = tpl_add_section(content, "NEW_ROLE");
		tpl_set(d, "VALUE", role_name((enum role)r));
		tpl_set(d, "TEXT", role_title((enum role)r));
		if (r == ROLE_CONTRIBUTOR)
			tpl_show(d, "SELECTED");
	}
	admin_finish(a, status, root);
	buf_free(&href);
}

/*
** Note in the audit log what the administrator did to user name.
*/
static void audit(struct admin *a, const char *event, const char *name, const char *detail)
{
	const char *address = request_env(a->req, "REMOTE_ADDR");

	if (users_audit_add(a->store, time(NULL), event, name, address ? address : "", detail) < 0)
		log_error("could not note '%s' of user '%s' in the audit log", event, name);
}

/*
** Add user name with the role of the form, and show the link that sets
** their password.
*/
static void add_user(struct admin *a, const char *name)
{
	enum role role = role_from_name(admin_param(a, "role"));
	char token[AUTH_TOKEN_HEX], detail[300];
	int rc;

	if (*name == '\0' || strlen(name) > USER_NAME_MAX || !text_is_utf8(name, strlen(name)) ||
	    text_has_control(name, strlen(name), false)) {
		users_page(a, 422, "A user name is 1 to 200 characters of text.", NULL, NULL);
		return;
	}
	if (role == ROLE_NONE) {
		users_page(a, 422, "Choose the new user's role.", NULL, NULL);
		return;
	}
	/* "!" is no argon2id string: no password matches it. */
	rc = users_create(a->store, name, "!", role);
	if (rc == 0) {
		users_page(a, 409, "There is a user of this name already.", NULL, NULL);
		return;
	}
	if (rc < 0 || auth_reset_issue(a->store, name, a->session.username, token) != 1) {
		admin_change_failed(a, record_failure(a->store), "user");
		return;
	}
	snprintf(detail, sizeof detail, "added by %s as %s", a->session.username, role_name(role));
	audit(a, "user added", name, detail);
	users_page(a, 200, NULL, token, name);
}

/*
** POST /admin/users: one action (action=) on one user (name=).
*/
static void change_user(struct admin *a)
{
	const char *action = admin_param(a, "action"), *name = admin_param(a, "name");
	char token[AUTH_TOKEN_HEX], detail[300];
	enum role role = ROLE_NONE;
	int rc;

	if (strcmp(action, "add") == 0) {
		add_user(a, name);
		return;
	}
	if (strcmp(name, a->session.username) == 0) {
		users_page(a, 403, "You cannot change your own account here: ask another "
			   "administrator. Your password is on your account page.", NULL, NULL);
		return;
	}
	if (strcmp(action, "role") == 0) {
		role = role_from_name(admin_param(a, "role"));
		rc = role == ROLE_NONE ? -2 : users_set_role(a->store, name, role);
	} else if (strcmp(action, "disable") == 0 || strcmp(action, "enable") == 0) {
		rc = users_set_disabled(a->store, name, strcmp(action, "disable") == 0);
	} else if (strcmp(action, "remove") == 0) {
		rc = users_delete(a->store, name);
	} else if (strcmp(action, "reset") == 0) {
		rc = auth_reset_issue(a->store, name, a->session.username, token);
	} else {
		rc = -2;
	}
	if (rc == -2) {
		users_page(a, 400, "The form asked for nothing this page does. Nothing was changed.",
			   NULL, NULL);
	} else if (rc == 0) {
		users_page(a, 404, "There is no such user (any more). Nothing was changed.", NULL, NULL);
	} else if (rc < 0) {
		admin_change_failed(a, record_failure(a->store), "user");
	} else {
		snprintf(detail, sizeof detail, "%s%s%s by %s", action, role ? " to " : "",
			 role ? role_name(role) : "", a->session.username);
		audit(a, "user changed", name, detail);
		if (strcmp(action, "reset") == 0)
			users_page(a, 200, NULL, token, name);
		else
			admin_redirect(a, "/admin/users");
	}
}

void admin_users(struct admin *a)
{
	if (a->req->method == METHOD_POST)
		change_user(a);
	else
		users_page(a, 200, NULL, NULL, NULL);
}
