/*
** fuzz-config.c: the settings file parser (src/config.c config_read, as
** config_load runs it on runningcode.conf).
**
** The input is the file, read through fmemopen into a config filled
** with the defaults (config_init). When config_read refuses it, its
** message must name the file. When it accepts it:
**  - the file holds no NUL byte (a line cut short by one would be read
**    as less than it says);
**  - every line (up to a line feed), white space trimmed at both ends,
**    is blank, a comment starting with '#', or "key = value" with a key
**    of conf/runningcode.conf, a value allowed for it (the keys listed
**    here: a non-empty string, a string that may be empty, or a decimal
**    number in its range) and set: each key holds the value of its last
**    line, trimmed, an empty string as NULL, a number as its value;
**  - written back as "key = value" lines, the settings read again to
**    the same values (they round-trip).
*/
#include <ctype.h>
#include <stddef.h>

#include "fuzz.h"

#include "buf.h"
#include "config.h"

/* The settings, as conf/runningcode.conf documents them. */
static const struct setting {
	const char *key;
	size_t offset;		/* in struct config: a char * or an int */
	enum { NONEMPTY, MAY_BE_EMPTY, NUMBER } kind;
	long min, max;		/* NUMBER */
} settings[] = {
	{ "database", offsetof(struct config, database), NONEMPTY, 0, 0 },
	{ "templates", offsetof(struct config, templates), NONEMPTY, 0, 0 },
	{ "static", offsetof(struct config, static_dir), NONEMPTY, 0, 0 },
	{ "publish", offsetof(struct config, publish_dir), MAY_BE_EMPTY, 0, 0 },
	{ "files", offsetof(struct config, files_dir), MAY_BE_EMPTY, 0, 0 },
	{ "site_name", offsetof(struct config, site_name), NONEMPTY, 0, 0 },
	{ "base_url", offsetof(struct config, base_url), MAY_BE_EMPTY, 0, 0 },
	{ "trusted_proxies", offsetof(struct config, trusted_proxies), MAY_BE_EMPTY, 0, 0 },
	{ "time_zone", offsetof(struct config, time_zone), MAY_BE_EMPTY, 0, 0 },
	{ "listen", offsetof(struct config, listen), MAY_BE_EMPTY, 0, 0 },
	{ "cache_control", offsetof(struct config, cache_control), MAY_BE_EMPTY, 0, 0 },
	{ "purge", offsetof(struct config, purge), MAY_BE_EMPTY, 0, 0 },
	{ "purge_urls", offsetof(struct config, purge_urls), MAY_BE_EMPTY, 0, 0 },
	{ "replicate_to", offsetof(struct config, replicate_to), MAY_BE_EMPTY, 0, 0 },
	{ "threads", offsetof(struct config, threads), NUMBER, 1, 256 },
	{ "sandbox", offsetof(struct config, sandbox), NUMBER, 0, 1 },
	{ "cache_kib", offsetof(struct config, cache_kib), NUMBER, 0, 1048576 },
	{ "menu_entries_shown", offsetof(struct config, menu_entries_shown), NUMBER, 0, 1000 },
	{ "password_ops", offsetof(struct config, password_ops), NUMBER, 1, 10 },
	{ "password_memory_kib", offsetof(struct config, password_memory_kib), NUMBER, 8, 1048576 },
	{ "totp_required_for_administrators", offsetof(struct config, totp_required_for_administrators),
	  NUMBER, 0, 1 },
	{ "upload_max_kib", offsetof(struct config, upload_max_kib), NUMBER, 1, 65536 - 64 },
	{ "files_max_mib", offsetof(struct config, files_max_mib), NUMBER, 1, 1048576 },
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

/* The string setting s of c. */
static char **string_of(struct config *c, const struct setting *s)
{
	return (char **)((char *)c + s->offset);
}

/* The number setting s of c. */
static int *number_of(struct config *c, const struct setting *s)
{
	return (int *)((char *)c + s->offset);
}

/* The setting called key (len bytes), or NULL. */
static const struct setting *setting_named(const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++)
		if (strlen(settings[i].key) == len && memcmp(settings[i].key, key, len) == 0)
			return &settings[i];
	return NULL;
}

/* The len bytes at *s with white space trimmed at both ends. */
static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* Read text (len bytes) into c, as config_load reads a file. */
static int read_text(struct config *c, const char *text, size_t len, char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int rc;

	if (f == NULL)
		abort();
	rc = config_read(c, f, "fuzz.conf", err, errlen);
	fclose(f);
	return rc;
}

