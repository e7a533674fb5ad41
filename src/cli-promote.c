/*
** cli-promote.c: `runningcode promote`, a standby made the writer after
** the writer is gone (the runbook: README, "Outgrowing one machine").
**
** It checks the database it serves (integrity, then migrates it to this
** build's schema), takes it out of replication, and only then removes
** the standby's mark (standby.h), after which the admin takes changes.
** Out of replication: DEST/current, the link that replicate swaps, is
** exchanged with the snapshot folder it leads to (renameat2, one atomic
** step: the worker and the web server read the same files throughout),
** and DEST/snapshots is set aside and replaced by a file, so that a
** replicate from the old writer, should it come back, fails before it
** can swap anything here.
*/
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "file.h"
#include "log.h"
#include "standby.h"
#include "store-maintenance.h"

/* What a replicate from the old writer finds at DEST/snapshots. */
#define GUARD_TEXT "This node was promoted to be the writer: it takes no more snapshots.\n" \
		   "To make it a standby again, remove this file and replicate into it.\n"

/*
** When the database's folder is the link DEST/current of a standby that
** replicate fills, make it the folder itself; when DEST/snapshots is a
** folder beside DEST/current, set it aside (under a name of its own,
** which the operator removes) and put the guard in its place (see the
** top of this file). Each step is skipped once done, so that a promote that failed
** halfway can run again. Nothing to do for a database in a plain folder.
** Returns 0, or -1 (logged).
*/
static int leave_replication(const char *database)
{
	struct buf folder = BUF_INIT, top = BUF_INIT, snapshots = BUF_INIT, aside = BUF_INIT;
	char *target = NULL, *copy = xstrdup(database);
	const char *name;
	struct stat st;
	int rc = -1;

	buf_puts(&folder, dirname(copy));
	free(copy);
	copy = xstrdup(folder.data);
	buf_puts(&top, dirname(copy));
	buf_printf(&snapshots, "%s/snapshots", top.data);
	buf_printf(&aside, "%s/snapshots.before-promote-%ld", top.data, (long)time(NULL));
	if (lstat(folder.data, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((target = realpath(folder.data, NULL)) == NULL ||
		    renameat2(AT_FDCWD, target, AT_FDCWD, folder.data, RENAME_EXCHANGE) < 0 ||
		    unlink(target) < 0) {
			log_error("cannot make %s a folder of its own: %s", folder.data, strerror(errno));
			goto done;
		}
		printf("%s is now a folder of its own\n", folder.data);
	}
	name = strrchr(folder.data, '/');
	if (strcmp(name ? name + 1 : folder.data, "current") == 0 && lstat(snapshots.data, &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		if (rename(snapshots.data, aside.data) < 0 ||
		    file_write_atomic(snapshots.data, GUARD_TEXT, strlen(GUARD_TEXT), 0644) < 0) {
			log_error("cannot put a guard in place of %s: %s", snapshots.data, strerror(errno));
			goto done;
		}
		printf("the older snapshots are in %s (remove them)\n", aside.data);
	}
	rc = 0;
done:
	free(target);
	free(copy);
	buf_free(&folder);
	buf_free(&top);
	buf_free(&snapshots);
	buf_free(&aside);
	return rc;
}

/*
** `runningcode promote` (argv[0] is "promote"): make this standby the
** writer (see the top of this file). Returns the exit status: 0, 1 (not
** a standby, or a step failed: logged; run it again once mended) or 2
** (usage).
*/
int cli_promote(struct cli_options *o, int argc, char **argv)
{
	const char *db = o->config.database;
	char writer[STANDBY_WRITER_MAX + 1];
	struct buf mark = BUF_INIT;
	int from = 0, rc = 1;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-c FILE] promote\n"
		       "Make this standby the writer, once the writer is gone for good: check\n"
		       "and migrate its database, take it out of replication, and let the admin\n"
		       "take changes. The README's \"Outgrowing one machine\" has the runbook.\n");
		return 0;
	}
	if (argc != 1) {
		log_error("usage: runningcode promote");
		return 2;
	}
	if (!standby_writer(&o->config, writer, sizeof writer)) {
		log_error("promote: %s has no %s" STANDBY_SUFFIX ": this node is the writer already",
			  db, db);
		return 1;
	}
	if (store_integrity_problems(db, stderr) != 0) {
		log_error("promote: %s fails its integrity check; not promoted (replicate a good "
			  "snapshot into it, or restore a backup there, then promote again)", db);
		return 1;
	}
	if (store_migrate(db, o->sql_dir, &from) < 0 || leave_replication(db) < 0)
		goto done;
	if (from != STORE_SCHEMA_VERSION)
		printf("migrated %s from schema %d to %d\n", db, from, STORE_SCHEMA_VERSION);
	buf_printf(&mark, "%s" STANDBY_SUFFIX, db);
	if (unlink(mark.data) < 0 && errno != ENOENT) {
		log_error("promote: cannot remove %s: %s", mark.data, strerror(errno));
		goto done;
	}
	printf("promoted: this node, a standby of %s until now, is the writer; its admin takes "
	       "changes.\n"
	       "Next:\n"
	       "  1. send the site's traffic here (DNS, or the front's backend) and check the admin;\n"
	       "  2. systemctl enable --now runningcode-schedule.timer runningcode-purge.timer;\n"
	       "  3. never start the old writer as a writer again (stop its runningcode-replicate.timer\n"
	       "     should it come back): make it a standby of this node;\n"
	       "  4. to keep a standby, set replicate_to here and enable runningcode-replicate.timer.\n",
	       writer);
	rc = 0;
done:
	buf_free(&mark);
	return rc;
}
