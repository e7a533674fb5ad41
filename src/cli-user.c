/*
** cli-user.c: `runningcode user add|passwd|role|del|totp-off|list`.
**
** Passwords are read from the terminal without echo, or as the first
** line of standard input when that is not a terminal; never from argv,
** where other users of the machine could see them.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth.h"
#include "cli.h"
#include "log.h"
#include "model-totp.h"
#include "model-users.h"
#include "store.h"
#include "text.h"

/*
** Read a password into pw (size n), prompting on a terminal. Returns 0,
** or -1 (logged) when none could be read or it is empty or too long.
*/
static int read_password(const char *prompt, char *pw, size_t n)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	size_t len;
	char *got;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(pw, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (got == NULL) {
		log_error("no password given");
		return -1;
	}
	len = strcspn(pw, "\r\n");
	if (pw[len] == '\0' && len == n - 1) {
		log_error("password too long (at most %d bytes)", AUTH_PASSWORD_MAX);
		return -1;
	}
	pw[len] = '\0';
	if (len == 0 || !text_is_utf8(pw, len) || text_has_control(pw, len, false)) {
		log_error("the password must be non-empty UTF-8 text");
		return -1;
	}
	return 0;
}

static void print_user(void *ctx, const struct user_summary *u)
{
	(void)ctx;
	printf("%-24s %-14s %-9s %-22s %d\n", u->name, role_name(u->role),
	       u->disabled ? "disabled" : "active", u->created_at, u->sessions);
}

static int list_users(struct store *s)
{
	struct user_filter all = USER_FILTER_ALL;

	printf("%-24s %-14s %-9s %-22s %s\n", "USER", "ROLE", "STATUS", "CREATED", "SESSIONS");
	return users_each(s, &all, print_user, NULL) < 0 ? 1 : 0;
}

/*
** `user totp-off NAME`: switch off user name's second factor (its
** secret, recovery codes and waiting sign-ins go), noted in the audit
** log. Returns the exit status.
*/
static int second_factor_off(struct store *s, const char *name)
{
	int64_t id = 0;
	char *hash = NULL;
	int rc = users_password(s, name, &id, &hash);

	free(hash);
	if (rc == 0) {
		log_error("no user '%s' (or it is disabled)", name);
		return 1;
	}
	rc = rc < 0 ? -1 : totp_stored_remove(s, name);
	if (rc < 0)
		return 1;
	if (rc == 0) {
		printf("'%s' has no two-factor sign-in\n", name);
		return 0;
	}
	users_audit_add(s, time(NULL), "two-factor off", name, "", "switched off from the command line");
	printf("two-factor sign-in of '%s' is off: they sign in with their password alone\n", name);
	return 0;
}

static void user_usage(FILE *f)
{
	fprintf(f, "usage: runningcode user add NAME [ROLE]  create a user (password from the terminal or stdin)\n"
		   "       runningcode user passwd NAME      change a password (ends the user's sessions)\n"
		   "       runningcode user role NAME ROLE   give a user a role\n"
		   "       runningcode user del NAME         delete a user\n"
		   "       runningcode user totp-off NAME    switch off a user's two-factor sign-in\n"
		   "                                         (a lost phone: they set it up again)\n"
		   "       runningcode user list             list users\n"
		   "ROLE: administrator (the default), editor or contributor\n");
}

int cli_user(struct cli_options *o, int argc, char **argv)
{
	char err[512], pw[AUTH_PASSWORD_MAX + 2];
	const char *verb = argc > 1 ? argv[1] : "";
	const char *name = argc > 2 ? argv[2] : NULL;
	enum role role = argc > 3 ? role_from_name(argv[3]) : ROLE_ADMINISTRATOR;
	struct store *s = NULL;
	int status = 1, rc;

	if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0) {
		user_usage(stdout);
		return 0;
	}
	if (!(strcmp(verb, "list") == 0 && argc == 2) &&
	    !((strcmp(verb, "passwd") == 0 || strcmp(verb, "del") == 0 ||
	       strcmp(verb, "totp-off") == 0) && argc == 3) &&
	    !(strcmp(verb, "add") == 0 && (argc == 3 || argc == 4)) &&
	    !(strcmp(verb, "role") == 0 && argc == 4)) {
		user_usage(stderr);
		return 2;
	}
	if (role == ROLE_NONE) {
		log_error("no role '%s': administrator, editor or contributor", argv[3]);
		return 2;
	}
	if (name && (strlen(name) > 200 || !text_is_utf8(name, strlen(name)) ||
		     text_has_control(name, strlen(name), false) || *name == '\0')) {
		log_error("a user name is 1 to 200 bytes of text");
		return 2;
	}
	if (auth_init() < 0)
		return 1;
	s = store_open(o->config.database, STORE_READWRITE, err, sizeof err);
	if (s == NULL) {
		log_error("%s", err);
		return 1;
	}
	if (strcmp(verb, "list") == 0) {
		status = list_users(s);
	} else if (strcmp(verb, "totp-off") == 0) {
		status = second_factor_off(s, name);
	} else if (strcmp(verb, "del") == 0 || strcmp(verb, "role") == 0) {
		rc = strcmp(verb, "del") == 0 ? users_delete(s, name) : users_set_role(s, name, role);
		if (rc == 0)
			log_error("no user '%s'", name);
		else if (rc == 1 && strcmp(verb, "role") == 0)
			printf("'%s' is now %s\n", name, role_name(role));
		status = rc == 1 ? 0 : 1;
	} else if (read_password("Password: ", pw, sizeof pw) == 0) {
		bool create = strcmp(verb, "add") == 0;

		rc = auth_user_set(s, &o->config, name, pw, create, role);
		if (rc == 0)
			log_error(create ? "user '%s' exists already" : "no user '%s'", name);
		else if (rc == 1)
			printf(create ? "user '%s' created\n" : "password of '%s' changed\n", name);
		status = rc == 1 ? 0 : 1;
	}
	sodium_memzero(pw, sizeof pw);
	store_close(s);
	return status;
}
