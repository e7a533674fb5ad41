/*
** content.h: the records a visitor sees, read from the store: pages,
** the menus, the programs of a page, a page's ancestors, redirects, and
** the marks that tell when the menus changed.
**
** Every function returns 1 (found), 0 (not found) or -1 (database
** error, already logged); what it fills is owned by the caller and
** released with the matching *_free function, also after an error.
*/
#ifndef RC_CONTENT_H
#define RC_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct page {
	int64_t id;
	char *path, *title, *summary, *body, *updated_at;
	int published;
	int64_t version;
};

/* A link: a label and where it goes (a page's path or a URL). */
struct link {
	int64_t id;		/* the record it came from */
	int64_t parent_id;	/* menu entries: parent entry, 0 at the top */
	int64_t page_id;	/* target page, 0 for a URL */
	char *label;
	char *href;
	char *text;		/* programs: description; menus: target page summary */
};

struct link_list {
	struct link *items;
	size_t n, cap;
};

enum menu_name { MENU_MAIN, MENU_FOOTER };

int content_page(struct store *s, const char *path, struct page *out);
int content_menu(struct store *s, enum menu_name menu, struct link_list *out);
int content_programs(struct store *s, int64_t page_id, struct link_list *out);
int content_ancestors(struct store *s, const char *path, struct link_list *out);
int content_redirect(struct store *s, const char *path, char **target);
int content_change_mark(struct store *s, const char *name, int64_t *value);

void page_free(struct page *p);
void link_list_free(struct link_list *l);

#endif
