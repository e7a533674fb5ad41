/*
** test-auth.c: who may edit (auth.c, model-users.c) on a real seeded
** database in $RC_BUILDDIR/tests/tmp/, with argon2id at libsodium's
** cheapest cost: password hashes; users created and their passwords
** changed (which ends their sessions); logins right, wrong and unknown;
** device cookies; throttling by name and address, by name, by address
** and by device, locks that end and are audited, 40 parallel tries;
** sessions kept as the BLAKE2b hash of their token, found,
** noted at most once a minute, ended when idle, too old or logged out;
** CSRF tokens compared exactly. Times are set back with SQL.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "auth.h"
#include "login-throttle.h"
#include "model-users.h"
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

static const char *db_path;	/* the test database, for the forked logins */

/* The device cookie of the last successful login of login(). */
static char device_cookie[AUTH_TOKEN_HEX];

/* Log in as name from address with the device cookie device (NULL: a
** browser without one); *retry (may be NULL) gets retry_after. */
static enum login_result login_with(const char *name, const char *password, const char *address,
				    const char *device, int64_t *user_id, long *retry)
{
	struct login l = { name, password, address, device };
	long ignored = 0;
	int64_t id;
	char new_device[AUTH_TOKEN_HEX];
	enum login_result r = auth_login(store, &conf, &l, user_id ? user_id : &id,
					 retry ? retry : &ignored, new_device);

	if (r == LOGIN_OK)
		snprintf(device_cookie, sizeof device_cookie, "%s", *new_device ? new_device : device);
	return r;
}

/* Log in from a browser without a device cookie. */
static enum login_result login(const char *name, const char *password, const char *address,
			       int64_t *user_id, long *retry)
{
	return login_with(name, password, address, NULL, user_id, retry);
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

	is_int(auth_user_set(store, &conf, "alice", "right", true, ROLE_ADMINISTRATOR), 1, "user: created");
	is_int(auth_user_set(store, &conf, "alice", "other", true, ROLE_ADMINISTRATOR), 0, "user: not twice");
	is_int(auth_user_set(store, &conf, "nobody", "x", false, ROLE_ADMINISTRATOR), 0, "passwd: no such user");
	is_sql("SELECT substr(password, 1, 10) FROM user WHERE name = 'alice'", "$argon2id$",
	       "user: the password kept as a hash");
}

/* Forget every attempt and lock, as if the last were long ago. */
static void forget_attempts(void)
{
	testdb_exec(testdb_conn, "DELETE FROM login_attempt; DELETE FROM login_lock; DELETE FROM audit");
}

/*
** Logins, each recorded as failed before the password is checked and
** marked succeeded after; a browser that signs in gets a device cookie.
*/
static void test_logins(void)
{
	int64_t id = -1;
	char first[AUTH_TOKEN_HEX];

	is_int(login("alice", "right", "192.0.2.1", &id, NULL), LOGIN_OK, "login: right password");
	ok(id > 0, "login: the user's id");
	ok(is_hex(device_cookie, AUTH_TOKEN_HEX - 1), "login: a new device cookie for the browser");
	snprintf(first, sizeof first, "%s", device_cookie);
	is_int(testdb_int("SELECT count(*) FROM device"), 1, "login: the device stored");
	is_int(testdb_int("SELECT count(*) FROM device WHERE token_hash = lower(hex(x'00')) OR "
			  "length(token_hash) = 64"), 1, "login: as the hash of its token");
	is_sql("SELECT event || ': ' || username || ' ' || address FROM audit",
	       "new device: alice 192.0.2.1", "login: the new device is in the audit log");
	is_int(login_with("alice", "right", "192.0.2.1", first, &id, NULL), LOGIN_OK,
	       "login: again with the device cookie");
	is_str(device_cookie, first, "login: a known device keeps its cookie");
	is_int(testdb_int("SELECT count(*) FROM device"), 1, "login: no second device");
	is_int(testdb_int("SELECT count(*) FROM audit WHERE event = 'new device'"), 1,
	       "login: a known device is not new again, even in the same second");
	is_int(login("alice", "wrong", "192.0.2.1", &id, NULL), LOGIN_REFUSED, "login: wrong password");
	is_int(id, 0, "login: no id when refused");
	is_int(login("mallory", "right", "192.0.2.1", &id, NULL), LOGIN_REFUSED, "login: unknown user");
	is_int(id, 0, "login: no id for an unknown user");
	is_sql("SELECT group_concat(username || succeeded || (device != ''), ',') FROM login_attempt",
	       "alice10,alice11,alice00,mallory00",
	       "login: every attempt recorded, with its device when it had one");
	forget_attempts();
}

