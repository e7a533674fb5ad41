/*
** admin-dashboard.c: /admin/, what there is to edit, the file library
** (for the roles that open it), the drafts in review (admin-review.c)
** and the latest changes.
*/
#include "admin.h"
#include "model-admin.h"

#define LATEST_FILES 3	/* the newest uploads the library's card names */

/* One of the newest files of the library (ctx: the card's dictionary),
** by name: the whole card is the library's link. */
static void add_latest_file(void *ctx, const struct file_row *f)
{
	tpl_set(tpl_add_section(ctx, "FILE"), "NAME", f->name);
}

/*
** The FILES card of content, for editors and administrators (who open
** the library): how many files, their size against files_max_mib, the
** newest uploads. Returns -1 on a database error.
*/
static int fill_files_card(struct admin *a, struct tpl_dict *content)
{
	struct tpl_dict *card;
	struct buf size = BUF_INIT;
	int64_t count, bytes;

	if (a->session.role < ROLE_EDITOR)
		return 0;
	if (admin_files_count(a->store, &count) < 0 || admin_files_total_bytes(a->store, &bytes) < 0)
		return -1;
	card = tpl_add_section(content, "FILES");
	tpl_set_int(card, "COUNT", (long)count);
	tpl_set(card, "WORD", count == 1 ? "file" : "files");
	/* Tenths of a MiB, rounded up: a small file is never "0.0". */
	buf_printf(&size, "%.1f", (double)((bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024)) / 10);
	tpl_set(card, "MB", size.data);
	buf_free(&size);
	tpl_set_int(card, "MAX_MB", a->config->files_max_mib);
	if (count == 0)
		return 0;
	return admin_files_each(a->store, "", LATEST_FILES, add_latest_file,
				tpl_add_section(card, "LATEST")) < 0 ? -1 : 0;
}

/*
** /admin/: counts of what there is to edit, the file library's card
** (fill_files_card), the drafts in review that
** concern the user (editors: every one awaiting review; contributors:
** theirs, and those sent back to them), and the latest changes.
*/
void admin_dashboard(struct admin *a)
{
	struct tpl_dict *content, *root;
	struct admin_counts n;

	if (admin_counts(a->store, &n) != 1) {
		admin_read_failed(a);
		return;
	}
	root = admin_page(a, "Dashboard", "admin-dashboard.tpl", &content);
	if (admin_review_fill(a, content) < 0 || fill_files_card(a, content) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
		return;
	}
	tpl_set_int(content, "PUBLISHED", (long)n.published);
	tpl_set_int(content, "DRAFTS", (long)n.drafts);
	tpl_set_int(content, "ENTRIES", (long)n.entries);
	tpl_set_int(content, "PROGRAMS", (long)n.programs);
	tpl_set_int(content, "REDIRECTS", (long)n.redirects);
	history_fill_latest(a, content, 10);
	admin_finish(a, 200, root);
}
