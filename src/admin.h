/*
** admin.h: the admin CGI, runningcode-admin. One process per request:
** main-admin.c reads the request, admin.c checks the session and the
** CSRF token as the route table demands and calls the screen's handler
** (one admin-*.c file per screen), which fills the reply.
*/
#ifndef RC_ADMIN_H
#define RC_ADMIN_H

#include <stdbool.h>

#include "auth.h"
#include "config.h"
#include "entity.h"
#include "publish.h"
#include "reply.h"
#include "request.h"
#include "store.h"
#include "template.h"

#define ADMIN_BODY_MAX (256 * 1024)	/* bytes: a 200 KB body plus the other fields */
#define ADMIN_COOKIE "rc_session"

/* Route flags. */
#define ADMIN_ANONYMOUS (1u << 0)	/* no login needed (the login form itself) */

struct admin {
	const struct config *config;
	struct store *store;
	const struct request *req;
	struct reply *rep;
	struct session session;		/* valid when logged_in */
	bool logged_in;
	char token[AUTH_TOKEN_HEX];	/* the session cookie's value, or "" */
};

void admin_handle(struct admin *a);

/* Building replies (admin.c). */
struct tpl_dict *admin_page(struct admin *a, const char *title, const char *content_file,
			    struct tpl_dict **content);
void admin_finish(struct admin *a, int status, struct tpl_dict *root);
void admin_message(struct admin *a, int status, const char *title, const char *message);
void admin_redirect(struct admin *a, const char *location);
void admin_save_failed(struct admin *a, enum save_result result, const char *what);
bool admin_https(const struct admin *a);
const char *admin_param(const struct admin *a, const char *name);
int64_t admin_param_id(const struct admin *a, const char *name);
void admin_page_options(struct admin *a, struct tpl_dict *field, const char *selected);
void admin_list(struct admin *a, const char *title, const char *content_file, const char *sql,
		void (*fill_row)(struct admin *a, struct tpl_dict *content, sqlite3_stmt *st));
void admin_row(struct tpl_dict *d, const char *type, const char *id, const char *label,
	       const char *detail, bool movable);

bool admin_publish_begin(struct admin *a, const struct entity *e, const struct record *r,
			 struct publish_plan *plan);
bool admin_publish_begin_all(struct admin *a, struct publish_plan *plan);
void admin_publish_finish(struct admin *a, struct publish_plan *plan);

/* Record helpers (admin-edit.c, admin-history.c). */
void admin_return_url(const struct entity *e, const struct record *r, struct buf *out);
void history_fill_latest(struct admin *a, struct tpl_dict *d, int limit);

/* Screens. */
void admin_login(void *app, const struct request *req, struct reply *rep);
void admin_logout(void *app, const struct request *req, struct reply *rep);
void admin_dashboard(void *app, const struct request *req, struct reply *rep);
void admin_menus(void *app, const struct request *req, struct reply *rep);
void admin_pages(void *app, const struct request *req, struct reply *rep);
void admin_preview(void *app, const struct request *req, struct reply *rep);
void admin_programs(void *app, const struct request *req, struct reply *rep);
void admin_redirects(void *app, const struct request *req, struct reply *rep);
void admin_edit(void *app, const struct request *req, struct reply *rep);
void admin_delete(void *app, const struct request *req, struct reply *rep);
void admin_move(void *app, const struct request *req, struct reply *rep);
void admin_history(void *app, const struct request *req, struct reply *rep);
void admin_restore(void *app, const struct request *req, struct reply *rep);
void admin_deleted(void *app, const struct request *req, struct reply *rep);
void admin_audit(void *app, const struct request *req, struct reply *rep);

#endif
