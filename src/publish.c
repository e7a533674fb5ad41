/*
** publish.c: the published folder. Every published page is a file
** DIR<path>index.html, rendered by render.c exactly as the worker would
** render it; the web server serves it and falls back to the worker for
** everything else (see conf/nginx-site.conf).
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "content.h"
#include "file.h"
#include "log.h"
#include "publish.h"
#include "render.h"
#include "validate.h"

/*
** Write html as DIR<path>index.html (path is a page path, "/a/b/").
** Returns 0, or -1 (logged).
*/
int publish_write_page(const char *dir, const char *path, const struct buf *html)
{
	struct buf folder = BUF_INIT, file = BUF_INIT;
	int rc;

	buf_printf(&folder, "%s%s", dir, path);
	buf_printf(&file, "%sindex.html", folder.data);
	rc = file_make_dirs(folder.data) == 0 ? file_write_atomic(file.data, html->data, html->len) : -1;
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
	rc = content_page(s, path, &p);
	if (rc == 1)
		rc = render_page(s, c, &p, html) ? publish_write_page(dir, path, html) : -1;
	else if (rc == 0) {
		buf_printf(&file, "%s%sindex.html", dir, path);
		rc = unlink(file.data) < 0 && errno != ENOENT ? -1 : 0;
	}
	page_free(&p);
	buf_free(&file);
	return rc;
}

/*
** The paths (owned by the caller, free each and the array) that the
** statement st yields in its first column, after binding nothing more.
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

/*
** The pages whose rendering shows page_id's title or summary besides
** its own: the pages below it (their breadcrumbs), and the pages that
** list it under their menu entry (pages without a body list the entries
** below theirs, with summaries). With the page itself.
*/
static const char related_sql[] =
	"SELECT path FROM page WHERE id = ?1"
	" UNION SELECT d.path FROM page d, page p"
	"   WHERE p.id = ?1 AND substr(d.path, 1, length(p.path)) = p.path"
	"   AND NOT ?2 IS 0"
	" UNION SELECT lp.path FROM menu_entry child"
	"   JOIN menu_entry parent ON parent.id = child.parent_id"
	"   JOIN page lp ON lp.id = parent.page_id"
	"   WHERE child.page_id = ?1 AND NOT ?2 IS 0";

/*
** Take the folder's lock (a file beside it), waiting for other
** publishers. Returns the lock's descriptor, or -1 (logged).
*/
static int lock_folder(const char *dir)
{
	struct buf path = BUF_INIT;
	int fd;

	buf_printf(&path, "%s.lock", dir);
	fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		log_error("cannot lock %s: %s", path.data, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	buf_free(&path);
	return fd;
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
** Start publishing a change that affects every page (a menu): take the
** lock and set the folder aside, so that nothing stale is served while
** the change commits; the web server falls back to the worker meanwhile.
** Returns false (logged) when the folder cannot be handled; publishing
** is then skipped, and pages come from the worker.
*/
bool publish_begin_all(const struct config *c, struct publish_plan *plan)
{
	struct buf old = BUF_INIT;

	memset(plan, 0, sizeof *plan);
	plan->lock_fd = -1;
	plan->all = true;
	if (c->publish_dir == NULL)
		return true;
	plan->lock_fd = lock_folder(c->publish_dir);
	if (plan->lock_fd < 0)
		return false;
	buf_printf(&old, "%s.old-%ld-%ld", c->publish_dir, (long)getpid(), (long)time(NULL));
	if (rename(c->publish_dir, old.data) == 0)
		plan->old_dir = buf_detach(&old);
	else if (errno != ENOENT)
		log_error("cannot set aside %s: %s", c->publish_dir, strerror(errno));
	buf_free(&old);
	return file_make_dirs(c->publish_dir) == 0;
}

/*
** Start publishing a change to page page_id (or a program of it): take
** the lock and remove the files it makes stale (the page, and with
** with_related the pages that show its title or summary).
*/
bool publish_begin_page(const struct config *c, struct store *s, int64_t page_id,
			bool with_related, struct publish_plan *plan)
{
	struct buf file = BUF_INIT;
	sqlite3_stmt *st;
	size_t count = 0, i;
	char **paths;
	bool ok = true;

	memset(plan, 0, sizeof *plan);
	plan->lock_fd = -1;
	plan->page_id = page_id;
	plan->with_related = with_related;
	if (c->publish_dir == NULL)
		return true;
	plan->lock_fd = lock_folder(c->publish_dir);
	st = store_prepare(s, related_sql);
	if (plan->lock_fd < 0 || st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, page_id);
	sqlite3_bind_int(st, 2, with_related);
	paths = collect_paths(st, &count);
	for (i = 0; i < count; i++) {
		buf_reset(&file);
		buf_printf(&file, "%s%sindex.html", c->publish_dir, paths[i]);
		if (unlink(file.data) < 0 && errno != ENOENT) {
			log_error("cannot remove %s: %s", file.data, strerror(errno));
			ok = false;
		}
	}
	free_paths(paths, count);
	buf_free(&file);
	return ok;
}

/*
** After the change committed (or failed): render the pages the plan
** covers from the database as it is now, remove a set-aside folder, and
** release the lock. Returns false (logged) when a page could not be
** written; the worker serves it meanwhile.
*/
bool publish_finish(const struct config *c, struct store *s, struct publish_plan *plan)
{
	struct buf html = BUF_INIT;
	sqlite3_stmt *st;
	size_t count = 0, i;
	char **paths;
	bool ok = true;

	if (c->publish_dir == NULL || plan->lock_fd < 0)
		goto done;
	if (plan->all) {
		ok = publish_pages_to(c, s, c->publish_dir) >= 0;
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
	if (plan->old_dir)
		file_remove_tree(plan->old_dir);
done:
	if (plan->lock_fd >= 0)
		close(plan->lock_fd);
	free(plan->old_dir);
	memset(plan, 0, sizeof *plan);
	plan->lock_fd = -1;
	buf_free(&html);
	return ok;
}

/*
** Publish every page afresh (after a restore, an upgrade, or to repair).
** Returns the number of pages, or -1 (logged).
*/
int publish_everything(const struct config *c, struct store *s)
{
	struct publish_plan plan;
	int n;

	if (!publish_begin_all(c, &plan)) {
		publish_finish(c, s, &plan);
		return -1;
	}
	n = publish_pages_to(c, s, c->publish_dir);
	/* The pages are written: finish only cleans up. */
	plan.all = false;
	plan.page_id = 0;
	publish_finish(c, s, &plan);
	return n;
}