/*
** THROTTLE_USER_ADDRESS failures of a name from one address lock that
** name at that address for THROTTLE_LOCK seconds, even for the right
** password; other addresses, and the user's own browser, are not held.
** The lock-out and its end go to the audit log; refused attempts are
** not recorded and never extend the lock.
*/
static void test_throttle_user_address(void)
{
	long retry = 0;
	int64_t id = -1;
	int i;

	for (i = 1; i < THROTTLE_USER_ADDRESS; i++)
		is_int(login("alice", "wrong", "192.0.2.66", NULL, NULL), LOGIN_REFUSED,
		       "user and address: failure %d", i);
	is_int(login("alice", "right", "192.0.2.66", NULL, NULL), LOGIN_OK,
	       "user and address: one failure short, the right password works");
	is_int(login("alice", "wrong", "192.0.2.66", NULL, NULL), LOGIN_REFUSED,
	       "user and address: failure %d", THROTTLE_USER_ADDRESS);
	is_int(login("alice", "right", "192.0.2.66", &id, &retry), LOGIN_THROTTLED,
	       "user and address: %d failures, even the right password waits", THROTTLE_USER_ADDRESS);
	ok(id == 0 && retry > THROTTLE_LOCK - 5 && retry <= THROTTLE_LOCK,
	   "user and address: no id, retry after the lock: %ld s", retry);
	is_int(testdb_int("SELECT count(*) FROM login_attempt WHERE address = '192.0.2.66'"),
	       THROTTLE_USER_ADDRESS + 1, "user and address: the refused attempt is not recorded");
	is_sql("SELECT event || ': ' || username || ' ' || address FROM audit WHERE event = 'lockout'",
	       "lockout: alice 192.0.2.66", "user and address: the lock-out in the audit log");
	is_int(testdb_int("SELECT detail LIKE '5 failed sign-ins in 15 minutes: this user name from this"
			  " address is locked out until 20__-__-__ __:__:__ UTC' FROM audit WHERE event = 'lockout'"),
	       1, "user and address: saying what is locked and until when");
	is_int(login("alice", "right", "192.0.2.67", NULL, NULL), LOGIN_OK,
	       "user and address: the same name from another address is not locked");
	is_int(login("bob", "wrong", "192.0.2.66", NULL, NULL), LOGIN_REFUSED,
	       "user and address: another name from that address is checked");
	is_int(login_with("alice", "right", "192.0.2.66", device_cookie, NULL, NULL), LOGIN_OK,
	       "user and address: the user's own browser, with its device cookie, gets in");

	/* Refused attempts do not extend it: the lock ends THROTTLE_LOCK
	** after it began, however many came meanwhile. */
	for (i = 0; i < 3; i++)
		login("alice", "right", "192.0.2.66", NULL, NULL);
	is_int(testdb_int("SELECT until - started_at FROM login_lock"), THROTTLE_LOCK,
	       "user and address: refused attempts do not extend the lock");
	testdb_exec(testdb_conn, "UPDATE login_lock SET started_at = started_at - " SQL(THROTTLE_LOCK) ","
		    " until = until - " SQL(THROTTLE_LOCK) "; UPDATE login_attempt SET at = at - "
		    SQL(THROTTLE_LOCK));
	is_int(login("alice", "right", "192.0.2.66", NULL, NULL), LOGIN_OK,
	       "user and address: after the lock, the right password works");
	is_sql("SELECT event || ': ' || username || ' ' || address FROM audit WHERE event = 'lockout ended'",
	       "lockout ended: alice 192.0.2.66", "user and address: the lock's end in the audit log");
	is_int(testdb_int("SELECT at = (SELECT until FROM login_lock) FROM audit WHERE event = 'lockout ended'"),
	       1, "user and address: at the time it ended");
	is_int(login("alice", "wrong", "192.0.2.66", NULL, NULL), LOGIN_REFUSED,
	       "user and address: failures count afresh after a lock");
	forget_attempts();
}

