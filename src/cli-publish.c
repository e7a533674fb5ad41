/*
** cli-publish.c: `runningcode publish`, every published page written
** afresh into the published folder (runningcode.conf's "publish"): after
** a restore, an upgrade or a change of templates, or at start-up. The
** admin keeps the folder current on every change by itself. Either
** way, the uploaded files are moved as the library says (file-library.h).
**
** `runningcode publish --due [--now TIME]` makes the scheduled changes
** that are due (record-schedule.c), republishing only the pages they
** touch; the shipped systemd timer runs it every minute. --now gives
** the time to run as (UTC), for tests and for catching up.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cache-tags.h"
#include "cli.h"
#include "log.h"
#include "publish.h"
#include "purge.h"
#include "record.h"
#include "store.h"
#include "template.h"
#include "text.h"

static void usage(void)
{
	printf("usage: runningcode [-c FILE] publish [--due [--now TIME]]\n"
	       "Render every published page into the published folder afresh, and\n"
	       "move the uploaded files as the library says.\n"
	       "With --due: make the scheduled changes that are due (drafts going live,\n"
	       "pages and programs expiring), republishing the pages they touch.\n"
	       "--now TIME runs as of TIME (UTC, such as 2026-12-05T16:05:00Z).\n");
}

/*
** publish --due: the scheduled changes due by now (UTC). Returns the
** exit status: 0, or 1 when any could not be made.
*/
static int publish_due(struct cli_options *o, const char *now)
{
	char err[512];
	struct due_report report;
	struct store *s;
	bool ok;

	if (!tpl_set_root(o->config.templates)) {
		log_error("template folder %s cannot be used", o->config.templates);
		return 1;
	}
	s = store_open(o->config.database, STORE_READWRITE, err, sizeof err);
	if (s == NULL) {
		log_error("%s", err);
		return 1;
	}
	ok = record_apply_due(s, &o->config, now, &report);
	store_close(s);
	/* Quiet when nothing was due: the timer runs it every minute. */
	if (report.published || report.expired || report.failed)
		printf("due by %s: %d draft%s published, %d record%s expired, %d failed\n", now,
		       report.published, report.published == 1 ? "" : "s",
		       report.expired, report.expired == 1 ? "" : "s", report.failed);
	return ok && report.failed == 0 ? 0 : 1;
}

/*
** publish with publishing off: nothing to render, but the uploaded files
** still follow the library (publish_files), as after a change killed
** before it moved them. Returns the exit status.
*/
static int publish_files_only(struct cli_options *o)
{
	char err[512];
	struct store *s;
	int rc;

	printf("publishing is off (\"publish\" is empty in the config): no pages to write\n");
	if (o->config.files_dir == NULL)
		return 0;
	s = store_open(o->config.database, STORE_READONLY, err, sizeof err);
	if (s == NULL) {
		log_error("%s", err);
		return 1;
	}
	rc = publish_files(&o->config, s);
	store_close(s);
	if (rc == 0)
		printf("the uploaded files in %s are as the library says\n", o->config.files_dir);
	return rc == 0 ? 0 : 1;
}

int cli_publish(struct cli_options *o, int argc, char **argv)
{
	char now[TEXT_TIME_MAX], readable[TEXT_TIME_MAX];
	struct buf failed = BUF_INIT;
	struct store *s;
	int pages;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--due") == 0) {
		text_utc_time(time(NULL), now);
		if (argc == 4 && strcmp(argv[2], "--now") == 0 && strlen(argv[3]) == 20 &&
		    text_readable_time(argv[3], readable))
			snprintf(now, sizeof now, "%s", argv[3]);
		else if (argc != 2) {
			log_error("publish --due takes only --now TIME (UTC, such as 2026-12-05T16:05:00Z)");
			return 2;
		}
		return publish_due(o, now);
	}
	if (argc > 1) {
		log_error("publish takes no arguments but --due [--now TIME]");
		return 2;
	}
	if (o->config.publish_dir == NULL)
		return publish_files_only(o);
	s = cli_open_for_rendering(o);
	if (s == NULL)
		return 1;
	pages = publish_everything(&o->config, s);
	if (pages >= 0) {
		printf("published %d pages to %s\n", pages, o->config.publish_dir);
		/* Templates or settings may have changed: every answer is stale. */
		if (purge_send(&o->config, s, CACHE_TAG_SITE, &failed) > 0)
			printf("caches that did not confirm the purge, queued for "
			       "'runningcode purge --retry': %s\n", failed.data);
	}
	store_close(s);
	buf_free(&failed);
	return pages < 0 ? 1 : 0;
}
