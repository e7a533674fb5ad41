/*
** admin-main.c: runningcode-admin, the admin CGI (under nginx through
** fcgiwrap, under Apache through mod_cgid). One request per process.
**
** Start-up: settings (RUNNINGCODE_CONFIG names the config file, else
** the compiled-in one), the time zone times are shown in (TZ), libsodium,
** templates, then the request: its
** body is read only when CONTENT_LENGTH is a plain number within
** ADMIN_BODY_MAX and the type is a urlencoded form (or, for an upload
** to /admin/files, a multipart form within the upload_max_kib setting),
** so oversized or odd requests are refused before anything is read or
** parsed.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "log.h"
#include "module.h"
#include "standby.h"
#include "template.h"
#include "text.h"

extern char **environ;

/* The most of a refused body read (and dropped) before answering: the
** web server's own limit (conf/), for forms and for uploads. */
#define ADMIN_DISCARD_MAX (2 * 1024 * 1024)
#define ADMIN_UPLOAD_DISCARD_MAX (64 * 1024 * 1024)

/* Sent with every admin response. */
static const char *const security_headers[][2] = {
	{ "Cache-Control", "no-store" },
	/* connect-src: admin.js's "Stay signed in" (POST /admin/keepalive). */
	{ "Content-Security-Policy",
	  "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; "
	  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "same-origin" },
	{ "X-Frame-Options", "DENY" },
};

static int stdout_write(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, ctx) == len ? 0 : -1;
}

/*
** Read and drop up to n bytes of a body we refuse (at most max, the web
** server's own limit for the address, conf/): a CGI that answers
** without reading what it was sent makes fcgiwrap and Apache fail the
** request instead of passing on our clear refusal.
*/
static void discard_body(size_t n, size_t max)
{
	char chunk[8192];
	size_t r;

	if (n > max)
		n = max;
	while (n > 0 && (r = fread(chunk, 1, n < sizeof chunk ? n : sizeof chunk, stdin)) > 0)
		n -= r;
}

/*
** Read n bytes of body into out (emptied first). Returns whether all
** of them came.
*/
static bool read_exactly(size_t n, struct buf *out)
{
	size_t got = 0;

	buf_reset(out);
	buf_reserve(out, n);
	while (got < n) {
		size_t r = fread(out->data + got, 1, n - got, stdin);

		if (r == 0)
			break;
		got += r;
	}
	out->len = got;
	out->data[got] = '\0';
	return got == n;
}

/*
** Read the body of a POST into req's parameters (and, for the upload
** form of /admin/files, multipart/form-data, its file into *file, the
** caller's: upload_free). Returns 0, or an HTTP status (400, 411, 413,
** 415; 500 when the upload's reader cannot be loaded) with req->error set (to why, of whylen bytes, when it names the
** form's size). Each field's own limit applies later, to its decoded
** text, with the form kept: this one only bounds what is read, well
** above what the fields may hold once URL-encoded (a byte may take
** three), or an upload's file and its fields (settings: upload_max_kib).
*/
static int read_body(struct request *req, const struct config *c, struct upload *file,
		     char *why, size_t whylen)
{
	const char *length = request_env(req, "CONTENT_LENGTH");
	const char *type = request_env(req, "CONTENT_TYPE");
	bool multipart = type && strncmp(type, "multipart/form-data", 19) == 0 &&
			 strcmp(req->path, "/admin/files") == 0;
	size_t max = multipart ? (size_t)c->upload_max_kib * 1024 + UPLOAD_FIELDS_MAX : ADMIN_BODY_MAX;
	size_t discard_max = multipart ? ADMIN_UPLOAD_DISCARD_MAX : ADMIN_DISCARD_MAX;
	struct buf body = BUF_INIT;
	size_t n = discard_max;
	int status;

	if (length == NULL || *length == '\0') {
		req->error = "The form was sent without its length.";
		return 411;
	}
	if (text_parse_number(length, 9) < 0 || (n = (size_t)text_parse_number(length, 9)) > max) {
		discard_body(n, discard_max);
		if (multipart)
			snprintf(why, whylen, "The file is too large: the form is %.1f MB, and the library "
				 "takes files of at most %.1f MB. Nothing was saved.",
				 (double)n / (1024 * 1024), (double)c->upload_max_kib / 1024);
		else
			snprintf(why, whylen, "The form is %.1f MB; the admin accepts at most %d MB. "
				 "Nothing was saved. A page's body can hold at most 200 KB: shorten it, "
				 "or split it into pages.", (double)n / (1024 * 1024),
				 ADMIN_BODY_MAX / (1024 * 1024));
		req->error = why;
		return 413;
	}
	if (n == 0)
		return 0;
	if (!multipart && (type == NULL || strncmp(type, "application/x-www-form-urlencoded", 33) != 0)) {
		discard_body(n, discard_max);
		req->error = "The form was not sent as application/x-www-form-urlencoded.";
		return 415;
	}
	if (!read_exactly(n, &body)) {
		req->error = "The form arrived incomplete.";
		status = 400;
	} else if (multipart) {
		status = upload_parse(type, body.data, body.len, req, file);
	} else {
		status = request_parse_pairs(req, body.data, body.len);
	}
	buf_free(&body);
	return status;
}

