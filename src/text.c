/*
** text.c: the rules for text from outside (requests, forms, the
** database), each in one place: well-formed UTF-8, control characters,
** length in characters, plain decimal numbers and ids, escaping for
** URLs (uriparser), and the one form text is kept in (libunistring).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uninorm.h>
#include <uriparser/Uri.h>

#include "buf.h"
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

/*
** The number of characters (code points) in the UTF-8 string s.
*/
size_t text_utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/*
** The number of bytes of the UTF-8 string s that its first chars
** characters take (all of s when it is shorter).
*/
size_t text_utf8_prefix(const char *s, size_t chars)
{
	size_t n = 0;

	while (s[n] && chars--) {
		n++;
		while (((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
	}
	return n;
}

/*
** The value of s when it is a plain decimal number of 1 to max_digits
** digits (at most 18: no overflow), else -1. No sign, no blanks.
*/
int64_t text_parse_number(const char *s, size_t max_digits)
{
	size_t len = s ? strlen(s) : 0;

	if (len == 0 || len > max_digits || len > 18 || strspn(s, "0123456789") != len)
		return -1;
	return strtoll(s, NULL, 10);
}

/*
** The record id s names (a positive plain number), or 0 when it names
** none.
*/
int64_t text_parse_id(const char *s)
{
	int64_t id = text_parse_number(s, 18);

	return id > 0 ? id : 0;
}

/*
** Append s to out percent-encoded for a URL's query or path segment:
** everything but RFC 3986's unreserved characters.
*/
void text_url_escape(struct buf *out, const char *s)
{
	size_t len = strlen(s);
	char *end;

	buf_reserve(out, 3 * len);
	end = uriEscapeExA(s, s + len, out->data + out->len, URI_FALSE, URI_FALSE);
	out->len = (size_t)(end - out->data);
}

/*
** The text s (valid UTF-8) in the form it is kept in: line ends as LF
** (a browser sends CRLF; a lone CR too), and Unicode NFC, so that the
** same text typed again, or pasted from elsewhere with decomposed
** accents, is the same bytes and saves as no change. The caller owns
** the result; NULL when s is not valid UTF-8.
*/
char *text_normalize(const char *s)
{
	size_t n = strlen(s), i, out = 0, len = 0;
	char *lf, *result = NULL;
	uint8_t *nfc;

	if (!text_is_utf8(s, n))
		return NULL;
	lf = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r') {
			lf[out++] = '\n';
			if (s[i + 1] == '\n')
				i++;
		} else {
			lf[out++] = s[i];
		}
	}
	nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)lf, out, NULL, &len);
	if (nfc) {
		result = xmalloc(len + 1);
		memcpy(result, nfc, len);
		result[len] = '\0';
		free(nfc);
	}
	free(lf);
	return result;
}

/*
** Write the UTC time iso ("2026-12-05T16:05:28Z", as the database keeps
** times) into out in the process's time zone (TZ): as a person reads it,
** or for_input as a datetime-local input takes it. Returns false,
** writing iso itself, when iso is not such a time.
*/
static bool utc_to_local(const char *iso, bool for_input, char out[TEXT_TIME_MAX])
{
	struct tm tm;
	const char *end;
	time_t t;

	memset(&tm, 0, sizeof tm);
	end = strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0' || (t = timegm(&tm)) == (time_t)-1 ||
	    localtime_r(&t, &tm) == NULL ||
	    strftime(out, TEXT_TIME_MAX, for_input ? "%Y-%m-%dT%H:%M" : "%-d %b %Y, %H:%M", &tm) == 0) {
		snprintf(out, TEXT_TIME_MAX, "%s", iso);
		return false;
	}
	return true;
}

/*
** Write the UTC time iso ("2026-12-05T16:05:28Z", as the database keeps
** times) into out as a person reads it in the process's time zone (TZ):
** "5 Dec 2026, 17:05". Returns false, writing iso itself, when iso is
** not such a time.
*/
bool text_readable_time(const char *iso, char out[TEXT_TIME_MAX])
{
	return utc_to_local(iso, false, out);
}

/*
** Write into out the UTC time, as the database keeps times
** ("2026-12-05T16:05:00Z"), of local: a time in the process's time zone
** (TZ) as a datetime-local input sends it ("2026-12-05T17:05", seconds
** optional). Returns false, writing nothing, when local is not such a
** time (a day that does not exist, a year outside 1970-9999).
*/
bool text_time_from_local(const char *local, char out[TEXT_TIME_MAX])
{
	struct tm tm, asked;
	const char *end;
	time_t t;

	memset(&tm, 0, sizeof tm);
	end = strptime(local, "%Y-%m-%dT%H:%M", &tm);
	if (end != NULL && *end == ':')
		end = strptime(end, ":%S", &tm);
	if (end == NULL || *end != '\0' || tm.tm_year < 70 || tm.tm_year > 8099)
		return false;
	tm.tm_isdst = -1;
	asked = tm;
	t = mktime(&tm);
	/* mktime moves 30 February to March: such a day does not exist. */
	if (t == (time_t)-1 || tm.tm_mday != asked.tm_mday || tm.tm_mon != asked.tm_mon ||
	    gmtime_r(&t, &tm) == NULL)
		return false;
	return strftime(out, TEXT_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
}

/*
** Write into out the UTC time iso ("2026-12-05T16:05:00Z") as a
** datetime-local input shows it in the process's time zone
** ("2026-12-05T17:05"). Returns false, writing iso itself, when iso is
** not such a time (a value typed wrong, shown again to be corrected).
*/
bool text_time_to_local(const char *iso, char out[TEXT_TIME_MAX])
{
	return utc_to_local(iso, true, out);
}

/*
** Write the UTC time t into out as the database keeps times
** ("2026-12-05T16:05:28Z").
*/
void text_utc_time(time_t t, char out[TEXT_TIME_MAX])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, TEXT_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, TEXT_TIME_MAX, "1970-01-01T00:00:00Z");
}
