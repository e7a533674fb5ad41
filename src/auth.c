/*
** auth.c: passwords, logins, device cookies, sessions, CSRF tokens.
**
** Passwords: argon2id strings from libsodium (crypto_pwhash_str), with
** the cost from the config. An unknown user costs the same hash as a
** wrong password and gets the same answer, so neither the reply nor its
** timing tells which names exist.
**
** Logins are throttled by login-throttle.c. A browser that signs in
** gets a device cookie (AUTH_DEVICE_MAX seconds, renewed at each
** login) that lets it past a lock-out of its user name.
**
** Sessions: the cookie carries 256 random bits as hex; the database
** keeps only their BLAKE2b hash, so a copy of the database opens no
** session. A session ends after AUTH_SESSION_IDLE seconds without use,
** AUTH_SESSION_MAX after login, or at logout. Each has its own random
** CSRF token, compared in constant time. Using a session writes to the
** database at most once every AUTH_SESSION_TOUCH seconds, so that an
** admin page is one read, not two commits, before its handler runs.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth.h"
#include "log.h"
#include "login-throttle.h"
#include "model-admin.h"
#include "model-users.h"

/*
** Initialise libsodium. Returns 0, or -1 (logged).
*/
int auth_init(void)
{
	if (sodium_init() < 0) {
		log_error("libsodium failed to initialise");
		return -1;
	}
	return 0;
}

/*
** Write a fresh random 256-bit token as hex into out.
*/
void auth_random_token(char out[AUTH_TOKEN_HEX])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

/*
** The hex BLAKE2b-256 hash of a session or device token, as the
** database keeps it.
*/
void auth_token_hash(const char *token, char out[AUTH_TOKEN_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, h, sizeof h);
}

/*
** Make a fresh token for a person (a cookie, a link, a form's key) into
** token, and into hash what the database keeps in its place.
*/
void auth_token_new(char token[AUTH_TOKEN_HEX], char hash[AUTH_TOKEN_HEX])
{
	auth_random_token(token);
	auth_token_hash(token, hash);
}

/*
** Hash password into out (at least crypto_pwhash_STRBYTES). Returns 0,
** or -1 (logged) when the hash cannot be computed (out of memory).
*/
int auth_hash_password(const struct config *c, const char *password, char *out, size_t outlen)
{
	if (outlen < crypto_pwhash_STRBYTES ||
	    crypto_pwhash_str(out, password, strlen(password), (unsigned long long)c->password_ops,
			      (size_t)c->password_memory_kib * 1024) != 0) {
		log_error("cannot hash a password (out of memory?)");
		return -1;
	}
	return 0;
}

/*
** Check a login (see login-throttle.h for the limits). The browser's
** device cookie, when it is one of this user's, makes the attempt count
** on its own. On LOGIN_OK *user_id is set, and new_device receives the
** token of a new device cookie to give the browser ("" when it has one
** already); on LOGIN_THROTTLED *retry_after is the seconds to wait.
*/
enum login_result auth_login(struct store *s, const struct config *c, const struct login *l,
			     int64_t *user_id, long *retry_after,
			     char new_device[AUTH_TOKEN_HEX])
{
	char device[AUTH_TOKEN_HEX] = "", *stored = NULL;
	struct login_try t = { l->username, l->address, device };
	time_t now = time(NULL);
	int64_t attempt = 0, owner = 0;
	enum login_result result = LOGIN_ERROR;
	bool ok = false;

	*user_id = 0;
	new_device[0] = '\0';
	if (users_password(s, l->username, user_id, &stored) < 0)
		goto done;
	if (l->device && strlen(l->device) == AUTH_TOKEN_HEX - 1) {
		auth_token_hash(l->device, device);
		if (users_device_owner(s, device, &owner) < 0)
			goto done;
		if (owner == 0 || owner != *user_id)
			device[0] = '\0';
	}
	switch (throttle_admit(s, &t, now, &attempt, retry_after)) {
	case THROTTLE_ADMIT:
		break;
	case THROTTLE_REFUSE:
		result = LOGIN_THROTTLED;
		goto done;
	case THROTTLE_ERROR:
		goto done;
	}
	if (stored && *stored) {
		ok = crypto_pwhash_str_verify(stored, l->password, strlen(l->password)) == 0;
	} else {
		/* Unknown user: spend the same work as a verification. */
		char dummy[crypto_pwhash_STRBYTES];

		auth_hash_password(c, l->password, dummy, sizeof dummy);
	}
	if (throttle_settle(s, &t, attempt, ok, now) < 0)
		goto done;
	if (!ok) {
		log_info("failed login for user '%s' from %s", l->username, l->address);
		result = LOGIN_REFUSED;
		goto done;
	}
	if (*device == '\0')
		auth_token_new(new_device, device);
	if (users_device_seen(s, device, *user_id, l->address, now, now - AUTH_DEVICE_MAX) < 0) {
		new_device[0] = '\0';
		goto done;
	}
	result = LOGIN_OK;
done:
	free(stored);
	if (result != LOGIN_OK)
		*user_id = 0;
	return result;
}

