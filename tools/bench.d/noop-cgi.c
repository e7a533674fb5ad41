/*
** tools/bench.d/noop-cgi.c: the floor of every admin figure of
** tools/bench. A CGI that prints one fixed page and does nothing else,
** run by the same nginx and fcgiwrap as runningcode-admin: what a
** request to the admin costs on this machine before the admin does
** anything (nginx, fcgiwrap's fork, exec, a process's start and end).
**
** Build: cc -O2 noop-cgi.c
*/
#include <stdio.h>

int main(void)
{
	fputs("Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
	      "<!DOCTYPE html><title>noop</title><p>noop</p>\n", stdout);
	return 0;
}
