/*
** purge.c: purges sent to the caches in front of the site, all at once
** through the module runningcode-http.so (libcurl's multi interface:
** http-client.h), and the queue of those that were not confirmed (see
** purge.h).
*/
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <unistd.h>

#include "cache-tags.h"
#include "http-client.h"
#include "log.h"
#include "module.h"
#include "purge.h"

/* The most tag text one purge names; more (a long queue) purges the
** whole site instead: every answer carries CACHE_TAG_SITE. */
#define PURGE_TAGS_MAX 4096
/* The most caches purged at once (the purge setting's limit), and the
** most queue text read back. */
#define PURGE_CACHES_MAX CONFIG_PURGE_CACHES_MAX
#define PURGE_QUEUE_MAX (1024 * 1024)

/* One purge: where to, what, and whether the cache confirmed it. */
struct purge_job {
	char *cache;		/* owned: "http://edge1:6081" */
	struct buf tags;	/* owned */
	bool by_url;		/* a cache without tags: a PURGE of each address */
	bool confirmed;
};

/*
** Send every job of jobs[0..n) at once through the module
** runningcode-http.so (http-client.h), waiting PURGE_TIMEOUT_MS at most
** in all, and set each job's confirmed (a 2xx answer in time to each of
** its requests). A cache with tags gets "PURGE CACHE/" with
** "xkey-purge: TAGS"; a cache without (by_url) "PURGE CACHE<path>" with
** the site's Host for each address the tags stand for
** (cache_tags_paths, read from s; NULL: none can be, the job fails).
*/
static void send_jobs(const struct config *c, struct store *s, struct purge_job *jobs, size_t n)
{
	const struct http_client *http = NULL;
	struct buf paths = BUF_INIT, url = BUF_INIT;
	struct http_request *requests = NULL;
	struct purge_job **owner = NULL;	/* each request's job, borrowed */
	char **headers = NULL;			/* each job's header, owned */
	size_t i, count = 0, cap = 0;
	char *path, *end;

	/* The site's name, as visitors send it: what caches file pages under. */
	const char *host = c->base_url ? strstr(c->base_url, "://") : NULL;

	headers = xmalloc((n ? n : 1) * sizeof *headers);
	for (i = 0; i < n; i++) {
		jobs[i].confirmed = true;
		buf_reset(&paths);
		if (!jobs[i].by_url)
			buf_puts(&paths, "/\n");
		else if (s == NULL || host == NULL || cache_tags_paths(s, jobs[i].tags.data, &paths) < 0) {
			log_error("purge: the addresses of %s for %s cannot be read", jobs[i].tags.data,
				  jobs[i].cache);
			jobs[i].confirmed = false;
		}
		buf_reset(&url);
		if (jobs[i].by_url)
			buf_printf(&url, "Host: %s", host ? host + 3 : "");
		else
			buf_printf(&url, "xkey-purge: %s", jobs[i].tags.data);
		headers[i] = xstrdup(url.data);
		for (path = paths.data; path && *path; path = end + 1) {
			end = strchr(path, '\n');
			if (count == cap) {
				cap = cap ? 2 * cap : 16;
				requests = xrealloc(requests, cap * sizeof *requests);
				owner = xrealloc(owner, cap * sizeof *owner);
			}
			buf_reset(&url);
			buf_printf(&url, "%s%.*s", jobs[i].cache, (int)(end - path), path);
			requests[count] = (struct http_request){ .method = "PURGE", .url = xstrdup(url.data),
								 .header = headers[i] };
			owner[count++] = &jobs[i];
		}
	}
	/* libcurl is loaded only when there is something to send. */
	if (count > 0 && (http = module_interface(HTTP_CLIENT_FILE, HTTP_CLIENT_SYMBOL, HTTP_CLIENT_ABI)))
		http->send_all(requests, count, PURGE_TIMEOUT_MS);
	/* Each request that did not end with a 2xx fails its job. */
	for (i = 0; i < count; i++) {
		if (http == NULL)
			requests[i].error = "the module that sends purges cannot be loaded";
		else if (requests[i].error == NULL && requests[i].status >= 200 && requests[i].status < 300)
			continue;
		if (owner[i]->confirmed)
			log_error("purge: %s did not confirm the purge of %s: %s", owner[i]->cache,
				  owner[i]->tags.data, requests[i].error ? requests[i].error :
				  "it answered with an error status");
		owner[i]->confirmed = false;
	}
	for (i = 0; i < count; i++)
		free((char *)requests[i].url);
	for (i = 0; i < n; i++)
		free(headers[i]);
	free(requests);
	free(owner);
	free(headers);
	buf_free(&url);
	buf_free(&paths);
}

