/*
** site-search.c: /search/?q=words&page=N, full-text search of the
** published pages and programs. An empty query, a query of punctuation
** only, no hits, or a page past the last each get a page of their own,
** never an error.
*/
#include <stdlib.h>
#include <string.h>

#include "model-public.h"
#include "render.h"
#include "search-query.h"
#include "site.h"
#include "text.h"

void page_search(struct site *site, const struct request *req, struct reply *rep)
{
	struct store *s = site_store(site);
	const char *q = request_param(req, "q");
	const char *page_param = request_param(req, "page");
	struct buf expression = BUF_INIT, typed = BUF_INIT;
	struct search_results results;
	int page = 1;
	bool ok;

	memset(&results, 0, sizeof results);
	if (strcmp(req->path, "/search") == 0) {
		/* The canonical address has the slash, as pages do. */
		buf_puts(&typed, "/search/");
		if (request_env(req, "QUERY_STRING") && *request_env(req, "QUERY_STRING"))
			buf_printf(&typed, "?%s", request_env(req, "QUERY_STRING"));
		if (reply_redirect(rep, 301, typed.data) < 0)
			reply_redirect(rep, 301, "/search/");
		buf_free(&typed);
		return;
	}
	if (s == NULL) {
		site_unavailable(site, rep);
		return;
	}
	search_typed_text(q, &typed);
	if (text_parse_number(page_param, 5) > 0)
		page = (int)text_parse_number(page_param, 5);
	reply_html(rep, 200);
	if (search_expression(typed.data, &expression) == 0) {
		ok = render_search(s, site->config, typed.data, NULL, &rep->body);
	} else if (public_search(s, expression.data, page, &results) < 0) {
		ok = false;
	} else {
		ok = render_search(s, site->config, typed.data, &results, &rep->body);
	}
	if (!ok)
		site_unavailable(site, rep);
	search_results_free(&results);
	buf_free(&expression);
	buf_free(&typed);
}
