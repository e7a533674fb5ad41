/*
** model-admin.h: what the admin screens read (lists, counts, choices)
** and the history of changes (revisions), which the record engine
** writes. Rows reach the caller as plain structs whose strings are
** borrowed for the duration of the callback.
**
** Functions return 1 (found), 0 (none) or -1 (database error, logged);
** the *_each ones the number of rows, or -1.
*/
#ifndef RC_MODEL_ADMIN_H
#define RC_MODEL_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

struct admin_counts {
	int64_t published, drafts, entries, programs, redirects;
};

struct page_row {
	const char *id, *path, *title, *updated_at;
	bool published;
	int64_t programs;	/* how many programs the page holds */
	const char *status;	/* "live", "draft" (never published), "scheduled" (not
				   published, a draft set to go live), "hidden" (taken down) */
	const char *author;	/* who created it ("" for the seed's pages) */
	bool has_draft;		/* a draft not live yet */
};

/* Which records a list shows, in what order; "" means any. Every
** string is borrowed. */
struct list_filter {
	const char *text;	/* in the label or the path (or target), any case */
	const char *status;	/* pages: page_row's status; programs: "live" or "hidden" */
	const char *sort;	/* a column the list sorts by (each list says which) */
	bool descending;
};

/* Which pages a list shows (admin_pages_each); -1 and "" mean any. */
struct page_filter {
	struct list_filter list;	/* sort: "path" (tree order), "title", "updated",
					   "status", "author" */
	int has_draft;		/* 1: with a draft pending, 0: without */
	const char *author;	/* page_row's author, exactly */
};

#define PAGE_FILTER_ALL { { "", "", "path", false }, -1, "" }

struct program_row {
	const char *id, *title;
	const char *target;	/* the page's path or the URL it links to, or "" */
	bool published;
};

struct menu_row {
	const char *id, *label;
	const char *target;	/* the page's path (" (not published)" added) or the URL */
	bool footer;		/* in the footer menu, else in the main menu */
	bool child;		/* under a top-level entry */
	const char *place;	/* "Main menu", "Main menu › " and its parent's label,
				   or "Footer menu" */
};

/* Which menu entries a list shows (admin_menu_each); "" means any.
** list: its text in the label, the URL, or the linked page's path or
** title; its sort "position" (the menus' order) or "label". menu:
** "main" or "footer". */
struct menu_filter {
	struct list_filter list;
	const char *menu;
};

#define MENU_FILTER_ALL { { "", "", "position", false }, "" }

/* A page below another, as a move of the tree finds it. */
struct page_ref {
	const char *id, *path;
};

/* What stands in the way of a page's new path (admin_page_move_clash).
** The strings are owned: page_clash_free. */
struct page_clash {
	bool itself;		/* the page itself would land on another page */
	char *moving_title;	/* else the page below it that would: its title */
	char *new_path;		/* where it would land */
	char *blocker_title;	/* the page that is there */
};

struct choice_row {
	const char *value, *text;
};

/* A file of the library; bytes, width and height as text. */
struct file_row {
	const char *id, *name, *alt, *stored, *type, *bytes, *width, *height;
	int64_t uses;		/* pages, programs and drafts that name its address
				   (admin_files_each_with_uses; else -1:
				   not counted) */
};

struct redirect_row {
	const char *path;
	const char *target;	/* "→ /path (Title)" */
};

/* Something on the site that leads visitors to a page: the kind and id
** of the record to edit, its label, and where it is. */
struct link_row {
	const char *type, *id, *label, *where;
};

struct revision {
	int64_t id;
	const char *kind, *record_id, *action, *username, *at;
	const char *before, *after;	/* JSON snapshots, NULL when none */
	const char *note;		/* what its author said (a draft sent back's
					   comment), or "" */
};

/* A revision's recorded state of its record, owned by the caller. */
struct revision_state {
	char *kind, *record_id, *json;
	char *action;		/* "create", "update", "delete", "move", "restore",
				   "draft", "discard" */
};

/* Where a draft is in its review (sql/migrate-12.sql); "" for what
** does not apply. */
struct draft_review {
	const char *state;	/* "", "submitted" or "sent back" */
	const char *submitted_by, *submitted_at;
	const char *sent_back_by, *sent_back_at, *comment;
};

/* A draft in review, as the dashboard lists it (draft_reviews_each). */
struct draft_review_row {
	const char *kind, *record_id;
	const char *fields;	/* the draft's JSON snapshot */
	const char *saved_by, *saved_at;	/* who saved it last, when */
	struct draft_review review;
	int64_t revision;	/* the latest revision that recorded it (its
				   values after), for preview and compare; 0: none */
};

/* The draft of a live record (record.h: drafts). */
struct draft {
	const char *fields;	/* a JSON snapshot: id, version (the base), each field */
	const char *username, *saved_at;
	int64_t base_version;	/* the live version it was made from */
	const char *go_live_at;	/* when it goes live by itself (UTC), or "" */
	const char *go_live_error;	/* why that failed, or "" */
	struct draft_review review;
};

/* Another user with a record's edit form open (presence_others_each). */
struct presence_row {
	const char *username;
	int64_t seen_at;	/* unix time */
};