/*
** Add to jobs (at most PURGE_CACHES_MAX) the purge of tags by cache
** (by_url: a cache without tags), merged with one already there for the
** same cache. Returns the new n.
*/
static size_t add_job(struct purge_job *jobs, size_t n, const char *cache, size_t cache_len,
		      const char *tags, bool by_url)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(jobs[i].cache) == cache_len && strncmp(jobs[i].cache, cache, cache_len) == 0)
			break;
	if (i == n) {
		if (n == PURGE_CACHES_MAX)
			return n;
		jobs[n].cache = xstrndup(cache, cache_len);
		memset(&jobs[n].tags, 0, sizeof jobs[n].tags);
		jobs[n].by_url = by_url;
		n++;
	}
	if (jobs[i].tags.len + strlen(tags) + 1 > PURGE_TAGS_MAX) {
		buf_reset(&jobs[i].tags);
		buf_puts(&jobs[i].tags, CACHE_TAG_SITE);
	} else if (strcmp(jobs[i].tags.data ? jobs[i].tags.data : "", CACHE_TAG_SITE) != 0) {
		buf_printf(&jobs[i].tags, "%s%s", jobs[i].tags.len ? " " : "", tags);
	}
	return n;
}

/*
** Free what jobs[0..n) own (not the array, the caller's).
*/
static void free_jobs(struct purge_job *jobs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(jobs[i].cache);
		buf_free(&jobs[i].tags);
	}
}

/*
** The queue file's path (DATABASE.purge-queue) into path.
*/
static void queue_path(const struct config *c, struct buf *path)
{
	buf_printf(path, "%s.purge-queue", c->database);
}

