/*
** purge.c: purges sent to the caches in front of the site, all at once
** through libcurl's multi interface, and the queue of those that were
** not confirmed (see purge.h).
*/
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cache-tags.h"
#include "log.h"
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
	bool confirmed;
};

/* Discard what a cache answers: only its status counts. */
static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
	(void)data;
	(void)ctx;
	return size * n;
}

/*
** Send every job of jobs[0..n) at once, each "PURGE CACHE/" with
** "xkey-purge: TAGS", waiting PURGE_TIMEOUT_MS at most in all, and set
** each job's confirmed (a 2xx answer in time).
*/
static void send_jobs(struct purge_job *jobs, size_t n)
{
	CURL *easy[PURGE_CACHES_MAX] = { 0 };
	struct curl_slist *headers[PURGE_CACHES_MAX] = { 0 };
	struct buf url = BUF_INIT, header = BUF_INIT;
	CURLM *multi = curl_multi_init();
	int running = 0;
	CURLMsg *msg;
	size_t i;

	for (i = 0; i < n && multi; i++) {
		jobs[i].confirmed = false;
		buf_reset(&url);
		buf_reset(&header);
		buf_printf(&url, "%s/", jobs[i].cache);
		buf_printf(&header, "xkey-purge: %s", jobs[i].tags.data);
		headers[i] = curl_slist_append(NULL, header.data);
		easy[i] = curl_easy_init();
		if (easy[i] == NULL || headers[i] == NULL)
			continue;
		curl_easy_setopt(easy[i], CURLOPT_URL, url.data);
		curl_easy_setopt(easy[i], CURLOPT_CUSTOMREQUEST, "PURGE");
		curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, headers[i]);
		curl_easy_setopt(easy[i], CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(easy[i], CURLOPT_TIMEOUT_MS, (long)PURGE_TIMEOUT_MS);
		curl_easy_setopt(easy[i], CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
		curl_easy_setopt(easy[i], CURLOPT_PRIVATE, &jobs[i]);
		curl_multi_add_handle(multi, easy[i]);
	}
	/* Bounded: every transfer ends by its own timeout. */
	do {
		if (curl_multi_perform(multi, &running) != CURLM_OK ||
		    (running && curl_multi_poll(multi, NULL, 0, 100, NULL) != CURLM_OK))
			break;
	} while (running);
	while (multi && (msg = curl_multi_info_read(multi, &running)) != NULL) {
		struct purge_job *job = NULL;
		long status = 0;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&job);
		curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
		if (msg->data.result == CURLE_OK && status >= 200 && status < 300)
			job->confirmed = true;
		else
			log_error("purge: %s did not confirm the purge of %s: %s", job->cache,
				  job->tags.data, msg->data.result != CURLE_OK ?
				  curl_easy_strerror(msg->data.result) : "it answered with an error status");
	}
	for (i = 0; i < n; i++) {
		if (easy[i]) {
			curl_multi_remove_handle(multi, easy[i]);
			curl_easy_cleanup(easy[i]);
		}
		curl_slist_free_all(headers[i]);
	}
	curl_multi_cleanup(multi);
	buf_free(&url);
	buf_free(&header);
}

/*
** Add to jobs (at most PURGE_CACHES_MAX) the purge of tags by cache,
** merged with one already there for the same cache. Returns the new n.
*/
static size_t add_job(struct purge_job *jobs, size_t n, const char *cache, size_t cache_len,
		      const char *tags)
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
** Split c->purge (cache addresses separated by white space) into jobs
** purging tags. Returns how many.
*/
static size_t jobs_of_setting(const struct config *c, const char *tags, struct purge_job *jobs)
{
	const char *p = c->purge;
	size_t n = 0, len;

	while (p && *p) {
		p += strspn(p, " \t");
		len = strcspn(p, " \t");
		if (len)
			n = add_job(jobs, n, p, len, tags);
		p += len;
	}
	return n;
}

/*
** Purge tags from every cache of the purge setting at once (nothing
** when it is empty), waiting PURGE_TIMEOUT_MS at most; append to failed
** the addresses of the caches that did not confirm, space-separated,
** and queue their purges. Returns how many did not confirm.
*/
int purge_send(const struct config *c, const char *tags, struct buf *failed)
{
	struct purge_job jobs[PURGE_CACHES_MAX];
	size_t n = jobs_of_setting(c, tags, jobs), i;
	int unconfirmed = 0;

	if (n == 0 || *tags == '\0')
		goto done;
	send_jobs(jobs, n);
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
** (cache_tags_changed), as purge_send does. Returns how many caches did
** not confirm.
*/
int purge_change(const struct config *c, struct store *s, const struct publish_scope *scope,
		 struct buf *failed)
{
	struct buf tags = BUF_INIT;
	int unconfirmed = 0;

	if (c->purge && *c->purge) {
		cache_tags_changed(s, scope, &tags);
		if (tags.len)
			unconfirmed = purge_send(c, tags.data, failed);
	}
	buf_free(&tags);
	return unconfirmed;
}

/*
** Read the queue (locked by fd) into jobs, one per cache. Returns how
** many, or -1 (logged).
*/
static int read_queue(int fd, struct purge_job *jobs)
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
			n = add_job(jobs, n, line, (size_t)(space - line), space + 1);
	}
	if (rc < 0)
		log_error("cannot read the purge queue: %s", strerror(errno));
	buf_free(&text);
	return rc < 0 ? -1 : (int)n;
}

/*
** Send every queued purge again, one request per cache with all its
** tags, and keep in the queue only those still not confirmed. Each
** cache sent to goes to report (when not NULL) as a line, "CACHE:
** purged" or "CACHE: not confirmed, kept in the queue". Returns how
** many caches did not confirm, or -1 (logged) when the queue cannot be
** read.
*/
int purge_retry(const struct config *c, FILE *report)
{
	struct purge_job jobs[PURGE_CACHES_MAX];
	int fd = queue_open(c), n = -1, unconfirmed = 0, i;

	if (fd >= 0)
		n = read_queue(fd, jobs);
	if (n <= 0)
		goto done;
	send_jobs(jobs, (size_t)n);
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
		n = read_queue(fd, jobs);
	for (i = 0; i < n; i++)
		buf_printf(caches, "%s%s", i ? " " : "", jobs[i].cache);
	if (n > 0)
		free_jobs(jobs, (size_t)n);
	if (fd >= 0)
		close(fd);
	return n;
}
