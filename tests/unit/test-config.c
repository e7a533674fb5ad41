/*
** test-config.c: the settings file parser (config.c config_read): lines
** it reads, lines it refuses with the file and line named, and NUL
** bytes, which must never cut a line short unnoticed (found by
** tests/fuzz/fuzz-config.c; its corpus keeps the inputs).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "standby.h"
#include "tap.h"

/*
** Read the len bytes at text as the file "t.conf" into c (filled with the
** defaults first; the caller frees it); returns config_read's result
** with its message in err.
*/
static int read_text(struct config *c, const char *text, size_t len, char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int rc;

	config_init(c);
	err[0] = '\0';
	if (f == NULL)
		return -2;
	rc = config_read(c, f, "t.conf", err, errlen);
	fclose(f);
	return rc;
}

/* Settings, blank lines, comments and white space as the sample has them. */
static void test_settings(void)
{
	static const char text[] =
		"# a comment\n"
		"\n"
		"  site_name =  Running code \r\n"
		"threads = 8\n"
		"publish =\n"
		"files =\n"
		"upload_max_kib = 2048\n"
		"files_max_mib = 10\n"
		"base_url = https://www.example.org";
	struct config c;
	char err[256];

	is_int(read_text(&c, text, sizeof text - 1, err, sizeof err), 0, "settings read");
	is_str(c.site_name, "Running code", "a string trimmed at both ends");
	is_int(c.threads, 8, "a number");
	ok(c.publish_dir == NULL, "an empty value turns publishing off");
	ok(c.files_dir == NULL, "and uploads");
	is_int(c.upload_max_kib, 2048, "the largest upload");
	is_int(c.files_max_mib, 10, "the library's room");
	is_str(c.base_url, "https://www.example.org", "the last line, without a line feed");
	config_free(&c);
}

/* Each malformed line refused, with the file and line named. */
static void test_refused(void)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ "site_name IETF\n", "t.conf:1: expected 'key = value'" },
		{ "\ntreads = 4\n", "t.conf:2: unknown setting 'treads'" },
		{ "threads = 0\n", "t.conf:1: threads must be a number from 1 to 256" },
		{ "threads = 4 # four\n", "t.conf:1: threads must be a number from 1 to 256" },
		{ "database =\n", "t.conf:1: database cannot be empty" },
		{ "upload_max_kib = 65536\n", "t.conf:1: upload_max_kib must be a number from 1 to 65472" },
		{ "files_max_mib = 0\n", "t.conf:1: files_max_mib must be a number from 1 to 1048576" },
		{ "base_url = https://www.example.org/\n", "t.conf:1: base_url: https://www.example.org/ "
		  "is not a site's address: http:// or https:// and a host name, with no path or "
		  "final slash (https://www.example.org)" },
		{ "base_url = www.example.org\n", "t.conf:1: base_url: www.example.org "
		  "is not a site's address: http:// or https:// and a host name, with no path or "
		  "final slash (https://www.example.org)" },
		{ "base_url = https://x.org/a\"><b>\n", "t.conf:1: base_url: https://x.org/a\"><b> "
		  "is not a site's address: http:// or https:// and a host name, with no path or "
		  "final slash (https://www.example.org)" },
		{ "purge = http://edge1:6081 edge2:6081\n", "t.conf:1: purge: http://edge1:6081 edge2:6081 "
		  "is not a list of caches' addresses (at most 64), each http:// or https://, a host "
		  "and its port, no path" },
		{ "purge_urls = http://edge1:6081/purge\n", "t.conf:1: purge_urls: http://edge1:6081/purge "
		  "is not a list of caches' addresses (at most 64), each http:// or https://, a host "
		  "and its port, no path" },
		{ "replicate_to = -e ssh\n", "t.conf:1: replicate_to: -e ssh cannot be a standby's "
		  "address: it begins with '-', which rsync would take for an option" },
		{ "replicate_to = http://standby/x\n", "t.conf:1: replicate_to: http://standby/x cannot "
		  "be a standby's address: HOST:PATH (through ssh), rsync://HOST[:PORT]/MODULE/PATH "
		  "(an rsync daemon) or a folder on this machine" },
		{ "replicate_to = rsync://standby\n", "t.conf:1: replicate_to: rsync://standby cannot "
		  "be a standby's address: an rsync:// address names a host and a module: "
		  "rsync://HOST[:PORT]/MODULE/PATH" },
		{ NULL, "t.conf:1: site_name: the value is too long (at most 2048 bytes)" },
	};
	size_t i;

	/* NULL: a value of 2049 bytes, on a line that fits (fuzz-config:
	** written back as "key = value" it no longer did). */
	char long_value[2200] = "site_name=";

	memset(long_value + 10, 'x', 2049);
	long_value[10 + 2049] = '\0';
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *text = cases[i].text ? cases[i].text : long_value;
		struct config c;
		char err[256];

		is_int(read_text(&c, text, strlen(text), err, sizeof err), -1,
		       "refused: %s", cases[i].message);
		is_str(err, cases[i].message, "the message names the file and line");
		config_free(&c);
	}
}

/* Rendering needs the site's address: without base_url, a message that
** names the setting; with it (any port, http or https), none. */
static void test_site_address(void)
{
	static const char *good[] = { "base_url = https://www.example.org\n",
				      "base_url = http://127.0.0.1:8080\n" };
	struct config c;
	char err[512] = "";
	size_t i;

	is_int(read_text(&c, "base_url =\n", 11, err, sizeof err), 0, "an empty base_url reads as unset");
	is_int(config_require_site_address(&c, err, sizeof err), -1, "unset: required");
	ok(strncmp(err, "base_url is not set: ", 21) == 0, "the message names the setting: %s", err);
	config_free(&c);
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		is_int(read_text(&c, good[i], strlen(good[i]), err, sizeof err), 0, "accepted: %s", good[i]);
		is_int(config_require_site_address(&c, err, sizeof err), 0, "set: nothing missing");
		config_free(&c);
	}
}

