/*
** log.c: one line per event on stderr.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "log.h"

static const char *program = "runningcode";
/* Whether stderr is systemd's journal: lines then start with "<N>". */
static int to_journal;

/*
** Whether stderr is the journal's stream, as systemd says to tell it
** (systemd.exec(5)): JOURNAL_STREAM holds its "device:inode".
*/
static int stderr_is_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return stream && sscanf(stream, "%llu:%llu", &dev, &ino) == 2 && fstat(2, &st) == 0 &&
	       (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

/*
** Name the program in every following line, and see whether stderr is
** the journal. name must outlive the process (a string literal or
** argv[0]). Call it first in main, before any thread starts.
*/
void log_set_program(const char *name)
{
	program = name;
	to_journal = stderr_is_journal();
}

/*
** Write one line: "program: level: message", control characters of the
** message (a user name, a path: text from outside) written as \xHH and
** a backslash as \\, so that no input can forge or break a line. To the
** journal, the line starts with the level's syslog priority, "<3>" for
** an error (sd-daemon(3)): the journal keeps the priority and takes the
** prefix off. A single fprintf keeps the line whole when threads log at
** once (stdio locks the stream).
*/
static void log_line(int priority, const char *level, const char *fmt, va_list ap)
{
	char msg[1024], safe[4 * sizeof msg];
	size_t i, n = 0;

	vsnprintf(msg, sizeof msg, fmt, ap);
	for (i = 0; msg[i]; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c < 0x20 || c == 0x7F || c == '\\')
			n += (size_t)snprintf(safe + n, sizeof safe - n, c == '\\' ? "\\\\" : "\\x%02X", c);
		else
			safe[n++] = (char)c;
	}
	safe[n] = '\0';
	if (to_journal)
		fprintf(stderr, "<%d>%s: %s: %s\n", priority, program, level, safe);
	else
		fprintf(stderr, "%s: %s: %s\n", program, level, safe);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(3, "error", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(6, "info", fmt, ap);
	va_end(ap);
}

/*
** Log and end the process: for states the program cannot continue from
** (out of memory, a broken invariant).
*/
void log_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(2, "fatal", fmt, ap);
	va_end(ap);
	abort();
}
