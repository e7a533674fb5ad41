/*
** file.c: writing files whole, so that a web server reading them at the
** same moment sees the old file or the new one, never a part.
*/
#include <errno.h>
#include <fcntl.h>
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
** Create dir and its parents (as mkdir -p) with mode, less the umask;
** folders that exist keep theirs. A folder made inside one with the
** set-group-ID bit takes its group and the bit (the kernel does it),
** which is how the web server's group reaches every published page.
** Returns 0, or -1 (logged).
*/
int file_make_dirs(const char *dir, mode_t mode)
{
	char *path = xstrdup(dir), *p;
	struct stat st;
	int rc = 0;

	for (p = path + 1; rc == 0; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		/* An existing folder is never made again: under systemd's
		** RestrictSUIDSGID (the shipped admin unit), a mkdir asking
		** for the set-group-ID bit fails with EPERM, not EEXIST, even
		** for "/var". */
		if (!(stat(path, &st) == 0 && S_ISDIR(st.st_mode)) && mkdir(path, mode) < 0 &&
		    errno != EEXIST) {
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

/* How far back a new version of a file may be dated (see below). */
#define FILE_DATE_HEADROOM 60	/* seconds */

/*
** The date a new version of a file last dated old_mtime gets (old_mtime
** < 0: there was none): always later than the version it replaces, so
** that the validators web servers derive from dates with one-second
** resolution (Last-Modified, nginx's and Apache's ETags) change with
** every version; and never later than now while the versions of one
** file come at most FILE_DATE_HEADROOM + 1 to a minute: a version is
** dated up to FILE_DATE_HEADROOM seconds back, so that the next ones,
** even within the same second, can be dated later without waiting for
** the clock. Apache answers a date in the future with the time of the
** request, which a copy from the same second would match (304); only a
** burst past the headroom comes to that, and Apache's configuration adds
** the inode (new at every rename) to its ETags for it.
*/
static time_t next_version_date(time_t old_mtime)
{
	time_t earliest = time(NULL) - FILE_DATE_HEADROOM;

	return old_mtime >= earliest ? old_mtime + 1 : earliest;
}

/*
** Write len bytes to path through a temporary file (mode, less the
** umask) renamed into place, dated as next_version_date says, never
** waiting for the clock. Returns 0, or -1 (logged; nothing replaced).
*/
int file_write_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
	struct buf tmp = BUF_INIT;
	struct timespec dates[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
	struct stat old;
	bool written;
	FILE *f = NULL;
	int rc = -1, fd;

	dates[1].tv_sec = next_version_date(stat(path, &old) == 0 ? old.st_mtime : -1);
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	/* A leftover of a process of the same number that died: replaced. */
	unlink(tmp.data);
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd >= 0 && (f = fdopen(fd, "wb")) == NULL)
		close(fd);
	if (f == NULL) {
		log_error("cannot write %s: %s", tmp.data, strerror(errno));
		goto done;
	}
	written = fwrite(data, 1, len, f) == len && fflush(f) == 0 &&
		  futimens(fileno(f), dates) == 0;
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

/*
** Flush path (a file, or a folder after a name in it changed) to the
** disk. Returns 0, or -1 (logged).
*/
int file_sync(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;

	if (rc < 0)
		log_error("cannot sync %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}
