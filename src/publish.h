/*
** publish.h: rendered pages written to a folder that the web server
** serves directly, so that unchanged pages need no worker at all.
**
** The admin publishes around every change, holding an exclusive lock on
** the folder from before the change until the pages are rendered again:
** first it removes the files the change makes stale (or sets the whole
** folder aside), then the change commits, then it renders those pages
** again from the database. A crash anywhere in between leaves files
** missing, never stale: the web server then falls back to the worker,
** which renders from the database.
*/
#ifndef RC_PUBLISH_H
#define RC_PUBLISH_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "store.h"

struct publish_plan {
	int lock_fd;		/* the folder's lock, held; -1 when publishing is off */
	bool all;		/* every page (the menus changed) */
	int64_t page_id;	/* else this page ... */
	bool with_related;	/* ... and the pages that show its title or summary */
	char *old_dir;		/* owned: the set-aside folder, removed at the end */
};

bool publish_begin_none(struct publish_plan *plan);
bool publish_begin_all(const struct config *c, struct publish_plan *plan);
bool publish_begin_page(const struct config *c, struct store *s, int64_t page_id,
			bool with_related, struct publish_plan *plan);
bool publish_finish(const struct config *c, struct store *s, struct publish_plan *plan);
int publish_everything(const struct config *c, struct store *s);
int publish_pages_to(const struct config *c, struct store *s, const char *dir);

struct buf;
int publish_write_page(const char *dir, const char *path, const struct buf *html);

#endif
