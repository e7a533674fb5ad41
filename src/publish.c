/*
** publish.c: the published folder. Every published page is a file
** DIR<path>index.html, rendered by render.c exactly as the worker would
** render it; the web server serves it and falls back to the worker for
** everything else (see conf/nginx-site.conf).
*/
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "compress.h"
#include "file.h"
#include "file-library.h"
#include "log.h"
#include "model-public.h"
#include "publish.h"
#include "render.h"
#include "validate.h"

/*
** Whether the file at path holds exactly the bytes of html.
*/
static bool file_holds(const char *path, const struct buf *html)
{
	struct buf old = BUF_INIT;
	bool same = buf_read_file(&old, path, html->len + 1) == 0 && old.len == html->len &&
		    (html->len == 0 || memcmp(old.data, html->data, html->len) == 0);

	buf_free(&old);
	return same;
}

/* The twins of a published file, as the web server picks them by the
** client's Accept-Encoding (conf/): suffix and compressor. */
static const struct twin {
	const char *suffix;
	bool (*compress)(const char *data, size_t len, struct buf *out);
} twins[] = {
	{ ".gz", compress_gzip },
	{ ".br", compress_brotli },
};
#define TWINS (sizeof twins / sizeof twins[0])

/*
** Whether every twin of the file at path is there.
*/
static bool twins_exist(const char *path)
{
	struct buf twin = BUF_INIT;
	bool all = true;
	size_t i;

	for (i = 0; i < TWINS && all; i++) {
		buf_reset(&twin);
		buf_printf(&twin, "%s%s", path, twins[i].suffix);
		all = access(twin.data, F_OK) == 0;
	}
	buf_free(&twin);
	return all;
}

/*
** Write html as DIR<path>index.html (path is a page path, "/a/b/"),
** with the folders and file modes of modes, and its compressed twins
** index.html.gz and index.html.br, unless the file already holds exactly
** these bytes and has its twins: an unchanged page keeps its files, and
** so their dates and the validators a web server derives from them. The
** twins are written first and the page last, each replaced atomically:
** a publish writes while the folder is set aside (publish.h), and an
** export is read once it is whole. Returns 0, or -1 (logged).
*/
int publish_write_page(const char *dir, const char *path, const struct buf *html,
		       struct file_modes modes)
{
	struct buf folder = BUF_INIT, file = BUF_INIT, twin = BUF_INIT, packed = BUF_INIT;
	int rc = 0;
	size_t i;

	buf_printf(&folder, "%s%s", dir, path);
	buf_printf(&file, "%sindex.html", folder.data);
	if (file_holds(file.data, html) && twins_exist(file.data))
		goto done;
	rc = file_make_dirs(folder.data, modes.dir);
	for (i = 0; i < TWINS && rc == 0; i++) {
		buf_reset(&twin);
		buf_printf(&twin, "%s%s", file.data, twins[i].suffix);
		rc = twins[i].compress(html->data, html->len, &packed) ?
		     file_write_atomic(twin.data, packed.data, packed.len, modes.file) : -1;
	}
	if (rc == 0)
		rc = file_write_atomic(file.data, html->data, html->len, modes.file);
done:
	buf_free(&folder);
	buf_free(&file);
	buf_free(&twin);
	buf_free(&packed);
	return rc;
}

/*
** Remove the file at path and its twins, those that are there. Returns
** 0, or -1 (logged) when one could not be removed.
*/
static int remove_page_file(const char *path)
{
	struct buf twin = BUF_INIT;
	int rc = 0;
	size_t i;

	/* The page first: its twins are never served without it. */
	if (unlink(path) < 0 && errno != ENOENT) {
		log_error("cannot remove %s: %s", path, strerror(errno));
		rc = -1;
	}
	for (i = 0; i < TWINS && rc == 0; i++) {
		buf_reset(&twin);
		buf_printf(&twin, "%s%s", path, twins[i].suffix);
		if (unlink(twin.data) < 0 && errno != ENOENT) {
			log_error("cannot remove %s: %s", twin.data, strerror(errno));
			rc = -1;
		}
	}
	buf_free(&twin);
	return rc;
}

