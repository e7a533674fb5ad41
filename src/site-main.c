/*
** site-main.c: runningcode-site, the FastCGI worker of the public site.
**
** Start-up, in order: read options and the config file, find the
** templates, open the listening socket (--listen PATH, systemd's
** LISTEN_FDS, or an inherited socket on fd 0 as spawn-fcgi passes it),
** then start the threads. Each thread owns a struct site (its own
** read-only SQLite connection) and a FastCGI request, and accepts on the
** shared listening socket by itself, without a lock (libfcgi's threaded
** example takes one): the kernel hands each connection to one of the
** threads waiting in accept, and libfcgi's accept (FCGX_Accept_r) keeps
** no shared state that changes once FCGX_Init has run.
**
** The main thread waits for signals: SIGHUP reloads the settings and
** changed templates; SIGTERM and SIGINT stop accepting, let requests in
** flight finish, and exit 0 (struct waker wakes the threads waiting in
** accept).
*/
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "config.h"
#include "log.h"
#include "menu-cache.h"
#include "reply.h"
#include "request.h"
#include "site-cache.h"
#include "site-dbwatch.h"
#include "site-sandbox.h"
#include "site.h"
#include "store.h"
#include "template.h"

#define LISTEN_BACKLOG 128
#define STOP_GRACE 5	/* seconds for requests in flight at SIGTERM */
#define INPUT_WAIT_SECONDS 1	/* for the end of a request's input, see finish_request */
#define BODY_WAIT_MS 250	/* for the rest of a request's body, in all, see finish_request */
#define WAKE_CONNECT_SECONDS 1	/* for each connection that wakes a thread at stop */

/* Set by the main thread at stop; threads read it between requests. */
static atomic_bool stopping;

/* The settings every thread reads; SIGHUP replaces them under the write
** lock and bumps the generation, which tells threads to start afresh. */
static pthread_rwlock_t settings_lock;
static struct config settings;
static unsigned settings_generation;

struct worker {
	pthread_t thread;
	int listen_fd;
};

/*
** reply_writer for a FastCGI output stream.
*/
static int fcgx_write(void *ctx, const char *data, size_t len)
{
	return FCGX_PutStr(data, (int)len, ctx) == (int)len ? 0 : -1;
}

/*
** Milliseconds on the monotonic clock.
*/
static long long monotonic_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

/*
** Whether the request in fr comes with a body: a Content-Length above 0,
** or a Transfer-Encoding (chunked). No public page reads one.
*/
static bool has_body(FCGX_Request *fr)
{
	const char *length = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
	const char *coding = FCGX_GetParam("HTTP_TRANSFER_ENCODING", fr->envp);

	return (length != NULL && length[strspn(length, "0")] != '\0') ||
	       (coding != NULL && *coding != '\0');
}

/*
** Finish the request in fr and close its connection at once.
** libfcgi's close (FCGX_Finish_r alone) shuts the connection down, then
** waits up to 2 s for the web server to close its end: data still on its
** way in would make the close reset the connection, and the web server
** lose the reply. Once the request's input has been read to its end
** (the FastCGI web server sends it right after the parameters), nothing
** more comes: nginx and Apache open a connection per request. Reading it
** here, from what libfcgi has buffered as a rule, spares that wait, a
** sleep and a wake-up of the thread per request. Input that does not end
** within INPUT_WAIT_SECONDS is left to libfcgi's close.
** A request body is another matter: Apache passes it on as the client
** sends it, so a client that sends it slowly would hold the thread (4
** such clients, the whole worker). Its reply is out and no page reads a
** body: after BODY_WAIT_MS in all, the connection is closed without
** waiting: the web server sees a reset when it sends more (on a unix
** socket, after the reply; on TCP the reset may cost it the reply).
*/
static void finish_request(FCGX_Request *fr)
{
	const bool body = has_body(fr);
	const struct timeval wait = body ? (struct timeval){ .tv_usec = BODY_WAIT_MS * 1000 }
					 : (struct timeval){ .tv_sec = INPUT_WAIT_SECONDS };
	const long long deadline = monotonic_ms() + BODY_WAIT_MS;
	char rest[4096];

	if (!fr->keepConnection &&
	    setsockopt(fr->ipcFd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait) == 0) {
		while (FCGX_GetStr(rest, sizeof rest, fr->in) > 0 && (!body || monotonic_ms() < deadline))
			;
		if (body || (FCGX_GetError(fr->in) == 0 && FCGX_HasSeenEOF(fr->in) == EOF))
			FCGX_Detach(fr);
	}
	FCGX_Finish_r(fr);
}

