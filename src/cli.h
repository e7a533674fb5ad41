/*
** cli.h: the subcommands of `runningcode`, one file each (cli-*.c).
** Each takes the settings and its own arguments (argv[0] is the
** subcommand's name) and returns the process exit status.
*/
#ifndef RC_CLI_H
#define RC_CLI_H

#include <stdio.h>

#include "config.h"
#include "store.h"

struct cli_options {
	struct config config;
	const char *sql_dir;	/* folder of schema.sql and seed.sql */
};

int cli_init(struct cli_options *o, int argc, char **argv);
int cli_user(struct cli_options *o, int argc, char **argv);
int cli_migrate(struct cli_options *o, int argc, char **argv);
int cli_backup(struct cli_options *o, int argc, char **argv);
int cli_check(struct cli_options *o, int argc, char **argv);
int cli_export(struct cli_options *o, int argc, char **argv);
int cli_publish(struct cli_options *o, int argc, char **argv);
int cli_audit(struct cli_options *o, int argc, char **argv);
int cli_links(struct cli_options *o, int argc, char **argv);
int cli_redirects(struct cli_options *o, int argc, char **argv);
int cli_purge(struct cli_options *o, int argc, char **argv);
int cli_replicate(struct cli_options *o, int argc, char **argv);
int cli_promote(struct cli_options *o, int argc, char **argv);

struct store *cli_open_for_rendering(const struct cli_options *o);

#endif