/*
** Start a session for user_id; token receives the cookie value. The
** sessions that ended more than AUTH_KEPT_MAX ago are dropped on the
** way (those that ended since still name their user: auth_keep_form). Returns 0, or
** -1 (logged).
*/
int auth_session_start(struct store *s, int64_t user_id, char token[AUTH_TOKEN_HEX])
{
	char hash[AUTH_TOKEN_HEX], csrf[AUTH_TOKEN_HEX];
	time_t now = time(NULL);

	auth_token_new(token, hash);
	auth_random_token(csrf);
	return users_session_add(s, hash, user_id, csrf, now, now - AUTH_SESSION_IDLE - AUTH_KEPT_MAX,
				 now - AUTH_SESSION_MAX - AUTH_KEPT_MAX) < 0 ? -1 : 0;
}

/*
** Whether a session begun at created_at and last used at seen_at has
** ended by now.
*/
bool auth_session_ended(time_t created_at, time_t seen_at, time_t now)
{
	return seen_at < now - AUTH_SESSION_IDLE || created_at < now - AUTH_SESSION_MAX;
}

/*
** Seconds until a session begun at created_at and last used at seen_at
** ends, if not used again: when it has been idle for AUTH_SESSION_IDLE,
** or reaches AUTH_SESSION_MAX, whichever comes first.
*/
static long session_seconds_left(time_t created_at, time_t seen_at, time_t now)
{
	time_t idle_end = seen_at + AUTH_SESSION_IDLE, age_end = created_at + AUTH_SESSION_MAX;

	return (long)((idle_end < age_end ? idle_end : age_end) - now);
}

/*
** Note the use of sess (found by auth_session_find for token) now, even
** within AUTH_SESSION_TOUCH of the last note: the editor asked to stay
** signed in. Updates sess->seconds_left. Returns 0, or -1 (the database
** could not be written; the session is as it was).
*/
int auth_session_extend(struct store *s, const char *token, struct session *sess)
{
	char hash[AUTH_TOKEN_HEX];
	struct stored_session stored;
	time_t now = time(NULL);

	auth_token_hash(token, hash);
	if (users_session_find(s, hash, &stored) != 1 || users_session_touch(s, hash, now) < 0)
		return -1;
	sess->seconds_left = session_seconds_left(stored.created_at, now, now);
	return 0;
}

/*
** Find the live session of token and note its use now (at most once
** every AUTH_SESSION_TOUCH seconds), best effort: when the database
** cannot be written, the admin can still be read. A session found ended
** is not live, but out->ended_user_id names its user. Returns 1 (found,
** *out filled), 0 (none live), -1 (the database could not be read).
*/
int auth_session_find(struct store *s, const char *token, struct session *out)
{
	char hash[AUTH_TOKEN_HEX];
	struct stored_session stored;
	time_t now = time(NULL);
	int rc;

	memset(out, 0, sizeof *out);
	if (strlen(token) != AUTH_TOKEN_HEX - 1)
		return 0;
	auth_token_hash(token, hash);
	rc = users_session_find(s, hash, &stored);
	if (rc != 1)
		return rc;
	if (auth_session_ended(stored.created_at, stored.seen_at, now)) {
		/* Kept a day (see auth_session_start), so that a form sent
		** after it ended can be kept for its user. */
		out->ended_user_id = stored.user_id;
		return 0;
	}
	/* Best effort: a database that cannot be written just now (busy,
	** read-only, full) still lets the editor read; the note waits for
	** the next request. */
	if (stored.seen_at < now - AUTH_SESSION_TOUCH) {
		if (users_session_touch(s, hash, now) == 0)
			stored.seen_at = now;
		else
			log_info("could not note the use of a session (the database cannot be written)");
	}
	out->seconds_left = session_seconds_left(stored.created_at, stored.seen_at, now);
	out->user_id = stored.user_id;
	out->role = stored.role;
	out->second_factor = stored.second_factor;
	snprintf(out->username, sizeof out->username, "%s", stored.username);
	snprintf(out->csrf_token, sizeof out->csrf_token, "%s", stored.csrf_token);
	return 1;
}

