/*
** cli-replicate.c: `runningcode replicate [DEST]`, a consistent snapshot
** of the site (database, published folder, files) sent to a standby
** origin with rsync (the shipped runningcode-replicate timer runs it).
**
** Here, beside the database, <database>.replicate/ holds the snapshot:
** under the published folder's shared lock (no change that publishes
** commits meanwhile) the database is copied with SQLite's backup API
** (one read transaction, never the live file or its WAL), and the
** published folder and the files are hard-linked (rsync --link-dest),
** so that the three agree; then the lock is let go and rsync sends it.
**
** At DEST the standby serves DEST/current, a symbolic link:
**   DEST/snapshots/NAME/{runningcode.db,runningcode.db.standby,public/,files/,
**                        files.deleted/}
**   DEST/current -> snapshots/NAME
** 1. the snapshot goes to a new DEST/snapshots/NAME (unchanged files
**    hard-linked on the standby from the current one, changed ones sent
**    as differences against it);
** 2. rsync replaces the link current by one to NAME, through a
**    temporary name and rename(2): the one atomic swap, which the
**    standby's worker sees (it watches its database's folder and the
**    link to it: site-dbwatch.c) and so opens the database again by
**    its path, now the new one;
** 3. the other snapshots are deleted.
** Killed or failed before 2, the standby keeps serving its previous
** complete snapshot; the unfinished one is deleted by the next run.
** rsync runs as a child with an argv (no shell), found on PATH now.
*/
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "file.h"
#include "file-library.h"
#include "log.h"
#include "publish.h"
#include "standby.h"
#include "store-maintenance.h"

extern char **environ;

/* The names in a snapshot, which the standby's settings name too. */
#define SNAPSHOT_DATABASE "runningcode.db"
#define SNAPSHOT_PUBLISHED "public"
#define SNAPSHOT_FILES "files"
#define SNAPSHOT_DELETED_FILES "files" FILE_LIBRARY_DELETED

/* rsync gives up on a standby that does not answer for this long, s. */
#define RSYNC_TIMEOUT "--timeout=120"

/* What a replicate works with; freed by replica_free. */
struct replica {
	const struct config *config;
	const char *dest;	/* as given */
	char *rsync;		/* owned: rsync's path */
	struct buf stage;	/* <database>.replicate */
	struct buf snapshot;	/* stage/snapshot: what is sent */
	struct buf empty;	/* stage/empty: an empty folder, for deleting with rsync */
	char name[64];		/* the snapshot's name at DEST */
	int lock_fd;		/* stage, locked: one replicate at a time */
};

/* Print replicate's usage to f. */
static void usage(FILE *f)
{
	fprintf(f, "usage: runningcode [-c FILE] replicate [DEST]\n"
		   "Send a consistent snapshot of the database, the published folder and the\n"
		   "files to a standby origin with rsync; the standby serves DEST/current.\n"
		   "DEST: HOST:PATH (through ssh), rsync://HOST[:PORT]/MODULE/PATH (an rsync\n"
		   "daemon) or a folder on this machine; default: the replicate_to setting.\n");
}

/*
** The path of the program name on $PATH (or /usr/bin:/bin), newly
** allocated (the caller frees it), or NULL when there is none.
*/
static char *find_program(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	struct buf candidate = BUF_INIT;

	if (path == NULL || *path == '\0')
		path = "/usr/bin:/bin";
	for (p = path; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		if (end == p)	/* an empty entry (the current folder): never */
			continue;
		buf_reset(&candidate);
		buf_printf(&candidate, "%.*s/%s", (int)(end - p), p, name);
		if (access(candidate.data, X_OK) == 0)
			return buf_detach(&candidate);
	}
	buf_free(&candidate);
	return NULL;
}

/*
** What rsync's exit status means, for the message (its own lines on
** stderr say the detail).
*/
static const char *rsync_status_text(int status)
{
	switch (status) {
	case 1: return "syntax or usage error";
	case 3: return "a folder could not be used";
	case 5: return "the rsync daemon refused or could not start (module?)";
	case 10: return "error in socket I/O (is the standby reachable?)";
	case 11: return "error in file I/O";
	case 12: return "error in the protocol data stream";
	case 20: return "interrupted";
	case 23: return "some files could not be transferred";
	case 24: return "some files vanished while sent";
	case 30: return "timeout";
	case 35: return "timeout waiting for the daemon";
	case 255: return "ssh failed (host, key or path?)";
	default: return "see its messages above";
	}
}

