/*
** render.h: the HTML of the public site. One place makes every public
** page, so the worker, the admin's preview and `runningcode export`
** all produce the same bytes.
*/
#ifndef RC_RENDER_H
#define RC_RENDER_H

#include <stdbool.h>

#include "buf.h"
#include "config.h"
#include "model-public.h"
#include "search-query.h"
#include "store.h"

bool render_page(struct store *s, const struct config *c, const struct page *p,
		 struct buf *out);
bool render_page_preview(struct store *s, const struct config *c, const struct page *p,
			 struct buf *out);
bool render_search(struct store *s, const struct config *c, const char *q,
		   const struct search_results *r, struct buf *out);
bool render_not_found(struct store *s, const struct config *c, struct buf *out);
bool render_sitemap(const struct config *c, const struct path_list *pages, struct buf *out);
bool render_moved(const struct config *c, const char *target, struct buf *out);
bool render_error(const struct config *c, const char *title, const char *message,
		  struct buf *out);

#endif
