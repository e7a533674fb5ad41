/*
** admin-redirects.c: /admin/redirects, old addresses and where they
** lead, searched and sorted by GET parameters (q, sort, order), with
** their bulk action; the list as CSV (/admin/redirects.csv) and its
** import, pasted (/admin/redirects/import; redirects-csv.h).
*/
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "model-admin.h"
#include "redirects-csv.h"
#include "text.h"

/* The most an import form takes, pasted (its URL-encoded body must stay
** within ADMIN_BODY_MAX). */
#define IMPORT_TEXT_MAX (256 * 1024)

static const char *const sort_choices[][2] = { { "path", "Old path" }, { "target", "Page" } };
static const struct admin_choices no_statuses = { NULL, 0 }, sorts = ADMIN_CHOICES(sort_choices);

/* One redirect of the list (ctx: the list). */
static void add_redirect_row(void *ctx, const struct redirect_row *r)
{
	struct admin_list *list = ctx;

	admin_row(list->admin, tpl_add_section(list->d, "REDIRECT"), &kind_redirect, r->path, r->path,
		  r->target, false);
}

/*
** /admin/redirects: the redirects the filter lets through; after an
** import, how many it saved (imported=N).
*/
void admin_redirects(struct admin *a)
{
	struct list_filter f;
	struct tpl_dict *content, *root;
	struct admin_list list;
	int64_t imported = text_parse_number(admin_param(a, "imported"), 6);

	if (!admin_list_filter_ok(a, &f, &no_statuses, &sorts))
		return;
	root = admin_page(a, "Redirects", "admin-redirects.tpl", &content);
	list = (struct admin_list){ a, content };
	if (admin_redirects_each(a->store, &f, add_redirect_row, &list) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
		return;
	}
	admin_list_filter_bar(content, "/admin/redirects", "Old path or page holds", "/admin/redirects",
			      &f, &no_statuses, &sorts);
	tpl_set(content, "EMPTY", admin_list_filtered(&f, &sorts) ? "No redirects found." :
		"No redirects yet.");
	admin_bulk_bar(a, content, &kind_redirect);
	if (imported >= 0 && *admin_param(a, "imported"))
		tpl_set_int(tpl_add_section(content, "IMPORTED"), "COUNT", (long)imported);
	admin_finish(a, 200, root);
}

/*
** GET /admin/redirects.csv: the redirect list as a CSV file to save.
*/
void admin_redirects_export(struct admin *a)
{
	reply_reset(a->rep);
	if (redirects_csv_export(a->store, &a->rep->body) < 0) {
		admin_read_failed(a);
		return;
	}
	a->rep->status = 200;
	reply_header(a->rep, "Content-Type", "text/csv; charset=utf-8");
	reply_header(a->rep, "Content-Disposition", "attachment; filename=\"redirects.csv\"");
	reply_header(a->rep, "Cache-Control", "no-store");
	reply_header(a->rep, "X-Content-Type-Options", "nosniff");
}

/*
** Reply with the import form (status), the text as sent, and the wrong
** lines of a refused import (NULL: none), or a sentence why (NULL).
*/
static void import_form(struct admin *a, int status, const char *text,
			const struct redirects_import *refused, const char *why)
{
	struct tpl_dict *content, *root, *errors, *item;
	size_t i;

	reply_reset(a->rep);
	root = admin_page(a, "Import redirects", "admin-redirects-import.tpl", &content);
	tpl_set(content, "CSV", text);
	tpl_set_int(content, "MAXLENGTH", IMPORT_TEXT_MAX);
	if (why || (refused && (refused->nerrors || refused->more_errors))) {
		errors = tpl_add_section(content, "ERRORS");
		if (why)
			tpl_set(tpl_add_section(errors, "WHY"), "TEXT", why);
		for (i = 0; refused && i < refused->nerrors; i++) {
			item = tpl_add_section(errors, refused->errors[i].line ? "LINE" : "FILE");
			tpl_set_int(item, "NUMBER", refused->errors[i].line);
			tpl_set(item, "MESSAGE", refused->errors[i].message);
		}
		if (refused && refused->more_errors)
			tpl_set_int(tpl_add_section(errors, "MORE"), "COUNT", (long)refused->more_errors);
	}
	admin_finish(a, status, root);
}

/*
** /admin/redirects/import: GET the form, POST (csv: the pasted list)
** imports it all or nothing, then goes back to the list.
*/
void admin_redirects_import(struct admin *a)
{
	struct redirects_import result;
	enum change_result rc;
	const char *text = admin_param(a, "csv");
	char next[64];

	if (a->req->method != METHOD_POST) {
		import_form(a, 200, "", NULL, NULL);
		return;
	}
	if (text_utf8_length(text) > IMPORT_TEXT_MAX) {
		import_form(a, 413, "", NULL, "The list is too long: paste at most 256 KB at once.");
		return;
	}
	rc = redirects_csv_import(a->store, a->config, text, strlen(text), a->session.username,
				  a->session.role, &result);
	if (rc == CHANGE_OK) {
		snprintf(next, sizeof next, "/admin/redirects?imported=%d", result.imported);
		admin_redirect(a, next);
	} else if (rc == CHANGE_INVALID) {
		import_form(a, 422, text, &result, NULL);
	} else {
		admin_change_failed(a, rc, "redirect list");
	}
	redirects_import_free(&result);
}