/*
** One worker thread: accept, answer, repeat until the worker stops (the
** thread sees stopping, or libfcgi's accept returns at the wake-up that
** follows FCGX_ShutdownPending, see struct waker). The thread owns its
** site, reply and FastCGI request; main owns w and the listening socket.
*/
static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned generation;
	struct reply rep;
	struct site site;
	FCGX_Request fr;

	pthread_rwlock_rdlock(&settings_lock);
	site_init(&site, &settings);
	generation = settings_generation;
	pthread_rwlock_unlock(&settings_lock);
	reply_init(&rep);
	FCGX_InitRequest(&fr, w->listen_fd, 0);
	for (;;) {
		struct request req;
		int rc, status;

		rc = atomic_load(&stopping) ? -1 : FCGX_Accept_r(&fr);
		if (rc < 0) {
			if (atomic_load(&stopping))
				break;
			log_error("accept failed (%d), retrying", rc);
			sleep(1);
			continue;
		}
		pthread_rwlock_rdlock(&settings_lock);
		if (generation != settings_generation) {
			site_free(&site);
			site_init(&site, &settings);
			generation = settings_generation;
		}
		status = request_parse(&req, fr.envp);
		reply_reset(&rep);
		site_handle(&site, &req, status, &rep);
		pthread_rwlock_unlock(&settings_lock);
		reply_send(&rep, req.method == METHOD_HEAD, fcgx_write, fr.out);
		request_free(&req);
		finish_request(&fr);
	}
	FCGX_Free(&fr, 0);
	reply_free(&rep);
	site_free(&site);
	return NULL;
}

/*
** Whether a process listens on the unix socket at path (a connection to
** it succeeds), so that it must not be replaced.
*/
static bool socket_in_use(const char *path)
{
	struct sockaddr_un sa;
	bool in_use;
	int c;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path)
		return false;
	strcpy(sa.sun_path, path);
	c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c < 0)
		return false;
	in_use = connect(c, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(c);
	return in_use;
}

/*
** The listening socket: --listen PATH (created, stale socket replaced,
** mode 0666 so the web server's user can connect; guard access with
** the folder's permissions), else systemd's LISTEN_FDS (fd 3), else
** fd 0 when it is a socket. Returns -1 (logged) when there is none.
*/
static int open_listen_socket(const char *path)
{
	const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	struct sockaddr_storage sa;
	socklen_t salen = sizeof sa;
	struct stat st;
	int fd;

	if (path) {
		bool is_file = strchr(path, ':') == NULL;

		if (is_file && lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
			if (socket_in_use(path)) {
				log_error("%s is in use by another process", path);
				return -1;
			}
			unlink(path);
		}
		fd = FCGX_OpenSocket(path, LISTEN_BACKLOG);
		if (fd < 0) {
			log_error("cannot listen on %s: %s", path, strerror(errno));
			return -1;
		}
		if (is_file && chmod(path, 0666) < 0)
			log_error("cannot chmod %s: %s", path, strerror(errno));
		return fd;
	}
	if (fds && pid && strcmp(fds, "1") == 0 && strtol(pid, NULL, 10) == (long)getpid())
		return 3;
	if (getsockname(0, (struct sockaddr *)&sa, &salen) == 0)
		return 0;
	log_error("no socket to listen on: give --listen PATH, or start me from "
		  "spawn-fcgi or a systemd socket unit");
	return -1;
}

/*
** What wakes the threads blocked in accept on the listening socket at
** stop: a connection to it for each thread. The kernel hands each
** connection to one thread waiting in accept; the connection ends at
** once (the waker closes its end right after connecting), and libfcgi,
** finding no request on it, accepts again, sees FCGX_ShutdownPending and
** returns. Each thread accepts at most once after the stop began, so
** every thread that waits in accept gets a connection (or a web server's
** request, which it answers before it stops). (shutdown() would wake
** them all at once, but the socket may be systemd's, shared with the next
** worker: it must stay usable.)
**
** A thread busy with a request at stop sees stopping and never accepts
** again: the connection meant for it stays queued on the socket. That is
** harmless: whoever accepts there next (a later worker, under systemd)
** finds it ended and drops it, as libfcgi drops any connection that ends
** before its request.
**
** The sockets are made at start, one per thread, as the sandbox allows
** no new sockets; the number of threads stays as it was at start (a
** reload keeps it).
*/
struct waker {
	int *sockets;		/* one per thread; -1 where none could be made */
	int count;
	struct sockaddr_storage address;	/* the listening socket's */
	socklen_t len;
};

