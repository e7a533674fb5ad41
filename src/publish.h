/*
** publish.h: rendered pages written to a folder that the web server
** serves directly, so that unchanged pages need no worker at all.
**
** The admin publishes around every change, holding an exclusive lock on
** the folder from before the change until the pages are rendered again.
** First it renames the folder to <folder>.pending: the web server then
** finds no file and sends every page request to the worker (see conf/),
** at no cost per request; then the change commits; then it renders the
** pages the change shows on into the folder set aside, each page after
** its .gz and .br twins, and renames the folder back only when all of
** them are written, so that a reader never gets a twin of another
** version than the page. A crash or a failure anywhere in between leaves
** the folder aside: the worker, which reads the database, serves every
** page until the next publish, which finds it there and so renders every
** page before it puts it back. No stale page is ever served.
*/
#ifndef RC_PUBLISH_H
#define RC_PUBLISH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "file.h"
#include "store.h"
#include "validate.h"

struct buf;

/* How many addresses without a page a scope names before it stands for
** them all (a CSV import of many redirects). */
#define PUBLISH_SCOPE_ANSWERS 8

/* Which published pages a change shows on, and which addresses the
** worker answers without a page (a redirect's old path) it changes:
** nothing to render there, but caches in front must forget them. */
struct publish_scope {
	bool everything;	/* every page (menus, a page's path or status changed) */
	int64_t page_id;	/* else this page (0: none) ... */
	bool with_related;	/* ... and the pages that show its title or summary */
	bool every_answer;	/* more answers changed than answers[] holds */
	size_t nanswers;
	char answers[PUBLISH_SCOPE_ANSWERS][VALIDATE_PATH_MAX + 1];
};

/* The folder's lock, held from before a change commits until its pages
** are rendered again. */
struct publish_lock {
	int fd;			/* -1: nothing held */
	bool stale;		/* an earlier publish left its marker: render everything */
	bool files_unmoved;	/* publish_unlock: an uploaded file could not be
				   moved as the library says (file-library.h) */
};

void publish_scope_page(struct publish_scope *scope, int64_t page_id, bool with_related);
void publish_scope_answer(struct publish_scope *scope, const char *path);
void publish_scope_merge(struct publish_scope *into, const struct publish_scope *from);
bool publish_lock(const struct config *c, struct publish_lock *lock);
bool publish_hold(const struct config *c, struct publish_lock *lock);
void publish_release(struct publish_lock *lock);
bool publish_unlock(const struct config *c, struct store *s, struct publish_lock *lock,
		    const struct publish_scope *scope);
bool publish_finish(const struct config *c, struct store *s);
int publish_everything(const struct config *c, struct store *s);
int publish_files(const struct config *c, struct store *s);
int publish_differences(const struct config *c, struct store *s, FILE *report);
int publish_pages_to(const struct config *c, struct store *s, const char *dir,
		     struct file_modes modes);
int publish_write_page(const char *dir, const char *path, const struct buf *html,
		       struct file_modes modes);

#endif
