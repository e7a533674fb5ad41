/*
** model-users.c: the queries of model-users.h.
*/
#include <stdio.h>
#include <stdlib.h>
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
** NULL when there is no such user, or it is disabled).
*/
int users_password(struct store *s, const char *name, int64_t *id, char **hash)
{
	static const char sql[] = "SELECT id, password FROM user WHERE name = ?1 AND NOT disabled";
	struct password_row out = { id, hash };

	*id = 0;
	*hash = NULL;
	return store_one(s, sql, ARGS(SV_TEXT(name)), read_password, &out);
}

/*
** Create user name with the password hash hash (one that matches no
** password, such as "!", until a link sets one) and role: 1, or 0 when
** the name is taken.
*/
int users_create(struct store *s, const char *name, const char *hash, enum role role)
{
	static const char sql[] =
		"INSERT INTO user (name, password, role) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (name) DO NOTHING";
	int changed = store_run(s, sql, ARGS(SV_TEXT(name), SV_TEXT(hash), SV_TEXT(role_name(role))));

	return changed < 0 ? -1 : changed > 0;
}

/*
** End the write transaction that changed (rows, or -1 on an error):
** commit when changed >= 0, else roll back. Returns 1 when it committed
** a change, 0 when there was none, -1.
*/
static int finish_write(struct store *s, int changed)
{
	if (changed < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s) ? changed > 0 : -1;
}

/*
** Give user name the password hash hash and end the user's sessions but
** the one of keep_session_hash ("" for none), in one transaction: 1, or
** 0 when there is no such user.
*/
int users_set_password(struct store *s, const char *name, const char *hash,
		       const char *keep_session_hash)
{
	static const char update[] = "UPDATE user SET password = ?2 WHERE name = ?1";
	static const char logout[] =
		"DELETE FROM session WHERE user_id = (SELECT id FROM user WHERE name = ?1)"
		" AND token_hash <> ?2";
	int changed;

	if (!store_write_begin(s))
		return -1;
	changed = store_run(s, update, ARGS(SV_TEXT(name), SV_TEXT(hash)));
	if (changed > 0 && store_run(s, logout, ARGS(SV_TEXT(name), SV_TEXT(keep_session_hash))) < 0)
		changed = -1;
	return finish_write(s, changed);
}

/*
** Give user name the role role: 1, or 0 when there is no such user.
*/
int users_set_role(struct store *s, const char *name, enum role role)
{
	static const char sql[] = "UPDATE user SET role = ?2 WHERE name = ?1";
	int changed = store_run(s, sql, ARGS(SV_TEXT(name), SV_TEXT(role_name(role))));

	return changed < 0 ? -1 : changed > 0;
}

/*
** Disable user name, ending its sessions and password links in the
** same transaction, or enable it again: 1, or 0 when there is no such
** user.
*/
int users_set_disabled(struct store *s, const char *name, bool disabled)
{
	static const char update[] = "UPDATE user SET disabled = ?2 WHERE name = ?1";
	static const char logout[] =
		"DELETE FROM session WHERE user_id = (SELECT id FROM user WHERE name = ?1)";
	static const char unlink[] =
		"DELETE FROM password_reset WHERE user_id = (SELECT id FROM user WHERE name = ?1)";
	int changed;

	if (!store_write_begin(s))
		return -1;
	changed = store_run(s, update, ARGS(SV_TEXT(name), SV_INT(disabled)));
	if (changed > 0 && disabled && (store_run(s, logout, ARGS(SV_TEXT(name))) < 0 ||
					store_run(s, unlink, ARGS(SV_TEXT(name))) < 0))
		changed = -1;
	return finish_write(s, changed);
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
	struct user_summary u = {
		row_text(row, 0), row_text(row, 1), (int)row_int(row, 2), role_from_name(row_text(row, 3)),
		row_int(row, 4) != 0, row_int(row, 5) != 0, row_int(row, 6),
	};

	each->fn(each->ctx, &u);
	return true;
}