/*
** Make w ready to wake thread_count threads blocked in accept on listen_fd:
** the socket's address (a wildcard address made loopback) and a socket
** per thread, whose connect gives up after WAKE_CONNECT_SECONDS. w owns
** the sockets until waker_ring closes them and frees their array.
*/
static void waker_init(struct waker *w, int listen_fd, int thread_count)
{
	const struct timeval patience = { .tv_sec = WAKE_CONNECT_SECONDS };
	bool known;
	int i, unmade = 0, why = 0;

	w->count = thread_count;
	w->sockets = xmalloc((size_t)thread_count * sizeof *w->sockets);
	w->len = sizeof w->address;
	known = getsockname(listen_fd, (struct sockaddr *)&w->address, &w->len) == 0;
	if (known && w->address.ss_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&w->address;

		if (in->sin_addr.s_addr == htonl(INADDR_ANY))
			in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	} else if (known && w->address.ss_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&w->address;

		if (IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr))
			in6->sin6_addr = in6addr_loopback;
	}
	for (i = 0; i < thread_count; i++) {
		int s = known ? socket(w->address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0) : -1;

		if (s >= 0) {
			setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &patience, sizeof patience);
		} else if (known) {
			unmade++;
			why = errno;
		}
		w->sockets[i] = s;
	}
	if (unmade > 0)
		log_error("cannot make %d of the %d sockets that wake the threads at stop: %s",
			  unmade, thread_count, strerror(why));
}

/*
** Connect to the listening socket once per socket of w, closing each
** right after, then free w's array of sockets. Connecting stops at the
** first failure: the socket's file is gone or another process's, or its
** queue is full (which lasts only while no thread waits in accept), and
** the rest would fail the same way; join_workers deals with any thread
** still waiting.
*/
static void waker_ring(struct waker *w)
{
	int i, rung = 0, refusal = 0;

	for (i = 0; i < w->count; i++) {
		if (w->sockets[i] < 0)
			continue;
		if (refusal == 0) {
			if (connect(w->sockets[i], (struct sockaddr *)&w->address, w->len) == 0)
				rung++;
			else
				refusal = errno;
		}
		close(w->sockets[i]);
	}
	if (refusal != 0)
		log_info("woke %d of %d threads by connecting, then: %s",
			 rung, w->count, strerror(refusal));
	free(w->sockets);
	w->sockets = NULL;
}

/*
** Join the worker threads, giving requests in flight STOP_GRACE seconds.
** When a wake-up did not reach a thread blocked in accept (the socket's
** file was removed, another process took its path, or another process
** accepting on the same socket took the connection), shut the socket
** down: that always wakes it.
*/
static void join_workers(struct worker *workers, int n, int fd)
{
	struct timespec deadline;
	int i;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += STOP_GRACE;
	for (i = 0; i < n; i++) {
		if (pthread_timedjoin_np(workers[i].thread, NULL, &deadline) == 0)
			continue;
		log_error("threads still busy after %d s; shutting the socket down", STOP_GRACE);
		shutdown(fd, SHUT_RDWR);
		pthread_join(workers[i].thread, NULL);
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: runningcode-site [options]\n"
		"  -c, --config FILE      settings file (default %s)\n"
		"  -l, --listen PATH      unix socket to create, or [HOST]:PORT for TCP\n"
		"  -d, --database FILE    SQLite database (read only)\n"
		"  -t, --templates DIR    template folder\n"
		"  -j, --threads N        worker threads (1-256)\n"
		"  -h, --help             this text\n"
		"  -V, --version          the version, then exit\n"
		"Without --listen, the worker accepts on the socket systemd or spawn-fcgi hands it.\n",
		RC_DEFAULT_CONFIG);
}

/*
** Read the config file and then the options into c (options win).
** Returns 0; -1 after logging a bad config or option, or a missing
** base_url (the worker then refuses to start, or keeps its settings on
** reload); 1 after --help or --version.
** Called again on SIGHUP, with optind reset, to reload.
*/
static int read_settings(int argc, char **argv, struct config *c)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "database", required_argument, NULL, 'd' },
		{ "templates", required_argument, NULL, 't' },
		{ "threads", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = NULL;
	char err[512];
	int opt;

	/* First pass: find the config file and check the options' form. */
	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:l:d:t:j:hV", opts, NULL)) != -1) {
		if (opt == 'c') {
			config_path = optarg;
		} else if (opt == 'h') {
			usage(stdout);
			return 1;
		} else if (opt == 'V') {
			printf("runningcode-site %s\n", PACKAGE_VERSION);
			return 1;
		} else if (opt == '?') {
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		log_error("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (config_path == NULL && access(RC_DEFAULT_CONFIG, F_OK) == 0)
		config_path = RC_DEFAULT_CONFIG;
	if (config_path && config_load(c, config_path, err, sizeof err) < 0) {
		log_error("%s", err);
		return -1;
	}
	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:l:d:t:j:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': config_set(&c->listen, optarg); break;
		case 'd': config_set(&c->database, optarg); break;
		case 't': config_set(&c->templates, optarg); break;
		case 'j':
			if (config_parse_int(optarg, 1, 256, &c->threads) < 0) {
				log_error("--threads takes a number from 1 to 256");
				return -1;
			}
			break;
		}
	}
	if (access(c->templates, R_OK | X_OK) < 0) {
		log_error("template folder %s: %s", c->templates, strerror(errno));
		return -1;
	}
	if (config_require_site_address(c, err, sizeof err) < 0) {
		log_error("%s", err);
		return -1;
	}
	return 0;
}

