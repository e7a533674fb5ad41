/*
** cache-tags.c: the cache tags of an answer and of a change (see
** cache-tags.h).
*/
#include <string.h>

#include "cache-tags.h"
#include "model-public.h"

/*
** Append to out the tags of the answer at path, a page path (a page, or
** the 404 or redirect answered there): "rc-site rc-menus rc-page:PATH".
** Page paths hold no white space (validate_page_path); the worker's own
** paths are checked by the caller.
*/
void cache_tags_of_path(const char *path, struct buf *out)
{
	buf_printf(out, CACHE_TAG_SITE " " CACHE_TAG_MENUS " " CACHE_TAG_PAGE "%s", path);
}

/*
** Append to out the tags to purge after a change whose publish scope is
** scope (as record_apply gathered it from the kind), separated by
** spaces; nothing for a change visitors do not see. Returns 0, or -1 on
** a database error (out then holds rc-menus, which purges every page:
** when in doubt, purge more).
*/
int cache_tags_changed(struct store *s, const struct publish_scope *scope, struct buf *out)
{
	struct path_list paths;
	int rc = 0;
	size_t i;

	memset(&paths, 0, sizeof paths);
	if (scope->everything || scope->every_answer) {
		buf_puts(out, CACHE_TAG_MENUS);
		return 0;
	}
	for (i = 0; i < scope->nanswers; i++)
		buf_printf(out, "%s" CACHE_TAG_PAGE "%s", out->len ? " " : "", scope->answers[i]);
	if (scope->page_id && public_pages_showing(s, scope->page_id, scope->with_related, &paths) < 0) {
		buf_printf(out, "%s" CACHE_TAG_MENUS, out->len ? " " : "");
		rc = -1;
	}
	for (i = 0; rc == 0 && i < paths.n; i++)
		buf_printf(out, "%s" CACHE_TAG_PAGE "%s", out->len ? " " : "", paths.items[i].path);
	path_list_free(&paths);
	return rc;
}

/*
** Append to paths, one per line, the addresses whose answers carry one of
** tags (separated by spaces), for a cache that purges by address: the
** path of each rc-page:PATH; every published page and /sitemap.xml for
** rc-menus; also /robots.txt for rc-site. Returns 0, or -1 on a
** database error.
*/
int cache_tags_paths(struct store *s, const char *tags, struct buf *paths)
{
	bool menus = false, site = false;
	struct path_list pages;
	const char *t = tags;
	size_t len, i;
	int rc = 0;

	memset(&pages, 0, sizeof pages);
	while (*(t += strspn(t, " "))) {
		len = strcspn(t, " ");
		if (len > sizeof CACHE_TAG_PAGE - 1 &&
		    strncmp(t, CACHE_TAG_PAGE, sizeof CACHE_TAG_PAGE - 1) == 0)
			buf_printf(paths, "%.*s\n", (int)(len - (sizeof CACHE_TAG_PAGE - 1)),
				   t + sizeof CACHE_TAG_PAGE - 1);
		site = site || (len == sizeof CACHE_TAG_SITE - 1 && strncmp(t, CACHE_TAG_SITE, len) == 0);
		menus = menus || site ||
			(len == sizeof CACHE_TAG_MENUS - 1 && strncmp(t, CACHE_TAG_MENUS, len) == 0);
		t += len;
	}
	if (menus && (rc = public_pages(s, &pages)) >= 0) {
		for (i = 0; i < pages.n; i++)
			buf_printf(paths, "%s\n", pages.items[i].path);
		buf_puts(paths, "/sitemap.xml\n");
		rc = 0;
	}
	if (site)
		buf_puts(paths, "/robots.txt\n");
	path_list_free(&pages);
	return rc < 0 ? -1 : 0;
}
