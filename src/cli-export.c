/*
** cli-export.c: `runningcode export DIR`, the whole public site as
** static files, for any web server or CDN: every published page as
** DIR/<path>/index.html (rendered by render.c, byte for byte what the
** worker sends), the static assets under DIR/static/, the uploaded
** files under DIR/files/ (their headers are the web server's: conf/),
** DIR/404.html,
** a page for each old address that links on to the new one, and a
** page at /search/ saying that search needs the live site.
*/
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "file.h"
#include "log.h"
#include "media.h"
#include "model-public.h"
#include "publish.h"
#include "render.h"
#include "store.h"
#include "validate.h"

#define STATIC_FILE_MAX (16 * 1024 * 1024)
#define UPLOAD_FILE_MAX (64 * 1024 * 1024)	/* upload_max_kib's own limit */

/* A file of the static folder: any but hidden ones. */
static bool static_file(const char *name)
{
	return name[0] != '.';
}

/*
** Copy the regular files of folder from whose names wanted takes, each
** of at most max bytes, to DIR/name/. Returns 0, or -1 (logged).
*/
static int export_folder(const char *from_dir, const char *dir, const char *name,
			 bool (*wanted)(const char *file), size_t max)
{
	struct buf to = BUF_INIT, from = BUF_INIT, data = BUF_INIT;
	struct dirent *e;
	DIR *d = opendir(from_dir);
	int rc = 0;

	if (d == NULL) {
		log_error("cannot read %s: %s", from_dir, strerror(errno));
		return -1;
	}
	buf_printf(&to, "%s/%s", dir, name);
	rc = file_make_dirs(to.data, FILE_MODES_EXPORTED.dir);
	while (rc == 0 && (e = readdir(d)) != NULL) {
		struct stat st;

		buf_reset(&from);
		buf_printf(&from, "%s/%s", from_dir, e->d_name);
		if (!wanted(e->d_name) || stat(from.data, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		buf_reset(&to);
		buf_printf(&to, "%s/%s/%s", dir, name, e->d_name);
		buf_reset(&data);
		if (buf_read_file(&data, from.data, max) < 0) {
			log_error("cannot read %s: %s", from.data, strerror(errno));
			rc = -1;
		} else {
			rc = file_write_atomic(to.data, data.data ? data.data : "", data.len,
					       FILE_MODES_EXPORTED.file);
		}
	}
	closedir(d);
	buf_free(&to);
	buf_free(&from);
	buf_free(&data);
	return rc;
}

/*
** The static folder to DIR/static/, and the uploaded files (those the
** admin stored, by their names) to DIR/files/, which pages link to.
** Returns 0, or -1 (logged).
*/
static int export_assets(const struct config *c, const char *dir)
{
	struct stat st;

	if (export_folder(c->static_dir, dir, "static", static_file, STATIC_FILE_MAX) < 0)
		return -1;
	if (c->files_dir == NULL || (stat(c->files_dir, &st) < 0 && errno == ENOENT))
		return 0;	/* uploads off, or none yet */
	return export_folder(c->files_dir, dir, "files", media_stored_name_ok, UPLOAD_FILE_MAX);
}

/*
** DIR/404.html, a page at each old address leading to the new one, and
** DIR/search/index.html.
*/
static int export_extras(struct store *s, const struct config *c, const char *dir)
{
	struct page search = {
		.path = (char *)"/search/",
		.title = (char *)"Search",
		.summary = (char *)"",
		.body = (char *)"Search needs the live site: this is a static copy of it. "
			"Use the menu to find your way.",
		.published = 1,
	};
	struct buf html = BUF_INIT, file = BUF_INIT;
	struct path_list moved;
	size_t i;
	int rc = -1;

	memset(&moved, 0, sizeof moved);

	buf_printf(&file, "%s/404.html", dir);
	if (!render_not_found(s, c, &html) ||
	    file_write_atomic(file.data, html.data, html.len, FILE_MODES_EXPORTED.file) < 0)
		goto done;
	buf_reset(&html);
	if (!render_page(s, c, &search, &html) ||
	    publish_write_page(dir, search.path, &html, FILE_MODES_EXPORTED) < 0)
		goto done;
	if (public_redirects(s, &moved) < 0)
		goto done;
	rc = 0;
	for (i = 0; i < moved.n && rc == 0; i++) {
		const char *from = moved.items[i].path;

		buf_reset(&html);
		if (validate_page_path(from) || !render_moved(c, moved.items[i].other, &html))
			continue;
		rc = publish_write_page(dir, from, &html, FILE_MODES_EXPORTED);
	}
done:
	path_list_free(&moved);
	buf_free(&html);
	buf_free(&file);
	return rc;
}

int cli_export(struct cli_options *o, int argc, char **argv)
{
	struct store *s;
	int pages = -1;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-c FILE] [-d DATABASE] export DIR\n"
		       "Write every published page as DIR/<path>/index.html, the static files\n"
		       "as DIR/static/, the uploaded files as DIR/files/, DIR/404.html and pages\n"
		       "for moved addresses. Files of the same names in DIR are replaced.\n");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '\0') {
		log_error("usage: runningcode export DIR");
		return 2;
	}
	s = cli_open_for_rendering(o);
	if (s == NULL)
		return 1;
	if (file_make_dirs(argv[1], FILE_MODES_EXPORTED.dir) == 0 &&
	    export_assets(&o->config, argv[1]) == 0 && export_extras(s, &o->config, argv[1]) == 0)
		pages = publish_pages_to(&o->config, s, argv[1], FILE_MODES_EXPORTED);
	store_close(s);
	if (pages < 0)
		return 1;
	printf("exported %d pages to %s\n", pages, argv[1]);
	return 0;
}