/*
** Wait for one of signals and return it (-1 on error). Meanwhile, each
** second in which the page cache dropped pages, give the heap's free
** memory back to the system: cached pages live long and leave in any
** order, and the holes they leave among rendering's short-lived
** allocations would otherwise stay part of the worker's size.
*/
static int wait_for_signal(const sigset_t *signals)
{
	const struct timespec second = { 1, 0 };
	unsigned long drops = cache_drops(), now;
	int sig;

	while ((sig = sigtimedwait(signals, NULL, &second)) < 0) {
		if (errno != EAGAIN && errno != EINTR)
			return -1;
		if ((now = cache_drops()) != drops)
			malloc_trim(0);
		drops = now;
	}
	return sig;
}

/*
** SIGHUP: read the settings again and reload changed templates. The new
** settings replace the old under the write lock, so no request sees a
** half-made config; threads then reopen the database from the new path.
** The socket and the number of threads stay as they were. A bad config
** is logged and the old one kept.
*/
static void reload(int argc, char **argv)
{
	struct config fresh;
	bool done;

	config_init(&fresh);
	done = read_settings(argc, argv, &fresh) == 0;
	/* The template folder changes under the lock too: no render finds
	** the new templates with the old settings. */
	pthread_rwlock_wrlock(&settings_lock);
	done = done && tpl_set_root(fresh.templates);
	if (done) {
		free(fresh.listen);
		fresh.listen = settings.listen ? xstrdup(settings.listen) : NULL;
		fresh.threads = settings.threads;
		config_free(&settings);
		settings = fresh;
		settings_generation++;
		watch_file(settings.database);
		/* No render runs meanwhile (they hold the lock to read): none
		** keeps menu HTML made from the old templates. */
		tpl_reload();
		menus_forget();
	}
	pthread_rwlock_unlock(&settings_lock);
	if (done) {
		log_info("settings and templates reloaded");
	} else {
		log_error("reload failed; keeping the current settings");
		config_free(&fresh);
	}
}

int main(int argc, char **argv)
{
	pthread_rwlockattr_t lock_kind;
	struct worker *workers;
	struct waker waker;
	sigset_t signals;
	int fd, i, sig;

	log_set_program("runningcode-site");
	store_configure_threads();
	pthread_rwlockattr_init(&lock_kind);
	pthread_rwlockattr_setkind_np(&lock_kind, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&settings_lock, &lock_kind);
	config_init(&settings);
	i = read_settings(argc, argv, &settings);
	if (i != 0)
		return i > 0 ? 0 : 2;
	if (!tpl_set_root(settings.templates)) {
		log_error("template folder %s cannot be used", settings.templates);
		return 1;
	}
	if (FCGX_Init() != 0) {
		log_error("cannot initialise libfcgi");
		return 1;
	}
	cache_init((size_t)settings.cache_kib * 1024);
	fd = open_listen_socket(settings.listen);
	if (fd < 0)
		return 1;

	/* Signals go to the main thread alone, which sigwaits for them. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&signals);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);

	/* Before the sandbox, which allows no new inotify descriptor. */
	watch_init();
	watch_file(settings.database);

	/* The threads wait for the settings lock, so that none serves a
	** request before the sandbox covers them all. */
	waker_init(&waker, fd, settings.threads);
	workers = xmalloc((size_t)settings.threads * sizeof *workers);
	pthread_rwlock_wrlock(&settings_lock);
	for (i = 0; i < settings.threads; i++) {
		workers[i].listen_fd = fd;
		if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0)
			log_fatal("cannot start thread %d", i);
	}
	if (settings.sandbox && sandbox_enter() < 0)
		log_fatal("stopping: set sandbox = 0 in the settings to run without the filter");
	pthread_rwlock_unlock(&settings_lock);
	log_info("serving %s with %d threads%s", settings.database, settings.threads,
		 settings.sandbox ? ", system calls filtered" : "");
	while ((sig = wait_for_signal(&signals)) == SIGHUP)
		reload(argc, argv);
	/* Stop: wake each thread blocked in accept; the others see stopping
	** once their request is answered. In that order, so that a thread
	** accepts at most once after the wake-up began (see struct waker). */
	atomic_store(&stopping, true);
	FCGX_ShutdownPending();
	waker_ring(&waker);
	join_workers(workers, settings.threads, fd);
	if (settings.listen && strchr(settings.listen, ':') == NULL)
		unlink(settings.listen);
	free(workers);
	config_free(&settings);
	log_info("stopped");
	return 0;
}