/*
** Call fn for each user that f lets through (its text in the name or
** the role; its status, role and second factor), in its order (then by
** name). The last sign-in is when the user's newest session began
** (users_session_add). Returns the number of users, or -1.
*/
int users_each(struct store *s, const struct user_filter *f,
	       void (*fn)(void *ctx, const struct user_summary *u), void *ctx)
{
	static const char sql[] =
		"WITH listed AS (SELECT u.name, u.created_at, u.role, u.disabled,"
		" (SELECT count(*) FROM session s WHERE s.user_id = u.id) AS sessions,"
		" EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.enabled) AS totp,"
		" u.signed_in_at AS signed_in"
		" FROM user u)"
		" SELECT name, created_at, sessions, role, disabled, totp, signed_in FROM listed"
		" WHERE (?1 = '%%' OR name LIKE ?1 ESCAPE '\\' OR role LIKE ?1 ESCAPE '\\')"
		" AND (?2 = '' OR disabled = (?2 = 'disabled')) AND (?3 = '' OR role = ?3)"
		" AND (?4 < 0 OR totp = ?4)"
		" ORDER BY" STORE_ORDERED("CASE ?5 WHEN 'role' THEN CASE role WHEN 'contributor' THEN 1"
			" WHEN 'editor' THEN 2 ELSE 3 END WHEN 'signed_in' THEN signed_in"
			" WHEN 'added' THEN created_at END", "6") ","
		STORE_ORDERED("name", "6");
	struct each_user each = { fn, ctx };
	char *pattern = store_like_pattern(f->list.text);
	int rc = store_each(s, sql, ARGS(SV_TEXT(pattern), SV_TEXT(f->list.status), SV_TEXT(f->role),
					 SV_INT(f->second_factor), SV_TEXT(f->list.sort),
					 SV_INT(f->list.descending)),
			    call_with_user, &each);

	free(pattern);
	return rc;
}

/*
** Login attempts, by the throttle's scopes. Every query is bound to ?1
** user name, ?2 address, ?3 device hash ('' for a browser without one)
** and ?4 a time, and uses those its scope needs (?4 always).
*/
static const char *const scope_name[LOGIN_SCOPES] = {
	[LOGIN_SCOPE_USER_ADDRESS] = "user_address",
	[LOGIN_SCOPE_USER] = "user",
	[LOGIN_SCOPE_ADDRESS] = "address",
	[LOGIN_SCOPE_DEVICE] = "device",
};

/* The failures of a scope (attempts not yet checked count as failures)
** after ?4 and from the end of the scope's last lock on. */
static const char *const count_failures[LOGIN_SCOPES] = {
	[LOGIN_SCOPE_USER_ADDRESS] =
		"SELECT count(*) FROM login_attempt WHERE device = '' AND NOT succeeded"
		" AND username = ?1 AND address = ?2 AND at > ?4 AND at >= (SELECT coalesce(max(until), 0)"
		" FROM login_lock WHERE scope = 'user_address' AND username = ?1 AND address = ?2)",
	[LOGIN_SCOPE_USER] =
		"SELECT count(*) FROM login_attempt WHERE device = '' AND NOT succeeded"
		" AND username = ?1 AND at > ?4 AND at >= (SELECT coalesce(max(until), 0)"
		" FROM login_lock WHERE scope = 'user' AND username = ?1)",
	[LOGIN_SCOPE_ADDRESS] =
		"SELECT count(*) FROM login_attempt WHERE device = '' AND NOT succeeded"
		" AND address = ?2 AND at > ?4 AND at >= (SELECT coalesce(max(until), 0)"
		" FROM login_lock WHERE scope = 'address' AND address = ?2)",
	[LOGIN_SCOPE_DEVICE] =
		"SELECT count(*) FROM login_attempt WHERE device = ?3 AND NOT succeeded"
		" AND at > ?4 AND at >= (SELECT coalesce(max(until), 0)"
		" FROM login_lock WHERE scope = 'device' AND device = ?3)",
};

/* The end of the scope's lock in force at ?4, if any. */
static const char *const lock_in_force[LOGIN_SCOPES] = {
	[LOGIN_SCOPE_USER_ADDRESS] =
		"SELECT max(until) FROM login_lock WHERE scope = 'user_address' AND username = ?1"
		" AND address = ?2 AND until > ?4",
	[LOGIN_SCOPE_USER] =
		"SELECT max(until) FROM login_lock WHERE scope = 'user' AND username = ?1"
		" AND until > ?4",
	[LOGIN_SCOPE_ADDRESS] =
		"SELECT max(until) FROM login_lock WHERE scope = 'address' AND address = ?2"
		" AND until > ?4",
	[LOGIN_SCOPE_DEVICE] =
		"SELECT max(until) FROM login_lock WHERE scope = 'device' AND device = ?3"
		" AND until > ?4",
};

