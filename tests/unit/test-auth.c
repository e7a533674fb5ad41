/*
** test-auth.c: who may edit (auth.c, model-users.c) on a real seeded
** database in $RC_BUILDDIR/tests/tmp/, with argon2id at libsodium's
** cheapest cost: password hashes; users created and their passwords
** changed (which ends their sessions); logins right, wrong and unknown;
** throttling by name and by address, and failures that age out of the
** window; sessions kept as the BLAKE2b hash of their token, found,
** noted at most once a minute, ended when idle, too old or logged out;
** CSRF tokens compared exactly. Times are set back with SQL.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth.h"
#include "buf.h"
#include "config.h"
#include "store.h"
#include "tap.h"
#include "testdb.h"

static struct store *store;
static struct config conf;

/* The current Unix time in SQL, for setting times back; a constant of
** auth.h, such as (15 * 60), as SQL. */
#define NOW "CAST(strftime('%s', 'now') AS INTEGER)"
#define SQL_OF(x) #x
#define SQL(x) SQL_OF(x)

/* Log in as name from address; *retry (may be NULL) gets retry_after. */
static enum login_result login(const char *name, const char *password, const char *address,
			       int64_t *user_id, long *retry)
{
	long ignored = 0;
	int64_t id;

	return auth_login(store, &conf, name, password, address, user_id ? user_id : &id,
			  retry ? retry : &ignored);
}

