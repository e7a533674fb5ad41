/*
** totp.c: the rules of totp.h: the key file, the secret's encryption,
** codes checked (liboath) and used once, recovery codes, and sign-ins
** waiting for their code.
*/
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "log.h"
#include "login-throttle.h"
#include "totp.h"

#define KEY_BYTES 32
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEALED_BYTES (NONCE_BYTES + TOTP_SECRET_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
/* The recovery codes' letters: no 0, 1, l or o, which readers confuse. */
static const char recovery_alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
#define RECOVERY_CHARS 10

/*
** Write into out (n bytes) the path of the key file: totp.key in the
** database's folder. Returns 0, or -1 when it does not fit.
*/
static int key_path(const struct config *c, char *out, size_t n)
{
	const char *slash = strrchr(c->database, '/');
	int dir = slash ? (int)(slash - c->database) + 1 : 0;
	int len = snprintf(out, n, "%.*stotp.key", dir, c->database);

	return len < 0 || (size_t)len >= n ? -1 : 0;
}

/*
** Read the KEY_BYTES of the key file at path into key: 1, 0 when there
** is no such file, -1 (logged) when it cannot be read or is not a key.
*/
static int key_read(const char *path, unsigned char key[KEY_BYTES])
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	unsigned char extra;
	ssize_t got;
	int rc = -1;

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		log_error("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	got = read(fd, key, KEY_BYTES);
	if (got == KEY_BYTES && read(fd, &extra, 1) == 0)
		rc = 1;
	else
		log_error("%s is not a key of %d bytes", path, KEY_BYTES);
	close(fd);
	return rc;
}

/*
** Make the key file at path with a fresh random key, unless another
** request made it meanwhile: written whole to a temporary file, then
** linked to its name, which never replaces an existing key. Returns 0,
** or -1 (logged).
*/
static int key_make(const char *path)
{
	unsigned char key[KEY_BYTES];
	char tmp[4096];
	int fd, rc = -1;

	if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp)
		return -1;
	randombytes_buf(key, sizeof key);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		if (write(fd, key, sizeof key) == (ssize_t)sizeof key && fsync(fd) == 0 &&
		    (link(tmp, path) == 0 || errno == EEXIST))
			rc = 0;
		close(fd);
		unlink(tmp);
	}
	if (rc < 0)
		log_error("cannot make the key file %s: %s", path, strerror(errno));
	sodium_memzero(key, sizeof key);
	return rc;
}

/*
** Load the key into key, making its file first when create is set and
** there is none. Returns 0, or -1 (logged).
*/
static int key_load(const struct config *c, bool create, unsigned char key[KEY_BYTES])
{
	char path[4096];
	int rc;

	if (key_path(c, path, sizeof path) < 0)
		return -1;
	rc = key_read(path, key);
	if (rc == 0 && create && key_make(path) == 0)
		rc = key_read(path, key);
	if (rc == 0)
		log_error("the key file %s is missing: two-factor secrets cannot be read", path);
	return rc == 1 ? 0 : -1;
}

/*
** The associated data that binds a sealed secret to its user, so that
** a secret copied to another user's row does not open.
*/
static int user_label(int64_t user_id, char out[32])
{
	return snprintf(out, 32, "totp:%lld", (long long)user_id);
}

