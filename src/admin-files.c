/*
** admin-files.c: /admin/files, the file library: GET lists the files
** (q= searches their names, alternative texts and types), each with
** where it is used and the Markdown that inserts it, under the upload
** form; POST uploads one file (editors and administrators; contributors
** insert existing files from the edit form, admin-edit.c).
**
** An upload is checked whole before anything is written: its type by
** its bytes (libmagic, never its name), its size and the library's
** (settings upload_max_kib, files_max_mib), an image's pixels (its
** header) and alternative text, and the record (record_validate). Then
** its bytes go to the files folder under their hash (written, synced,
** renamed into place, the folder synced), and only then does the file's
** record commit (record_apply): a crash in between leaves bytes no
** record names (served under a name only they give, until the next
** walk over every file sets them aside: file-library.h), never a record
** without its file.
*/
#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admin.h"
#include "file.h"
#include "image-size.h"
#include "log.h"
#include "media.h"
#include "model-admin.h"
#include "text.h"

#define FILES_LISTED 100	/* files the library shows at once */
#define FILE_MODE 0640		/* as published pages: the web server reads through its group */

enum { F_NAME, F_ALT, F_STORED, F_TYPE, F_BYTES, F_WIDTH, F_HEIGHT };	/* kind_file's fields */

/*
** The media type libmagic reads in len bytes at data ("image/png"), or
** NULL when it cannot tell; owned by the caller.
*/
static char *type_of(const unsigned char *data, size_t len)
{
	magic_t cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	const char *type = NULL;
	char *out = NULL;

	if (cookie == NULL || magic_load(cookie, NULL) != 0)
		log_error("libmagic cannot load its database: %s",
			  cookie ? magic_error(cookie) : strerror(errno));
	else if ((type = magic_buffer(cookie, data, len)) != NULL)
		out = xstrdup(type);
	if (cookie)
		magic_close(cookie);
	return out;
}

/*
** Append to out the Markdown that inserts the file (stored, of media
** type type) in a page: an image with its alternative text, else a link
** named name. Brackets and backslashes in the text are escaped and line
** ends become spaces, so the text cannot end the Markdown early.
*/
void admin_file_snippet(const char *name, const char *alt, const char *stored, const char *type,
			struct buf *out)
{
	const struct media_type *m = media_type_find(type);
	const char *text = m && m->image ? alt : name, *p;

	buf_puts(out, m && m->image ? "![" : "[");
	for (p = text; *p; p++) {
		if (*p == '[' || *p == ']' || *p == '\\')
			buf_puts(out, "\\");
		buf_append(out, *p == '\n' ? " " : p, 1);
	}
	buf_printf(out, "](/files/%s)", stored);
}

/* admin_file_picker's admin_files_each callback: one FILE of FILES. */
static void add_pick(void *ctx, const struct file_row *f)
{
	struct tpl_dict *d = tpl_add_section(ctx, "FILE");
	struct buf label = BUF_INIT, snippet = BUF_INIT;

	buf_printf(&label, "%s (%s)", f->name, f->type);
	admin_file_snippet(f->name, f->alt, f->stored, f->type, &snippet);
	tpl_set(d, "LABEL", label.data);
	tpl_set(d, "SNIPPET", snippet.data);
	buf_free(&label);
	buf_free(&snippet);
}

/*
** Add to field (a Markdown body's, on an edit form) the library's newest
** files (FILES_LISTED), each with the Markdown that inserts it, when
** there are any: every role that edits text may insert one. A failed
** read leaves the picker out; the form works without it.
*/
void admin_file_picker(struct admin *a, struct tpl_dict *field)
{
	int64_t count = 0;

	if (admin_files_count(a->store, &count) < 0 || count == 0)
		return;
	admin_files_each(a->store, "", FILES_LISTED, add_pick, tpl_add_section(field, "FILES"));
}

/* The admin_files_each_with_uses callback: one FILE of the library. */
static void add_file(void *ctx, const struct file_row *f)
{
	struct admin_list *list = ctx;
	struct tpl_dict *d = tpl_add_section(list->d, "FILE"), *section;
	const struct media_type *m = media_type_find(f->type);
	struct buf url = BUF_INIT, detail = BUF_INIT, snippet = BUF_INIT;

	buf_printf(&url, "/files/%s", f->stored);
	buf_printf(&detail, "%s, %.1f KB", f->type, (double)text_parse_id(f->bytes) / 1024);
	if (text_parse_id(f->width) > 0)
		buf_printf(&detail, ", %s × %s pixels", f->width, f->height);
	admin_row(list->admin, d, &kind_file, f->id, f->name, detail.data, false);
	tpl_set(d, "URL", url.data);
	admin_file_snippet(f->name, f->alt, f->stored, f->type, &snippet);
	tpl_set(d, "SNIPPET", snippet.data);
	if (m && m->image) {
		section = tpl_add_section(d, "IMAGE");
		tpl_set(section, "ALT", f->alt);
	}
	if (f->uses > 0) {
		section = tpl_add_section(d, "USED");
		tpl_set_int(section, "COUNT", (long)f->uses);
		admin_file_uses_each(list->admin->store, f->stored, admin_add_link, section);
	} else {
		tpl_show(d, "UNUSED");
	}
	buf_free(&url);
	buf_free(&detail);
	buf_free(&snippet);
}

