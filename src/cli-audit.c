/*
** cli-audit.c: `runningcode audit [COUNT]`: the last events of the
** audit log, oldest first: sign-in lock-outs and their ends, browsers
** that got a device cookie.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "log.h"
#include "model-users.h"
#include "text.h"

/* Print one event as a line of tab-separated fields. */
static void print_event(void *ctx, const struct audit_event *e)
{
	char at[32];
	struct tm tm;

	(void)ctx;
	gmtime_r(&e->at, &tm);
	strftime(at, sizeof at, "%Y-%m-%d %H:%M:%SZ", &tm);
	printf("%s\t%s\t%s\t%s\t%s\n", at, e->event, e->username, e->address, e->detail);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: runningcode audit [COUNT]   the last COUNT events (default 50), oldest first\n");
}

int cli_audit(struct cli_options *o, int argc, char **argv)
{
	int64_t count = 50;
	char err[512];
	struct store *s;
	int status;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc > 2 || (argc == 2 && (count = text_parse_number(argv[1], 6)) < 1)) {
		usage(stderr);
		return 2;
	}
	s = store_open(o->config.database, STORE_READONLY, err, sizeof err);
	if (s == NULL) {
		log_error("%s", err);
		return 1;
	}
	status = users_audit_each(s, (int)count, print_event, NULL) < 0 ? 1 : 0;
	store_close(s);
	return status;
}
