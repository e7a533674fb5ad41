/*
** cli-publish.c: `runningcode publish`, every published page written
** afresh into the published folder (runningcode.conf's "publish"): after
** a restore, an upgrade or a change of templates, or at start-up. The
** admin keeps the folder current on every change by itself.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "publish.h"
#include "store.h"

int cli_publish(struct cli_options *o, int argc, char **argv)
{
	struct store *s;
	int pages;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: runningcode [-c FILE] publish\n"
		       "Render every published page into the published folder afresh.\n");
		return 0;
	}
	if (argc > 1) {
		log_error("publish takes no arguments");
		return 2;
	}
	if (o->config.publish_dir == NULL) {
		printf("publishing is off (\"publish\" is empty in the config); nothing to do\n");
		return 0;
	}
	s = cli_open_for_rendering(o);
	if (s == NULL)
		return 1;
	pages = publish_everything(&o->config, s);
	store_close(s);
	if (pages < 0)
		return 1;
	printf("published %d pages to %s\n", pages, o->config.publish_dir);
	return 0;
}
