/*
** tools/bench.d/edit-get.c: first renders after an edit, for tools/bench.
** One process that, RUNS times, commits SQL to the database (an edit: a
** new cache generation for the worker), then fetches a page over HTTP
** on a new connection and reads the reply to its end, and prints how
** long the fetch took, in ms, one line per fetch. Without SQL it only
** fetches (an unchanged page, one request at a time).
**
**   edit-get DB PORT PATH RUNS [SQL]
**
** Why not a loop of the sqlite3 tool and curl: each iteration would then
** start two processes on the machine's few CPUs just before the worker
** renders, and the worker's CPU per request would mostly measure how
** much those launches cooled its caches, not its own work. Here the edit
** and the fetch are what runs between two renders, as when an editor
** saves and a visitor comes.
**
** Exits non-zero, saying why, when the edit fails or a reply is not a 200.
** Build: cc -O2 edit-get.c -lsqlite3
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

/* Seconds since an arbitrary start, monotonic. */
static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
** GET path from 127.0.0.1:port on a new connection, reading the reply to
** the server's close. Returns 0 for a 200, -1 (with a message) otherwise.
*/
static int fetch(int port, const char *path)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	char request[1024], buf[16384], status[13];
	size_t got = 0;
	ssize_t n;
	int fd, len, rc = -1;

	len = snprintf(request, sizeof request,
	    "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
	addr.sin_port = htons((unsigned short)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
		perror("edit-get: connect");
		goto done;
	}
	if (write(fd, request, (size_t)len) != len) {
		perror("edit-get: write");
		goto done;
	}
	/* Keep the status line's first bytes; read the rest to the end. */
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		if (got < sizeof status - 1)
			memcpy(status + got, buf, (size_t)n < sizeof status - 1 - got ? (size_t)n : sizeof status - 1 - got);
		got += (size_t)n;
	}
	if (n < 0 || got < sizeof status - 1 || memcmp(status, "HTTP/1.1 200", sizeof status - 1) != 0) {
		fprintf(stderr, "edit-get: %s: no 200 reply\n", path);
		goto done;
	}
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *edit = NULL;
	int port, runs, i, rc = 1;

	if (argc < 5 || (port = atoi(argv[2])) < 1 || (runs = atoi(argv[4])) < 1) {
		fprintf(stderr, "usage: edit-get DB PORT PATH RUNS [SQL]\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, 5000) != SQLITE_OK ||
	    (argc > 5 && sqlite3_prepare_v2(db, argv[5], -1, &edit, NULL) != SQLITE_OK)) {
		fprintf(stderr, "edit-get: %s: %s\n", argv[1], sqlite3_errmsg(db));
		goto done;
	}
	for (i = 0; i < runs; i++) {
		double t0;

		if (edit != NULL && (sqlite3_step(edit) != SQLITE_DONE || sqlite3_reset(edit) != SQLITE_OK)) {
			fprintf(stderr, "edit-get: edit: %s\n", sqlite3_errmsg(db));
			goto done;
		}
		t0 = now();
		if (fetch(port, argv[3]) != 0)
			goto done;
		printf("%.3f\n", (now() - t0) * 1000);
	}
	rc = 0;
done:
	sqlite3_finalize(edit);
	sqlite3_close(db);
	return rc;
}
