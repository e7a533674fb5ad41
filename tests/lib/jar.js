'use strict';
/*
 * tests/lib/jar.js: a tiny cookie jar for one browser talking to one
 * host, enough for the admin suites: it keeps what Set-Cookie headers
 * say (name, value, Path, Max-Age=0 / an Expires in the past to delete)
 * and sends back, for a request path, the cookies whose Path matches
 * (RFC 6265 section 5.1.4). Domains, Secure and expiry dates in the
 * future are ignored: the tests talk plain http to 127.0.0.1.
 */

/* The attributes of one Set-Cookie header: { name, value, attrs } with
 * attribute names in lower case (flags map to true). */
function parseSetCookie(header) {
  const [pair, ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attrs = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    const k = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
    if (k) attrs[k] = i < 0 ? true : a.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

/* Whether a cookie of path cookiePath goes with a request for reqPath. */
function pathMatches(cookiePath, reqPath) {
  const p = reqPath.split('?')[0];
  if (p === cookiePath) return true;
  if (!p.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || p[cookiePath.length] === '/';
}

/* The default Path of a cookie set by a response to reqPath. */
function defaultPath(reqPath) {
  const p = reqPath.split('?')[0];
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

class CookieJar {
  constructor() {
    this.cookies = new Map();	// "name\0path" -> { name, value, path }
  }

  /* Take the Set-Cookie headers (a string, an array or undefined) of the
   * response to a request for reqPath. */
  update(setCookie, reqPath = '/') {
    const headers = setCookie === undefined ? [] : [].concat(setCookie);
    for (const h of headers) {
      const c = parseSetCookie(h);
      const p = typeof c.attrs.path === 'string' && c.attrs.path.startsWith('/') ? c.attrs.path : defaultPath(reqPath);
      const key = `${c.name}\0${p}`;
      const maxAge = c.attrs['max-age'];
      const expires = typeof c.attrs.expires === 'string' ? Date.parse(c.attrs.expires) : NaN;
      if ((maxAge !== undefined && Number(maxAge) <= 0) || expires < Date.now()) this.cookies.delete(key);
      else this.cookies.set(key, { name: c.name, value: c.value, path: p });
    }
  }

  /* The Cookie header for a request to reqPath, or undefined. Longer
   * paths first, as browsers send them. */
  header(reqPath) {
    const list = [...this.cookies.values()]
      .filter((c) => pathMatches(c.path, reqPath))
      .sort((a, b) => b.path.length - a.path.length);
    return list.length ? list.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /* The value of the cookie called name (any path), or undefined. */
  get(name) {
    for (const c of this.cookies.values()) if (c.name === name) return c.value;
    return undefined;
  }

  /* Put a cookie in the jar by hand (as a planted or replayed cookie). */
  set(name, value, path = '/') {
    this.cookies.set(`${name}\0${path}`, { name, value, path });
  }

  clear() {
    this.cookies.clear();
  }
}

module.exports = { CookieJar, parseSetCookie };
