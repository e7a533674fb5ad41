/*
** model-totp.h: the stored side of two-factor sign-in: each user's TOTP
** secret (encrypted by totp.c; the model never sees it in clear), the
** last time step used, the hashes of the recovery codes, and sign-ins
** waiting for their code. The rules are totp.c's.
**
** Functions return 1 (done or found), 0 (no such row) or -1 (database
** error, logged), unless they say otherwise.
*/
#ifndef RC_MODEL_TOTP_H
#define RC_MODEL_TOTP_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "store.h"

#define TOTP_STORED_SECRET 161	/* hex of nonce, ciphertext and tag, plus NUL */

/* A user's TOTP as stored. */
struct stored_totp {
	char secret[TOTP_STORED_SECRET];
	bool enabled;
	int64_t last_step;
};

/* A sign-in waiting for its code, with its user's name. */
struct stored_pending {
	int64_t user_id;
	char username[201];
	char next[1024], kept[65];
};

int totp_stored_start(struct store *s, int64_t user_id, const char *secret, time_t now);
int totp_stored_find(struct store *s, int64_t user_id, struct stored_totp *out);
int totp_stored_each(struct store *s,
		     bool (*fn)(void *ctx, int64_t user_id, const char *secret), void *ctx);
int totp_stored_use_step(struct store *s, int64_t user_id, int64_t step);
int totp_stored_enable(struct store *s, int64_t user_id, const char *const *hashes, int n);
int totp_stored_remove(struct store *s, const char *name);
int totp_recovery_each(struct store *s, int64_t user_id,
		       bool (*fn)(void *ctx, const char *hash), void *ctx);
int totp_recovery_take(struct store *s, int64_t user_id, const char *hash);
int totp_recovery_left(struct store *s, int64_t user_id);
int totp_pending_add(struct store *s, const char *hash, int64_t user_id, const char *next,
		     const char *kept, time_t now, time_t expires_at);
int totp_pending_find(struct store *s, const char *hash, time_t now, struct stored_pending *out);
int totp_pending_delete(struct store *s, const char *hash);

#endif
