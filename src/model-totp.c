/*
** model-totp.c: the queries of model-totp.h.
*/
#include <stdio.h>
#include <string.h>

#include "model-totp.h"

/*
** Start user_id's enrolment with the encrypted secret, replacing one
** not yet confirmed: 1, or 0 when the user's TOTP is on already.
*/
int totp_stored_start(struct store *s, int64_t user_id, const char *secret, time_t now)
{
	static const char sql[] =
		"INSERT INTO user_totp (user_id, secret, enabled, last_step, created_at)"
		" VALUES (?1, ?2, 0, 0, ?3) ON CONFLICT (user_id) DO UPDATE SET"
		" secret = excluded.secret, last_step = 0, created_at = excluded.created_at"
		" WHERE NOT enabled";
	int changed = store_run(s, sql, ARGS(SV_INT(user_id), SV_TEXT(secret), SV_INT(now)));

	return changed < 0 ? -1 : changed > 0;
}

static bool read_totp(void *ctx, const struct store_row *row)
{
	struct stored_totp *out = ctx;

	snprintf(out->secret, sizeof out->secret, "%s", row_text(row, 0));
	out->enabled = row_int(row, 1) != 0;
	out->last_step = row_int(row, 2);
	return false;
}

/*
** Read user_id's TOTP (on, or being enrolled) into out.
*/
int totp_stored_find(struct store *s, int64_t user_id, struct stored_totp *out)
{
	static const char sql[] =
		"SELECT secret, enabled, last_step FROM user_totp WHERE user_id = ?1";

	memset(out, 0, sizeof *out);
	return store_one(s, sql, ARGS(SV_INT(user_id)), read_totp, out);
}

/* A callback of totp_stored_each and its context. */
struct secret_rows {
	bool (*fn)(void *ctx, int64_t user_id, const char *secret);
	void *ctx;
};

static bool read_secret(void *ctx, const struct store_row *row)
{
	struct secret_rows *r = ctx;

	return r->fn(r->ctx, row_int(row, 0), row_text(row, 1));
}

/*
** Call fn with each user's id and encrypted secret (borrowed for the
** call), on or being enrolled, until it returns false. Returns 0 or -1.
*/
int totp_stored_each(struct store *s,
		     bool (*fn)(void *ctx, int64_t user_id, const char *secret), void *ctx)
{
	static const char sql[] = "SELECT user_id, secret FROM user_totp ORDER BY user_id";
	struct secret_rows r = { fn, ctx };

	return store_each(s, sql, NO_ARGS, read_secret, &r) < 0 ? -1 : 0;
}

/*
** Note that user_id's code of time step step was accepted: 1, or 0 when
** a code of that step (or a later one) was accepted before, so that a
** code is never good twice.
*/
int totp_stored_use_step(struct store *s, int64_t user_id, int64_t step)
{
	static const char sql[] =
		"UPDATE user_totp SET last_step = ?2 WHERE user_id = ?1 AND last_step < ?2";
	int changed = store_run(s, sql, ARGS(SV_INT(user_id), SV_INT(step)));

	return changed < 0 ? -1 : changed > 0;
}

/*
** Switch user_id's TOTP on, with the n hashes of its recovery codes
** (replacing any), in one transaction: 1, or 0 when there was no
** enrolment waiting.
*/
int totp_stored_enable(struct store *s, int64_t user_id, const char *const *hashes, int n)
{
	static const char enable[] = "UPDATE user_totp SET enabled = 1 WHERE user_id = ?1 AND NOT enabled";
	static const char clear[] = "DELETE FROM totp_recovery WHERE user_id = ?1";
	static const char add[] = "INSERT INTO totp_recovery (user_id, code_hash) VALUES (?1, ?2)";
	int changed, i;

	if (!store_write_begin(s))
		return -1;
	changed = store_run(s, enable, ARGS(SV_INT(user_id)));
	if (changed > 0 && store_run(s, clear, ARGS(SV_INT(user_id))) < 0)
		changed = -1;
	for (i = 0; changed > 0 && i < n; i++)
		if (store_run(s, add, ARGS(SV_INT(user_id), SV_TEXT(hashes[i]))) < 0)
			changed = -1;
	if (changed < 0 || !store_commit(s)) {
		store_rollback(s);
		return -1;
	}
	return changed > 0;
}

