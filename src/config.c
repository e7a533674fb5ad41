/*
** config.c: runningcode.conf, a file of "key = value" lines.
**
** Blank lines and lines starting with '#' are ignored. Unknown keys and
** malformed lines are errors, reported with their line number, so that
** a typo never silently falls back to a default.
*/
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "standby.h"

#define CONFIG_LINE_MAX 4094	/* bytes of a line, without its line feed */
/* A value's own limit, well inside a line's: a setting written back as
** "key = value" always fits the line it came from. */
#define CONFIG_VALUE_MAX 2048

/*
** Fill c with the compiled-in defaults (paths chosen at configure time).
** Release with config_free.
*/
void config_init(struct config *c)
{
	c->database = xstrdup(RC_DEFAULT_DATABASE);
	c->templates = xstrdup(RC_DEFAULT_TEMPLATES);
	c->static_dir = xstrdup(RC_DEFAULT_STATIC);
	c->publish_dir = xstrdup(RC_DEFAULT_PUBLISH);
	c->files_dir = xstrdup(RC_DEFAULT_FILES);
	c->site_name = xstrdup("IETF");
	c->base_url = NULL;
	c->trusted_proxies = NULL;
	c->time_zone = NULL;
	c->listen = NULL;
	c->purge = NULL;
	c->purge_urls = NULL;
	c->replicate_to = NULL;
	c->cache_control = xstrdup(CONFIG_CACHE_CONTROL);
	c->cache_kib = 1024;
	c->threads = 4;
	c->menu_entries_shown = 12;
	c->sandbox = 1;
	c->password_ops = 2;		/* crypto_pwhash_OPSLIMIT_INTERACTIVE */
	c->password_memory_kib = 65536;	/* crypto_pwhash_MEMLIMIT_INTERACTIVE */
	c->totp_required_for_administrators = 0;
	c->upload_max_kib = 8192;
	c->files_max_mib = 1024;
}

/*
** Replace the string *field with a copy of value (NULL clears it).
*/
void config_set(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

/*
** Trim white space at both ends of s in place; return the trimmed start.
*/
static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/*
** Parse a whole number from min to max into *out; return -1 when v is
** not one.
*/
int config_parse_int(const char *v, long min, long max, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || end == v || n < min || n > max)
		return -1;
	*out = (int)n;
	return 0;
}

/*
** Whether name is a time zone of this system: a plain name ("UTC",
** "Europe/Zurich") of a file under /usr/share/zoneinfo (tzdata). The C
** library would take an unknown name silently as UTC.
*/
static bool time_zone_known(const char *name)
{
	char path[300];

	if (strlen(name) > 100 || name[strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					       "0123456789_+-/")] != '\0' ||
	    *name == '/' || strstr(name, "..") != NULL)
		return false;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
	return access(path, R_OK) == 0;
}