/*
** End the session of token, server-side. Returns 0, or -1.
*/
int auth_session_end(struct store *s, const char *token)
{
	char hash[AUTH_TOKEN_HEX];

	auth_token_hash(token, hash);
	return users_session_delete(s, hash) < 0 ? -1 : 0;
}

/*
** Whether submitted is sess's CSRF token, compared in constant time.
*/
bool auth_csrf_ok(const struct session *sess, const char *submitted)
{
	size_t n = strlen(sess->csrf_token);

	return submitted && n == AUTH_TOKEN_HEX - 1 && strlen(submitted) == n &&
	       sodium_memcmp(sess->csrf_token, submitted, n) == 0;
}

/*
** Create the user name with role (create) or change its password
** (!create). Changing a password ends the user's sessions. Returns 1
** done, 0 when the user exists (create) or does not (!create), -1 on
** error.
*/
int auth_user_set(struct store *s, const struct config *c, const char *name,
		  const char *password, bool create, enum role role)
{
	char hash[crypto_pwhash_STRBYTES];

	if (auth_hash_password(c, password, hash, sizeof hash) < 0)
		return -1;
	return create ? users_create(s, name, hash, role) : users_set_password(s, name, hash, "");
}

/*
** Whether password is user name's: 1, 0 (it is not, or no such user),
** -1.
*/
int auth_password_ok(struct store *s, const char *name, const char *password)
{
	char *stored = NULL;
	int64_t id;
	int rc = users_password(s, name, &id, &stored);

	if (rc == 1)
		rc = stored && crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
	free(stored);
	return rc;
}

/*
** Give user name the password password, ending their sessions but the
** one of keep_token (NULL: all). Returns 1, 0 (no such user), -1.
*/
int auth_password_change(struct store *s, const struct config *c, const char *name,
			 const char *password, const char *keep_token)
{
	char hash[crypto_pwhash_STRBYTES], keep[AUTH_TOKEN_HEX] = "";

	if (auth_hash_password(c, password, hash, sizeof hash) < 0)
		return -1;
	if (keep_token)
		auth_token_hash(keep_token, keep);
	return users_set_password(s, name, hash, keep);
}

/*
** Call fn with each live session of user_id, the one of token marked
** current. Returns their number, or -1.
*/
int auth_sessions_each(struct store *s, int64_t user_id, const char *token,
		       void (*fn)(void *ctx, const struct session_summary *u), void *ctx)
{
	char hash[AUTH_TOKEN_HEX];
	time_t now = time(NULL);

	auth_token_hash(token, hash);
	return users_sessions_each(s, user_id, hash, now - AUTH_SESSION_IDLE, now - AUTH_SESSION_MAX,
				   fn, ctx);
}

/*
** The selector of a link's token: its first AUTH_RESET_SELECTOR hex
** digits.
*/
static void reset_selector(const char *token, char out[AUTH_RESET_SELECTOR + 1])
{
	memcpy(out, token, AUTH_RESET_SELECTOR);
	out[AUTH_RESET_SELECTOR] = '\0';
}

/*
** Make a link to set user name's password, replacing any it had: token
** receives its token (AUTH_RESET_SELECTOR hex digits that name it, then
** the secret), which only the link holds; the database keeps the hash
** of the whole. It works once, for AUTH_RESET_MAX seconds. Returns 1, 0
** (no such user), -1.
*/
int auth_reset_issue(struct store *s, const char *name, const char *created_by,
		     char token[AUTH_TOKEN_HEX])
{
	char hash[AUTH_TOKEN_HEX], selector[AUTH_RESET_SELECTOR + 1];

	auth_token_new(token, hash);
	reset_selector(token, selector);
	return users_reset_put(s, selector, hash, name, created_by, time(NULL) + AUTH_RESET_MAX);
}

