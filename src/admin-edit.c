/*
** admin-edit.c: the screens every kind of record shares: the edit form
** (/admin/edit, new and existing records), the conflict page, delete
** with its confirmation (/admin/delete), and moving up and down
** (/admin/move). What differs between kinds lives in entities.c.
**
** No lost edits: the form carries the version the editor saw. A save
** over a newer version is refused with a conflict page that shows the
** saved values beside the editor's, and lets the editor re-apply theirs
** deliberately (a form with their values and the current version).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "log.h"

/*
** Where to go after changing r: the list it belongs to.
*/
void admin_return_url(const struct entity *e, const struct record *r, struct buf *out)
{
	buf_puts(out, e->list_url);
	if (strcmp(e->name, "program") == 0) {
		buf_puts(out, "?page=");
		url_escape(out, r->values[0]);
	}
}

/*
** The kind of record named by the "type" parameter; NULL (and a 404
** reply) when there is none.
*/
static const struct entity *requested_entity(struct admin *a)
{
	const struct entity *e = entity_find(admin_param(a, "type"));

	if (e == NULL)
		admin_message(a, 404, "Not found", "There is no such kind of record.");
	return e;
}

/*
** Fill a select with the places a menu entry can go: the top of each
** menu, or under a top-level entry of the main menu.
*/
static void place_options(struct admin *a, struct tpl_dict *field, const char *selected)
{
	static const char sql[] =
		"SELECT 'main', 'Main menu (top level)', 0"
		" UNION ALL SELECT CAST(e.id AS TEXT), 'Main menu › ' || e.label, e.position"
		" FROM menu_entry e JOIN menu m ON m.id = e.menu_id"
		" WHERE m.name = 'main' AND e.parent_id IS NULL"
		" UNION ALL SELECT 'footer', 'Footer menu', 1e9 ORDER BY 3";
	sqlite3_stmt *st = store_prepare(a->store, sql);

	while (st && sqlite3_step(st) == SQLITE_ROW) {
		struct tpl_dict *opt = tpl_add_section(field, "OPTION");
		const char *value = (const char *)sqlite3_column_text(st, 0);

		tpl_set(opt, "VALUE", value);
		tpl_set(opt, "TEXT", (const char *)sqlite3_column_text(st, 1));
		if (strcmp(value, selected) == 0)
			tpl_show(opt, "SELECTED");
	}
	if (st)
		sqlite3_reset(st);
}

/*
** The title of page id, for a program's owner (owned by the caller).
*/
static char *page_title(struct admin *a, const char *id)
{
	static const char sql[] = "SELECT title || ' (' || path || ')' FROM page WHERE CAST(id AS TEXT) = ?1";
	sqlite3_stmt *st = store_prepare(a->store, sql);
	char *title = NULL;

	if (st) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			title = store_column_text(st, 0);
		sqlite3_reset(st);
	}
	return title ? title : xstrdup(id);
}

/*
** Fill one FIELD section per field of e with r's values and errors.
*/
static void fill_fields(struct admin *a, struct tpl_dict *d, const struct entity *e,
			const struct record *r, const char *const errors[ENTITY_FIELDS_MAX])
{
	struct tpl_dict *summary = NULL;
	int i;

	for (i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		struct tpl_dict *field = tpl_add_section(d, "FIELD"), *kind;
		char *title;

		tpl_set(field, "NAME", f->name);
		tpl_set(field, "LABEL", f->label);
		tpl_set(field, "VALUE", r->values[i]);
		if (f->hint)
			tpl_set(tpl_add_section(field, "HINT"), "TEXT", f->hint);
		if (f->required)
			tpl_show(field, "REQUIRED");
		if (f->kind != FIELD_BOOL && f->kind != FIELD_OWNER)
			tpl_show(field, "LABELLED");
		if (errors && errors[i]) {
			struct tpl_dict *item;

			tpl_set(tpl_add_section(field, "ERROR"), "MESSAGE", errors[i]);
			if (summary == NULL)
				summary = tpl_add_section(d, "ERRORS");
			item = tpl_add_section(summary, "ITEM");
			tpl_set(item, "NAME", f->name);
			tpl_set(item, "LABEL", f->label);
			tpl_set(item, "MESSAGE", errors[i]);
		}
		switch (f->kind) {
		case FIELD_LINE:
		case FIELD_PATH:
			tpl_set_int(tpl_add_section(field, "INPUT"), "MAXLENGTH", 200);
			break;
		case FIELD_LINK:
			tpl_set_int(tpl_add_section(field, "INPUT"), "MAXLENGTH", 2000);
			break;
		case FIELD_TEXT:
			tpl_set_int(tpl_add_section(field, "TEXTAREA"), "ROWS", 4);
			break;
		case FIELD_BODY:
			tpl_set_int(tpl_add_section(field, "TEXTAREA"), "ROWS", 18);
			break;
		case FIELD_BOOL:
			kind = tpl_add_section(field, "CHECKBOX");
			if (strcmp(r->values[i], "1") == 0)
				tpl_show(kind, "CHECKED");
			break;
		case FIELD_PAGE:
			kind = tpl_add_section(field, "SELECT");
			tpl_set(tpl_add_section(kind, "EMPTY"), "TEXT",
				f->required ? "Choose a page" : "No page");
			admin_page_options(a, kind, r->values[i]);
			break;
		case FIELD_PLACE:
			place_options(a, tpl_add_section(field, "SELECT"), r->values[i]);
			break;
		case FIELD_OWNER:
			title = page_title(a, r->values[i]);
			tpl_set(tpl_add_section(field, "OWNER"), "TITLE", title);
			free(title);
			break;
		}
	}
}

