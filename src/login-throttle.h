/*
** login-throttle.h: how many sign-in attempts may fail, and what is
** locked when they do (OWASP's guidance on device cookies).
**
** Failures count per user name and address, per user name and per
** address, but only those of browsers without a device cookie for the
** user; a browser that has signed in before counts on its own. So an
** attacker who knows a user name can lock out other strangers, but not
** the editor's own browser. A scope whose failures reach its limit in
** THROTTLE_WINDOW is locked for THROTTLE_LOCK seconds: attempts are
** refused unchecked, logged, not counted and never extend the lock.
** Lock-outs and their ends go to the audit log.
*/
#ifndef RC_LOGIN_THROTTLE_H
#define RC_LOGIN_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#include "model-users.h"
#include "store.h"

#define THROTTLE_WINDOW (15 * 60)		/* seconds in which failures count */
#define THROTTLE_LOCK (15 * 60)			/* seconds a lock-out lasts */
#define THROTTLE_USER_ADDRESS 5			/* failures of a name from an address */
#define THROTTLE_USER 10			/* of a name, from every address */
#define THROTTLE_ADDRESS 20			/* from an address, for every name */
#define THROTTLE_DEVICE 5			/* of a browser with a device cookie */

enum throttle_verdict { THROTTLE_ADMIT, THROTTLE_REFUSE, THROTTLE_ERROR };

enum throttle_verdict throttle_admit(struct store *s, const struct login_try *t, time_t now,
				     int64_t *attempt, long *retry_after);
int throttle_settle(struct store *s, const struct login_try *t, int64_t attempt, bool succeeded,
		    time_t now);

#endif
