/*
** text.c: UTF-8 and control-character checks.
*/
#include "text.h"

/*
** Return whether the len bytes at s are well-formed UTF-8 (RFC 3629):
** no overlong forms, no surrogates, nothing above U+10FFFF. NUL bytes
** count as well-formed; text_has_control catches them.
*/
bool text_is_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;

	while (p < end) {
		unsigned c = *p++;
		unsigned need, cp, min;

		if (c < 0x80)
			continue;
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1; cp = c & 0x1F; min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2; cp = c & 0x0F; min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3; cp = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		if ((size_t)(end - p) < need)
			return false;
		while (need--) {
			if ((*p & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (*p++ & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
	}
	return true;
}

/*
** Return whether the len bytes at s hold a C0 control character or DEL.
** With allow_newlines, tab, line feed and carriage return are allowed
** (multi-line fields such as Markdown bodies).
*/
bool text_has_control(const char *s, size_t len, bool allow_newlines)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (allow_newlines && (c == '\t' || c == '\n' || c == '\r'))
			continue;
		if (c < 0x20 || c == 0x7F)
			return true;
	}
	return false;
}
