/*
** file.c: writing files whole, so that a web server reading them at the
** same moment sees the old file or the new one, never a part.
*/
#define _XOPEN_SOURCE 700	/* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "log.h"

/*
** Create dir and its parents (as mkdir -p). Returns 0, or -1 (logged).
*/
int file_make_dirs(const char *dir)
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
** Write len bytes to path through a temporary file renamed into place.
** When a file at path was written within the current second, the new
** one is dated a second after it, so that validators a web server
** derives from the time (Last-Modified, nginx's ETag) always change.
** Returns 0, or -1 (logged; nothing replaced).
*/
int file_write_atomic(const char *path, const char *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	struct stat old;
	FILE *f;
	int rc = -1;

	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	f = fopen(tmp.data, "wb");
	if (f == NULL) {
		log_error("cannot write %s: %s", tmp.data, strerror(errno));
		goto done;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0 || fclose(f) != 0) {
		log_error("cannot write %s: %s", tmp.data, strerror(errno));
		unlink(tmp.data);
		goto done;
	}
	if (stat(path, &old) == 0 && old.st_mtime >= time(NULL)) {
		struct timespec times[2] = { { old.st_mtime + 1, 0 }, { old.st_mtime + 1, 0 } };

		utimensat(AT_FDCWD, tmp.data, times, 0);
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

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

/*
** Remove dir and everything in it (as rm -rf). Returns 0, or -1 (logged).
*/
int file_remove_tree(const char *dir)
{
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT) {
		log_error("cannot remove %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}
