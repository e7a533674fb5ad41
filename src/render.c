/*
** render.c: fills ctemplate dictionaries from content records.
**
** Every public page is templates/layout.tpl (head, header with logo and
** search, main menu, footer menu) around one content template
** (page.tpl, notfound.tpl). Functions here append to out and return
** false, with out unchanged, when the database or a template fails
** (logged where it happened).
*/
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "markdown.h"
#include "render.h"
#include "template.h"

/* The menus every page shows. */
struct chrome {
	struct link_list main, footer;
};

static bool chrome_load(struct store *s, struct chrome *ch)
{
	return content_menu(s, MENU_MAIN, &ch->main) >= 0 &&
	       content_menu(s, MENU_FOOTER, &ch->footer) >= 0;
}

static void chrome_free(struct chrome *ch)
{
	link_list_free(&ch->main);
	link_list_free(&ch->footer);
}

/*
** Return whether page_id is one of the pages in ancestors.
*/
static bool is_ancestor(const struct link_list *ancestors, int64_t page_id)
{
	size_t i;

	for (i = 0; ancestors && i < ancestors->n; i++)
		if (ancestors->items[i].page_id == page_id)
			return true;
	return false;
}

/*
** The aria-current value of a menu entry: "page" when it leads to the
** page shown, "true" when it leads to one of that page's ancestors
** (the current section), NULL otherwise.
*/
static const char *entry_current(const struct link *e, int64_t page_id,
				 const struct link_list *ancestors)
{
	if (e->page_id == 0)
		return NULL;
	if (e->page_id == page_id)
		return "page";
	return is_ancestor(ancestors, e->page_id) ? "true" : NULL;
}

/*
** Fill the main menu: each top-level entry with its children. A
** section whose child is current is itself marked current.
*/
static void fill_main_menu(struct tpl_dict *d, const struct link_list *menu,
			   int64_t page_id, const struct link_list *ancestors)
{
	size_t i, j;

	for (i = 0; i < menu->n && menu->items[i].parent_id == 0; i++) {
		const struct link *top = &menu->items[i];
		const char *current = entry_current(top, page_id, ancestors);
		struct tpl_dict *entry = tpl_add_section(d, "ENTRY");
		struct tpl_dict *children = NULL;

		tpl_set(entry, "LABEL", top->label);
		tpl_set(entry, "HREF", top->href);
		tpl_set_int(entry, "ID", (long)top->id);
		for (j = i + 1; j < menu->n; j++) {
			const struct link *e = &menu->items[j];
			const char *child_current;
			struct tpl_dict *child;

			if (e->parent_id != top->id)
				continue;
			if (children == NULL)
				children = tpl_add_section(entry, "CHILDREN");
			child = tpl_add_section(children, "CHILD");
			tpl_set(child, "LABEL", e->label);
			tpl_set(child, "HREF", e->href);
			child_current = entry_current(e, page_id, ancestors);
			if (child_current) {
				tpl_set(tpl_add_section(child, "CHILD_CURRENT"), "VALUE", child_current);
				current = current ? current : "true";
			}
		}
		if (current)
			tpl_set(tpl_add_section(entry, "CURRENT"), "VALUE", current);
	}
}

/*
** Fill the footer menu: its top-level entries.
*/
static void fill_footer_menu(struct tpl_dict *d, const struct link_list *menu)
{
	size_t i;

	for (i = 0; i < menu->n && menu->items[i].parent_id == 0; i++) {
		struct tpl_dict *entry = tpl_add_section(d, "ENTRY");

		tpl_set(entry, "LABEL", menu->items[i].label);
		tpl_set(entry, "HREF", menu->items[i].href);
	}
}

/*
** Make the layout's dictionary around the content template content_file.
** *content receives the content's dictionary (owned by the result); the
** caller fills it, then calls layout_expand. page_id and ancestors mark
** the current page and section in the menu (0 and NULL: none).
*/
static struct tpl_dict *layout_new(const struct config *c, const struct chrome *ch,
				   const char *title, const char *description,
				   int64_t page_id, const struct link_list *ancestors,
				   const char *content_file, struct tpl_dict **content)
{
	struct tpl_dict *root = tpl_dict_new();

	tpl_set_global(root, "SITE_NAME", c->site_name);
	tpl_set(root, "TITLE", title);
	if (description && *description)
		tpl_set(tpl_add_section(root, "DESCRIPTION"), "TEXT", description);
	fill_main_menu(tpl_add_include(root, "MAIN_MENU", "menu.tpl"), &ch->main,
		       page_id, ancestors);
	fill_footer_menu(tpl_add_include(root, "FOOTER_MENU", "footer.tpl"), &ch->footer);
	*content = tpl_add_include(root, "CONTENT", content_file);
	return root;
}

