/*
** site-sandbox.c: after start-up, the worker restricts itself, all its
** threads, to the system calls that serving pages needs (seccomp,
** through libseccomp). Any other call kills the worker at once, and
** only it: systemd or tools/serve start a fresh one, the web server
** goes on.
**
** Serving needs: accepting and answering FastCGI connections, reading
** the database (SQLite opens the file again when it was replaced, and
** maps and may initialise its -shm index), reading the settings and
** templates again on SIGHUP, memory, time, threads waiting on one
** another, and stopping. Not in the list, among others: running
** programs (execve), new processes, new sockets (those that wake the
** threads waiting in accept at stop are made before, see site-main.c),
** binding, renaming, changing permissions, tracing other processes.
*/
#include <errno.h>
#include <seccomp.h>
#include <string.h>

#include "log.h"
#include "site-sandbox.h"

static const char *const allowed[] = {
	/* FastCGI connections (the listening socket exists already) */
	"accept", "accept4", "read", "readv", "write", "writev", "close",
	"shutdown", "poll", "ppoll", "select", "pselect6", "recvfrom",
	"sendto", "recvmsg", "sendmsg", "getsockname", "getpeername",
	"getsockopt", "setsockopt", "connect",
	/* files: the database and its -wal and -shm, settings, templates */
	"openat", "open", "pread64", "pwrite64", "lseek", "fcntl",
	"newfstatat", "fstat", "stat", "lstat", "statx", "access",
	"faccessat", "faccessat2", "readlink", "readlinkat", "getcwd",
	"ftruncate", "fsync", "fdatasync",
	/* the database's folder watched again after a move or a reload
	** (site-dbwatch.c; the inotify descriptor exists already) */
	"inotify_add_watch", "inotify_rm_watch",
	/* SQLite gives a new -wal or -shm the database's mode, whatever
	** the umask made of it */
	"fchmod",
	/* SQLite gives a new -shm or -wal the database's owner, and only
	** when running as root, which the shipped units never do */
	"fchown",
	/* the listening unix socket's file, removed at stop */
	"unlink",
	/* memory */
	"brk", "mmap", "munmap", "mremap", "mprotect", "madvise",
	/* threads, time, signals, identity, randomness */
	"futex", "sched_yield", "nanosleep", "clock_nanosleep",
	"clock_gettime", "gettimeofday", "time", "getpid", "gettid",
	"getuid", "geteuid", "getgid", "getegid", "getrandom",
	"rt_sigtimedwait", "rt_sigprocmask", "rt_sigaction", "rt_sigreturn",
	"restart_syscall", "set_robust_list", "rseq", "tgkill",
	"exit", "exit_group",
	/* glibc counts the processors this way when /sys and /proc are
	** hidden, as the shipped unit hides them */
	"sched_getaffinity",
	/* the same calls under their names on 32-bit architectures */
	"fstat64", "stat64", "lstat64", "fstatat64", "_llseek", "mmap2",
	"fcntl64", "ftruncate64", "socketcall", "recv", "send", "sigreturn",
	"clock_gettime64", "clock_nanosleep_time64", "futex_time64",
	"ppoll_time64", "pselect6_time64", "rt_sigtimedwait_time64",
	"_newselect",
};

/*
** Install the filter on every thread of the process. Returns 0, or -1
** (logged) when the system refuses it.
*/
int sandbox_enter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	int rc = ctx ? 0 : -ENOMEM;
	size_t i;

	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	/* A binary tree of the calls rather than a list: each call the
	** worker makes is checked in a few comparisons, not up to 90. */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	for (i = 0; rc == 0 && i < sizeof allowed / sizeof allowed[0]; i++) {
		int nr = seccomp_syscall_resolve_name(allowed[i]);

		/* a call this architecture does not have needs no rule */
		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
	if (rc == 0)
		rc = seccomp_load(ctx);
	if (rc != 0)
		log_error("cannot install the system-call filter: %s", strerror(-rc));
	seccomp_release(ctx);
	return rc == 0 ? 0 : -1;
}
