/*
** template.cc: the bridge between C and ctemplate.
**
** ctemplate parses each template once and caches it; tpl_reload asks it
** to look again. The values of one expansion are held by our own
** dictionary (below), which ctemplate reads through its documented
** extension point, TemplateDictionaryInterface. Nothing here throws:
** ctemplate reports errors by return value, and an allocation failure
** ends the process as it does in C.
*/
#include <new>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ctemplate/template.h>
#include <ctemplate/template_dictionary_interface.h>
#include <ctemplate/template_emitter.h>

#include "template.h"

using ctemplate::TemplateDictionaryInterface;
using ctemplate::TemplateString;

/*
** Dictionaries.
**
** ctemplate's own TemplateDictionary costs more to fill than a page
** costs to expand: for every section a name built with snprintf into a
** std::string, a hash map per dictionary, a vector per section, and for
** every name a hash and (in Debian's build, assertions on) two lookups
** in a global map under a lock. Ours is a tree of small records in one
** arena per root dictionary, freed at once; the trees are small (a page
** has a few dozen values), so lists searched in order beat hashing.
**
** Lookups follow ctemplate's rules (its template_dictionary.cc):
**  - a value, a section or an include is looked for in the dictionary,
**    then in its parents; a value last in the tree's globals; a value
**    found nowhere is empty;
**  - the dictionary of an include has no parent: it sees only globals;
**  - a name set twice keeps its last value.
** ctemplate's process-wide values (BI_SPACE, BI_NEWLINE) are not
** offered: no template of ours uses them.
*/

/* Memory for one tree of dictionaries, all freed with it. */
class Arena {
	static constexpr size_t BLOCK = 8192, ALIGN = 16;
	struct Block {
		Block *next;
	};
	Block *blocks_ = nullptr;
	char *free_ = nullptr;
	size_t left_ = 0;

public:
	Arena() = default;
	Arena(const Arena &) = delete;
	Arena &operator=(const Arena &) = delete;

	~Arena()
	{
		while (blocks_) {
			Block *next = blocks_->next;

			free(blocks_);
			blocks_ = next;
		}
	}

	/* n bytes, aligned for any of our records; owned by the arena. */
	void *alloc(size_t n)
	{
		void *p;

		n = (n + ALIGN - 1) & ~size_t(ALIGN - 1);
		if (n > left_) {
			size_t size = ALIGN + (n > BLOCK ? n : BLOCK);
			Block *b = static_cast<Block *>(xmalloc(size));

			b->next = blocks_;
			blocks_ = b;
			free_ = reinterpret_cast<char *>(b) + ALIGN;
			left_ = size - ALIGN;
		}
		p = free_;
		free_ += n;
		left_ -= n;
		return p;
	}

	/* A NUL-terminated copy of the len bytes at s, owned by the arena. */
	const char *copy(const char *s, size_t len)
	{
		char *p = static_cast<char *>(alloc(len + 1));

		memcpy(p, s, len);
		p[len] = '\0';
		return p;
	}
};

class Dict;

/* A name in a dictionary; its text is the arena's copy. */
struct Entry {
	Entry *next;
	const char *name;
	size_t name_len;

	bool is(const TemplateString &key) const
	{
		return name_len == key.size() && memcmp(name, key.data(), name_len) == 0;
	}
};

/* A value: {{NAME}}. */
struct Value : Entry {
	const char *text;
	size_t len;
};

/* The dictionaries of a section or an include, in the order added. */
struct Children : Entry {
	Dict *first, *last;
};

/* The first entry of list named key, or NULL. */
template <class T> static const T *find(const T *list, const TemplateString &key)
{
	for (; list; list = static_cast<const T *>(list->next))
		if (list->is(key))
			return list;
	return nullptr;
}

/* What all the dictionaries of one tree share. */
struct Tree {
	Arena arena;
	Value *globals = nullptr;
};

