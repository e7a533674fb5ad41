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
#include <cstddef>
#include <new>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <string>

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

namespace {

/* Memory for one tree of dictionaries, all freed with it. */
class Arena {
	static constexpr size_t BLOCK = 8192, ALIGN = alignof(std::max_align_t);
	struct Block {
		Block *next;
	};
	static_assert(sizeof(Block) <= ALIGN, "a block's header fits its alignment");

	Block *blocks_ = nullptr;
	char *cursor_ = nullptr;	/* the next free byte of blocks_ */
	size_t room_ = 0;		/* bytes free after cursor_ */

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

	/* n bytes, aligned for any record; owned by the arena. A request
	** larger than a block gets a block of its own. n is the size of a
	** record or of a copy of a string that exists, so it is far below
	** SIZE_MAX and no sum here overflows. */
	void *alloc(size_t n)
	{
		void *p;

		n = (n + ALIGN - 1) & ~(ALIGN - 1);
		if (n > room_) {
			size_t size = ALIGN + (n > BLOCK ? n : BLOCK);
			Block *b = static_cast<Block *>(xmalloc(size));

			b->next = blocks_;
			blocks_ = b;
			cursor_ = reinterpret_cast<char *>(b) + ALIGN;
			room_ = size - ALIGN;
		}
		p = cursor_;
		cursor_ += n;
		room_ -= n;
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

/* A name in a dictionary; the text is the arena's copy. */
struct Entry {
	Entry *next;
	const char *name;
	size_t name_len;

	bool named(const TemplateString &key) const
	{
		return name_len == key.size() && memcmp(name, key.data(), name_len) == 0;
	}
};

/* A value: {{NAME}}. */
struct Value : Entry {
	const char *text;
	size_t len;
};

/* The dictionaries of a section or of an include, in the order added. */
struct DictList : Entry {
	Dict *first, *last;
};

/* The first entry of list named key, or NULL. */
template <class T> const T *find(const T *list, const TemplateString &key)
{
	for (; list; list = static_cast<const T *>(list->next))
		if (list->named(key))
			return list;
	return nullptr;
}

/* What all the dictionaries of one tree share. */
struct Tree {
	Arena arena;
	Value *globals = nullptr;
};

/*
** One dictionary: its values, and the lists of dictionaries of its
** sections and includes. It lives in its tree's arena, made there by
** new_root or by its parent, and dies with the whole tree (free_tree):
** it owns nothing outside the arena, so no destructor needs to run.
*/
class Dict : public TemplateDictionaryInterface {
	/* How ctemplate walks a section's or an include's dictionaries.
	** ctemplate deletes it when done: it comes from operator new. */
	class ListWalk : public TemplateDictionaryInterface::Iterator {
		const Dict *next_;

	public:
		explicit ListWalk(const DictList *l) : next_(l ? l->first : nullptr) {}
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
	DictList *sections_ = nullptr, *includes_ = nullptr;
	Dict *next_ = nullptr;		/* the next of the same list */
	const char *filename_ = nullptr;	/* of an include's template */

	Dict(Tree *tree, const Dict *parent) : tree_(tree), parent_(parent) {}

	/* The entry named key in the lists found through member, looked for
	** in this dictionary and then in its parents; NULL when none. */
	const DictList *find_upward(DictList *Dict::*member, const TemplateString &key) const
	{
		const DictList *l = nullptr;

		for (const Dict *d = this; d && l == nullptr; d = d->parent_)
			l = find(d->*member, key);
		return l;
	}

	/* Put a value named name in front of *list: a lookup finds it
	** before any older value of that name. A NULL text is empty, as in
	** ctemplate. Name and text are copied. */
	void push_value(Value **list, const char *name, const char *text)
	{
		Value *v = new (tree_->arena.alloc(sizeof(Value))) Value;

		if (text == nullptr)
			text = "";
		v->name_len = strlen(name);
		v->name = tree_->arena.copy(name, v->name_len);
		v->len = strlen(text);
		v->text = tree_->arena.copy(text, v->len);
		v->next = *list;
		*list = v;
	}

	/* A new dictionary at the end of the list named name, among this
	** dictionary's lists reached through member (made when missing);
	** parent is where its lookups go next (NULL for an include). */
	Dict *add(DictList *Dict::*member, const char *name, const Dict *parent)
	{
		DictList **lists = &(this->*member);
		DictList *l = const_cast<DictList *>(find(*lists, TemplateString(name)));
		Dict *d = new (tree_->arena.alloc(sizeof(Dict))) Dict(tree_, parent);

		if (l == nullptr) {
			l = new (tree_->arena.alloc(sizeof(DictList))) DictList;
			l->name_len = strlen(name);
			l->name = tree_->arena.copy(name, l->name_len);
			l->first = d;
			l->next = *lists;
			*lists = l;
		} else {
			l->last->next_ = d;
		}
		l->last = d;
		return d;
	}

public:
	/* A new root dictionary in a new tree; the caller frees it with
	** free_tree. */
	static Dict *new_root()
	{
		Tree *t = new (xmalloc(sizeof(Tree))) Tree;

		return new (t->arena.alloc(sizeof(Dict))) Dict(t, nullptr);
	}

	/* Free the tree this dictionary belongs to, itself included. */
	void free_tree()
	{
		Tree *t = tree_;

		t->~Tree();
		free(t);
	}

	/* {{NAME}} in this dictionary, and in those of its sections. */
	void set(const char *name, const char *text) { push_value(&values_, name, text); }

	/* {{NAME}} anywhere in the tree, includes too, where no dictionary
	** on the way up sets it. */
	void set_global(const char *name, const char *text)
	{
		push_value(&tree_->globals, name, text);
	}

	/* One more repetition of {{#NAME}}, which also sees our values. */
	Dict *add_section(const char *name) { return add(&Dict::sections_, name, this); }

	/* {{#NAME}} shown once with this dictionary's values, unless this
	** dictionary already has repetitions of it. */
	void show(const char *name)
	{
		if (find(sections_, TemplateString(name)) == nullptr)
			add_section(name);
	}

	/* One more {{>NAME}}, expanding the template file with values of
	** its own (and the globals). */
	Dict *add_include(const char *name, const char *file)
	{
		Dict *d = add(&Dict::includes_, name, nullptr);

		d->filename_ = tree_->arena.copy(file, strlen(file));
		return d;
	}

protected:
	/* What ctemplate asks while it expands; the rules are above. */

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
		return find_upward(&Dict::sections_, key) == nullptr;
	}

	bool IsUnhiddenSection(const TemplateString &key) const override
	{
		return !IsHiddenSection(key);
	}

	Iterator *CreateSectionIterator(const TemplateString &key) const override
	{
		return new ListWalk(find_upward(&Dict::sections_, key));
	}

	bool IsHiddenTemplate(const TemplateString &key) const override
	{
		return find_upward(&Dict::includes_, key) == nullptr;
	}

	Iterator *CreateTemplateIterator(const TemplateString &key) const override
	{
		return new ListWalk(find_upward(&Dict::includes_, key));
	}

	/* The file of the n-th include named key (a walk from the first:
	** our lists of includes are a few entries long). */
	const char *GetIncludeTemplateName(const TemplateString &key, int n) const override
	{
		const DictList *l = find_upward(&Dict::includes_, key);
		const Dict *d = l ? l->first : nullptr;

		for (; d && n > 0; n--)
			d = d->next_;
		return d && d->filename_ ? d->filename_ : "";
	}

	/* A debugging aid of ctemplate's that expansion never calls, nor
	** does anything of ours: it writes nothing. */
	void DumpToString(std::string *, int) const override {}
};

} // namespace

/* A struct tpl_dict * is a Dict * under the C name; only these know. */
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
** Set {{KEY}} in d (copied; NULL is empty). The template escapes it
** where it lands.
*/
void tpl_set(struct tpl_dict *d, const char *key, const char *value)
{
	dict(d)->set(key, value);
}

/*
** Set {{KEY}} in d to value in decimal.
*/
void tpl_set_int(struct tpl_dict *d, const char *key, long value)
{
	char text[24];	/* LONG_MIN: 20 characters and the NUL */

	snprintf(text, sizeof text, "%ld", value);
	dict(d)->set(key, text);
}

/*
** Set a value seen by d's template and every template it includes.
*/
void tpl_set_global(struct tpl_dict *d, const char *key, const char *value)
{
	dict(d)->set_global(key, value);
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
	dict(d)->set(key, html);
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
