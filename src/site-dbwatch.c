/*
** site-dbwatch.c: whether the database file was replaced, moved or deleted (a
** backup moved into place, the file moved away), so that the worker's
** threads can keep their connections open and still never serve from a
** file that is no longer the database.
**
** SQLite tells the same (SQLITE_FCNTL_HAS_MOVED), but by a stat() of the
** whole path at every request; here a request costs one read() of an
** inotify descriptor that finds nothing. The kernel queues an event
** before the rename or unlink that causes it returns, so a request that
** comes after one finds it.
**
** One descriptor watches the database's folder for the whole process.
** Each look drains it and counts the changes under one mutex: a thread
** that finds the queue empty sees every change counted before.
*/
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "site-dbwatch.h"

/* What makes the name in the folder lead to another file, or none. */
#define FOLDER_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
		       IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
/* Events after which the folder is no longer watched at its path. */
#define FOLDER_LOST (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int inotify_fd = -1;
static int folder_wd = -1;	/* -1: the folder is not watched now */
static char *folder;		/* owned: the database's folder */
static char *file_name;		/* owned: its name in the folder */
static unsigned long changes;	/* counted so far */

/*
** Make the inotify descriptor. Call before the system-call filter, which
** does not allow making one. Returns false (logged) when the system
** refuses; watch_changes then always says it cannot tell.
*/
bool watch_init(void)
{
	inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (inotify_fd >= 0)
		return true;
	log_error("cannot watch the database's folder (%s); checking the file at every request",
		  strerror(errno));
	return false;
}

/*
** Watch the file at path from now on, in place of the one watched
** before; counts a change, so that every thread opens path afresh.
** A folder that is missing now is watched once it exists.
*/
void watch_file(const char *path)
{
	const char *slash = strrchr(path, '/');

	pthread_mutex_lock(&lock);
	free(folder);
	free(file_name);
	if (slash == NULL) {
		folder = xstrdup(".");
		file_name = xstrdup(path);
	} else {
		folder = xstrdup(path);
		folder[slash == path ? 1 : slash - path] = '\0';
		file_name = xstrdup(slash + 1);
	}
	if (inotify_fd >= 0) {
		if (folder_wd >= 0)
			inotify_rm_watch(inotify_fd, folder_wd);
		folder_wd = inotify_add_watch(inotify_fd, folder, FOLDER_EVENTS);
	}
	changes++;
	pthread_mutex_unlock(&lock);
}

/*
** Count the queued events that concern the watched file; note in *lost
** whether the folder stopped being watched at its path.
*/
static void count_events(bool *lost)
{
	char events[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;

	while ((n = read(inotify_fd, events, sizeof events)) > 0) {
		for (p = events; p < events + n; p += sizeof *ev + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW) {
				changes++;	/* events were lost: assume the worst */
			} else if (ev->wd != folder_wd) {
				continue;	/* a watch removed before */
			} else if (ev->mask & FOLDER_LOST) {
				changes++;
				*lost = true;
			} else if (ev->len && strcmp(ev->name, file_name) == 0) {
				changes++;
			}
		}
	}
}

/*
** Set *count to the number of changes to the watched file so far: when
** it differs from a count taken before a connection was opened, the
** file at the path may be another one. Returns false when it cannot be
** told (no inotify, or the folder is missing): ask the file itself.
*/
bool watch_changes(unsigned long *count)
{
	bool lost = false, known = false;

	pthread_mutex_lock(&lock);
	if (inotify_fd < 0 || file_name == NULL)
		goto done;
	if (folder_wd >= 0)
		count_events(&lost);
	if (lost) {
		/* Moved away, the watch follows the folder: take it off. */
		inotify_rm_watch(inotify_fd, folder_wd);
		folder_wd = -1;
	}
	if (folder_wd < 0) {
		folder_wd = inotify_add_watch(inotify_fd, folder, FOLDER_EVENTS);
		if (folder_wd < 0)
			goto done;
		changes++;	/* what happened while unwatched is unknown */
	}
	*count = changes;
	known = true;
done:
	pthread_mutex_unlock(&lock);
	return known;
}