class Dict : public TemplateDictionaryInterface {
	/* ctemplate walks a section's or an include's dictionaries with
	** this, and deletes it when done. */
	class Walk : public TemplateDictionaryInterface::Iterator {
		const Dict *next_;

	public:
		explicit Walk(const Children *c) : next_(c ? c->first : nullptr) {}
		bool HasNext() const override { return next_ != nullptr; }
		const TemplateDictionaryInterface &Next() override
		{
			const Dict *d = next_;

			next_ = d->next_;
			return *d;
		}
	};

	Tree *tree_;
	const Dict *parent_;		/* NULL: a root, or an include's */
	Value *values_ = nullptr;
	Children *sections_ = nullptr, *includes_ = nullptr;
	Dict *next_ = nullptr;		/* the next of the same section */
	const char *filename_ = nullptr;	/* of an include's template */

	/* The first of the lists found through member in this dictionary and
	** its parents that has an entry named key, or NULL. */
	const Children *inherited(Children *Dict::*member, const TemplateString &key) const
	{
		const Children *c = nullptr;

		for (const Dict *d = this; d && c == nullptr; d = d->parent_)
			c = find(d->*member, key);
		return c;
	}

	/* Add a value named name to the front of *list. */
	void push_value(Value **list, const char *name, const char *text, size_t len)
	{
		Value *v = new (tree_->arena.alloc(sizeof(Value))) Value;

		v->name_len = strlen(name);
		v->name = tree_->arena.copy(name, v->name_len);
		v->text = tree_->arena.copy(text, len);
		v->len = len;
		v->next = *list;
		*list = v;
	}

	void dump_entries(std::string *out, int level, const char *kind, const Children *c) const
	{
		for (; c; c = static_cast<const Children *>(c->next))
			for (const Dict *d = c->first; d; d = d->next_) {
				out->append(size_t(level) * 2, ' ');
				out->append(kind).append(c->name);
				if (d->filename_)
					out->append(" (").append(d->filename_).append(")");
				out->append(":\n");
				d->DumpToString(out, level + 1);
			}
	}

public:
	Dict(Tree *tree, const Dict *parent) : tree_(tree), parent_(parent) {}

	/* A new root dictionary with a tree of its own; free with free_tree. */
	static Dict *new_root()
	{
		Tree *t = new Tree;

		return new (t->arena.alloc(sizeof(Dict))) Dict(t, nullptr);
	}

	/* Free the tree this dictionary belongs to, itself included. */
	void free_tree() { delete tree_; }

	void set(const char *name, const char *text, size_t len)
	{
		push_value(&values_, name, text, len);
	}

	void set_global(const char *name, const char *text, size_t len)
	{
		push_value(&tree_->globals, name, text, len);
	}

	/* A new dictionary, the last of *list's entry named name (made
	** when it has none); parent is what its values inherit from. */
	Dict *add(Children *Dict::*member, const char *name, const Dict *parent)
	{
		Children **list = &(this->*member);
		Children *c = const_cast<Children *>(find(*list, TemplateString(name)));
		Dict *d = new (tree_->arena.alloc(sizeof(Dict))) Dict(tree_, parent);

		if (c == nullptr) {
			c = new (tree_->arena.alloc(sizeof(Children))) Children;
			c->name_len = strlen(name);
			c->name = tree_->arena.copy(name, c->name_len);
			c->first = d;
			c->next = *list;
			*list = c;
		} else {
			c->last->next_ = d;
		}
		c->last = d;
		return d;
	}

	Dict *add_section(const char *name) { return add(&Dict::sections_, name, this); }

	/* {{#NAME}} shown once with this dictionary's values, unless it is
	** already shown. */
	void show(const char *name)
	{
		if (find(sections_, TemplateString(name)) == nullptr)
			add_section(name);
	}

