/*
** menu-cache.h: the menus every page shows, read once per change of the
** menus and shared by every render in the process.
*/
#ifndef RC_MENU_CACHE_H
#define RC_MENU_CACHE_H

#include <stdbool.h>

#include "model-public.h"

#define MENUS_FRAGMENTS 64		/* at most, and */
#define MENUS_FRAGMENT_BYTES 524288	/* of HTML in all, per menus */

/* HTML made from the menus by its user, under a key of its choosing. */
struct menus_fragment {
	char *key, *html;
};

/* The menus are read-only once made; shared between threads. */
struct menus {
	struct link_list main, footer;
	int64_t mark;		/* change_mark 'menus' they were read under */
	unsigned refs;		/* guarded by menu-cache.c's lock, like: */
	struct menus_fragment fragments[MENUS_FRAGMENTS];
	size_t n_fragments, fragment_bytes;
};

const struct menus *menus_get(struct store *s);
void menus_release(const struct menus *ch);
void menus_forget(void);
const char *menus_fragment(const struct menus *ch, const char *key);
bool menus_keep_fragment(const struct menus *ch, const char *key, char *html);

#endif
