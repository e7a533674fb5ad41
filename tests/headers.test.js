'use strict';
/*
 * tests/headers.test.js: what every public answer tells a browser about
 * itself (the security headers), and which host the site answers for, on
 * real nginx (conf/nginx-site.conf through tools/serve, pages published as
 * shipped); tests/headers-apache.test.js runs it again behind Apache
 * (conf/apache-site.conf). Run by `make check` as
 * `node --test-reporter=tap tests/headers.test.js`.
 *
 * tools/serve names the site 127.0.0.1 (the first name: the one the site
 * gives its addresses under) and localhost.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { STATIC, startServer, request, rawExchange, pauseProcess, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the headers suite')) return;

const T = { timeout: 30000 };
/* What every public answer says, once: pages have no inline script or
   style, and load only the site's own CSS, script and logo, and fetch
   only from the site (robots.txt, as Lighthouse does). */
const PUBLIC = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; "
    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};
/* The admin's own (src/admin-main.c), which it keeps. */
const ADMIN = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; "
    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

let srv;
let origin;

before(async () => {
  srv = await startServer({ publish: true });
  origin = new URL(srv.url).origin;
}, { timeout: 30000 });

after(async () => {
  if (srv) await srv.stop();
}, { timeout: 30000 });

const get = (p, opts) => request(srv.url, p, opts);

/* Each header of want, with exactly its value (a repeated header would
   come joined with a comma). */
function assertHeaders(res, want, what) {
  for (const [name, value] of Object.entries(want)) {
    assert.equal(res.headers[name], value, `${what}: ${name}`);
  }
}

test('published pages, served from their files, carry the security headers', T, async () => {
  // With the worker stopped, only the web server answers: from the file.
  const pid = srv.workerPid();
  assert.ok(pid, 'found the worker under tools/serve');
  const resume = await pauseProcess(pid);
  try {
    for (const p of ['/', '/how/runningcode/']) {
      const res = await get(p, { timeout: 3000 });
      assert.equal(res.status, 200, p);
      assert.match(res.body, /<h1>/, `${p}: the page`);
      assertHeaders(res, PUBLIC, p);
    }
  } finally {
    resume();
  }
});

test('answers of the worker carry them too: search, 404, redirects, 405, the sitemap and robots.txt', T, async () => {
  const cases = [['/search/?q=code', 200], ['/no/such/page/', 404], ['/how/runningcode', 301],
    ['/sitemap.xml', 200], ['/robots.txt', 200]];
  for (const [p, status] of cases) {
    const res = await get(p);
    assert.equal(res.status, status, p);
    assertHeaders(res, PUBLIC, `${p} (${status})`);
  }
  // (A published page's address would be the web server's: its file.)
  const res = await get('/search/', { method: 'POST', body: 'a=1',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 405, 'POST');
  assertHeaders(res, PUBLIC, 'POST (405)');
});

test('static files and the web server\'s own error pages carry them too', T, async () => {
  // /%00: nginx refuses it with 400, Apache with 404.
  for (const [p, status] of [[STATIC['site.css'], [200]], [STATIC['site.js'], [200]], [STATIC['logo.svg'], [200]],
    ['/static/nothing-here.css', [404]], ['/%00', [400, 404]]]) {
    const res = await get(p);
    assert.ok(status.includes(res.status), `${p}: ${res.status}`);
    assertHeaders(res, PUBLIC, `${p} (${status})`);
  }
});

test('the admin keeps its own headers, each once', T, async () => {
  const res = await get('/admin/login');
  assert.equal(res.status, 200);
  assertHeaders(res, ADMIN, '/admin/login');
});

/* A request naming host; resolves to the answer, or the Error. */
const forHost = (p, host) => get(p, { headers: { Host: host } }).catch((e) => e);

test('a request for a host the site does not serve is refused by the web server', T, async () => {
  for (const host of ['evil.example', `evil.example:${new URL(srv.url).port}`, '127.0.0.2', 'www.127.0.0.1']) {
    for (const p of ['/', '/how/runningcode/', '/robots.txt', '/sitemap.xml', '/search/?q=code', STATIC['site.css'], '/admin/login']) {
      const res = await forHost(p, host);
      const what = `Host: ${host}: ${p}`;
      assert.ok(!(res instanceof Error), `${what}: ${res.message}`);
      assert.equal(res.status, 400, what);
      assert.ok(!res.body.includes('evil') && !res.body.includes('Sitemap:') && !res.body.includes('<urlset')
        && !res.body.includes('Running code'), `${what}: nothing of the site`);
    }
  }
  // HTTP/1.0 without a Host header: the same.
  const raw = (await rawExchange(srv.url, 'GET /robots.txt HTTP/1.0\r\n\r\n')).toString('latin1');
  assert.match(raw, /^HTTP\/1\.[01] 400 /, 'no Host header at all');
  // The site's own names are served.
  for (const host of [new URL(srv.url).host, `localhost:${new URL(srv.url).port}`]) {
    assert.equal((await forHost('/robots.txt', host)).status, 200, `Host: ${host}`);
  }
});

test('sitemap.xml and robots.txt take their addresses from the configuration, never from the Host header', T, async () => {
  // localhost is a name of the site, but not the one it is configured
  // under: what comes back must not say localhost.
  const host = `localhost:${new URL(srv.url).port}`;
  const robots = await forHost('/robots.txt', host);
  assert.equal(robots.status, 200);
  assert.deepEqual(robots.body.split('\n').filter((l) => /^sitemap:/i.test(l)), [`Sitemap: ${origin}/sitemap.xml`]);
  const sitemap = await forHost('/sitemap.xml', host);
  assert.equal(sitemap.status, 200);
  const locs = [...sitemap.body.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
  assert.ok(locs.length > 30, 'the seed\'s pages');
  for (const loc of locs) assert.ok(loc.startsWith(`${origin}/`), `${loc} is under ${origin}`);
  assert.ok(!/localhost/.test(robots.body + sitemap.body), 'the Host header is nowhere');
});
