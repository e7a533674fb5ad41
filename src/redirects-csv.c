/*
** redirects-csv.c: the redirect list exported and imported as CSV
** (redirects-csv.h), parsed and quoted by libcsv, imported through the
** record engine.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "model-admin.h"
#include "model-links.h"
#include "redirects-csv.h"
#include "text.h"

#define COLUMNS 3		/* old path, new path or URL, status */
#define FIELD_MAX 2000		/* bytes in one field */

/* Append value to out as one CSV field, quoted by libcsv. */
static void put_field(struct buf *out, const char *value)
{
	size_t len = strlen(value), need = 2 * len + 2;

	buf_reserve(out, need + 1);
	out->len += csv_write(out->data + out->len, need, value, len);
	out->data[out->len] = '\0';
}

/* links_redirects_each's callback: one line of the export in ctx, a buf. */
static void put_redirect(void *ctx, const char *path, const char *target, const char *status)
{
	struct buf *out = ctx;

	put_field(out, path);
	buf_puts(out, ",");
	put_field(out, target);
	buf_printf(out, ",%s\r\n", status);
}

/*
** Append the redirect list to out as CSV, its header first (lines end
** in CRLF, as RFC 4180 has them). Returns the number of redirects, or -1.
*/
int redirects_csv_export(struct store *s, struct buf *out)
{
	buf_puts(out, "old_path,new_path_or_url,status\r\n");
	return links_redirects_each(s, put_redirect, out);
}

/* One line of an import, as read. */
struct csv_row {
	long line;
	char *fields[COLUMNS];	/* owned; NULL past the last */
	int nfields;		/* as many as the line had */
	bool too_long;		/* a field was longer than FIELD_MAX */
};

/* The import being read: its rows, the line being fed, the errors. */
struct reader {
	struct csv_row *rows;
	size_t nrows, cap;
	struct csv_row current;
	long line;
	struct redirects_import *out;
};

/*
** Note a wrong line: its number and the message (formatted, copied).
*/
static void line_error(struct redirects_import *out, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void line_error(struct redirects_import *out, long line, const char *fmt, ...)
{
	char msg[FIELD_MAX + 400];
	va_list ap;

	if (out->nerrors >= REDIRECTS_CSV_MAX_ERRORS) {
		out->more_errors++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	out->errors = xrealloc(out->errors, (out->nerrors + 1) * sizeof *out->errors);
	out->errors[out->nerrors].line = line;
	out->errors[out->nerrors].message = xstrdup(msg);
	out->nerrors++;
}

/* Free the fields of row. */
static void free_fields(struct csv_row *row)
{
	int i;

	for (i = 0; i < COLUMNS; i++)
		free(row->fields[i]);
}

/* libcsv's field callback: keep the field in the current row. */
static void on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	struct csv_row *row = &r->current;

	if (row->nfields == 0)
		row->line = r->line;
	if (len > FIELD_MAX)
		row->too_long = true;
	else if (row->nfields < COLUMNS)
		row->fields[row->nfields] = xstrndup(data ? data : "", len);
	row->nfields++;
}

/* libcsv's row callback: the current row is complete. */
static void on_row(int c, void *ctx)
{
	struct reader *r = ctx;

	(void)c;
	if (r->nrows == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->rows = xrealloc(r->rows, r->cap * sizeof *r->rows);
	}
	r->rows[r->nrows++] = r->current;
	memset(&r->current, 0, sizeof r->current);
}

/*
** Read len bytes of CSV into r's rows, a physical line at a time so
** that each row knows the line it starts on. Returns false (the error
** noted) when the text is not CSV or too long.
*/
static bool read_rows(struct reader *r, const char *text, size_t len)
{
	struct csv_parser p;
	const char *at = text, *end = text + len, *nl;
	bool ok = true;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		line_error(r->out, 0, "The file could not be read (out of memory).");
		return false;
	}
	while (ok && at < end) {
		nl = memchr(at, '\n', (size_t)(end - at));
		nl = nl ? nl + 1 : end;
		r->line++;
		if (r->line > REDIRECTS_CSV_MAX_LINES) {
			line_error(r->out, r->line, "The file is too long: import at most %d lines at once.",
				   REDIRECTS_CSV_MAX_LINES);
			ok = false;
		} else if (csv_parse(&p, at, (size_t)(nl - at), on_field, on_row, r) != (size_t)(nl - at)) {
			line_error(r->out, r->line, "This is not valid CSV: %s (a field with a quote must"
				   " be quoted whole, its quotes doubled).", csv_strerror(csv_error(&p)));
			ok = false;
		}
		at = nl;
	}
	if (ok && csv_fini(&p, on_field, on_row, r) != 0) {
		line_error(r->out, r->line, "This is not valid CSV: a quoted field is not closed.");
		ok = false;
	}
	csv_free(&p);
	return ok;
}