#define TRY_ARGS(t, time) ARGS(SV_TEXT((t)->username), SV_TEXT((t)->address), \
			       SV_TEXT((t)->device), SV_INT(time))

/*
** The failures of t's scope counted since since (and since the scope's
** last lock ended), or -1.
*/
int users_failures(struct store *s, enum login_scope scope, const struct login_try *t,
		   time_t since)
{
	int64_t n = 0;

	return store_int(s, count_failures[scope], TRY_ARGS(t, since), &n) < 0 ? -1 : (int)n;
}

/*
** Whether a lock of t's scope is in force at now: 1 with *until its end,
** 0 when none is, -1.
*/
int users_locked(struct store *s, enum login_scope scope, const struct login_try *t,
		 time_t now, time_t *until)
{
	int64_t end = 0;

	if (store_int(s, lock_in_force[scope], TRY_ARGS(t, now), &end) < 0)
		return -1;
	*until = (time_t)end;
	return end > 0;
}

/*
** Lock t's scope from now until until, and say so in the audit log
** (detail: what the lock holds, for a person to read).
*/
int users_lock(struct store *s, enum login_scope scope, const struct login_try *t, time_t now,
	       time_t until, const char *detail)
{
	static const char sql[] =
		"INSERT INTO login_lock (scope, username, address, device, started_at, until)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

	if (store_run(s, sql, ARGS(SV_TEXT(scope_name[scope]), SV_TEXT(t->username),
				   SV_TEXT(t->address), SV_TEXT(t->device), SV_INT(now),
				   SV_INT(until))) < 0)
		return -1;
	return users_audit_add(s, now, "lockout", t->username, t->address, detail);
}

/*
** Note in the audit log the end of every lock that ended by now (at the
** time it ended), once.
*/
int users_locks_end(struct store *s, time_t now)
{
	static const char audit[] =
		"INSERT INTO audit (at, event, username, address, detail)"
		" SELECT until, 'lockout ended', username, address, 'the lock-out of ' || scope ||"
		" ' that began at ' || strftime('%Y-%m-%d %H:%M:%S UTC', started_at, 'unixepoch')"
		" || ' has ended' FROM login_lock WHERE NOT ended AND until <= ?1 ORDER BY until";
	static const char mark[] = "UPDATE login_lock SET ended = 1 WHERE NOT ended AND until <= ?1";

	return store_run(s, audit, ARGS(SV_INT(now))) < 0 ||
	       store_run(s, mark, ARGS(SV_INT(now))) < 0 ? -1 : 1;
}

/*
** Record t's attempt at now as failed until users_attempt_succeeded
** says otherwise (*id gets its id), and forget the attempts before
** forget_before and the locks that ended before it.
*/
int users_attempt_add(struct store *s, const struct login_try *t, time_t now,
		      time_t forget_before, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO login_attempt (at, username, address, device, succeeded)"
		" VALUES (?4, ?1, ?2, ?3, 0)";
	static const char prune[] = "DELETE FROM login_attempt WHERE at < ?1";
	static const char prune_locks[] = "DELETE FROM login_lock WHERE ended AND until < ?1";

	if (store_run(s, sql, TRY_ARGS(t, now)) < 0)
		return -1;
	*id = store_last_rowid(s);
	return store_run(s, prune, ARGS(SV_INT(forget_before))) < 0 ||
	       store_run(s, prune_locks, ARGS(SV_INT(forget_before))) < 0 ? -1 : 1;
}

/*
** Mark the attempt id as succeeded.
*/
int users_attempt_succeeded(struct store *s, int64_t id)
{
	return store_run(s, "UPDATE login_attempt SET succeeded = 1 WHERE id = ?1",
			 ARGS(SV_INT(id)));
}

