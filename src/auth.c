/*
** auth.c: passwords, login throttling, sessions, CSRF tokens.
**
** Passwords: argon2id strings from libsodium (crypto_pwhash_str), with
** the cost from the config. An unknown user costs the same hash as a
** wrong password and gets the same answer, so neither the reply nor its
** timing tells which names exist.
**
** Sessions: the cookie carries 256 random bits as hex; the database
** keeps only their BLAKE2b hash, so a copy of the database opens no
** session. A session ends after AUTH_SESSION_IDLE seconds without use,
** AUTH_SESSION_MAX after login, or at logout. Each has its own random
** CSRF token, compared in constant time.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth.h"
#include "log.h"

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
static void random_token(char out[AUTH_TOKEN_HEX])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

/*
** The hex BLAKE2b-256 hash of a session token, as the database keeps it.
*/
static void token_hash(const char *token, char out[AUTH_TOKEN_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, h, sizeof h);
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
** Count failed logins for username, or from address, within the window;
** -1 on a database error. *oldest gets the time of the oldest counted.
*/
static int recent_failures(struct store *s, const char *username, const char *address,
			   time_t now, long *oldest)
{
	static const char sql[] =
		"SELECT count(*), coalesce(min(at), 0) FROM login_attempt"
		" WHERE NOT succeeded AND at > ?3 AND (username = ?1 OR address = ?2)";
	sqlite3_stmt *st = store_prepare(s, sql);
	int n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, address, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now - AUTH_THROTTLE_WINDOW);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		*oldest = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return n;
}

static bool record_attempt(struct store *s, const char *username, const char *address,
			   time_t now, bool ok)
{
	static const char sql[] =
		"INSERT INTO login_attempt (at, username, address, succeeded) VALUES (?1, ?2, ?3, ?4)";
	static const char prune[] = "DELETE FROM login_attempt WHERE at < ?1";
	sqlite3_stmt *st = store_prepare(s, sql);

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	sqlite3_bind_text(st, 2, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, address, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, ok);
	if (!store_step_done(s, st))
		return false;
	st = store_prepare(s, prune);
	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now - 24 * 3600);
	return store_step_done(s, st);
}

/*
** Check a login. After AUTH_THROTTLE_FAILURES failures for the name or
** the address within AUTH_THROTTLE_WINDOW, refuse without checking
** (LOGIN_THROTTLED, *retry_after seconds until the oldest failure ages
** out). On LOGIN_OK *user_id is set. Every attempt is recorded.
*/
enum login_result auth_login(struct store *s, const struct config *c, const char *username,
			     const char *password, const char *address, int64_t *user_id,
			     long *retry_after)
{
	static const char sql[] = "SELECT id, password FROM user WHERE name = ?1";
	char stored[crypto_pwhash_STRBYTES] = "";
	time_t now = time(NULL);
	sqlite3_stmt *st;
	long oldest = 0;
	bool ok = false;
	int failures;

	*user_id = 0;
	failures = recent_failures(s, username, address, now, &oldest);
	if (failures < 0)
		return LOGIN_ERROR;
	if (failures >= AUTH_THROTTLE_FAILURES) {
		*retry_after = oldest + AUTH_THROTTLE_WINDOW - (long)now;
		if (*retry_after < 1)
			*retry_after = 1;
		log_info("login throttled for user '%s' from %s", username, address);
		return LOGIN_THROTTLED;
	}
	st = store_prepare(s, sql);
	if (st == NULL)
		return LOGIN_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(st, 1);

		*user_id = sqlite3_column_int64(st, 0);
		if (h && strlen((const char *)h) < sizeof stored)
			strcpy(stored, (const char *)h);
	}
	sqlite3_reset(st);
	if (*stored) {
		ok = crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
	} else {
		/* Unknown user: spend the same work as a verification. */
		char dummy[crypto_pwhash_STRBYTES];

		auth_hash_password(c, password, dummy, sizeof dummy);
	}
	if (!ok)
		*user_id = 0;
	if (!record_attempt(s, username, address, now, ok))
		return LOGIN_ERROR;
	if (!ok)
		log_info("failed login for user '%s' from %s", username, address);
	return ok ? LOGIN_OK : LOGIN_REFUSED;
}