/*
** A refusal page that needs neither database nor templates.
*/
static void plain_error(struct reply *rep, int status, const char *message)
{
	reply_reset(rep);
	reply_html(rep, status);
	buf_printf(&rep->body, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		   "<title>%d %s</title></head><body><h1>%s</h1><p>", status,
		   http_status_text(status), http_status_text(status));
	/* Our own constant sentences: nothing from the request. */
	buf_puts(&rep->body, message);
	buf_puts(&rep->body, "</p></body></html>\n");
}

int main(void)
{
	const char *config_path = getenv("RUNNINGCODE_CONFIG");
	struct request req;
	struct reply rep;
	struct config config;
	struct admin a;
	char err[512], why[512], writer[STANDBY_WRITER_MAX + 1];
	size_t i;
	int status;

	log_set_program("runningcode-admin");
	config_init(&config);
	reply_init(&rep);
	memset(&a, 0, sizeof a);
	status = request_parse(&req, environ);
	if (config_path == NULL && access(RC_DEFAULT_CONFIG, F_OK) == 0)
		config_path = RC_DEFAULT_CONFIG;
	if ((config_path && config_load(&config, config_path, err, sizeof err) < 0) ||
	    config_require_site_address(&config, err, sizeof err) < 0) {
		log_error("%s", err);
		plain_error(&rep, 500, "The admin is misconfigured; the server log says how.");
	} else if (setenv("TZ", config.time_zone ? config.time_zone : "UTC", 1) < 0 ||
		   auth_init() < 0 || !tpl_set_root(config.templates)) {
		plain_error(&rep, 500, "The admin cannot start; the server log says why.");
	} else if (standby_writer(&config, writer, sizeof writer)) {
		/* Whatever it did, the next snapshot from the writer would undo it. */
		a.config = &config;
		a.rep = &rep;
		snprintf(why, sizeof why, "This is a standby; the writer is %s. Make changes there. "
			 "(Operators: 'runningcode promote' makes this node the writer.)", writer);
		admin_message(&a, 503, http_status_text(503), why);
		reply_header(&rep, "Retry-After", "300");
	} else if (status != 0 ||
		   (req.method == METHOD_POST &&
		    (status = read_body(&req, &config, &a.upload, why, sizeof why)) != 0)) {
		/* Refused before the database: in the admin's layout, signed out. */
		a.config = &config;
		a.rep = &rep;
		admin_message(&a, status, http_status_text(status), req.error);
	} else if ((a.store = store_open(config.database, STORE_READWRITE, err, sizeof err)) == NULL) {
		log_error("%s", err);
		plain_error(&rep, 503, "The database cannot be opened. Please try again later. "
			    "(Operators: the server log says why; after an upgrade, run "
			    "'runningcode migrate'.)");
	} else {
		a.config = &config;
		a.req = &req;
		a.rep = &rep;
		admin_handle(&a);
	}
	for (i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		reply_header(&rep, security_headers[i][0], security_headers[i][1]);
	reply_send(&rep, req.method == METHOD_HEAD, stdout_write, stdout);
	fflush(stdout);
	module_preloads_wait();
	store_close(a.store);
	request_free(&req);
	upload_free(&a.upload);
	reply_free(&rep);
	config_free(&config);
	return 0;
}
