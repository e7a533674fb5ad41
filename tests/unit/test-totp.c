/*
** test-totp.c: two-factor sign-in (totp.c, model-totp.c) on a real
** seeded database in $RC_BUILDDIR/tests/tmp/: the key file made once,
** 0600, never replaced; the secret kept sealed and bound to its user;
** enrolment confirmed only by a right code; each code good once (its
** time step used up); recovery codes hashed, each good once, not while
** enrolling; wrong codes throttled like passwords; a missing key refused;
** sign-ins waiting for their code found until they expire, ended once;
** `check`'s count of secrets that do not open.
** Codes come from liboath's generator on the base32 key shown, as an
** app computes them (tests/lib/totp.js computes them on its own in the
** integration suites).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "auth.h"
#include "buf.h"
#include "config.h"
#include "login-throttle.h"
#include "store.h"
#include "tap.h"
#include "testdb.h"
#include "totp.h"

static struct store *store;
static struct config conf;

/*
** The code of the base32 key secret in time step step, into code (7
** bytes); false when the key is not base32.
*/
static bool code_at(const char *secret, int64_t step, char code[7])
{
	char *raw = NULL;
	size_t len = 0;
	bool done = oath_base32_decode(secret, strlen(secret), &raw, &len) == OATH_OK &&
		    oath_totp_generate(raw, len, (time_t)(step * TOTP_STEP), TOTP_STEP, 0, 6, code) == OATH_OK;

	free(raw);
	return done;
}

/* The current time step. */
static int64_t step_now(void)
{
	return (int64_t)time(NULL) / TOTP_STEP;
}

/* Check code for user (id, name), while enrolling or not. */
static enum totp_result check(int64_t id, const char *name, const char *code, bool enrolling)
{
	struct totp_try t = { id, name, "192.0.2.1" };
	long retry_after = 0;

	return totp_check(store, &conf, &t, code, enrolling, &retry_after);
}

/* Forget failed attempts: the checks of wrong codes count towards a
** lock-out (test_throttle tests it). */
static void forget_failures(void)
{
	testdb_exec(testdb_conn, "DELETE FROM login_attempt; DELETE FROM login_lock;");
}

/* The key file of the test database, into path (n bytes). */
static void key_file(const char *dir, char *path, size_t n)
{
	snprintf(path, n, "%s/totp.key", dir);
}

/* Enrolment: the key file, the sealed secret, confirmation by a code;
** secret and codes receive the key and the recovery codes. */
static void test_enrolment(const char *dir, int64_t id, char secret[TOTP_SECRET_TEXT],
			   char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT])
{
	char path[4096], code[7], again[TOTP_SECRET_TEXT], *stored, sql[256];
	unsigned char key[32], key2[32];
	struct stat st;
	FILE *f;

	key_file(dir, path, sizeof path);
	is_int(totp_enrol(store, &conf, id, secret), 1, "enrolment started");
	is_int((long long)strlen(secret), 32, "the key: 160 bits as 32 base32 letters");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == 32,
	   "totp.key made beside the database, 32 bytes, 0600");
	f = fopen(path, "rb");
	ok(f && fread(key, 1, sizeof key, f) == sizeof key, "the key read");
	if (f)
		fclose(f);
	stored = testdb_text("SELECT secret || ' ' || enabled FROM user_totp WHERE user_id = 1");
	ok(stored && strstr(stored, secret) == NULL && strstr(stored, " 0") != NULL,
	   "kept sealed, not on yet");
	free(stored);
	is_int(totp_enrol(store, &conf, id, again), 1, "started again: a new key");
	ok(strcmp(again, secret) != 0, "the new key differs");
	f = fopen(path, "rb");
	ok(f && fread(key2, 1, sizeof key2, f) == sizeof key2 && memcmp(key, key2, sizeof key) == 0,
	   "the key file is never replaced");
	if (f)
		fclose(f);
	memcpy(secret, again, TOTP_SECRET_TEXT);
	is_int(totp_enabled(store, id), 0, "not on before its code");
	ok(code_at(secret, step_now() + 5, code), "a code of another time");
	is_int(check(id, "alice", code, true), TOTP_WRONG, "a wrong code does not confirm it");
	ok(code_at(secret, step_now(), code), "the code of now");
	is_int(check(id, "alice", code, false), TOTP_WRONG, "not a sign-in code before it is on");
	is_int(check(id, "alice", code, true), TOTP_OK, "the right code confirms it");
	is_int(check(id, "alice", code, true), TOTP_WRONG, "the same code, again: refused");
	is_int(totp_confirm(store, &conf, id, codes), 1, "switched on");
	is_int(totp_enabled(store, id), 1, "on");
	is_int(totp_enrol(store, &conf, id, again), 0, "no new key while it is on");
	is_int(testdb_int("SELECT count(*) FROM totp_recovery WHERE user_id = 1"), 10, "ten recovery codes");
	is_int((long long)strlen(codes[0]), 11, "a recovery code: five letters, a dash, five");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM totp_recovery WHERE length(code_hash) <> 64"
		 " OR instr(code_hash, '%.5s%.5s') > 0", codes[0], codes[0] + 6);
	is_int(testdb_int(sql), 0, "kept as hashes, not as they are shown");
}