/*
** Switch user name's second factor off: its secret, recovery codes and
** waiting sign-ins go, in one transaction. 1, or 0 when it had none.
*/
int totp_stored_remove(struct store *s, const char *name)
{
	static const char secret[] =
		"DELETE FROM user_totp WHERE user_id = (SELECT id FROM user WHERE name = ?1)";
	static const char codes[] =
		"DELETE FROM totp_recovery WHERE user_id = (SELECT id FROM user WHERE name = ?1)";
	static const char pending[] =
		"DELETE FROM login_pending WHERE user_id = (SELECT id FROM user WHERE name = ?1)";
	int changed;

	if (!store_write_begin(s))
		return -1;
	changed = store_run(s, secret, ARGS(SV_TEXT(name)));
	if (changed >= 0 && (store_run(s, codes, ARGS(SV_TEXT(name))) < 0 ||
			     store_run(s, pending, ARGS(SV_TEXT(name))) < 0))
		changed = -1;
	if (changed < 0 || !store_commit(s)) {
		store_rollback(s);
		return -1;
	}
	return changed > 0;
}

/* A callback of totp_recovery_each and its context. */
struct recovery_rows {
	bool (*fn)(void *ctx, const char *hash);
	void *ctx;
};

static bool read_recovery(void *ctx, const struct store_row *row)
{
	struct recovery_rows *r = ctx;

	return r->fn(r->ctx, row_text(row, 0));
}

/*
** Call fn with the hash of each of user_id's unused recovery codes
** (borrowed for the call) until it returns false. Returns 0 or -1.
*/
int totp_recovery_each(struct store *s, int64_t user_id,
		       bool (*fn)(void *ctx, const char *hash), void *ctx)
{
	static const char sql[] = "SELECT code_hash FROM totp_recovery WHERE user_id = ?1";
	struct recovery_rows r = { fn, ctx };

	return store_each(s, sql, ARGS(SV_INT(user_id)), read_recovery, &r) < 0 ? -1 : 0;
}

/*
** Use up user_id's recovery code of hash: 1, or 0 when it was used
** already (by a request running at the same time too).
*/
int totp_recovery_take(struct store *s, int64_t user_id, const char *hash)
{
	static const char sql[] = "DELETE FROM totp_recovery WHERE user_id = ?1 AND code_hash = ?2";
	int changed = store_run(s, sql, ARGS(SV_INT(user_id), SV_TEXT(hash)));

	return changed < 0 ? -1 : changed > 0;
}

/*
** How many recovery codes user_id has left, or -1.
*/
int totp_recovery_left(struct store *s, int64_t user_id)
{
	static const char sql[] = "SELECT count(*) FROM totp_recovery WHERE user_id = ?1";
	int64_t n = 0;

	return store_int(s, sql, ARGS(SV_INT(user_id)), &n) < 0 ? -1 : (int)n;
}

/*
** Keep a sign-in of user_id waiting for its code, under the hash of its
** token, until expires_at, with where it goes (next, kept); forget those
** that expired by now.
*/
int totp_pending_add(struct store *s, const char *hash, int64_t user_id, const char *next,
		     const char *kept, time_t now, time_t expires_at)
{
	static const char forget[] = "DELETE FROM login_pending WHERE expires_at <= ?1";
	static const char add[] =
		"INSERT INTO login_pending (token_hash, user_id, next, kept, expires_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	int changed;

	if (!store_write_begin(s))
		return -1;
	changed = store_run(s, forget, ARGS(SV_INT(now)));
	if (changed >= 0)
		changed = store_run(s, add, ARGS(SV_TEXT(hash), SV_INT(user_id), SV_TEXT(next),
						 SV_TEXT(kept), SV_INT(expires_at)));
	if (changed < 0 || !store_commit(s)) {
		store_rollback(s);
		return -1;
	}
	return 1;
}

static bool read_pending(void *ctx, const struct store_row *row)
{
	struct stored_pending *out = ctx;

	out->user_id = row_int(row, 0);
	snprintf(out->username, sizeof out->username, "%s", row_text(row, 1));
	snprintf(out->next, sizeof out->next, "%s", row_text(row, 2));
	snprintf(out->kept, sizeof out->kept, "%s", row_text(row, 3));
	return false;
}

/*
** Read the sign-in waiting under the token hash hash into out, unless it
** expired by now or its user is disabled.
*/
int totp_pending_find(struct store *s, const char *hash, time_t now, struct stored_pending *out)
{
	static const char sql[] =
		"SELECT p.user_id, u.name, p.next, p.kept FROM login_pending p"
		" JOIN user u ON u.id = p.user_id AND NOT u.disabled"
		" WHERE p.token_hash = ?1 AND p.expires_at > ?2";

	memset(out, 0, sizeof *out);
	return store_one(s, sql, ARGS(SV_TEXT(hash), SV_INT(now)), read_pending, out);
}

/*
** End the waiting sign-in of hash: 1, or 0 when there was none (it was
** used meanwhile).
*/
int totp_pending_delete(struct store *s, const char *hash)
{
	static const char sql[] = "DELETE FROM login_pending WHERE token_hash = ?1";
	int changed = store_run(s, sql, ARGS(SV_TEXT(hash)));

	return changed < 0 ? -1 : changed > 0;
}
