/*
** fuzz-template.c: the public pages as render.c and template.cc make
** them through the real templates/ (ctemplate, auto-escaping), with
** hostile values.
**
** Set-up (once): the seeded database of fuzz-db.h, opened read-only as
** the worker opens it, and templates/ of the source tree ($RC_SRCDIR,
** else three folders above the harness).
**
** Input: one byte of flags, one byte of numbers, then NUL-separated
** fields: title, summary, body (Markdown), path, search query. Each
** field but the body is prefixed with a marker, "fzT<\"" for the title
** and so on: the marker can only reach the output raw if escaping
** failed (cmark never leaves "<\"" either). The body starts with a
** paragraph of raw HTML and a javascript: link. Rendered: render_page
** (a struct page with those values, one of a few page ids so that menus,
** breadcrumbs and programs vary), render_search (the query, and hits
** whose title, link, context and snippet come from the fields),
** render_error and render_moved.
**
** Asserted: every render succeeds (tpl_expand never fails), and no
** output holds a raw marker, a <script element (but the templates' own
** <script ...> tags, as the .tpl files hold them with the site's script
** by its hashed name), an on*=
** attribute, or a javascript:/vbscript:/data: URL in href, src or a
** meta refresh.
** RC_FUZZ_DUMP=1 prints every page rendered (to run one input by hand).
*/
#include <sys/stat.h>

#include "fuzz.h"
#include "fuzz-db.h"

#include "buf.h"
#include "config.h"
#include "model-public.h"
#include "render.h"
#include "search-query.h"
#include "static-names.h"
#include "store.h"
#include "template.h"

#include <dirent.h>

static struct store *store;	/* fuzz-db.h's */
/* The <script ...> tags the templates themselves hold: allowed as they are. */
static char *template_scripts[16];
static int ntemplate_scripts;
static struct config config;

static const char *const markers[] = { "fzT<\"", "fzS<\"", "fzP<\"", "fzQ<\"" };
enum { F_TITLE, F_SUMMARY, F_BODY, F_PATH, F_QUERY, F_COUNT };

/* Release what the harness holds (at exit). */
static void free_config(void)
{
	config_free(&config);
}

/* The script tag of a template (len bytes at tag) as rendered: the
** site's script by its hashed name (render.c sets SITE_JS), the rest as
** it is. Owned by the caller. */
static char *as_rendered(const char *tag, size_t len)
{
	static const char var[] = "{{SITE_JS}}";
	struct buf out = BUF_INIT;
	const char *v = memmem(tag, len, var, strlen(var));

	if (v == NULL)
		return xstrndup(tag, len);
	buf_append(&out, tag, (size_t)(v - tag));
	buf_puts(&out, RC_STATIC_SITE_JS);
	buf_append(&out, v + strlen(var), len - (size_t)(v - tag) - strlen(var));
	return out.data;
}

/* Note every "<script ...>" tag of the .tpl files in dir. */
static void find_template_scripts(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		fuzz_die(dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX + 300];
		struct buf text = BUF_INIT;
		const char *p;
		size_t n = strlen(e->d_name);

		if (n < 5 || strcmp(e->d_name + n - 4, ".tpl") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (buf_read_file(&text, path, 1 << 20) < 0)
			fuzz_die(path, strerror(errno));
		for (p = text.data; p && (p = fuzz_find_nocase(p, strlen(p), "<script")) != NULL; p++) {
			size_t len = strcspn(p, ">") + 1;

			if (ntemplate_scripts < (int)(sizeof template_scripts / sizeof template_scripts[0]))
				template_scripts[ntemplate_scripts++] = as_rendered(p, len);
		}
		buf_free(&text);
	}
	closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char top[PATH_MAX], path[PATH_MAX + 64];

	(void)argc;
	(void)argv;
	fuzz_find_top(top, sizeof top);
	store = fuzz_db_open("fuzz-template", top);
	atexit(free_config);

	config_init(&config);
	snprintf(path, sizeof path, "%s/templates", top);
	config_set(&config.templates, path);
	if (!tpl_set_root(config.templates))
		fuzz_die("template folder", config.templates);
	find_template_scripts(config.templates);
	return 0;
}

/* A heap string: prefix then value. */
static char *prefixed(const char *prefix, const char *value)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, prefix);
	buf_puts(&b, value ? value : "");
	return buf_detach(&b);
}

