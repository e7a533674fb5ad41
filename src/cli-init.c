/*
** cli-init.c: `runningcode init`, creating the database from the
** schema and the seed content.
**
** (store_create: built under a temporary name, linked into place only
** when complete; an existing database is never touched).
*/
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "store-maintenance.h"

int cli_init(struct cli_options *o, int argc, char **argv)
{
	const char *target = o->config.database;

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
	if (store_create(target, o->sql_dir) < 0)
		return 1;
	printf("created %s\n", target);
	return 0;
}