/*
** Render the published page at path into DIR (with modes), or remove its
** file when it is not (or no longer) a published page. Returns 0, or -1
** (logged).
*/
static int publish_path(const struct config *c, struct store *s, const char *dir,
			const char *path, struct buf *html, struct file_modes modes)
{
	struct buf file = BUF_INIT;
	struct page p;
	int rc;

	/* The path becomes a file name: it must be a well-formed one. */
	if (strcmp(path, "/") != 0 && validate_page_path(path)) {
		log_error("not publishing a page with an unsafe path: %s", path);
		return -1;
	}
	buf_reset(html);
	if (!store_read_begin(s))
		return -1;
	rc = public_page(s, path, &p);
	if (rc == 1 && !render_page(s, c, &p, html))
		rc = -1;
	store_read_end(s);
	if (rc == 1) {
		rc = publish_write_page(dir, path, html, modes);
	} else if (rc == 0) {
		buf_printf(&file, "%s%sindex.html", dir, path);
		rc = remove_page_file(file.data);
	}
	page_free(&p);
	buf_free(&file);
	return rc;
}

/*
** Render each page of paths into dir (with modes). Returns how many, or
** -1 when one failed (the others are still rendered).
*/
static int publish_paths(const struct config *c, struct store *s, const char *dir,
			 const struct path_list *paths, struct file_modes modes)
{
	struct buf html = BUF_INIT;
	int n = 0;
	size_t i;

	for (i = 0; i < paths->n; i++)
		n = publish_path(c, s, dir, paths->items[i].path, &html, modes) == 0 && n >= 0 ? n + 1 : -1;
	buf_free(&html);
	return n;
}

/*
** Render every published page into DIR, with modes (FILE_MODES_PUBLISHED
** or, for an export, FILE_MODES_EXPORTED). Returns how many, or -1.
*/
int publish_pages_to(const struct config *c, struct store *s, const char *dir,
		     struct file_modes modes)
{
	struct path_list paths;
	int n = -1;

	/* Listed first: rendering reuses statements of the same store. */
	if (public_pages(s, &paths) >= 0)
		n = publish_paths(c, s, dir, &paths, modes);
	path_list_free(&paths);
	return n;
}

/*
** The length of the page file's name in file (a path in the published
** folder): file itself when it ends with "/index.html", or less its
** suffix when it is one of that file's twins; 0 for anything else.
*/
static size_t page_file_len(const char *file)
{
	static const char page[] = "/index.html";
	size_t len = strlen(file), i;

	for (i = 0; i < TWINS; i++) {
		size_t n = strlen(twins[i].suffix);

		if (len > n && strcmp(file + len - n, twins[i].suffix) == 0) {
			len -= n;
			break;
		}
	}
	return len >= sizeof page - 1 && strncmp(file + len - (sizeof page - 1), page, sizeof page - 1) == 0 ?
	       len : 0;
}

/* Set by remove_unpublished for its nftw callback (one publisher at a
** time holds the folder's lock). */
static struct {
	struct store *store;
	size_t dir_len;
	int failures;
} sweep;

static int sweep_entry(const char *file, const struct stat *st, int type, struct FTW *ftw)
{
	size_t len = page_file_len(file);
	char *path, *page_file;
	int published;

	(void)st;
	(void)ftw;
	if (type != FTW_F || len < sweep.dir_len + 11)
		return 0;
	path = xstrndup(file + sweep.dir_len, len - sweep.dir_len - 10);
	page_file = xstrndup(file, len);
	/* When in doubt, keep: the marker stays anyway. */
	published = public_is_page(sweep.store, path);
	if (published < 0)
		sweep.failures++;
	else if (published == 0 && remove_page_file(page_file) < 0)
		sweep.failures++;
	free(path);
	free(page_file);
	return 0;
}

/*
** Remove the files of pages that are no longer published (drafts,
** old paths) from DIR. Returns 0, or -1 when some could not be.
*/
static int remove_unpublished(struct store *s, const char *dir)
{
	sweep.store = s;
	sweep.dir_len = strlen(dir);
	sweep.failures = 0;
	if (nftw(dir, sweep_entry, 16, FTW_PHYS) < 0 && errno != ENOENT)
		return -1;
	return sweep.failures ? -1 : 0;
}

/*
** Add page page_id (with with_related, the pages that show its title or
** summary too) to scope. A scope of two different pages becomes every
** page: changes that touch several pages are rare (a restore, a move).
*/
void publish_scope_page(struct publish_scope *scope, int64_t page_id, bool with_related)
{
	if (scope->page_id && scope->page_id != page_id)
		scope->everything = true;
	scope->page_id = page_id;
	scope->with_related = scope->with_related || with_related;
}

