/*
** log.c: one line per event on stderr.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

static const char *program = "runningcode";

/*
** Name the program in every following line. name must outlive the
** process (a string literal or argv[0]).
*/
void log_set_program(const char *name)
{
	program = name;
}

/*
** Write one line: "program: level: message", control characters of the
** message (a user name, a path: text from outside) written as \xHH and
** a backslash as \\, so that no input can forge or break a line. A
** single fprintf keeps the line whole when threads log at once (stdio
** locks the stream).
*/
static void log_line(const char *level, const char *fmt, va_list ap)
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
	fprintf(stderr, "%s: %s: %s\n", program, level, safe);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("info", fmt, ap);
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
	log_line("fatal", fmt, ap);
	va_end(ap);
	abort();
}
