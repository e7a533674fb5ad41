/*
** file-library.c: the files folder follows the database (see
** file-library.h).
*/
#include <dirent.h>
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

/* A walk over the stored names of the folders and of the library. */
struct walk {
	const struct config *config;
	struct store *store;
	FILE *report;		/* file_library_differences: where they go */
	int failures;		/* names that could not be followed, or differ */
	int unreadable;		/* folders or library lookups that failed (logged) */
};

/*
** Append to dir the served folder (<files>), or with aside the folder
** of deleted files' bytes (<files>.deleted).
*/
static void folder_of(const struct config *c, bool aside, struct buf *dir)
{
	buf_printf(dir, "%s%s", c->files_dir, aside ? FILE_LIBRARY_DELETED : "");
}

/*
** Whether the file stored is in the served folder (aside false) or in
** the one aside (aside true).
*/
static bool stored_in(const struct config *c, const char *stored, bool aside)
{
	struct buf path = BUF_INIT;
	bool there;

	folder_of(c, aside, &path);
	buf_printf(&path, "/%s", stored);
	there = access(path.data, F_OK) == 0;
	buf_free(&path);
	return there;
}

/*
** Move the bytes of stored between the served folder and the one aside
** as the library says: held (the database has the file) or not. A
** missing file where it should come from is no error: nothing to move
** (the upload that writes it is still on its way, or it moved already).
** Returns 0, or -1 (logged).
*/
static int follow_one(const struct config *c, const char *stored, bool held)
{
	struct buf served = BUF_INIT, aside = BUF_INIT, aside_folder = BUF_INIT;
	const char *from, *to;
	int rc = 0;

	buf_printf(&served, "%s/%s", c->files_dir, stored);
	folder_of(c, true, &aside_folder);
	buf_printf(&aside, "%s/%s", aside_folder.data, stored);
	from = held ? aside.data : served.data;
	to = held ? served.data : aside.data;
	if (access(from, F_OK) != 0)
		goto done;
	/* Only the admin's user reads what was deleted. */
	if (!held && file_make_dirs(aside_folder.data, 0700) < 0) {
		rc = -1;
	} else if (rename(from, to) < 0) {
		log_error("cannot move %s to %s: %s", from, to, strerror(errno));
		rc = -1;
	} else if (file_sync(c->files_dir) < 0 || file_sync(aside_folder.data) < 0) {
		rc = -1;
	}
done:
	buf_free(&served);
	buf_free(&aside);
	buf_free(&aside_folder);
	return rc;
}

/*
** Whether the library holds the file stored: 1, 0, or -1 (a database
** error, logged by the store).
*/
static int library_holds(struct store *s, const char *stored)
{
	char *name = NULL;
	int held = admin_file_named(s, stored, &name);

	free(name);
	return held < 0 ? -1 : held == 1;
}

/*
** Move the bytes of stored as the library says now (follow_one); a name
** that cannot be followed counts in w->failures, or w->unreadable.
*/
static void follow_name(struct walk *w, const char *stored)
{
	int held = library_holds(w->store, stored);

	if (held < 0)
		w->unreadable++;
	else if (follow_one(w->config, stored, held == 1) < 0)
		w->failures++;
}

/*
** Call fn(w, NAME) for each name in the served folder (aside false) or
** in the one aside (aside true) that the library could have given
** (media_stored_name_ok): an upload's temporary file, or anything else
** put there, is no business of it. A folder that does not exist holds
** none; one that cannot be read counts in w->unreadable (logged).
*/
static void each_stored_name(struct walk *w, bool aside, void (*fn)(struct walk *w, const char *stored))
{
	struct buf dir = BUF_INIT;
	struct dirent *e;
	DIR *d;

	folder_of(w->config, aside, &dir);
	d = opendir(dir.data);
	if (d == NULL) {
		if (errno != ENOENT) {
			log_error("cannot read the folder %s: %s", dir.data, strerror(errno));
			w->unreadable++;
		}
		goto done;
	}
	/* A name moved meanwhile may come again, or not: following it twice
	** does what following it once does, as the library stays as it is
	** (the caller holds the publishing lock). An upload writes its bytes
	** before it takes the lock, so they may be set aside here before its
	** record commits: its own change names them, and moves them back. */
	while ((e = readdir(d)) != NULL)
		if (media_stored_name_ok(e->d_name))
			fn(w, e->d_name);
	closedir(d);
done:
	buf_free(&dir);
}

/*
** After a change committed, under the publishing lock: for each library
** address the change named (scope's answers below /files/), serve the
** file's bytes if the library holds it, else set them aside. With
** every_file (a publish that did not finish, `runningcode publish`) or
** a change of more files than a scope names, every file in either
** folder follows the library. Returns 0, or -1 when a file could not be
** moved (logged): it stays as it was until it is followed again (the
** next change of it, or `runningcode publish`), and the change stands.
*/
int file_library_follow(const struct config *c, struct store *s,
			const struct publish_scope *scope, bool every_file)
{
	const size_t prefix = sizeof FILE_LIBRARY_PREFIX - 1;
	struct walk w = { c, s, NULL, 0, 0 };
	size_t i;

	if (c->files_dir == NULL)
		return 0;
	if (every_file || scope->every_answer) {
		each_stored_name(&w, false, follow_name);
		each_stored_name(&w, true, follow_name);
	} else {
		for (i = 0; i < scope->nanswers; i++)
			if (strncmp(scope->answers[i], FILE_LIBRARY_PREFIX, prefix) == 0 &&
			    media_stored_name_ok(scope->answers[i] + prefix))
				follow_name(&w, scope->answers[i] + prefix);
	}
	return w.failures || w.unreadable ? -1 : 0;
}

/* each_stored_name's fn for the served folder: bytes visitors get that
** the library does not hold (deleted, or left by an upload that did not
** finish). */
static void served_not_held(struct walk *w, const char *stored)
{
	int held = library_holds(w->store, stored);

	if (held < 0) {
		w->unreadable++;
	} else if (held == 0) {
		w->failures++;
		fprintf(w->report, "  served, but not in the library: %s%s\n", FILE_LIBRARY_PREFIX, stored);
	}
}

/* admin_files_each's fn: a file of the library whose bytes visitors do
** not get (ctx: the walk). */
static void held_not_served(void *ctx, const struct file_row *f)
{
	struct walk *w = ctx;

	if (stored_in(w->config, f->stored, false))
		return;
	w->failures++;
	fprintf(w->report, "  in the library, but not served (%s): %s%s\n",
		stored_in(w->config, f->stored, true) ? "set aside as deleted" : "its bytes are missing",
		FILE_LIBRARY_PREFIX, f->stored);
}

/*
** Compare the files folder with the library, for `runningcode check`:
** print to report one line per file served that the library does not
** hold and per file of the library not served. Returns how many, or -1
** when the folder or the library cannot be read (logged). It takes no
** lock: a change in progress may show as a difference for the moment.
*/
int file_library_differences(const struct config *c, struct store *s, FILE *report)
{
	struct walk w = { c, s, report, 0, 0 };

	if (c->files_dir == NULL)
		return 0;
	each_stored_name(&w, false, served_not_held);
	/* LIMIT -1: every file. */
	if (admin_files_each(s, "", -1, held_not_served, &w) < 0)
		w.unreadable++;
	return w.unreadable ? -1 : w.failures;
}