/*
** Find the link of token while it works: its hash compared in constant
** time with the one kept, not expired, of a user not disabled. Returns
** 1 with its row in out, 0 when it does not work, -1.
*/
static int reset_find(struct store *s, const char *token, struct stored_reset *out)
{
	char hash[AUTH_TOKEN_HEX], selector[AUTH_RESET_SELECTOR + 1];
	int rc;

	memset(out, 0, sizeof *out);
	if (token == NULL || strlen(token) != AUTH_TOKEN_HEX - 1)
		return 0;
	reset_selector(token, selector);
	auth_token_hash(token, hash);
	rc = users_reset_find(s, selector, out);
	if (rc != 1)
		return rc;
	return strlen(out->token_hash) == AUTH_TOKEN_HEX - 1 &&
	       sodium_memcmp(out->token_hash, hash, AUTH_TOKEN_HEX - 1) == 0 &&
	       out->expires_at > time(NULL);
}

/*
** The user whose password the link of token sets, while it works, into
** username (size n). Returns 1, 0 (it does not work), -1.
*/
int auth_reset_user(struct store *s, const char *token, char *username, size_t n)
{
	struct stored_reset r;
	int rc = reset_find(s, token, &r);

	if (rc == 1)
		snprintf(username, n, "%s", r.username);
	return rc;
}

/*
** Use the link of token: set its user's password to password and end
** their sessions; the link then no longer works. Returns 1, 0 (the link
** does not work, or was used meanwhile: nothing changed), -1.
*/
int auth_reset_use(struct store *s, const struct config *c, const char *token,
		   const char *password)
{
	char hash[crypto_pwhash_STRBYTES], selector[AUTH_RESET_SELECTOR + 1];
	struct stored_reset r;
	int rc = reset_find(s, token, &r);

	if (rc != 1)
		return rc;
	if (auth_hash_password(c, password, hash, sizeof hash) < 0)
		return -1;
	reset_selector(token, selector);
	return users_reset_use(s, selector, hash);
}

/*
** Keep the fields (urlencoded, without the CSRF token) of a form sent
** to route after user_id's session ended; key receives the token that
** the login form carries to claim it. Returns 0, or -1.
*/
int auth_keep_form(struct store *s, int64_t user_id, const char *route, const char *fields,
		   char key[AUTH_TOKEN_HEX])
{
	char hash[AUTH_TOKEN_HEX];
	time_t now = time(NULL);

	auth_token_new(key, hash);
	return users_kept_add(s, hash, user_id, route, fields, now, now - AUTH_KEPT_MAX) < 0 ? -1 : 0;
}

/*
** Give the form kept under key to the new session of session_token,
** when it is user_id's and at most AUTH_KEPT_MAX old: 1, 0 (none such:
** another user's, too old, or no key), or -1.
*/
int auth_kept_claim(struct store *s, const char *key, int64_t user_id, const char *session_token)
{
	char key_hash[AUTH_TOKEN_HEX], session_hash[AUTH_TOKEN_HEX];

	if (key == NULL || strlen(key) != AUTH_TOKEN_HEX - 1)
		return 0;
	auth_token_hash(key, key_hash);
	auth_token_hash(session_token, session_hash);
	return users_kept_claim(s, key_hash, user_id, session_hash, time(NULL) - AUTH_KEPT_MAX);
}

/*
** Take the form kept for the session of session_token: 1 with *route
** and *fields (the caller frees both), 0 when there is none, or -1.
*/
int auth_kept_take(struct store *s, const char *session_token, char **route, char **fields)
{
	char hash[AUTH_TOKEN_HEX];

	auth_token_hash(session_token, hash);
	return users_kept_take(s, hash, route, fields);
}

/*
** Make a preview link to the draft of record id of kind for seconds:
** token receives its token (256 random bits as hex), which only the
** link holds; the database keeps its hash. Returns 0, or -1.
*/
int auth_preview_link_make(struct store *s, const char *kind, const char *id, const char *username,
			   int64_t seconds, char token[AUTH_TOKEN_HEX])
{
	char hash[AUTH_TOKEN_HEX];
	time_t now = time(NULL);

	auth_token_new(token, hash);
	return preview_link_add(s, hash, kind, id, username, (int64_t)now + seconds, now) ? 0 : -1;
}

/*
** The record whose draft the preview link of token leads to, while it
** has not expired, in out (the caller frees it: preview_target_free).
** Returns 1, 0 (no such link, expired or revoked), or -1.
*/
int auth_preview_link_open(struct store *s, const char *token, struct preview_target *out)
{
	char hash[AUTH_TOKEN_HEX];

	memset(out, 0, sizeof *out);
	if (token == NULL || strlen(token) != AUTH_TOKEN_HEX - 1)
		return 0;
	auth_token_hash(token, hash);
	return preview_link_find(s, hash, time(NULL), out);
}
