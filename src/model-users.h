/*
** model-users.h: the stored side of who may edit: users and their
** password hashes, sessions (by the hash of their token), and login
** attempts. The rules (hashing, throttling, expiry) are auth.c's.
**
** Functions return 1 (done or found), 0 (no such row) or -1 (database
** error, logged), unless they say otherwise.
*/
#ifndef RC_MODEL_USERS_H
#define RC_MODEL_USERS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store.h"

/* A session as stored. */
struct stored_session {
	int64_t user_id;
	char username[201];
	char csrf_token[65];
	time_t created_at, seen_at;
};

/* A user as listed. */
struct user_summary {
	const char *name, *created_at;	/* borrowed for the callback */
	int sessions;
};

int users_password(struct store *s, const char *name, int64_t *id, char **hash);
int users_create(struct store *s, const char *name, const char *hash);
int users_set_password(struct store *s, const char *name, const char *hash);
int users_delete(struct store *s, const char *name);
int users_each(struct store *s, void (*fn)(void *ctx, const struct user_summary *u), void *ctx);

int users_failed_logins(struct store *s, const char *username, const char *address,
			time_t since, time_t *oldest);
int users_record_login(struct store *s, const char *username, const char *address, time_t at,
		       bool succeeded, time_t forget_before);

int users_session_add(struct store *s, const char *hash, int64_t user_id, const char *csrf,
		      time_t now, time_t idle_before, time_t created_before);
int users_session_find(struct store *s, const char *hash, struct stored_session *out);
int users_session_touch(struct store *s, const char *hash, time_t now);
int users_session_delete(struct store *s, const char *hash);

#endif
