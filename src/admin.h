/*
** admin.h: the admin CGI, runningcode-admin. One process per request:
** admin-main.c reads the request, admin-dispatch.c checks the session,
** the origin and the CSRF token as the route table demands and calls
** the screen's handler (one admin-*.c file per screen), which builds
** its reply with the helpers of admin-screen.c.
*/
#ifndef RC_ADMIN_H
#define RC_ADMIN_H

#include <stdbool.h>

#include "auth.h"
#include "config.h"
#include "record.h"
#include "reply.h"
#include "request.h"
#include "store.h"
#include "template.h"
#include "upload.h"

#define ADMIN_BODY_MAX (1024 * 1024)	/* bytes: a 200 KB body URL-encoded, and the rest */
/* The admin's cookies. Over HTTPS their names take the __Host- prefix,
** which browsers keep for cookies set Secure, for the whole host (Path=/)
** and by it alone (no Domain): no subdomain can plant or shadow them. */
/* COOKIE_PENDING: a sign-in waiting for its second factor's code. */
enum admin_cookie { COOKIE_SESSION, COOKIE_DEVICE, COOKIE_PENDING };
#define ADMIN_PICKER_LISTED 200		/* pages a page picker lists; more: typed by path */
#define ADMIN_PAGES_LISTED 100		/* pages /admin/pages shows at once */
#define ADMIN_ID_MAX 2048		/* bytes of a record id parameter (a redirect's path) */

struct admin {
	const struct config *config;
	struct store *store;
	const struct request *req;
	struct reply *rep;
	struct session session;		/* valid when logged_in */
	bool logged_in;
	char token[AUTH_TOKEN_HEX];	/* the session cookie's value, or "" */
	struct upload upload;		/* an upload form's file (admin-files.c) */
};

void admin_handle(struct admin *a);

/* Request parameters (admin-screen.c). */
const char *admin_param(const struct admin *a, const char *name);
int64_t admin_param_id(const struct admin *a, const char *name);
char *admin_param_text(const struct admin *a, const char *name);
bool admin_record_id_ok(struct admin *a, const char *id);

/* Building replies (admin-screen.c). */
struct tpl_dict *admin_page(struct admin *a, const char *title, const char *content_file,
			    struct tpl_dict **content);
void admin_finish(struct admin *a, int status, struct tpl_dict *root);
void admin_screen(struct admin *a, const char *title, const char *content_file,
		  int (*fill)(struct admin *a, struct tpl_dict *content));
void admin_message(struct admin *a, int status, const char *title, const char *message);
void admin_redirect(struct admin *a, const char *location);
void admin_changed(struct admin *a, const struct change *ch, const char *location);
void admin_read_failed(struct admin *a);
void admin_forbidden(struct admin *a);
void admin_origin(struct admin *a, struct buf *out);
void admin_change_failed(struct admin *a, enum change_result result, const char *what);
void admin_page_picker(struct admin *a, struct tpl_dict *field, const char *selected,
		       bool required);
void admin_row(struct admin *a, struct tpl_dict *d, const struct kind *k, const char *id,
	       const char *label, const char *detail, bool movable);
bool admin_draft_pending(struct admin *a, const struct kind *k, const char *id);
void admin_add_link(void *ctx, const struct link_row *row);
bool admin_bulk_deletes(const struct kind *k);
bool admin_may_bulk(const struct admin *a, const struct kind *k);
void admin_bulk_bar(struct admin *a, struct tpl_dict *content, const struct kind *k);

/* The choices a list's filter offers: value and text of each. */
struct admin_choices {
	const char *const (*choice)[2];
	int n;
};
#define ADMIN_CHOICES(a) { (a), (int)(sizeof (a) / sizeof (a)[0]) }

struct list_filter;	/* model-admin.h */
const char *admin_choice_text(const struct admin_choices *c, const char *value);
bool admin_list_filter_ok(struct admin *a, struct list_filter *f,
			  const struct admin_choices *statuses, const struct admin_choices *sorts);
struct tpl_dict *admin_list_filter_bar(struct tpl_dict *content, const char *action,
				       const char *search_label, const char *all_href,
				       const struct list_filter *f,
				       const struct admin_choices *statuses,
				       const struct admin_choices *sorts);
bool admin_list_filtered(const struct list_filter *f, const struct admin_choices *sorts);

/* A filter of a list beyond its status: a select of its own (the users'
** role), read from the parameter name; chosen is "" (any) or one of the
** choices' values, borrowed from the request. */
struct admin_list_choice {
	const char *name, *label;
	struct admin_choices choices;
	const char *chosen;
};
bool admin_list_choices_ok(struct admin *a, struct admin_list_choice *c, int n);
void admin_list_filter_choices(struct tpl_dict *content, struct tpl_dict *bar,
			       const struct admin_list_choice *c, int n);
