/*
** validate.h: checks on what editors type, one per kind of field, as
** kcgi's validators. Each returns NULL when the value is acceptable, or
** a sentence for the editor saying what is wrong (a string constant).
*/
#ifndef RC_VALIDATE_H
#define RC_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#define VALIDATE_LINE_MAX 200		/* characters: labels, titles */
#define VALIDATE_TEXT_MAX 2000		/* characters: summaries, descriptions */
#define VALIDATE_BODY_MAX (200 * 1024)	/* bytes: Markdown bodies */
#define VALIDATE_RENDERED_MAX (1024 * 1024)	/* bytes: a body's HTML */
#define VALIDATE_LINK_MAX 2000		/* bytes */
#define VALIDATE_PATH_MAX 200		/* bytes */

const char *validate_line(const char *v, bool required);
const char *validate_text(const char *v);
const char *validate_body(const char *v);
const char *validate_link(const char *v, bool required);
const char *validate_web_url(const char *v, bool required);
const char *validate_page_path(const char *v);
const char *validate_future_time(const char *v, const char *now);

#endif
