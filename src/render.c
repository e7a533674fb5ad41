/*
** render.c: fills ctemplate dictionaries from content records.
**
** Every public page is templates/layout.tpl (head, header with logo and
** search, main menu, footer menu) around one content template
** (page.tpl, notfound.tpl). Functions here append to out and return
** false, with out unchanged, when the database or a template fails
** (logged where it happened).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "markdown.h"
#include "menu-cache.h"
#include "render.h"
#include "static-names.h"
#include "template.h"
#include "text.h"

/*
** Give every template of a page, through root, what all pages share: the
** site's name and the hashed addresses of the static files (made by
** tools/build-static: a new address for every change of the file).
*/
static void set_site_globals(struct tpl_dict *root, const struct config *c)
{
	tpl_set_global(root, "SITE_NAME", c->site_name);
	tpl_set_global(root, "SITE_CSS", RC_STATIC_SITE_CSS);
	tpl_set_global(root, "SITE_JS", RC_STATIC_SITE_JS);
	tpl_set_global(root, "LOGO", RC_STATIC_LOGO);
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
** Add {{>name}} (link.tpl) to d: a link with label to href, marked
** aria-current when current is not NULL. mailto: links go apart from
** web links, as link.tpl explains.
*/
static void set_link(struct tpl_dict *d, const char *name, const char *label,
		     const char *href, const char *current)
{
	struct tpl_dict *link = tpl_add_include(d, name, "link.tpl");

	tpl_set(link, "LABEL", label);
	if (strncmp(href, "mailto:", 7) == 0) {
		tpl_set(link, "ADDRESS", href + 7);
		tpl_show(link, "MAILTO");
	} else {
		tpl_set(link, "HREF", href);
		tpl_show(link, "WEB");
	}
	if (current) {
		tpl_set(link, "VALUE", current);
		tpl_show(link, "CURRENT");
	}
}

/*
** The number of entries under entry id in menu.
*/
static size_t count_children(const struct link_list *menu, int64_t id)
{
	size_t i, n = 0;

	for (i = 0; i < menu->n; i++)
		n += menu->items[i].parent_id == id;
	return n;
}

/*
** Whether the header's menu shows only the first shown entries of the
** section top, then a link to all of them: when it has more, and leads to
** a page of the site, which lists them (fill_children). A site with
** hundreds of entries thus keeps its pages small. shown 0: no limit.
*/
static bool section_cut(const struct link_list *menu, const struct link *top, size_t shown)
{
	return shown > 0 && top->page_id != 0 && count_children(menu, top->id) > shown;
}

/*
** The aria-current value of each entry of the main menu for page page_id
** with ancestors (see entry_current); a section whose entry below is
** current is itself current. An entry that the header leaves out (see
** section_cut) has no mark: its section's shows where the page is.
** Returns an array of menu->n values (owned by the caller; NULL for most
** entries).
*/
static const char **main_menu_marks(const struct link_list *menu, int64_t page_id,
				    const struct link_list *ancestors, size_t shown)
{
	const char **marks = xmalloc((menu->n + 1) * sizeof *marks);
	size_t i, top;

	for (i = 0; i < menu->n; i++)
		marks[i] = entry_current(&menu->items[i], page_id, ancestors);
	for (i = 0; i < menu->n; i++) {
		if (marks[i] == NULL || menu->items[i].parent_id == 0)
			continue;
		for (top = 0; top < menu->n && menu->items[top].parent_id == 0; top++)
			if (menu->items[top].id == menu->items[i].parent_id && !marks[top])
				marks[top] = "true";
	}
	for (top = 0; top < menu->n && menu->items[top].parent_id == 0; top++) {
		size_t seen = 0;

		if (!section_cut(menu, &menu->items[top], shown))
			continue;
		for (i = top + 1; i < menu->n; i++)
			if (menu->items[i].parent_id == menu->items[top].id && seen++ >= shown)
				marks[i] = NULL;
	}
	return marks;
}

/*
** Fill the main menu: each top-level entry with its children (the first
** shown of them, and a link to all, when section_cut says so), marked as
** marks (main_menu_marks) says.
*/
static void fill_main_menu(struct tpl_dict *d, const struct link_list *menu,
			   const char **marks, size_t shown)
{
	size_t i, j;

	for (i = 0; i < menu->n && menu->items[i].parent_id == 0; i++) {
		const struct link *top = &menu->items[i];
		struct tpl_dict *entry = tpl_add_section(d, "ENTRY");
		struct tpl_dict *children = NULL, *more;
		size_t seen = 0, limit = section_cut(menu, top, shown) ? shown : SIZE_MAX;

		for (j = i + 1; j < menu->n; j++) {
			const struct link *e = &menu->items[j];

			if (e->parent_id != top->id || seen++ >= limit)
				continue;
			if (children == NULL)
				children = tpl_add_section(entry, "CHILDREN");
			set_link(tpl_add_section(children, "CHILD"), "LINK", e->label, e->href,
				 marks[j]);
		}
		if (seen > limit) {
			more = tpl_add_section(children, "MORE");
			tpl_set(more, "HREF", top->href);
			tpl_set_int(more, "COUNT", (long)seen);
			tpl_set(more, "SECTION", top->label);
		}
		set_link(entry, "LINK", top->label, top->href, marks[i]);
	}
}

/*
** Fill the footer menu: its top-level entries.
*/
static void fill_footer_menu(struct tpl_dict *d, const struct link_list *menu)
{
	size_t i;

	for (i = 0; i < menu->n && menu->items[i].parent_id == 0; i++) {
		set_link(tpl_add_section(d, "ENTRY"), "LINK", menu->items[i].label,
			 menu->items[i].href, NULL);
	}
}

/*
** Set key in d to the HTML that template makes from menu_dict (which
** this frees), and keep it in ch under fragment_key for the next page
** with the same marks. Returns false when the template fails (logged).
*/
static bool expand_menu(struct tpl_dict *d, const char *key, const struct menus *ch,
			const char *fragment_key, const char *template,
			struct tpl_dict *menu_dict)
{
	struct buf html = BUF_INIT;
	bool ok = tpl_expand(template, menu_dict, &html);

	if (ok) {
		buf_reserve(&html, 0);	/* a menu may be empty: "", not NULL */
		tpl_set_trusted_html(d, key, html.data);
		if (menus_keep_fragment(ch, fragment_key, html.data))
			html = (struct buf)BUF_INIT;
	} else {
		log_error("template %s failed to expand", template);
	}
	tpl_dict_free(menu_dict);
	buf_free(&html);
	return ok;
}

/*
** Set MAIN_MENU and FOOTER_MENU in root: the menus of ch, with the page
** page_id and its ancestors marked current. Each is HTML that ch keeps
** once made for a set of marks. Returns false when a template fails.
*/
static bool set_menus(struct tpl_dict *root, const struct menus *ch, int64_t page_id,
		      const struct link_list *ancestors, size_t shown)
{
	const char **marks = main_menu_marks(&ch->main, page_id, ancestors, shown);
	struct buf key = BUF_INIT;
	struct tpl_dict *menu;
	const char *kept;
	bool ok = true;
	size_t i;

	buf_puts(&key, "main");
	for (i = 0; i < ch->main.n; i++)
		if (marks[i])
			buf_printf(&key, " %zu%c", i, marks[i][0]);
	if ((kept = menus_fragment(ch, key.data)) != NULL) {
		tpl_set_trusted_html(root, "MAIN_MENU", kept);
	} else {
		fill_main_menu(menu = tpl_dict_new(), &ch->main, marks, shown);
		ok = expand_menu(root, "MAIN_MENU", ch, key.data, "menu.tpl", menu);
	}
	if ((kept = menus_fragment(ch, "footer")) != NULL) {
		tpl_set_trusted_html(root, "FOOTER_MENU", kept);
	} else {
		fill_footer_menu(menu = tpl_dict_new(), &ch->footer);
		ok = expand_menu(root, "FOOTER_MENU", ch, "footer", "footer.tpl", menu) && ok;
	}
	free(marks);
	buf_free(&key);
	return ok;
}

/*
** Make the layout's dictionary around the content template content_file.
** *content receives the content's dictionary (owned by the result); the
** caller fills it, then calls layout_expand. page_id and ancestors mark
** the current page and section in the menu (0 and NULL: none). Returns
** NULL when a menu's template fails (logged).
*/
static struct tpl_dict *layout_new(const struct config *c, const struct menus *ch,
				   const char *title, const char *description,
				   int64_t page_id, const struct link_list *ancestors,
				   const char *content_file, struct tpl_dict **content)
{
	struct tpl_dict *root = tpl_dict_new();

	if (!set_menus(root, ch, page_id, ancestors, (size_t)c->menu_entries_shown)) {
		tpl_dict_free(root);
		return NULL;
	}
	set_site_globals(root, c);
	tpl_set(root, "TITLE", title);
	if (description && *description)
		tpl_set(tpl_add_section(root, "DESCRIPTION"), "TEXT", description);
	*content = tpl_add_include(root, "CONTENT", content_file);
	return root;
}

/*
** Make href the absolute address of path (a page path): under base_url.
** Only the admin may run without one (the worker and the CLI's
** rendering commands refuse to, config_require_site_address); its
** pages then name paths.
*/
static void absolute_href(struct buf *href, const struct config *c, const char *path)
{
	buf_reset(href);
	buf_printf(href, "%s%s", c->base_url ? c->base_url : "", path);
}

/*
** Mark path as the page's canonical address, for the canonical link and
** Open Graph's og:url.
*/
static void canonical(struct tpl_dict *root, const struct config *c, const char *path)
{
	struct buf href = BUF_INIT;

	absolute_href(&href, c, path);
	tpl_set(tpl_add_section(root, "CANONICAL"), "HREF", href.data);
	buf_free(&href);
}

/*
** Add one ListItem (position, name, absolute address of path) to the
** schema.org BreadcrumbList of root (*list, made on first use).
*/
static void breadcrumb_item(struct tpl_dict *root, struct tpl_dict **list, const struct config *c,
			    long position, const char *name, const char *path)
{
	struct tpl_dict *item;
	struct buf href = BUF_INIT;

	if (*list == NULL)
		*list = tpl_add_section(root, "BREADCRUMB_LIST");
	item = tpl_add_section(*list, "ITEM");
	absolute_href(&href, c, path);
	tpl_set_int(item, "POSITION", position);
	tpl_set(item, "NAME", name);
	tpl_set(item, "URL", href.data);
	buf_free(&href);
}

/*
** Fill the breadcrumb of page p below its ancestors: the trail of
** page.tpl in content, and the same trail as a schema.org
** BreadcrumbList (JSON-LD, in layout.tpl) in root. The home page has
** none.
*/
static void fill_breadcrumb(struct tpl_dict *root, struct tpl_dict *content,
			    const struct config *c, const struct page *p,
			    const struct link_list *ancestors)
{
	struct tpl_dict *trail, *list = NULL;
	size_t i;

	if (strcmp(p->path, "/") == 0)
		return;
	trail = tpl_add_section(content, "BREADCRUMB");
	breadcrumb_item(root, &list, c, 1, "Home", "/");
	for (i = 0; i < ancestors->n; i++) {
		struct tpl_dict *crumb = tpl_add_section(trail, "CRUMB");

		tpl_set(crumb, "LABEL", ancestors->items[i].label);
		tpl_set(crumb, "HREF", ancestors->items[i].href);
		breadcrumb_item(root, &list, c, (long)i + 2, ancestors->items[i].label,
				ancestors->items[i].href);
	}
	breadcrumb_item(root, &list, c, (long)ancestors->n + 2, p->title, p->path);
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
** Add link l to the CHILDREN list of d (*list, made on first use), with
** its summary.
*/
static void list_child(struct tpl_dict *d, struct tpl_dict **list, const struct link *l)
{
	struct tpl_dict *child;

	if (*list == NULL)
		*list = tpl_add_section(d, "CHILDREN");
	child = tpl_add_section(*list, "CHILD");
	set_link(child, "LINK", l->label, l->href, NULL);
	if (*l->summary)
		tpl_set(tpl_add_section(child, "SUMMARY"), "TEXT", l->summary);
}

/*
** List, below a page, the entries that the main menu holds under the
** page's entry: when the page has no body of its own, or when the
** header's menu shows only some of them (section_cut, shown), as it
** then links here. A cut section wins over another entry of the page.
** Returns whether it listed any.
*/
static bool fill_children(struct tpl_dict *d, const struct link_list *menu, int64_t page_id,
			  bool has_body, size_t shown)
{
	const struct link *entry = NULL, *e;
	struct tpl_dict *list = NULL;
	size_t i;

	for (i = 0; i < menu->n; i++) {
		e = &menu->items[i];
		if (e->page_id != page_id)
			continue;
		if (e->parent_id == 0 && section_cut(menu, e, shown)) {
			entry = e;
			break;
		}
		if (entry == NULL && !has_body)
			entry = e;
	}
	if (entry == NULL)
		return false;
	for (i = 0; i < menu->n; i++) {
		e = &menu->items[i];
		if (e->parent_id == entry->id)
			list_child(d, &list, e);
	}
	return list != NULL;
}


/*
** Fill the programs of a page, each linked when it has a link.
*/
static void fill_programs(struct tpl_dict *d, const struct program_list *programs)
{
	struct tpl_dict *list;
	size_t i;

	if (programs->n == 0)
		return;
	list = tpl_add_section(d, "PROGRAMS");
	for (i = 0; i < programs->n; i++) {
		const struct program *g = &programs->items[i];
		struct tpl_dict *item = tpl_add_section(list, "PROGRAM");

		tpl_set(item, "TITLE", g->title);
		tpl_set(item, "DESCRIPTION", g->description);
		tpl_set_int(item, "ID", (long)g->id);
		if (*g->href)
			set_link(item, "LINK", g->title, g->href, NULL);
		else
			tpl_show(item, "UNLINKED");
	}
}

/*
** Append the whole HTML page for p to out; with preview, marked as a
** preview that is not live (a banner, noindex, no referrer sent on).
*/
static bool render_page_as(struct store *s, const struct config *c, const struct page *p,
			   bool preview, struct buf *out)
{
	struct link_list ancestors, children;
	struct program_list programs;
	const struct menus *ch = menus_get(s);
	struct tpl_dict *root, *content, *list = NULL;
	bool ok = false;
	size_t i;

	memset(&ancestors, 0, sizeof ancestors);
	memset(&children, 0, sizeof children);
	memset(&programs, 0, sizeof programs);
	if (ch == NULL || public_ancestors(s, p->path, &ancestors) < 0 ||
	    public_programs(s, p->id, &programs) < 0)
		goto done;
	root = layout_new(c, ch, p->title, p->summary, p->id, &ancestors, "page.tpl", &content);
	if (root == NULL)
		goto done;
	canonical(root, c, p->path);
	if (preview) {
		tpl_show(root, "PREVIEW");
		tpl_show(root, "NOINDEX");
	}
	tpl_set(content, "TITLE", p->title);
	tpl_set(content, "PATH", p->path);
	fill_breadcrumb(root, content, c, p, &ancestors);
	/* A body that only repeats the summary is shown once, as the lead. */
	if (*p->body && strcmp(p->body, p->summary) != 0) {
		char *html = markdown_to_html(p->body, strlen(p->body));

		tpl_set_trusted_html(tpl_add_section(content, "BODY"), "HTML", html);
		free(html);
	}
	if (*p->summary)
		tpl_set(tpl_add_section(content, "LEAD"), "TEXT", p->summary);
	/* No page is empty: one without text of its own lists the entries
	** below it in the menu, or else the pages below it. */
	if (!fill_children(content, &ch->main, p->id, *p->body != '\0',
			   (size_t)c->menu_entries_shown) && *p->body == '\0' &&
	    public_child_pages(s, p->path, &children) < 0)
		goto done;
	for (i = 0; i < children.n; i++)
		list_child(content, &list, &children.items[i]);
	fill_programs(content, &programs);
	ok = layout_expand(root, out);
done:
	program_list_free(&programs);
	link_list_free(&children);
	link_list_free(&ancestors);
	menus_release(ch);
	return ok;
}

/*
** Append the whole HTML page for p (a published page) to out.
*/
bool render_page(struct store *s, const struct config *c, const struct page *p,
		 struct buf *out)
{
	return render_page_as(s, c, p, false, out);
}

/*
** Append p as it will look once live, marked as a preview that is not
** live (a draft shown through a preview link), to out.
*/
bool render_page_preview(struct store *s, const struct config *c, const struct page *p,
			 struct buf *out)
{
	return render_page_as(s, c, p, true, out);
}

/*
** Append the "page not found" page, with the full site chrome, to out.
** Its description, like every page's, is what a search engine or a
** shared link shows of it.
*/
bool render_not_found(struct store *s, const struct config *c, struct buf *out)
{
	const struct menus *ch = menus_get(s);
	struct tpl_dict *root, *content;
	bool ok = false;

	if (ch && (root = layout_new(c, ch, "Page not found",
				     "There is no page at this address: try the home page, the menu or a search.",
				     0, NULL, "notfound.tpl", &content)) != NULL)
		ok = layout_expand(root, out);
	menus_release(ch);
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

	set_site_globals(root, c);
	tpl_set(root, "TITLE", title);
	tpl_set(root, "MESSAGE", message);
	ok = tpl_expand("error.tpl", root, out);
	tpl_dict_free(root);
	return ok;
}

/*
** Append a page that sends the browser on to target (a page path): what
** a static copy of the site has at an old address.
*/
bool render_moved(const struct config *c, const char *target, struct buf *out)
{
	struct tpl_dict *root = tpl_dict_new();
	bool ok;

	set_site_globals(root, c);
	tpl_set(root, "TARGET", target);
	ok = tpl_expand("moved.tpl", root, out);
	tpl_dict_free(root);
	return ok;
}

/*
** Fill a SNIPPET's PART sections from text holding SEARCH_MARK_START and
** SEARCH_MARK_END around matched words: MARKED parts become <mark>ed
** in the template, and every part is escaped there like any value.
*/
static void fill_snippet(struct tpl_dict *d, const char *text)
{
	bool marked = false;
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\001\002");

		if (n) {
			struct tpl_dict *part = tpl_add_section(d, "PART");
			char *piece = xstrndup(p, n);

			tpl_set(tpl_add_section(part, marked ? "MARKED" : "PLAIN"), "TEXT", piece);
			free(piece);
		}
		p += n;
		if (*p)
			marked = *p++ == SEARCH_MARK_START;
	}
}

/*
** Make href the address of page page of the results for q.
*/
static void search_href(struct buf *href, const char *q, int page)
{
	buf_reset(href);
	buf_puts(href, "/search/?q=");
	text_url_escape(href, q);
	buf_printf(href, "&page=%d", page);
}

/*
** Append the search page: the form with q, then the hits of r with a
** count and links to the other pages (when r is not NULL), "no results"
** (when r holds none), or an invitation to search (r NULL: no query).
*/
bool render_search(struct store *s, const struct config *c, const char *q,
		   const struct search_results *r, struct buf *out)
{
	const struct menus *ch = menus_get(s);
	struct tpl_dict *root, *content, *list, *paging = NULL;
	struct buf title = BUF_INIT, href = BUF_INIT, description = BUF_INIT;
	int i, pages;
	bool ok = false;

	if (ch == NULL)
		goto done;
	if (r)
		buf_printf(&title, "Search results for “%s”", q);
	else
		buf_puts(&title, "Search");
	buf_printf(&description, "Search the pages and programs of %s.", c->site_name);
	root = layout_new(c, ch, title.data, description.data, 0, NULL, "search.tpl", &content);
	if (root == NULL)
		goto done;
	tpl_show(root, "NOINDEX");
	tpl_set(content, "HEADING", title.data);
	tpl_set(content, "QUERY", q);
	if (r == NULL) {
		tpl_show(content, "EMPTY");
	} else if (r->total == 0) {
		tpl_show(content, "NO_HITS");
	} else {
		pages = (r->total + SEARCH_PER_PAGE - 1) / SEARCH_PER_PAGE;
		list = tpl_add_section(content, "HITS");
		tpl_set_int(list, "TOTAL", r->total);
		tpl_set(list, "PLURAL", r->total == 1 ? "" : "s");
		tpl_set_int(list, "PAGE", r->page);
		tpl_set_int(list, "PAGES", pages);
		for (i = 0; i < r->n; i++) {
			struct tpl_dict *hit = tpl_add_section(list, "HIT");

			tpl_set(hit, "TITLE", r->hits[i].title);
			tpl_set(hit, "HREF", r->hits[i].href);
			if (*r->hits[i].context)
				tpl_set(tpl_add_section(hit, "CONTEXT"), "PAGE_TITLE", r->hits[i].context);
			fill_snippet(tpl_add_section(hit, "SNIPPET"), r->hits[i].snippet);
		}
		for (i = -1; i <= 1; i += 2) {
			int to = r->page + i;

			if (to < 1 || to > pages || r->n == 0)
				continue;
			if (paging == NULL)
				paging = tpl_add_section(list, "PAGING");
			search_href(&href, q, to);
			tpl_set(tpl_add_section(paging, i < 0 ? "PREV" : "NEXT"), "HREF", href.data);
		}
		if (r->n == 0) {
			search_href(&href, q, 1);
			tpl_set(tpl_add_section(list, "PAST_END"), "FIRST", href.data);
		}
	}
	ok = layout_expand(root, out);
done:
	menus_release(ch);
	buf_free(&title);
	buf_free(&description);
	buf_free(&href);
	return ok;
}

/*
** Append the sitemap of pages (each a path and the time it last
** changed), at their absolute addresses.
*/
bool render_sitemap(const struct config *c, const struct path_list *pages, struct buf *out)
{
	struct tpl_dict *root = tpl_dict_new();
	struct buf loc = BUF_INIT;
	size_t i;
	bool ok;

	set_site_globals(root, c);
	for (i = 0; i < pages->n; i++) {
		struct tpl_dict *url = tpl_add_section(root, "URL");

		absolute_href(&loc, c, pages->items[i].path);
		tpl_set(url, "LOC", loc.data);
		tpl_set(url, "LASTMOD", pages->items[i].other);
	}
	ok = tpl_expand("sitemap.tpl", root, out);
	tpl_dict_free(root);
	buf_free(&loc);
	return ok;
}
