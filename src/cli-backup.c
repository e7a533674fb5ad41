/*
** cli-backup.c: `runningcode backup FILE`, a consistent copy of the live
** database.
**
** One read transaction, while the site serves and editors save; the copy
** is checked before it is linked into place, and an existing FILE is
** never overwritten (store_backup).
*/
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "store-maintenance.h"

int cli_backup(struct cli_options *o, int argc, char **argv)
{
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
	if (store_backup(o->config.database, argv[1], true) < 0)
		return 1;
	printf("backed up %s to %s\n", o->config.database, argv[1]);
	return 0;
}