/*
** Whether url is an origin, "http[s]://host[:port]": what page paths
** are appended to for absolute addresses, so no path, query or slash.
*/
static bool base_url_valid(const char *url)
{
	const char *host = strncmp(url, "https://", 8) == 0 ? url + 8 :
			   strncmp(url, "http://", 7) == 0 ? url + 7 : NULL;

	return host && *host && strlen(host) <= 255 &&
	       host[strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")] == '\0';
}

/*
** Whether value lists at most CONFIG_PURGE_CACHES_MAX cache addresses,
** separated by white space, each an origin as base_url_valid says.
*/
static bool purge_caches_valid(const char *value)
{
	char one[300];
	size_t len, n = 0;
	bool ok = true;

	while (ok && *(value += strspn(value, " \t"))) {
		len = strcspn(value, " \t");
		ok = len < sizeof one && ++n <= CONFIG_PURGE_CACHES_MAX;
		if (ok) {
			memcpy(one, value, len);
			one[len] = '\0';
			ok = base_url_valid(one);
		}
		value += len;
	}
	return ok;
}

/*
** Apply one "key = value" setting; return 0, or -1 with a message in err.
*/
static int config_apply(struct config *c, const char *key, const char *value,
			char *err, size_t errlen)
{
	static const struct {
		const char *key;
		size_t offset;
		bool may_be_empty;	/* empty turns the feature off */
	} strings[] = {
		{ "database", offsetof(struct config, database), false },
		{ "templates", offsetof(struct config, templates), false },
		{ "static", offsetof(struct config, static_dir), false },
		{ "publish", offsetof(struct config, publish_dir), true },
		{ "files", offsetof(struct config, files_dir), true },
		{ "site_name", offsetof(struct config, site_name), false },
		{ "base_url", offsetof(struct config, base_url), true },
		{ "trusted_proxies", offsetof(struct config, trusted_proxies), true },
		{ "time_zone", offsetof(struct config, time_zone), true },
		{ "listen", offsetof(struct config, listen), true },
		{ "cache_control", offsetof(struct config, cache_control), true },
		{ "purge", offsetof(struct config, purge), true },
		{ "purge_urls", offsetof(struct config, purge_urls), true },
		{ "replicate_to", offsetof(struct config, replicate_to), true },
	};
	static const struct {
		const char *key;
		size_t offset;
		long min, max;
	} numbers[] = {
		{ "threads", offsetof(struct config, threads), 1, 256 },
		{ "sandbox", offsetof(struct config, sandbox), 0, 1 },
		{ "cache_kib", offsetof(struct config, cache_kib), 0, 1048576 },
		{ "menu_entries_shown", offsetof(struct config, menu_entries_shown), 0, 1000 },
		{ "password_ops", offsetof(struct config, password_ops), 1, 10 },
		{ "password_memory_kib", offsetof(struct config, password_memory_kib), 8, 1048576 },
		{ "totp_required_for_administrators",
		  offsetof(struct config, totp_required_for_administrators), 0, 1 },
		/* The web servers take at most 64 MB to /admin/files (conf/). */
		{ "upload_max_kib", offsetof(struct config, upload_max_kib), 1, 65536 - 64 },
		{ "files_max_mib", offsetof(struct config, files_max_mib), 1, 1048576 },
	};
	const char *problem;
	size_t i;

	if (strlen(value) > CONFIG_VALUE_MAX) {
		snprintf(err, errlen, "%s: the value is too long (at most %d bytes)", key, CONFIG_VALUE_MAX);
		return -1;
	}
	if (strcmp(key, "base_url") == 0 && *value && !base_url_valid(value)) {
		snprintf(err, errlen, "base_url: %.100s is not a site's address: http:// or https:// "
			 "and a host name, with no path or final slash (https://www.example.org)", value);
		return -1;
	}
	if (strcmp(key, "time_zone") == 0 && *value && !time_zone_known(value)) {
		snprintf(err, errlen, "time_zone: %.100s is not a time zone of this system "
			 "(a name under /usr/share/zoneinfo, such as Europe/Zurich)", value);
		return -1;
	}
	if ((strcmp(key, "purge") == 0 || strcmp(key, "purge_urls") == 0) && !purge_caches_valid(value)) {
		snprintf(err, errlen, "%.10s: %.100s is not a list of caches' addresses (at most %d), "
			 "each http:// or https://, a host and its port, no path",
			 key, value, CONFIG_PURGE_CACHES_MAX);
		return -1;
	}
	if (strcmp(key, "replicate_to") == 0 && *value && (problem = standby_dest_problem(value, NULL))) {
		snprintf(err, errlen, "replicate_to: %.100s cannot be a standby's address: %s", value, problem);
		return -1;
	}
	for (i = 0; i < sizeof strings / sizeof strings[0]; i++) {
		if (strcmp(key, strings[i].key) != 0)
			continue;
		if (*value == '\0' && !strings[i].may_be_empty) {
			snprintf(err, errlen, "%s cannot be empty", key);
			return -1;
		}
		config_set((char **)((char *)c + strings[i].offset), *value ? value : NULL);
		return 0;
	}
	for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		if (strcmp(key, numbers[i].key) != 0)
			continue;
		if (config_parse_int(value, numbers[i].min, numbers[i].max,
				     (int *)((char *)c + numbers[i].offset)) == 0)
			return 0;
		snprintf(err, errlen, "%s must be a number from %ld to %ld", key,
			 numbers[i].min, numbers[i].max);
		return -1;
	}
	snprintf(err, errlen, "unknown setting '%s'", key);
	return -1;
}

/*
** Read the settings in f (named name in messages) into c, over what c
** holds. Return 0, or -1 with a one-line message (naming the file and
** line) in err. The caller owns f and closes it. A line is at most
** CONFIG_LINE_MAX bytes besides its line feed (the last one may have
** none), and holds no NUL byte (which would hide the rest of it).
*/
int config_read(struct config *c, FILE *f, const char *name, char *err, size_t errlen)
{
	char *line = NULL, msg[256];
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;
	int rc = 0;

	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		char *s, *eq;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if ((size_t)len > CONFIG_LINE_MAX) {
			snprintf(err, errlen, "%s:%u: line too long", name, lineno);
			rc = -1;
			break;
		}
		if (strlen(line) != (size_t)len) {
			snprintf(err, errlen, "%s:%u: a NUL byte in the line", name, lineno);
			rc = -1;
			break;
		}
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (eq == NULL) {
			snprintf(err, errlen, "%s:%u: expected 'key = value'", name, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		if (config_apply(c, trim(s), trim(eq + 1), msg, sizeof msg) < 0) {
			snprintf(err, errlen, "%s:%u: %s", name, lineno, msg);
			rc = -1;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: read error", name);
		rc = -1;
	}
	free(line);
	return rc;
}

/*
** Read the file at path into c, over what c holds (config_read). Return
** 0, or -1 with a one-line message in err.
*/
int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE *f;
	int rc;

	f = fopen(path, "r");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = config_read(c, f, path, err, errlen);
	fclose(f);
	return rc;
}

/*
** Check the settings that have no default but that the programs which
** render public pages need: base_url, for the absolute addresses of
** canonical links, Open Graph, structured data and the sitemap. Return
** 0, or -1 with a one-line message in err.
*/
int config_require_site_address(const struct config *c, char *err, size_t errlen)
{
	if (c->base_url != NULL)
		return 0;
	snprintf(err, errlen, "base_url is not set: give the site's address as visitors see it, "
		 "such as \"base_url = https://www.example.org\" (see runningcode.conf(5)); "
		 "pages name their canonical address under it");
	return -1;
}

/*
** Free every string c owns.
*/
void config_free(struct config *c)
{
	free(c->database);
	free(c->templates);
	free(c->static_dir);
	free(c->publish_dir);
	free(c->files_dir);
	free(c->site_name);
	free(c->base_url);
	free(c->trusted_proxies);
	free(c->time_zone);
	free(c->listen);
	free(c->cache_control);
	free(c->purge);
	free(c->purge_urls);
	free(c->replicate_to);
	memset(c, 0, sizeof *c);
}