/*
** Reply with the edit form of r (status 200, or 422 with errors).
*/
static void edit_form(struct admin *a, int status, const struct entity *e,
		      const struct record *r, const char *const errors[ENTITY_FIELDS_MAX])
{
	struct tpl_dict *content, *root;
	struct buf heading = BUF_INIT, back = BUF_INIT;

	buf_printf(&heading, "%s %s", r->id ? "Edit" : "New", e->title);
	reply_reset(a->rep);
	root = admin_page(a, heading.data, "admin-form.tpl", &content);
	tpl_set(content, "HEADING", heading.data);
	tpl_set(content, "TYPE", e->name);
	tpl_set(content, "ENTITY", e->title);
	tpl_set(content, "ID", r->id ? r->id : "");
	tpl_set_int(content, "VERSION", (long)r->version);
	admin_return_url(e, r, &back);
	tpl_set(content, "BACK_URL", back.data);
	if (r->id)
		tpl_set(tpl_add_section(content, "EXISTING"), "ID", r->id);
	if (strcmp(e->name, "page") == 0)
		tpl_show(content, "PREVIEW");
	fill_fields(a, content, e, r, errors);
	admin_finish(a, status, root);
	buf_free(&heading);
	buf_free(&back);
}

/*
** Set key to field f's value as an editor reads it: a page's title
** rather than its id, "yes"/"no" rather than 1/0.
*/
static void set_readable(struct admin *a, struct tpl_dict *d, const char *key,
			 const struct field *f, const char *value)
{
	char *title;

	if (f->kind == FIELD_BOOL) {
		tpl_set(d, key, strcmp(value, "1") == 0 ? "yes" : "no");
	} else if ((f->kind == FIELD_PAGE || f->kind == FIELD_OWNER) && *value) {
		title = page_title(a, value);
		tpl_set(d, key, title);
		free(title);
	} else {
		tpl_set(d, key, value);
	}
}

/*
** Reply 409 with the saved record beside the editor's version, and a
** form that re-applies the editor's values over the saved version.
*/
static void conflict_page(struct admin *a, const struct entity *e, const struct record *mine)
{
	struct tpl_dict *content, *root;
	struct record saved;
	int i, rc;

	rc = entity_load(a->store, e, mine->id, &saved);
	if (rc != 1) {
		admin_save_failed(a, rc == 0 ? SAVE_GONE : SAVE_ERROR, e->title);
		return;
	}
	reply_reset(a->rep);
	root = admin_page(a, "Changed meanwhile", "admin-conflict.tpl", &content);
	tpl_set(content, "ENTITY", e->title);
	tpl_set(content, "TYPE", e->name);
	tpl_set(content, "ID", saved.id);
	tpl_set_int(content, "VERSION", (long)saved.version);
	for (i = 0; i < e->nfields; i++) {
		struct tpl_dict *row = tpl_add_section(content, "ROW");

		tpl_set(row, "LABEL", e->fields[i].label);
		tpl_set(row, "NAME", e->fields[i].name);
		tpl_set(row, "VALUE", mine->values[i]);
		set_readable(a, row, "SAVED", &e->fields[i], saved.values[i]);
		set_readable(a, row, "MINE", &e->fields[i], mine->values[i]);
		if (strcmp(saved.values[i], mine->values[i]) != 0)
			tpl_show(row, "DIFFERENT");
	}
	admin_finish(a, 409, root);
	record_free(&saved);
}

