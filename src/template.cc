/*
** template.cc: the bridge between C and ctemplate.
**
** A struct tpl_dict * is a ctemplate::TemplateDictionary * under another
** name; the casts below are the only place that knows. ctemplate parses
** each template once and caches it; tpl_reload asks it to look again.
** Nothing here throws: ctemplate reports errors by return value, and an
** allocation failure ends the process as it does in C.
*/
#include <ctemplate/template.h>
#include <ctemplate/template_emitter.h>

#include "template.h"

using ctemplate::TemplateDictionary;

static TemplateDictionary *dict(struct tpl_dict *d)
{
	return reinterpret_cast<TemplateDictionary *>(d);
}

static struct tpl_dict *handle(TemplateDictionary *d)
{
	return reinterpret_cast<struct tpl_dict *>(d);
}

/* Writes expanded text straight into a struct buf: no std::string copy. */
class BufEmitter : public ctemplate::ExpandEmitter {
	struct buf *out_;
public:
	explicit BufEmitter(struct buf *out) : out_(out) {}
	void Emit(char c) override { buf_append(out_, &c, 1); }
	void Emit(const std::string &s) override { buf_append(out_, s.data(), s.size()); }
	void Emit(const char *s) override { buf_puts(out_, s); }
	void Emit(const char *s, size_t n) override { buf_append(out_, s, n); }
};

/*
** Look for templates in dir. Returns false when dir cannot be used.
*/
bool tpl_set_root(const char *dir)
{
	return ctemplate::mutable_default_template_cache()->SetTemplateRootDirectory(dir);
}

/*
** Re-read the templates whose files changed (mtime), at their next use.
*/
void tpl_reload(void)
{
	ctemplate::mutable_default_template_cache()->ReloadAllIfChanged(
		ctemplate::TemplateCache::LAZY_RELOAD);
}

/*
** A new, empty root dictionary. The caller frees it with tpl_dict_free.
*/
struct tpl_dict *tpl_dict_new(void)
{
	return handle(new TemplateDictionary("root"));
}

/*
** Free a root dictionary and everything below it. d may be NULL.
*/
void tpl_dict_free(struct tpl_dict *d)
{
	delete dict(d);
}

/*
** Set {{KEY}} in d (copied). The template escapes it where it lands.
*/
void tpl_set(struct tpl_dict *d, const char *key, const char *value)
{
	dict(d)->SetValue(key, value);
}

void tpl_set_int(struct tpl_dict *d, const char *key, long value)
{
	dict(d)->SetIntValue(key, value);
}

/*
** Set a value seen by d's template and every template it includes.
*/
void tpl_set_global(struct tpl_dict *d, const char *key, const char *value)
{
	dict(d)->SetTemplateGlobalValue(key, value);
}

/*
** THE ONE PLACE WHERE TRUSTED HTML ENTERS A PAGE.
**
** html must be one of two things:
**  - cmark's output in safe mode (markdown.c), which turns raw HTML
**    into comments and empties javascript:, vbscript: and data: links;
**  - what tpl_expand made from one of our own templates, every value in
**    it escaped there (render.c's menus, expanded once and reused).
** Templates print it with {{KEY:none}}; every other value is escaped.
*/
void tpl_set_trusted_html(struct tpl_dict *d, const char *key, const char *html)
{
	dict(d)->SetValue(key, html);
}

/*
** Show {{#SECTION}} once, with d's own values.
*/
void tpl_show(struct tpl_dict *d, const char *section)
{
	dict(d)->ShowSection(section);
}

/*
** Add one more repetition of {{#SECTION}}; its values are set in the
** returned dictionary, owned by d.
*/
struct tpl_dict *tpl_add_section(struct tpl_dict *d, const char *section)
{
	return handle(dict(d)->AddSectionDictionary(section));
}

/*
** Expand {{>NAME}} with the template file; its values are set in the
** returned dictionary, owned by d. Includes do not see d's values, only
** globals.
*/
struct tpl_dict *tpl_add_include(struct tpl_dict *d, const char *name, const char *file)
{
	TemplateDictionary *inc = dict(d)->AddIncludeDictionary(name);

	inc->SetFilename(file);
	return handle(inc);
}

/*
** Append the expansion of the template file with d to out. On failure
** (syntax error, missing file or include) out is restored to what it
** held and false is returned: partial output is never used.
*/
bool tpl_expand(const char *file, struct tpl_dict *d, struct buf *out)
{
	size_t mark = out->len;
	BufEmitter emitter(out);
	bool ok = ctemplate::ExpandWithData(file, ctemplate::STRIP_BLANK_LINES,
					    dict(d), NULL, &emitter);

	if (!ok) {
		out->len = mark;
		if (out->data)
			out->data[mark] = '\0';
	}
	return ok;
}
