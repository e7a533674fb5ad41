/*
** cli-backup.c: `runningcode backup FILE`, a consistent copy of the live
** database.
**
** SQLite's online backup copies the database in one read transaction, so
** the copy holds exactly the changes committed before it began, while
** the site goes on serving and editors go on saving (WAL: readers and
** the writer do not block each other). The copy is written under a
** temporary name, checked with PRAGMA integrity_check, and only then
** linked into place; an existing FILE is never overwritten.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "cli.h"
#include "log.h"

int cli_backup(struct cli_options *o, int argc, char **argv)
{
	sqlite3 *src = NULL, *dst = NULL;
	struct buf tmp = BUF_INIT;
	sqlite3_backup *b;
	int status = 1, rc;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-d DATABASE] backup FILE\n"
		       "Copy the live database to FILE (which must not exist), consistently,\n"
		       "while the site serves and editors save. Restore by stopping the\n"
		       "writers and putting FILE in the database's place.\n");
		return 0;
	}
	if (argc != 2) {
		log_error("usage: runningcode backup FILE");
		return 2;
	}
	if (access(argv[1], F_OK) == 0) {
		log_error("%s exists already; not overwriting it", argv[1]);
		return 1;
	}
	buf_printf(&tmp, "%s.part-%ld", argv[1], (long)getpid());
	if (sqlite3_open_v2(o->config.database, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(tmp.data, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		log_error("cannot open %s: %s", src && dst ? tmp.data : o->config.database,
			  sqlite3_errmsg(dst ? dst : src));
		goto done;
	}
	sqlite3_busy_timeout(src, 5000);
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
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("cannot finish %s: %s", tmp.data, sqlite3_errmsg(dst));
		goto done;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		log_error("cannot finish %s: %s", tmp.data, sqlite3_errmsg(dst));
		goto done;
	}
	dst = NULL;
	if (cli_integrity_check(tmp.data, NULL) != 0) {
		log_error("the copy fails its integrity check; %s not written", argv[1]);
		goto done;
	}
	if (link(tmp.data, argv[1]) < 0) {
		log_error("cannot create %s: %s", argv[1], strerror(errno));
		goto done;
	}
	printf("backed up %s to %s\n", o->config.database, argv[1]);
	status = 0;
done:
	sqlite3_close(dst);
	sqlite3_close(src);
	unlink(tmp.data);
	buf_free(&tmp);
	return status;
}