/*
** Run rsync with args (after its name, NULL-terminated), for the step
** named what; its messages go to our stderr. Returns 0, or -1 (logged).
*/
static int run_rsync(const struct replica *r, const char *what, const char *const *args)
{
	const char *argv[24];
	size_t n = 0;
	pid_t pid;
	int status, err;

	argv[n++] = "rsync";
	while (*args && n + 1 < sizeof argv / sizeof argv[0])
		argv[n++] = *args++;
	argv[n] = NULL;
	err = posix_spawn(&pid, r->rsync, NULL, NULL, (char *const *)argv, environ);
	if (err != 0) {
		log_error("%s: cannot run %s: %s", what, r->rsync, strerror(err));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			log_error("%s: cannot wait for rsync: %s", what, strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		log_error("%s: rsync failed with exit status %d (%s)", what, WEXITSTATUS(status),
			  rsync_status_text(WEXITSTATUS(status)));
	else
		log_error("%s: rsync was killed by signal %d", what, WTERMSIG(status));
	return -1;
}

/*
** Make r's folders beside the database and lock the stage, so that a
** second replicate started meanwhile stops at once. Returns 0, or -1
** (logged).
*/
static int replica_prepare(struct replica *r)
{
	char *copy = xstrdup(r->config->database);
	const char *folder = dirname(copy);
	struct stat st;
	int rc = -1;

	buf_printf(&r->stage, "%s.replicate", r->config->database);
	buf_printf(&r->snapshot, "%s/snapshot", r->stage.data);
	buf_printf(&r->empty, "%s/empty", r->stage.data);
	/* 0700: the snapshot holds the database's password and session hashes. */
	if ((mkdir(r->stage.data, 0700) < 0 && errno != EEXIST) ||
	    (mkdir(r->empty.data, 0700) < 0 && errno != EEXIST) ||
	    (mkdir(r->snapshot.data, 0750) < 0 && errno != EEXIST)) {
		log_error("cannot make %s: %s", r->stage.data, strerror(errno));
		goto done;
	}
	/* At the standby, the snapshot's folder stands where the database's
	** folder stands here: the same group (www-data under Debian's
	** layout, which may look in but reads only the published files). */
	if (stat(folder, &st) < 0 || chown(r->snapshot.data, (uid_t)-1, st.st_gid) < 0 ||
	    chmod(r->snapshot.data, 0750) < 0) {
		log_error("cannot give %s the group of %s: %s", r->snapshot.data, folder, strerror(errno));
		goto done;
	}
	r->lock_fd = open(r->stage.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->lock_fd < 0 || flock(r->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		log_error("cannot lock %s: %s", r->stage.data,
			  errno == EWOULDBLOCK ? "another replicate is running" : strerror(errno));
		goto done;
	}
	rc = 0;
done:
	free(copy);
	return rc;
}

/*
** Hard-link a copy of the folder from (NULL, missing or set aside by a
** publish that did not finish: none) into the snapshot as name; with
** none, name is an empty folder (the standby's worker then serves what
** it would hold). Returns 0, or -1 (logged).
*/
static int stage_folder(struct replica *r, const char *from, const char *name)
{
	struct buf src = BUF_INIT, dst = BUF_INIT, link_dest = BUF_INIT, pending = BUF_INIT;
	/* Absolute: rsync reads a relative --link-dest from dst. */
	char *folder = from ? realpath(from, NULL) : NULL;
	const char *args[6];
	size_t n = 0;
	int rc;

	buf_printf(&dst, "%s/%s/", r->snapshot.data, name);
	if (folder)
		buf_printf(&pending, "%s.pending", from);
	args[n++] = "-a";
	if (folder && access(pending.data, F_OK) < 0) {
		buf_printf(&src, "%s/", folder);
		buf_printf(&link_dest, "--link-dest=%s", folder);
		args[n++] = link_dest.data;
	} else {
		buf_printf(&src, "%s/", r->empty.data);
	}
	args[n++] = src.data;
	args[n++] = dst.data;
	args[n] = NULL;
	rc = run_rsync(r, "copying a folder into the snapshot", args);
	free(folder);
	buf_free(&src);
	buf_free(&dst);
	buf_free(&link_dest);
	buf_free(&pending);
	return rc;
}

/*
** Make the snapshot in r->snapshot: the database, its standby mark
** naming this machine, the published folder and the files, all under
** the published folder's shared lock. Returns 0, or -1 (logged).
*/
static int stage_snapshot(struct replica *r)
{
	struct buf db = BUF_INIT, mark = BUF_INIT, writer = BUF_INIT;
	struct buf empty = BUF_INIT, snapshot = BUF_INIT, deleted = BUF_INIT;
	struct publish_lock lock = { .fd = -1 };
	char host[256];
	time_t now = time(NULL);
	struct tm tm;
	int rc = -1;

	buf_printf(&db, "%s/" SNAPSHOT_DATABASE, r->snapshot.data);
	buf_printf(&mark, "%s" STANDBY_SUFFIX, db.data);
	buf_printf(&empty, "%s/", r->empty.data);
	buf_printf(&snapshot, "%s/", r->snapshot.data);
	if (r->config->files_dir)
		buf_printf(&deleted, "%s" FILE_LIBRARY_DELETED, r->config->files_dir);
	if (gethostname(host, sizeof host) < 0)
		snprintf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	gmtime_r(&now, &tm);
	buf_printf(&writer, "%s\nreplicated %04d-%02d-%02d %02d:%02d:%02d UTC from %s\n", host,
		   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		   r->config->database);
	{
		/* Emptied, so that every file is hard-linked afresh: a file of
		** the last snapshot is never taken for the new one by its size
		** and time. */
		const char *args[] = { "-r", "--delete", empty.data, snapshot.data, NULL };

		if (run_rsync(r, "emptying the last snapshot", args) < 0)
			goto done;
	}
	if (!publish_hold(r->config, &lock))
		goto done;
	if (store_backup(r->config->database, db.data, false) < 0 ||
	    stage_folder(r, r->config->publish_dir, SNAPSHOT_PUBLISHED) < 0 ||
	    stage_folder(r, r->config->files_dir, SNAPSHOT_FILES) < 0 ||
	    stage_folder(r, deleted.data, SNAPSHOT_DELETED_FILES) < 0)
		goto done;
	publish_release(&lock);
	/* Checked once the lock is let go: saves need not wait for it. */
	if (store_integrity_problems(db.data, NULL) != 0) {
		log_error("the snapshot's database fails its integrity check; nothing sent");
		goto done;
	}
	if (file_write_atomic(mark.data, writer.data, writer.len, STORE_FILE_MODE) < 0)
		goto done;
	rc = 0;
done:
	publish_release(&lock);
	buf_free(&db);
	buf_free(&mark);
	buf_free(&writer);
	buf_free(&empty);
	buf_free(&snapshot);
	buf_free(&deleted);
	return rc;
}

/*
** DEST with the path rel under it: a slash between them unless DEST
** ends in one or in the ':' of HOST: (the remote home folder). Newly
** allocated; the caller frees it.
*/
static char *dest_path(const char *dest, const char *rel)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(dest);

	buf_printf(&b, "%s%s%s", dest, n && (dest[n - 1] == '/' || dest[n - 1] == ':') ? "" : "/", rel);
	return buf_detach(&b);
}

/*
** Send the snapshot to DEST as r->name, swap DEST/current to it, and
** delete the other snapshots there (see the top of this file). Returns
** 0, or -1 (logged: the standby serves what it served before).
*/
static int send_snapshot(struct replica *r)
{
	struct buf src = BUF_INIT, link = BUF_INIT, empty = BUF_INIT, keep = BUF_INIT, rel = BUF_INIT;
	char *snapshot_dest = NULL, *snapshots = dest_path(r->dest, "snapshots/");
	char *top = dest_path(r->dest, "");
	int rc = -1;

	buf_printf(&src, "%s/", r->snapshot.data);
	buf_printf(&link, "%s/current", r->stage.data);
	buf_printf(&empty, "%s/", r->empty.data);
	buf_printf(&keep, "--exclude=/%s/", r->name);
	buf_printf(&rel, "snapshots/%s", r->name);
	snapshot_dest = dest_path(r->dest, rel.data);
	if ((unlink(link.data) < 0 && errno != ENOENT) || symlink(rel.data, link.data) < 0) {
		log_error("cannot make %s: %s", link.data, strerror(errno));
		goto done;
	}
	{
		/* Files unchanged since the current snapshot are hard-linked from it.
		** Groups by name (the database runningcode's, the published files
		** www-data's), which the receiving user must be in; owner: it. */
		const char *send[] = { "-rlptg", "--delete", "--mkpath", RSYNC_TIMEOUT,
				       "--link-dest=../../current/", src.data, snapshot_dest, NULL };
		const char *swap[] = { "-l", "--times", RSYNC_TIMEOUT, link.data, top, NULL };
		const char *prune[] = { "-r", "--delete", RSYNC_TIMEOUT, keep.data, empty.data,
					snapshots, NULL };

		if (run_rsync(r, "sending the snapshot", send) < 0 ||
		    run_rsync(r, "swapping the standby to the new snapshot", swap) < 0)
			goto done;
		/* The swap is done: a failure here leaves old snapshots behind. */
		if (run_rsync(r, "deleting the standby's older snapshots", prune) < 0)
			log_error("the standby serves the new snapshot; the next replicate "
				  "deletes the old ones");
	}
	rc = 0;
done:
	free(snapshot_dest);
	free(snapshots);
	free(top);
	buf_free(&src);
	buf_free(&link);
	buf_free(&empty);
	buf_free(&keep);
	buf_free(&rel);
	return rc;
}

/*
** Free what r holds and unlock its stage.
*/
static void replica_free(struct replica *r)
{
	if (r->lock_fd >= 0)
		close(r->lock_fd);
	free(r->rsync);
	buf_free(&r->stage);
	buf_free(&r->snapshot);
	buf_free(&r->empty);
}

/*
** Whether dest can be sent to; for a folder on this machine, that it
** is one. Returns 0, or -1 (logged).
*/
static int check_dest(const char *dest)
{
	enum standby_dest_kind kind;
	const char *problem = standby_dest_problem(dest, &kind), *why;
	struct stat st;

	if (problem) {
		log_error("replicate: %.200s is not a DEST: %s", dest, problem);
		return -1;
	}
	if (kind != STANDBY_DEST_LOCAL)
		return 0;
	why = stat(dest, &st) < 0 ? strerror(errno) : S_ISDIR(st.st_mode) ? NULL : "not a folder";
	if (why) {
		log_error("replicate: %.200s is not a folder on this machine (%s); for another "
			  "machine, give HOST:PATH or rsync://HOST[:PORT]/MODULE/PATH", dest, why);
		return -1;
	}
	return 0;
}

/*
** `runningcode replicate [DEST]` (argv[0] is "replicate"): send a
** snapshot to DEST, or to the replicate_to setting. Returns the exit
** status: 0, 1 (it failed: logged) or 2 (usage, or a DEST that cannot
** be one).
*/
int cli_replicate(struct cli_options *o, int argc, char **argv)
{
	struct replica r = { .config = &o->config, .lock_fd = -1,
			     .stage = BUF_INIT, .snapshot = BUF_INIT, .empty = BUF_INIT };
	char writer[STANDBY_WRITER_MAX + 1];
	struct timespec start, end;
	struct tm tm;
	time_t now;
	int rc = 1;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc > 2) {
		usage(stderr);
		return 2;
	}
	r.dest = argc == 2 ? argv[1] : o->config.replicate_to;
	if (r.dest == NULL) {
		log_error("replicate: give a DEST, or set replicate_to in the config");
		return 2;
	}
	if (check_dest(r.dest) < 0)
		return 2;
	if (standby_writer(&o->config, writer, sizeof writer)) {
		log_error("replicate: this node is a standby of %s; it sends nothing "
			  "('runningcode promote' makes it the writer)", writer);
		return 1;
	}
	if ((r.rsync = find_program("rsync")) == NULL) {
		log_error("replicate: rsync is not installed (Debian: apt-get install rsync)");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	now = time(NULL);
	gmtime_r(&now, &tm);
	snprintf(r.name, sizeof r.name, "%04d%02d%02dT%02d%02d%02dZ-%ld", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)getpid());
	if (replica_prepare(&r) < 0 || stage_snapshot(&r) < 0 || send_snapshot(&r) < 0) {
		log_error("replicate: not done; the standby at %.200s serves its previous snapshot",
			  r.dest);
		goto done;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	printf("replicated to %s: snapshot %s, %.3f s\n", r.dest, r.name,
	       (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
	rc = 0;
done:
	replica_free(&r);
	return rc;
}
