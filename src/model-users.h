/*
** model-users.h: the stored side of who may edit: users and their
** password hashes, sessions (by the hash of their token), login
** attempts, locks and devices, the audit log, and forms kept when a
** session ended. The rules (hashing,
** throttling, expiry) are auth.c's and throttle.c's.
**
** Functions return 1 (done or found), 0 (no such row) or -1 (database
** error, logged), unless they say otherwise.
*/
#ifndef RC_MODEL_USERS_H
#define RC_MODEL_USERS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "model-admin.h"
#include "role.h"
#include "store.h"

/* A session as stored. */
struct stored_session {
	int64_t user_id;
	char username[201];
	enum role role;
	bool second_factor;	/* the user's TOTP is on */
	char csrf_token[65];
	time_t created_at, seen_at;
};

/* A user as listed. */
struct user_summary {
	const char *name, *created_at;	/* borrowed for the callback */
	int sessions;
	enum role role;
	bool disabled;
	bool second_factor;	/* two-factor sign-in is on */
	int64_t signed_in_at;	/* unix time of the last sign-in (its password
				   accepted) within a year, 0 when none */
};

/* Which users a list shows (users_each), in what order; "" and -1 mean
** any. list: its text in the name or the role's name, its status
** "active" or "disabled", its sort "name", "role", "signed_in" or
** "added". */
struct user_filter {
	struct list_filter list;
	const char *role;	/* a role's name (role_name) */
	int second_factor;	/* 1: on, 0: off */
};

#define USER_FILTER_ALL { { "", "", "name", false }, "", -1 }

/* A session as its user sees it in their list. */
struct session_summary {
	time_t created_at, seen_at;
	bool current;		/* the session of the request */
};

/* A link to set a password, as stored (the selector names it). */
struct stored_reset {
	int64_t user_id;
	char username[201];
	char token_hash[65];
	time_t expires_at;
};

int users_password(struct store *s, const char *name, int64_t *id, char **hash);
int users_create(struct store *s, const char *name, const char *hash, enum role role);
int users_set_password(struct store *s, const char *name, const char *hash,
		       const char *keep_session_hash);
int users_set_role(struct store *s, const char *name, enum role role);
int users_set_disabled(struct store *s, const char *name, bool disabled);
int users_delete(struct store *s, const char *name);
int users_each(struct store *s, const struct user_filter *f,
	       void (*fn)(void *ctx, const struct user_summary *u), void *ctx);
int users_sessions_each(struct store *s, int64_t user_id, const char *current_hash,
			time_t idle_since, time_t created_since,
			void (*fn)(void *ctx, const struct session_summary *u), void *ctx);
int users_sessions_end(struct store *s, int64_t user_id);
int users_reset_put(struct store *s, const char *selector, const char *hash, const char *name,
		    const char *created_by, time_t expires_at);
int users_reset_find(struct store *s, const char *selector, struct stored_reset *out);
int users_reset_use(struct store *s, const char *selector, const char *password_hash);

/* What a login attempt is counted by: its user name with its address,
** its user name from any address, its address for any user name (for
** browsers without a device cookie), or its device cookie. */
enum login_scope {
	LOGIN_SCOPE_USER_ADDRESS, LOGIN_SCOPE_USER, LOGIN_SCOPE_ADDRESS, LOGIN_SCOPE_DEVICE,
	LOGIN_SCOPES
};

/* Who tries to log in; strings borrowed. device: the hash of the
** browser's device cookie for this user, or "". */
struct login_try {
	const char *username, *address, *device;
};

/* An event of the audit log; strings borrowed for the callback. */
struct audit_event {
	time_t at;
	const char *event, *username, *address, *detail;
};

int users_failures(struct store *s, enum login_scope scope, const struct login_try *t,
		   time_t since);
int users_locked(struct store *s, enum login_scope scope, const struct login_try *t,
		 time_t now, time_t *until);
int users_lock(struct store *s, enum login_scope scope, const struct login_try *t, time_t now,
	       time_t until, const char *detail);
int users_locks_end(struct store *s, time_t now);
int users_attempt_add(struct store *s, const struct login_try *t, time_t now,
		      time_t forget_before, int64_t *id);
int users_attempt_succeeded(struct store *s, int64_t id);
int users_device_owner(struct store *s, const char *hash, int64_t *user_id);
int users_device_seen(struct store *s, const char *hash, int64_t user_id, const char *address,
		      time_t now, time_t forget_before);
int users_audit_add(struct store *s, time_t at, const char *event, const char *username,
		    const char *address, const char *detail);
int users_audit_each(struct store *s, int limit,
		     void (*fn)(void *ctx, const struct audit_event *e), void *ctx);

int users_session_add(struct store *s, const char *hash, int64_t user_id, const char *csrf,
		      time_t now, time_t idle_before, time_t created_before);
int users_session_find(struct store *s, const char *hash, struct stored_session *out);
int users_session_touch(struct store *s, const char *hash, time_t now);
int users_session_delete(struct store *s, const char *hash);
#define USERS_KEPT_MAX 20	/* forms kept for one user at once */

int users_kept_add(struct store *s, const char *key_hash, int64_t user_id, const char *route,
		   const char *fields, time_t now, time_t forget_before);
int users_kept_claim(struct store *s, const char *key_hash, int64_t user_id,
		     const char *session_hash, time_t since);
int users_kept_take(struct store *s, const char *session_hash, char **route, char **fields);

#endif
