/*
** image-size.c: the pixels of an image from its header (image-size.h).
** Every read is checked against the length: the bytes come from an
** upload.
*/
#include <string.h>

#include "image-size.h"

/* The 16-bit big-endian number at p. */
static unsigned long be16(const unsigned char *p)
{
	return (unsigned long)p[0] << 8 | p[1];
}

/* The 32-bit big-endian number at p. */
static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* The little-endian number of n bytes (at most 4) at p. */
static unsigned long le(const unsigned char *p, int n)
{
	unsigned long v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/* PNG: the signature, then the IHDR chunk with width and height. */
static bool png_size(const unsigned char *d, size_t len, unsigned long *w, unsigned long *h)
{
	if (len < 24 || memcmp(d, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp(d + 12, "IHDR", 4) != 0)
		return false;
	*w = be32(d + 16);
	*h = be32(d + 20);
	return true;
}

/* JPEG: the segments after SOI, up to the first start of frame (SOF0 to
** SOF15 but DHT, JPG and DAC, which share the range). */
static bool jpeg_size(const unsigned char *d, size_t len, unsigned long *w, unsigned long *h)
{
	size_t at = 2;

	if (len < 4 || d[0] != 0xff || d[1] != 0xd8)
		return false;
	while (at + 4 <= len) {
		unsigned char marker = d[at + 1];

		if (d[at] != 0xff)
			return false;
		if (marker == 0xff) {	/* fill byte */
			at++;
			continue;
		}
		if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 &&
		    marker != 0xcc) {
			if (at + 9 > len)
				return false;
			*h = be16(d + at + 5);
			*w = be16(d + at + 7);
			return true;
		}
		if (marker == 0xd9 || marker == 0xda)	/* end of image, scan: no frame seen */
			return false;
		at += 2 + be16(d + at + 2);
	}
	return false;
}

/* WebP: RIFF, then a lossy (VP8), lossless (VP8L) or extended (VP8X)
** first chunk, each with the size where its format puts it. */
static bool webp_size(const unsigned char *d, size_t len, unsigned long *w, unsigned long *h)
{
	if (len < 30 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WEBP", 4) != 0)
		return false;
	if (memcmp(d + 12, "VP8 ", 4) == 0 && memcmp(d + 23, "\x9d\x01\x2a", 3) == 0) {
		*w = le(d + 26, 2) & 0x3fff;
		*h = le(d + 28, 2) & 0x3fff;
		return true;
	}
	if (memcmp(d + 12, "VP8L", 4) == 0 && d[20] == 0x2f) {
		unsigned long bits = le(d + 21, 4);

		*w = (bits & 0x3fff) + 1;
		*h = ((bits >> 14) & 0x3fff) + 1;
		return true;
	}
	if (memcmp(d + 12, "VP8X", 4) == 0) {
		*w = le(d + 24, 3) + 1;
		*h = le(d + 27, 3) + 1;
		return true;
	}
	return false;
}

/*
** Put the width and height of the image of media type type (len bytes
** at data) into *width and *height. Returns false when the header is
** not one of these formats' or is cut short; an SVG has no size in
** pixels of its own: false too.
*/
bool image_size(const char *type, const unsigned char *data, size_t len,
		unsigned long *width, unsigned long *height)
{
	bool ok = false;

	*width = *height = 0;
	if (strcmp(type, "image/png") == 0)
		ok = png_size(data, len, width, height);
	else if (strcmp(type, "image/jpeg") == 0)
		ok = jpeg_size(data, len, width, height);
	else if (strcmp(type, "image/webp") == 0)
		ok = webp_size(data, len, width, height);
	return ok && *width > 0 && *height > 0;
}