/*
** An attacker from many addresses: THROTTLE_USER failures of a name
** lock it for every browser without a device cookie, but not for the
** editor's own browser, before, during or after; and not for a browser
** whose device cookie is another user's.
*/
static void test_throttle_user(void)
{
	char address[32], bob_device[AUTH_TOKEN_HEX], alice_device[AUTH_TOKEN_HEX];
	int i, round;

	auth_user_set(store, &conf, "bob", "right", true, ROLE_ADMINISTRATOR);
	is_int(login("bob", "right", "192.0.2.2", NULL, NULL), LOGIN_OK, "user: bob's browser");
	snprintf(bob_device, sizeof bob_device, "%s", device_cookie);
	is_int(login("alice", "right", "192.0.2.3", NULL, NULL), LOGIN_OK, "user: alice's browser");
	snprintf(alice_device, sizeof alice_device, "%s", device_cookie);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < THROTTLE_USER; i++) {
			snprintf(address, sizeof address, "198.51.100.%d", round * THROTTLE_USER + i + 1);
			login("alice", "wrong", address, NULL, NULL);
		}
		is_int(login("alice", "right", "203.0.113.1", NULL, NULL), LOGIN_THROTTLED,
		       "user: round %d: %d failures from as many addresses lock the name for strangers",
		       round + 1, THROTTLE_USER);
		is_int(login_with("alice", "right", "203.0.113.1", bob_device, NULL, NULL), LOGIN_THROTTLED,
		       "user: round %d: another user's device cookie does not help", round + 1);
		is_int(login_with("alice", "right", "192.0.2.3", alice_device, NULL, NULL), LOGIN_OK,
		       "user: round %d: alice's own browser gets in", round + 1);
		testdb_exec(testdb_conn, "UPDATE login_lock SET started_at = started_at - " SQL(THROTTLE_LOCK) ","
			    " until = until - " SQL(THROTTLE_LOCK) "; UPDATE login_attempt SET at = at - "
			    SQL(THROTTLE_LOCK));
	}
	is_int(testdb_int("SELECT count(*) FROM audit WHERE event = 'lockout'"), 3,
	       "user: each lock-out in the audit log");
	forget_attempts();
}

/*
** A device cookie is counted on its own: THROTTLE_DEVICE failures lock
** it, and the browser then waits like any other.
*/
static void test_throttle_device(void)
{
	char device[AUTH_TOKEN_HEX];
	int i;

	login("alice", "right", "192.0.2.4", NULL, NULL);
	snprintf(device, sizeof device, "%s", device_cookie);
	for (i = 0; i < THROTTLE_DEVICE; i++)
		login_with("alice", "wrong", "192.0.2.4", device, NULL, NULL);
	is_int(login_with("alice", "right", "192.0.2.4", device, NULL, NULL), LOGIN_THROTTLED,
	       "device: %d failures lock the device cookie", THROTTLE_DEVICE);
	is_int(login("alice", "right", "192.0.2.4", NULL, NULL), LOGIN_OK,
	       "device: they did not count for the name and address");
	forget_attempts();
}

/*
** THROTTLE_ADDRESS failures from an address, whatever the names, lock
** the address for every name.
*/
static void test_throttle_address(void)
{
	char name[16];
	int i;

	for (i = 0; i < THROTTLE_ADDRESS; i++) {
		snprintf(name, sizeof name, "guess%d", i);
		login(name, "wrong", "198.51.100.7", NULL, NULL);
	}
	is_int(login("alice", "right", "198.51.100.7", NULL, NULL), LOGIN_THROTTLED,
	       "address: %d failures from an address, for any name", THROTTLE_ADDRESS);
	is_int(login("alice", "right", "198.51.100.8", NULL, NULL), LOGIN_OK,
	       "address: another address is not");
	forget_attempts();
}

/*
** Forms kept after a session ended: a user's newest USERS_KEPT_MAX only,
** so that a client resending one cannot fill the disk.
*/
static void test_kept_forms(int64_t user)
{
	char key[AUTH_TOKEN_HEX];
	int i;

	for (i = 0; i < USERS_KEPT_MAX + 5; i++)
		auth_keep_form(store, user, "/admin/edit", "type=page&title=x", key);
	is_int(testdb_int("SELECT count(*) FROM kept_form"), USERS_KEPT_MAX,
	       "kept: %d forms sent, the newest %d kept", USERS_KEPT_MAX + 5, USERS_KEPT_MAX);
	testdb_exec(testdb_conn, "DELETE FROM kept_form");
}

