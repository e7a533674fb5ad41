/*
** syscall-jail: run a program under a seccomp filter that allows only
** the system calls named in a file, one a line, and kills the process
** at any other: what systemd's SystemCallFilter= does to a service.
** tests/deploy/deploy.test.js runs the worker in it with the list that
** the shipped unit's filter gives (expanded by systemd-analyze).
**
**   syscall-jail LIST-FILE PROGRAM [ARGUMENT...]
**
** Names this architecture does not have are skipped. Exits 2 on a
** usage or set-up error; otherwise PROGRAM takes the process over.
*/
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	char name[128];
	FILE *list;
	int rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: syscall-jail LIST-FILE PROGRAM [ARGUMENT...]\n");
		return 2;
	}
	list = fopen(argv[1], "r");
	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (list == NULL || ctx == NULL) {
		fprintf(stderr, "syscall-jail: cannot read %s or set up a filter\n", argv[1]);
		return 2;
	}
	while (rc == 0 && fscanf(list, "%127s", name) == 1) {
		int nr = seccomp_syscall_resolve_name(name);

		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
	fclose(list);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		fprintf(stderr, "syscall-jail: %s\n", strerror(-rc));
		return 2;
	}
	execv(argv[2], argv + 2);
	fprintf(stderr, "syscall-jail: cannot run %s: %s\n", argv[2], strerror(errno));
	return 2;
}