/*
** Add to scope path (copied), an address the worker answers without a
** published page whose answer a change altered. Past
** PUBLISH_SCOPE_ANSWERS addresses the scope stands for every answer.
*/
void publish_scope_answer(struct publish_scope *scope, const char *path)
{
	size_t i;

	for (i = 0; i < scope->nanswers; i++)
		if (strcmp(scope->answers[i], path) == 0)
			return;
	if (scope->nanswers == PUBLISH_SCOPE_ANSWERS || strlen(path) > VALIDATE_PATH_MAX) {
		scope->every_answer = true;
		return;
	}
	memcpy(scope->answers[scope->nanswers++], path, strlen(path) + 1);
}

/*
** Add what from names to into: the changes of a batch, one by one.
*/
void publish_scope_merge(struct publish_scope *into, const struct publish_scope *from)
{
	size_t i;

	into->everything = into->everything || from->everything;
	if (from->page_id)
		publish_scope_page(into, from->page_id, from->with_related);
	into->every_answer = into->every_answer || from->every_answer;
	for (i = 0; i < from->nanswers; i++)
		publish_scope_answer(into, from->answers[i]);
}

/*
** Take the folder's lock (a file beside it, <folder>.lock) in mode how
** (LOCK_EX or LOCK_SH of flock), waiting for its holders; lock->fd is
** the descriptor (-1: none, also with no published folder configured).
** Returns false (logged) when it cannot be taken.
*/
static bool take_lock(const struct config *c, int how, struct publish_lock *lock)
{
	struct buf path = BUF_INIT;
	bool ok = true;

	lock->fd = -1;
	lock->stale = false;
	lock->files_unmoved = false;
	if (c->publish_dir == NULL)
		return true;
	buf_printf(&path, "%s.lock", c->publish_dir);
	lock->fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, FILE_MODES_PUBLISHED.file);
	if (lock->fd < 0 || flock(lock->fd, how) < 0) {
		log_error("cannot lock %s: %s", path.data, strerror(errno));
		if (lock->fd >= 0)
			close(lock->fd);
		lock->fd = -1;
		ok = false;
	}
	buf_free(&path);
	return ok;
}

/*
** Take the folder's lock shared: until publish_release, no change that
** publishes commits and the folder stays as it is, so that a copy of
** the folder and of the database taken meanwhile agree (cli-replicate.c).
** Returns false (logged) when it cannot be taken.
*/
bool publish_hold(const struct config *c, struct publish_lock *lock)
{
	return take_lock(c, LOCK_SH, lock);
}

/*
** Release a lock taken by publish_hold.
*/
void publish_release(struct publish_lock *lock)
{
	if (lock->fd >= 0)
		close(lock->fd);
	lock->fd = -1;
}

/*
** Take the folder's lock (a file beside it), waiting for other
** publishers, then set the folder aside as <folder>.pending (made empty
** when there was none), so that the web server, which finds no file
** there, sends every page request to the worker (see publish.h). With
** no published folder configured, there is nothing to take. Returns
** false (logged; nothing held) when the folder cannot be locked or set
** aside: the change must not go ahead, or stale pages would stay
** published.
*/
bool publish_lock(const struct config *c, struct publish_lock *lock)
{
	struct buf path = BUF_INIT;
	struct stat st;

	if (!take_lock(c, LOCK_EX, lock))
		return false;
	if (c->publish_dir == NULL)
		return true;
	buf_printf(&path, "%s.pending", c->publish_dir);
	/* Set aside already: an earlier publish died or failed, and any page
	** in it may be stale. A file of that name is the marker of a version
	** that kept the folder in place while it was also read: the same. */
	lock->stale = lstat(path.data, &st) == 0;
	if (lock->stale && !S_ISDIR(st.st_mode) && unlink(path.data) < 0) {
		log_error("cannot remove %s: %s", path.data, strerror(errno));
		goto fail;
	}
	if ((!lock->stale || !S_ISDIR(st.st_mode)) && rename(c->publish_dir, path.data) < 0 &&
	    (errno != ENOENT || file_make_dirs(path.data, FILE_MODES_PUBLISHED.dir) < 0)) {
		log_error("cannot set %s aside as %s: %s", c->publish_dir, path.data, strerror(errno));
		goto fail;
	}
	buf_free(&path);
	return true;
fail:
	if (lock->fd >= 0)
		close(lock->fd);
	lock->fd = -1;
	lock->stale = false;
	buf_free(&path);
	return false;
}