/*
** 40 wrong passwords for one name from one address at once, each in a
** process of its own as 40 requests to the admin would be: no more
** than THROTTLE_USER_ADDRESS passwords are ever checked.
*/
static void test_throttle_parallel(void)
{
	enum { TRIES = 40 };
	pid_t pids[TRIES];
	int go[2], i, status, checked = 0, waited = 0, other = 0;
	char c;

	/* Slow enough to check that the attempts overlap. */
	conf.password_ops = 2;
	conf.password_memory_kib = 16 * 1024;
	auth_user_set(store, &conf, "dave", "right", true, ROLE_ADMINISTRATOR);
	conf.password_ops = 1;
	conf.password_memory_kib = 8;
	if (!ok(pipe(go) == 0, "parallel: a pipe to start them together"))
		return;
	fflush(stdout);
	for (i = 0; i < TRIES; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char err[256];
			enum login_result r;

			close(go[1]);
			if (read(go[0], &c, 1) < 0)
				_exit(9);
			store = store_open(db_path, STORE_READWRITE, err, sizeof err);
			r = store ? login("dave", "wrong", "192.0.2.40", NULL, NULL) : LOGIN_ERROR;
			_exit(r == LOGIN_REFUSED ? 0 : r == LOGIN_THROTTLED ? 1 : 2);
		}
	}
	close(go[0]);
	close(go[1]);	/* go */
	for (i = 0; i < TRIES; i++) {
		if (pids[i] < 0 || waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status))
			other++;
		else if (WEXITSTATUS(status) == 0)
			checked++;
		else if (WEXITSTATUS(status) == 1)
			waited++;
		else
			other++;
	}
	is_int(checked, THROTTLE_USER_ADDRESS, "parallel: %d of %d tries checked a password", checked, TRIES);
	is_int(waited, TRIES - THROTTLE_USER_ADDRESS, "parallel: the others were throttled unchecked");
	is_int(other, 0, "parallel: none failed otherwise");
	is_int(testdb_int("SELECT count(*) FROM login_attempt WHERE username = 'dave'"), checked,
	       "parallel: only the checked ones recorded");
	forget_attempts();
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
	ok(sess.user_id == 0 && sess.ended_user_id == user,
	   "idle: not live, but it names its user (for a form it sent: kept)");
	testdb_exec(testdb_conn, "UPDATE session SET created_at = " NOW " - " SQL(AUTH_SESSION_MAX) " - 5,"
		    " seen_at = " NOW);
	is_int(auth_session_find(store, other, &sess), 0, "max: ended after AUTH_SESSION_MAX, though in use");
	is_int(sess.ended_user_id, user, "max: it names its user");
	testdb_exec(testdb_conn, "DELETE FROM session");

	auth_session_start(store, user, token);
	testdb_exec(testdb_conn, "INSERT INTO session SELECT 'stale', id, 'c', " NOW " - 100000, "
		    NOW " - 100000 FROM user WHERE name = 'alice'");
	auth_session_start(store, user, other);
	is_int(testdb_int("SELECT count(*) FROM session WHERE token_hash = 'stale'"), 0,
	       "start: sessions ended more than AUTH_KEPT_MAX ago dropped on the way");
	is_int(auth_session_end(store, token), 0, "end: done");
	is_int(auth_session_find(store, token, &sess), 0, "end: the session is gone");
	is_int(testdb_int("SELECT count(*) FROM session"), 1, "end: that session only");
	is_int(auth_user_set(store, &conf, "alice", "new password", false, ROLE_ADMINISTRATOR), 1, "passwd: done");
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
	db_path = db.data;
	test_passwords();
	test_logins();
	test_throttle_user_address();
	test_throttle_user();
	test_throttle_device();
	test_throttle_address();
	test_throttle_parallel();
	user = testdb_int("SELECT id FROM user WHERE name = 'alice'");
	test_sessions(user);
	test_kept_forms(user);
	test_csrf_and_ends(user);
done:
	store_close(store);
	config_free(&conf);
	return testdb_finish(made, &dir, &db);
}
