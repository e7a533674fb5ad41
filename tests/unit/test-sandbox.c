/*
** test-sandbox.c: the worker's system-call filter (src/site-sandbox.c), in
** child processes that this test forks: calls that serving needs go
** through; a call outside the list kills the process, every thread of
** it, with SIGSYS; the test itself, another process, goes on.
*/
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "site-sandbox.h"
#include "tap.h"

static int channel[2];		/* child -> test: what it got to do */

/*
** Run body in a child process, which installs the filter; return its
** wait status. The child writes what it did to channel[1]; the test
** closes its own copy, so that reading the channel ends when the child
** does, whatever it got to say. A child stuck for 10 s dies of SIGALRM.
*/
static int in_sandbox(void (*body)(void))
{
	int status = -1;
	pid_t pid;

	fflush(stdout);
	if (pipe(channel) < 0) {
		channel[0] = channel[1] = -1;
		return status;
	}
	pid = fork();
	if (pid == 0) {
		close(channel[0]);
		signal(SIGALRM, SIG_DFL);	/* whatever the test inherited */
		alarm(10);
		body();
		_exit(0);
	}
	close(channel[1]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	return status;
}

/* What the child got to write before it ended, as a string. */
static const char *child_said(void)
{
	static char said[64];
	ssize_t n = channel[0] < 0 ? -1 : read(channel[0], said, sizeof said - 1);

	said[n > 0 ? n : 0] = '\0';
	if (channel[0] >= 0)
		close(channel[0]);
	return said;
}

static void say(const char *what)
{
	(void)!write(channel[1], what, strlen(what));
}

static void allowed_calls(void)
{
	if (sandbox_enter() < 0)
		_exit(2);
	say(getpid() > 0 ? "pid " : "");
	say(getppid() > 0 ? "ppid" : "");	/* not in the list */
}

static void new_socket(void)
{
	if (sandbox_enter() < 0)
		_exit(2);
	say("before ");
	(void)socket(AF_INET, SOCK_STREAM, 0);
	say("after");
}

static void run_program(void)
{
	static char *const argv[] = { "/bin/true", NULL };

	if (sandbox_enter() < 0)
		_exit(2);
	say("before ");
	execv(argv[0], argv);
	say("after");
}

static int ready[2];		/* other thread -> main thread: running */
static int go[2];		/* main thread -> other thread: go */

static void *other_thread(void *unused)
{
	char c;

	(void)unused;
	(void)!write(ready[1], "r", 1);
	if (read(go[0], &c, 1) == 1)
		(void)socket(AF_UNIX, SOCK_STREAM, 0);
	return NULL;
}

/*
** A thread started before the filter is under it too. The filter waits
** until the thread runs: a thread's own start-up (ASan's, say, which
** sets up a signal stack) is not what this tests.
*/
static void thread_before_filter(void)
{
	pthread_t t;
	char c;

	if (pipe(ready) < 0 || pipe(go) < 0 ||
	    pthread_create(&t, NULL, other_thread, NULL) != 0 ||
	    read(ready[0], &c, 1) != 1)
		_exit(3);
	if (sandbox_enter() < 0)
		_exit(2);
	say("filtered ");
	(void)!write(go[1], "g", 1);
	pthread_join(t, NULL);
	say("main survived");
}

static void expect_killed(int status, const char *said, const char *what)
{
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS,
	   "%s: the process is killed with SIGSYS (status %#x)", what, status);
	diag("it said: %s", said);
}

int main(void)
{
	int status;
	const char *said;

	status = in_sandbox(allowed_calls);
	said = child_said();
	is_str(said, "pid ", "the filter is installed, and getpid() (in the list) goes through");
	expect_killed(status, said, "getppid() (not in the list)");

	status = in_sandbox(new_socket);
	said = child_said();
	expect_killed(status, said, "a new socket");
	is_str(said, "before ", "nothing runs after the forbidden call");

	status = in_sandbox(run_program);
	said = child_said();
	expect_killed(status, said, "running a program (execve)");
	is_str(said, "before ", "the program never ran, nor did the code after it");

	status = in_sandbox(thread_before_filter);
	said = child_said();
	expect_killed(status, said, "a thread started before the filter calls socket()");
	is_str(said, "filtered ", "the whole process ends, its main thread too");

	ok(getppid() > 0 && socket(AF_UNIX, SOCK_STREAM, 0) >= 0,
	   "the test process, not filtered, goes on making these calls");
	return tap_done();
}
