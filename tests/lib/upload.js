'use strict';
/*
 * tests/lib/upload.js: what a browser sends for an upload form, and
 * small files of each kind the file library takes (and some it must
 * refuse), made here so the tests need no binary fixtures.
 *
 *   multipart(fields, file) -> { body: Buffer, type }   (file: { name, type, data } or null)
 *   samples.png(w, h), .jpeg(w, h), .webp(w, h), .svg, .pdf, .text, .html
 */
const zlib = require('node:zlib');

/* multipart/form-data as a browser makes it: fields ({} or [[k, v]])
 * first, then the file (input name "file"). */
function multipart(fields, file, boundary = '----runningcodeTestBoundary7MA4YWxkTrZu0gW') {
  const parts = [];
  const entries = Array.isArray(fields) ? fields : Object.entries(fields);
  for (const [name, value] of entries) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
      `Content-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/* CRC-32 of a buffer, as PNG chunks carry it. */
function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (~c) >>> 0;
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/* A real w × h PNG (RGB, a diagonal gradient) that browsers show. */
function png(w, h) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;		// bit depth
  ihdr[9] = 2;		// RGB
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + 3 * w);
    for (let x = 0; x < w; x++) row.set([(x * 255 / w) | 0, (y * 255 / h) | 0, 160], 1 + 3 * x);
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), pngChunk('IEND', Buffer.alloc(0))]);
}

/* The header of a w × h baseline JPEG: SOI, JFIF, SOF0, EOI. */
function jpeg(w, h) {
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, h >> 8, h & 0xff, w >> 8, w & 0xff, 0x01, 0x01, 0x11, 0x00,
    0xff, 0xd9]);
}

/* The header of a w × h lossless WebP (VP8L). */
function webp(w, h) {
  const bits = ((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14);
  const vp8l = Buffer.alloc(13);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE(bits >>> 0, 1);
  const chunk = Buffer.concat([Buffer.from('VP8L'), Buffer.from([vp8l.length, 0, 0, 0]), vp8l, Buffer.alloc(1)]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([Buffer.from('RIFF'), size, Buffer.from('WEBP'), chunk]);
}

const samples = {
  png, jpeg, webp,
  svg: () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' +
    '<script>alert(document.domain)</script><rect width="10" height="10"/></svg>\n'),
  pdf: () => Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  text: (s = 'Running code: notes.\n') => Buffer.from(s),
  html: () => Buffer.from('<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>\n'),
};

module.exports = { multipart, samples };
