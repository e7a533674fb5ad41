/*
** publish.c: the published folder. Every published page is a file
** DIR<path>index.html, rendered by render.c exactly as the worker would
** render it; the web server serves it and falls back to the worker for
** everything else (see conf/nginx-site.conf).
*/
#define _XOPEN_SOURCE 700	/* nftw */
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
#include "content.h"
#include "file.h"
#include "log.h"
#include "publish.h"
#include "render.h"
#include "validate.h"

/*
** Write html as DIR<path>index.html (path is a page path, "/a/b/"),
** unless the file already holds exactly these bytes: an unchanged page
** keeps its file, and so its date and the validators a web server
** derives from it. Returns 0, or -1 (logged).
*/
int publish_write_page(const char *dir, const char *path, const struct buf *html)
{
	struct buf folder = BUF_INIT, file = BUF_INIT, old = BUF_INIT;
	int rc = 0;

	buf_printf(&folder, "%s%s", dir, path);
	buf_printf(&file, "%sindex.html", folder.data);
	if (buf_read_file(&old, file.data, html->len + 1) < 0 || old.len != html->len ||
	    memcmp(old.data, html->data, html->len) != 0)
		rc = file_make_dirs(folder.data) == 0 ? file_write_atomic(file.data, html->data, html->len) : -1;
	buf_free(&old);
	buf_free(&folder);
	buf_free(&file);
	return rc;
}

/*
** Render the published page at path into DIR, or remove its file when it
** is not (or no longer) a published page. Returns 0, or -1 (logged).
*/
static int publish_path(const struct config *c, struct store *s, const char *dir,
			const char *path, struct buf *html)
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
	rc = content_page(s, path, &p);
	if (rc == 1 && !render_page(s, c, &p, html))
		rc = -1;
	store_read_end(s);
	if (rc == 1) {
		rc = publish_write_page(dir, path, html);
	} else if (rc == 0) {
		buf_printf(&file, "%s%sindex.html", dir, path);
		rc = unlink(file.data) < 0 && errno != ENOENT ? -1 : 0;
	}
	page_free(&p);
	buf_free(&file);
	return rc;
}

/*
** The paths (owned by the caller: free_paths) that the statement st
** yields in its first column.
*/
static char **collect_paths(sqlite3_stmt *st, size_t *count)
{
	char **paths = NULL;

	*count = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		paths = xrealloc(paths, (*count + 1) * sizeof *paths);
		paths[(*count)++] = store_column_text(st, 0);
	}
	sqlite3_reset(st);
	return paths;
}

static void free_paths(char **paths, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
}

