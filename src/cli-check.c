/*
** cli-check.c: `runningcode check`, what an operator runs after an
** upgrade, a restore or a crash: the settings, the templates, the
** schema version, SQLite's integrity and foreign-key checks, the search
** index, the users' two-factor secrets against their key file, the
** published pages and the uploaded files served against the database.
** Prints one line per check and exits non-zero when any fails.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "file-library.h"
#include "log.h"
#include "publish.h"
#include "store-maintenance.h"
#include "static-names.h"
#include "store.h"
#include "template.h"
#include "totp.h"

/*
** Print one check's outcome; returns 1 when it failed, for counting.
*/
static int verdict(bool ok, const char *what, const char *detail)
{
	printf("%-8s %s%s%s\n", ok ? "ok" : "FAILED", what, *detail ? ": " : "", detail);
	return !ok;
}

/*
** Whether the file dir/name can be read; when not, why goes into the
** caller's why ("PATH: reason"), replacing what it held.
*/
static bool readable(const char *dir, const char *name, struct buf *why)
{
	struct buf path = BUF_INIT;
	bool ok;

	buf_printf(&path, "%s/%s", dir, name);
	ok = access(path.data, R_OK) == 0;
	if (!ok) {
		buf_reset(why);
		buf_printf(why, "%s: %s", path.data, strerror(errno));
	}
	buf_free(&path);
	return ok;
}

int cli_check(struct cli_options *o, int argc, char **argv)
{
	const struct config *c = &o->config;
	char err[512] = "";
	struct store *s;
	struct buf why = BUF_INIT;
	int failed = 0, problems;
	bool ok;

	bool repair = argc == 2 && strcmp(argv[1], "--repair") == 0;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-c FILE] [-d DATABASE] check [--repair]\n"
		       "Check the settings, the templates, the schema version, the database's\n"
		       "integrity, the search index, the published pages and the uploaded\n"
		       "files served. Exits 1 when anything is wrong. --repair rebuilds a\n"
		       "search index that does not match the tables, publishes every page\n"
		       "again when they differ, and moves the uploaded files as the library\n"
		       "says when they differ.\n");
		return 0;
	}
	if (argc > 1 && !repair) {
		log_error("check takes no arguments but --repair");
		return 2;
	}
	failed += verdict(config_require_site_address(c, err, sizeof err) == 0, "site address (base_url)",
			  c->base_url ? c->base_url : err);
	err[0] = '\0';
	ok = readable(c->templates, "layout.tpl", &why) && readable(c->templates, "admin-layout.tpl", &why);
	failed += verdict(ok, "templates", ok ? c->templates : why.data);
	/* The stylesheet of this build, by its hashed name. */
	ok = readable(c->static_dir, strrchr(RC_STATIC_SITE_CSS, '/') + 1, &why);
	failed += verdict(ok, "static files", ok ? c->static_dir : why.data);
	s = store_open(c->database, STORE_READONLY, err, sizeof err);
	failed += verdict(s != NULL, "database and schema version", s ? c->database : err);
	if (s != NULL) {
		problems = store_integrity_problems(c->database, stdout);
		failed += verdict(problems == 0, "integrity and foreign keys", problems ? "see above" : "");
		problems = store_search_index_differences(c->database);
		if (problems != 0 && repair && store_search_index_rebuild(c->database))
			problems = store_search_index_differences(c->database);
		failed += verdict(problems == 0, "search index matches the pages and programs",
				  problems < 0 ? "damaged (run 'runningcode check --repair')" :
				  problems ? "differs (run 'runningcode check --repair')" : "");
		problems = totp_secrets_unreadable(s, c);
		failed += verdict(problems == 0, "two-factor secrets open with totp.key",
				  problems < 0 ? "they cannot be read (see above)" :
				  problems ? "some do not: switch those users' off ('runningcode user "
				  "totp-off NAME') and let them set it up again" : "");
	}
	if (s != NULL && c->publish_dir != NULL) {
		problems = tpl_set_root(c->templates) ? publish_differences(c, s, stdout) : -1;
		/* Compared again whatever the repair's outcome: it may mend
		** the pages and fail on a file (a line of its own below). */
		if (problems > 0 && repair) {
			publish_everything(c, s);
			problems = publish_differences(c, s, stdout);
		}
		failed += verdict(problems == 0, "published pages match the database",
				  problems < 0 ? "cannot be compared (see above)" :
				  problems ? "they differ (run 'runningcode publish' or check --repair)" : "");
	}
	if (s != NULL && c->files_dir != NULL) {
		problems = file_library_differences(c, s, stdout);
		if (problems > 0 && repair) {
			publish_files(c, s);
			problems = file_library_differences(c, s, stdout);
		}
		failed += verdict(problems == 0, "uploaded files served match the library",
				  problems < 0 ? "cannot be compared (see above)" :
				  problems ? "they differ (run 'runningcode publish' or check --repair)" : "");
	}
	store_close(s);
	buf_free(&why);
	return failed ? 1 : 0;
}
