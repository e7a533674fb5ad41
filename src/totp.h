/*
** totp.h: two-factor sign-in, optional per user: TOTP codes (RFC 6238,
** through liboath: six digits, 30-second steps, SHA-1, as every
** authenticator app reads them) and ten single-use recovery codes.
**
** The secret is kept encrypted (XChaCha20-Poly1305, libsodium) with a
** key in the file totp.key beside the database, which the admin makes
** on the first enrolment (0600: the worker never reads it); recovery
** codes are kept as BLAKE2b hashes keyed with it. So a copy of the
** database alone gives neither. Each code is good once: a TOTP code's
** time step is noted and no code of it or an earlier step is taken
** again. Wrong codes count as failed sign-ins (login-throttle.h), in
** the scopes of a browser without a device cookie, so that signing in
** again with the password gives no fresh tries.
**
** A sign-in whose password was right waits for its code under a token
** of its own (a cookie; only its hash is kept) for TOTP_PENDING_MAX
** seconds; it is no session and opens nothing but the code's form.
*/
#ifndef RC_TOTP_H
#define RC_TOTP_H

#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "config.h"
#include "model-totp.h"
#include "store.h"

#define TOTP_STEP 30			/* seconds a code lasts */
#define TOTP_SECRET_BYTES 20		/* 160 bits, as RFC 4226 recommends */
#define TOTP_SECRET_TEXT 33		/* its base32, plus NUL */
#define TOTP_RECOVERY_CODES 10
#define TOTP_RECOVERY_TEXT 12		/* "xxxxx-xxxxx", plus NUL */
#define TOTP_CODE_MAX 64		/* bytes of a code as typed */
#define TOTP_PENDING_MAX (5 * 60)	/* seconds a sign-in waits for its code */

enum totp_result { TOTP_OK, TOTP_WRONG, TOTP_THROTTLED, TOTP_ERROR };

/* Who gives a code; strings borrowed. */
struct totp_try {
	int64_t user_id;
	const char *username, *address;
};

int totp_enrol(struct store *s, const struct config *c, int64_t user_id,
	       char secret[TOTP_SECRET_TEXT]);
enum totp_result totp_check(struct store *s, const struct config *c, const struct totp_try *t,
			    const char *code, bool enrolling, long *retry_after);
int totp_confirm(struct store *s, const struct config *c, int64_t user_id,
		 char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT]);
int totp_enabled(struct store *s, int64_t user_id);
int totp_secrets_unreadable(struct store *s, const struct config *c);
int totp_pending_start(struct store *s, int64_t user_id, const char *next, const char *kept,
		       char token[AUTH_TOKEN_HEX]);
int totp_pending_open(struct store *s, const char *token, struct stored_pending *out);
int totp_pending_end(struct store *s, const char *token);

#endif
