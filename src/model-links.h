/*
** model-links.h: what the link checks (links.h) and the redirect list
** in CSV (redirects-csv.h) read. Functions return 1 (found), 0 (none)
** or -1 (database error, logged); the *_each ones the number of rows,
** or -1. Strings passed to callbacks are borrowed for the call.
*/
#ifndef RC_MODEL_LINKS_H
#define RC_MODEL_LINKS_H

#include <stdbool.h>

#include "store.h"

/* A page a link reaches: its path (owned by the caller) and whether
** visitors see it. */
struct link_page {
	char *path;
	bool published;
};

/* A redirect: its old path, where it leads (a page's path or a web
** address) and its status. */
typedef void (*redirect_fn)(void *ctx, const char *path, const char *target, const char *status);

int links_page_at(struct store *s, const char *path, struct link_page *out);
int links_page_of(struct store *s, const char *id, struct link_page *out);
int links_redirect_at(struct store *s, const char *path, struct link_page *out);
int links_file_at(struct store *s, const char *stored);
int links_ids_each(struct store *s, const char *sql, void (*fn)(void *ctx, const char *id),
		   void *ctx);
int links_redirects_each(struct store *s, redirect_fn fn, void *ctx);

#endif
