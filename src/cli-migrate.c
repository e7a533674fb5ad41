/*
** cli-migrate.c: `runningcode migrate`, bringing an older database to
** the schema this build knows.
**
** One step at a time, each whole or not at all (store_migrate); the site
** keeps serving meanwhile (WAL).
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "store-maintenance.h"
#include "store.h"

int cli_migrate(struct cli_options *o, int argc, char **argv)
{
	int from;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-d FILE] migrate\n"
		       "Bring the database to schema version %d, one step at a time.\n"
		       "Does nothing when it is current.\n", STORE_SCHEMA_VERSION);
		return 0;
	}
	if (argc > 1) {
		log_error("migrate takes no arguments");
		return 2;
	}
	if (store_migrate(o->config.database, o->sql_dir, &from) < 0)
		return 1;
	if (from == STORE_SCHEMA_VERSION)
		printf("schema version %d is current; nothing to do\n", from);
	else
		printf("migrated from schema version %d to %d\n", from, STORE_SCHEMA_VERSION);
	return 0;
}