/* A NUL byte anywhere in a line refuses the file, naming the line. */
static void test_nul(void)
{
	static const struct {
		const char *what;
		const char *text;
		size_t len;
		const char *message;
	} cases[] = {
		{ "in the last line, without a line feed", "site_name = x\0/y", 16,
		  "t.conf:1: a NUL byte in the line" },
		{ "in the last line, with a line feed", "threads = 2\nsite_name = x\0y\n", 27,
		  "t.conf:2: a NUL byte in the line" },
		{ "in a line before others", "site_name = x\0y\nthreads = 2\n", 28,
		  "t.conf:1: a NUL byte in the line" },
		{ "in a comment", "# x\0threads = 0", 15, "t.conf:1: a NUL byte in the line" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct config c;
		char err[256];

		is_int(read_text(&c, cases[i].text, cases[i].len, err, sizeof err), -1,
		       "a NUL byte %s refused", cases[i].what);
		is_str(err, cases[i].message, "a NUL byte %s: the message says so", cases[i].what);
		config_free(&c);
	}
}

/* Lines up to 4094 characters, with a line feed or without; longer ones
** refused (values have their own, smaller limit: test_refused). */
static void test_line_length(void)
{
	char *text = malloc(8192);
	struct config c;
	char err[256];
	size_t n;

	/* A value of 2048 bytes (its own limit) padded with blanks. */
	memcpy(text, "site_name = ", 12);
	memset(text + 12, 'x', 2048);
	memset(text + 12 + 2048, ' ', 8192 - 12 - 2048);
	n = 4094;
	text[n] = '\n';
	is_int(read_text(&c, text, n + 1, err, sizeof err), 0, "a line of 4094 characters read");
	is_int((long long)strlen(c.site_name), 2048, "all of its value");
	config_free(&c);
	text[n] = ' ';
	text[n + 1] = '\n';
	is_int(read_text(&c, text, n + 2, err, sizeof err), -1, "a line of 4095 characters refused");
	is_str(err, "t.conf:1: line too long", "the message says why");
	config_free(&c);
	/* The last line, without its line feed: the same limit (fuzz-config
	** found the settings of a last line of 4095 characters read, then
	** refused once written back with a line feed). */
	is_int(read_text(&c, text, n, err, sizeof err), 0,
	       "a last line of 4094 characters without a line feed read");
	config_free(&c);
	is_int(read_text(&c, text, n + 1, err, sizeof err), -1,
	       "a last line of 4095 characters without a line feed refused");
	is_str(err, "t.conf:1: line too long", "the message says why");
	config_free(&c);
	free(text);
}

/* The caches to purge: addresses separated by white space, or none. */
static void test_purge(void)
{
	struct config c;
	char err[256];
	const char *two = "purge = http://edge1:6081  http://[::1]:6081\n";

	is_int(read_text(&c, two, strlen(two), err, sizeof err), 0, "two caches: %s", err);
	is_str(c.purge, "http://edge1:6081  http://[::1]:6081", "kept as written");
	config_free(&c);
	is_int(read_text(&c, "purge =\n", 8, err, sizeof err), 0, "none");
	ok(c.purge == NULL || *c.purge == '\0', "an empty purge purges nothing");
	config_free(&c);
}

/* The standby's DEST: each form rsync takes, told apart; none by default. */
static void test_replicate_to(void)
{
	static const struct {
		const char *dest;
		enum standby_dest_kind kind;
	} cases[] = {
		{ "standby:/var/lib/runningcode/standby", STANDBY_DEST_SSH },
		{ "runningcode@standby:standby", STANDBY_DEST_SSH },
		{ "standby:", STANDBY_DEST_SSH },
		{ "rsync://standby:873/runningcode/standby", STANDBY_DEST_DAEMON },
		{ "rsync://standby/runningcode", STANDBY_DEST_DAEMON },
		{ "standby::runningcode/standby", STANDBY_DEST_DAEMON },
		{ "/mnt/standby", STANDBY_DEST_LOCAL },
		{ "./a:b", STANDBY_DEST_LOCAL },
	};
	enum standby_dest_kind kind;
	struct buf line = BUF_INIT;
	struct config c;
	char err[256];
	size_t i;

	is_int(read_text(&c, "", 0, err, sizeof err), 0, "no settings");
	ok(c.replicate_to == NULL, "no standby by default");
	config_free(&c);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&line);
		buf_printf(&line, "replicate_to = %s\n", cases[i].dest);
		is_int(read_text(&c, line.data, line.len, err, sizeof err), 0, "%s read: %s", cases[i].dest, err);
		is_str(c.replicate_to, cases[i].dest, "kept as written");
		config_free(&c);
		kind = (enum standby_dest_kind)-1;
		ok(standby_dest_problem(cases[i].dest, &kind) == NULL && kind == cases[i].kind,
		   "%s: kind %d", cases[i].dest, (int)cases[i].kind);
	}
	ok(standby_dest_problem("stand by:/x", NULL) != NULL, "a host with a space refused");
	ok(standby_dest_problem("a\tb", NULL) != NULL, "a control character refused");
	buf_free(&line);
}

int main(void)
{
	test_settings();
	test_refused();
	test_purge();
	test_replicate_to();
	test_site_address();
	test_nul();
	test_line_length();
	return tap_done();
}
