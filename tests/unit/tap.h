/*
** tap.h: a tiny Test Anything Protocol producer for the C unit tests.
**
**   ok(cond, "what", ...)          one test: passes when cond is true
**   is_int(got, want, "what", ...) integers compared, both shown on failure
**   is_str(got, want, "what", ...) strings compared (NULL allowed)
**   diag("text", ...)              a "# " comment line
**   return tap_done();             prints the plan "1..N"; the exit
**                                  status is 1 when any test failed
**
** Each check returns whether it passed, so a test can stop early:
** `if (!ok(p != NULL, "...")) return tap_done();`.
** Automake's tap-driver.sh reads the output (see Makefile.am).
*/
#ifndef RC_TAP_H
#define RC_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static inline void tap_vline(bool pass, const char *fmt, va_list ap)
{
	printf("%sok %d - ", pass ? "" : "not ", ++tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	if (!pass)
		tap_failed++;
}

__attribute__((format(printf, 4, 5)))
static inline bool tap_ok(bool pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   failed at %s:%d\n", file, line);
	fflush(stdout);
	return pass;
}

__attribute__((format(printf, 5, 6)))
static inline bool tap_is_int(long long got, long long want, const char *file, int line,
			      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   failed at %s:%d\n#        got: %lld\n#   expected: %lld\n",
		       file, line, got, want);
	fflush(stdout);
	return got == want;
}

__attribute__((format(printf, 5, 6)))
static inline bool tap_is_str(const char *got, const char *want, const char *file,
			      int line, const char *fmt, ...)
{
	bool pass = got && want ? strcmp(got, want) == 0 : got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vline(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   failed at %s:%d\n#        got: %s%s%s\n#   expected: %s%s%s\n",
		       file, line, got ? "'" : "", got ? got : "NULL", got ? "'" : "",
		       want ? "'" : "", want ? want : "NULL", want ? "'" : "");
	fflush(stdout);
	return pass;
}

__attribute__((format(printf, 1, 2)))
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#define ok(cond, ...) tap_ok((cond) ? true : false, __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

#endif
