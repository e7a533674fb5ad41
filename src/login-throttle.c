/*
** login-throttle.c: the limits of login-throttle.h, checked and
** recorded atomically.
**
** An attempt is admitted and recorded as failed in one IMMEDIATE
** transaction, before its password is checked (which takes a tenth of
** a second): attempts that run in parallel see each other, so no more
** than a scope's limit are ever checked. The attempt is settled after
** the check: marked succeeded, or, when its failure reaches a limit,
** the scope is locked.
*/
#include <stdio.h>
#include <time.h>

#include "log.h"
#include "login-throttle.h"

static const struct {
	int failures;		/* within THROTTLE_WINDOW: the scope is locked */
	const char *what;	/* what a lock holds, for the audit log */
} limits[LOGIN_SCOPES] = {
	[LOGIN_SCOPE_USER_ADDRESS] = { THROTTLE_USER_ADDRESS, "this user name from this address" },
	[LOGIN_SCOPE_USER] = { THROTTLE_USER, "this user name from browsers without a device cookie" },
	[LOGIN_SCOPE_ADDRESS] = { THROTTLE_ADDRESS, "this address, for every user name" },
	[LOGIN_SCOPE_DEVICE] = { THROTTLE_DEVICE, "this browser's device cookie" },
};

/* The scopes an attempt counts in: its device's, or the three of a
** browser without one. */
static const enum login_scope device_scopes[] = { LOGIN_SCOPE_DEVICE };
static const enum login_scope stranger_scopes[] = {
	LOGIN_SCOPE_USER_ADDRESS, LOGIN_SCOPE_USER, LOGIN_SCOPE_ADDRESS,
};

/* Set *scopes to t's scopes; return their count. */
static int scopes_of(const struct login_try *t, const enum login_scope **scopes)
{
	if (*t->device) {
		*scopes = device_scopes;
		return (int)(sizeof device_scopes / sizeof *device_scopes);
	}
	*scopes = stranger_scopes;
	return (int)(sizeof stranger_scopes / sizeof *stranger_scopes);
}

/*
** Admit t's attempt at now, or refuse it: THROTTLE_ADMIT with the
** attempt recorded as failed (*attempt: settle it with throttle_settle),
** THROTTLE_REFUSE with *retry_after the seconds until its lock ends
** (nothing recorded), or THROTTLE_ERROR (logged). Locks that ended are
** noted in the audit log on the way.
*/
enum throttle_verdict throttle_admit(struct store *s, const struct login_try *t, time_t now,
				     int64_t *attempt, long *retry_after)
{
	const enum login_scope *scopes;
	int i, n = scopes_of(t, &scopes), failures;
	time_t until, last = 0;

	if (!store_write_begin(s))
		return THROTTLE_ERROR;
	if (users_locks_end(s, now) < 0)
		goto failed;
	for (i = 0; i < n; i++) {
		int locked = users_locked(s, scopes[i], t, now, &until);

		if (locked < 0)
			goto failed;
		if (locked && until > last)
			last = until;
		/* No lock yet, but the limit reached by attempts still being
		** checked: wait for them. */
		failures = users_failures(s, scopes[i], t, now - THROTTLE_WINDOW);
		if (failures < 0)
			goto failed;
		if (!locked && failures >= limits[scopes[i]].failures && now + 5 > last)
			last = now + 5;
	}
	if (last == 0 && users_attempt_add(s, t, now, now - 24 * 3600, attempt) < 0)
		goto failed;
	if (!store_commit(s))
		return THROTTLE_ERROR;
	if (last == 0)
		return THROTTLE_ADMIT;
	*retry_after = (long)(last - now);
	log_info("login throttled for user '%s' from %s%s", t->username, t->address,
		 *t->device ? " (a known device)" : "");
	return THROTTLE_REFUSE;
failed:
	store_rollback(s);
	return THROTTLE_ERROR;
}

/*
** Settle the attempt of throttle_admit: mark it succeeded, or, when its
** failure makes one of t's scopes reach its limit, lock that scope for
** THROTTLE_LOCK seconds and say so in the audit log. Returns 0, or -1.
*/
int throttle_settle(struct store *s, const struct login_try *t, int64_t attempt, bool succeeded,
		    time_t now)
{
	const enum login_scope *scopes;
	int i, n = scopes_of(t, &scopes), failures, locked;
	time_t until = now + THROTTLE_LOCK, ignored;
	char detail[256], end[32];
	struct tm tm;

	if (!store_write_begin(s))
		return -1;
	if (succeeded) {
		if (users_attempt_succeeded(s, attempt) < 0)
			goto failed;
		return store_commit(s) ? 0 : -1;
	}
	gmtime_r(&until, &tm);
	strftime(end, sizeof end, "%Y-%m-%d %H:%M:%S UTC", &tm);
	for (i = 0; i < n; i++) {
		failures = users_failures(s, scopes[i], t, now - THROTTLE_WINDOW);
		locked = users_locked(s, scopes[i], t, now, &ignored);
		if (failures < 0 || locked < 0)
			goto failed;
		if (locked || failures < limits[scopes[i]].failures)
			continue;
		snprintf(detail, sizeof detail, "%d failed sign-ins in %d minutes: %s is locked out until %s",
			 failures, THROTTLE_WINDOW / 60, limits[scopes[i]].what, end);
		if (users_lock(s, scopes[i], t, now, until, detail) < 0)
			goto failed;
		log_info("login locked out: %s", detail);
	}
	return store_commit(s) ? 0 : -1;
failed:
	store_rollback(s);
	return -1;
}
