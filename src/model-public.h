/*
** model-public.h: what visitors see, read from the store: published
** pages, the menus, the programs of a page, a page's ancestors, old
** addresses, the sitemap, search hits, and the change marks that tell
** when any of it changed. Drafts are invisible here.
**
** Every function returns 1 (found), 0 (not found) or -1 (database
** error, already logged), unless it says otherwise; what it fills is
** owned by the caller and released with the matching *_free function,
** also after an error.
*/
#ifndef RC_MODEL_PUBLIC_H
#define RC_MODEL_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "search-query.h"
#include "store.h"

struct page {
	int64_t id;
	char *path, *title, *summary, *body, *updated_at;
	int published;
	int64_t version;
};

/* A menu entry or an ancestor: a label and where it goes (a page's
** path or a URL). */
struct link {
	int64_t id;		/* the record it came from */
	int64_t parent_id;	/* menu entries: parent entry, 0 at the top */
	int64_t page_id;	/* target page, 0 for a URL */
	char *label;
	char *href;
	char *summary;		/* the target page's summary, or "" */
};

struct link_list {
	struct link *items;
	size_t n, cap;
};

/* A program shown on its page. */
struct program {
	int64_t id;
	char *title;
	char *description;
	char *href;		/* its link: a published page's path, a URL, or "" */
};

struct program_list {
	struct program *items;
	size_t n, cap;
};

/* A page's address with the time it last changed (the sitemap), or an
** old address with the path it redirects to (a static export). */
struct path_pair {
	char *path;
	char *other;
};

struct path_list {
	struct path_pair *items;
	size_t n, cap;
};

/* Where a request goes instead: a path of this site or a web address
** (owned), and the status to answer with (301, 302, 307 or 308). */
struct redirect_target {
	char *target;
	int status;
};

enum menu_name { MENU_MAIN, MENU_FOOTER };

int public_page(struct store *s, const char *path, struct page *out);
int public_menu(struct store *s, enum menu_name menu, struct link_list *out);
int public_programs(struct store *s, int64_t page_id, struct program_list *out);
int public_ancestors(struct store *s, const char *path, struct link_list *out);
int public_child_pages(struct store *s, const char *path, struct link_list *out);
int public_redirect(struct store *s, const char *path, struct redirect_target *out);
int public_change_mark(struct store *s, const char *name, int64_t *value);
int public_search(struct store *s, const char *expression, int page, struct search_results *out);

int public_sitemap(struct store *s, struct path_list *out);
int public_redirects(struct store *s, struct path_list *out);
int public_pages(struct store *s, struct path_list *out);
int public_pages_showing(struct store *s, int64_t page_id, int with_related,
			 struct path_list *out);
int public_page_count(struct store *s);
int public_is_page(struct store *s, const char *path);

void page_free(struct page *p);
void link_list_free(struct link_list *l);
void program_list_free(struct program_list *l);
void path_list_free(struct path_list *l);

#endif
