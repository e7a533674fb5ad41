/*
** chrome.h: the menus every page shows, read once per change of the
** menus and shared by every render in the process.
*/
#ifndef RC_CHROME_H
#define RC_CHROME_H

#include <stdbool.h>

#include "model-public.h"

#define CHROME_FRAGMENTS 64		/* at most, and */
#define CHROME_FRAGMENT_BYTES 524288	/* of HTML in all, per chrome */

/* HTML made from the menus by its user, under a key of its choosing. */
struct chrome_fragment {
	char *key, *html;
};

/* The menus are read-only once made; shared between threads. */
struct chrome {
	struct link_list main, footer;
	int64_t mark;		/* change_mark 'menus' they were read under */
	unsigned refs;		/* guarded by chrome.c's lock, like: */
	struct chrome_fragment fragments[CHROME_FRAGMENTS];
	size_t n_fragments, fragment_bytes;
};

const struct chrome *chrome_get(struct store *s);
void chrome_release(const struct chrome *ch);
void chrome_forget(void);
const char *chrome_fragment(const struct chrome *ch, const char *key);
bool chrome_keep_fragment(const struct chrome *ch, const char *key, char *html);

#endif
