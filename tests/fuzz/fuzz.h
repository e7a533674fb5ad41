/*
** fuzz.h: helpers shared by the libFuzzer harnesses of tests/fuzz/:
** copies of the input that end exactly where the input ends (so that
** AddressSanitizer sees any read past it), splitting on a separator
** byte, an assertion that stops the run with a message, and checks on
** HTML output (no <script, no javascript: link, no on*= attribute).
*/
#ifndef RC_FUZZ_H
#define RC_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
** The HTML checks below run on whole pages: left uninstrumented they
** cost little, instrumented they cost more than the rendering. A
** harness whose code under test is mostly uninstrumented (cmark is a
** system library) defines FUZZ_CHECKS_GUIDE first, so that the shape of
** the output steers the fuzzer.
*/
#if defined(FUZZ_CHECKS_GUIDE) || !defined(__clang__)
#define FUZZ_CHECK_FN static inline
#else
#define FUZZ_CHECK_FN static __attribute__((no_sanitize("coverage"), noinline, unused))
#endif

/* Stop the run (libFuzzer keeps the input as a crash artifact). */
#define FUZZ_ASSERT(cond, ...)                                               \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "fuzz: assertion failed at %s:%d: %s\n", \
				__FILE__, __LINE__, #cond);                  \
			fprintf(stderr, "fuzz: " __VA_ARGS__);               \
			fputc('\n', stderr);                                 \
			abort();                                             \
		}                                                            \
	} while (0)

/* A heap copy of len bytes, NUL-terminated (NULs inside cut the string). */
static inline char *fuzz_strndup(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (s == NULL)
		abort();
	if (len)
		memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

/* A heap copy of exactly len bytes, without a terminator. */
static inline char *fuzz_bytes(const uint8_t *data, size_t len)
{
	char *s = malloc(len ? len : 1);

	if (s == NULL)
		abort();
	if (len)
		memcpy(s, data, len);
	return s;
}

/*
** Split data into at most max fields at each sep byte; fields[i] get
** NUL-terminated heap copies (free with fuzz_free_fields), the missing
** ones NULL. The last field takes the rest of the input, separators and
** all. Returns the number of fields present.
*/
static inline int fuzz_split(const uint8_t *data, size_t size, uint8_t sep,
			     char **fields, int max)
{
	size_t start = 0, i;
	int n = 0;

	for (i = 0; i < (size_t)max; i++)
		fields[i] = NULL;
	if (size == 0)
		return 0;
	for (i = 0; i <= size && n < max; i++) {
		if (i == size || (data[i] == sep && n < max - 1)) {
			fields[n++] = fuzz_strndup(data + start, i - start);
			start = i + 1;
		}
	}
	return n;
}

static inline void fuzz_free_fields(char **fields, int max)
{
	int i;

	for (i = 0; i < max; i++)
		free(fields[i]);
}

static inline unsigned char fuzz_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Whether the n bytes at s are the first n of the lower-case word w, ignoring case
** (by hand: libc's strncasecmp would go through the sanitizers' hooks,
** which made the checks the slowest part of a run). */
FUZZ_CHECK_FN bool fuzz_is_nocase(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] == '\0' || fuzz_lower((unsigned char)s[i]) != (unsigned char)w[i])
			return false;
	return true;
}

/* Where s (len bytes) contains the lower-case needle, ignoring case. */
FUZZ_CHECK_FN const char *fuzz_find_nocase(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i, k;

	for (i = 0; n <= len && i <= len - n; i++) {
		if (fuzz_lower((unsigned char)s[i]) != (unsigned char)needle[0])
			continue;
		for (k = 1; k < n; k++)
			if (fuzz_lower((unsigned char)s[i + k]) != (unsigned char)needle[k])
				break;
		if (k == n)
			return s + i;
	}
	return NULL;
}

/*
** The value of an attribute as a browser reads it: character references
** for the few characters that matter decoded, tab/CR/LF removed (browsers
** drop them inside URLs), leading spaces and controls skipped. Written to
** out (outlen bytes), lower-cased.
*/
FUZZ_CHECK_FN void fuzz_attr_url(const char *v, size_t len, char *out, size_t outlen)
{
	size_t i = 0, o = 0;

	while (i < len && ((unsigned char)v[i] <= 0x20))
		i++;
	while (i < len && o + 1 < outlen) {
		unsigned char c = (unsigned char)v[i];

		if (c == '\t' || c == '\n' || c == '\r') {
			i++;
			continue;
		}
		if (c == '&') {
			static const struct { const char *ref; char c; } refs[] = {
				{ "&colon;", ':' }, { "&#58;", ':' }, { "&#x3a;", ':' },
				{ "&tab;", '\t' }, { "&#9;", '\t' }, { "&newline;", '\n' },
				{ "&amp;", '&' },
			};
			size_t k;

			for (k = 0; k < sizeof refs / sizeof refs[0]; k++) {
				size_t rl = strlen(refs[k].ref);

				if (len - i >= rl && fuzz_is_nocase(v + i, rl, refs[k].ref))
					break;
			}
			if (k < sizeof refs / sizeof refs[0]) {
				i += strlen(refs[k].ref);
				if (refs[k].c != '\t' && refs[k].c != '\n')
					out[o++] = refs[k].c;
				continue;
			}
		}
		out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		i++;
	}
	out[o] = '\0';
}

