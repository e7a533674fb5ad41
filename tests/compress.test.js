'use strict';
/*
 * tests/compress.test.js: what a browser gets for each Accept-Encoding
 * (issue 19), on real nginx (conf/nginx-site.conf through tools/serve,
 * pages published as shipped); tests/compress-apache.test.js runs it
 * again behind Apache (conf/apache-site.conf).
 *
 * Published pages and static files are sent as their .br or .gz twins,
 * written beside them (src/publish.c, tools/build-static), to a client
 * that accepts them; the worker's own answers are compressed by the web
 * server; the admin's are not (they hold secrets). Each encoding must
 * unpack to exactly the bytes sent without one, with "Vary:
 * Accept-Encoding" and an ETag of its own. The site's CSS, script and
 * logo have hashed names kept a year; their plain names answer 404.
 * Last, the weight of the Running code page with everything it loads on
 * a first visit with Brotli (printed; at most 15 KB).
 * Run by `make check` as `node --test-reporter=tap tests/compress.test.js`.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const zlib = require('node:zlib');
const { STATIC, serveSuite, pauseProcess, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the compression suite')) return;

const T = { timeout: 30000 };
/* The encodings a client may ask for, what it must get, and how to unpack it. */
const ENCODINGS = [
  { accept: 'br', encoding: 'br', unpack: (b) => zlib.brotliDecompressSync(b) },
  { accept: 'gzip, deflate, br', encoding: 'br', unpack: (b) => zlib.brotliDecompressSync(b) },
  { accept: 'gzip', encoding: 'gzip', unpack: (b) => zlib.gunzipSync(b) },
  { accept: 'identity', encoding: undefined, unpack: (b) => b },
  { accept: undefined, encoding: undefined, unpack: (b) => b },
];
/* The first visit's target (issue 19): the page and all it loads. */
const FIRST_VISIT_MAX = 15000;

let srv;
serveSuite({ publish: true }, {}, (started) => { srv = started; });

/*
 * GET p with Accept-Encoding accept (none when undefined) and the extra
 * headers: { status, headers, body (a Buffer, as sent), size (status
 * line, headers and body: what came over the connection) }.
 */
function fetchRaw(p, accept, headers = {}) {
  const url = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: p, agent: false,
      headers: { Connection: 'close', ...(accept === undefined ? {} : { 'Accept-Encoding': accept }), ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let head = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`;
        for (let i = 0; i < res.rawHeaders.length; i += 2) head += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`;
        resolve({ status: res.statusCode, headers: res.headers, body, size: Buffer.byteLength(`${head}\r\n`) + body.length });
      });
      res.on('error', reject);
    });
    req.setTimeout(10000, () => req.destroy(new Error(`GET ${p}: no answer in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

const varies = (res) => (res.headers.vary || '').split(',').map((v) => v.trim().toLowerCase()).includes('accept-encoding');

/*
 * p in every encoding: each 200 with the expected Content-Encoding,
 * "Vary: Accept-Encoding", unpacking to the plain bytes; with etags,
 * each encoding's ETag differs from the others', and a revalidation
 * with it in the same encoding gets 304. Returns the plain answer.
 */
async function assertEveryEncoding(p, { etags = true } = {}) {
  const plain = await fetchRaw(p, undefined);
  assert.equal(plain.status, 200, `${p}: plain`);
  const seen = new Map();
  for (const { accept, encoding, unpack } of ENCODINGS) {
    const what = `${p} with Accept-Encoding ${accept ?? '(none)'}`;
    const res = await fetchRaw(p, accept);
    assert.equal(res.status, 200, what);
    assert.equal(res.headers['content-encoding'], encoding, `${what}: Content-Encoding`);
    assert.ok(varies(res), `${what}: Vary: Accept-Encoding (${res.headers.vary})`);
    assert.equal(res.headers['content-type'], plain.headers['content-type'], `${what}: the same type`);
    assert.ok(unpack(res.body).equals(plain.body), `${what}: unpacks to exactly the plain bytes`);
    if (etags) {
      assert.ok(res.headers.etag, `${what}: has an ETag`);
      const other = [...seen].find(([enc, tag]) => enc !== String(encoding) && tag === res.headers.etag);
      assert.ok(!other, `${what}: its ETag ${res.headers.etag} is not the ${other?.[0]} answer's`);
      seen.set(String(encoding), res.headers.etag);
      const again = await fetchRaw(p, accept, { 'If-None-Match': res.headers.etag });
      assert.equal(again.status, 304, `${what}: 304 for its own ETag`);
    }
  }
  if (etags) assert.equal(new Set(seen.values()).size, 3, `${p}: three encodings, three ETags`);
  return plain;
}

