/*
** site.h: the public site as one worker thread sees it: its settings,
** its own read-only database connection, and the dispatch of a request
** to the handler of its page.
*/
#ifndef RC_SITE_H
#define RC_SITE_H

#include <stdbool.h>

#include "config.h"
#include "reply.h"
#include "request.h"
#include "store.h"

struct site {
	const struct config *config;	/* borrowed */
	struct store *store;		/* owned; NULL while the database is unavailable */
	unsigned long watch_seen;	/* watch_changes before store was opened */
};

void site_init(struct site *site, const struct config *c);
void site_handle(struct site *site, const struct request *req, int parse_status,
		 struct reply *rep);
void site_free(struct site *site);

struct store *site_store(struct site *site);
void site_not_found(struct site *site, struct reply *rep);
void site_unavailable(struct site *site, struct reply *rep);
void site_error(struct site *site, struct reply *rep, int status, const char *message);

/* Handlers, one file each. */
void page_view(struct site *site, const struct request *req, struct reply *rep);
void page_search(struct site *site, const struct request *req, struct reply *rep);
void page_sitemap(struct site *site, const struct request *req, struct reply *rep);
void page_robots(struct site *site, const struct request *req, struct reply *rep);

#endif
