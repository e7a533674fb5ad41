/*
** standby.h: what marks a node as a standby origin, one that receives
** the writer's snapshots (`runningcode replicate`, cli-replicate.c) and
** serves them read-only until `runningcode promote` makes it the writer.
**
** The mark is a file beside the database, <database>.standby, holding
** the writer's name. Each snapshot brings its own, so a node that
** receives snapshots is a standby without any setting; the admin refuses
** every request while it is there, and promote removes it.
*/
#ifndef RC_STANDBY_H
#define RC_STANDBY_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

/* The name of the mark beside a database file named NAME: NAME.standby. */
#define STANDBY_SUFFIX ".standby"

/* The longest writer's name kept from the mark. */
#define STANDBY_WRITER_MAX 200

/* The longest DEST of replicate (and of the replicate_to setting). */
#define STANDBY_DEST_MAX 1000

/* Where a DEST of `runningcode replicate` leads, as rsync reads it. */
enum standby_dest_kind {
	STANDBY_DEST_LOCAL,	/* a folder on this machine (a mounted disk, tests) */
	STANDBY_DEST_SSH,	/* HOST:PATH, through ssh */
	STANDBY_DEST_DAEMON,	/* rsync://HOST[:PORT]/MODULE/PATH or HOST::MODULE/PATH */
};

bool standby_writer(const struct config *c, char *writer, size_t len);
const char *standby_dest_problem(const char *dest, enum standby_dest_kind *kind);

#endif
