/*
** admin-compare.c: two versions of a record side by side
** (/admin/compare?type=&id=&from=&to=): the word differences of every
** field from one to the other. Each of from and to is a revision number
** (the version that revision recorded) or "live".
*/
#include <string.h>

#include "admin.h"

/*
** Read into *out the version of record id of kind k that param names
** ("live" or a revision number). Returns true, or false after
** answering 400, 404 (a revision of another record too) or 503.
*/
static bool read_side(struct admin *a, const struct kind *k, const char *id, const char *param,
		      struct admin_version *out)
{
	if (strcmp(param, "live") == 0)
		return admin_version_live(a, k, id, out);
	if (!admin_version_of_revision(a, param, false, out))
		return false;
	if (out->kind == k && strcmp(out->record_id, id) == 0)
		return true;
	admin_message(a, 404, "Not found", "This version is not one of this record's.");
	admin_version_free(out);
	return false;
}

/*
** /admin/compare: the differences of every field from the version from
** names to the one to names, in the admin layout.
*/
void admin_compare(struct admin *a)
{
	const struct kind *k = admin_kind(a);
	const char *id = admin_param(a, "id");
	struct admin_version from, to;
	struct tpl_dict *content, *root, *changes;
	struct buf back = BUF_INIT;
	int changed;

	memset(&from, 0, sizeof from);
	memset(&to, 0, sizeof to);
	if (k == NULL || !admin_record_id_ok(a, id) ||
	    !read_side(a, k, id, admin_param(a, "from"), &from) ||
	    !read_side(a, k, id, admin_param(a, "to"), &to))
		goto done;
	admin_history_url(&back, k, id);
	root = admin_page(a, "Compare versions", "admin-compare.tpl", &content);
	tpl_set(content, "ENTITY", k->title);
	tpl_set(content, "LABEL", (to.exists ? &to : &from)->record.values[k->label_field]);
	tpl_set(content, "FROM", from.name.data);
	tpl_set(content, "TO", to.name.data);
	tpl_set(content, "HISTORY_URL", back.data);
	changed = admin_diff_record(a, content, k, from.exists ? &from.record : NULL,
				    to.exists ? &to.record : NULL, true);
	if (changed == 0) {
		tpl_show(content, "SAME");
	} else {
		changes = tpl_add_section(content, "CHANGES");
		tpl_set_int(changes, "COUNT", changed);
		tpl_set(changes, "FIELDS", changed == 1 ? "field differs" : "fields differ");
	}
	admin_finish(a, 200, root);
done:
	admin_version_free(&from);
	admin_version_free(&to);
	buf_free(&back);
}