test('published pages, from their files: Brotli, gzip or plain, each the same page, with Vary and an ETag of its own', T, async () => {
  // With the worker stopped, only the web server answers: from the files.
  const resume = await pauseProcess(srv.workerPid());
  try {
    for (const p of ['/', '/how/runningcode/', '/about/']) {
      const plain = await assertEveryEncoding(p);
      assert.match(plain.body.toString('utf8'), /<h1>/, `${p}: the page`);
    }
  } finally {
    resume();
  }
});

test('the worker\'s answers are compressed by the web server: search, the sitemap, robots.txt, a 404', T, async () => {
  for (const p of ['/search/?q=code', '/sitemap.xml', '/robots.txt']) {
    const res = await fetchRaw(p, 'gzip');
    assert.equal(res.status, 200, p);
    assert.equal(res.headers['content-encoding'], 'gzip', `${p}: gzip`);
    assert.ok(varies(res), `${p}: Vary: Accept-Encoding`);
    assert.ok(zlib.gunzipSync(res.body).equals((await fetchRaw(p, undefined)).body), `${p}: unpacks to the plain answer`);
  }
  const missing = await fetchRaw('/no/such/page/', 'gzip');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers['content-encoding'], 'gzip', '404: gzip');
  assert.match(zlib.gunzipSync(missing.body).toString('utf8'), /Page not found/);
});

test('the admin\'s answers are never compressed (they hold secrets: BREACH)', T, async () => {
  const res = await fetchRaw('/admin/login', 'gzip, deflate, br');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-encoding'], undefined);
  assert.match(res.body.toString('utf8'), /<form/);
});

test('the site\'s CSS, script and logo: hashed names, every encoding, kept a year; the plain names answer 404', T, async () => {
  const page = (await fetchRaw('/how/runningcode/', undefined)).body.toString('utf8');
  for (const [name, hashed] of Object.entries(STATIC)) {
    assert.match(hashed, /^\/static\/(site|logo)\.[0-9a-f]{12}\.(css|js|svg)$/, `${name}: a hashed name`);
    assert.ok(page.includes(`"${hashed}"`), `${name}: the page names ${hashed}`);
    assert.ok(!page.includes(`"/static/${name}"`), `${name}: the page never names /static/${name}`);
    await assertEveryEncoding(hashed);
    for (const accept of ['br', undefined]) {
      const res = await fetchRaw(hashed, accept);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', `${hashed}: Cache-Control`);
    }
    const old = await fetchRaw(`/static/${name}`, 'gzip, deflate, br');
    assert.equal(old.status, 404, `/static/${name}: 404`);
  }
  // The stylesheet is minified: no comment, no indentation left.
  const css = (await fetchRaw(STATIC['site.css'], undefined)).body.toString('utf8');
  assert.ok(!css.includes('/*') && !/\n\s/.test(css), 'site.css is minified');
});

test('the admin\'s static files and the error page come compressed too, kept an hour', T, async () => {
  for (const p of ['/static/admin.css', '/static/admin.js', '/static/error.html']) {
    await assertEveryEncoding(p);
    assert.equal((await fetchRaw(p, 'br')).headers['cache-control'], 'max-age=3600', `${p}: an hour`);
  }
});

test('the Running code page with everything it loads weighs at most 15 KB on a first visit with Brotli', T, async () => {
  const accept = 'gzip, deflate, br';
  const first = await fetchRaw('/how/runningcode/', accept);
  assert.equal(first.status, 200);
  const html = zlib.brotliDecompressSync(first.body).toString('utf8');
  // Everything the page loads: stylesheet, script, images, icon.
  const loads = new Set([...html.matchAll(/<(?:link rel="(?:stylesheet|icon)"|script|img) [^>]*?(?:href|src)="([^"]+)"/g)]
    .map((m) => m[1]));
  assert.deepEqual([...loads].sort(), Object.values(STATIC).sort(), 'the page loads its CSS, script and logo, and nothing else');
  let total = first.size;
  const sizes = [`page ${first.size}`];
  for (const p of loads) {
    const res = await fetchRaw(p, accept);
    assert.equal(res.status, 200, p);
    assert.equal(res.headers['content-encoding'], 'br', `${p}: Brotli`);
    total += res.size;
    sizes.push(`${p} ${res.size}`);
  }
  console.log(`# first visit of /how/runningcode/ with Brotli: ${total} bytes (${sizes.join(', ')}); target ${FIRST_VISIT_MAX}`);
  assert.ok(total <= FIRST_VISIT_MAX, `${total} bytes transferred, at most ${FIRST_VISIT_MAX}`);
});
