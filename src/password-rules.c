/*
** password-rules.c: whether a new password is acceptable
** (password-rules.h).
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "log.h"
#include "password-rules.h"
#include "text.h"

/*
** Whether password is in the list of common passwords (its lines, but
** those starting "#!comment:"), ignoring case: 1, 0, or -1 when the
** list cannot be read (logged).
*/
static int is_common(const char *password)
{
	FILE *f = fopen(PASSWORD_COMMON_LIST, "r");
	char line[256];
	int found = 0;

	if (f == NULL) {
		log_error("cannot read the list of common passwords %s: %s (install john-data)",
			  PASSWORD_COMMON_LIST, strerror(errno));
		return -1;
	}
	while (!found && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		found = strncmp(line, "#!comment:", 10) != 0 && strcasecmp(line, password) == 0;
	}
	if (ferror(f)) {
		log_error("cannot read the list of common passwords %s", PASSWORD_COMMON_LIST);
		found = -1;
	}
	fclose(f);
	return found;
}

/*
** Why password may not be username's new password (a sentence for the
** form, a static string), or NULL when it may.
*/
const char *password_refusal(const char *username, const char *password)
{
	size_t len = strlen(password);

	if (len > AUTH_PASSWORD_MAX || !text_is_utf8(password, len) ||
	    text_has_control(password, len, false))
		return "A password is at most 1024 bytes of text, without control characters.";
	if (text_utf8_length(password) < PASSWORD_MIN_CHARS)
		return "A password needs at least 12 characters: a few words make a good one.";
	if (strcasecmp(password, username) == 0)
		return "A password cannot be the user name.";
	switch (is_common(password)) {
	case 0:
		return NULL;
	case 1:
		return "This password is on a list of the most common ones, which attackers try "
		       "first. Choose another.";
	default:
		return "The list of common passwords cannot be read, so no password can be set "
		       "just now. Tell the site's operator (the server log says why).";
	}
}
