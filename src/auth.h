/*
** auth.h: who may edit, as Fossil's login.c: users and their argon2id
** passwords, logins and device cookies, sessions and their CSRF tokens.
*/
#ifndef RC_AUTH_H
#define RC_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "role.h"
#include "store.h"

struct preview_target;	/* model-admin.h */
struct session_summary;	/* model-users.h */

#define AUTH_TOKEN_HEX 65	/* 256-bit token as hex, plus NUL */
#define AUTH_SESSION_IDLE (30 * 60)		/* seconds */
#define AUTH_SESSION_MAX (12 * 60 * 60)		/* seconds */
#define AUTH_SESSION_TOUCH 60			/* seconds between notes of use */
#define AUTH_DEVICE_MAX (365 * 24 * 60 * 60)	/* seconds a device cookie lasts */
#define AUTH_PASSWORD_MAX 1024
#define AUTH_KEPT_MAX (24 * 60 * 60)		/* seconds a form is kept after its session ended */
#define AUTH_RESET_MAX (24 * 60 * 60)		/* seconds a link to set a password works */
#define AUTH_RESET_SELECTOR 16			/* hex digits of its token that name it */

struct session {
	int64_t user_id;
	int64_t ended_user_id;	/* the cookie's session had ended: its user */
	char username[201];
	enum role role;
	bool second_factor;	/* the user's TOTP is on (totp.h) */
	char csrf_token[AUTH_TOKEN_HEX];
	long seconds_left;	/* until it ends, idle from now or at its maximum age */
};

enum login_result { LOGIN_OK, LOGIN_REFUSED, LOGIN_THROTTLED, LOGIN_ERROR };

/* A login as submitted; strings borrowed. device: the browser's device
** cookie, or NULL. */
struct login {
	const char *username, *password, *address, *device;
};

int auth_init(void);
void auth_random_token(char out[AUTH_TOKEN_HEX]);
void auth_token_hash(const char *token, char out[AUTH_TOKEN_HEX]);
void auth_token_new(char token[AUTH_TOKEN_HEX], char hash[AUTH_TOKEN_HEX]);
int auth_hash_password(const struct config *c, const char *password, char *out, size_t outlen);
enum login_result auth_login(struct store *s, const struct config *c, const struct login *l,
			     int64_t *user_id, long *retry_after,
			     char new_device[AUTH_TOKEN_HEX]);
int auth_session_start(struct store *s, int64_t user_id, char token[AUTH_TOKEN_HEX]);
bool auth_session_ended(time_t created_at, time_t seen_at, time_t now);
int auth_session_find(struct store *s, const char *token, struct session *out);
int auth_session_extend(struct store *s, const char *token, struct session *sess);
int auth_session_end(struct store *s, const char *token);
bool auth_csrf_ok(const struct session *sess, const char *submitted);
int auth_keep_form(struct store *s, int64_t user_id, const char *route, const char *fields,
		   char key[AUTH_TOKEN_HEX]);
int auth_kept_claim(struct store *s, const char *key, int64_t user_id, const char *session_token);
int auth_preview_link_make(struct store *s, const char *kind, const char *id, const char *username,
			   int64_t seconds, char token[AUTH_TOKEN_HEX]);
int auth_preview_link_open(struct store *s, const char *token, struct preview_target *out);
int auth_kept_take(struct store *s, const char *session_token, char **route, char **fields);

int auth_user_set(struct store *s, const struct config *c, const char *name,
		  const char *password, bool create, enum role role);
int auth_password_ok(struct store *s, const char *name, const char *password);
int auth_password_change(struct store *s, const struct config *c, const char *name,
			 const char *password, const char *keep_token);
int auth_sessions_each(struct store *s, int64_t user_id, const char *token,
		       void (*fn)(void *ctx, const struct session_summary *u), void *ctx);
int auth_reset_issue(struct store *s, const char *name, const char *created_by,
		     char token[AUTH_TOKEN_HEX]);
int auth_reset_user(struct store *s, const char *token, char *username, size_t n);
int auth_reset_use(struct store *s, const struct config *c, const char *token,
		   const char *password);

#endif
