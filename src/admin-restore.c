/*
** admin-restore.c: restoring a record to a version a revision recorded
** (/admin/restore): GET asks first, naming what will change (the word
** differences from the live version to the one restored), and changes
** nothing; POST (with the CSRF token, as every admin POST) restores.
*/
#include <string.h>

#include "admin.h"

/*
** Set COUNT and FIELDS in d: "1 field", "2 fields".
*/
static void set_count(struct tpl_dict *d, int changes)
{
	tpl_set_int(d, "COUNT", changes);
	tpl_set(d, "FIELDS", changes == 1 ? "field" : "fields");
}

/*
** The confirmation: what restoring the version the parameters name
** would change in the live record, and a form that does it.
*/
static void confirm_restore(struct admin *a)
{
	struct admin_version old, live;
	struct tpl_dict *content, *root;
	struct buf back = BUF_INIT;
	bool before = strcmp(admin_param(a, "state"), "before") == 0;
	int changes;

	if (!admin_version_of_revision(a, admin_param(a, "revision"), before, &old))
		return;
	if (!admin_version_live(a, old.kind, old.record_id, &live))
		goto done;
	admin_history_url(&back, old.kind, old.record_id);
	root = admin_page(a, "Restore a version", "admin-restore.tpl", &content);
	tpl_set(content, "ENTITY", old.kind->title);
	tpl_set(content, "LABEL", old.record.values[old.kind->label_field]);
	tpl_set(content, "VERSION", old.name.data);
	tpl_set_int(content, "REVISION", (long)old.revision);
	tpl_set(content, "BACK_URL", back.data);
	if (old.before)
		tpl_show(content, "BEFORE");
	changes = admin_diff_record(a, content, old.kind, live.exists ? &live.record : NULL, &old.record, false);
	if (!live.exists)
		tpl_show(content, "DELETED");
	else if (changes == 0)
		tpl_show(content, "SAME");
	else
		set_count(tpl_add_section(content, "CHANGES"), changes);
	admin_finish(a, 200, root);
done:
	admin_version_free(&old);
	admin_version_free(&live);
	buf_free(&back);
}

/*
** Restore a record to the state a revision recorded; back to its
** history on success.
*/
static void restore(struct admin *a)
{
	struct change ch = {
		.action = CHANGE_RESTORE,
		.revision = admin_param_id(a, "revision"),
		.restore_before = strcmp(admin_param(a, "state"), "before") == 0,
		.username = a->session.username,
		.role = a->session.role,
	};
	struct buf next = BUF_INIT;
	enum change_result result = record_apply(a->store, a->config, &ch);
	int i;

	if (result == CHANGE_OK) {
		admin_history_url(&next, ch.kind, ch.record.id);
		admin_changed(a, &ch, next.data);
	} else if (result == CHANGE_INVALID || result == CHANGE_DUPLICATE) {
		buf_puts(&next, "This version cannot be restored as it is:");
		for (i = 0; i < ch.kind->nfields; i++)
			if (ch.errors[i])
				buf_printf(&next, " %s: %s", ch.kind->fields[i].label, ch.errors[i]);
		buf_puts(&next, " Edit the record instead.");
		admin_message(a, 422, "Cannot restore", next.data);
	} else {
		admin_change_failed(a, result, ch.kind ? ch.kind->title : "record");
	}
	buf_free(&next);
	change_free(&ch);
}


/*
** /admin/restore: GET asks, POST restores.
*/
void admin_restore(struct admin *a)
{
	if (a->req->method == METHOD_POST)
		restore(a);
	else
		confirm_restore(a);
}
