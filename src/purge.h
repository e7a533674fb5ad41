/*
** purge.h: telling the caches in front of the site (runningcode.conf:
** purge, a list of cache addresses such as http://edge1:6081) what a
** change made stale, before the editor's save returns.
**
** Each cache gets one request, all at once, with a short timeout:
** "PURGE /" with the header "xkey-purge: TAGS" naming the cache tags of
** what changed (cache-tags.h), which conf/runningcode.vcl honours from
** the addresses of its ACL; it confirms with a 2xx. A cache that does
** not confirm (down, slow, refusing) never fails the change: it is
** named to the editor and in the log, and its purge is kept in a queue
** beside the database (DATABASE.purge-queue, one "CACHE TAGS" line per
** purge) that `runningcode purge --retry` (the shipped timer) sends
** again until the cache confirms.
**
** A cache without tags (nginx's proxy_cache with cache_purge, Squid;
** runningcode.conf: purge_urls) gets instead "PURGE <path>", with the
** site's name as Host, for each address the tags stand for
** (cache_tags_paths): one request per changed page, every published
** page for rc-menus and rc-site.
*/
#ifndef RC_PURGE_H
#define RC_PURGE_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "config.h"
#include "publish.h"
#include "store.h"

/* How long a save waits for the caches, at most, in milliseconds. */
#define PURGE_TIMEOUT_MS 2000

bool purge_configured(const struct config *c);
int purge_send(const struct config *c, struct store *s, const char *tags, struct buf *failed);
int purge_change(const struct config *c, struct store *s, const struct publish_scope *scope,
		 struct buf *failed, double *took_ms);
int purge_retry(const struct config *c, struct store *s, FILE *report);
int purge_pending(const struct config *c, struct buf *caches);

#endif