/* A record whose expiry has come (record_expired_each). */
struct expired_row {
	const char *id;
};

/* A draft due to go live (draft_due_each). */
struct draft_due {
	const char *kind, *record_id, *go_live_at;
	const char *username;	/* who saved (and so scheduled) it */
};

#define ADMIN_EACH(type) void (*fn)(void *ctx, const struct type *row), void *ctx

int admin_counts(struct store *s, struct admin_counts *out);
int admin_page_exists(struct store *s, int64_t id);
int admin_page_label(struct store *s, const char *id, char **out);
int admin_page_find(struct store *s, int64_t id, ADMIN_EACH(page_row));
int admin_page_count(struct store *s, const struct page_filter *f, int64_t *n);
int admin_pages_each(struct store *s, const struct page_filter *f, int64_t offset, int64_t limit,
		     ADMIN_EACH(page_row));
int admin_page_id(struct store *s, const char *path, int64_t *id);
int admin_pages_below(struct store *s, const char *path, const char *except_id,
		      ADMIN_EACH(page_ref));
int admin_page_move_clash(struct store *s, const char *id, const char *new_path,
			  struct page_clash *out);
void page_clash_free(struct page_clash *c);
bool admin_pages_move_below(struct store *s, const char *old_path, const char *new_path,
			    const char *except_id);
int admin_places_each(struct store *s, ADMIN_EACH(choice_row));
int admin_programs_each(struct store *s, int64_t page_id, const struct list_filter *f,
			ADMIN_EACH(program_row));
int admin_menu_each(struct store *s, const struct menu_filter *f, ADMIN_EACH(menu_row));
int admin_redirects_each(struct store *s, const struct list_filter *f, ADMIN_EACH(redirect_row));
int admin_links_to_page(struct store *s, const char *id, const char *path, ADMIN_EACH(link_row));

bool revision_add(struct store *s, const char *kind, const char *id, const char *action,
		  const char *username, const char *before, const char *after);
bool revision_add_noted(struct store *s, const char *kind, const char *id, const char *action,
			const char *username, const char *before, const char *after,
			const char *note);
int revision_state(struct store *s, int64_t revision, bool before, struct revision_state *out);
void revision_state_free(struct revision_state *r);
int revision_at_version(struct store *s, const char *kind, const char *id, int64_t version,
			char **json);
int revision_find(struct store *s, int64_t id, ADMIN_EACH(revision));
int revisions_latest(struct store *s, int limit, ADMIN_EACH(revision));
int revisions_of(struct store *s, const char *kind, const char *id, ADMIN_EACH(revision));
int revisions_deleted(struct store *s, ADMIN_EACH(revision));
int revision_latest_of(struct store *s, const char *kind, const char *id, int within_seconds,
		       ADMIN_EACH(revision));

/* A preview link to a record's draft (its token is never stored). */
struct preview_link_row {
	int64_t id;
	const char *username;
	int64_t expires_at;	/* unix time */
};

/* The record a preview link leads to, owned by the caller. */
struct preview_target {
	char *kind, *record_id;
};

bool preview_link_add(struct store *s, const char *token_hash, const char *kind, const char *id,
		      const char *username, int64_t expires_at, int64_t now);
int preview_link_find(struct store *s, const char *token_hash, int64_t now,
		      struct preview_target *out);
void preview_target_free(struct preview_target *t);
int preview_links_each(struct store *s, const char *kind, const char *id, int64_t now,
		       ADMIN_EACH(preview_link_row));
int preview_link_revoke(struct store *s, int64_t link, const char *kind, const char *id);
bool presence_note(struct store *s, const char *kind, const char *id, const char *username,
		   int64_t now);
int presence_others_each(struct store *s, const char *kind, const char *id, const char *username,
			 int64_t since, ADMIN_EACH(presence_row));
int draft_find(struct store *s, const char *kind, const char *id, ADMIN_EACH(draft));
int draft_exists(struct store *s, const char *kind, const char *id);
bool draft_put(struct store *s, const char *kind, const char *id, int64_t base_version,
	       const char *fields, const char *username, const char *go_live_at);
int draft_due_each(struct store *s, const char *now, ADMIN_EACH(draft_due));
int draft_schedule_failed(struct store *s, const char *kind, const char *id, const char *fields,
			  const char *why);
int record_expired_each(struct store *s, const char *sql, const char *now,
			ADMIN_EACH(expired_row));
int draft_drop(struct store *s, const char *kind, const char *id, const char *fields);
bool draft_submit(struct store *s, const char *kind, const char *id, const char *username);
int draft_send_back(struct store *s, const char *kind, const char *id, const char *username,
		    const char *comment);
int draft_reviews_each(struct store *s, const char *state, const char *submitted_by,
		       ADMIN_EACH(draft_review_row));

int admin_files_each(struct store *s, const char *search, int limit, ADMIN_EACH(file_row));
int admin_files_each_with_uses(struct store *s, const char *search, int limit, ADMIN_EACH(file_row));
int admin_files_total_bytes(struct store *s, int64_t *out);
int admin_files_count(struct store *s, int64_t *out);
int admin_file_named(struct store *s, const char *stored, char **name);
int admin_file_uses_each(struct store *s, const char *stored, ADMIN_EACH(link_row));

#endif
