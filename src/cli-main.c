/*
** cli-main.c: runningcode, the operator's command line.
**
**   runningcode [-c FILE] [-d DATABASE] [--sql DIR] COMMAND [ARGS]
**
** Global options come before the command; each command has --help.
*/
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "standby.h"
#include "template.h"

/* On a standby (standby.h), the commands that change the database or
** the published folder are refused: the next snapshot would undo them. */
static const struct {
	const char *name;
	int (*run)(struct cli_options *o, int argc, char **argv);
	bool writes;
	const char *summary;
} commands[] = {
	{ "init", cli_init, true, "create the database from the schema and seed content" },
	{ "migrate", cli_migrate, true, "bring an older database to the current schema" },
	{ "user", cli_user, true, "add, change, delete or list admin users" },
	{ "backup", cli_backup, false, "copy the live database to a file, consistently" },
	{ "check", cli_check, false, "check settings, schema version and database integrity" },
	{ "export", cli_export, false, "write the public site as static files" },
	{ "publish", cli_publish, true, "render every page into the published folder afresh" },
	{ "audit", cli_audit, false, "show the audit log: sign-in lock-outs, new devices" },
	{ "links", cli_links, false, "report broken links (--external: links to other sites too)" },
	{ "redirects", cli_redirects, true, "export or import the redirect list as CSV" },
	{ "purge", cli_purge, false, "purge cache tags from the caches; --retry: send unconfirmed purges again" },
	{ "replicate", cli_replicate, false, "send a consistent snapshot of the site to a standby with rsync" },
	{ "promote", cli_promote, false, "make this standby the writer, after the writer is gone" },
};

/*
** For commands that render pages (export, publish): check that the
** site's address is set, find the templates and open the database
** read-only. Returns the store (the caller closes
** it), or NULL (logged).
*/
struct store *cli_open_for_rendering(const struct cli_options *o)
{
	char err[512];
	struct store *s;

	if (config_require_site_address(&o->config, err, sizeof err) < 0) {
		log_error("%s", err);
		return NULL;
	}
	if (!tpl_set_root(o->config.templates)) {
		log_error("template folder %s cannot be used", o->config.templates);
		return NULL;
	}
	s = store_open(o->config.database, STORE_READONLY, err, sizeof err);
	if (s == NULL)
		log_error("%s", err);
	return s;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: runningcode [-c FILE] [-d DATABASE] [--sql DIR] COMMAND [ARGS]\n"
		   "       runningcode --version\n"
		   "commands:\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "Run 'runningcode COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "database", required_argument, NULL, 'd' },
		{ "sql", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = NULL, *database = NULL;
	struct cli_options o;
	char err[512], writer[STANDBY_WRITER_MAX + 1];
	int opt, status;
	size_t i;

	log_set_program("runningcode");
	config_init(&o.config);
	o.sql_dir = RC_DEFAULT_SQL;
	/* '+': stop at the command, whose options are its own. */
	while ((opt = getopt_long(argc, argv, "+c:d:s:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': config_path = optarg; break;
		case 'd': database = optarg; break;
		case 's': o.sql_dir = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("runningcode %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (config_path == NULL && access(RC_DEFAULT_CONFIG, F_OK) == 0)
		config_path = RC_DEFAULT_CONFIG;
	if (config_path && config_load(&o.config, config_path, err, sizeof err) < 0) {
		log_error("%s", err);
		return 1;
	}
	if (database)
		config_set(&o.config.database, database);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			if (commands[i].writes && standby_writer(&o.config, writer, sizeof writer)) {
				log_error("%s: this is a standby; the writer is %s. Run it there "
					  "('runningcode promote' makes this node the writer)",
					  commands[i].name, writer);
				status = 1;
			} else {
				status = commands[i].run(&o, argc - optind, argv + optind);
			}
			config_free(&o.config);
			return status;
		}
	}
	log_error("unknown command '%s'", argv[optind]);
	usage(stderr);
	config_free(&o.config);
	return 2;
}