/*
** Check every line of the accepted file text (len bytes) against c: the
** value of each key's last line is what c holds.
*/
static void check_lines(const char *text, size_t len, struct config *c)
{
	const char *last[NSETTINGS] = { 0 };
	size_t last_len[NSETTINGS] = { 0 };
	size_t at = 0, i;

	FUZZ_ASSERT(memchr(text, '\0', len) == NULL, "a file with a NUL byte accepted");
	while (at < len) {
		const char *line = text + at, *nl = memchr(line, '\n', len - at);
		size_t n = nl ? (size_t)(nl - line) : len - at, klen, vlen;
		const char *eq, *key, *value;
		const struct setting *s;

		at += n + 1;
		trim(&line, &n);
		if (n == 0 || line[0] == '#')
			continue;
		eq = memchr(line, '=', n);
		FUZZ_ASSERT(eq != NULL, "a line without '=' accepted: %.*s", (int)n, line);
		key = line;
		klen = (size_t)(eq - line);
		trim(&key, &klen);
		value = eq + 1;
		vlen = (size_t)(line + n - value);
		trim(&value, &vlen);
		s = setting_named(key, klen);
		FUZZ_ASSERT(s != NULL, "an unknown key accepted: %.*s", (int)klen, key);
		last[s - settings] = value;
		last_len[s - settings] = vlen;
	}
	for (i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];
		char *want;

		if (last[i] == NULL)
			continue;
		want = fuzz_strndup((const uint8_t *)last[i], last_len[i]);
		if (s->kind == NUMBER) {
			char *end;
			long n = strtol(want, &end, 10);
			size_t digits = strspn(want + (*want == '+' || *want == '-'), "0123456789");

			FUZZ_ASSERT(digits > 0 && digits + (*want == '+' || *want == '-') == strlen(want),
				    "%s = '%s' accepted: not a number", s->key, want);
			FUZZ_ASSERT(*end == '\0' && n >= s->min && n <= s->max,
				    "%s = %s accepted, outside %ld to %ld", s->key, want, s->min, s->max);
			FUZZ_ASSERT(*number_of(c, s) == n, "%s = %s read as %d", s->key, want,
				    *number_of(c, s));
		} else {
			const char *got = *string_of(c, s);

			FUZZ_ASSERT(*want || s->kind == MAY_BE_EMPTY, "%s accepted empty", s->key);
			FUZZ_ASSERT(*want ? got && strcmp(got, want) == 0 : got == NULL,
				    "%s = '%s' read as '%s'", s->key, want, got ? got : "(null)");
		}
		free(want);
	}
}

/* Write c as "key = value" lines, read them again: the same settings. */
static void check_round_trip(struct config *c)
{
	struct buf text = BUF_INIT;
	struct config again;
	char err[512];
	size_t i;

	for (i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];

		if (s->kind == NUMBER)
			buf_printf(&text, "%s = %d\n", s->key, *number_of(c, s));
		else
			buf_printf(&text, "%s = %s\n", s->key, *string_of(c, s) ? *string_of(c, s) : "");
	}
	config_init(&again);
	FUZZ_ASSERT(read_text(&again, text.data, text.len, err, sizeof err) == 0,
		    "the settings written back are refused: %s\n%s", err, text.data);
	for (i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];

		if (s->kind == NUMBER) {
			FUZZ_ASSERT(*number_of(c, s) == *number_of(&again, s), "%s does not round-trip",
				    s->key);
		} else {
			const char *a = *string_of(c, s), *b = *string_of(&again, s);

			FUZZ_ASSERT(a ? b && strcmp(a, b) == 0 : b == NULL, "%s = '%s' reads back as '%s'",
				    s->key, a ? a : "(null)", b ? b : "(null)");
		}
	}
	config_free(&again);
	buf_free(&text);
}

/* One input: a settings file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_bytes(data, size);
	struct config c;
	char err[512];

	config_init(&c);
	err[0] = '\0';
	if (read_text(&c, text, size, err, sizeof err) == 0) {
		check_lines(text, size, &c);
		check_round_trip(&c);
	} else {
		FUZZ_ASSERT(strncmp(err, "fuzz.conf", 9) == 0, "a refusal that does not name the file: %s",
			    err);
	}
	config_free(&c);
	free(text);
	return 0;
}