/*
** Put the folder set aside (from) back in place (to), where the web
** server serves its files again. Its own function: the point where
** tests/faults.test.js stops an admin before it.
*/
static __attribute__((noinline)) bool put_back(const char *from, const char *to)
{
	if (rename(from, to) == 0)
		return true;
	log_error("cannot rename %s to %s: %s", from, to, strerror(errno));
	return false;
}

/*
** After the change committed (or failed): render the pages scope covers
** from the database as it is now into the folder set aside, each file
** replaced atomically; for every page (also when an earlier publish
** left it aside: lock->stale), also remove the files of pages no longer
** published. Only when all of it worked does the folder go back in
** place, so that the web server serves the files again. Before that,
** the uploaded files follow the library (file-library.h). Releases the
** lock in every case. Returns false (logged) when a page could not be
** written: the folder stays aside, and the worker serves every page
** meanwhile. A file that could not be moved stays where it was, and
** sets lock->files_unmoved (logged). The files move under the lock
** publish_lock took.
*/
bool publish_unlock(const struct config *c, struct store *s, struct publish_lock *lock,
		    const struct publish_scope *scope)
{
	struct buf aside = BUF_INIT;
	struct path_list paths;
	bool ok = true;

	memset(&paths, 0, sizeof paths);
	/* Uploaded files are served from their own folder, published or not;
	** when a change did not finish (stale), any of them may be wrong. A
	** file that cannot be moved does not hold the pages back. */
	lock->files_unmoved = file_library_follow(c, s, scope, scope->everything || lock->stale) < 0;
	if (c->publish_dir == NULL || lock->fd < 0)
		goto done;
	buf_printf(&aside, "%s.pending", c->publish_dir);
	if (lock->stale)
		log_info("the last publish did not finish: publishing every page");
	if (scope->everything || lock->stale) {
		ok = publish_pages_to(c, s, aside.data, FILE_MODES_PUBLISHED) >= 0 &&
		     remove_unpublished(s, aside.data) == 0;
	} else if (scope->page_id) {
		ok = public_pages_showing(s, scope->page_id, scope->with_related, &paths) >= 0 &&
		     publish_paths(c, s, aside.data, &paths, FILE_MODES_PUBLISHED) >= 0;
	}
	ok = ok && put_back(aside.data, c->publish_dir);
	if (!ok)
		log_error("publishing failed: the worker serves every page until "
			  "'runningcode publish' succeeds");
done:
	if (lock->files_unmoved)
		log_error("an uploaded file could not be moved as the library says: "
			  "'runningcode publish' tries again");
	if (lock->fd >= 0)
		close(lock->fd);
	lock->fd = -1;
	path_list_free(&paths);
	buf_free(&aside);
	return ok;
}

/*
** Complete a publish that died or failed (the folder is still set aside
** as <folder>.pending): render every page and put the folder back,
** under the lock. Nothing to do, and nothing set aside, when there is
** none. Returns false when the pages could not be rendered (the folder
** stays aside, and the worker serves every page).
*/
bool publish_finish(const struct config *c, struct store *s)
{
	struct publish_scope nothing = {0};
	struct publish_lock lock;
	struct buf marker = BUF_INIT;
	bool pending;

	if (c->publish_dir == NULL)
		return true;
	buf_printf(&marker, "%s.pending", c->publish_dir);
	pending = access(marker.data, F_OK) == 0;
	buf_free(&marker);
	if (!pending)
		return true;
	/* The lock finds it stale, so its unlock renders everything. */
	return publish_lock(c, &lock) && publish_unlock(c, s, &lock, &nothing);
}

/*
** Publish every page afresh (after a restore, an upgrade, or to repair).
** Returns the number of published pages, or -1 (logged).
*/
int publish_everything(const struct config *c, struct store *s)
{
	struct publish_scope everything = { .everything = true };
	struct publish_lock lock;

	if (!publish_lock(c, &lock) || !publish_unlock(c, s, &lock, &everything) || lock.files_unmoved)
		return -1;
	return public_page_count(s);
}

/*
** Move every uploaded file as the library says (file-library.h), under
** the lock, and nothing else: `runningcode publish` with publishing off,
** and the files' repair of `runningcode check --repair`. Returns 0, or
** -1 (logged).
*/
int publish_files(const struct config *c, struct store *s)
{
	struct publish_scope nothing = {0};
	struct publish_lock lock;
	int rc;

	if (!take_lock(c, LOCK_EX, &lock))
		return -1;
	rc = file_library_follow(c, s, &nothing, true);
	publish_release(&lock);
	return rc;
}