/*
** Start a session for user_id; token receives the cookie value.
** Returns 0, or -1 (logged).
*/
int auth_session_start(struct store *s, int64_t user_id, char token[AUTH_TOKEN_HEX])
{
	static const char sql[] =
		"INSERT INTO session (token_hash, user_id, csrf_token, created_at, seen_at)"
		" VALUES (?1, ?2, ?3, ?4, ?4)";
	char hash[AUTH_TOKEN_HEX], csrf[AUTH_TOKEN_HEX];
	sqlite3_stmt *st = store_prepare(s, sql);

	if (st == NULL)
		return -1;
	random_token(token);
	random_token(csrf);
	token_hash(token, hash);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
	return store_step_done(s, st) ? 0 : -1;
}

/*
** Find the live session of token and mark it used now. Expired sessions
** are deleted on the way. Returns 1 (found, *out filled), 0 (none), -1
** (database error).
*/
int auth_session_find(struct store *s, const char *token, struct session *out)
{
	static const char expire[] =
		"DELETE FROM session WHERE seen_at < ?1 OR created_at < ?2";
	static const char find[] =
		"SELECT s.user_id, u.name, s.csrf_token FROM session s"
		" JOIN user u ON u.id = s.user_id WHERE s.token_hash = ?1";
	static const char touch[] = "UPDATE session SET seen_at = ?2 WHERE token_hash = ?1";
	char hash[AUTH_TOKEN_HEX];
	time_t now = time(NULL);
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (strlen(token) != AUTH_TOKEN_HEX - 1)
		return 0;
	st = store_prepare(s, expire);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now - AUTH_SESSION_IDLE);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now - AUTH_SESSION_MAX);
	if (!store_step_done(s, st))
		return -1;
	token_hash(token, hash);
	st = store_prepare(s, find);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->user_id = sqlite3_column_int64(st, 0);
		snprintf(out->username, sizeof out->username, "%s",
			 (const char *)sqlite3_column_text(st, 1));
		snprintf(out->csrf_token, sizeof out->csrf_token, "%s",
			 (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	st = store_prepare(s, touch);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	return store_step_done(s, st) ? 1 : -1;
}

/*
** End the session of token, server-side. Returns 0, or -1.
*/
int auth_session_end(struct store *s, const char *token)
{
	static const char sql[] = "DELETE FROM session WHERE token_hash = ?1";
	char hash[AUTH_TOKEN_HEX];
	sqlite3_stmt *st = store_prepare(s, sql);

	if (st == NULL)
		return -1;
	token_hash(token, hash);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	return store_step_done(s, st) ? 0 : -1;
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
** Create the user name (create) or change its password (!create).
** Changing a password ends the user's sessions. Returns 1 done, 0 when
** the user exists (create) or does not (!create), -1 on error.
*/
int auth_user_set(struct store *s, const struct config *c, const char *name,
		  const char *password, bool create)
{
	static const char insert[] =
		"INSERT INTO user (name, password) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING";
	static const char update[] = "UPDATE user SET password = ?2 WHERE name = ?1";
	static const char logout[] =
		"DELETE FROM session WHERE user_id = (SELECT id FROM user WHERE name = ?1)";
	char hash[crypto_pwhash_STRBYTES];
	sqlite3_stmt *st;

	if (auth_hash_password(c, password, hash, sizeof hash) < 0)
		return -1;
	st = store_prepare(s, create ? insert : update);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	if (!store_step_done(s, st))
		return -1;
	if (sqlite3_changes(store_db(s)) == 0)
		return 0;
	if (!create) {
		st = store_prepare(s, logout);
		if (st == NULL)
			return -1;
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (!store_step_done(s, st))
			return -1;
	}
	return 1;
}

/*
** Delete the user name (its sessions go with it). Returns 1 done, 0 no
** such user, -1 on error.
*/
int auth_user_delete(struct store *s, const char *name)
{
	static const char sql[] = "DELETE FROM user WHERE name = ?1";
	sqlite3_stmt *st = store_prepare(s, sql);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (!store_step_done(s, st))
		return -1;
	return sqlite3_changes(store_db(s)) > 0;
}
