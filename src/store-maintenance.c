/*
** store-maintenance.c: creating, migrating, checking and backing up the
** database file (store-maintenance.h).
**
** The schema version is PRAGMA user_version. sql/schema.sql makes
** version 1; each step N (from N-1 to N) is the script
** sql/migrate-N.sql, run in its own IMMEDIATE transaction together with
** the new user_version: a step is applied whole or not at all, and a
** failed step leaves the database at the version before it. A new
** database takes the same steps as an old one, so both end up alike.
** The scripts are files of ours, not data: they run as they are.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "log.h"
#include "store-maintenance.h"
#include "store.h"

#define SQL_FILE_MAX (4 * 1024 * 1024)

/*
** Open the database at path with flags (SQLITE_OPEN_*), waiting for
** locks as the store does. Returns the connection, or NULL (logged).
*/
static sqlite3 *open_file(const char *path, int flags)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		log_error("cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/*
** Make the empty file path with STORE_FILE_MODE, whatever the umask (a
** leftover of that name goes first), and open it as a new database.
** Returns the connection, or NULL (logged).
*/
static sqlite3 *open_new_file(const char *path)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, STORE_FILE_MODE);
	if (fd < 0 || fchmod(fd, STORE_FILE_MODE) < 0 || close(fd) < 0) {
		log_error("cannot create %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return open_file(path, SQLITE_OPEN_READWRITE);
}

/*
** Run the fixed statements sql on db. Returns whether they ran (what
** failed is logged, with what).
*/
static bool exec_logged(sqlite3 *db, const char *sql, const char *what)
{
	char *msg = NULL;
	bool ok = sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK;

	if (!ok)
		log_error("%s: %s", what, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return ok;
}

/*
** Run the SQL script file dir/name on db. Returns whether it ran.
*/
static bool run_script(sqlite3 *db, const char *dir, const char *name)
{
	struct buf path = BUF_INIT, sql = BUF_INIT;
	bool ok = false;

	buf_printf(&path, "%s/%s", dir, name);
	if (buf_read_file(&sql, path.data, SQL_FILE_MAX) < 0)
		log_error("%s: %s", path.data, strerror(errno));
	else
		ok = exec_logged(db, sql.data ? sql.data : "", path.data);
	buf_free(&sql);
	buf_free(&path);
	return ok;
}

/*
** The integer the fixed query sql answers on db, or -1 (logged, with
** what).
*/
static int first_int(sqlite3 *db, const char *sql, const char *what)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	else
		log_error("cannot read %s: %s", what, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return v;
}

/*
** The database's schema version, or -1 (logged).
*/
static int schema_version(sqlite3 *db)
{
	return first_int(db, "PRAGMA user_version", "the schema version");
}

/*
** Apply step version: sql/migrate-<version>.sql, which ends by setting
** PRAGMA user_version to version, in one transaction. Returns whether
** it was applied.
*/
static bool apply_step(sqlite3 *db, const char *sql_dir, int version)
{
	char name[32];

	snprintf(name, sizeof name, "migrate-%d.sql", version);
	if (!exec_logged(db, "BEGIN IMMEDIATE", name))
		return false;
	if (!run_script(db, sql_dir, name))
		goto rollback;
	if (schema_version(db) != version) {
		log_error("%s does not set user_version to %d", name, version);
		goto rollback;
	}
	if (exec_logged(db, "COMMIT", name))
		return true;
rollback:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return false;
}

/*
** Apply every step from version to the current one. Returns the
** version reached; it is STORE_SCHEMA_VERSION on success.
*/
static int migrate_steps(sqlite3 *db, const char *sql_dir, int version)
{
	while (version < STORE_SCHEMA_VERSION && apply_step(db, sql_dir, version + 1))
		version++;
	return version;
}

/*
** Create the database at path from sql_dir's schema.sql, its migration
** steps and seed.sql. It is built under a temporary name and linked
** into place only when complete, so a failure never leaves a half-made
** database where the site would find it, and an existing file is never
** touched. It and its -wal and -shm files get STORE_FILE_MODE.
** Returns 0, or -1 (logged).
*/
int store_create(const char *path, const char *sql_dir)
{
	struct buf tmp = BUF_INIT;
	char err[512];
	sqlite3 *db;
	int rc = -1;

	buf_printf(&tmp, "%s.init-%ld", path, (long)getpid());
	db = open_new_file(tmp.data);
	if (db == NULL || !run_script(db, sql_dir, "schema.sql") ||
	    migrate_steps(db, sql_dir, 1) != STORE_SCHEMA_VERSION ||
	    !run_script(db, sql_dir, "seed.sql"))
		goto done;
	if (sqlite3_close(db) != SQLITE_OK) {
		log_error("cannot close %s: %s", tmp.data, sqlite3_errmsg(db));
		goto done;
	}
	db = NULL;
	/* link() fails if path appeared meanwhile: never overwrite. */
	if (link(tmp.data, path) < 0) {
		log_error("cannot create %s: %s", path, strerror(errno));
		goto done;
	}
	/* Open it once as the admin will, so that its -wal and -shm files
	** exist for a worker that may not create them. */
	store_close(store_open(path, STORE_READWRITE, err, sizeof err));
	rc = 0;
done:
	sqlite3_close(db);
	unlink(tmp.data);
	buf_free(&tmp);
	return rc;
}

/*
** Bring the database at path to STORE_SCHEMA_VERSION, one step at a
** time; *from gets the version it had. Returns 0 (migrated, or current
** already), or -1 (logged).
*/
int store_migrate(const char *path, const char *sql_dir, int *from)
{
	sqlite3 *db = open_file(path, SQLITE_OPEN_READWRITE);
	int version = -1, persist = 1;	/* keep -wal/-shm, as store.c does */
	int rc = -1;

	*from = -1;
	if (db == NULL)
		return -1;
	sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	/* A restored backup comes in rollback-journal mode: back to WAL, with
	** the -wal and -shm files a worker on a read-only system needs. */
	sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	*from = version = schema_version(db);
	if (version < 1)
		log_error("%s is not a runningcode database (schema version %d)", path, version);
	else if (version > STORE_SCHEMA_VERSION)
		log_error("%s has schema version %d, newer than this program's %d",
			  path, version, STORE_SCHEMA_VERSION);
	else if (migrate_steps(db, sql_dir, version) == STORE_SCHEMA_VERSION)
		rc = 0;
	sqlite3_close(db);
	return rc;
}

/*
** Run PRAGMA integrity_check and foreign_key_check on the database file
** at path (opened read-only). Returns the number of problems found (a
** database that cannot be opened counts as one); each goes to report
** as a line when report is not NULL.
*/
int store_integrity_problems(const char *path, FILE *report)
{
	static const char *const checks[] = { "PRAGMA integrity_check", "PRAGMA foreign_key_check" };
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	int problems = 0, rc;
	size_t i;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		if (report)
			fprintf(report, "cannot open %s: %s\n", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return 1;
	}
	sqlite3_busy_timeout(db, 5000);
	for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		if (sqlite3_prepare_v2(db, checks[i], -1, &st, NULL) != SQLITE_OK) {
			if (report)
				fprintf(report, "%s: %s\n", checks[i], sqlite3_errmsg(db));
			problems++;
			continue;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *first = (const char *)sqlite3_column_text(st, 0);

			if (i == 0 && first && strcmp(first, "ok") == 0)
				continue;
			problems++;
			if (report)
				fprintf(report, "%s: %s%s%s\n", checks[i], first ? first : "",
					i ? " row " : "", i ? (const char *)sqlite3_column_text(st, 1) : "");
		}
		if (rc != SQLITE_DONE) {
			problems++;
			if (report)
				fprintf(report, "%s: %s\n", checks[i], sqlite3_errmsg(db));
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return problems;
}

/*
** The number of rows in which the search index of the database at path
** differs from what the tables say it must hold (the view
** search_expected), or -1 when the index is damaged (FTS5's
** integrity-check fails: a command written as an INSERT, hence a
** read-write connection; it changes nothing) or cannot be read. Without
** write access the structure check cannot run, and only the rows are
** compared.
*/
int store_search_index_differences(const char *path)
{
	static const char diff_sql[] =
		"SELECT count(*) FROM ("
		" SELECT rowid, kind, ref, title, summary, body FROM search_expected"
		" EXCEPT SELECT rowid, kind, ref, title, summary, body FROM search_index"
		" UNION ALL"
		" SELECT rowid, kind, ref, title, summary, body FROM search_index"
		" EXCEPT SELECT rowid, kind, ref, title, summary, body FROM search_expected)";
	sqlite3 *db = NULL;
	int n = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_db_readonly(db, "main") == 0 &&
	    sqlite3_exec(db, "INSERT INTO search_index (search_index) VALUES ('integrity-check')",
			 NULL, NULL, NULL) != SQLITE_OK)
		goto done;
	sqlite3_close(db);
	db = open_file(path, SQLITE_OPEN_READONLY);
	if (db)
		n = first_int(db, diff_sql, "the search index");
done:
	sqlite3_close(db);
	return n;
}

/*
** Rebuild the search index of the database at path from the tables, in
** one transaction: FTS5's rebuild mends its structure, then its rows
** are made again from the tables. Returns true on success (logged
** otherwise).
*/
bool store_search_index_rebuild(const char *path)
{
	static const char rebuild[] =
		"BEGIN IMMEDIATE;"
		" INSERT INTO search_index (search_index) VALUES ('rebuild');"
		" DELETE FROM search_index;"
		" INSERT INTO search_index (rowid, kind, ref, title, summary, body)"
		"  SELECT rowid, kind, ref, title, summary, body FROM search_expected;"
		" COMMIT";
	sqlite3 *db = open_file(path, SQLITE_OPEN_READWRITE);
	bool ok = db && exec_logged(db, rebuild, "rebuilding the search index");

	if (db && !ok)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	return ok;
}

/*
** Copy the live database at path to target (which must not exist),
** consistently. SQLite's online backup copies the database in one read
** transaction, so the copy holds exactly the changes committed before
** it began, while the site goes on serving and editors go on saving
** (WAL: readers and the writer do not block each other). The copy is
** written under a temporary name, with STORE_FILE_MODE, checked with
** PRAGMA integrity_check when checked (else the caller checks target
** later: the check reads every page, and a caller holding a lock
** others wait for should not hold it meanwhile), and only then linked
** into place. Returns 0, or -1 (logged).
*/
int store_backup(const char *path, const char *target, bool checked)
{
	sqlite3 *src = NULL, *dst = NULL;
	struct buf tmp = BUF_INIT;
	sqlite3_backup *b;
	int status = -1, rc;

	buf_printf(&tmp, "%s.part-%ld", target, (long)getpid());
	src = open_file(path, SQLITE_OPEN_READONLY);
	if (src == NULL || (dst = open_new_file(tmp.data)) == NULL)
		goto done;
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL) {
		log_error("cannot start the backup: %s", sqlite3_errmsg(dst));
		goto done;
	}
	/* All pages in one step: one read transaction, one snapshot. */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		log_error("backup failed: %s", sqlite3_errstr(rc));
		goto done;
	}
	/* A single self-contained file (no -wal/-shm beside it), synced when
	** closed; the admin turns WAL on again when it opens a restored one. */
	if (!exec_logged(dst, "PRAGMA journal_mode=DELETE", tmp.data))
		goto done;
	if (sqlite3_close(dst) != SQLITE_OK) {
		log_error("cannot finish %s: %s", tmp.data, sqlite3_errmsg(dst));
		goto done;
	}
	dst = NULL;
	if (checked && store_integrity_problems(tmp.data, NULL) != 0) {
		log_error("the copy fails its integrity check; %s not written", target);
		goto done;
	}
	if (link(tmp.data, target) < 0) {
		log_error("cannot create %s: %s", target, strerror(errno));
		goto done;
	}
	status = 0;
done:
	sqlite3_close(dst);
	sqlite3_close(src);
	unlink(tmp.data);
	buf_free(&tmp);
	return status;
}
