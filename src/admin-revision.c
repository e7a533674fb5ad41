/*
** admin-revision.c: one version of a record whole (/admin/revision?id=N,
** with state=before the state before change N): every field of it, and
** (view=page) the page that shows it as visitors would see it, made as
** the preview makes it (record_preview).
*/
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"

/*
** Add a FIELD to content for each field of v: its label and its value as
** an editor reads it (admin_field_text), or "(empty)". Returns -1 when a
** page's label cannot be read, else 0.
*/
static int add_fields(struct admin *a, struct tpl_dict *content, const struct admin_version *v)
{
	const struct kind *k = v->kind;
	int i, rc = 0;

	for (i = 0; i < k->nfields && rc >= 0; i++) {
		struct tpl_dict *field = tpl_add_section(content, "FIELD");
		char *value;

		rc = admin_field_text(a, &k->fields[i], v->record.values[i], &value);
		tpl_set(field, "LABEL", k->fields[i].label);
		if (*value)
			tpl_set(field, "VALUE", value);
		else
			tpl_show(field, "EMPTY");
		free(value);
	}
	return rc;
}

/*
** The screen of version v: every field, and links to its history, its
** rendered page, a comparison with the live version and restoring it.
*/
static void show_version(struct admin *a, const struct admin_version *v)
{
	struct tpl_dict *content, *root = admin_page(a, "A version", "admin-revision.tpl", &content);
	struct buf back = BUF_INIT;

	admin_history_url(&back, v->kind, v->record_id);
	tpl_set(content, "ENTITY", v->kind->title);
	tpl_set(content, "TYPE", v->kind->name);
	tpl_set(content, "RECORD_ID", v->record_id);
	tpl_set(content, "LABEL", v->record.values[v->kind->label_field]);
	tpl_set(content, "VERSION", v->name.data);
	tpl_set_int(content, "REVISION", (long)v->revision);
	tpl_set(content, "HISTORY_URL", back.data);
	if (v->before)
		tpl_show(content, "BEFORE");
	else
		tpl_show(content, "AFTER");
	if (v->kind->has_preview)
		tpl_show(content, "RENDERED");
	if (add_fields(a, content, v) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
	} else {
		admin_finish(a, 200, root);
	}
	buf_free(&back);
}

/*
** The page that shows version v (of a kind with a preview) as visitors
** would see it, as the preview makes it (record_preview).
*/
static void render_version(struct admin *a, const struct admin_version *v)
{
	struct change ch = { .kind = v->kind, .username = a->session.username };
	struct buf html = BUF_INIT;

	if (!v->kind->has_preview) {
		admin_message(a, 404, "Not found", "Records of this kind are not shown on the site's pages.");
		return;
	}
	record_copy(&v->record, &ch.record);
	free(ch.record.id);
	ch.record.id = xstrdup(v->record_id);
	admin_preview_reply(a, &ch, record_preview(a->store, a->config, &ch, &html), &html);
	buf_free(&html);
	change_free(&ch);
}

/*
** /admin/revision: the version change id recorded (state=before: the
** one before it), whole, or with view=page rendered.
*/
void admin_revision(struct admin *a)
{
	struct admin_version v;
	bool before = strcmp(admin_param(a, "state"), "before") == 0;

	if (!admin_version_of_revision(a, admin_param(a, "id"), before, &v))
		return;
	if (strcmp(admin_param(a, "view"), "page") == 0)
		render_version(a, &v);
	else
		show_version(a, &v);
	admin_version_free(&v);
}
