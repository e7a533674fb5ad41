/*
** fuzz-db.h: the seeded database of the harnesses that read one
** (fuzz-template, fuzz-search). fuzz_db_open makes it as `runningcode
** init` makes it (sql/schema.sql, sql/migrate-N.sql, sql/seed.sql) in a
** fresh folder under $RC_FUZZ_TMP (default $TMPDIR or /tmp), and opens
** it read-only as the worker opens it; the folder goes at exit. sql/ is
** found under the source tree: $RC_SRCDIR, else three folders above
** the harness (tests/fuzz/build/HARNESS). Include it in one file only.
*/
#ifndef RC_FUZZ_DB_H
#define RC_FUZZ_DB_H

#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fuzz.h"

#include "buf.h"
#include "store.h"

static struct store *fuzz_store;	/* owned here: closed at exit */
static char fuzz_db_dir[PATH_MAX], fuzz_db_path[PATH_MAX + 16];

/* Stop the harness before fuzzing: its set-up failed. */
static void fuzz_die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, detail);
	exit(2);
}

/* The top of the source tree into top (len bytes): $RC_SRCDIR, or three
** folders above the harness. */
static void fuzz_find_top(char *top, size_t len)
{
	const char *env = getenv("RC_SRCDIR");
	char exe[PATH_MAX];
	ssize_t n;
	int up;

	if (env && *env) {
		snprintf(top, len, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n < 0)
		fuzz_die("readlink /proc/self/exe", strerror(errno));
	exe[n] = '\0';
	for (up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');

		if (slash == NULL)
			fuzz_die("cannot find the source tree from", exe);
		*slash = '\0';
	}
	snprintf(top, len, "%s", exe);
}

/* Run the SQL file at path on db, or stop the harness. */
static void fuzz_db_exec_file(sqlite3 *db, const char *path)
{
	struct buf sql = BUF_INIT;
	char *msg = NULL;

	if (buf_read_file(&sql, path, 8 << 20) < 0)
		fuzz_die(path, strerror(errno));
	if (sqlite3_exec(db, sql.data, NULL, NULL, &msg) != SQLITE_OK)
		fuzz_die(path, msg ? msg : sqlite3_errmsg(db));
	buf_free(&sql);
}

/* Close the database and remove its folder (at exit). */
static void fuzz_db_remove(void)
{
	char path[PATH_MAX + 32];

	store_close(fuzz_store);
	fuzz_store = NULL;
	unlink(fuzz_db_path);
	snprintf(path, sizeof path, "%s-wal", fuzz_db_path);
	unlink(path);
	snprintf(path, sizeof path, "%s-shm", fuzz_db_path);
	unlink(path);
	rmdir(fuzz_db_dir);
}

/*
** Make the seeded database for the harness called name, open it
** read-only and return it (fuzz-db.h owns it), or stop the harness.
** top is the source tree (fuzz_find_top).
*/
static struct store *fuzz_db_open(const char *name, const char *top)
{
	const char *tmp = getenv("RC_FUZZ_TMP");
	char path[PATH_MAX + 64], err[256];
	sqlite3 *db;
	int step;

	if (tmp == NULL || *tmp == '\0')
		tmp = getenv("TMPDIR");
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(fuzz_db_dir, sizeof fuzz_db_dir, "%s/%s-XXXXXX", tmp, name);
	if (mkdtemp(fuzz_db_dir) == NULL)
		fuzz_die(fuzz_db_dir, strerror(errno));
	snprintf(fuzz_db_path, sizeof fuzz_db_path, "%s/rc.db", fuzz_db_dir);
	if (sqlite3_open_v2(fuzz_db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		fuzz_die(fuzz_db_path, sqlite3_errmsg(db));
	snprintf(path, sizeof path, "%s/sql/schema.sql", top);
	fuzz_db_exec_file(db, path);
	for (step = 2;; step++) {
		snprintf(path, sizeof path, "%s/sql/migrate-%d.sql", top, step);
		if (access(path, R_OK) < 0)
			break;
		fuzz_db_exec_file(db, path);
	}
	snprintf(path, sizeof path, "%s/sql/seed.sql", top);
	fuzz_db_exec_file(db, path);
	sqlite3_close(db);

	fuzz_store = store_open(fuzz_db_path, STORE_READONLY, err, sizeof err);
	if (fuzz_store == NULL)
		fuzz_die("store_open", err);
	atexit(fuzz_db_remove);
	return fuzz_store;
}

#endif
