/*
** links.h: the links records hold, and whether those to this site lead
** to a page visitors can see.
**
** A record of a kind with sql_ids (record.h) links through its fields:
** a FIELD_PAGE (a page of this site, by id), a FIELD_LINK (a URL or a
** path), and every link and image of a FIELD_BODY's Markdown, read by
** cmark (markdown.h). A link is internal when it resolves, against the
** record's own address on the site's base_url, to a path of this site.
** An internal link is broken when no page has that path (nor that path
** with a trailing slash, which the worker redirects to) or the page is
** not published; one that reaches a published page through a redirect
** is not broken, and says so (LINK_VIA_REDIRECT). The worker's own
** addresses (/search/, /sitemap.xml, /robots.txt, /static/..., /admin/)
** are taken as found; one below /files/ is found when the file library
** holds a file stored under that name (LINK_NO_FILE when not).
*/
#ifndef RC_LINKS_H
#define RC_LINKS_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"
#include "store.h"

enum link_state {
	LINK_OK,		/* a published page of this site */
	LINK_VIA_REDIRECT,	/* a published page, through a redirect: target */
	LINK_MISSING,		/* no page at this path */
	LINK_UNPUBLISHED,	/* a page visitors do not see */
	LINK_EXTERNAL,		/* another site (http or https): not checked here */
	LINK_NO_FILE,		/* below /files/, but no file of the library */
};

/* One link of one record, for a callback: borrowed for the call. */
struct link_use {
	const struct kind *kind;
	const char *id, *label;	/* the record, and what names it in lists */
	const char *url;	/* as written; a page field's link: the page's path */
	enum link_state state;
	const char *target;	/* LINK_VIA_REDIRECT: the page's path; else NULL */
};

typedef void (*link_use_fn)(void *ctx, const struct link_use *u);

bool links_broken(enum link_state state);
const char *links_state_text(enum link_state state);
int links_of_record(struct store *s, const char *base_url, const struct kind *k,
		    const struct record *r, link_use_fn fn, void *ctx);
int links_report(struct store *s, const char *base_url, link_use_fn fn, void *ctx);

#endif
