/*
** model-users.c: the queries of model-users.h.
*/
#include <stdio.h>
#include <string.h>

#include "model-users.h"

struct password_row {
	int64_t *id;
	char **hash;
};

static bool read_password(void *ctx, const struct store_row *row)
{
	struct password_row *out = ctx;

	*out->id = row_int(row, 0);
	*out->hash = row_text_copy(row, 1);
	return false;
}

/*
** The id of user name and its password hash (*hash owned by the caller,
** NULL when there is no such user).
*/
int users_password(struct store *s, const char *name, int64_t *id, char **hash)
{
	static const char sql[] = "SELECT id, password FROM user WHERE name = ?1";
	struct password_row out = { id, hash };

	*id = 0;
	*hash = NULL;
	return store_one(s, sql, ARGS(SV_TEXT(name)), read_password, &out);
}

/*
** Create user name with the password hash hash: 1, or 0 when the name
** is taken.
*/
int users_create(struct store *s, const char *name, const char *hash)
{
	static const char sql[] =
		"INSERT INTO user (name, password) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING";
	int changed = store_run(s, sql, ARGS(SV_TEXT(name), SV_TEXT(hash)));

	return changed < 0 ? -1 : changed > 0;
}

/*
** Give user name the password hash hash and end the user's sessions, in
** one transaction: 1, or 0 when there is no such user.
*/
int users_set_password(struct store *s, const char *name, const char *hash)
{
	static const char update[] = "UPDATE user SET password = ?2 WHERE name = ?1";
	static const char logout[] =
		"DELETE FROM session WHERE user_id = (SELECT id FROM user WHERE name = ?1)";
	int changed;

	if (!store_write_begin(s))
		return -1;
	changed = store_run(s, update, ARGS(SV_TEXT(name), SV_TEXT(hash)));
	if (changed > 0 && store_run(s, logout, ARGS(SV_TEXT(name))) < 0)
		changed = -1;
	if (changed < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s) ? changed > 0 : -1;
}

/*
** Delete user name (its sessions go with it): 1, or 0 when there is none.
*/
int users_delete(struct store *s, const char *name)
{
	static const char sql[] = "DELETE FROM user WHERE name = ?1";
	int changed = store_run(s, sql, ARGS(SV_TEXT(name)));

	return changed < 0 ? -1 : changed > 0;
}

struct each_user {
	void (*fn)(void *ctx, const struct user_summary *u);
	void *ctx;
};

static bool call_with_user(void *ctx, const struct store_row *row)
{
	struct each_user *each = ctx;
	struct user_summary u = { row_text(row, 0), row_text(row, 1), (int)row_int(row, 2) };

	each->fn(each->ctx, &u);
	return true;
}

/*
** Call fn for each user, by name. Returns the number of users, or -1.
*/
int users_each(struct store *s, void (*fn)(void *ctx, const struct user_summary *u), void *ctx)
{
	static const char sql[] =
		"SELECT u.name, u.created_at, count(s.token_hash) FROM user u"
		" LEFT JOIN session s ON s.user_id = u.id GROUP BY u.id ORDER BY u.name";
	struct each_user each = { fn, ctx };

	return store_each(s, sql, NO_ARGS, call_with_user, &each);
}

static bool read_failures(void *ctx, const struct store_row *row)
{
	int64_t *out = ctx;

	out[0] = row_int(row, 0);
	out[1] = row_int(row, 1);
	return false;
}

/*
** The number of failed logins for username, or from address, since
** since; *oldest gets the time of the oldest counted. -1 on error.
*/
int users_failed_logins(struct store *s, const char *username, const char *address,
			time_t since, time_t *oldest)
{
	static const char sql[] =
		"SELECT count(*), coalesce(min(at), 0) FROM login_attempt"
		" WHERE NOT succeeded AND at > ?3 AND (username = ?1 OR address = ?2)";
	int64_t out[2] = { 0, 0 };

	if (store_one(s, sql, ARGS(SV_TEXT(username), SV_TEXT(address), SV_INT(since)),
		      read_failures, out) < 0)
		return -1;
	*oldest = (time_t)out[1];
	return (int)out[0];
}

/*
** Record a login attempt, and forget those before forget_before.
*/
int users_record_login(struct store *s, const char *username, const char *address, time_t at,
		       bool succeeded, time_t forget_before)
{
	static const char sql[] =
		"INSERT INTO login_attempt (at, username, address, succeeded) VALUES (?1, ?2, ?3, ?4)";
	static const char prune[] = "DELETE FROM login_attempt WHERE at < ?1";

	if (store_run(s, sql, ARGS(SV_INT(at), SV_TEXT(username), SV_TEXT(address),
				   SV_INT(succeeded))) < 0 ||
	    store_run(s, prune, ARGS(SV_INT(forget_before))) < 0)
		return -1;
	return 1;
}

/*
** Store a new session (token hash, user, CSRF token) begun at now, and
** drop the sessions that ended meanwhile (seen before idle_before or
** begun before created_before), in one transaction.
*/
int users_session_add(struct store *s, const char *hash, int64_t user_id, const char *csrf,
		      time_t now, time_t idle_before, time_t created_before)
{
	static const char expire[] = "DELETE FROM session WHERE seen_at < ?1 OR created_at < ?2";
	static const char insert[] =
		"INSERT INTO session (token_hash, user_id, csrf_token, created_at, seen_at)"
		" VALUES (?1, ?2, ?3, ?4, ?4)";

	if (!store_write_begin(s))
		return -1;
	if (store_run(s, expire, ARGS(SV_INT(idle_before), SV_INT(created_before))) < 0 ||
	    store_run(s, insert, ARGS(SV_TEXT(hash), SV_INT(user_id), SV_TEXT(csrf), SV_INT(now))) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s) ? 1 : -1;
}

static bool read_session(void *ctx, const struct store_row *row)
{
	struct stored_session *out = ctx;

	out->user_id = row_int(row, 0);
	snprintf(out->username, sizeof out->username, "%s", row_text(row, 1));
	snprintf(out->csrf_token, sizeof out->csrf_token, "%s", row_text(row, 2));
	out->created_at = (time_t)row_int(row, 3);
	out->seen_at = (time_t)row_int(row, 4);
	return false;
}

/*
** Read the session whose token has the hash hash into out.
*/
int users_session_find(struct store *s, const char *hash, struct stored_session *out)
{
	static const char sql[] =
		"SELECT s.user_id, u.name, s.csrf_token, s.created_at, s.seen_at FROM session s"
		" JOIN user u ON u.id = s.user_id WHERE s.token_hash = ?1";

	memset(out, 0, sizeof *out);
	return store_one(s, sql, ARGS(SV_TEXT(hash)), read_session, out);
}

/*
** Note that the session of hash was used at now.
*/
int users_session_touch(struct store *s, const char *hash, time_t now)
{
	static const char sql[] = "UPDATE session SET seen_at = ?2 WHERE token_hash = ?1";

	return store_run(s, sql, ARGS(SV_TEXT(hash), SV_INT(now))) < 0 ? -1 : 1;
}

/*
** End the session of hash: 1, or 0 when there was none.
*/
int users_session_delete(struct store *s, const char *hash)
{
	static const char sql[] = "DELETE FROM session WHERE token_hash = ?1";
	int changed = store_run(s, sql, ARGS(SV_TEXT(hash)));

	return changed < 0 ? -1 : changed > 0;
}