/*
** Render every published page into DIR. Returns how many, or -1.
*/
int publish_pages_to(const struct config *c, struct store *s, const char *dir)
{
	static const char sql[] = "SELECT path FROM page WHERE published ORDER BY path";
	sqlite3_stmt *st = store_prepare(s, sql);
	struct buf html = BUF_INIT;
	size_t count = 0, i;
	char **paths;
	int n = 0;

	if (st == NULL)
		return -1;
	/* Collect first: rendering reuses statements of the same store. */
	paths = collect_paths(st, &count);
	for (i = 0; i < count && n >= 0; i++)
		n = publish_path(c, s, dir, paths[i], &html) < 0 ? -1 : n + 1;
	free_paths(paths, count);
	buf_free(&html);
	return n;
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
	static const char sql[] = "SELECT 1 FROM page WHERE path = ?1 AND published";
	size_t len = strlen(file);
	sqlite3_stmt *q;
	char *path;
	bool keep;

	(void)st;
	(void)ftw;
	if (type != FTW_F || len < sweep.dir_len + 11 || strcmp(file + len - 10, "index.html") != 0)
		return 0;
	path = xstrndup(file + sweep.dir_len, len - sweep.dir_len - 10);
	q = store_prepare(sweep.store, sql);
	keep = q == NULL;	/* when in doubt, keep: the marker stays anyway */
	if (q) {
		sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
		keep = sqlite3_step(q) == SQLITE_ROW;
		sqlite3_reset(q);
	} else {
		sweep.failures++;
	}
	if (!keep && unlink(file) < 0 && errno != ENOENT)
		sweep.failures++;
	free(path);
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
** The pages whose rendering shows page_id's title or summary besides
** its own: the pages below it (their breadcrumbs), and the pages that
** list it under their menu entry (pages without a body list the entries
** below theirs, with summaries). With the page itself. Paths end in a
** slash, so the pages below "/a/" are those in ["/a/", "/a0"): a range
** of the path index.
*/
static const char related_sql[] =
	"SELECT path FROM page WHERE id = ?1"
	" UNION SELECT d.path FROM page d, page p"
	"   WHERE p.id = ?1 AND d.path >= p.path"
	"   AND d.path < substr(p.path, 1, length(p.path) - 1) || '0'"
	"   AND NOT ?2 IS 0"
	" UNION SELECT lp.path FROM menu_entry child"
	"   JOIN menu_entry parent ON parent.id = child.parent_id"
	"   JOIN page lp ON lp.id = parent.page_id"
	"   WHERE child.page_id = ?1 AND NOT ?2 IS 0";

/*
** Take the folder's lock (a file beside it), waiting for other
** publishers, then set the pending marker. Returns the lock's
** descriptor, or -1 (logged; nothing held).
*/
static int begin(const char *dir)
{
	struct buf path = BUF_INIT;
	int fd, marker;

	buf_printf(&path, "%s.lock", dir);
	fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		log_error("cannot lock %s: %s", path.data, strerror(errno));
		goto fail;
	}
	buf_reset(&path);
	buf_printf(&path, "%s.pending", dir);
	marker = open(path.data, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (marker < 0 || close(marker) < 0) {
		log_error("cannot create %s: %s", path.data, strerror(errno));
		goto fail;
	}
	buf_free(&path);
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	buf_free(&path);
	return -1;
}

/*
** A plan for a change that shows on no page (a redirect).
*/
bool publish_begin_none(struct publish_plan *plan)
{
	memset(plan, 0, sizeof *plan);
	plan->lock_fd = -1;
	return true;
}

/*
** Start publishing a change that shows on every page. Returns false
** (logged) when the folder cannot be locked or marked: the change must
** then not go ahead (publish_finish still releases what was taken).
*/
bool publish_begin_all(const struct config *c, struct publish_plan *plan)
{
	publish_begin_none(plan);
	plan->all = true;
	if (c->publish_dir == NULL)
		return true;
	plan->lock_fd = begin(c->publish_dir);
	return plan->lock_fd >= 0;
}

/*
** Start publishing a change to page page_id (or a program of it): it
** shows on that page, and with with_related on the pages that show its
** title or summary. Returns false as publish_begin_all does.
*/
bool publish_begin_page(const struct config *c, int64_t page_id, bool with_related,
			struct publish_plan *plan)
{
	publish_begin_none(plan);
	plan->page_id = page_id;
	plan->with_related = with_related;
	if (c->publish_dir == NULL)
		return true;
	plan->lock_fd = begin(c->publish_dir);
	return plan->lock_fd >= 0;
}

/*
** After the change committed (or failed): render the pages the plan
** covers from the database as it is now, each file replaced atomically;
** for a change to every page, also remove the files of pages no longer
** published. Only when all of it worked does the pending marker go, so
** that the web server serves the files again. Releases the lock.
** Returns false (logged) when something could not be written: the
** marker stays, and the worker serves every page meanwhile.
*/
bool publish_finish(const struct config *c, struct store *s, struct publish_plan *plan)
{
	struct buf html = BUF_INIT, marker = BUF_INIT;
	sqlite3_stmt *st;
	size_t count = 0, i;
	char **paths;
	bool ok = true;

	if (c->publish_dir == NULL || plan->lock_fd < 0)
		goto done;
	if (plan->all) {
		ok = file_make_dirs(c->publish_dir) == 0 &&
		     publish_pages_to(c, s, c->publish_dir) >= 0 &&
		     remove_unpublished(s, c->publish_dir) == 0;
	} else if ((st = store_prepare(s, related_sql)) != NULL) {
		sqlite3_bind_int64(st, 1, plan->page_id);
		sqlite3_bind_int(st, 2, plan->with_related);
		paths = collect_paths(st, &count);
		for (i = 0; i < count; i++)
			ok = publish_path(c, s, c->publish_dir, paths[i], &html) == 0 && ok;
		free_paths(paths, count);
	} else {
		ok = false;
	}
	buf_printf(&marker, "%s.pending", c->publish_dir);
	if (ok && unlink(marker.data) < 0 && errno != ENOENT) {
		log_error("cannot remove %s: %s", marker.data, strerror(errno));
		ok = false;
	}
	if (!ok)
		log_error("publishing failed: the worker serves every page until "
			  "'runningcode publish' succeeds");
done:
	if (plan->lock_fd >= 0)
		close(plan->lock_fd);
	publish_begin_none(plan);
	buf_free(&html);
	buf_free(&marker);
	return ok;
}

/*
** Publish every page afresh (after a restore, an upgrade, or to repair).
** Returns the number of published pages, or -1 (logged).
*/
int publish_everything(const struct config *c, struct store *s)
{
	static const char sql[] = "SELECT count(*) FROM page WHERE published";
	struct publish_plan plan;
	bool begun = publish_begin_all(c, &plan);
	sqlite3_stmt *st;
	int n = -1;

	if (!publish_finish(c, s, &plan) || !begun || (st = store_prepare(s, sql)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}