/*
** Fill the library's screen: the upload form (with r's name and
** alternative text, and errors: those of the fields, file_error for the
** file), the search, the files.
*/
static int fill_library(struct admin *a, struct tpl_dict *content, const struct record *r,
			const char *const errors[RECORD_FIELDS_MAX], const char *file_error)
{
	struct admin_list list = { a, content };
	const char *query = admin_param(a, "q");
	int64_t total = 0;
	int n;

	tpl_set(content, "NAME", r ? r->values[F_NAME] : "");
	tpl_set(content, "ALT", r ? r->values[F_ALT] : "");
	if (file_error)
		tpl_set(tpl_add_section(content, "FILE_ERROR"), "MESSAGE", file_error);
	if (errors && errors[F_NAME])
		tpl_set(tpl_add_section(content, "NAME_ERROR"), "MESSAGE", errors[F_NAME]);
	if (errors && errors[F_ALT])
		tpl_set(tpl_add_section(content, "ALT_ERROR"), "MESSAGE", errors[F_ALT]);
	if (file_error || (errors && (errors[F_NAME] || errors[F_ALT])))
		tpl_show(content, "REFUSED");
	tpl_set(content, "ACCEPTED", media_types_accepted());
	tpl_set_int(content, "UPLOAD_MAX_MB", (long)(a->config->upload_max_kib + 1023) / 1024);
	tpl_set(content, "QUERY", query);
	if (admin_files_total_bytes(a->store, &total) < 0)
		return -1;
	tpl_set_int(content, "TOTAL_MB", (long)((total + 1024 * 1024 - 1) / (1024 * 1024)));
	tpl_set_int(content, "TOTAL_MAX_MB", a->config->files_max_mib);
	n = admin_files_each_with_uses(a->store, query, FILES_LISTED, add_file, &list);
	if (n < 0)
		return -1;
	if (n == 0 && *query)
		tpl_show(content, "NONE_FOUND");
	return 0;
}

/*
** The library's screen with status: the upload form refused (r and
** errors, file_error; all NULL on a plain GET).
*/
static void library(struct admin *a, int status, const struct record *r,
		    const char *const errors[RECORD_FIELDS_MAX], const char *file_error)
{
	struct tpl_dict *content, *root;

	reply_reset(a->rep);
	root = admin_page(a, "Files", "admin-files.tpl", &content);
	if (fill_library(a, content, r, errors, file_error) < 0) {
		tpl_dict_free(root);
		admin_read_failed(a);
		return;
	}
	admin_finish(a, status, root);
}

/*
** Write the upload's bytes to the files folder as stored, durably: a
** file of that name holds these very bytes already (its name is their
** hash) and stays. Returns 0, or -1 (logged).
*/
static int store_bytes(const struct config *c, const struct upload *up, const char *stored)
{
	struct buf path = BUF_INIT;
	struct stat st;
	int rc = 0;

	buf_printf(&path, "%s/%s", c->files_dir, stored);
	if (stat(path.data, &st) != 0)
		rc = file_make_dirs(c->files_dir, 02750) < 0 ||
		     file_write_atomic(path.data, (const char *)up->data, up->len, FILE_MODE) < 0 ||
		     file_sync(path.data) < 0 || file_sync(c->files_dir) < 0 ? -1 : 0;
	buf_free(&path);
	return rc;
}

/*
** n as decimal text, owned by the caller.
*/
static char *number_text(unsigned long long n)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%llu", n);
	return buf_detach(&b);
}

/*
** What is wrong with the upload up as a file of the library, or NULL;
** *status gets the answer's status (413 too large, 422 refused). Fills
** r's fixed fields (type, stored name, size, pixels) when it is fine.
*/
static const char *check_upload(struct admin *a, const struct upload *up, struct record *r,
				struct buf *message, int *status)
{
	char *type = NULL, stored[MEDIA_STORED_MAX], *taken = NULL;
	const struct media_type *m;
	unsigned long width = 0, height = 0;
	int64_t total = 0;
	const char *why = NULL;

