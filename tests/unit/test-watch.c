/*
** test-watch.c: site-dbwatch.c on a real folder under $RC_BUILDDIR/tests/tmp/.
** Every way the database's name can come to lead to another file, or to
** none, counts a change; writes to the file and other names in the
** folder (its -wal and -shm, sockets, logs) do not. A folder moved away
** cannot be told about until it is back.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "tap.h"
#include "site-dbwatch.h"

static struct buf dir = BUF_INIT;

/* The path of name in the test's folder; a static buffer, overwritten by the next call. */
static const char *in_dir(const char *name)
{
	static struct buf path = BUF_INIT;

	buf_reset(&path);
	buf_printf(&path, "%s/%s", dir.data, name);
	return path.data;
}

/* Rename (or, with hard, hard-link) from to to, both in the folder. */
static int move(const char *from, const char *to, bool hard)
{
	struct buf a = BUF_INIT;
	int rc;

	buf_puts(&a, in_dir(from));
	rc = hard ? link(a.data, in_dir(to)) : rename(a.data, in_dir(to));
	buf_free(&a);
	return rc;
}

/* Make the file name in the folder, with some bytes. */
static void make_file(const char *name)
{
	int fd = open(in_dir(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		if (write(fd, "data\n", 5) != 5)
			diag("cannot write %s", name);
		close(fd);
	}
}

/* The watch's count now, or -1 when it cannot tell. */
static long changes(void)
{
	unsigned long n;

	return watch_changes(&n) ? (long)n : -1;
}

/* Whether the count moved on since *last; *last becomes the count now. */
static bool changed(long *last)
{
	long now = changes();
	bool moved = now != *last;

	*last = now;
	return moved;
}

int main(void)
{
	const char *build = getenv("RC_BUILDDIR");
	struct buf away = BUF_INIT, other = BUF_INIT;
	long n;
	int fd;

	/* tests/tmp may not exist yet: this test can run first, or alone. */
	buf_printf(&dir, "%s/tests", build ? build : ".");
	mkdir(dir.data, 0755);
	buf_puts(&dir, "/tmp");
	mkdir(dir.data, 0755);
	buf_printf(&dir, "/unit-watch-%ld", (long)getpid());
	buf_printf(&away, "%s.away", dir.data);
	buf_printf(&other, "%s.other", dir.data);
	if (!ok(mkdir(dir.data, 0755) == 0 && mkdir(other.data, 0755) == 0,
		"folders %s and .other made", dir.data))
		return tap_done();
	ok(changes() < 0, "nothing watched yet: cannot tell");
	if (!ok(watch_init(), "inotify available"))
		return tap_done();
	make_file("rc.db");
	watch_file(in_dir("rc.db"));
	n = changes();
	ok(n >= 0, "the folder watched: the count is known");
	ok(!changed(&n), "nothing happened: the same count");

	fd = open(in_dir("rc.db"), O_WRONLY | O_APPEND);
	ok(fd >= 0 && write(fd, "more\n", 5) == 5, "the file written to");
	if (fd >= 0)
		close(fd);
	make_file("rc.db-wal");
	make_file("rc.db-shm");
	unlink(in_dir("rc.db-wal"));
	make_file("notes");
	move("notes", "notes.old", false);
	ok(!changed(&n), "writes to the file, other names made, moved, deleted: the same count");

	make_file("restored");
	move("restored", "rc.db", false);
	ok(changed(&n), "another file moved into its place: a change");
	ok(!changed(&n), "seen once, then the same count");
	move("rc.db", "rc.db.old", false);
	ok(changed(&n), "moved away: a change");
	make_file("rc.db");
	ok(changed(&n), "made anew: a change");
	unlink(in_dir("rc.db"));
	ok(changed(&n), "deleted: a change");
	make_file("rc.db");
	ok(changed(&n), "made again: a change");
	ok(move("rc.db", "rc.db.link", true) == 0 && !changed(&n),
	   "a second name for it: the same count");
	ok(!changed(&n), "and still the same");

	ok(rename(dir.data, away.data) == 0, "the folder moved away");
	ok(changes() < 0, "while no folder is at the path: cannot tell");
	ok(mkdir(dir.data, 0755) == 0 && changes() > n, "a folder at the path again: known, and changed");
	n = changes();
	make_file("rc.db");
	ok(changed(&n), "a file made in the new folder: a change");
	move("rc.db", "x", false);
	move("x", "rc.db", false);
	ok(changed(&n), "moved out and back: a change");

	watch_file(in_dir("rc.db"));
	ok(changed(&n), "watching a file anew counts a change");
	{
		struct buf path = BUF_INIT;

		buf_printf(&path, "%s/rc.db", other.data);
		watch_file(path.data);
		ok(changed(&n), "watching another folder counts a change");
		make_file("rc.db.new");
		move("rc.db.new", "rc.db", false);
		ok(!changed(&n), "the folder watched before no longer counts");
		fd = open(path.data, O_WRONLY | O_CREAT, 0644);
		if (fd >= 0)
			close(fd);
		ok(changed(&n), "the new one does");
		unlink(path.data);
		buf_free(&path);
	}

	/* A folder reached through a link (a standby's current), swapped as
	** rsync swaps it: a new link renamed over the old. */
	{
		struct buf link = BUF_INIT, path = BUF_INIT;

		ok(mkdir(in_dir("one"), 0755) == 0 && mkdir(in_dir("two"), 0755) == 0 &&
		   symlink("one", in_dir("current")) == 0, "two folders and a link to one");
		make_file("one/rc.db");
		make_file("two/rc.db");
		buf_printf(&link, "%s", in_dir("current"));
		buf_printf(&path, "%s/rc.db", link.data);
		watch_file(path.data);
		n = changes();
		ok(n >= 0, "the folder behind the link watched");
		make_file("one/rc.db-wal");
		ok(!changed(&n), "other names there: the same count");
		ok(symlink("two", in_dir(".current.tmp")) == 0 && move(".current.tmp", "current", false) == 0,
		   "the link swapped to the other folder");
		ok(changed(&n), "the link swapped: a change");
		make_file("one/rc.db.new");
		move("one/rc.db.new", "one/rc.db", false);
		ok(!changed(&n), "the folder the link left no longer counts");
		make_file("two/rc.db.new");
		move("two/rc.db.new", "two/rc.db", false);
		ok(changed(&n), "the one it leads to now does");
		unlink(in_dir("current"));
		ok(changes() < 0, "no link: cannot tell");
		ok(symlink("one", in_dir("current")) == 0 && changes() > n, "a link again: known, and changed");
		watch_file(in_dir("rc.db"));
		unlink(in_dir("current"));
		unlink(in_dir("one/rc.db"));
		unlink(in_dir("one/rc.db-wal"));
		unlink(in_dir("two/rc.db"));
		rmdir(in_dir("one"));
		rmdir(in_dir("two"));
		buf_free(&link);
		buf_free(&path);
	}

	/* Tidy up: only when every test passed, so a failure can be looked at. */
	if (tap_failed == 0) {
		static const char *const names[] = { "rc.db", "rc.db.old", "rc.db.link",
						     "rc.db-shm", "notes.old" };

		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			unlink(in_dir(names[i]));
		rmdir(dir.data);
		rmdir(other.data);
		buf_reset(&dir);
		buf_printf(&dir, "%s", away.data);
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			unlink(in_dir(names[i]));
		rmdir(away.data);
	}
	buf_free(&dir);
	buf_free(&away);
	buf_free(&other);
	return tap_done();
}
