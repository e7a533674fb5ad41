/*
** testdb.h: a real database for the unit tests, made as `runningcode
** init` makes one: sql/schema.sql, each sql/migrate-N.sql in turn, then
** sql/seed.sql, in a fresh folder under $RC_BUILDDIR/tests/tmp/. The
** test keeps a read-write connection of its own (testdb_conn) to change
** data between the queries it checks, and to read what the code under
** test wrote (testdb_int, testdb_text, is_sql). testdb_finish ends the
** test: it removes the folder when every check passed (else leaves it
** to look into) and prints the plan.
*/
#ifndef RC_TESTDB_H
#define RC_TESTDB_H

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "tap.h"

static sqlite3 *testdb_conn;

/* mkdir that accepts an existing folder. */
static inline bool testdb_mkdir(const char *path)
{
	return mkdir(path, 0777) == 0 || errno == EEXIST;
}

/* Run sql (a file of ours, or a fixed statement) on db; true on success. */
static inline bool testdb_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		diag("sqlite: %s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return rc == SQLITE_OK;
}

/* Run the SQL file at path on db; true on success. */
static inline bool testdb_exec_file(sqlite3 *db, const char *path)
{
	struct buf sql = BUF_INIT;
	bool done;

	if (buf_read_file(&sql, path, 4 << 20) < 0) {
		diag("cannot read %s: %s", path, strerror(errno));
		return false;
	}
	done = testdb_exec(db, sql.data);
	buf_free(&sql);
	return done;
}

/*
** The first column of the first row of sql, a fixed query of the test's,
** on the test's connection: as an integer (-1 when there is no row, or
** on an error), or as a copy the caller frees (NULL likewise).
*/
static inline int64_t testdb_int(const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (sqlite3_prepare_v2(testdb_conn, sql, -1, &st, NULL) != SQLITE_OK)
		diag("sqlite: %s in %s", sqlite3_errmsg(testdb_conn), sql);
	else if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static inline char *testdb_text(const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *text = NULL;

	if (sqlite3_prepare_v2(testdb_conn, sql, -1, &st, NULL) != SQLITE_OK)
		diag("sqlite: %s in %s", sqlite3_errmsg(testdb_conn), sql);
	else if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		text = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return text;
}

/* Check that sql, a fixed query of the test's, reads want (NULL: no row). */
#define is_sql(sql, want, ...) do { \
	char *is_sql_got = testdb_text(sql); \
	is_str(is_sql_got, (want), __VA_ARGS__); \
	free(is_sql_got); \
} while (0)

/* nftw callback of testdb_remove_tree: remove one file or empty folder. */
static inline int testdb_remove_one(const char *path, const struct stat *st, int type,
				    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	if (remove(path) < 0)
		diag("cannot remove %s: %s", path, strerror(errno));
	return 0;
}

/*
** Remove path and everything below it (a test's folder: its database,
** published pages, lock and marker files), not following links.
*/
static inline void testdb_remove_tree(const char *path)
{
	nftw(path, testdb_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
** Make a fresh database in a fresh folder named after name; dir and db
** receive their paths. Returns true on success.
*/
static inline bool testdb_make(const char *name, struct buf *dir, struct buf *db)
{
	const char *build = getenv("RC_BUILDDIR"), *src = getenv("RC_SRCDIR");
	struct buf path = BUF_INIT;
	bool done;
	int step;

	build = build ? build : ".";
	src = src ? src : ".";
	buf_printf(&path, "%s/tests", build);
	testdb_mkdir(path.data);
	buf_printf(&path, "/tmp");
	testdb_mkdir(path.data);
	buf_printf(dir, "%s/%s-%ld", path.data, name, (long)getpid());
	buf_printf(db, "%s/rc.db", dir->data);
	if (!testdb_mkdir(dir->data)) {
		diag("cannot make %s: %s", dir->data, strerror(errno));
		buf_free(&path);
		return false;
	}
	unlink(db->data);
	if (sqlite3_open_v2(db->data, &testdb_conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		buf_free(&path);
		return false;
	}
	sqlite3_busy_timeout(testdb_conn, 5000);
	buf_reset(&path);
	buf_printf(&path, "%s/sql/schema.sql", src);
	done = testdb_exec_file(testdb_conn, path.data);
	for (step = 2; done; step++) {
		buf_reset(&path);
		buf_printf(&path, "%s/sql/migrate-%d.sql", src, step);
		if (access(path.data, R_OK) < 0)
			break;
		done = testdb_exec_file(testdb_conn, path.data);
	}
	buf_reset(&path);
	buf_printf(&path, "%s/sql/seed.sql", src);
	done = done && testdb_exec_file(testdb_conn, path.data);
	buf_free(&path);
	return done;
}

/*
** End a test whose database testdb_make made (made) in dir: close the
** test's connection, remove the folder when every check passed, free
** dir and db. Returns tap_done()'s exit status.
*/
static inline int testdb_finish(bool made, struct buf *dir, struct buf *db)
{
	sqlite3_close(testdb_conn);
	testdb_conn = NULL;
	if (tap_failed == 0 && made)
		testdb_remove_tree(dir->data);
	buf_free(dir);
	buf_free(db);
	return tap_done();
}

#endif