	Dict *add_include(const char *name, const char *file)
	{
		Dict *d = add(&Dict::includes_, name, nullptr);

		d->filename_ = tree_->arena.copy(file, strlen(file));
		return d;
	}

protected:
	TemplateString GetValue(const TemplateString &key) const override
	{
		const Value *v = nullptr;

		for (const Dict *d = this; d && v == nullptr; d = d->parent_)
			v = find(d->values_, key);
		if (v == nullptr)
			v = find(tree_->globals, key);
		return v ? TemplateString(v->text, v->len) : TemplateString("", 0);
	}

	bool IsHiddenSection(const TemplateString &key) const override
	{
		return inherited(&Dict::sections_, key) == nullptr;
	}

	bool IsUnhiddenSection(const TemplateString &key) const override
	{
		return !IsHiddenSection(key);
	}

	Iterator *CreateSectionIterator(const TemplateString &key) const override
	{
		return new Walk(inherited(&Dict::sections_, key));
	}

	bool IsHiddenTemplate(const TemplateString &key) const override
	{
		return inherited(&Dict::includes_, key) == nullptr;
	}

	Iterator *CreateTemplateIterator(const TemplateString &key) const override
	{
		return new Walk(inherited(&Dict::includes_, key));
	}

	const char *GetIncludeTemplateName(const TemplateString &key, int n) const override
	{
		const Children *c = inherited(&Dict::includes_, key);
		const Dict *d = c ? c->first : nullptr;

		for (; d && n > 0; n--)
			d = d->next_;
		return d && d->filename_ ? d->filename_ : "";
	}

	/* For ctemplate's debugging aids: this dictionary's values, then its
	** sections and includes, indented by level (the tree's globals are
	** not shown). */
	void DumpToString(std::string *out, int level) const override
	{
		for (const Value *v = values_; v; v = static_cast<const Value *>(v->next)) {
			out->append(size_t(level) * 2, ' ');
			out->append(v->name).append(": ").append(v->text, v->len).append("\n");
		}
		dump_entries(out, level, "section ", sections_);
		dump_entries(out, level, "include ", includes_);
	}
};

static Dict *dict(struct tpl_dict *d)
{
	return reinterpret_cast<Dict *>(d);
}

static struct tpl_dict *handle(Dict *d)
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
	return handle(Dict::new_root());
}

/*
** Free a root dictionary and everything below it. d may be NULL.
*/
void tpl_dict_free(struct tpl_dict *d)
{
	if (d)
		dict(d)->free_tree();
}

/*
** Set {{KEY}} in d (copied). The template escapes it where it lands.
*/
void tpl_set(struct tpl_dict *d, const char *key, const char *value)
{
	dict(d)->set(key, value, strlen(value));
}

void tpl_set_int(struct tpl_dict *d, const char *key, long value)
{
	char text[24];
	int len = snprintf(text, sizeof text, "%ld", value);

	dict(d)->set(key, text, (size_t)len);
}

/*
** Set a value seen by d's template and every template it includes.
*/
void tpl_set_global(struct tpl_dict *d, const char *key, const char *value)
{
	dict(d)->set_global(key, value, strlen(value));
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
	dict(d)->set(key, html, strlen(html));
}

/*
** Show {{#SECTION}} once, with d's own values.
*/
void tpl_show(struct tpl_dict *d, const char *section)
{
	dict(d)->show(section);
}

/*
** Add one more repetition of {{#SECTION}}; its values are set in the
** returned dictionary, owned by d. It sees d's values too.
*/
struct tpl_dict *tpl_add_section(struct tpl_dict *d, const char *section)
{
	return handle(dict(d)->add_section(section));
}

/*
** Expand {{>NAME}} with the template file; its values are set in the
** returned dictionary, owned by d. Includes do not see d's values, only
** globals.
*/
struct tpl_dict *tpl_add_include(struct tpl_dict *d, const char *name, const char *file)
{
	return handle(dict(d)->add_include(name, file));
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
	bool ok = ctemplate::ExpandWithData(file, ctemplate::STRIP_BLANK_LINES, dict(d), NULL,
					    &emitter);

	if (!ok) {
		out->len = mark;
		if (out->data)
			out->data[mark] = '\0';
	}
	return ok;
}
