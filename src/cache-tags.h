/*
** cache-tags.h: the tags under which shared caches (Varnish's xkey
** module, CDNs) file each public answer, sent as the headers "xkey" and
** "Surrogate-Key", so that a change purges exactly the answers built
** from what it changed. The tags follow from a page's path alone, so
** that the web server can give a published file the same tags as the
** worker gives the page (conf/nginx-site.conf, conf/apache-site.conf):
**
**   rc-site         every public answer: the site's settings (its name,
**                   its templates) show on all of them;
**   rc-menus        every answer that shows the menus or the list of
**                   pages (pages, search, 404, the sitemap, redirects);
**   rc-page:/a/b/   the answer at the page path /a/b/: the page, its
**                   programs, the titles and summaries of others it shows.
**
** A change purges what its publish scope covers (publish.h), which the
** kind declares (record.h: touches): every page is rc-menus (menus and
** page paths show on every page); one page is rc-page: of each page
** that shows it; an address answered without a page (a redirect's old
** path) is its own rc-page:, and more of them than a scope holds are
** rc-menus.
*/
#ifndef RC_CACHE_TAGS_H
#define RC_CACHE_TAGS_H

#include "buf.h"
#include "publish.h"
#include "store.h"

#define CACHE_TAG_SITE "rc-site"
#define CACHE_TAG_MENUS "rc-menus"
#define CACHE_TAG_PAGE "rc-page:"

void cache_tags_of_path(const char *path, struct buf *out);
int cache_tags_changed(struct store *s, const struct publish_scope *scope, struct buf *out);
int cache_tags_paths(struct store *s, const char *tags, struct buf *paths);

#endif
