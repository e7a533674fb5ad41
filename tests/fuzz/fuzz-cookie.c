/*
** fuzz-cookie.c: the Cookie header reader (src/cookie.c).
**
** The first input byte picks the size of the output buffer (1 to 128
** bytes, allocated to that size exactly so that a write past it is
** caught); the rest is the header. Names looked up: the admin's session
** cookie, one taken from the header's first pair (so that the fuzzer
** reaches the matching paths), and the empty name.
**
** When cookie_get finds a value, it must fit the buffer, be non-empty,
** hold only cookie-octets, and appear in the header right after
** "name=".
*/
#include "fuzz.h"

#include "cookie.h"

static void check(const char *header, const char *name, size_t outlen)
{
	char *out = malloc(outlen);
	size_t vlen, i;
	bool found;

	found = cookie_get(header, name, out, outlen);
	if (found) {
		size_t nlen = strlen(name);
		const char *p;
		bool seen = false;

		vlen = strnlen(out, outlen);
		FUZZ_ASSERT(vlen < outlen, "value not terminated inside the buffer");
		FUZZ_ASSERT(vlen > 0, "empty value returned");
		for (i = 0; i < vlen; i++) {
			unsigned char c = (unsigned char)out[i];

			FUZZ_ASSERT(c > 0x20 && c < 0x7F && c != '"' && c != ',' && c != ';' && c != '\\',
				    "value holds byte 0x%02x", c);
		}
		for (p = header; (p = strstr(p, out)) != NULL; p++)
			if ((size_t)(p - header) >= nlen + 1 && p[-1] == '=' &&
			    strncmp(p - nlen - 1, name, nlen) == 0 &&
			    (p[vlen] == '\0' || p[vlen] == ';')) {
				seen = true;
				break;
			}
		FUZZ_ASSERT(seen, "value '%s' is not the value of %s in the header", out, name);
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header, *name;
	size_t outlen, n;

	if (size == 0)
		return 0;
	outlen = (size_t)(data[0] % 128) + 1;
	header = fuzz_strndup(data + 1, size - 1);
	check(header, "rc_session", outlen);
	check(header, "", outlen);
	n = strcspn(header + strspn(header, " \t"), "=;");
	name = fuzz_strndup((const uint8_t *)header + strspn(header, " \t"), n);
	check(header, name, outlen);
	free(name);
	free(header);
	return 0;
}
