/*
** log.h: one line per event on stderr, "PROGRAM: LEVEL: message"
** (LEVEL: error, info or fatal). Under nginx, Apache and systemd, stderr
** goes to the server's or the journal's log; to the journal, with the
** level's priority.
*/
#ifndef RC_LOG_H
#define RC_LOG_H

void log_set_program(const char *name);
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void log_fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif
