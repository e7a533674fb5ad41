/*
** test-log.c: the log lines of log.c as an operator reads them. Text
** from outside (a user name, a path) goes into messages: no such text
** may start a line of its own or hide in the terminal, so control
** characters come out as \xHH and a backslash as \\.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "tap.h"

/* Log "%s" of text through log_info with stderr sent to a temporary
** file; the line written, into line (at most size bytes). */
static void logged(const char *text, char *line, size_t size)
{
	FILE *f = tmpfile();
	int saved = dup(STDERR_FILENO);

	line[0] = '\0';
	if (f == NULL || saved < 0)
		return;
	fflush(stderr);
	dup2(fileno(f), STDERR_FILENO);
	log_info("user %s refused", text);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	if (fgets(line, (int)size, f) == NULL)
		line[0] = '\0';
	fclose(f);
}

int main(void)
{
	char line[8192], text[1100];

	log_set_program("test");
	logged("ann", line, sizeof line);
	is_str(line, "test: info: user ann refused\n", "a plain message as written");
	logged("ann\ntest: info: user root logged in", line, sizeof line);
	is_str(line, "test: info: user ann\\x0Atest: info: user root logged in refused\n",
	       "a newline in the text cannot forge a second line");
	logged("a\rb\tc\x1B[2Jd\x7F", line, sizeof line);
	is_str(line, "test: info: user a\\x0Db\\x09c\\x1B[2Jd\\x7F refused\n",
	       "carriage return, tab, escape and DEL written as \\xHH");
	logged("a\\x0Ab", line, sizeof line);
	is_str(line, "test: info: user a\\\\x0Ab refused\n",
	       "a backslash is doubled, so \\xHH in the text cannot pass for an escape");
	logged("caf\xC3\xA9", line, sizeof line);
	is_str(line, "test: info: user caf\xC3\xA9 refused\n", "UTF-8 text kept as it is");
	memset(text, '\n', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	logged(text, line, sizeof line);
	ok(strlen(line) > 1000 && strchr(line, '\n') == line + strlen(line) - 1,
	   "a message of control characters only stays one line, whole up to the limit");
	return tap_done();
}
