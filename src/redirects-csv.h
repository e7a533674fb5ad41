/*
** redirects-csv.h: the redirect list as CSV, one redirect a line:
**
**     old_path,new_path_or_url,status
**     /old/address/,/how/runningcode/,301
**     /gone/,https://elsewhere.example/,302
**
** The first line may be that header. The second field is the path of a
** page of this site, or its full address on the site's base_url (the
** redirect leads to the page, following it), or an absolute http(s)
** address elsewhere; status is one of the redirect kind's statuses, or
** empty for its default (301). An import
** is all or nothing: every line is checked (the CSV itself by libcsv,
** then each redirect as the record engine checks a form), and unless
** every one is right nothing is imported and each wrong line is
** reported by its number; else all are saved in one transaction
** (record_apply_all), a redirect already at an old path replaced.
*/
#ifndef RC_REDIRECTS_CSV_H
#define RC_REDIRECTS_CSV_H

#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "record.h"
#include "store.h"

#define REDIRECTS_CSV_MAX_BYTES (1024 * 1024)	/* what an import takes at most */
#define REDIRECTS_CSV_MAX_LINES 10000
#define REDIRECTS_CSV_MAX_ERRORS 100		/* reported; the rest are counted */

/* One wrong line: its number (from 1; 0 for the file as a whole). */
struct csv_line_error {
	long line;
	char *message;		/* owned */
};

/* What an import did: the wrong lines, or how many redirects it saved. */
struct redirects_import {
	struct csv_line_error *errors;	/* owned */
	size_t nerrors;			/* reported */
	size_t more_errors;		/* past REDIRECTS_CSV_MAX_ERRORS */
	int imported;
};

int redirects_csv_export(struct store *s, struct buf *out);
enum change_result redirects_csv_import(struct store *s, const struct config *c, const char *text,
					size_t len, const char *username, enum role role,
					struct redirects_import *out);
void redirects_import_free(struct redirects_import *r);

#endif