/* Whether s is n lower-case hex digits. */
static bool is_hex(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

/*
** Hashes: argon2id at the configured cost, salted, verifiable; users
** created once, passwords changed only for users that exist.
*/
static void test_passwords(void)
{
	char a[crypto_pwhash_STRBYTES], b[crypto_pwhash_STRBYTES];

	is_int(auth_hash_password(&conf, "right", a, sizeof a), 0, "hash: done");
	ok(strncmp(a, "$argon2id$", 10) == 0 && strstr(a, "$m=8,t=1,") != NULL,
	   "hash: argon2id at the configured cost: %s", a);
	ok(crypto_pwhash_str_verify(a, "right", 5) == 0 && crypto_pwhash_str_verify(a, "wrong", 5) != 0,
	   "hash: verifies the password, and no other");
	auth_hash_password(&conf, "right", b, sizeof b);
	ok(strcmp(a, b) != 0, "hash: salted, the same password hashes anew");
	is_int(auth_hash_password(&conf, "right", b, crypto_pwhash_STRBYTES - 1), -1,
	       "hash: refused without room for it");

	is_int(auth_user_set(store, &conf, "alice", "right", true), 1, "user: created");
	is_int(auth_user_set(store, &conf, "alice", "other", true), 0, "user: not twice");
	is_int(auth_user_set(store, &conf, "nobody", "x", false), 0, "passwd: no such user");
	is_sql("SELECT substr(password, 1, 10) FROM user WHERE name = 'alice'", "$argon2id$",
	       "user: the password kept as a hash");
}

/*
** Logins, each recorded; throttled after AUTH_THROTTLE_FAILURES
** failures for a name or from an address within the window, even with
** the right password, until the oldest failure ages out.
*/
static void test_logins(void)
{
	int64_t id = -1;
	long retry = 0;
	char name[16];
	int i;

	is_int(login("alice", "right", "192.0.2.1", &id, NULL), LOGIN_OK, "login: right password");
	ok(id > 0, "login: the user's id");
	is_int(login("alice", "wrong", "192.0.2.1", &id, NULL), LOGIN_REFUSED, "login: wrong password");
	is_int(id, 0, "login: no id when refused");
	is_int(login("mallory", "right", "192.0.2.1", &id, NULL), LOGIN_REFUSED, "login: unknown user");
	is_int(id, 0, "login: no id for an unknown user");
	is_sql("SELECT group_concat(username || succeeded, ',') FROM login_attempt",
	       "alice1,alice0,mallory0", "login: every attempt recorded");

	testdb_exec(testdb_conn, "DELETE FROM login_attempt");
	for (i = 1; i < AUTH_THROTTLE_FAILURES; i++) {
		snprintf(name, sizeof name, "192.0.2.%d", i);
		login("alice", "wrong", name, NULL, NULL);
	}
	is_int(login("alice", "right", "192.0.2.99", NULL, NULL), LOGIN_OK,
	       "throttle: one failure short, the right password works");
	login("alice", "wrong", "192.0.2.98", NULL, NULL);
	is_int(login("alice", "right", "192.0.2.99", &id, &retry), LOGIN_THROTTLED,
	       "throttle: %d failures for a name, even the right password waits",
	       AUTH_THROTTLE_FAILURES);
	ok(id == 0 && retry > AUTH_THROTTLE_WINDOW - 5 && retry <= AUTH_THROTTLE_WINDOW,
	   "throttle: no id, retry after the oldest failure ages out: %ld s", retry);
	is_int(testdb_int("SELECT count(*) FROM login_attempt"), AUTH_THROTTLE_FAILURES + 1,
	       "throttle: a throttled attempt is not recorded");
	testdb_exec(testdb_conn, "UPDATE login_attempt SET at = " NOW " - " SQL(AUTH_THROTTLE_WINDOW) " + 100"
		    " WHERE address = '192.0.2.1'");
	login("alice", "right", "192.0.2.99", NULL, &retry);
	ok(retry >= 99 && retry <= 100, "throttle: retry_after counts from the oldest: %ld s", retry);
	testdb_exec(testdb_conn, "UPDATE login_attempt SET at = " NOW " - " SQL(AUTH_THROTTLE_WINDOW) " - 1"
		    " WHERE address = '192.0.2.1'");
	is_int(login("alice", "right", "192.0.2.99", NULL, NULL), LOGIN_OK,
	       "throttle: a failure older than the window no longer counts");

	testdb_exec(testdb_conn, "DELETE FROM login_attempt");
	for (i = 0; i < AUTH_THROTTLE_FAILURES; i++) {
		snprintf(name, sizeof name, "guess%d", i);
		login(name, "wrong", "198.51.100.7", NULL, NULL);
	}
	is_int(login("alice", "right", "198.51.100.7", NULL, NULL), LOGIN_THROTTLED,
	       "throttle: %d failures from an address, for any name", AUTH_THROTTLE_FAILURES);
	is_int(login("alice", "right", "198.51.100.8", NULL, NULL), LOGIN_OK,
	       "throttle: another address is not");
	testdb_exec(testdb_conn, "DELETE FROM login_attempt");
}

/*
** Sessions: a random token whose hash alone is stored; found by the
** token itself, nothing else; noted at most every AUTH_SESSION_TOUCH
** seconds; ended when idle, too old, logged out or the password changes.
*/
static void test_sessions(int64_t user)
{
	char token[AUTH_TOKEN_HEX], other[AUTH_TOKEN_HEX], hash[AUTH_TOKEN_HEX], wrong[80];
	unsigned char h[32];
	struct session sess;
	int64_t seen;

	is_int(auth_session_start(store, user, token), 0, "session: started");
	ok(is_hex(token, 64), "session: a token of 64 hex digits: %s", token);
	crypto_generichash(h, sizeof h, (const unsigned char *)token, 64, NULL, 0);
	sodium_bin2hex(hash, sizeof hash, h, sizeof h);
	is_sql("SELECT token_hash FROM session", hash, "session: stored as the BLAKE2b hash of the token");
	auth_session_start(store, user, other);
	ok(strcmp(token, other) != 0, "session: each its own token");
	is_int(testdb_int("SELECT count(*) FROM session"), 2, "session: a row each");
	{
		struct buf sql = BUF_INIT;

		buf_printf(&sql, "SELECT count(*) FROM session WHERE token_hash || csrf_token"
			   " LIKE '%%%s%%' OR token_hash || csrf_token LIKE '%%%s%%'", token, other);
		is_int(testdb_int(sql.data), 0, "session: no token in the table");
		buf_free(&sql);
	}

	is_int(auth_session_find(store, token, &sess), 1, "find: the token's session");
	ok(sess.user_id == user && strcmp(sess.username, "alice") == 0, "find: its user");
	ok(is_hex(sess.csrf_token, 64), "find: its CSRF token");
	{
		struct buf sql = BUF_INIT;

		buf_printf(&sql, "SELECT csrf_token FROM session WHERE token_hash = '%s'", hash);
		is_sql(sql.data, sess.csrf_token, "find: the CSRF token stored with it");
		buf_free(&sql);
	}
	snprintf(wrong, sizeof wrong, "%.63s", token);
	is_int(auth_session_find(store, wrong, &sess), 0, "find: a token one digit short");
	snprintf(wrong, sizeof wrong, "%s0", token);
	is_int(auth_session_find(store, wrong, &sess), 0, "find: a token one digit long");
	is_int(auth_session_find(store, "", &sess), 0, "find: an empty token");
	snprintf(wrong, sizeof wrong, "%s", token);
	wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
	is_int(auth_session_find(store, wrong, &sess), 0, "find: a token one digit off");
	is_int(auth_session_find(store, hash, &sess), 0, "find: the stored hash opens nothing");
	ok(sess.user_id == 0 && sess.csrf_token[0] == '\0', "find: nothing filled when not found");

	testdb_exec(testdb_conn, "UPDATE session SET seen_at = " NOW " - " SQL(AUTH_SESSION_TOUCH) " / 2");
	seen = testdb_int("SELECT min(seen_at) FROM session");
	auth_session_find(store, token, &sess);
	is_int(testdb_int("SELECT max(seen_at) FROM session"), seen,
	       "touch: a session used half AUTH_SESSION_TOUCH ago is not written");
	testdb_exec(testdb_conn, "UPDATE session SET seen_at = " NOW " - 2 * " SQL(AUTH_SESSION_TOUCH));
	auth_session_find(store, token, &sess);
	ok(testdb_int("SELECT max(seen_at) FROM session") >= (int64_t)time(NULL) - 1 &&
	   testdb_int("SELECT min(seen_at) FROM session") < (int64_t)time(NULL) - AUTH_SESSION_TOUCH,
	   "touch: one used twice that ago is, that one only");

	testdb_exec(testdb_conn, "UPDATE session SET seen_at = " NOW " - " SQL(AUTH_SESSION_IDLE) " - 5");
	is_int(auth_session_find(store, token, &sess), 0, "idle: ended after AUTH_SESSION_IDLE");
	is_int(testdb_int("SELECT count(*) FROM session"), 1, "idle: and its row deleted");
	testdb_exec(testdb_conn, "UPDATE session SET created_at = " NOW " - " SQL(AUTH_SESSION_MAX) " - 5,"
		    " seen_at = " NOW);
	is_int(auth_session_find(store, other, &sess), 0, "max: ended after AUTH_SESSION_MAX, though in use");
	is_int(testdb_int("SELECT count(*) FROM session"), 0, "max: and its row deleted");

	auth_session_start(store, user, token);
	testdb_exec(testdb_conn, "INSERT INTO session SELECT 'stale', id, 'c', " NOW " - 100000, "
		    NOW " - 100000 FROM user WHERE name = 'alice'");
	auth_session_start(store, user, other);
	is_int(testdb_int("SELECT count(*) FROM session WHERE token_hash = 'stale'"), 0,
	       "start: ended sessions dropped on the way");
	is_int(auth_session_end(store, token), 0, "end: done");
	is_int(auth_session_find(store, token, &sess), 0, "end: the session is gone");
	is_int(testdb_int("SELECT count(*) FROM session"), 1, "end: that session only");
	is_int(auth_user_set(store, &conf, "alice", "new password", false), 1, "passwd: done");
	is_int(testdb_int("SELECT count(*) FROM session"), 0, "passwd: the user's sessions ended");
	ok(login("alice", "right", "192.0.2.1", NULL, NULL) == LOGIN_REFUSED &&
	   login("alice", "new password", "192.0.2.1", NULL, NULL) == LOGIN_OK,
	   "passwd: the old password refused, the new one works");
}

/*
** CSRF tokens: the session's exactly, nothing else; and when a session
** ends, by the clock.
*/
static void test_csrf_and_ends(int64_t user)
{
	char token[AUTH_TOKEN_HEX], wrong[80];
	struct session sess, none;
	const time_t now = 1700000000;

	memset(&none, 0, sizeof none);
	auth_session_start(store, user, token);
	auth_session_find(store, token, &sess);
	ok(auth_csrf_ok(&sess, sess.csrf_token), "csrf: the session's token");
	snprintf(wrong, sizeof wrong, "%s", sess.csrf_token);
	wrong[63] = wrong[63] == '0' ? '1' : '0';
	ok(!auth_csrf_ok(&sess, wrong), "csrf: one digit off");
	wrong[63] = '\0';
	ok(!auth_csrf_ok(&sess, wrong), "csrf: one digit short");
	snprintf(wrong, sizeof wrong, "%sa", sess.csrf_token);
	ok(!auth_csrf_ok(&sess, wrong), "csrf: one digit long");
	ok(!auth_csrf_ok(&sess, NULL) && !auth_csrf_ok(&sess, ""), "csrf: none, empty");
	ok(!auth_csrf_ok(&sess, token), "csrf: the session's own token is not its CSRF token");
	ok(!auth_csrf_ok(&none, "") && !auth_csrf_ok(&none, NULL), "csrf: no session, nothing matches");
	auth_session_end(store, token);

	ok(!auth_session_ended(now, now, now), "ended: just begun");
	ok(!auth_session_ended(now, now - AUTH_SESSION_IDLE, now), "ended: idle exactly the limit");
	ok(auth_session_ended(now, now - AUTH_SESSION_IDLE - 1, now), "ended: idle a second more");
	ok(!auth_session_ended(now - AUTH_SESSION_MAX, now, now), "ended: as old as allowed");
	ok(auth_session_ended(now - AUTH_SESSION_MAX - 1, now, now), "ended: a second older");
}

int main(void)
{
	struct buf dir = BUF_INIT, db = BUF_INIT;
	bool made = testdb_make("unit-auth", &dir, &db);
	char err[512];
	int64_t user;

	config_init(&conf);
	conf.password_ops = 1;
	conf.password_memory_kib = 8;
	if (!ok(auth_init() == 0, "libsodium ready") || !ok(made, "database made in %s", dir.data))
		goto done;
	store = store_open(db.data, STORE_READWRITE, err, sizeof err);
	if (!ok(store != NULL, "store opened read-write")) {
		diag("%s", err);
		goto done;
	}
	test_passwords();
	test_logins();
	user = testdb_int("SELECT id FROM user WHERE name = 'alice'");
	test_sessions(user);
	test_csrf_and_ends(user);
done:
	store_close(store);
	config_free(&conf);
	return testdb_finish(made, &dir, &db);
}
