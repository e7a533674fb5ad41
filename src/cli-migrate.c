/*
** cli-migrate.c: `runningcode migrate`, bringing an older database to
** the schema this build knows.
**
** The schema version is PRAGMA user_version. Each step N (from N-1 to
** N) is the script sql/migrate-N.sql, run in its own IMMEDIATE
** transaction together with the new user_version: a step is applied
** whole or not at all, and a failed step leaves the database at the
** version before it. The site keeps serving meanwhile (WAL).
*/
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "cli.h"
#include "log.h"
#include "store.h"

/*
** The database's schema version, or -1 (logged).
*/
static int schema_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	else
		log_error("cannot read the schema version: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return v;
}

/*
** Apply step version: sql/migrate-<version>.sql, which ends by setting
** PRAGMA user_version to version, in one transaction. Returns 0, or -1
** (logged).
*/
static int apply_step(sqlite3 *db, const char *sql_dir, int version)
{
	char name[32];

	snprintf(name, sizeof name, "migrate-%d.sql", version);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("cannot begin migration %d: %s", version, sqlite3_errmsg(db));
		return -1;
	}
	if (cli_run_script(db, sql_dir, name) < 0)
		goto rollback;
	if (schema_version(db) != version) {
		log_error("%s does not set user_version to %d", name, version);
		goto rollback;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("%s: %s", name, sqlite3_errmsg(db));
		goto rollback;
	}
	return 0;
rollback:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
** Apply every step from the database's version to the current one.
** Returns the version reached; it is STORE_SCHEMA_VERSION on success.
** Also how `init` builds a new database: the first schema, then the
** same steps an old database takes, so both end up alike.
*/
int cli_migrate_steps(sqlite3 *db, const char *sql_dir, int version)
{
	while (version < STORE_SCHEMA_VERSION && apply_step(db, sql_dir, version + 1) == 0)
		version++;
	return version;
}

int cli_migrate(struct cli_options *o, int argc, char **argv)
{
	sqlite3 *db = NULL;
	int version, status = 1, persist = 1;	/* keep -wal/-shm, as store.c does */

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-d FILE] migrate\n"
		       "Bring the database to schema version %d, one step at a time.\n"
		       "Does nothing when it is current.\n", STORE_SCHEMA_VERSION);
		return 0;
	}
	if (argc > 1) {
		log_error("migrate takes no arguments");
		return 2;
	}
	if (sqlite3_open_v2(o->config.database, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		log_error("cannot open %s: %s", o->config.database,
			  db ? sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	/* A restored backup comes in rollback-journal mode: back to WAL, with
	** the -wal and -shm files a worker on a read-only system needs. */
	sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	version = schema_version(db);
	if (version < 1) {
		log_error("%s is not a runningcode database (schema version %d)",
			  o->config.database, version);
		goto done;
	}
	if (version > STORE_SCHEMA_VERSION) {
		log_error("%s has schema version %d, newer than this program's %d",
			  o->config.database, version, STORE_SCHEMA_VERSION);
		goto done;
	}
	if (version == STORE_SCHEMA_VERSION) {
		printf("schema version %d is current; nothing to do\n", version);
		status = 0;
	} else if (cli_migrate_steps(db, o->sql_dir, version) == STORE_SCHEMA_VERSION) {
		printf("migrated from schema version %d to %d\n", version, STORE_SCHEMA_VERSION);
		status = 0;
	}
done:
	sqlite3_close(db);
	return status;
}
