/*
** main-site.c: runningcode-site, the FastCGI worker of the public site.
**
** Start-up, in order: read options and the config file, find the
** templates, open the listening socket (--listen PATH, systemd's
** LISTEN_FDS, or an inherited socket on fd 0 as spawn-fcgi passes it),
** then start the threads. Each thread owns a struct site (its own
** read-only SQLite connection) and a FastCGI request; accept calls are
** serialised by a mutex, as in libfcgi's threaded example.
**
** The main thread waits for signals: SIGHUP reloads changed templates;
** SIGTERM and SIGINT stop accepting, let requests in flight finish,
** and exit 0.
*/
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "config.h"
#include "log.h"
#include "reply.h"
#include "request.h"
#include "site.h"
#include "template.h"

#define LISTEN_BACKLOG 128

static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t stopping;

struct worker {
	pthread_t thread;
	int listen_fd;
	const struct config *config;
};

/*
** reply_writer for a FastCGI output stream.
*/
static int fcgx_write(void *ctx, const char *data, size_t len)
{
	return FCGX_PutStr(data, (int)len, ctx) == (int)len ? 0 : -1;
}

/*
** One worker thread: accept, answer, repeat until the socket is shut.
*/
static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct reply rep;
	struct site site;
	FCGX_Request fr;

	site_init(&site, w->config);
	reply_init(&rep);
	FCGX_InitRequest(&fr, w->listen_fd, 0);
	for (;;) {
		struct request req;
		int rc, status;

		pthread_mutex_lock(&accept_lock);
		rc = stopping ? -1 : FCGX_Accept_r(&fr);
		pthread_mutex_unlock(&accept_lock);
		if (rc < 0) {
			if (stopping)
				break;
			log_error("accept failed (%d), retrying", rc);
			sleep(1);
			continue;
		}
		status = request_parse(&req, fr.envp);
		reply_reset(&rep);
		site_handle(&site, &req, status, &rep);
		reply_send(&rep, req.method == METHOD_HEAD, fcgx_write, fr.out);
		request_free(&req);
		FCGX_Finish_r(&fr);
	}
	FCGX_Free(&fr, 0);
	reply_free(&rep);
	site_free(&site);
	return NULL;
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
		if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
			unlink(path);
		fd = FCGX_OpenSocket(path, LISTEN_BACKLOG);
		if (fd < 0) {
			log_error("cannot listen on %s: %s", path, strerror(errno));
			return -1;
		}
		if (path[0] != ':' && chmod(path, 0666) < 0)
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

static void usage(FILE *f)
{
	fprintf(f,
		"usage: runningcode-site [options]\n"
		"  -c, --config FILE      settings file (default %s)\n"
		"  -l, --listen PATH      unix socket to create, or :PORT for TCP on all addresses\n"
		"  -d, --database FILE    SQLite database (read only)\n"
		"  -t, --templates DIR    template folder\n"
		"  -j, --threads N        worker threads (1-256)\n"
		"  -h, --help             this text\n"
		"Without --listen, the worker accepts on the socket systemd or spawn-fcgi hands it.\n",
		RC_DEFAULT_CONFIG);
}

/*
** Read the config file and the options into c. Exits on a bad option or
** a bad config, with a one-line message.
*/
static void read_settings(int argc, char **argv, struct config *c)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "database", required_argument, NULL, 'd' },
		{ "templates", required_argument, NULL, 't' },
		{ "threads", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = NULL;
	char err[512];
	int opt;

	/* First pass: only the config file, so options override it. */
	while ((opt = getopt_long(argc, argv, "c:l:d:t:j:h", opts, NULL)) != -1) {
		if (opt == 'c')
			config_path = optarg;
		else if (opt == 'h') {
			usage(stdout);
			exit(0);
		} else if (opt == '?') {
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		log_error("unexpected argument '%s'", argv[optind]);
		exit(2);
	}
	if (config_path == NULL && access(RC_DEFAULT_CONFIG, F_OK) == 0)
		config_path = RC_DEFAULT_CONFIG;
	if (config_path && config_load(c, config_path, err, sizeof err) < 0) {
		log_error("%s", err);
		exit(1);
	}
	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:l:d:t:j:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': config_set(&c->listen, optarg); break;
		case 'd': config_set(&c->database, optarg); break;
		case 't': config_set(&c->templates, optarg); break;
		case 'j':
			if (config_parse_int(optarg, 1, 256, &c->threads) < 0) {
				log_error("--threads takes a number from 1 to 256");
				exit(2);
			}
			break;
		}
	}
}

int main(int argc, char **argv)
{
	struct worker *workers;
	struct config config;
	sigset_t signals;
	int fd, i, sig;

	log_set_program("runningcode-site");
	config_init(&config);
	read_settings(argc, argv, &config);
	if (access(config.templates, R_OK | X_OK) < 0 || !tpl_set_root(config.templates)) {
		log_error("template folder %s: %s", config.templates, strerror(errno));
		return 1;
	}
	if (FCGX_Init() != 0) {
		log_error("cannot initialise libfcgi");
		return 1;
	}
	fd = open_listen_socket(config.listen);
	if (fd < 0)
		return 1;

	/* Signals go to the main thread alone, which sigwaits for them. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&signals);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);

	workers = xmalloc((size_t)config.threads * sizeof *workers);
	for (i = 0; i < config.threads; i++) {
		workers[i].listen_fd = fd;
		workers[i].config = &config;
		if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0)
			log_fatal("cannot start thread %d", i);
	}
	log_info("serving %s with %d threads", config.database, config.threads);
	while (sigwait(&signals, &sig) == 0) {
		if (sig == SIGHUP) {
			tpl_reload();
			log_info("templates reloaded");
			continue;
		}
		break;
	}
	/* Stop: wake the thread blocked in accept; the others see stopping. */
	stopping = 1;
	FCGX_ShutdownPending();
	shutdown(fd, SHUT_RDWR);
	for (i = 0; i < config.threads; i++)
		pthread_join(workers[i].thread, NULL);
	if (config.listen && config.listen[0] != ':')
		unlink(config.listen);
	free(workers);
	config_free(&config);
	log_info("stopped");
	return 0;
}