	*status = 422;
	if (up->data == NULL)
		return "Choose a file to upload.";
	if (up->len > (size_t)a->config->upload_max_kib * 1024) {
		*status = 413;
		buf_printf(message, "The file is %.1f MB; the library takes files of at most %.1f MB.",
			   (double)up->len / (1024 * 1024), (double)a->config->upload_max_kib / 1024);
		return message->data;
	}
	if (admin_files_total_bytes(a->store, &total) < 0)
		return "The database could not be read; try again.";
	if (total + (int64_t)up->len > (int64_t)a->config->files_max_mib * 1024 * 1024) {
		*status = 413;
		buf_printf(message, "The library is full: its files take %.1f of at most %d MB. Delete "
			   "files that are no longer used, or ask the operator for more room.",
			   (double)total / (1024 * 1024), a->config->files_max_mib);
		return message->data;
	}
	type = type_of(up->data, up->len);
	m = media_type_find(type);
	if (m == NULL) {
		buf_printf(message, "This file's content is %s, whatever its name says; the library "
			   "takes %s.", type ? type : "of a type that cannot be told", media_types_accepted());
		why = message->data;
		goto done;
	}
	if (m->image && strcmp(m->type, "image/svg+xml") != 0 &&
	    !image_size(m->type, up->data, up->len, &width, &height)) {
		why = "This image is damaged or cut short: its size cannot be read.";
		goto done;
	}
	media_stored_name(up->data, up->len, m, stored);
	if (admin_file_named(a->store, stored, &taken) != 0) {
		if (taken)
			buf_printf(message, "This file is in the library already, as “%s”.", taken);
		why = taken ? message->data : "The database could not be read; try again.";
		goto done;
	}
	free(r->values[F_STORED]);
	r->values[F_STORED] = xstrdup(stored);
	free(r->values[F_TYPE]);
	r->values[F_TYPE] = xstrdup(m->type);
	free(r->values[F_BYTES]);
	r->values[F_BYTES] = number_text(up->len);
	free(r->values[F_WIDTH]);
	r->values[F_WIDTH] = number_text(width);
	free(r->values[F_HEIGHT]);
	r->values[F_HEIGHT] = number_text(height);
	if (*r->values[F_NAME] == '\0' && *up->filename) {
		free(r->values[F_NAME]);
		r->values[F_NAME] = xstrdup(up->filename);
	}
done:
	free(type);
	free(taken);
	return why;
}

/*
** POST /admin/files: check the upload, store its bytes, then its record.
*/
static void upload(struct admin *a)
{
	struct change ch = { .action = CHANGE_SAVE, .kind = &kind_file,
			     .username = a->session.username, .role = a->session.role };
	struct buf message = BUF_INIT;
	const char *why;
	enum change_result result;
	int status;

	record_from_request(&kind_file, a->req, &ch.record);
	free(ch.record.id);
	ch.record.id = NULL;
	ch.record.version = 0;
	if (a->config->files_dir == NULL) {
		admin_message(a, 409, "Uploads are off",
			      "This site keeps no files: its settings name no folder for them (files).");
	} else if ((why = check_upload(a, &a->upload, &ch.record, &message, &status)) != NULL) {
		library(a, status, &ch.record, NULL, why);
	} else if ((status = record_validate(a->store, &kind_file, &ch.record, ch.errors, &ch.message)) != 0) {
		if (status < 0)
			admin_read_failed(a);
		else
			library(a, 422, &ch.record, ch.errors, NULL);
	} else if (store_bytes(a->config, &a->upload, ch.record.values[F_STORED]) < 0) {
		admin_message(a, 500, "Not uploaded",
			      "The file could not be written to the server's disk (the server log says "
			      "why). Nothing was saved.");
	} else if ((result = record_apply(a->store, a->config, &ch)) == CHANGE_OK) {
		admin_changed(a, &ch, "/admin/files");
	} else if (result == CHANGE_INVALID || result == CHANGE_DUPLICATE) {
		library(a, 422, &ch.record, ch.errors, NULL);
	} else {
		admin_change_failed(a, result, kind_file.title);
	}
	buf_free(&message);
	change_free(&ch);
}

/* GET: the library. */
static int fill_plain_library(struct admin *a, struct tpl_dict *content)
{
	return fill_library(a, content, NULL, NULL, NULL);
}

/*
** /admin/files: the library (GET), an upload (POST).
*/
void admin_files(struct admin *a)
{
	if (a->req->method == METHOD_POST)
		upload(a);
	else
		admin_screen(a, "Files", "admin-files.tpl", fill_plain_library);
}