/*
** Set the value of rec's field name to value (copied).
*/
static void set_value(struct record *rec, const char *name, const char *value)
{
	int i = kind_field(&kind_redirect, name);

	free(rec->values[i]);
	rec->values[i] = xstrdup(value);
}

/*
** Make rec lead where target says: the page at a path of this site
** (given as such, or as its full address on base_url), or a web
** address elsewhere, left to the record engine to check. Returns false
** when target is neither, or names no page (the error noted).
*/
static bool set_target(struct store *s, struct redirects_import *out, long line,
		       const char *base_url, const char *target, struct record *rec)
{
	size_t n = base_url ? strlen(base_url) : 0;
	const char *path = NULL;
	char id[24];
	int64_t page;
	int found;

	while (n > 0 && base_url[n - 1] == '/')
		n--;
	if (n > 0 && strncasecmp(target, base_url, n) == 0 && target[n] == '/')
		path = target + n;
	else if (target[0] == '/' && target[1] != '/')
		path = target;
	else if (strncasecmp(target, "http://", 7) == 0 || strncasecmp(target, "https://", 8) == 0) {
		set_value(rec, "url", target);
		return true;
	} else if (*target == '\0') {
		line_error(out, line, "The new path is empty: give the path of a page, such as /about/,"
			   " or a web address, such as https://www.example.org/.");
		return false;
	} else {
		line_error(out, line, "“%s” is neither a path nor a web address: give the path of a"
			   " page, such as /about/, or a full address that starts with https:// or"
			   " http://.", target);
		return false;
	}
	found = admin_page_id(s, path, &page);
	if (found <= 0) {
		line_error(out, line, found < 0 ? "The database could not be read; try again." :
			   "No page has the path %s.", path);
		return false;
	}
	snprintf(id, sizeof id, "%lld", (long long)page);
	set_value(rec, "page_id", id);
	return true;
}

/*
** The status a line gives: the redirect kind's default when empty, else
** one of its statuses; NULL (the error noted, naming those) otherwise.
*/
static const char *line_status(struct redirects_import *out, long line, const char *status)
{
	const struct field *f = &kind_redirect.fields[kind_field(&kind_redirect, "status")];
	struct buf allowed = BUF_INIT;
	int i;

	if (*status == '\0')
		return f->choices[0];
	for (i = 0; f->choices[i]; i++) {
		if (strcmp(status, f->choices[i]) == 0)
			break;
		buf_printf(&allowed, "%s%s", i ? ", " : "", f->choices[i]);
	}
	if (f->choices[i] == NULL)
		line_error(out, line, "The status “%s” is not possible: give one of %s, or leave it"
			   " empty for %s.", status, allowed.data, f->choices[0]);
	buf_free(&allowed);
	return f->choices[i];
}

/*
** Check row (not the header) on its own and against the rows before it,
** and make it a change to the redirect at its old path (ch, its record
** owned by the caller). Returns false when the line is wrong (noted).
*/
static bool row_change(struct store *s, const struct config *c, struct reader *r, size_t i,
		       struct change *ch)
{
	const struct csv_row *row = &r->rows[i];
	const char *status;
	size_t j;
	int found;

	if (row->too_long) {
		line_error(r->out, row->line, "A field is too long: at most %d characters.", FIELD_MAX);
		return false;
	}
	if (row->nfields < 2 || row->nfields > COLUMNS) {
		line_error(r->out, row->line, "Give three fields, old path, new path or web address,"
			   " and status (found %d).", row->nfields);
		return false;
	}
	status = line_status(r->out, row->line, row->nfields == COLUMNS ? row->fields[2] : "");
	if (status == NULL)
		return false;
	for (j = 0; j < i; j++)
		if (r->rows[j].nfields > 0 && r->rows[j].fields[0] &&
		    strcmp(r->rows[j].fields[0], row->fields[0]) == 0) {
			line_error(r->out, row->line, "%s is already on line %ld.", row->fields[0],
				   r->rows[j].line);
			return false;
		}
	found = record_load(s, &kind_redirect, row->fields[0], &ch->record);
	if (found < 0) {
		line_error(r->out, row->line, "The database could not be read; try again.");
		return false;
	}
	/* A new redirect, or the one at this path replaced (its version),
	** leading only where this line says. */
	for (j = 0; found == 0 && (int)j < kind_redirect.nfields; j++)
		ch->record.values[j] = xstrdup("");
	set_value(&ch->record, "path", row->fields[0]);
	set_value(&ch->record, "page_id", "");
	set_value(&ch->record, "url", "");
	set_value(&ch->record, "status", status);
	return set_target(s, r->out, row->line, c->base_url, row->fields[1], &ch->record);
}

