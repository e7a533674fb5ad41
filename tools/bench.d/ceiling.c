/*
** tools/bench.d/ceiling.c: the FastCGI transport ceiling for tools/bench.
** A bare libfcgi program that answers every request with one precomputed
** buffer: the headers given on the command line and the bytes of a file
** (the page as runningcode-site renders it). Threads share the listening
** socket and serialise accept with a mutex, as runningcode-site does and
** as libfcgi's threaded example does, so the only difference from the
** worker is the work between accept and finish.
**
**   ceiling [--close-early] SOCKET THREADS BODY-FILE ["Header: value" ...]
**
** Without --close-early it ends each request with FCGX_Finish_r alone,
** as a bare libfcgi program does; with it, it closes as runningcode-site
** does (finish_request in src/main-site.c), so that the worker can also
** be compared with the same transport.
**
** Runs until SIGTERM or SIGINT. Build: cc -O2 ceiling.c -lfcgi -lpthread
*/
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <fcgiapp.h>

static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;
static char *reply;
static int reply_len;
static int listen_fd;
static int close_early;

static void *serve(void *arg)
{
	const struct timeval wait = { .tv_sec = 1 };
	char rest[4096];
	FCGX_Request r;

	(void)arg;
	FCGX_InitRequest(&r, listen_fd, 0);
	for (;;) {
		int rc;

		pthread_mutex_lock(&accept_lock);
		rc = FCGX_Accept_r(&r);
		pthread_mutex_unlock(&accept_lock);
		if (rc < 0)
			break;
		FCGX_PutStr(reply, reply_len, r.out);
		/* --close-early: runningcode-site's finish_request. With the
		** request's input read to its end, close without libfcgi's wait
		** for the web server to close first. */
		if (close_early && !r.keepConnection &&
		    setsockopt(r.ipcFd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait) == 0) {
			while (FCGX_GetStr(rest, sizeof rest, r.in) > 0)
				;
			if (FCGX_GetError(r.in) == 0 && FCGX_HasSeenEOF(r.in) == EOF)
				FCGX_Detach(&r);
		}
		FCGX_Finish_r(&r);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	size_t cap = 4096, len = 0, body_len = 0;
	char *body;
	pthread_t *threads;
	sigset_t stop;
	FILE *f;
	int i, n, sig;

	if (argc > 1 && strcmp(argv[1], "--close-early") == 0) {
		close_early = 1;
		argv++;
		argc--;
	}
	if (argc < 4 || (n = atoi(argv[2])) < 1 || n > 256) {
		fprintf(stderr, "usage: ceiling [--close-early] SOCKET THREADS BODY-FILE [\"Header: value\" ...]\n");
		return 2;
	}
	f = fopen(argv[3], "rb");
	if (f == NULL) {
		perror(argv[3]);
		return 1;
	}
	body = malloc(cap);
	for (;;) {
		size_t got;

		if (body_len == cap)
			body = realloc(body, cap *= 2);
		got = fread(body + body_len, 1, cap - body_len, f);
		if (got == 0)
			break;
		body_len += got;
	}
	fclose(f);

	/* The whole reply, once: status, length, the given headers, body. */
	cap = body_len + 1024;
	for (i = 4; i < argc; i++)
		cap += strlen(argv[i]) + 2;
	reply = malloc(cap);
	len = (size_t)snprintf(reply, cap, "Status: 200 OK\r\nContent-Length: %zu\r\n", body_len);
	for (i = 4; i < argc; i++)
		len += (size_t)snprintf(reply + len, cap - len, "%s\r\n", argv[i]);
	len += (size_t)snprintf(reply + len, cap - len, "\r\n");
	memcpy(reply + len, body, body_len);
	reply_len = (int)(len + body_len);
	free(body);

	if (FCGX_Init() != 0)
		return 1;
	unlink(argv[1]);
	listen_fd = FCGX_OpenSocket(argv[1], 128);
	if (listen_fd < 0) {
		perror(argv[1]);
		return 1;
	}
	chmod(argv[1], 0666);
	signal(SIGPIPE, SIG_IGN);
	/* libfcgi catches SIGTERM to stop at the next accept, which may never
	** come: the main thread waits for it instead, and ends the process. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	threads = calloc((size_t)n, sizeof *threads);
	for (i = 0; i < n; i++)
		pthread_create(&threads[i], NULL, serve, NULL);
	sigwait(&stop, &sig);
	unlink(argv[1]);
	return 0;
}
