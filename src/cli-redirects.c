/*
** cli-redirects.c: `runningcode redirects export [FILE]` writes the
** redirect list as CSV (to standard output without FILE);
** `runningcode redirects import FILE` imports one, all or nothing
** (redirects-csv.h), each wrong line reported by its number.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "redirects-csv.h"

/* Who the revisions of an import name. */
#define CLI_USERNAME "command line"

static void usage(FILE *f)
{
	fprintf(f, "usage: runningcode redirects export [FILE]   the redirect list as CSV\n"
		   "       runningcode redirects import FILE     import a list, all or nothing\n");
}

/* Write the list to path, or standard output when NULL. Returns the
** exit status. */
static int export_to(struct store *s, const char *path)
{
	struct buf csv = BUF_INIT;
	FILE *f = path ? fopen(path, "wx") : stdout;
	int status = 1;

	if (f == NULL)
		log_error("%s: cannot create it (it must not exist yet): %m", path);
	else if (redirects_csv_export(s, &csv) >= 0 && fwrite(csv.data, 1, csv.len, f) == csv.len)
		status = 0;
	if (f && path && fclose(f) != 0)
		status = 1;
	if (f && status != 0)
		log_error("the redirect list could not be written");
	buf_free(&csv);
	return status;
}

/* Import the list in path. Returns the exit status. */
static int import_from(struct store *s, const struct config *c, const char *path)
{
	struct redirects_import result;
	struct buf csv = BUF_INIT;
	enum change_result rc;
	int status = 1;
	size_t i;

	if (buf_read_file(&csv, path, REDIRECTS_CSV_MAX_BYTES) < 0) {
		log_error("%s: cannot read it, or it is larger than 1 MB", path);
		buf_free(&csv);
		return 1;
	}
	rc = redirects_csv_import(s, c, csv.data ? csv.data : "", csv.len, CLI_USERNAME,
				  ROLE_ADMINISTRATOR, &result);
	if (rc == CHANGE_OK) {
		printf("imported %d redirects\n", result.imported);
		status = 0;
	} else {
		for (i = 0; i < result.nerrors; i++)
			if (result.errors[i].line)
				fprintf(stderr, "%s:%ld: %s\n", path, result.errors[i].line,
					result.errors[i].message);
			else
				fprintf(stderr, "%s: %s\n", path, result.errors[i].message);
		if (result.more_errors)
			fprintf(stderr, "%s: and %zu more wrong lines\n", path, result.more_errors);
		if (rc != CHANGE_INVALID)
			log_error("the database could not be written (busy, full or read-only)");
		fprintf(stderr, "nothing was imported\n");
	}
	redirects_import_free(&result);
	buf_free(&csv);
	return status;
}

int cli_redirects(struct cli_options *o, int argc, char **argv)
{
	char err[512];
	struct store *s;
	int status;
	bool export;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	export = argc >= 2 && strcmp(argv[1], "export") == 0;
	if (!(export && argc <= 3) && !(argc == 3 && strcmp(argv[1], "import") == 0)) {
		usage(stderr);
		return 2;
	}
	s = store_open(o->config.database, export ? STORE_READONLY : STORE_READWRITE, err, sizeof err);
	if (s == NULL) {
		log_error("%s", err);
		return 1;
	}
	status = export ? export_to(s, argc == 3 ? argv[2] : NULL) : import_from(s, &o->config, argv[2]);
	store_close(s);
	return status;
}