/*
** Note the engine's reasons for refusing ch, the change of the line at
** line: each field's error, with the field's label.
*/
static void engine_errors(struct redirects_import *out, long line, const struct change *ch,
			  enum change_result result)
{
	int i;

	for (i = 0; i < kind_redirect.nfields; i++)
		if (ch->errors[i])
			line_error(out, line, "%s: %s", kind_redirect.fields[i].label, ch->errors[i]);
	if (result == CHANGE_CONFLICT)
		line_error(out, line, "This redirect was changed meanwhile: import again.");
}

/*
** Import len bytes of CSV text (redirects-csv.h) as username, whose
** role is role. Returns CHANGE_OK (out->imported says how many), or
** CHANGE_INVALID with the wrong lines in out->errors (nothing imported),
** or the engine's failure (nothing imported). The caller frees out
** with redirects_import_free.
*/
enum change_result redirects_csv_import(struct store *s, const struct config *c, const char *text,
					size_t len, const char *username, enum role role,
					struct redirects_import *out)
{
	struct reader r = { .out = out };
	struct change *ch = NULL;
	enum change_result *results = NULL, result = CHANGE_INVALID;
	size_t i, first = 0;
	int n = 0, invalid;

	memset(out, 0, sizeof *out);
	if (len > REDIRECTS_CSV_MAX_BYTES) {
		line_error(out, 0, "The file is too large: import at most 1 MB at once.");
		goto done;
	}
	if (!text_is_utf8(text, len)) {
		line_error(out, 0, "The file is not UTF-8 text.");
		goto done;
	}
	if (!read_rows(&r, text, len))
		goto done;
	if (r.nrows > 0 && r.rows[0].fields[0] && strcasecmp(r.rows[0].fields[0], "old_path") == 0)
		first = 1;
	if (r.nrows == first) {
		line_error(out, 0, "The file holds no redirects.");
		goto done;
	}
	ch = xmalloc((r.nrows - first) * sizeof *ch);
	results = xmalloc((r.nrows - first) * sizeof *results);
	for (i = first; i < r.nrows; i++) {
		memset(&ch[n], 0, sizeof ch[n]);
		ch[n].action = CHANGE_SAVE;
		ch[n].kind = &kind_redirect;
		ch[n].username = username;
		ch[n].role = role;
		results[n] = row_change(s, c, &r, i, &ch[n]) ? CHANGE_OK : CHANGE_INVALID;
		/* Checked as a form is, so that every wrong line is reported at once. */
		if (results[n] == CHANGE_OK &&
		    (invalid = record_validate(s, &kind_redirect, &ch[n].record, ch[n].errors,
						&ch[n].message)) != 0) {
			if (invalid < 0)
				line_error(out, r.rows[i].line, "The database could not be read; try again.");
			else
				engine_errors(out, r.rows[i].line, &ch[n], CHANGE_INVALID);
			results[n] = CHANGE_INVALID;
		}
		n++;
	}
	if (out->nerrors > 0 || out->more_errors > 0)
		goto done;
	result = record_apply_all(s, c, ch, n, results);
	if (result == CHANGE_OK)
		out->imported = n;
	for (i = 0; (int)i < n; i++)
		if (results[i] != CHANGE_OK)
			engine_errors(out, r.rows[first + i].line, &ch[i], results[i]);
	if (out->nerrors > 0)
		result = CHANGE_INVALID;
done:
	for (i = 0; (int)i < n; i++)
		change_free(&ch[i]);
	for (i = 0; i < r.nrows; i++)
		free_fields(&r.rows[i]);
	free_fields(&r.current);
	free(r.rows);
	free(ch);
	free(results);
	return result;
}

/*
** Free what an import noted.
*/
void redirects_import_free(struct redirects_import *r)
{
	size_t i;

	for (i = 0; i < r->nerrors; i++)
		free(r->errors[i].message);
	free(r->errors);
	memset(r, 0, sizeof *r);
}
