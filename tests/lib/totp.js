'use strict';
/*
 * tests/lib/totp.js: TOTP codes (RFC 6238: HMAC-SHA-1, 30-second steps,
 * six digits) computed with Node's crypto from the base32 key the admin
 * shows, as an authenticator app computes them; independent of liboath,
 * which the admin uses.
 *
 *   codeAt(secret, step)   the code of time step step (Unix time / 30)
 *   stepOf(seconds)        the time step of a Unix time
 */
const crypto = require('node:crypto');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/* The bytes of a base32 text (RFC 4648; padding and spaces ignored). */
function base32Bytes(text) {
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[=\s]/g, '').toUpperCase()) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/* The six-digit code of secret (base32) in time step step (RFC 4226's
 * dynamic truncation of the HMAC of the step as 8 big-endian bytes). */
function codeAt(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(number % 1000000).padStart(6, '0');
}

/* The time step of Unix time seconds (now by default). */
function stepOf(seconds = Date.now() / 1000) {
  return Math.floor(seconds / 30);
}

module.exports = { codeAt, stepOf, base32Bytes };
