/*
** cookie.c: the Cookie request header (RFC 6265, section 5.4):
** "name=value" pairs separated by ";" and optional spaces.
*/
#include <string.h>

#include "cookie.h"

/*
** Copy the value of the first cookie called name from header into out
** (outlen bytes with the NUL). Returns false when there is no such
** cookie, or its value is empty, does not fit, or holds characters a
** cookie value may not (controls, space, '"', ',', ';', '\').
*/
bool cookie_get(const char *header, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = header;

	while (p && *p) {
		size_t vlen, i;

		p += strspn(p, " \t");
		if (strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			const char *v = p + nlen + 1;

			vlen = strcspn(v, ";");
			if (vlen == 0 || vlen >= outlen)
				return false;
			for (i = 0; i < vlen; i++) {
				unsigned char c = (unsigned char)v[i];

				if (c <= 0x20 || c >= 0x7F || c == '"' || c == ',' || c == '\\')
					return false;
			}
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return true;
		}
		p = strchr(p, ';');
		if (p)
			p++;
	}
	return false;
}
