/*
** file.c: writing files whole, so that a web server reading them at the
** same moment sees the old file or the new one, never a part.
*/
#include <errno.h>
#include <stdbool.h>
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
** Sleep until the clock has passed the second when (rarely more than a
** fraction of a second; only when a file is rewritten within the second
** it was written in).
*/
static void wait_for_next_second(time_t when)
{
	struct timespec now, pause;

	clock_gettime(CLOCK_REALTIME, &now);
	if (now.tv_sec > when)
		return;
	pause.tv_sec = when - now.tv_sec;
	pause.tv_nsec = 1000000000L - now.tv_nsec;
	while (nanosleep(&pause, &pause) < 0 && errno == EINTR)
		;
}

/*
** Write len bytes to path through a temporary file renamed into place.
** A file replaced within the second it was written in is replaced only
** once that second is over: the new file's date then differs, and so do
** the validators web servers derive from dates (Last-Modified, nginx's
** and Apache's ETags), which have one-second resolution. (Dating the
** new file a second ahead instead fails with Apache: it sends the time
** of the request for a date in the future, and 304 to a copy of the
** previous second.)
** Returns 0, or -1 (logged; nothing replaced).
*/
int file_write_atomic(const char *path, const char *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	struct stat old;
	bool written;
	FILE *f;
	int rc = -1;

	if (stat(path, &old) == 0)
		wait_for_next_second(old.st_mtime);
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	f = fopen(tmp.data, "wb");
	if (f == NULL) {
		log_error("cannot write %s: %s", tmp.data, strerror(errno));
		goto done;
	}
	written = fwrite(data, 1, len, f) == len && fflush(f) == 0;
	if (fclose(f) != 0 || !written) {
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