struct comparison {
	const char *dir;	/* the folder compared: in place, or set aside */
	struct store *store;
	FILE *report;
	int differences;
};

/*
** Note a difference between the published folder and the database.
*/
static void differs(struct comparison *cmp, const char *what, const char *path)
{
	cmp->differences++;
	if (cmp->report)
		fprintf(cmp->report, "%s: %s\n", what, path);
}

/* The comparison for sweep_compared, nftw's callback (the folder's lock
** is held: one comparison at a time). */
static struct comparison *comparing;

static int sweep_compared(const char *file, const struct stat *st, int type, struct FTW *ftw)
{
	size_t dir_len = strlen(comparing->dir), len = page_file_len(file);
	char *path;
	int published;

	(void)st;
	(void)ftw;
	if (type != FTW_F || len < dir_len + 11)
		return 0;
	path = xstrndup(file + dir_len, len - dir_len - 10);
	published = public_is_page(comparing->store, path);
	if (published == 0)
		differs(comparing, "a file for a page that is not published", file + dir_len);
	free(path);
	return published < 0 ? -1 : 0;
}

/*
** Compare the published folder with the database: every published page
** must have its file holding exactly what the worker would render, and
** its twins, no other page a file, and the folder in place, not set
** aside by an unfinished publish (whose folder is then the one compared;
** a folder that does not exist yet holds nothing wrong: the web server
** sends every page to the worker). Each difference goes to report (when
** not NULL) as a line. Takes the folder's lock, so that a publish in
** progress is not a difference. Returns the number of differences, or
** -1 (logged) when the comparison could not be made.
*/
int publish_differences(const struct config *c, struct store *s, FILE *report)
{
	struct buf html = BUF_INIT, file = BUF_INIT, lock_path = BUF_INIT, aside = BUF_INIT;
	struct comparison cmp = { c->publish_dir, s, report, 0 };
	struct path_list pages;
	int lock_fd = -1, rc = -1;
	size_t i;

	memset(&pages, 0, sizeof pages);
	buf_printf(&lock_path, "%s.lock", c->publish_dir);
	lock_fd = open(lock_path.data, O_RDONLY | O_CLOEXEC);
	if (lock_fd >= 0 && flock(lock_fd, LOCK_SH) < 0) {
		log_error("cannot lock %s: %s", lock_path.data, strerror(errno));
		goto done;
	}
	buf_printf(&aside, "%s.pending", c->publish_dir);
	if (access(aside.data, F_OK) == 0) {
		differs(&cmp, "the last publish did not finish (its folder is set aside)", aside.data);
		cmp.dir = aside.data;
	}
	if (access(cmp.dir, F_OK) < 0) {
		/* Nothing published yet: the worker serves every page. */
		if (report)
			fprintf(report, "nothing published yet in %s: the worker serves every page\n",
				c->publish_dir);
		rc = cmp.differences;
		goto done;
	}
	if (public_pages(s, &pages) < 0)
		goto done;
	for (i = 0; i < pages.n; i++) {
		struct page p;
		int found;

		buf_reset(&html);
		buf_reset(&file);
		buf_printf(&file, "%s%sindex.html", cmp.dir, pages.items[i].path);
		if (!store_read_begin(s))
			goto done;
		found = public_page(s, pages.items[i].path, &p);
		if (found == 1 && !render_page(s, c, &p, &html))
			found = -1;
		store_read_end(s);
		page_free(&p);
		if (found < 0)
			goto done;
		if (found == 1 && !file_holds(file.data, &html))
			differs(&cmp, access(file.data, F_OK) == 0 ? "a file that differs from its page" :
				"a published page without its file", pages.items[i].path);
		else if (found == 1 && !twins_exist(file.data))
			differs(&cmp, "a published page without its .gz and .br files", pages.items[i].path);
	}
	comparing = &cmp;
	if (nftw(cmp.dir, sweep_compared, 16, FTW_PHYS) != 0 && errno != ENOENT)
		goto done;
	rc = cmp.differences;
done:
	if (lock_fd >= 0)
		close(lock_fd);
	path_list_free(&pages);
	buf_free(&html);
	buf_free(&file);
	buf_free(&lock_path);
	buf_free(&aside);
	return rc;
}
