/*
** config.h: the settings shared by the worker, the admin CGI and the
** CLI, read from runningcode.conf and overridden by command-line options.
*/
#ifndef RC_CONFIG_H
#define RC_CONFIG_H

#include <stddef.h>
#include <stdio.h>

struct config {
	char *database;		/* SQLite file */
	char *templates;	/* folder of the ctemplate files */
	char *static_dir;	/* folder of CSS, logo and other static files */
	char *publish_dir;	/* folder of published pages, or NULL: none */
	char *files_dir;	/* folder of uploaded files (served at /files/), or NULL: no uploads */
	char *site_name;	/* shown in titles and the header */
	char *base_url;		/* "https://www.example.org"; NULL: unset, see config_require_site_address */
	char *trusted_proxies;	/* addresses whose X-Forwarded-Proto counts, or NULL */
	char *time_zone;	/* the admin shows times in it ("Europe/Zurich"), or NULL: UTC */
	char *listen;		/* worker socket path, or NULL for fd 0 */
	char *cache_control;	/* Cache-Control of page responses */
	char *purge;		/* caches to purge after a change (purge.h), or NULL */
	char *purge_urls;	/* caches without tags, purged by address, or NULL */
	char *replicate_to;	/* the standby's DEST for `runningcode replicate` (standby.h), or NULL */
	int menu_entries_shown;	/* per section of the header's menu; 0: all */
	int cache_kib;		/* worker: memory for rendered pages, KiB */
	int threads;		/* worker threads accepting requests */
	int sandbox;		/* worker: 1 to filter its system calls */
	int password_ops;	/* argon2id passes (libsodium opslimit) */
	int password_memory_kib;	/* argon2id memory, KiB (memlimit / 1024) */
	int totp_required_for_administrators;	/* 1: administrators must sign in with a code */
	int upload_max_kib;	/* the largest file an editor may upload, KiB */
	int files_max_mib;	/* all the library's files together, MiB */
};

void config_init(struct config *c);
/* The default Cache-Control of pages: browsers ask again each time (a
** 304 while the ETag matches); shared caches keep a page ten minutes, or
** until a purge names one of its tags (cache-tags.h), and serve it stale
** while they fetch it again or while the site is down. The web server
** configs in conf/ send the same for published files. */
#define CONFIG_CACHE_CONTROL \
	"max-age=0, s-maxage=600, stale-while-revalidate=10, stale-if-error=86400"

/* The most caches the purge setting lists. */
#define CONFIG_PURGE_CACHES_MAX 64

int config_read(struct config *c, FILE *f, const char *name, char *err, size_t errlen);
int config_load(struct config *c, const char *path, char *err, size_t errlen);
void config_set(char **field, const char *value);
int config_require_site_address(const struct config *c, char *err, size_t errlen);
int config_parse_int(const char *v, long min, long max, int *out);
void config_free(struct config *c);

#endif
