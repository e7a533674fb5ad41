/*
** admin-dashboard.c: /admin/, what there is to edit, the drafts in
** review (admin-review.c) and the latest changes.
*/
#include "admin.h"
#include "model-admin.h"

/*
** /admin/: counts of what there is to edit, the drafts in review that
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
	if (admin_review_fill(a, content) < 0) {
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