/*
** Seal secret (TOTP_SECRET_BYTES) for user_id under key into out, as hex.
*/
static void seal(const unsigned char key[KEY_BYTES], int64_t user_id,
		 const unsigned char *secret, char out[TOTP_STORED_SECRET])
{
	unsigned char sealed[SEALED_BYTES];
	char label[32];
	int label_len = user_label(user_id, label);

	randombytes_buf(sealed, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(sealed + NONCE_BYTES, NULL, secret,
						   TOTP_SECRET_BYTES, (unsigned char *)label,
						   (unsigned long long)label_len, NULL, sealed, key);
	sodium_bin2hex(out, TOTP_STORED_SECRET, sealed, sizeof sealed);
}

/*
** Open user_id's sealed secret (hex) under key into secret
** (TOTP_SECRET_BYTES). Returns 0, or -1 (logged): not sealed with this
** key, for this user.
*/
static int unseal(const unsigned char key[KEY_BYTES], int64_t user_id, const char *hex,
		  unsigned char *secret)
{
	unsigned char sealed[SEALED_BYTES];
	size_t len = 0;
	char label[32];
	int label_len = user_label(user_id, label);

	if (sodium_hex2bin(sealed, sizeof sealed, hex, strlen(hex), NULL, &len, NULL) != 0 ||
	    len != sizeof sealed ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(secret, NULL, NULL, sealed + NONCE_BYTES,
						       sizeof sealed - NONCE_BYTES,
						       (unsigned char *)label,
						       (unsigned long long)label_len, sealed, key) != 0) {
		log_error("the two-factor secret of user %lld does not open with totp.key",
			  (long long)user_id);
		return -1;
	}
	return 0;
}

/*
** Start user_id's enrolment: a new random secret, kept sealed, and
** written into secret as base32 for the user to type or scan. Returns
** 1, 0 when the user's TOTP is on already, -1 (logged).
*/
int totp_enrol(struct store *s, const struct config *c, int64_t user_id,
	       char secret[TOTP_SECRET_TEXT])
{
	unsigned char key[KEY_BYTES], raw[TOTP_SECRET_BYTES];
	char sealed[TOTP_STORED_SECRET], *b32 = NULL;
	size_t b32_len = 0;
	int rc = -1;

	secret[0] = '\0';
	if (key_load(c, true, key) < 0)
		return -1;
	randombytes_buf(raw, sizeof raw);
	seal(key, user_id, raw, sealed);
	if (oath_base32_encode((char *)raw, sizeof raw, &b32, &b32_len) == OATH_OK &&
	    b32_len < TOTP_SECRET_TEXT) {
		memcpy(secret, b32, b32_len);
		secret[b32_len] = '\0';
		rc = totp_stored_start(s, user_id, sealed, time(NULL));
	}
	if (rc != 1)
		secret[0] = '\0';
	if (b32)
		sodium_memzero(b32, b32_len);
	free(b32);
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(key, sizeof key);
	return rc;
}

/*
** Copy code into out (n bytes) without its spaces and dashes, letters in
** lower case: the form in which codes are checked. Returns its length,
** or -1 when it is too long.
*/
static int code_normalise(const char *code, char *out, size_t n)
{
	size_t len = 0;

	for (; *code; code++) {
		if (*code == ' ' || *code == '-')
			continue;
		if (len + 1 >= n)
			return -1;
		out[len++] = (char)tolower((unsigned char)*code);
	}
	out[len] = '\0';
	return (int)len;
}

/*
** The hex hash of a recovery code (normalised), keyed with key.
*/
static void recovery_hash(const unsigned char key[KEY_BYTES], const char *code,
			  char out[AUTH_TOKEN_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof h, (const unsigned char *)code, strlen(code), key, KEY_BYTES);
	sodium_bin2hex(out, AUTH_TOKEN_HEX, h, sizeof h);
}

/* A recovery code's hash sought among the stored ones. */
struct recovery_search {
	const char *hash;
	bool found;
};

/*
** Compare one stored hash with the one sought, in constant time, and go
** on to the end either way.
*/
static bool recovery_match(void *ctx, const char *hash)
{
	struct recovery_search *r = ctx;

	if (strlen(hash) == AUTH_TOKEN_HEX - 1 && sodium_memcmp(hash, r->hash, AUTH_TOKEN_HEX - 1) == 0)
		r->found = true;
	return true;
}

/*
** Whether code (normalised) is one of t's unused recovery codes, using
** it up: 1, 0, or -1.
*/
static int recovery_use(struct store *s, const unsigned char key[KEY_BYTES],
			const struct totp_try *t, const char *code)
{
	char hash[AUTH_TOKEN_HEX];
	struct recovery_search r = { hash, false };

	if (strlen(code) != RECOVERY_CHARS || strspn(code, recovery_alphabet) != RECOVERY_CHARS)
		return 0;
	recovery_hash(key, code, hash);
	if (totp_recovery_each(s, t->user_id, recovery_match, &r) < 0)
		return -1;
	return r.found ? totp_recovery_take(s, t->user_id, hash) : 0;
}

/*
** Whether code (normalised) is t's TOTP code at now, in the step before
** or after (clocks drift), and of a step later than any used: 1 (the
** step is then used up), 0, or -1.
*/
static int totp_use(struct store *s, const struct stored_totp *stored,
		    const unsigned char *secret, const struct totp_try *t, const char *code)
{
	uint64_t step = 0;
	int pos = 0;

	if (strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return 0;
	if (oath_totp_validate3((const char *)secret, TOTP_SECRET_BYTES, time(NULL), TOTP_STEP,
				OATH_TOTP_DEFAULT_START_TIME, 1, &pos, &step, code) < 0)
		return 0;
	if ((int64_t)step <= stored->last_step) {
		log_info("refused a used two-factor code of user '%s'", t->username);
		return 0;
	}
	return totp_stored_use_step(s, t->user_id, (int64_t)step);
}

/*
** Check code against t's secret: its TOTP code (while enrolling, the
** secret waiting for confirmation; otherwise the one switched on), or,
** once on, one of its recovery codes. 1, 0 or -1.
*/
static int code_right(struct store *s, const struct config *c, const struct totp_try *t,
		      const char *typed, bool enrolling)
{
	unsigned char key[KEY_BYTES], secret[TOTP_SECRET_BYTES];
	struct stored_totp stored;
	char code[TOTP_CODE_MAX + 1];
	int rc;

	if (code_normalise(typed, code, sizeof code) <= 0)
		return 0;
	rc = totp_stored_find(s, t->user_id, &stored);
	if (rc != 1 || stored.enabled == enrolling)
		return rc < 0 ? -1 : 0;
	if (key_load(c, false, key) < 0)
		return -1;
	rc = -1;
	if (unseal(key, t->user_id, stored.secret, secret) == 0) {
		rc = totp_use(s, &stored, secret, t, code);
		if (rc == 0 && !enrolling)
			rc = recovery_use(s, key, t, code);
	}
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(key, sizeof key);
	return rc;
}

/*
** Check the code t typed, counted as a sign-in attempt (login-throttle.h):
** TOTP_OK (the code is used up), TOTP_WRONG, TOTP_THROTTLED (with
** *retry_after, the seconds to wait; not checked) or TOTP_ERROR. With
** enrolling, the code confirms the secret totp_enrol made.
*/
enum totp_result totp_check(struct store *s, const struct config *c, const struct totp_try *t,
			    const char *code, bool enrolling, long *retry_after)
{
	struct login_try lt = { t->username, t->address, "" };
	time_t now = time(NULL);
	int64_t attempt = 0;
	int right;

	if (oath_init() != OATH_OK)
		return TOTP_ERROR;
	switch (throttle_admit(s, &lt, now, &attempt, retry_after)) {
	case THROTTLE_ADMIT:
		break;
	case THROTTLE_REFUSE:
		return TOTP_THROTTLED;
	case THROTTLE_ERROR:
		return TOTP_ERROR;
	}
	right = code_right(s, c, t, code, enrolling);
	if (throttle_settle(s, &lt, attempt, right == 1, now) < 0 || right < 0)
		return TOTP_ERROR;
	if (right == 0)
		log_info("wrong two-factor code for user '%s' from %s", t->username, t->address);
	return right == 1 ? TOTP_OK : TOTP_WRONG;
}

/*
** Switch user_id's TOTP on, once its enrolment's code was right, with
** ten new recovery codes written into codes (to be shown once). Returns
** 1, 0 when no enrolment was waiting, -1 (logged).
*/
int totp_confirm(struct store *s, const struct config *c, int64_t user_id,
		 char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_TEXT])
{
	unsigned char key[KEY_BYTES];
	char hashes[TOTP_RECOVERY_CODES][AUTH_TOKEN_HEX], plain[RECOVERY_CHARS + 1];
	const char *hash_list[TOTP_RECOVERY_CODES];
	int i, j, rc;

	if (key_load(c, false, key) < 0)
		return -1;
	for (i = 0; i < TOTP_RECOVERY_CODES; i++) {
		for (j = 0; j < RECOVERY_CHARS; j++)
			plain[j] = recovery_alphabet[randombytes_uniform(sizeof recovery_alphabet - 1)];
		plain[RECOVERY_CHARS] = '\0';
		recovery_hash(key, plain, hashes[i]);
		hash_list[i] = hashes[i];
		snprintf(codes[i], TOTP_RECOVERY_TEXT, "%.5s-%.5s", plain, plain + 5);
	}
	rc = totp_stored_enable(s, user_id, hash_list, TOTP_RECOVERY_CODES);
	sodium_memzero(plain, sizeof plain);
	sodium_memzero(key, sizeof key);
	return rc;
}

/*
** Whether user_id's TOTP is on: 1, 0, or -1.
*/
int totp_enabled(struct store *s, int64_t user_id)
{
	struct stored_totp stored;
	int rc = totp_stored_find(s, user_id, &stored);

	return rc == 1 ? stored.enabled : rc;
}

/* The secrets being tried with the key file (loaded at the first). */
struct secrets_check {
	const struct config *config;
	unsigned char key[KEY_BYTES];
	int loaded;		/* 0: not yet; 1: loaded; -1: cannot be */
	int unreadable;
};

/*
** Try one user's sealed secret with the key; count it when it does not
** open. Stops when the key cannot be loaded.
*/
static bool secret_opens(void *ctx, int64_t user_id, const char *sealed)
{
	struct secrets_check *k = ctx;
	unsigned char secret[TOTP_SECRET_BYTES];

	if (k->loaded == 0)
		k->loaded = key_load(k->config, false, k->key) == 0 ? 1 : -1;
	if (k->loaded < 0)
		return false;
	if (unseal(k->key, user_id, sealed, secret) < 0)
		k->unreadable++;
	sodium_memzero(secret, sizeof secret);
	return true;
}

/*
** How many users' secrets do not open with the key file (`runningcode
** check`: a database restored without its key): 0 when all do, or when
** there are none; -1 (logged) when they cannot be read, or the key file
** is missing or damaged.
*/
int totp_secrets_unreadable(struct store *s, const struct config *c)
{
	struct secrets_check k = { c, { 0 }, 0, 0 };
	int rc = totp_stored_each(s, secret_opens, &k);

	sodium_memzero(k.key, sizeof k.key);
	return rc < 0 || k.loaded < 0 ? -1 : k.unreadable;
}

/*
** Keep user_id's sign-in waiting for its code, going to next (and the
** kept form of kept, or "") once it is right; token gets the cookie's
** value. Returns 0, or -1.
*/
int totp_pending_start(struct store *s, int64_t user_id, const char *next, const char *kept,
		       char token[AUTH_TOKEN_HEX])
{
	char hash[AUTH_TOKEN_HEX];
	time_t now = time(NULL);

	auth_token_new(token, hash);
	return totp_pending_add(s, hash, user_id, next, kept, now, now + TOTP_PENDING_MAX) < 0 ? -1 : 0;
}

/*
** Read the sign-in waiting under the cookie's token into out: 1, 0 when
** there is none (expired, used, or never made), -1.
*/
int totp_pending_open(struct store *s, const char *token, struct stored_pending *out)
{
	char hash[AUTH_TOKEN_HEX];

	memset(out, 0, sizeof *out);
	if (strlen(token) != AUTH_TOKEN_HEX - 1)
		return 0;
	auth_token_hash(token, hash);
	return totp_pending_find(s, hash, time(NULL), out);
}

/*
** End the sign-in waiting under token: 1, 0 when it was ended already
** (by a request that ran meanwhile), -1.
*/
int totp_pending_end(struct store *s, const char *token)
{
	char hash[AUTH_TOKEN_HEX];

	auth_token_hash(token, hash);
	return totp_pending_delete(s, hash);
}
