/*
** site-cache.c: the worker's page cache: a hash table of rendered pages with
** a least-recently-used list, under one mutex held only to look up,
** copy or insert (never while rendering).
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "model-public.h"
#include "site-cache.h"

#define CACHE_BUCKETS 4096

struct entry {
	struct entry *next_in_bucket;
	struct entry *newer, *older;	/* the LRU list */
	char *path;
	unsigned generation;
	char *body;			/* owned; exactly len bytes */
	size_t len;
	struct page_validators validators;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *buckets[CACHE_BUCKETS];
static struct entry *newest, *oldest;
static size_t total_bytes, max_total_bytes, entry_count;
static unsigned long drop_count;
static unsigned current_generation = 1;
static int64_t noted_mark;		/* cache_note_content_mark */
static bool mark_noted;

/*
** FNV-1a hash of a path, for the bucket.
*/
static size_t bucket_of(const char *path)
{
	unsigned h = 2166136261u;

	for (; *path; path++)
		h = (h ^ (unsigned char)*path) * 16777619u;
	return h % CACHE_BUCKETS;
}

/*
** Unlink e from the LRU list (the caller holds the lock).
*/
static void lru_unlink(struct entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		oldest = e->newer;
	e->newer = e->older = NULL;
}

static void lru_push_newest(struct entry *e)
{
	e->older = newest;
	e->newer = NULL;
	if (newest)
		newest->newer = e;
	newest = e;
	if (oldest == NULL)
		oldest = e;
}

/*
** Free e with what it owns.
*/
static void entry_free(struct entry *e)
{
	free(e->body);
	free(e->path);
	free(e);
}

/*
** The memory an entry for a body of len bytes at path takes: what the
** cache's limit counts.
*/
static size_t footprint(size_t len, const char *path)
{
	return sizeof(struct entry) + len + strlen(path) + 1;
}

/*
** Remove e from its bucket and the list, and free it (lock held).
*/
static void drop(struct entry *e)
{
	struct entry **p = &buckets[bucket_of(e->path)];

	while (*p != e)
		p = &(*p)->next_in_bucket;
	*p = e->next_in_bucket;
	lru_unlink(e);
	total_bytes -= footprint(e->len, e->path);
	entry_count--;
	drop_count++;
	entry_free(e);
}

/*
** Allow the cache max_bytes of page bodies in all. Call once, before
** the threads start.
*/
void cache_init(size_t max_bytes)
{
	max_total_bytes = max_bytes;
}

/*
** The current generation; read it before reading the database for a
** page, and store the page under it.
*/
unsigned cache_generation(void)
{
	unsigned g;

	pthread_mutex_lock(&lock);
	g = current_generation;
	pthread_mutex_unlock(&lock);
	return g;
}

/*
** Start a new generation: every entry becomes invalid. Entries stay
** until evicted or replaced, so that a page rendered again with the same
** bytes keeps its Last-Modified (cache_last_modified).
*/
void cache_new_generation(void)
{
	pthread_mutex_lock(&lock);
	current_generation++;
	pthread_mutex_unlock(&lock);
}

/*
** Note the content mark a thread read after a commit, with the
** generation it read just before the mark: a mark other than the one
** noted last starts a new generation. Each thread notices a commit on
** its own connection; the first to note the new mark drops the pages,
** the others find it noted and keep what was rendered since.
** When a generation began between the thread's two reads, its mark may
** be older than the one noted (another thread noted a later commit
** meanwhile): it starts one more generation and is not kept, so that a
** mark coming back later (a backup restored into the open file) is
** never taken for the pages of another state.
*/
void cache_note_content_mark(int64_t mark, unsigned seen_generation)
{
	pthread_mutex_lock(&lock);
	if (seen_generation != current_generation) {
		current_generation++;
	} else if (!mark_noted || mark != noted_mark) {
		current_generation++;
		noted_mark = mark;
		mark_noted = true;
	}
	pthread_mutex_unlock(&lock);
}

/*
** Keep the cache in step with what visitors see in the database, read
** through the thread's connection s (reopened: s was opened anew, its
** history unknown). While nothing committed this costs a look at shared
** memory (store_may_have_changed). After a commit, the 'content' change
** mark (sql/migrate-4.sql) tells whether the commit changed what
** visitors see: a commit that did not (an editor's login, a session's
** seen_at) keeps every page. A database opened anew, or one without the
** mark, starts a new generation. Call before cache_generation, at every
** request.
*/
void cache_follow_database(struct store *s, bool reopened)
{
	unsigned generation;
	int64_t mark;

	if (!store_may_have_changed(s) && !reopened)
		return;
	generation = cache_generation();
	if (reopened || public_change_mark(s, "content", &mark) != 1)
		cache_new_generation();
	else
		cache_note_content_mark(mark, generation);
}

/*
** The Last-Modified of the page last cached for path if it had the
** validator etag (the same bytes), else now: a page keeps its date for
** as long as its bytes stay the same, whatever else changed.
*/
time_t cache_last_modified(const char *path, const char *etag)
{
	time_t t = time(NULL);
	struct entry *e;

	pthread_mutex_lock(&lock);
	for (e = buckets[bucket_of(path)]; e; e = e->next_in_bucket) {
		if (strcmp(e->path, path) == 0) {
			if (strcmp(e->validators.etag, etag) == 0)
				t = e->validators.last_modified;
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	return t;
}

/*
** Append the page cached for path in generation to body, and copy its
** validators into v. Returns false when there is none.
*/
bool cache_get(const char *path, unsigned generation, struct buf *body,
	       struct page_validators *v)
{
	struct entry *e;
	bool found = false;

	pthread_mutex_lock(&lock);
	for (e = buckets[bucket_of(path)]; e; e = e->next_in_bucket) {
		if (strcmp(e->path, path) != 0)
			continue;
		if (e->generation == generation && generation == current_generation) {
			buf_append(body, e->body, e->len);
			*v = e->validators;
			lru_unlink(e);
			lru_push_newest(e);
			found = true;
		}
		break;
	}
	pthread_mutex_unlock(&lock);
	return found;
}

/*
** Keep a copy of body and v for path, rendered in generation. A page of
** an older generation is not kept; the oldest entries make room.
*/
void cache_put(const char *path, unsigned generation, const struct buf *body,
	       const struct page_validators *v)
{
	size_t size = footprint(body->len, path);
	struct entry *e, *old;

	if (size > max_total_bytes / 4)
		return;
	e = xmalloc(sizeof *e);
	memset(e, 0, sizeof *e);
	e->path = xstrdup(path);
	e->generation = generation;
	e->body = xmalloc(body->len ? body->len : 1);
	memcpy(e->body, body->data, body->len);
	e->len = body->len;
	e->validators = *v;

	pthread_mutex_lock(&lock);
	if (generation != current_generation) {
		pthread_mutex_unlock(&lock);
		entry_free(e);
		return;
	}
	for (old = buckets[bucket_of(path)]; old; old = old->next_in_bucket)
		if (strcmp(old->path, path) == 0)
			break;
	if (old)
		drop(old);
	while (oldest && total_bytes + size > max_total_bytes)
		drop(oldest);
	e->next_in_bucket = buckets[bucket_of(path)];
	buckets[bucket_of(path)] = e;
	lru_push_newest(e);
	total_bytes += size;
	entry_count++;
	pthread_mutex_unlock(&lock);
}

/*
** How many pages have left the cache since the start: a change tells
** that their memory went back to the heap.
*/
unsigned long cache_drops(void)
{
	unsigned long n;

	pthread_mutex_lock(&lock);
	n = drop_count;
	pthread_mutex_unlock(&lock);
	return n;
}
