/*
** image-size.h: an image's width and height in pixels, read from the
** header bytes of a PNG (IHDR), JPEG (its SOF marker) or WebP (VP8,
** VP8L or VP8X chunk). Debian packages no small library that reads
** just these (libgd and ImageMagick decode whole images); the formats
** put them at fixed places.
*/
#ifndef RC_IMAGE_SIZE_H
#define RC_IMAGE_SIZE_H

#include <stdbool.h>
#include <stddef.h>

bool image_size(const char *type, const unsigned char *data, size_t len,
		unsigned long *width, unsigned long *height);

#endif
