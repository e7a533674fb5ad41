/*
** admin-revision.c: one version of a record whole (/admin/revision?id=N,
** with state=before the state before change N): every field of it, and
** for a page (view=page) the page as visitors would see it, made by the
** same code as the preview (render.h) and the published pages.
*/
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"
#include "render.h"
#include "text.h"

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
** The page of version v (of a kind with a preview: a page) as visitors
** would see it, as the preview makes it.
*/
static void render_version(struct admin *a, const struct admin_version *v)
{
	int path = kind_field(v->kind, "path"), title = kind_field(v->kind, "title");
	int summary = kind_field(v->kind, "summary"), body = kind_field(v->kind, "body");
	struct page p;

	if (!v->kind->has_preview || path < 0 || title < 0 || summary < 0 || body < 0) {
		admin_message(a, 404, "Not found", "Only a page can be seen as visitors would see it.");
		return;
	}
	/* p borrows v's strings: it is not page_free()d. */
	memset(&p, 0, sizeof p);
	p.id = text_parse_id(v->record_id);
	p.path = v->record.values[path];
	p.title = v->record.values[title];
	p.summary = v->record.values[summary];
	p.body = v->record.values[body];
	p.published = 1;
	reply_html(a->rep, 200);
	if (!render_page(a->store, a->config, &p, &a->rep->body))
		admin_read_failed(a);
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
