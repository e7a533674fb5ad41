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
**
** A folder reached through a symbolic link (a standby's DEST/current,
** which `runningcode replicate` swaps: cli-replicate.c) is watched where
** the link leads, and the link's own folder too: the link replaced or
** removed counts a change, and the folder is then watched where the
** link leads now.
*/
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "site-dbwatch.h"

/* What makes the name in the folder lead to another file, or none. */
#define FOLDER_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
		       IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
/* Events after which the folder is no longer watched at its path. */
#define FOLDER_LOST (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT)
/* What makes the link's name lead elsewhere; added to any watch of the
** same folder (IN_MASK_ADD), whose events both lines then read. */
#define LINK_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
		     IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_MASK_ADD)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int inotify_fd = -1;
static int folder_wd = -1;	/* -1: the folder is not watched now */
static char *folder;		/* owned: the database's folder */
static char *file_name;		/* owned: its name in the folder */
static int link_wd = -1;	/* -1: the link's folder is not watched now */
static char *link_folder;	/* owned: the folder holding the folder's link, or NULL: no link */
static char *link_name;		/* owned: the link's name there */
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
** Split path into its folder and the name in it (both newly allocated,
** the caller frees them).
*/
static void split(const char *path, char **dir, char **name)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*dir = xstrdup(".");
		*name = xstrdup(path);
	} else {
		*dir = xstrdup(path);
		(*dir)[slash == path ? 1 : slash - path] = '\0';
		*name = xstrdup(slash + 1);
	}
}

/*
** Watch the folder, and the link's folder when there is a link; returns
** false when one of them cannot be watched (missing): a later look tries
** again. With the lock held.
*/
static bool add_watches(void)
{
	if (folder_wd < 0)
		folder_wd = inotify_add_watch(inotify_fd, folder, FOLDER_EVENTS);
	if (link_folder && link_wd < 0)
		link_wd = inotify_add_watch(inotify_fd, link_folder, LINK_EVENTS);
	return folder_wd >= 0 && (link_folder == NULL || link_wd >= 0);
}

/*
** Stop watching, so that add_watches watches the paths afresh. With the
** lock held.
*/
static void remove_watches(void)
{
	if (folder_wd >= 0)
		inotify_rm_watch(inotify_fd, folder_wd);
	if (link_wd >= 0 && link_wd != folder_wd)
		inotify_rm_watch(inotify_fd, link_wd);
	folder_wd = link_wd = -1;
}

/*
** Watch the file at path from now on, in place of the one watched
** before; counts a change, so that every thread opens path afresh.
** A folder that is missing now is watched once it exists.
*/
void watch_file(const char *path)
{
	struct stat st;

	pthread_mutex_lock(&lock);
	free(folder);
	free(file_name);
	free(link_folder);
	free(link_name);
	link_folder = link_name = NULL;
	split(path, &folder, &file_name);
	if (lstat(folder, &st) == 0 && S_ISLNK(st.st_mode))
		split(folder, &link_folder, &link_name);
	if (inotify_fd >= 0) {
		remove_watches();
		add_watches();
	}
	changes++;
	pthread_mutex_unlock(&lock);
}

/*
** Count the queued events that concern the watched file or the link to
** its folder; note in *lost whether a watch no longer follows its path.
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
				continue;
			}
			if (ev->wd == link_wd && ((ev->mask & FOLDER_LOST) ||
			    (ev->len && strcmp(ev->name, link_name) == 0))) {
				changes++;	/* the folder's path leads elsewhere */
				*lost = true;
			}
			if (ev->wd != folder_wd) {
				continue;	/* a watch removed before, or the link's folder */
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
	if (folder_wd >= 0 || link_wd >= 0)
		count_events(&lost);
	if (lost)	/* a watch follows the folder it watched, not the path */
		remove_watches();
	if (folder_wd < 0 || (link_folder && link_wd < 0)) {
		if (!add_watches())
			goto done;
		changes++;	/* what happened while unwatched is unknown */
	}
	*count = changes;
	known = true;
done:
	pthread_mutex_unlock(&lock);
	return known;
}
