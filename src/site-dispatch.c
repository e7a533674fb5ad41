/*
** site-dispatch.c: dispatch of public requests and the error replies they share.
**
** The database is opened lazily and reopened after a failure, so the
** worker keeps running (answering 503) while the file is missing,
** unreadable or corrupt, and recovers by itself when it is back.
*/
#include <stdatomic.h>
#include <string.h>

#include "cache-tags.h"
#include "log.h"
#include "model-public.h"
#include "render.h"
#include "route.h"
#include "site-cache.h"
#include "site-dbwatch.h"
#include "site.h"
#include "validate.h"

/* Whether the current database outage was logged: once per process,
** whichever thread meets it first. */
static atomic_bool outage_logged;

/* How long shared caches keep an answer that no purge follows exactly
** (search results, a 404 or redirect that a new redirect may change):
** a minute; browsers ask again each time. */
#define CACHE_CONTROL_BRIEF "max-age=0, s-maxage=60"

/* The public site's dispatch table, with what each answer shows, for
** shared caches (cache-tags.h): its tags, NULL for those of its page
** path; and whether caches keep it briefly (CACHE_CONTROL_BRIEF) rather
** than until a purge (the cache_control setting). */
static const struct site_route {
	struct route route;
	void (*handler)(struct site *site, const struct request *req, struct reply *rep);
	const char *tags;
	bool brief;
} site_routes[] = {
	{ { "/search/", ALLOW_GET }, page_search, CACHE_TAG_SITE " " CACHE_TAG_MENUS, true },
	{ { "/search", ALLOW_GET }, page_search, CACHE_TAG_SITE " " CACHE_TAG_MENUS, true },
	{ { "/sitemap.xml", ALLOW_GET }, page_sitemap, CACHE_TAG_SITE " " CACHE_TAG_MENUS, false },
	{ { "/robots.txt", ALLOW_GET }, page_robots, CACHE_TAG_SITE, false },
	{ { "/*", ALLOW_GET }, page_view, NULL, false },
};

/*
** Prepare a site for one worker thread. Release with site_free.
*/
void site_init(struct site *site, const struct config *c)
{
	memset(site, 0, sizeof *site);
	site->config = c;
}

void site_free(struct site *site)
{
	store_close(site->store);
	site->store = NULL;
}

/*
** Whether the thread's connection is to a file that is no longer the one
** at the database's path (moved, deleted, replaced by a restored
** backup). watched: whether changes, the watch's count now, is known.
*/
static bool store_moved(struct site *site, bool watched, unsigned long changes)
{
	if (watched)
		return changes != site->watch_seen;
	return store_file_moved(site->store);
}

/*
** The thread's database connection, opened now if it is not open yet;
** NULL when the database cannot be used (logged once per outage, and
** once when it is back).
** A connection whose file was moved, deleted or replaced (a restored
** backup) is dropped and the database opened again by its path.
** The page cache follows what visitors see in the database
** (cache_follow_database): no page rendered before a change is served
** after it. These checks run at every request; while nothing committed
** they cost one read() that finds nothing (site-dbwatch.c) and a look at shared
** memory.
*/
struct store *site_store(struct site *site)
{
	unsigned long changes = 0;
	bool watched = watch_changes(&changes);
	char err[512];
	bool opened = false;

	if (site->store && store_moved(site, watched, changes)) {
		store_close(site->store);
		site->store = NULL;
	}
	if (site->store == NULL) {
		/* The count from before the open: a change after it is news. */
		site->watch_seen = changes;
		site->store = store_open(site->config->database, STORE_READONLY, err, sizeof err);
		opened = true;
	}
	if (site->store == NULL) {
		if (!atomic_exchange(&outage_logged, true))
			log_error("%s", err);
		return NULL;
	}
	cache_follow_database(site->store, opened);
	if (opened && atomic_load(&outage_logged) && atomic_exchange(&outage_logged, false))
		log_info("database %s is available again", site->config->database);
	return site->store;
}

/*
** Make rep a plain error page with status and message.
*/
void site_error(struct site *site, struct reply *rep, int status, const char *message)
{
	reply_reset(rep);
	reply_html(rep, status);
	if (!render_error(site->config, http_status_text(status), message, &rep->body))
		buf_printf(&rep->body, "%d %s\n", status, http_status_text(status));
}

/*
** Make rep the 503 page after a database failure, and drop the
** connection so that the next request opens the database afresh.
*/
void site_unavailable(struct site *site, struct reply *rep)
{
	store_close(site->store);
	site->store = NULL;
	site_error(site, rep, 503,
		   "The site is temporarily unavailable. Please try again in a moment.");
	reply_header(rep, "Retry-After", "5");
}

/*
** Make rep the 404 page, with the site's menus.
*/
void site_not_found(struct site *site, struct reply *rep)
{
	struct store *s = site_store(site);

	reply_reset(rep);
	reply_html(rep, 404);
	if (s == NULL || !render_not_found(s, site->config, &rep->body))
		site_unavailable(site, rep);
}

/*
** Add to rep, an answer of route r, its cache tags (as "xkey" and
** "Surrogate-Key") and its Cache-Control (brief for a redirect or a
** 404): errors other than 404 get neither, so that no cache keeps them.
*/
static void add_cache_headers(const struct site *site, const struct site_route *r,
			      const struct request *req, struct reply *rep)
{
	struct buf tags = BUF_INIT;
	const char *cache_control;

	if (rep->status == 200 || rep->status == 304)
		cache_control = r->brief ? CACHE_CONTROL_BRIEF : site->config->cache_control;
	else if (rep->status == 301 || rep->status == 302 || rep->status == 307 ||
		 rep->status == 308 || rep->status == 404)
		cache_control = CACHE_CONTROL_BRIEF;
	else
		return;
	if (r->tags)
		buf_puts(&tags, r->tags);
	else if (strcmp(req->path, "/") == 0 || validate_page_path(req->path) == NULL)
		cache_tags_of_path(req->path, &tags);
	else	/* no page can be there: no tag of its own */
		buf_puts(&tags, CACHE_TAG_SITE " " CACHE_TAG_MENUS);
	reply_header(rep, "xkey", tags.data);
	reply_header(rep, "Surrogate-Key", tags.data);
	if (cache_control && *cache_control)
		reply_header(rep, "Cache-Control", cache_control);
	buf_free(&tags);
}

/*
** Answer req in rep. parse_status is request_parse's verdict: a
** malformed request gets its error page without reaching a handler.
*/
void site_handle(struct site *site, const struct request *req, int parse_status,
		 struct reply *rep)
{
	const struct site_route *r;

	if (parse_status) {
		site_error(site, rep, parse_status, req->error);
		return;
	}
	r = route_find(site_routes, sizeof site_routes / sizeof site_routes[0], sizeof site_routes[0],
		       req->path);
	if (r == NULL) {
		site_not_found(site, rep);
	} else if (!route_method_ok(&r->route, req)) {
		site_error(site, rep, 405, "This address can only be read, not changed.");
		reply_header(rep, "Allow", route_allow_header(&r->route));
	} else {
		r->handler(site, req, rep);
		add_cache_headers(site, r, req, rep);
	}
}