/*
** /admin/edit: GET shows the form (?type=..&id=.. for a record, or
** ?type=.. with initial values for a new one); POST saves it.
*/
void admin_edit(void *app, const struct request *req, struct reply *rep)
{
	struct admin *a = app;
	const struct entity *e = requested_entity(a);
	const char *errors[ENTITY_FIELDS_MAX];
	struct publish_plan plan;
	struct buf back = BUF_INIT;
	enum save_result result;
	struct record r;
	int rc, i;

	(void)rep;
	if (e == NULL)
		return;
	if (req->method == METHOD_GET || req->method == METHOD_HEAD) {
		const char *id = admin_param(a, "id");

		if (*id) {
			rc = entity_load(a->store, e, id, &r);
			if (rc != 1) {
				admin_save_failed(a, rc == 0 ? SAVE_GONE : SAVE_ERROR, e->title);
				return;
			}
		} else {
			record_from_request(e, req, &r);
			for (i = 0; i < e->nfields; i++)
				if (e->fields[i].kind == FIELD_BOOL) {
					free(r.values[i]);
					r.values[i] = xstrdup(e->starts_as_draft ? "0" : "1");
				}
		}
		edit_form(a, 200, e, &r, NULL);
		record_free(&r);
		return;
	}
	record_from_request(e, req, &r);
	if (r.id && r.version <= 0) {
		admin_message(a, 400, "Bad form", "The form lacks the version of the record it edits.");
		record_free(&r);
		return;
	}
	if (!admin_publish_begin(a, e, &r, &plan)) {
		record_free(&r);
		return;
	}
	result = entity_save(a->store, e, &r, r.version ? "update" : "create",
			     a->session.username, errors);
	admin_publish_finish(a, &plan);
	switch (result) {
	case SAVE_OK:
		admin_return_url(e, &r, &back);
		admin_redirect(a, back.data);
		break;
	case SAVE_INVALID:
	case SAVE_DUPLICATE:
		edit_form(a, 422, e, &r, errors);
		break;
	case SAVE_CONFLICT:
		conflict_page(a, e, &r);
		break;
	default:
		admin_save_failed(a, result, e->title);
		break;
	}
	buf_free(&back);
	record_free(&r);
}

/*
** /admin/delete: GET asks for confirmation; POST deletes (if the record
** is still at the version confirmed).
*/
void admin_delete(void *app, const struct request *req, struct reply *rep)
{
	struct admin *a = app;
	const struct entity *e = requested_entity(a);
	struct tpl_dict *content, *root;
	struct publish_plan plan;
	struct buf back = BUF_INIT;
	enum save_result result;
	struct record r;
	int rc;

	(void)rep;
	if (e == NULL)
		return;
	if (e->sql_delete == NULL) {
		admin_message(a, 400, "Cannot delete",
			      "Pages are not deleted: unpublish a page to hide it from visitors.");
		return;
	}
	rc = entity_load(a->store, e, admin_param(a, "id"), &r);
	if (rc != 1) {
		admin_save_failed(a, rc == 0 ? SAVE_GONE : SAVE_ERROR, e->title);
		return;
	}
	admin_return_url(e, &r, &back);
	if (req->method != METHOD_POST) {
		root = admin_page(a, "Delete", "admin-delete.tpl", &content);
		tpl_set(content, "ENTITY", e->title);
		tpl_set(content, "TYPE", e->name);
		tpl_set(content, "ID", r.id);
		tpl_set_int(content, "VERSION", (long)r.version);
		tpl_set(content, "LABEL", r.values[e->label_field]);
		tpl_set(content, "BACK_URL", back.data);
		admin_finish(a, 200, root);
	} else if (admin_publish_begin(a, e, &r, &plan)) {
		result = entity_delete(a->store, e, r.id,
				       strtoll(admin_param(a, "version"), NULL, 10),
				       a->session.username);
		admin_publish_finish(a, &plan);
		if (result == SAVE_OK)
			admin_redirect(a, back.data);
		else
			admin_save_failed(a, result, e->title);
	}
	buf_free(&back);
	record_free(&r);
}

/*
** /admin/move (POST type, id, direction=up|down).
*/
void admin_move(void *app, const struct request *req, struct reply *rep)
{
	struct admin *a = app;
	const struct entity *e = requested_entity(a);
	const char *direction = admin_param(a, "direction");
	struct publish_plan plan;
	struct buf back = BUF_INIT;
	enum save_result result;
	struct record r;
	int rc;

	(void)req;
	(void)rep;
	if (e == NULL)
		return;
	if (e->sql_neighbour == NULL ||
	    (strcmp(direction, "up") != 0 && strcmp(direction, "down") != 0)) {
		admin_message(a, 400, "Cannot move", "Only menu entries and programs move up or down.");
		return;
	}
	rc = entity_load(a->store, e, admin_param(a, "id"), &r);
	if (rc != 1) {
		admin_save_failed(a, rc == 0 ? SAVE_GONE : SAVE_ERROR, e->title);
		return;
	}
	if (!admin_publish_begin(a, e, &r, &plan)) {
		record_free(&r);
		return;
	}
	result = entity_move(a->store, e, r.id, strcmp(direction, "up") == 0 ? -1 : 1,
			     a->session.username);
	admin_publish_finish(a, &plan);
	if (result == SAVE_OK) {
		admin_return_url(e, &r, &back);
		admin_redirect(a, back.data);
	} else {
		admin_save_failed(a, result, e->title);
	}
	buf_free(&back);
	record_free(&r);
}
