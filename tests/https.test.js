'use strict';
/*
 * tests/https.test.js: the site over HTTPS as the shipped configs serve
 * it (conf/nginx-site.conf; tests/https-apache.test.js: conf/apache-
 * site.conf), with a throwaway self-signed certificate: HTTP/2, the TLS
 * profile (TLS 1.2 and 1.3 only, forward-secret AEAD ciphers), HSTS, the
 * plain HTTP port redirecting to HTTPS, and the admin's session cookie
 * marked Secure.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const http2 = require('node:http2');
const tls = require('node:tls');
const { serveSuite, skipSuiteWithout, request, SERVER_TOOLS } = require('./lib/server.js');

const server = process.env.RC_SERVER || 'nginx';
if (skipSuiteWithout(`HTTPS under ${server}`, [...SERVER_TOOLS[server], 'openssl'])) return;

const PASSWORD = 'correct horse battery staple';
const HSTS = 'max-age=63072000';
let srv;
serveSuite({ tls: true, fastPasswords: true }, { editor: PASSWORD }, (s) => { srv = s; });

/* The certificate's name, as a browser sends it (nginx refuses a
 * handshake for a name the site does not have). */
const SERVERNAME = 'localhost';

/*
 * One request over HTTP/2 on a connection of its own. Resolves to
 * { alpn, status, headers, body }.
 */
function h2request(reqPath, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const session = http2.connect(srv.url, { ca: srv.cert, servername: SERVERNAME });
    session.setTimeout(5000, () => session.destroy(new Error(`${method} ${reqPath}: no answer in 5 s`)));
    session.on('error', reject);
    const req = session.request({ ':method': method, ':path': reqPath, ...headers });
    const chunks = [];
    let head;
    req.on('response', (h) => { head = h; });
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const alpn = session.alpnProtocol;
      session.close();
      resolve({ alpn, status: head[':status'], headers: head, body: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/* The protocol and cipher a TLS handshake with options settles on. */
function handshake(options) {
  const { port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const sock = tls.connect({ host: '127.0.0.1', port: Number(port), ca: srv.cert, servername: SERVERNAME, ...options },
      () => {
        const result = { protocol: sock.getProtocol(), cipher: sock.getCipher().name };
        sock.end();
        resolve(result);
      });
    sock.setTimeout(5000, () => sock.destroy(new Error('no handshake in 5 s')));
    sock.on('error', reject);
  });
}

test('the home page comes over HTTP/2, with HSTS', async () => {
  const res = await h2request('/');
  assert.equal(res.alpn, 'h2');
  assert.equal(res.status, 200);
  assert.match(res.body, /Running code/);
  assert.equal(res.headers['strict-transport-security'], HSTS);
});

test('HSTS on static files, on a 404 and on the admin too', async () => {
  for (const p of ['/static/error.html', '/no/such/page/', '/admin/login']) {
    const res = await h2request(p);
    assert.equal(res.headers['strict-transport-security'], HSTS, `${p} (${res.status})`);
  }
});

test('TLS 1.3 and 1.2 with forward-secret AEAD ciphers; TLS 1.1 refused', async () => {
  assert.equal((await handshake({})).protocol, 'TLSv1.3');
  const v12 = await handshake({ maxVersion: 'TLSv1.2' });
  assert.equal(v12.protocol, 'TLSv1.2');
  assert.match(v12.cipher, /^ECDHE-(ECDSA|RSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/);
  // Offered every cipher OpenSSL has at TLS 1.2, it still picks one of those.
  const any = await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ALL:@SECLEVEL=0' });
  assert.match(any.cipher, /^ECDHE-/);
  await assert.rejects(handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'ALL:@SECLEVEL=0' }));
});

test('plain HTTP redirects to the same address over HTTPS, and sends no HSTS', async () => {
  const res = await request(srv.httpUrl, '/running-code/?q=x');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, `${new URL(srv.url).origin}/running-code/?q=x`);
  assert.equal(res.headers['strict-transport-security'], undefined);
});

test('a request for another host is refused, over HTTPS and plain HTTP', async () => {
  const res = await h2request('/', { headers: { ':authority': 'www.example.net' } });
  assert.equal(res.status, 400);
  const plain = await request(srv.httpUrl, '/', { headers: { Host: 'www.example.net' } });
  assert.equal(plain.status, 400);
});

test("the admin's session cookie is Secure, HttpOnly, for the whole host (__Host-)", async () => {
  // The host the client names (node's :authority is its servername).
  const origin = `https://${SERVERNAME}:${new URL(srv.url).port}`;
  const res = await h2request('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ username: 'editor', password: PASSWORD }).toString(),
  });
  assert.equal(res.status, 303, res.body.slice(0, 300));
  const cookies = [].concat(res.headers['set-cookie'] || []);
  const session = cookies.find((c) => c.startsWith('__Host-rc_session='));
  assert.ok(session, `a __Host-rc_session cookie among: ${cookies.join(' | ')}`);
  const attributes = session.split(';').map((a) => a.trim());
  assert.ok(attributes.includes('Secure'), session);
  assert.ok(attributes.includes('HttpOnly'), session);
  assert.ok(attributes.includes('Path=/'), session);

  // The cookie works: the dashboard, over HTTP/2.
  const home = await h2request('/admin/', { headers: { cookie: session.split(';')[0] } });
  assert.equal(home.status, 200);
});
