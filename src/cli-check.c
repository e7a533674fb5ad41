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

int cli_check(struct cli_options *o, int argc, char **argv)
{
	const struct config *c = &o->config;
	char err[512] = "";
	struct store *s;
	int failed = 0, problems;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-c FILE] [-d DATABASE] check\n"
		       "Check the settings, the templates, the schema version and the database's\n"
		       "integrity. Exits 1 when anything is wrong.\n");
		return 0;
	}
	if (argc > 1) {
		log_error("check takes no arguments");
		return 2;
	}
	failed += verdict(readable(c->templates, "layout.tpl") && readable(c->templates, "admin-layout.tpl"),
			  "templates", c->templates);
	failed += verdict(readable(c->static_dir, "site.css"), "static files", c->static_dir);
	s = store_open(c->database, STORE_READONLY, err, sizeof err);
	failed += verdict(s != NULL, "database and schema version", s ? c->database : err);
	store_close(s);
	if (s != NULL) {
		problems = cli_integrity_check(c->database, stdout);
		failed += verdict(problems == 0, "integrity and foreign keys", problems ? "see above" : "");
	}
	return failed ? 1 : 0;
}