bool admin_list_choices_made(const struct admin_list_choice *c, int n);
void admin_list_filter_form(struct tpl_dict *content, const struct list_filter *f,
			    const struct admin_choices *statuses, const struct admin_choices *sorts);

/* A list being filled: the screen's request and the list's dictionary. */
struct admin_list {
	struct admin *admin;
	struct tpl_dict *d;
};
const struct kind *admin_kind(struct admin *a);
void admin_set_time(struct tpl_dict *d, const char *key, const char *iso);
void admin_set_unix_time(struct tpl_dict *d, const char *key, int64_t t);
void admin_history_url(struct buf *out, const struct kind *k, const char *id);

/* A version of a record: as a revision recorded it, or live
** (admin-version.c). Owned: admin_version_free. */
struct admin_version {
	const struct kind *kind;
	struct record record;	/* its fields ("" when it does not exist) */
	char *record_id;
	bool exists;		/* false: the live record is deleted */
	int64_t revision;	/* the revision that recorded it; 0: live */
	bool before;		/* the state before the revision's change */
	struct buf name;	/* how an editor reads which version it is */
};

bool admin_version_of_revision(struct admin *a, const char *revision, bool before,
			       struct admin_version *out);
bool admin_version_live(struct admin *a, const struct kind *k, const char *id,
			struct admin_version *out);
void admin_version_free(struct admin_version *v);
int admin_field_text(struct admin *a, const struct field *f, const char *value, char **out);

/* The word differences between two versions (admin-diff.c). */
int admin_diff_record(struct admin *a, struct tpl_dict *d, const struct kind *k,
		      const struct record *from, const struct record *to, bool all_fields);

/* Cookies (admin-login.c). */
const char *admin_cookie_name(const struct admin *a, enum admin_cookie which);
bool admin_cookie_get(const struct admin *a, enum admin_cookie which, char *out, size_t outlen);
void admin_set_cookie(struct admin *a, enum admin_cookie which, const char *value, long max_age);

/* Signing in (admin-login.c). */
void admin_login_done(struct admin *a, int64_t user_id, const char *next, const char *kept);
void admin_login_failed(struct admin *a);

/* Two-factor sign-in (admin-second-factor.c): its part of the account
** page, and the account page's actions about it. */
int admin_second_factor_fill(struct admin *a, struct tpl_dict *content);
bool admin_second_factor_action(struct admin *a, const char *action);
bool admin_second_factor_missing(const struct admin *a);
void admin_account_page(struct admin *a, int status, const char *error, const char *notice);
bool admin_account_password_ok(struct admin *a);

/* Screens, one file each. */
void admin_login(struct admin *a);
void admin_login_keeping(struct admin *a);
void admin_login_code(struct admin *a);
void admin_resume(struct admin *a);
void admin_logout(struct admin *a);
void admin_keepalive(struct admin *a);
void admin_presence(struct admin *a);
void admin_dashboard(struct admin *a);
void admin_menus(struct admin *a);
void admin_pages(struct admin *a);
void admin_bulk(struct admin *a);
void admin_move_page(struct admin *a);
void admin_preview(struct admin *a);
void admin_preview_reply(struct admin *a, const struct change *ch, enum change_result result,
			 const struct buf *html);
void admin_preview_link(struct admin *a);
void admin_shared_preview(struct admin *a);
void admin_fill_preview_links(struct admin *a, struct tpl_dict *d, const struct kind *k,
			      const char *id);
void admin_programs(struct admin *a);
void admin_redirects(struct admin *a);
void admin_redirects_export(struct admin *a);
void admin_redirects_import(struct admin *a);
void admin_links(struct admin *a);
void admin_edit(struct admin *a);
void admin_edit_stored(struct admin *a, int status, const struct kind *k, const char *id,
		       const struct change *refused);
void admin_edit_url(const struct kind *k, const struct record *r, const char *state,
		    struct buf *out);
void admin_review(struct admin *a);
int admin_review_fill(struct admin *a, struct tpl_dict *content);
void admin_draft(struct admin *a);
void admin_delete(struct admin *a);
void admin_move(struct admin *a);
void admin_history(struct admin *a);
void admin_restore(struct admin *a);
void admin_revision(struct admin *a);
void admin_compare(struct admin *a);
void admin_deleted(struct admin *a);
void admin_audit(struct admin *a);
void admin_files(struct admin *a);
void admin_file_picker(struct admin *a, struct tpl_dict *field);
void admin_file_snippet(const char *name, const char *alt, const char *stored, const char *type,
			struct buf *out);
void admin_users(struct admin *a);
void admin_account(struct admin *a);
void admin_reset(struct admin *a);
void history_fill_latest(struct admin *a, struct tpl_dict *d, int limit);

#endif