/*
** Check HTML (len bytes at html) for what must never reach a visitor's
** browser from content: a <script element, an on*= event attribute, or
** a javascript:, vbscript: or data: URL (but a PNG, GIF, JPEG or WebP
** image, which cmark lets through) in href, src, action or the url= of
** a meta refresh. Tags are scanned with quoted attribute values and comments
** skipped. Returns NULL when clean, else what was found.
*/
FUZZ_CHECK_FN const char *fuzz_html_problem(const char *html, size_t len)
{
	size_t i = 0;

	if (fuzz_find_nocase(html, len, "<script"))
		return "a <script element";
	while (i < len) {
		size_t name_start, name_len;
		bool refresh;

		if (html[i] != '<') {
			i++;
			continue;
		}
		if (len - i >= 4 && memcmp(html + i, "<!--", 4) == 0) {
			const char *end = NULL;
			size_t j;

			for (j = i + 4; j + 3 <= len; j++)
				if (memcmp(html + j, "-->", 3) == 0) {
					end = html + j;
					break;
				}
			if (end == NULL)
				return "an unterminated comment";
			i = (size_t)(end - html) + 3;
			continue;
		}
		i++;
		if (i < len && html[i] == '/')
			i++;
		name_start = i;
		while (i < len && ((html[i] | 0x20) >= 'a' && (html[i] | 0x20) <= 'z'))
			i++;
		name_len = i - name_start;
		if (name_len == 0)
			continue;	/* "<" as text or "<!DOCTYPE" */
		/* Attributes up to '>'. */
		refresh = false;
		while (i < len && html[i] != '>') {
			size_t an, al, before = i;

			while (i < len && (html[i] == ' ' || html[i] == '\t' || html[i] == '\n' ||
					   html[i] == '\r' || html[i] == '/' || html[i] == '\f'))
				i++;
			if (i >= len || html[i] == '>')
				break;
			an = i;
			while (i < len && !strchr(" \t\n\r\f/>=", html[i]))
				i++;
			al = i - an;
			if (al >= 2 && fuzz_is_nocase(html + an, 2, "on"))
				return "an on* event attribute";
			while (i < len && (html[i] == ' ' || html[i] == '\t' || html[i] == '\n'))
				i++;
			if (i < len && html[i] == '=') {
				size_t vs, vl;
				char url[64];

				i++;
				while (i < len && (html[i] == ' ' || html[i] == '\t' || html[i] == '\n'))
					i++;
				if (i < len && (html[i] == '"' || html[i] == '\'')) {
					char q = html[i++];

					vs = i;
					while (i < len && html[i] != q)
						i++;
					if (i >= len)
						return "an unterminated attribute value";
					vl = i - vs;
					i++;
				} else {
					vs = i;
					while (i < len && !strchr(" \t\n\r\f>", html[i]))
						i++;
					vl = i - vs;
				}
				if (al == 10 && fuzz_is_nocase(html + an, 10, "http-equiv"))
					refresh = vl == 7 && fuzz_is_nocase(html + vs, 7, "refresh");
				if (refresh && al == 7 && fuzz_is_nocase(html + an, 7, "content")) {
					/* A meta refresh (http-equiv first): "0; url=..." */
					const char *u = fuzz_find_nocase(html + vs, vl, "url=");

					if (u) {
						vl -= (size_t)(u + 4 - (html + vs));
						vs = (size_t)(u + 4 - html);
						if (vl && (html[vs] == '\'' || html[vs] == '"')) {
							vs++;
							vl--;
						}
						al = 4;
						an = (size_t)(u - html);	/* checked as an href */
					}
				}
				if ((al == 4 && fuzz_is_nocase(html + an, 4, "href")) ||
				    (al == 4 && fuzz_is_nocase(html + an, 4, "url=")) ||
				    (al == 3 && fuzz_is_nocase(html + an, 3, "src")) ||
				    (al == 6 && fuzz_is_nocase(html + an, 6, "action"))) {
					fuzz_attr_url(html + vs, vl, url, sizeof url);
					if (strncmp(url, "javascript:", 11) == 0)
						return "a javascript: URL";
					if (strncmp(url, "vbscript:", 9) == 0)
						return "a vbscript: URL";
					if (strncmp(url, "data:", 5) == 0 &&
					    strncmp(url, "data:image/png", 14) != 0 &&
					    strncmp(url, "data:image/gif", 14) != 0 &&
					    strncmp(url, "data:image/jpeg", 15) != 0 &&
					    strncmp(url, "data:image/webp", 15) != 0)
						return "a data: URL other than a raster image";
				}
			}
			if (i == before)
				i++;	/* a stray byte (NUL, '='): step over it */
		}
		if (i < len)
			i++;
	}
	return NULL;
}

#endif
