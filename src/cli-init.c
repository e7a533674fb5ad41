/*
** cli-init.c: `runningcode init`, creating the database from the
** schema and the seed content.
**
** The database is built under a temporary name and renamed into place
** only when complete, so a failure never leaves a half-made database
** where the site would find it, and an existing one is never touched.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "cli.h"
#include "log.h"
#include "store.h"

#define SQL_FILE_MAX (4 * 1024 * 1024)

/*
** Run the SQL script file dir/name on db. Return 0, or -1 (logged).
*/
int cli_run_script(sqlite3 *db, const char *dir, const char *name)
{
	struct buf path = BUF_INIT, sql = BUF_INIT;
	char *msg = NULL;
	int rc = -1;

	buf_printf(&path, "%s/%s", dir, name);
	if (buf_read_file(&sql, path.data, SQL_FILE_MAX) < 0) {
		log_error("%s: %s", path.data, strerror(errno));
		goto done;
	}
	/* The script is a file of ours, not data: no parameters to bind. */
	if (sqlite3_exec(db, sql.data ? sql.data : "", NULL, NULL, &msg) != SQLITE_OK) {
		log_error("%s: %s", path.data, msg ? msg : sqlite3_errmsg(db));
		goto done;
	}
	rc = 0;
done:
	sqlite3_free(msg);
	buf_free(&sql);
	buf_free(&path);
	return rc;
}

int cli_init(struct cli_options *o, int argc, char **argv)
{
	const char *target = o->config.database;
	struct buf tmp = BUF_INIT;
	char err[512];
	sqlite3 *db = NULL;
	int status = 1;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-d FILE] init\n"
		       "Create the database with the schema and the seed content.\n"
		       "Refuses to overwrite an existing database.\n");
		return 0;
	}
	if (argc > 1) {
		log_error("init takes no arguments");
		return 2;
	}
	if (access(target, F_OK) == 0) {
		log_error("%s already exists; not overwriting it", target);
		return 1;
	}
	buf_printf(&tmp, "%s.init-%ld", target, (long)getpid());
	if (sqlite3_open_v2(tmp.data, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		log_error("cannot create %s: %s", tmp.data, db ? sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	/* The first schema, then the steps every older database takes. */
	if (cli_run_script(db, o->sql_dir, "schema.sql") < 0 ||
	    cli_migrate_steps(db, o->sql_dir, 1) != STORE_SCHEMA_VERSION ||
	    cli_run_script(db, o->sql_dir, "seed.sql") < 0)
		goto done;
	if (sqlite3_close(db) != SQLITE_OK) {
		log_error("cannot close %s: %s", tmp.data, sqlite3_errmsg(db));
		goto done;
	}
	db = NULL;
	/* link() fails if target appeared meanwhile: never overwrite. */
	if (link(tmp.data, target) < 0) {
		log_error("cannot create %s: %s", target, strerror(errno));
		goto done;
	}
	/* Open it once as the admin will, so that its -wal and -shm files
	** exist for a worker that may not create them. */
	store_close(store_open(target, STORE_READWRITE, err, sizeof err));
	printf("created %s\n", target);
	status = 0;
done:
	sqlite3_close(db);
	unlink(tmp.data);
	buf_free(&tmp);
	return status;
}
