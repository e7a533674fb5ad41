/*
** fuzz-markdown.c: Markdown to HTML (src/markdown.c, cmark in safe
** mode), whose output is the one value templates print unescaped.
**
** The input bytes are the page body, passed with their length and
** without a terminator. Asserted on the HTML: no <script (raw HTML
** becomes a comment), no on*= event attribute, no javascript: or
** vbscript: URL (nor data: but a raster image) in href or src, even
** written with character references or with tabs and newlines that
** browsers drop; and the result is a NUL-terminated string.
**
** Bodies pass validate_body before they are stored; the harness renders
** every input all the same, as the worker renders whatever the database
** holds.
*/
#define FUZZ_CHECKS_GUIDE	/* cmark is not instrumented: see fuzz.h */
#include "fuzz.h"

#include "markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *html;
	const char *problem;

	if (size > 64 * 1024)
		return 0;	/* cmark is linear; big inputs only slow the run */
	text = fuzz_bytes(data, size);
	html = markdown_to_html(text, size);
	FUZZ_ASSERT(html != NULL, "no output");
	problem = fuzz_html_problem(html, strlen(html));
	FUZZ_ASSERT(problem == NULL, "cmark's HTML holds %s:\n%s", problem, html);
	free(html);
	free(text);
	return 0;
}
