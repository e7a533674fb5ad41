/*
** cli-check.c: `runningcode check`, what an operator runs after an
** upgrade, a restore or a crash: the settings, the templates, the
** schema version, SQLite's integrity and foreign-key checks. Prints one
** line per check and exits non-zero when any fails.
*/
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "cli.h"
#include "log.h"
#include "store.h"

/*
** Run PRAGMA integrity_check and foreign_key_check on the database file
** at path (opened read-only). Returns the number of problems found (a
** database that cannot be opened counts as one); each goes to report
** as a line when report is not NULL.
*/
int cli_integrity_check(const char *path, FILE *report)
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
** Print one check's outcome; returns 1 when it failed, for counting.
*/
static int verdict(bool ok, const char *what, const char *detail)
{
	printf("%-8s %s%s%s\n", ok ? "ok" : "FAILED", what, *detail ? ": " : "", detail);
	return !ok;
}

/*
** Whether the file dir/name can be read.
*/
static bool readable(const char *dir, const char *name)
{
	struct buf path = BUF_INIT;
	bool ok;

	buf_printf(&path, "%s/%s", dir, name);
	ok = access(path.data, R_OK) == 0;
	buf_free(&path);
	return ok;
}

/*
** The number of rows in which the search index differs from what the
** tables say it must hold (the view search_expected), or -1 on error.
*/
static int search_index_differences(struct store *s)
{
	static const char diff_sql[] =
		"SELECT count(*) FROM ("
		" SELECT rowid, kind, ref, title, summary, body FROM search_expected"
		" EXCEPT SELECT rowid, kind, ref, title, summary, body FROM search_index"
		" UNION ALL"
		" SELECT rowid, kind, ref, title, summary, body FROM search_index"
		" EXCEPT SELECT rowid, kind, ref, title, summary, body FROM search_expected)";
	sqlite3_stmt *st = store_prepare(s, diff_sql);
	int n = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

/*
** Whether the search index's own structure is sound: FTS5's
** integrity-check (a command written as an INSERT, hence a read-write
** connection; it changes nothing).
*/
static bool search_index_sound(const char *database)
{
	sqlite3 *db = NULL;
	bool ok = true;

	/* Without write access the check cannot run: say nothing against
	** the index (the row comparison still runs). */
	if (sqlite3_open_v2(database, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_db_readonly(db, "main") == 0)
		ok = sqlite3_exec(db, "INSERT INTO search_index (search_index) VALUES ('integrity-check')",
				  NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_close(db);
	return ok;
}

/*
** Rebuild the search index from the tables, in one transaction: FTS5's
** rebuild mends its structure, then its rows are made again from the
** tables. Returns true on success (logged otherwise).
*/
static bool rebuild_search_index(const char *database)
{
	static const char *const steps[] = {
		"BEGIN IMMEDIATE",
		"INSERT INTO search_index (search_index) VALUES ('rebuild')",
		"DELETE FROM search_index",
		"INSERT INTO search_index (rowid, kind, ref, title, summary, body)"
		" SELECT rowid, kind, ref, title, summary, body FROM search_expected",
		"COMMIT",
	};
	char err[512];
	struct store *s = store_open(database, STORE_READWRITE, err, sizeof err);
	const char *const *step;
	bool ok = s != NULL;

	if (s == NULL)
		log_error("%s", err);
	for (step = steps; ok && step < steps + sizeof steps / sizeof steps[0]; step++) {
		/* Fixed statements of ours, no data. */
		ok = sqlite3_exec(store_db(s), *step, NULL, NULL, NULL) == SQLITE_OK;
		if (!ok) {
			log_error("rebuilding the search index: %s", sqlite3_errmsg(store_db(s)));
			sqlite3_exec(store_db(s), "ROLLBACK", NULL, NULL, NULL);
		}
	}
	store_close(s);
	return ok;
}

int cli_check(struct cli_options *o, int argc, char **argv)
{
	const struct config *c = &o->config;
	char err[512] = "";
	struct store *s;
	int failed = 0, problems;

	bool repair = argc == 2 && strcmp(argv[1], "--repair") == 0;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-c FILE] [-d DATABASE] check [--repair]\n"
		       "Check the settings, the templates, the schema version, the database's\n"
		       "integrity and the search index. Exits 1 when anything is wrong.\n"
		       "--repair rebuilds a search index that does not match the tables.\n");
		return 0;
	}
	if (argc > 1 && !repair) {
		log_error("check takes no arguments but --repair");
		return 2;
	}
	failed += verdict(readable(c->templates, "layout.tpl") && readable(c->templates, "admin-layout.tpl"),
			  "templates", c->templates);
	failed += verdict(readable(c->static_dir, "site.css"), "static files", c->static_dir);
	s = store_open(c->database, STORE_READONLY, err, sizeof err);
	failed += verdict(s != NULL, "database and schema version", s ? c->database : err);
	if (s != NULL) {
		problems = cli_integrity_check(c->database, stdout);
		failed += verdict(problems == 0, "integrity and foreign keys", problems ? "see above" : "");
		problems = search_index_sound(c->database) ? search_index_differences(s) : -1;
		if (problems != 0 && repair && rebuild_search_index(c->database))
			problems = search_index_sound(c->database) ? search_index_differences(s) : -1;
		failed += verdict(problems == 0, "search index matches the pages and programs",
				  problems < 0 ? "damaged (run 'runningcode check --repair')" :
				  problems ? "differs (run 'runningcode check --repair')" : "");
	}
	store_close(s);
	return failed ? 1 : 0;
}
