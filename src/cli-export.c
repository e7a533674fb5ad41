/*
** cli-export.c: `runningcode export DIR`, the whole public site as
** static files, for any web server or CDN: every published page as
** DIR/<path>/index.html (rendered by render.c, byte for byte what the
** worker sends), the static assets under DIR/static/, DIR/404.html,
** a page for each old address that links on to the new one, and a
** page at /search/ saying that search needs the live site.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "content.h"
#include "log.h"
#include "render.h"
#include "store.h"
#include "template.h"
#include "validate.h"

#define STATIC_FILE_MAX (16 * 1024 * 1024)

/*
** Create dir and its parents (like mkdir -p). Returns 0, or -1 (logged).
*/
static int make_dirs(const char *dir)
{
	char *path = xstrdup(dir), *p;
	int rc = 0;

	for (p = path + 1; rc == 0; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			log_error("cannot create %s: %s", path, strerror(errno));
			rc = -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(path);
	return rc;
}

/*
** Write len bytes to path through a temporary file renamed into place,
** so a reader never sees half a file. Returns 0, or -1 (logged).
*/
static int write_file(const char *path, const char *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	FILE *f;
	int rc = -1;

	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	f = fopen(tmp.data, "wb");
	if (f == NULL) {
		log_error("cannot write %s: %s", tmp.data, strerror(errno));
		goto done;
	}
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		log_error("cannot write %s: %s", tmp.data, strerror(errno));
		unlink(tmp.data);
		goto done;
	}
	if (rename(tmp.data, path) < 0) {
		log_error("cannot write %s: %s", path, strerror(errno));
		unlink(tmp.data);
		goto done;
	}
	rc = 0;
done:
	buf_free(&tmp);
	return rc;
}

/*
** Write html as DIR<path>index.html. path is a page path ("/a/b/").
*/
static int write_page(const char *dir, const char *path, const struct buf *html)
{
	struct buf folder = BUF_INIT, file = BUF_INIT;
	int rc;

	buf_printf(&folder, "%s%s", dir, path);
	buf_printf(&file, "%sindex.html", folder.data);
	rc = make_dirs(folder.data) == 0 ? write_file(file.data, html->data, html->len) : -1;
	buf_free(&folder);
	buf_free(&file);
	return rc;
}

/*
** Render and write every published page. Returns the number written,
** or -1 (logged).
*/
static int export_pages(struct store *s, const struct config *c, const char *dir)
{
	static const char sql[] = "SELECT path FROM page WHERE published ORDER BY path";
	sqlite3_stmt *st = store_prepare(s, sql);
	struct buf html = BUF_INIT;
	char **paths = NULL;
	size_t count = 0, i;
	int n = 0;

	if (st == NULL)
		return -1;
	/* Collect first: rendering reuses statements of the same store. */
	while (sqlite3_step(st) == SQLITE_ROW) {
		paths = xrealloc(paths, (count + 1) * sizeof *paths);
		paths[count++] = store_column_text(st, 0);
	}
	sqlite3_reset(st);
	for (i = 0; i < count && n >= 0; i++) {
		const char *path = paths[i];
		struct page p;

		if (validate_page_path(path) && strcmp(path, "/") != 0) {
			log_error("skipping page with an unsafe path: %s", path);
			continue;
		}
		buf_reset(&html);
		if (content_page(s, path, &p) != 1 || !render_page(s, c, &p, &html) ||
		    write_page(dir, path, &html) < 0)
			n = -1;
		else
			n++;
		page_free(&p);
	}
	for (i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
	buf_free(&html);
	return n;
}

/*
** Copy the regular files of the static folder to DIR/static/.
*/
static int export_static(const struct config *c, const char *dir)
{
	struct buf to = BUF_INIT, from = BUF_INIT, data = BUF_INIT;
	struct dirent *e;
	DIR *d = opendir(c->static_dir);
	int rc = 0;

	if (d == NULL) {
		log_error("cannot read %s: %s", c->static_dir, strerror(errno));
		return -1;
	}
	buf_printf(&to, "%s/static", dir);
	rc = make_dirs(to.data);
	while (rc == 0 && (e = readdir(d)) != NULL) {
		struct stat st;

		buf_reset(&from);
		buf_printf(&from, "%s/%s", c->static_dir, e->d_name);
		if (e->d_name[0] == '.' || stat(from.data, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		buf_reset(&to);
		buf_printf(&to, "%s/static/%s", dir, e->d_name);
		buf_reset(&data);
		if (buf_read_file(&data, from.data, STATIC_FILE_MAX) < 0) {
			log_error("cannot read %s: %s", from.data, strerror(errno));
			rc = -1;
		} else {
			rc = write_file(to.data, data.data ? data.data : "", data.len);
		}
	}
	closedir(d);
	buf_free(&to);
	buf_free(&from);
	buf_free(&data);
	return rc;
}

/*
** DIR/404.html, a page at each old address leading to the new one, and
** DIR/search/index.html.
*/
static int export_extras(struct store *s, const struct config *c, const char *dir)
{
	static const char sql[] =
		"SELECT r.path, p.path FROM redirect r JOIN page p ON p.id = r.page_id"
		" WHERE p.published ORDER BY r.path";
	struct page search = {
		.path = (char *)"/search/",
		.title = (char *)"Search",
		.summary = (char *)"",
		.body = (char *)"Search needs the live site: this is a static copy of it. "
			"Use the menu to find your way.",
		.published = 1,
	};
	struct buf html = BUF_INIT, file = BUF_INIT;
	sqlite3_stmt *st;
	int rc = -1;

	buf_printf(&file, "%s/404.html", dir);
	if (!render_not_found(s, c, &html) || write_file(file.data, html.data, html.len) < 0)
		goto done;
	buf_reset(&html);
	if (!render_page(s, c, &search, &html) || write_page(dir, search.path, &html) < 0)
		goto done;
	st = store_prepare(s, sql);
	if (st == NULL)
		goto done;
	rc = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *from = (const char *)sqlite3_column_text(st, 0);

		buf_reset(&html);
		if (validate_page_path(from) || !render_moved(c, (const char *)sqlite3_column_text(st, 1), &html))
			continue;
		rc = write_page(dir, from, &html);
	}
	sqlite3_reset(st);
done:
	buf_free(&html);
	buf_free(&file);
	return rc;
}

int cli_export(struct cli_options *o, int argc, char **argv)
{
	char err[512];
	struct store *s;
	int pages = -1;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-c FILE] [-d DATABASE] export DIR\n"
		       "Write every published page as DIR/<path>/index.html, the static files\n"
		       "as DIR/static/, DIR/404.html and pages for moved addresses. Files of\n"
		       "the same names in DIR are replaced.\n");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '\0') {
		log_error("usage: runningcode export DIR");
		return 2;
	}
	if (!tpl_set_root(o->config.templates)) {
		log_error("template folder %s cannot be used", o->config.templates);
		return 1;
	}
	s = store_open(o->config.database, STORE_READONLY, err, sizeof err);
	if (s == NULL) {
		log_error("%s", err);
		return 1;
	}
	if (make_dirs(argv[1]) == 0 && export_static(&o->config, argv[1]) == 0 &&
	    export_extras(s, &o->config, argv[1]) == 0)
		pages = export_pages(s, &o->config, argv[1]);
	store_close(s);
	if (pages < 0)
		return 1;
	printf("exported %d pages to %s\n", pages, argv[1]);
	return 0;
}
