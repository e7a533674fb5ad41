/*
** password-rules.h: what a new password chosen on the web must be: at
** least PASSWORD_MIN_CHARS characters, at most AUTH_PASSWORD_MAX bytes
** of text, not the user's name, and not in the list of common passwords
** of Debian's john-data package (Openwall's password.lst, some 3,500
** passwords most often seen in leaks), compared without regard to case.
*/
#ifndef RC_PASSWORD_RULES_H
#define RC_PASSWORD_RULES_H

#define PASSWORD_MIN_CHARS 12
/* From the john-data package (tools/setup installs it). */
#define PASSWORD_COMMON_LIST "/usr/share/john/password.lst"

const char *password_refusal(const char *username, const char *password);

#endif
