/*
** test-media.c: what the file library reads from an upload's bytes
** without libmagic: an image's pixels from its header (image-size.c),
** for PNG, JPEG and the three WebP forms, and a header cut short or
** lying about its format refused; the names files are stored under
** (media.c): the hash of the bytes and the type's extension, and the
** names a forged form could carry refused.
*/
#include <stdio.h>
#include <string.h>

#include "image-size.h"
#include "media.h"
#include "tap.h"

/* A 37 × 21 PNG header: signature, IHDR. */
static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 37, 0, 0, 0, 21, 8, 2, 0, 0, 0,
};

/* A 640 × 480 JPEG: SOI, an APP0 segment, a DHT (skipped: not a frame), SOF2. */
static const unsigned char jpeg[] = {
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 'J', 'F', 0xff, 0xc4, 0x00, 0x03, 0x00,
	0xff, 0xc2, 0x00, 0x0b, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x01, 0x01, 0x11, 0x00,
};

static void test_sizes(void)
{
	unsigned char webp[40];
	unsigned long w, h;

	ok(image_size("image/png", png, sizeof png, &w, &h) && w == 37 && h == 21, "PNG: IHDR's 37 × 21");
	ok(!image_size("image/png", png, 20, &w, &h), "PNG: cut before its size");
	ok(!image_size("image/jpeg", png, sizeof png, &w, &h), "a PNG is not a JPEG");
	ok(image_size("image/jpeg", jpeg, sizeof jpeg, &w, &h) && w == 640 && h == 480,
	   "JPEG: the first frame's 640 × 480, past APP0 and DHT");
	ok(!image_size("image/jpeg", jpeg, sizeof jpeg - 5, &w, &h), "JPEG: cut inside its frame");
	ok(!image_size("image/jpeg", jpeg, 12, &w, &h), "JPEG: no frame at all");

	memset(webp, 0, sizeof webp);
	memcpy(webp, "RIFF\0\0\0\0WEBPVP8 ", 16);
	memcpy(webp + 23, "\x9d\x01\x2a\x90\x01\x2c\x01", 7);	/* 400 × 300 */
	ok(image_size("image/webp", webp, sizeof webp, &w, &h) && w == 400 && h == 300, "WebP lossy: 400 × 300");
	memcpy(webp + 12, "VP8L", 4);
	webp[20] = 0x2f;
	webp[21] = 99; webp[22] = 0xc0; webp[23] = 0x12; webp[24] = 0;	/* 100 × 76 */
	ok(image_size("image/webp", webp, sizeof webp, &w, &h) && w == 100 && h == 76, "WebP lossless: 100 × 76");
	memcpy(webp + 12, "VP8X", 4);
	memcpy(webp + 24, "\xff\x0f\x00\x7f\x00\x00", 6);	/* 4096 × 128 */
	ok(image_size("image/webp", webp, sizeof webp, &w, &h) && w == 4096 && h == 128, "WebP extended: 4096 × 128");
	ok(!image_size("image/webp", webp, 29, &w, &h), "WebP: cut short");
	ok(!image_size("image/svg+xml", png, sizeof png, &w, &h) && w == 0 && h == 0, "SVG: no pixels of its own");
}

static void test_stored_names(void)
{
	char name[MEDIA_STORED_MAX];
	const struct media_type *m = media_type_find("image/jpeg");

	ok(m && strcmp(m->extension, "jpg") == 0 && m->image, "JPEG: .jpg, an image");
	ok(media_type_find("application/pdf") && !media_type_find("application/pdf")->image, "PDF: a document");
	ok(media_type_find("text/html") == NULL, "HTML is not taken");
	ok(media_type_find(NULL) == NULL, "nothing is not a type");
	media_stored_name((const unsigned char *)"abc", 3, m, name);
	ok(strcmp(name, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319.jpg") == 0,
	   "BLAKE2b-256 of the bytes, then the extension: %s", name);
	ok(media_stored_name_ok(name), "a stored name is one");
	ok(!media_stored_name_ok("../../runningcode.db"), "a path is not");
	ok(!media_stored_name_ok("BDDD813C634239723171EF3FEE98579B94964E3BB1CB3E427262C8C068D52319.jpg"),
	   "upper-case hex is not");
	ok(!media_stored_name_ok("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319.html"),
	   "an extension the library never makes is not");
	ok(!media_stored_name_ok("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319.jpg/x"),
	   "nothing may follow");
	ok(!media_stored_name_ok(""), "empty is not");
}

int main(void)
{
	test_sizes();
	test_stored_names();
	return tap_done();
}