/*
** The user that the device of token hash hash belongs to: 1 with
** *user_id, 0 when no device has this hash.
*/
int users_device_owner(struct store *s, const char *hash, int64_t *user_id)
{
	return store_int(s, "SELECT user_id FROM device WHERE token_hash = ?1",
			 ARGS(SV_TEXT(hash)), user_id);
}

/*
** Note that the device of hash was used by user_id at now: a new one
** is added (and said in the audit log, with address), a known one
** seen. Devices unseen since forget_before are forgotten.
*/
int users_device_seen(struct store *s, const char *hash, int64_t user_id, const char *address,
		      time_t now, time_t forget_before)
{
	static const char known[] = "SELECT count(*) FROM device WHERE token_hash = ?1";
	static const char add[] =
		"INSERT INTO device (token_hash, user_id, created_at, seen_at) VALUES (?1, ?2, ?3, ?3)"
		" ON CONFLICT (token_hash) DO UPDATE SET seen_at = ?3";
	static const char name[] = "SELECT name FROM user WHERE id = ?1";
	static const char prune[] = "DELETE FROM device WHERE seen_at < ?1";
	int64_t seen_before = 0;
	bool added;
	char *username = NULL;
	int rc = -1;

	if (store_int(s, known, ARGS(SV_TEXT(hash)), &seen_before) < 0 ||
	    store_run(s, add, ARGS(SV_TEXT(hash), SV_INT(user_id), SV_INT(now))) < 0 ||
	    store_run(s, prune, ARGS(SV_INT(forget_before))) < 0)
		goto done;
	added = seen_before == 0;
	if (added && (store_text(s, name, ARGS(SV_INT(user_id)), &username) < 0 ||
		      users_audit_add(s, now, "new device", username ? username : "", address,
				      "a browser signed in for the first time and got a device cookie") < 0))
		goto done;
	rc = 1;
done:
	free(username);
	return rc;
}

/*
** Add an event to the audit log.
*/
int users_audit_add(struct store *s, time_t at, const char *event, const char *username,
		    const char *address, const char *detail)
{
	static const char sql[] =
		"INSERT INTO audit (at, event, username, address, detail) VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char prune[] = "DELETE FROM audit WHERE at < ?1 - 366 * 86400";

	return store_run(s, sql, ARGS(SV_INT(at), SV_TEXT(event), SV_TEXT(username),
				      SV_TEXT(address), SV_TEXT(detail))) < 0 ||
	       store_run(s, prune, ARGS(SV_INT(at))) < 0 ? -1 : 1;
}

struct each_event {
	void (*fn)(void *ctx, const struct audit_event *e);
	void *ctx;
};

static bool call_with_event(void *ctx, const struct store_row *row)
{
	struct each_event *each = ctx;
	struct audit_event e = {
		(time_t)row_int(row, 0), row_text(row, 1), row_text(row, 2), row_text(row, 3),
		row_text(row, 4),
	};

	each->fn(each->ctx, &e);
	return true;
}

/*
** Call fn with each of the last limit events of the audit log, oldest
** first.
*/
int users_audit_each(struct store *s, int limit, void (*fn)(void *ctx, const struct audit_event *e),
		     void *ctx)
{
	static const char sql[] =
		"SELECT at, event, username, address, detail FROM"
		" (SELECT * FROM audit ORDER BY at DESC, id DESC LIMIT ?1) ORDER BY at, id";
	struct each_event each = { fn, ctx };

	return store_each(s, sql, ARGS(SV_INT(limit)), call_with_event, &each);
}