/*
** Expand the layout into out and free its dictionary.
*/
static bool layout_expand(struct tpl_dict *root, struct buf *out)
{
	bool ok = tpl_expand("layout.tpl", root, out);

	if (!ok)
		log_error("template layout.tpl (or one it includes) failed to expand");
	tpl_dict_free(root);
	return ok;
}

/*
** List, below a page with no body of its own, the entries that the main
** menu holds under the page's entry.
*/
static void fill_children(struct tpl_dict *d, const struct link_list *menu, int64_t page_id)
{
	struct tpl_dict *list = NULL;
	int64_t parent = 0;
	size_t i;

	for (i = 0; i < menu->n && parent == 0; i++)
		if (menu->items[i].page_id == page_id)
			parent = menu->items[i].id;
	for (i = 0; parent && i < menu->n; i++) {
		const struct link *e = &menu->items[i];
		struct tpl_dict *child;

		if (e->parent_id != parent)
			continue;
		if (list == NULL)
			list = tpl_add_section(d, "CHILDREN");
		child = tpl_add_section(list, "CHILD");
		tpl_set(child, "LABEL", e->label);
		tpl_set(child, "HREF", e->href);
		if (*e->text)
			tpl_set(tpl_add_section(child, "SUMMARY"), "TEXT", e->text);
	}
}

/*
** Fill the programs of a page, each linked when it has a link.
*/
static void fill_programs(struct tpl_dict *d, const struct link_list *programs)
{
	struct tpl_dict *list;
	size_t i;

	if (programs->n == 0)
		return;
	list = tpl_add_section(d, "PROGRAMS");
	for (i = 0; i < programs->n; i++) {
		const struct link *g = &programs->items[i];
		struct tpl_dict *item = tpl_add_section(list, "PROGRAM");

		tpl_set(item, "TITLE", g->label);
		tpl_set(item, "DESCRIPTION", g->text);
		tpl_set_int(item, "ID", (long)g->id);
		if (*g->href)
			tpl_set(tpl_add_section(item, "LINKED"), "HREF", g->href);
		else
			tpl_show(item, "UNLINKED");
	}
}

/*
** Append the whole HTML page for p (a published page) to out.
*/
bool render_page(struct store *s, const struct config *c, const struct page *p,
		 struct buf *out)
{
	struct link_list ancestors, programs;
	struct chrome ch = { { NULL, 0 }, { NULL, 0 } };
	struct tpl_dict *root, *content;
	bool ok = false;
	size_t i;

	memset(&ancestors, 0, sizeof ancestors);
	memset(&programs, 0, sizeof programs);
	if (!chrome_load(s, &ch) || content_ancestors(s, p->path, &ancestors) < 0 ||
	    content_programs(s, p->id, &programs) < 0)
		goto done;
	root = layout_new(c, &ch, p->title, p->summary, p->id, &ancestors, "page.tpl", &content);
	tpl_set(content, "TITLE", p->title);
	tpl_set(content, "PATH", p->path);
	if (strcmp(p->path, "/") != 0) {
		struct tpl_dict *trail = tpl_add_section(content, "BREADCRUMB");

		for (i = 0; i < ancestors.n; i++) {
			struct tpl_dict *crumb = tpl_add_section(trail, "CRUMB");

			tpl_set(crumb, "LABEL", ancestors.items[i].label);
			tpl_set(crumb, "HREF", ancestors.items[i].href);
		}
	}
	if (*p->body) {
		char *html = markdown_to_html(p->body, strlen(p->body));

		tpl_set_trusted_html(tpl_add_section(content, "BODY"), "HTML", html);
		free(html);
	} else {
		fill_children(content, &ch.main, p->id);
	}
	fill_programs(content, &programs);
	ok = layout_expand(root, out);
done:
	link_list_free(&programs);
	link_list_free(&ancestors);
	chrome_free(&ch);
	return ok;
}

/*
** Append the "page not found" page, with the full site chrome, to out.
*/
bool render_not_found(struct store *s, const struct config *c, struct buf *out)
{
	struct chrome ch = { { NULL, 0 }, { NULL, 0 } };
	struct tpl_dict *root, *content;
	bool ok = false;

	if (chrome_load(s, &ch)) {
		root = layout_new(c, &ch, "Page not found", NULL, 0, NULL, "notfound.tpl", &content);
		ok = layout_expand(root, out);
	}
	chrome_free(&ch);
	return ok;
}

/*
** Append a plain error page (bad request, service unavailable) to out.
** It needs no database, so it also serves when the database is gone.
*/
bool render_error(const struct config *c, const char *title, const char *message,
		  struct buf *out)
{
	struct tpl_dict *root = tpl_dict_new();
	bool ok;

	tpl_set_global(root, "SITE_NAME", c->site_name);
	tpl_set(root, "TITLE", title);
	tpl_set(root, "MESSAGE", message);
	ok = tpl_expand("error.tpl", root, out);
	tpl_dict_free(root);
	return ok;
}
