/*
** site.c: dispatch of public requests and the error replies they share.
**
** The database is opened lazily and reopened after a failure, so the
** worker keeps running (answering 503) while the file is missing,
** unreadable or corrupt, and recovers by itself when it is back.
*/
#include <stdatomic.h>
#include <string.h>

#include "cache.h"
#include "content.h"
#include "log.h"
#include "render.h"
#include "route.h"
#include "site.h"
#include "watch.h"

/* Whether the current database outage was logged: once per process,
** whichever thread meets it first. */
static atomic_bool outage_logged;

static const struct route site_routes[] = {
	{ "/search/", ALLOW_GET, 0, page_search },
	{ "/search", ALLOW_GET, 0, page_search },
	{ "/sitemap.xml", ALLOW_GET, 0, page_sitemap },
	{ "/robots.txt", ALLOW_GET, 0, page_robots },
	{ "/*", ALLOW_GET, 0, page_view },
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
	int moved = 0;

	if (watched)
		return changes != site->watch_seen;
	sqlite3_file_control(store_db(site->store), "main", SQLITE_FCNTL_HAS_MOVED, &moved);
	return moved != 0;
}

/*
** The thread's database connection, opened now if it is not open yet;
** NULL when the database cannot be used (logged once per outage, and
** once when it is back).
** A connection whose file was moved, deleted or replaced (a restored
** backup) is dropped and the database opened again by its path.
** When what visitors see changed since the page cache last heard (the
** 'content' change mark of sql/migrate-4.sql differs, or the file was
** opened again), the cache starts a new generation: no page rendered
** before the change is served after it. A commit that changed nothing
** visitors see (an editor's login, a session's seen_at) costs one read
** of the mark and keeps every page.
** These checks run at every request; while nothing committed they cost
** one read() that finds nothing (watch.c) and a look at shared memory
** (store_may_have_changed, called first so that it also records the
** state of a new connection).
*/
struct store *site_store(struct site *site)
{
	unsigned long changes = 0;
	bool watched = watch_changes(&changes);
	char err[512];
	bool opened = false;
	unsigned generation;
	int64_t mark;

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
	if (!store_may_have_changed(site->store) && !opened)
		return site->store;
	generation = cache_generation();
	if (opened || content_change_mark(site->store, "content", &mark) != 1)
		cache_new_generation();
	else
		cache_note_content_mark(mark, generation);
	if (atomic_load(&outage_logged) && atomic_exchange(&outage_logged, false))
		log_info("database %s is available again", site->config->database);
	return site->store;
}

/*
** Append the site's origin ("https://host[:port]") to out: base_url
** from the config, else the scheme and host of the request. Returns
** false, appending nothing, when the request's host is not a plain host
** name (so a forged Host header never reaches a page).
*/
bool site_origin(const struct site *site, const struct request *req, struct buf *out)
{
	const char *host = request_env(req, "HTTP_HOST");
	const char *port = request_env(req, "SERVER_PORT");
	const char *https = request_env(req, "HTTPS");
	bool secure = https && (strcmp(https, "on") == 0 || strcmp(https, "1") == 0);

	if (site->config->base_url) {
		buf_puts(out, site->config->base_url);
		return true;
	}
	if (host == NULL || *host == '\0' || strlen(host) > 255 ||
	    host[strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")] != '\0')
		return false;
	buf_printf(out, "%s://%s", secure ? "https" : "http", host);
	/* nginx passes the host without its port. */
	if (strchr(host, ':') == NULL && port && strspn(port, "0123456789") == strlen(port) &&
	    strcmp(port, secure ? "443" : "80") != 0)
		buf_printf(out, ":%s", port);
	return true;
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
** Answer req in rep. parse_status is request_parse's verdict: a
** malformed request gets its error page without reaching a handler.
*/
void site_handle(struct site *site, const struct request *req, int parse_status,
		 struct reply *rep)
{
	const struct route *r;

	if (parse_status) {
		site_error(site, rep, parse_status, req->error);
		return;
	}
	r = route_find(site_routes, sizeof site_routes / sizeof site_routes[0], req->path);
	if (r == NULL) {
		site_not_found(site, rep);
	} else if (!route_method_ok(r, req)) {
		site_error(site, rep, 405, "This address can only be read, not changed.");
		reply_header(rep, "Allow", route_allow_header(r));
	} else {
		r->handler(site, req, rep);
	}
}