/*
** Store a new session (token hash, user, CSRF token) begun at now, note
** it as the user's last sign-in, and drop the sessions that ended
** meanwhile (seen before idle_before or begun before created_before),
** in one transaction.
*/
int users_session_add(struct store *s, const char *hash, int64_t user_id, const char *csrf,
		      time_t now, time_t idle_before, time_t created_before)
{
	static const char expire[] = "DELETE FROM session WHERE seen_at < ?1 OR created_at < ?2";
	static const char insert[] =
		"INSERT INTO session (token_hash, user_id, csrf_token, created_at, seen_at)"
		" VALUES (?1, ?2, ?3, ?4, ?4)";
	static const char signed_in[] = "UPDATE user SET signed_in_at = ?2 WHERE id = ?1";

	if (!store_write_begin(s))
		return -1;
	if (store_run(s, expire, ARGS(SV_INT(idle_before), SV_INT(created_before))) < 0 ||
	    store_run(s, insert, ARGS(SV_TEXT(hash), SV_INT(user_id), SV_TEXT(csrf), SV_INT(now))) < 0 ||
	    store_run(s, signed_in, ARGS(SV_INT(user_id), SV_INT(now))) < 0) {
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
	out->role = role_from_name(row_text(row, 5));
	out->second_factor = row_int(row, 6) != 0;
	return false;
}

/*
** Read the session whose token has the hash hash into out, with its
** user's role and whether their second factor is on; a disabled user
** has none.
*/
int users_session_find(struct store *s, const char *hash, struct stored_session *out)
{
	static const char sql[] =
		"SELECT s.user_id, u.name, s.csrf_token, s.created_at, s.seen_at, u.role,"
		" EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.enabled) FROM session s"
		" JOIN user u ON u.id = s.user_id AND NOT u.disabled WHERE s.token_hash = ?1";

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

/*
** Keep the fields (urlencoded) of a form sent to route by user_id after
** their session ended, under the hash of its key; forget kept forms
** made before forget_before, and all but the user's USERS_KEPT_MAX
** newest.
*/
int users_kept_add(struct store *s, const char *key_hash, int64_t user_id, const char *route,
		   const char *fields, time_t now, time_t forget_before)
{
	static const char sql[] =
		"INSERT INTO kept_form (key_hash, user_id, created_at, route, fields)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char prune[] = "DELETE FROM kept_form WHERE created_at < ?1";
	/* A user's newest USERS_KEPT_MAX only: a client resending an old
	** form cannot fill the disk. */
	static const char cap[] =
		"DELETE FROM kept_form WHERE user_id = ?1 AND id NOT IN"
		" (SELECT id FROM kept_form WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)";

	return store_run(s, prune, ARGS(SV_INT(forget_before))) < 0 ||
	       store_run(s, sql, ARGS(SV_TEXT(key_hash), SV_INT(user_id), SV_INT(now),
				      SV_TEXT(route), SV_TEXT(fields))) < 0 ||
	       store_run(s, cap, ARGS(SV_INT(user_id), SV_INT(USERS_KEPT_MAX))) < 0 ? -1 : 1;
}

/*
** Give the kept form of key_hash to the session of session_hash, when
** it is user_id's and made after since: 1, or 0 when there is none.
*/
int users_kept_claim(struct store *s, const char *key_hash, int64_t user_id,
		     const char *session_hash, time_t since)
{
	static const char sql[] =
		"UPDATE kept_form SET session_hash = ?3"
		" WHERE key_hash = ?1 AND user_id = ?2 AND created_at >= ?4";

	return store_run(s, sql, ARGS(SV_TEXT(key_hash), SV_INT(user_id), SV_TEXT(session_hash),
				      SV_INT(since)));
}

struct kept_row {
	char **route, **fields;
};

static bool read_kept(void *ctx, const struct store_row *row)
{
	struct kept_row *out = ctx;

	*out->route = row_text_copy(row, 0);
	*out->fields = row_text_copy(row, 1);
	return false;
}

/*
** Take (read and forget) the latest form kept for the session of
** session_hash: 1 with *route and *fields (the caller frees both), or 0.
*/
int users_kept_take(struct store *s, const char *session_hash, char **route, char **fields)
{
	static const char sql[] =
		"SELECT route, fields FROM kept_form WHERE session_hash = ?1 ORDER BY id DESC LIMIT 1";
	static const char forget[] = "DELETE FROM kept_form WHERE session_hash = ?1";
	struct kept_row out = { route, fields };
	int found;

	*route = *fields = NULL;
	found = store_one(s, sql, ARGS(SV_TEXT(session_hash)), read_kept, &out);
	if (found == 1 && store_run(s, forget, ARGS(SV_TEXT(session_hash))) < 0) {
		free(*route);
		free(*fields);
		*route = *fields = NULL;
		return -1;
	}
	return found;
}

struct each_session {
	void (*fn)(void *ctx, const struct session_summary *u);
	void *ctx;
};

static bool call_with_session(void *ctx, const struct store_row *row)
{
	struct each_session *each = ctx;
	struct session_summary u = {
		(time_t)row_int(row, 0), (time_t)row_int(row, 1), row_int(row, 2) != 0,
	};

	each->fn(each->ctx, &u);
	return true;
}

/*
** Call fn for each session of user_id that has not ended (seen since
** idle_since, begun since created_since), the newest first; the one of
** current_hash says it is current. Returns their number, or -1.
*/
int users_sessions_each(struct store *s, int64_t user_id, const char *current_hash,
			time_t idle_since, time_t created_since,
			void (*fn)(void *ctx, const struct session_summary *u), void *ctx)
{
	static const char sql[] =
		"SELECT created_at, seen_at, token_hash = ?2 FROM session WHERE user_id = ?1"
		" AND seen_at >= ?3 AND created_at >= ?4 ORDER BY seen_at DESC";
	struct each_session each = { fn, ctx };

	return store_each(s, sql, ARGS(SV_INT(user_id), SV_TEXT(current_hash), SV_INT(idle_since),
				       SV_INT(created_since)), call_with_session, &each);
}

/*
** End every session of user_id. Returns 1, or -1.
*/
int users_sessions_end(struct store *s, int64_t user_id)
{
	return store_run(s, "DELETE FROM session WHERE user_id = ?1", ARGS(SV_INT(user_id))) < 0 ?
	       -1 : 1;
}

/*
** Store the link to set user name's password (selector, the hash of its
** token, who made it, until expires_at), replacing any link the user
** had: 1, or 0 when there is no such user.
*/
int users_reset_put(struct store *s, const char *selector, const char *hash, const char *name,
		    const char *created_by, time_t expires_at)
{
	static const char sql[] =
		"INSERT INTO password_reset (selector, token_hash, user_id, created_by, expires_at)"
		" SELECT ?1, ?2, id, ?4, ?5 FROM user WHERE name = ?3"
		" ON CONFLICT (user_id) DO UPDATE SET selector = excluded.selector,"
		" token_hash = excluded.token_hash, created_by = excluded.created_by,"
		" expires_at = excluded.expires_at";
	int changed = store_run(s, sql, ARGS(SV_TEXT(selector), SV_TEXT(hash), SV_TEXT(name),
					     SV_TEXT(created_by), SV_INT(expires_at)));

	return changed < 0 ? -1 : changed > 0;
}

static bool read_reset(void *ctx, const struct store_row *row)
{
	struct stored_reset *out = ctx;

	out->user_id = row_int(row, 0);
	snprintf(out->username, sizeof out->username, "%s", row_text(row, 1));
	snprintf(out->token_hash, sizeof out->token_hash, "%s", row_text(row, 2));
	out->expires_at = (time_t)row_int(row, 3);
	return false;
}

/*
** Read the link of selector into out (of a user not disabled).
*/
int users_reset_find(struct store *s, const char *selector, struct stored_reset *out)
{
	static const char sql[] =
		"SELECT r.user_id, u.name, r.token_hash, r.expires_at FROM password_reset r"
		" JOIN user u ON u.id = r.user_id AND NOT u.disabled WHERE r.selector = ?1";

	memset(out, 0, sizeof *out);
	return store_one(s, sql, ARGS(SV_TEXT(selector)), read_reset, out);
}

/*
** Use the link of selector: delete it and, when it was there still,
** give its user the password hash password_hash and end their
** sessions, in one transaction. 1, or 0 when the link was gone (used
** meanwhile): nothing changed.
*/
int users_reset_use(struct store *s, const char *selector, const char *password_hash)
{
	static const char take[] =
		"DELETE FROM password_reset WHERE selector = ?1 RETURNING user_id";
	static const char update[] = "UPDATE user SET password = ?2 WHERE id = ?1";
	static const char logout[] = "DELETE FROM session WHERE user_id = ?1";
	int64_t user_id = 0;
	int found;

	if (!store_write_begin(s))
		return -1;
	found = store_int(s, take, ARGS(SV_TEXT(selector)), &user_id);
	if (found > 0 && (store_run(s, update, ARGS(SV_INT(user_id), SV_TEXT(password_hash))) < 0 ||
			  store_run(s, logout, ARGS(SV_INT(user_id))) < 0))
		found = -1;
	return finish_write(s, found);
}
