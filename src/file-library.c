/*
** file-library.c: the files folder follows the database (see
** file-library.h).
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "file-library.h"
#include "log.h"
#include "media.h"
#include "model-admin.h"

/*
** Move the bytes of stored between the served folder and the one aside
** as the library says: held (the database has the file) or not. A
** missing file where it should come from is no error: nothing to move
** (the upload that writes it is still on its way, or it moved already).
** Returns 0, or -1 (logged).
*/
static int follow_one(const struct config *c, const char *stored, bool held)
{
	struct buf served = BUF_INIT, aside = BUF_INIT, aside_dir = BUF_INIT;
	const char *from, *to;
	int rc = 0;

	buf_printf(&served, "%s/%s", c->files_dir, stored);
	buf_printf(&aside_dir, "%s" FILE_LIBRARY_DELETED, c->files_dir);
	buf_printf(&aside, "%s/%s", aside_dir.data, stored);
	from = held ? aside.data : served.data;
	to = held ? served.data : aside.data;
	if (access(from, F_OK) != 0)
		goto done;
	/* Only the admin's user reads what was deleted. */
	if (!held && file_make_dirs(aside_dir.data, 0700) < 0) {
		rc = -1;
	} else if (rename(from, to) < 0) {
		log_error("cannot move %s to %s: %s", from, to, strerror(errno));
		rc = -1;
	} else if (file_sync(c->files_dir) < 0 || file_sync(aside_dir.data) < 0) {
		rc = -1;
	}
done:
	buf_free(&served);
	buf_free(&aside);
	buf_free(&aside_dir);
	return rc;
}

/*
** After a change committed, under the publishing lock: for each library
** address the change named (scope's answers below /files/), serve the
** file's bytes if the library holds it, else set them aside. A file
** that cannot be moved is logged, and stays as it was until the next
** change of it: the change itself stands.
*/
void file_library_follow(const struct config *c, struct store *s,
			 const struct publish_scope *scope)
{
	const size_t prefix = sizeof FILE_LIBRARY_PREFIX - 1;
	size_t i;

	if (c->files_dir == NULL)
		return;
	if (scope->every_answer)
		log_info("too many files changed at once to follow: the files folder keeps its bytes");
	for (i = 0; i < scope->nanswers; i++) {
		const char *stored = scope->answers[i] + prefix;
		char *name = NULL;
		int held;

		if (strncmp(scope->answers[i], FILE_LIBRARY_PREFIX, prefix) != 0 ||
		    !media_stored_name_ok(stored))
			continue;
		held = admin_file_named(s, stored, &name);
		free(name);
		if (held >= 0)
			follow_one(c, stored, held == 1);
	}
}