FUZZ_CHECK_FN void check_output(const char *what, const struct buf *out)
{
	const char *problem;
	char *copy, *p;
	size_t i;

	if (getenv("RC_FUZZ_DUMP"))
		fprintf(stderr, "==== %s\n%s\n", what, out->data ? out->data : "(null)");
	FUZZ_ASSERT(out->data != NULL && out->len > 0, "%s: empty output", what);
	FUZZ_ASSERT(strlen(out->data) == out->len, "%s: NUL inside the output", what);
	for (i = 0; i < sizeof markers / sizeof markers[0]; i++)
		FUZZ_ASSERT(strstr(out->data, markers[i]) == NULL,
			    "%s: the value marked %.3s reached the page unescaped:\n%s",
			    what, markers[i], out->data);
	/* The templates' own script tags are not the input's: blank them. */
	copy = xstrndup(out->data, out->len);
	for (i = 0; i < (size_t)ntemplate_scripts; i++)
		for (p = copy; (p = strstr(p, template_scripts[i])) != NULL; p++)
			*p = ' ';
	problem = fuzz_html_problem(copy, out->len);
	free(copy);
	FUZZ_ASSERT(problem == NULL, "%s: the page holds %s:\n%s", what, problem, out->data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t page_ids[] = { 26, 1, 22, 34, 2, 11, 0, 9999 };
	char *fields[F_COUNT];
	struct buf out = BUF_INIT;
	struct page p;
	struct search_results r;
	char *query, *target;
	uint8_t flags, numbers;
	int i;

	if (size < 2 || size > 32 * 1024)
		return 0;
	flags = data[0];
	numbers = data[1];
	fuzz_split(data + 2, size - 2, '\0', fields, F_COUNT);

	config_set(&config.base_url, flags & 1 ? "https://www.example.org" : NULL);

	/* 1. A page. */
	memset(&p, 0, sizeof p);
	p.id = page_ids[(flags >> 1) & 7];
	p.title = prefixed(markers[0], fields[F_TITLE]);
	p.summary = prefixed(flags & 16 ? markers[1] : "", fields[F_SUMMARY]);
	p.body = prefixed(flags & 32 ? "fzB<script>alert(1)</script>\n\n"
				       "[fzB](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"
				     : "",
			  fields[F_BODY]);
	/* The path: marked and under "/", or the bare field (a javascript:
	** URL for instance: paths are validated on entry, but the templates
	** must hold whatever they get). */
	p.path = flags & 64 ? xstrdup(fields[F_PATH] ? fields[F_PATH] : "")
			    : prefixed("/fzP<\"/", fields[F_PATH]);
	p.updated_at = xstrdup("2024-01-01 00:00:00");
	p.published = 1;
	p.version = 1;
	FUZZ_ASSERT(render_page(store, &config, &p, &out), "render_page failed");
	check_output("render_page", &out);

	/* 2. The search page: the query, then hits made of the fields. */
	query = prefixed(markers[3], fields[F_QUERY]);
	buf_reset(&out);
	FUZZ_ASSERT(render_search(store, &config, query, NULL, &out), "render_search (no query) failed");
	check_output("render_search", &out);
	memset(&r, 0, sizeof r);
	r.total = numbers & 0x3F;
	r.page = 1 + (numbers >> 6);
	r.n = r.total - (r.page - 1) * SEARCH_PER_PAGE;
	r.n = r.n < 0 ? 0 : r.n > SEARCH_PER_PAGE ? SEARCH_PER_PAGE : r.n;
	for (i = 0; i < r.n; i++) {
		r.hits[i].title = xstrdup(p.title);
		r.hits[i].href = xstrdup(p.path);
		r.hits[i].context = xstrdup(i & 1 ? p.summary : "");
		r.hits[i].snippet = xstrdup(p.body);
	}
	buf_reset(&out);
	FUZZ_ASSERT(render_search(store, &config, query, &r, &out), "render_search failed");
	check_output("render_search", &out);
	search_results_free(&r);

	/* 3. The plain error page and the page of a moved address. */
	buf_reset(&out);
	FUZZ_ASSERT(render_error(&config, p.title, p.summary, &out), "render_error failed");
	check_output("render_error", &out);
	target = flags & 128 ? xstrdup(p.path) : prefixed(markers[2], fields[F_PATH]);
	buf_reset(&out);
	FUZZ_ASSERT(render_moved(&config, target, &out), "render_moved failed");
	check_output("render_moved", &out);

	free(target);
	free(query);
	page_free(&p);
	buf_free(&out);
	fuzz_free_fields(fields, F_COUNT);
	return 0;
}
