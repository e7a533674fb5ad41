/*
** compress.c: gzip (zlib) and Brotli (libbrotli) of a page, once when it
** is published, for the many times it is sent.
*/
#include <brotli/encode.h>
#include <zlib.h>

#include "buf.h"
#include "compress.h"
#include "log.h"

/* zlib's windowBits for a gzip header and trailer (15 + 16). */
#define GZIP_WINDOW_BITS 31
/* Brotli's quality: on a page of the site, 5 gives 20% more bytes than
** the best (11) at a thirtieth of its time (0.2 against 6 ms), and
** a change of the menus republishes every page of the site. */
#define BROTLI_PAGE_QUALITY 5

/*
** Replace out's contents with the gzip form of len bytes of data (the
** caller owns out). Returns true, or false (logged; out then empty).
*/
bool compress_gzip(const char *data, size_t len, struct buf *out)
{
	z_stream z = { 0 };
	bool ok = false;

	buf_reset(out);
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, GZIP_WINDOW_BITS, 9,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		log_error("gzip: cannot start: %s", z.msg ? z.msg : "out of memory");
		return false;
	}
	buf_reserve(out, deflateBound(&z, len));
	z.next_in = (Bytef *)data;
	z.avail_in = len;
	z.next_out = (Bytef *)out->data;
	z.avail_out = out->cap - 1;
	if (deflate(&z, Z_FINISH) == Z_STREAM_END) {
		out->len = z.total_out;
		out->data[out->len] = '\0';
		ok = true;
	} else {
		log_error("gzip: cannot compress %zu bytes", len);
	}
	deflateEnd(&z);
	return ok;
}

/*
** Replace out's contents with the Brotli form of len bytes of data (the
** caller owns out), in text mode. Returns true, or false
** (logged; out then empty).
*/
bool compress_brotli(const char *data, size_t len, struct buf *out)
{
	size_t size = BrotliEncoderMaxCompressedSize(len);

	buf_reset(out);
	if (size == 0) {
		log_error("brotli: %zu bytes are too many", len);
		return false;
	}
	buf_reserve(out, size);
	if (!BrotliEncoderCompress(BROTLI_PAGE_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, len,
				   (const uint8_t *)data, &size, (uint8_t *)out->data)) {
		log_error("brotli: cannot compress %zu bytes", len);
		return false;
	}
	out->len = size;
	out->data[out->len] = '\0';
	return true;
}