/* Sign-in codes: each step once, the window, recovery codes once. */
static void test_codes(int64_t id, const char *secret,
		       char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT])
{
	char code[7], spaced[16], upper[TOTP_RECOVERY_TEXT];
	int64_t step = testdb_int("SELECT last_step FROM user_totp WHERE user_id = 1");
	size_t i;

	ok(code_at(secret, step, code), "the code of the step used");
	is_int(check(id, "alice", code, false), TOTP_WRONG, "a used step's code: refused");
	ok(code_at(secret, step + 1, code), "the next step's code");
	snprintf(spaced, sizeof spaced, "%.3s %.3s", code, code + 3);
	is_int(check(id, "alice", spaced, false), TOTP_OK, "the next step's code, typed with a space");
	is_int(check(id, "alice", code, false), TOTP_WRONG, "and not again");
	forget_failures();
	ok(code_at(secret, step_now() + 3, code), "a code three steps ahead");
	is_int(check(id, "alice", code, false), TOTP_WRONG, "outside the window: refused");
	is_int(check(id, "alice", codes[1], true), TOTP_WRONG, "no recovery code while enrolling");
	for (i = 0; codes[2][i]; i++)
		upper[i] = (char)(codes[2][i] >= 'a' && codes[2][i] <= 'z' ? codes[2][i] - 32 : codes[2][i]);
	upper[i] = '\0';
	is_int(check(id, "alice", upper, false), TOTP_OK, "a recovery code, in capitals");
	is_int(check(id, "alice", codes[2], false), TOTP_WRONG, "used once only");
	is_int(testdb_int("SELECT count(*) FROM totp_recovery WHERE user_id = 1"), 9, "nine left");
	forget_failures();
	is_int(check(id, "alice", "", false), TOTP_WRONG, "an empty code");
	is_int(check(id, "alice", "12345678901234567890", false), TOTP_WRONG, "a long one");
}

/* Wrong codes count as failed sign-ins. */
static void test_throttle(int64_t id)
{
	int i, wrong = 0;

	forget_failures();
	for (i = 0; i < THROTTLE_USER_ADDRESS; i++)
		wrong += check(id, "alice", "000000", false) == TOTP_WRONG;
	is_int(wrong, THROTTLE_USER_ADDRESS, "wrong codes up to the limit: wrong");
	is_int(check(id, "alice", "000000", false), TOTP_THROTTLED, "then throttled, unchecked");
	forget_failures();
}

/* A sealed secret opens only for its user, and only with the key file. */
static void test_sealing(const char *dir, int64_t id, const char *secret)
{
	char path[4096], moved[4200], code[7];
	int64_t bob = testdb_int("SELECT id FROM user WHERE name = 'bob'");

	testdb_exec(testdb_conn, "INSERT INTO user_totp (user_id, secret, enabled, created_at)"
		    " SELECT u.id, t.secret, 1, 0 FROM user u, user_totp t"
		    " WHERE u.name = 'bob' AND t.user_id = 1");
	ok(code_at(secret, step_now(), code), "alice's code of now");
	is_int(check(bob, "bob", code, false), TOTP_ERROR, "her sealed secret copied to bob's row does not open");
	is_int(totp_secrets_unreadable(store, &conf), 1, "check: one secret does not open");
	testdb_exec(testdb_conn, "DELETE FROM user_totp WHERE user_id <> 1");
	is_int(totp_secrets_unreadable(store, &conf), 0, "check: every secret opens");
	key_file(dir, path, sizeof path);
	snprintf(moved, sizeof moved, "%s.away", path);
	ok(rename(path, moved) == 0, "the key file moved away");
	is_int(check(id, "alice", code, false), TOTP_ERROR, "without the key file: an error, not a sign-in");
	is_int(totp_secrets_unreadable(store, &conf), -1, "check: the key file is missing");
	ok(rename(moved, path) == 0, "the key file back");
}

/* Sign-ins waiting for their code: by hash, once, until they expire. */
static void test_pending(int64_t id)
{
	char token[AUTH_TOKEN_HEX], sql[256];
	struct stored_pending p;

	is_int(totp_pending_start(store, id, "/admin/pages", "", token), 0, "a sign-in waits for its code");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM login_pending WHERE token_hash = '%s'", token);
	is_int(testdb_int(sql), 0, "its token is not kept, only its hash");
	is_int(totp_pending_open(store, token, &p), 1, "found by its token");
	is_str(p.username, "alice", "its user");
	is_str(p.next, "/admin/pages", "where it goes");
	is_int(totp_pending_open(store, "abc", &p), 0, "a short token: none");
	is_int(totp_pending_end(store, token), 1, "ended");
	is_int(totp_pending_end(store, token), 0, "ended once only");
	is_int(totp_pending_open(store, token, &p), 0, "gone");
	is_int(totp_pending_start(store, id, "/admin/", "", token), 0, "another");
	testdb_exec(testdb_conn, "UPDATE login_pending SET expires_at = 1");
	is_int(totp_pending_open(store, token, &p), 0, "expired: none");
}

int main(void)
{
	struct buf dir = BUF_INIT, db = BUF_INIT;
	bool made = testdb_make("unit-totp", &dir, &db);
	char err[512], secret[TOTP_SECRET_TEXT];
	char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT];
	int64_t alice;

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
	config_set(&conf.database, db.data);
	ok(auth_user_set(store, &conf, "alice", "alice: a long password", true, ROLE_EDITOR) == 1 &&
	   auth_user_set(store, &conf, "bob", "bob: a long password", true, ROLE_EDITOR) == 1,
	   "users alice and bob");
	alice = testdb_int("SELECT id FROM user WHERE name = 'alice'");
	is_int(alice, 1, "alice is user 1");
	test_enrolment(dir.data, alice, secret, codes);
	test_codes(alice, secret, codes);
	test_throttle(alice);
	test_sealing(dir.data, alice, secret);
	test_pending(alice);
done:
	store_close(store);
	config_free(&conf);
	return testdb_finish(made, &dir, &db);
}
