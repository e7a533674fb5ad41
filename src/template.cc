/*
** template.cc: the bridge between C and ctemplate.
**
** A struct tpl_dict * is a ctemplate::TemplateDictionary * under another
** name; the casts below are the only place that knows. ctemplate parses
** each template once and caches it; tpl_reload asks it to look again.
** Nothing here throws: ctemplate reports errors by return value, and an
** allocation failure ends the process as it does in C.
*/
#include <stdint.h>
#include <string.h>

#include <atomic>
#include <mutex>

#include <ctemplate/template.h>
#include <ctemplate/template_emitter.h>

#include "template.h"

using ctemplate::StaticTemplateString;
using ctemplate::TemplateDictionary;
using ctemplate::TemplateString;

static TemplateDictionary *dict(struct tpl_dict *d)
{
	return reinterpret_cast<TemplateDictionary *>(d);
}

static struct tpl_dict *handle(TemplateDictionary *d)
{
	return reinterpret_cast<struct tpl_dict *>(d);
}

/*
** Names (of values, sections, includes and template files) with their
** ctemplate ids worked out once.
** ctemplate keys everything by a 64-bit id hashed from the name. Given a
** plain char *, it hashes the name at every call and, in Debian's build
** (assertions on), looks the id up twice in a global id-to-name map
** under a lock: half the cost of filling a dictionary. A name whose id
** is set (StaticTemplateString, what ctemplate's own generated headers
** use) skips all that. Our names are a few dozen string literals, so
** this table keeps one StaticTemplateString per name, found by the
** caller's pointer, and checked against a copy of the text: a pointer
** whose text changed since (a reused buffer) just takes another slot.
** Slots are filled under a lock and never change after; lookups take
** no lock. A name that finds no room, or is too long, goes the slow way.
*/
enum { NAME_SLOTS = 256, NAME_PROBES = 8, NAME_MAX = 31 };

struct known_name {
	std::atomic<const char *> address;	/* the caller's; NULL: free */
	char text[NAME_MAX + 1];		/* ctemplate's map points here */
	StaticTemplateString sts;
};

static known_name known_names[NAME_SLOTS];
static std::mutex known_names_lock;

/*
** Fill the free slot k for name (len bytes) and register its id with
** ctemplate. Called with known_names_lock held.
*/
static void known_name_fill(known_name *k, const char *name, size_t len)
{
	memcpy(k->text, name, len + 1);
	k->sts.do_not_use_directly_.ptr_ = k->text;
	k->sts.do_not_use_directly_.length_ = len;
	k->sts.do_not_use_directly_.id_ = ctemplate::kIllegalTemplateId;
	ctemplate::StaticTemplateStringInitializer registered(&k->sts);
	k->address.store(name, std::memory_order_release);
}

/*
** name as a TemplateString with its id set: from its slot, found or
** filled now; or, without a slot, a plain one that ctemplate hashes.
*/
static TemplateString name_id(const char *name)
{
	size_t len = strlen(name);
	uint64_t hash = (reinterpret_cast<uintptr_t>(name) >> 2) * UINT64_C(0x9E3779B97F4A7C15);
	size_t i;

	if (len > NAME_MAX)
		return TemplateString(name, len);
	for (i = 0; i < NAME_PROBES; i++) {
		known_name *k = &known_names[((hash >> 32) + i) & (NAME_SLOTS - 1)];
		const char *address = k->address.load(std::memory_order_acquire);

		if (address == NULL) {
			std::lock_guard<std::mutex> hold(known_names_lock);

			address = k->address.load(std::memory_order_relaxed);
			if (address == NULL) {
				known_name_fill(k, name, len);
				return TemplateString(k->sts);
			}
		}
		if (address == name && memcmp(k->text, name, len + 1) == 0)
			return TemplateString(k->sts);
	}
	return TemplateString(name, len);
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
	dict(d)->SetValue(name_id(key), value);
}

void tpl_set_int(struct tpl_dict *d, const char *key, long value)
{
	dict(d)->SetIntValue(name_id(key), value);
}

/*
** Set a value seen by d's template and every template it includes.
*/
void tpl_set_global(struct tpl_dict *d, const char *key, const char *value)
{
	dict(d)->SetTemplateGlobalValue(name_id(key), value);
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
	dict(d)->SetValue(name_id(key), html);
}

/*
** Show {{#SECTION}} once, with d's own values.
*/
void tpl_show(struct tpl_dict *d, const char *section)
{
	dict(d)->ShowSection(name_id(section));
}

/*
** Add one more repetition of {{#SECTION}}; its values are set in the
** returned dictionary, owned by d.
*/
struct tpl_dict *tpl_add_section(struct tpl_dict *d, const char *section)
{
	return handle(dict(d)->AddSectionDictionary(name_id(section)));
}

/*
** Expand {{>NAME}} with the template file; its values are set in the
** returned dictionary, owned by d. Includes do not see d's values, only
** globals.
*/
struct tpl_dict *tpl_add_include(struct tpl_dict *d, const char *name, const char *file)
{
	TemplateDictionary *inc = dict(d)->AddIncludeDictionary(name_id(name));

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
	bool ok = ctemplate::ExpandWithData(name_id(file), ctemplate::STRIP_BLANK_LINES,
					    dict(d), NULL, &emitter);

	if (!ok) {
		out->len = mark;
		if (out->data)
			out->data[mark] = '\0';
	}
	return ok;
}
