/*
** cli-purge.c: `runningcode purge --retry`, the purges that caches did
** not confirm sent again (the shipped runningcode-purge timer runs it
** every minute), and `runningcode purge TAG...`, tags purged by hand
** (rc-site after a change of settings or templates: every answer).
** See purge.h.
*/
#include <stdio.h>
#include <string.h>

#include "cache-tags.h"
#include "cli.h"
#include "log.h"
#include "purge.h"
#include "store.h"

static void usage(void)
{
	printf("usage: runningcode [-c FILE] purge --retry | TAG...\n"
	       "--retry: send the purges the caches of the \"purge\" setting did not confirm\n"
	       "again; those still not confirmed stay queued.\n"
	       "TAG...: purge these cache tags from every cache now (" CACHE_TAG_SITE ": every\n"
	       "answer, " CACHE_TAG_MENUS ": every page, " CACHE_TAG_PAGE "PATH: one page).\n");
}

/*
** Purge the tags in argv[1..argc) by hand. Returns the exit status: 0,
** or 1 when a cache did not confirm (its purge is queued).
*/
static int purge_tags(struct cli_options *o, struct store *s, int argc, char **argv)
{
	struct buf tags = BUF_INIT, failed = BUF_INIT;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-' || strpbrk(argv[i], " \t\r\n,") || strlen(argv[i]) > 300) {
			log_error("purge: %.100s is not a cache tag (such as " CACHE_TAG_SITE " or "
				  CACHE_TAG_PAGE "/about/)", argv[i]);
			rc = 2;
			goto done;
		}
		buf_printf(&tags, "%s%s", i > 1 ? " " : "", argv[i]);
	}
	if (purge_send(&o->config, s, tags.data, &failed) > 0) {
		printf("not confirmed, queued for 'runningcode purge --retry': %s\n", failed.data);
		rc = 1;
	}
done:
	buf_free(&tags);
	buf_free(&failed);
	return rc;
}

/*
** The database, read-only, when a cache of purge_urls needs the
** addresses the tags stand for; else, or when it cannot be opened
** (logged: those purges stay queued), NULL. The caller closes it.
*/
static struct store *open_for_addresses(const struct config *c)
{
	struct store *s = NULL;
	char err[512];

	if (c->purge_urls && *c->purge_urls &&
	    (s = store_open(c->database, STORE_READONLY, err, sizeof err)) == NULL)
		log_error("%s", err);
	return s;
}

int cli_purge(struct cli_options *o, int argc, char **argv)
{
	struct store *s;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage();
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--retry") == 0 && argc != 2) {
		log_error("purge --retry takes no other arguments");
		return 2;
	}
	if (!purge_configured(&o->config))
		printf("no caches to purge (\"purge\" and \"purge_urls\" are empty in the config)\n");
	s = open_for_addresses(&o->config);
	if (strcmp(argv[1], "--retry") != 0)
		rc = purge_tags(o, s, argc, argv);
	else
		rc = purge_retry(&o->config, s, stdout) == 0 ? 0 : 1;
	store_close(s);
	return rc;
}
