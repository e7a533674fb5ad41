/*
** cache-tags.c: the cache tags of an answer and of a change (see
** cache-tags.h).
*/
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

	if (scope->everything) {
		buf_puts(out, CACHE_TAG_MENUS);
		return 0;
	}
	if (scope->page_id == 0)
		return 0;
	if (public_pages_showing(s, scope->page_id, scope->with_related, &paths) < 0) {
		buf_puts(out, CACHE_TAG_MENUS);
		rc = -1;
	}
	for (i = 0; rc == 0 && i < paths.n; i++)
		buf_printf(out, "%s" CACHE_TAG_PAGE "%s", i ? " " : "", paths.items[i].path);
	path_list_free(&paths);
	return rc;
}