/*
** Open the queue (created when missing) and take its lock. Returns the
** descriptor, or -1 (logged).
*/
static int queue_open(const struct config *c)
{
	struct buf path = BUF_INIT;
	int fd;

	queue_path(c, &path);
	fd = open(path.data, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		log_error("cannot open the purge queue %s: %s", path.data, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	buf_free(&path);
	return fd;
}

/*
** Append the jobs not confirmed to the queue, open and locked as fd.
** Returns 0, or -1 (logged: those purges are lost, and the caches keep
** the pages until their s-maxage).
*/
static int queue_unconfirmed(int fd, const struct purge_job *jobs, size_t n)
{
	struct buf lines = BUF_INIT;
	int rc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!jobs[i].confirmed)
			buf_printf(&lines, "%s %s\n", jobs[i].cache, jobs[i].tags.data);
	if (lines.len && (fd < 0 || write(fd, lines.data, lines.len) != (ssize_t)lines.len)) {
		log_error("purge: cannot queue the purges that were not confirmed");
		rc = -1;
	}
	buf_free(&lines);
	return rc;
}

/*
** Whether the white-space-separated list names the cache cache[0..len).
*/
static bool listed(const char *list, const char *cache, size_t len)
{
	size_t n;

	while (list && *(list += strspn(list, " \t"))) {
		n = strcspn(list, " \t");
		if (n == len && strncmp(list, cache, len) == 0)
			return true;
		list += n;
	}
	return false;
}

/*
** Add to jobs the caches of list (addresses separated by white space),
** each purging tags (by_url: caches without tags). Returns the new n.
*/
static size_t jobs_of_list(const char *list, const char *tags, bool by_url, struct purge_job *jobs,
			   size_t n)
{
	size_t len;

	while (list && *(list += strspn(list, " \t"))) {
		len = strcspn(list, " \t");
		n = add_job(jobs, n, list, len, tags, by_url);
		list += len;
	}
	return n;
}

/*
** Whether c names any cache to purge (purge or purge_urls not empty):
** the one test of "is a cache configured?" for the admin, the CLI and
** purge_change.
*/
bool purge_configured(const struct config *c)
{
	return (c->purge && *c->purge) || (c->purge_urls && *c->purge_urls);
}

/*
** Purge tags from every cache of the purge and purge_urls settings at
** once (nothing when both are empty; the addresses for purge_urls read
** from s), waiting PURGE_TIMEOUT_MS at most; append to failed
** the addresses of the caches that did not confirm, space-separated,
** and queue their purges. Returns how many did not confirm.
*/
int purge_send(const struct config *c, struct store *s, const char *tags, struct buf *failed)
{
	struct purge_job jobs[PURGE_CACHES_MAX];
	size_t n = jobs_of_list(c->purge_urls, tags, true, jobs, jobs_of_list(c->purge, tags, false, jobs, 0)), i;
	int unconfirmed = 0;

	if (n == 0 || *tags == '\0')
		goto done;
	send_jobs(c, s, jobs, n);
	for (i = 0; i < n; i++) {
		if (jobs[i].confirmed)
			continue;
		unconfirmed++;
		buf_printf(failed, "%s%s", failed->len ? " " : "", jobs[i].cache);
	}
	if (unconfirmed) {
		int fd = queue_open(c);

		queue_unconfirmed(fd, jobs, n);
		if (fd >= 0)
			close(fd);
	}
done:
	free_jobs(jobs, n);
	return unconfirmed;
}

/*
** Purge what a committed change with publish scope scope made stale
** (cache_tags_changed), as purge_send does; *took_ms (unless took_ms is
** NULL) gets how long that took, 0 when nothing was sent. Returns how
** many caches did not confirm.
*/
int purge_change(const struct config *c, struct store *s, const struct publish_scope *scope,
		 struct buf *failed, double *took_ms)
{
	struct buf tags = BUF_INIT;
	struct timespec start, end;
	int unconfirmed = 0;

	if (took_ms)
		*took_ms = 0;
	if (purge_configured(c)) {
		cache_tags_changed(s, scope, &tags);
		if (tags.len) {
			clock_gettime(CLOCK_MONOTONIC, &start);
			unconfirmed = purge_send(c, s, tags.data, failed);
			clock_gettime(CLOCK_MONOTONIC, &end);
			if (took_ms)
				*took_ms = (double)(end.tv_sec - start.tv_sec) * 1e3 +
					   (double)(end.tv_nsec - start.tv_nsec) / 1e6;
		}
	}
	buf_free(&tags);
	return unconfirmed;
}

/*
** Read the queue (locked by fd) into jobs, one per cache (by_url when
** c's purge_urls lists it). Returns how many, or -1 (logged).
*/
static int read_queue(const struct config *c, int fd, struct purge_job *jobs)
{
	struct buf text = BUF_INIT;
	char chunk[8192], *line, *end;
	ssize_t got;
	size_t n = 0;
	int rc = 0;

	if (lseek(fd, 0, SEEK_SET) < 0)
		rc = -1;
	while (rc == 0 && (got = read(fd, chunk, sizeof chunk)) != 0) {
		if (got < 0 || text.len + (size_t)got > PURGE_QUEUE_MAX)
			rc = -1;
		else
			buf_append(&text, chunk, (size_t)got);
	}
	for (line = text.data; rc == 0 && line && *line; line = end ? end + 1 : NULL) {
		char *space;

		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		space = strchr(line, ' ');
		if (space && space[1])
			n = add_job(jobs, n, line, (size_t)(space - line), space + 1,
				    listed(c->purge_urls, line, (size_t)(space - line)));
	}
	if (rc < 0)
		log_error("cannot read the purge queue: %s", strerror(errno));
	buf_free(&text);
	return rc < 0 ? -1 : (int)n;
}

/*
** Send every queued purge again, one per cache with all its tags (the
** addresses for a cache without tags read from s), and keep in the queue only those still not confirmed. Each
** cache sent to goes to report (when not NULL) as a line, "CACHE:
** purged" or "CACHE: not confirmed, kept in the queue". Returns how
** many caches did not confirm, or -1 (logged) when the queue cannot be
** read.
*/
int purge_retry(const struct config *c, struct store *s, FILE *report)
{
	struct purge_job jobs[PURGE_CACHES_MAX];
	int fd = queue_open(c), n = -1, unconfirmed = 0, i;

	if (fd >= 0)
		n = read_queue(c, fd, jobs);
	if (n <= 0)
		goto done;
	send_jobs(c, s, jobs, (size_t)n);
	for (i = 0; i < n; i++) {
		unconfirmed += !jobs[i].confirmed;
		if (report)
			fprintf(report, "%s: %s\n", jobs[i].cache,
				jobs[i].confirmed ? "purged" : "not confirmed, kept in the queue");
	}
	if (ftruncate(fd, 0) < 0 || queue_unconfirmed(fd, jobs, (size_t)n) < 0) {
		log_error("cannot rewrite the purge queue: %s", strerror(errno));
		unconfirmed = -1;
	}
	free_jobs(jobs, (size_t)n);
done:
	if (fd >= 0)
		close(fd);
	return n < 0 ? -1 : unconfirmed;
}

/*
** Append to caches the addresses of the caches with purges in the
** queue, space-separated. Returns how many, or -1 (logged).
*/
int purge_pending(const struct config *c, struct buf *caches)
{
	struct purge_job jobs[PURGE_CACHES_MAX];
	int fd = queue_open(c), n = -1, i;

	if (fd >= 0)
		n = read_queue(c, fd, jobs);
	for (i = 0; i < n; i++)
		buf_printf(caches, "%s%s", i ? " " : "", jobs[i].cache);
	if (n > 0)
		free_jobs(jobs, (size_t)n);
	if (fd >= 0)
		close(fd);
	return n;
}
