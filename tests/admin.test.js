'use strict';
/*
 * tests/admin.test.js: the admin (runningcode-admin under fcgiwrap,
 * behind nginx, from conf/nginx-site.conf through tools/serve) as an
 * editor's browser uses it: a cookie jar per browser, forms read from
 * the pages and submitted with what a browser would send (Origin, the
 * CSRF token of the page), and the public site checked on the very next
 * request. Run by `make check` as `node --test-reporter=tap tests/admin.test.js`.
 *
 * One server for the file, with argon2id at its minimum cost so logins
 * are fast (the timing test starts a second one at the default cost).
 * Tests make their own records, so they do not depend on each other;
 * those that change the seed put it back or leave it in a state no other
 * test reads. Every 127.0.0.x address is this machine: tests of
 * throttling log in from addresses of their own, and clear the failed
 * attempts they leave. RC_SERVER=apache runs the suite behind Apache
 * (conf/apache-site.conf, the admin under fcgiwrap through mod_proxy_fcgi)
 * instead.
 *
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startServer, serveSuite, sql, query, request, BUILDDIR, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the admin suite')) return;
const { parseSetCookie } = require('./lib/jar.js');
const { browserKit, withChanges, revisionsOf, diffOf, complaint } = require('./lib/editor.js');
const {
  decode, textOf, attributes, anchors, nav, mainMenu, footerMenu, programs, heading, forms, selectOptions,
} = require('./lib/html.js');

const T = { timeout: 60000 };
const USERS = { alice: 'alice: correct horse', bob: 'bob: battery staple' };
const FORM = 'application/x-www-form-urlencoded';
const RUNNING_CODE = '/how/runningcode/';	// page 26, with four programs
const REFUSED_LOGIN = 'The user name or password is wrong.';
const PAYLOAD = '<script>alert(1)</script>"\'><img src=x onerror=alert(1)>';

let srv;
let ORIGIN;
/* Every admin response of the run: { method, path, status, headers }. */
const seen = [];

serveSuite({ fastPasswords: true, publish: true }, USERS, (s) => {
  srv = s;
  ORIGIN = new URL(s.url).origin;
});

/* ---- the database ---- */

const db = (text) => query(srv.dbPath, text);
const one = (text) => db(text)[0];
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
const revCount = () => one('SELECT count(*) AS n FROM revision').n;
const lastRevision = () => one('SELECT * FROM revision ORDER BY id DESC LIMIT 1');
const maxRevision = () => one('SELECT coalesce(max(id), 0) AS id FROM revision').id;
const clearAttempts = () => sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
/* Every log of the run (nginx and fcgiwrap, or Apache, and the worker). */
const logs = () => fs.readdirSync(path.join(srv.runtime, 'logs')).map((f) => srv.log(f)).join('\n');
const sessionHashes = () => new Set(db('SELECT token_hash FROM session').map((r) => r.token_hash));

/* ---- a browser ---- */

const { Browser, loggedIn, create, edit, remove, move, restore } = browserKit({
  url: () => srv.url, dbPath: () => srv.dbPath, seen, passwords: USERS,
});

/* ---- pages ---- */

async function publicPage(p) {
  const res = await request(srv.url, p);
  assert.equal(res.status, 200, `GET ${p} is 200`);
  return res.body;
}

const publicStatus = async (p) => (await request(srv.url, p)).status;

/* Who an admin page says is logged in (the text of its logout form, less
 * the button), or null. */
function loggedInAs(html) {
  const f = forms(html).find((x) => x.action === '/admin/logout');
  return f ? textOf(f.html.replace(/<button\b[\s\S]*?<\/button>/g, '')) : null;
}

/* The text of the table row or list item of html that contains text, or null. */
function rowWith(html, text) {
  for (const m of html.matchAll(/<(tr|li)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    if (textOf(m[2]).includes(text)) return textOf(m[2]);
  }
  return null;
}

/* The error message shown next to the field called name (inside its
 * label), or null when that field has none. */
function fieldError(html, name) {
  for (const m of html.matchAll(/<div class="field( field--error)?">([\s\S]*?)\n<\/div>/g)) {
    if (!new RegExp(`\\bname="${name}"`).test(m[2])) continue;
    const e = /<span class="field-error"><span class="visually-hidden">Error:<\/span>([\s\S]*?)<\/span>/.exec(m[2]);
    if (!e) return null;
    assert.ok(m[1], `field ${name} is marked as in error`);
    assert.match(m[2], /aria-invalid="true"/, `field ${name} has aria-invalid`);
    return textOf(e[1]);
  }
  throw new Error(`no field ${name} in the form`);
}

/* A published page of our own. */
async function makePage(b, p, title, extra = {}) {
  return create(b, 'page', '', { path: p, title, summary: '', body: `Body of ${title}.`, published: '1', ...extra });
}

const section = (html, label) => mainMenu(html).find((s) => s.label === label);

/* ======================================================================
 * 1. Login
 * ==================================================================== */

test('login: a wrong password and an unknown user get the same refusal, in similar time', { timeout: 120000 }, async () => {
  // argon2id at its default cost, as in production: with the test cost
  // (microseconds) the time of a skipped hash could not show.
  const slow = await startServer();
  try {
    slow.addUser('erin', 'erin: the right password');
    const attempt = async (username) => {
      const form = new URLSearchParams({ username, password: 'not the password' }).toString();
      sql(slow.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
      const t0 = process.hrtime.bigint();
      const res = await request(slow.url, '/admin/login', {
        method: 'POST',
        headers: { 'Content-Type': FORM, 'Content-Length': String(Buffer.byteLength(form)) },
        body: form,
        timeout: 20000,
      });
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, res };
    };
    const times = { wrong: [], unknown: [] };
    const pages = {};
    for (let i = 0; i < 3; i++) {
      for (const [kind, name] of [['wrong', 'erin'], ['unknown', 'nobody-here']]) {
        const { ms, res } = await attempt(name);
        assert.equal(res.status, 403, `${kind}: status`);
        assert.equal(textOf(/<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)?.[0] ?? ''), REFUSED_LOGIN,
          `${kind}: message`);
        assert.equal(res.headers['set-cookie'], undefined, `${kind}: no cookie`);
        pages[kind] = res.body.replaceAll(name, 'NAME');
        times[kind].push(ms);
      }
    }
    assert.equal(pages.wrong, pages.unknown, 'the same page, but for the name typed');
    const median = (a) => [...a].sort((x, y) => x - y)[1];
    const [w, u] = [median(times.wrong), median(times.unknown)];
    assert.ok(Math.max(w, u) / Math.min(w, u) < 5,
      `similar times: wrong password ${times.wrong.map(Math.round)} ms, unknown user ${times.unknown.map(Math.round)} ms`);
  } finally {
    await slow.stop();
  }
});

test('login: success answers 303 with an HttpOnly, SameSite=Strict session cookie for /admin, not Secure over http, and a device cookie', T, async () => {
  const b = new Browser();
  const { form } = await b.openForm('/admin/login', '/admin/login');
  const res = await b.submit(form, { username: 'alice', password: USERS.alice });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/admin/');
  const cookies = [].concat(res.headers['set-cookie'] ?? []).map(parseSetCookie);
  assert.deepEqual(cookies.map((k) => k.name), ['rc_session', 'rc_device'], 'a session cookie and, for a new browser, a device cookie');
  const [c, device] = cookies;
  assert.match(device.value, /^[0-9a-f]{64}$/, 'the device cookie: 256 random bits');
  assert.deepEqual([device.attrs.httponly, device.attrs.samesite, device.attrs.path, device.attrs['max-age']],
    [true, 'Strict', '/admin', '31536000'], 'the device cookie: HttpOnly, SameSite=Strict, for /admin, a year');
  assert.equal(c.name, 'rc_session');
  assert.match(c.value, /^[0-9a-f]{64}$/, '256 random bits');
  assert.equal(c.attrs.httponly, true, 'HttpOnly');
  assert.equal(c.attrs.samesite, 'Strict', 'SameSite=Strict');
  assert.equal(c.attrs.path, '/admin', 'Path=/admin');
  assert.ok(!('secure' in c.attrs), 'no Secure over plain http');
  assert.ok(!('max-age' in c.attrs) && !('expires' in c.attrs), 'a session cookie');

  const home = await b.get('/admin/');
  assert.equal(home.status, 200);
  assert.equal(heading(home.body), 'Dashboard');
  assert.equal(loggedInAs(home.body), 'alice', 'the page names who is logged in');

  // The database keeps a hash of the token, never the token.
  const hashes = db('SELECT token_hash FROM session').map((r) => r.token_hash);
  assert.ok(hashes.length > 0 && !hashes.includes(c.value), 'token_hash is not the token');
  for (const suffix of ['', '-wal']) {
    const file = srv.dbPath + suffix;
    if (fs.existsSync(file)) {
      assert.ok(!fs.readFileSync(file).includes(c.value), `${path.basename(file)} does not hold the token`);
      assert.ok(!fs.readFileSync(file).includes(device.value), `${path.basename(file)} does not hold the device token`);
    }
  }
  // The same browser again: a new session, the same device.
  await b.post('/admin/logout', {});
  const again = await b.login('alice', USERS.alice);
  assert.deepEqual([].concat(again.headers['set-cookie'] ?? []).map((k) => parseSetCookie(k).name), ['rc_session'],
    'a known browser keeps its device cookie');
});

test('login over HTTPS, or behind a trusted proxy that ends TLS, sets a Secure __Host- cookie for the whole host (the admin CGI run with HTTPS=on, X-Forwarded-Proto)', T, () => {
  const cgi = (extra) => {
    const body = new URLSearchParams({ username: 'alice', password: USERS.alice }).toString();
    const r = spawnSync(path.join(BUILDDIR, 'runningcode-admin'), [], {
      input: body,
      encoding: 'utf8',
      timeout: 10000,
      env: {
        PATH: process.env.PATH,
        RUNNINGCODE_CONFIG: srv.configPath,
        GATEWAY_INTERFACE: 'CGI/1.1',
        REQUEST_METHOD: 'POST',
        REQUEST_URI: '/admin/login',
        SCRIPT_NAME: '/admin/login',
        QUERY_STRING: '',
        CONTENT_TYPE: FORM,
        CONTENT_LENGTH: String(Buffer.byteLength(body)),
        HTTP_HOST: 'admin.example.org',
        SERVER_PORT: '443',
        REMOTE_ADDR: '192.0.2.10',
        ...extra,
      },
    });
    assert.equal(r.status, 0, `runningcode-admin exits 0: ${r.stderr}`);
    const head = r.stdout.split('\r\n\r\n')[0].split('\r\n');
    const status = head.find((h) => h.startsWith('Status:'));
    const cookie = head.find((h) => /^set-cookie:/i.test(h));
    return { status, cookie: cookie ? parseSetCookie(cookie.replace(/^set-cookie:\s*/i, '')) : null };
  };
  const assertHostCookie = (r, what) => {
    assert.match(r.status, /^Status: 303\b/, what);
    assert.ok(r.cookie, `${what}: a cookie`);
    assert.equal(r.cookie.name, '__Host-rc_session', `${what}: the __Host- prefix`);
    assert.equal(r.cookie.attrs.secure, true, `${what}: Secure over https`);
    assert.equal(r.cookie.attrs.httponly, true);
    assert.equal(r.cookie.attrs.samesite, 'Strict');
    assert.equal(r.cookie.attrs.path, '/', `${what}: Path=/, as __Host- requires`);
    assert.ok(!('domain' in r.cookie.attrs), `${what}: no Domain`);
  };
  const assertPlainCookie = (r, what) => {
    assert.match(r.status, /^Status: 303\b/, what);
    assert.equal(r.cookie.name, 'rc_session', what);
    assert.ok(!('secure' in r.cookie.attrs), `${what}: no Secure over http`);
    assert.equal(r.cookie.attrs.path, '/admin', what);
  };
  assertHostCookie(cgi({ HTTPS: 'on', REQUEST_SCHEME: 'https' }), 'HTTPS=on');
  assertPlainCookie(cgi({ SERVER_PORT: '80' }), 'plain http');

  // Behind a proxy that ends TLS: its X-Forwarded-Proto counts only from
  // an address of trusted_proxies.
  const forwarded = { SERVER_PORT: '80', HTTP_X_FORWARDED_PROTO: 'https' };
  assertPlainCookie(cgi(forwarded), 'X-Forwarded-Proto from an untrusted address');
  const conf = path.join(path.dirname(srv.configPath), 'behind-proxy.conf');
  fs.writeFileSync(conf, `${fs.readFileSync(srv.configPath, 'utf8')}\ntrusted_proxies = 192.0.2.9 192.0.2.10\n`);
  try {
    assertHostCookie(cgi({ ...forwarded, RUNNINGCODE_CONFIG: conf }), 'X-Forwarded-Proto from a trusted proxy');
    assertPlainCookie(cgi({ ...forwarded, RUNNINGCODE_CONFIG: conf, REMOTE_ADDR: '192.0.2.1' }),
      'X-Forwarded-Proto from another address');
    assertPlainCookie(cgi({ ...forwarded, RUNNINGCODE_CONFIG: conf, REMOTE_ADDR: '192.0.2.100' }),
      'an address that only starts like a trusted one');
  } finally {
    fs.rmSync(conf, { force: true });
  }
});

test('an admin page without login redirects to the login form, which leads back there', T, async () => {
  const b = new Browser();
  const target = '/admin/programs?page=26';
  const res = await b.get(target);
  assert.equal(res.status, 303);
  const loc = new URL(res.headers.location, srv.url);
  assert.equal(loc.pathname, '/admin/login');
  assert.equal(loc.searchParams.get('next'), target);
  assert.equal(res.headers['set-cookie'], undefined);

  const { form } = await b.openForm(loc.pathname + loc.search, '/admin/login');
  assert.equal(new Map(form.fields).get('next'), target, 'the form carries next');
  const in_ = await b.submit(form, { username: 'alice', password: USERS.alice });
  assert.equal(in_.status, 303);
  assert.equal(in_.headers.location, target);
  const there = await b.get(in_.headers.location);
  assert.equal(there.status, 200);
  assert.equal(heading(there.body), 'Programs of “Running code”');

  // Without a session, a POST changes nothing and asks to log in again.
  const anon = new Browser();
  const before = revCount();
  const post = await anon.post('/admin/move', { type: 'program', id: '1', direction: 'down', csrf_token: 'x' });
  assert.equal(post.status, 403);
  assert.equal(heading(post.body), 'Please log in again');
  assert.equal(revCount(), before);
});

test('staying signed in: POST /admin/keepalive with the CSRF token notes the session\'s use and answers the seconds left; nothing else does', T, async () => {
  const b = await loggedIn('alice');
  const page = await b.get('/admin/');
  const left = Number(/data-session-left="(\d+)"/.exec(page.body)[1]);
  assert.ok(left > 1700 && left <= 1800, `the page says ${left} s are left`);
  const seen = () => Math.max(...db("SELECT seen_at FROM session JOIN user ON user.id = user_id WHERE name = 'alice'")
    .map((r) => r.seen_at));
  for (const [what, send, status] of [
    ['GET', () => b.get('/admin/keepalive'), 405],
    ['no token', () => b.post('/admin/keepalive', {}, { token: false }), 403],
    ['a wrong token', () => b.post('/admin/keepalive', { csrf_token: 'f'.repeat(64) }), 403],
    ['another site', () => b.post('/admin/keepalive', {}, { origin: 'https://evil.example' }), 403],
    ['no session', () => new Browser().post('/admin/keepalive', {}), 403],
  ]) {
    assert.equal((await send()).status, status, what);
  }
  // Any request notes a session's use, but at most once a minute; the
  // keepalive notes it now.
  const aliceSessions = "user_id = (SELECT id FROM user WHERE name = 'alice')";
  sql(srv.dbPath, `UPDATE session SET seen_at = CAST(strftime('%s') AS INTEGER) - 30 WHERE ${aliceSessions}`);
  const before = seen();
  assert.equal((await b.get('/admin/')).status, 200);
  assert.equal(seen(), before, 'a page 30 s after the last note does not note it again');
  const res = await b.post('/admin/keepalive', {});
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/plain/);
  assert.ok(Math.abs(Number(res.body) - 1800) <= 1, `a full idle period left: ${res.body}`);
  assert.ok(seen() >= before + 29, 'the keepalive noted the use now');
});

test('login never sends the editor to another site (next)', T, async () => {
  const evil = ['//evil.example', 'https://evil.example', 'https://evil.example/admin/', '//evil.example/admin/',
    '/admin//evil.example', '/\\evil.example', '/admin/\\\\evil.example', '/admin/../../evil', 'javascript:alert(1)',
    'http:/admin/', '/admin/\nSet-Cookie: x=1'];
  for (const next of evil) {
    const form = await new Browser().openForm(`/admin/login?next=${encodeURIComponent(next)}`, '/admin/login');
    assert.equal(new Map(form.form.fields).get('next'), '/admin/', `the form keeps no next=${JSON.stringify(next)}`);
    const res = await new Browser().login('alice', USERS.alice, next);
    assert.equal(res.status, 303, `next=${JSON.stringify(next)}`);
    assert.equal(res.headers.location, '/admin/', `next=${JSON.stringify(next)} goes to /admin/`);
  }
  const res = await new Browser().login('alice', USERS.alice, '/admin/menus');
  assert.equal(res.headers.location, '/admin/menus', 'an admin path is followed');
});

/* ======================================================================
 * 2. Every edit shows on the public site at once
 * ==================================================================== */

test('menu entries added to the main menu, under a section and to the footer show at once', T, async () => {
  const b = await loggedIn('alice');
  const { res: form } = await b.openForm('/admin/edit?type=menu_entry&place=main');
  assert.equal(selectOptions(form.body, 'place').find((o) => o.selected)?.value, 'main', 'the place is preselected');

  await create(b, 'menu_entry', '&place=main', { label: 'Added section', page_id: '39', url: '' });
  let menu = mainMenu(await publicPage(RUNNING_CODE));
  assert.deepEqual(menu[menu.length - 1], { label: 'Added section', href: '/contact/feedback/', children: [] },
    'a new last section of the main menu');

  await create(b, 'menu_entry', '&place=5', { label: 'Added under About', page_id: '', url: 'https://example.org/about-added' });
  menu = mainMenu(await publicPage(RUNNING_CODE));
  const about = menu.find((s) => s.label === 'About');
  assert.deepEqual(about.children.slice(0, 5).map((c) => c.label), ['Mission and principles', 'Who we are', 'Groups',
    'Participate in the IETF', 'Support the IETF'], 'the seed entries of About');
  assert.deepEqual(about.children.at(-1), { label: 'Added under About', href: 'https://example.org/about-added' },
    'and the new one, last in its section');
  assert.equal(menu.at(-1).label, 'Added section', 'under no other section');

  await create(b, 'menu_entry', '&place=footer', { label: 'Added to the footer', page_id: '12', url: '' });
  const footer = footerMenu(await publicPage('/'));
  assert.deepEqual(footer[footer.length - 1], { label: 'Added to the footer', href: '/about/mission/' });

  const admin = textOf((await b.get('/admin/menus')).body);
  for (const l of ['Added section', 'Added under About', 'Added to the footer']) assert.ok(admin.includes(l), `/admin/menus lists ${l}`);
});

test('a menu entry: its new label, and its target switched between a page and a URL, show at once', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'menu_entry', '&place=6', { label: 'Switch me', page_id: '18', url: '' });
  const child = async () => section(await publicPage('/'), 'Topics of interest').children.at(-1);
  assert.deepEqual(await child(), { label: 'Switch me', href: '/topics/netmgmt/' });

  await edit(b, 'menu_entry', id, { label: 'Switched label' });
  assert.deepEqual(await child(), { label: 'Switched label', href: '/topics/netmgmt/' });
  assert.ok(!textOf(await publicPage('/')).includes('Switch me'), 'the old label is gone');

  await edit(b, 'menu_entry', id, { page_id: '', url: 'https://example.org/switched' });
  assert.deepEqual(await child(), { label: 'Switched label', href: 'https://example.org/switched' });

  await edit(b, 'menu_entry', id, { page_id: '20', url: '' });
  assert.deepEqual(await child(), { label: 'Switched label', href: '/topics/transport/' });
  const { res } = await b.openForm(`/admin/edit?type=menu_entry&id=${id}`);
  assert.equal(selectOptions(res.body, 'page_id').find((o) => o.selected)?.value, '20', 'the form shows the page chosen');
  assert.equal(new Map(forms(res.body).find((f) => f.action === '/admin/edit').fields).get('url'), '');
});


test('moving menu entries up and down changes their order on the public site', T, async () => {
  const b = await loggedIn('alice');
  const sec = await create(b, 'menu_entry', '&place=main', { label: 'Order test', url: '/about/', page_id: '' });
  const ids = {};
  // Each leads to a page of the site (a link to none would be kept back, links.test.js).
  const to = { A: '/about/', B: '/contact/', C: '/tools/' };
  for (const l of ['A', 'B', 'C']) ids[l] = await create(b, 'menu_entry', `&place=${sec}`, { label: `Entry ${l}`, url: to[l], page_id: '' });
  const order = async () => section(await publicPage('/'), 'Order test').children.map((c) => c.label);
  const tops = async () => mainMenu(await publicPage('/')).map((s) => s.label);
  assert.deepEqual(await order(), ['Entry A', 'Entry B', 'Entry C']);

  let res = await move(b, 'menu_entry', ids.C, 'up');
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /^\/admin\/menus\?done=\d+$/);
  assert.deepEqual(await order(), ['Entry A', 'Entry C', 'Entry B'], 'C up');
  res = await move(b, 'menu_entry', ids.A, 'down');
  assert.equal(res.status, 303);
  assert.deepEqual(await order(), ['Entry C', 'Entry A', 'Entry B'], 'A down');
  const revs = revCount();
  res = await move(b, 'menu_entry', ids.C, 'up');
  assert.equal(res.status, 303, 'the first moved up: nothing to do');
  assert.deepEqual(await order(), ['Entry C', 'Entry A', 'Entry B']);
  assert.equal(revCount(), revs, 'and nothing recorded');

  const before = await tops();
  const at = before.indexOf('Order test');
  assert.ok(at > 0);
  res = await move(b, 'menu_entry', sec, 'up');
  assert.equal(res.status, 303);
  const after_ = await tops();
  assert.equal(after_.indexOf('Order test'), at - 1, 'the section moved up');
  assert.equal(after_[at], before[at - 1], 'past its neighbour');
  assert.deepEqual(await order(), ['Entry C', 'Entry A', 'Entry B'], 'with its entries');
  res = await move(b, 'menu_entry', sec, 'down');
  assert.deepEqual(await tops(), before, 'and back down');
});

test('moving a menu entry to another section or menu moves it on the public site', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'menu_entry', '&place=5', { label: 'Wanderer', page_id: '', url: 'https://example.org/w' });
  const labels = (html, s) => section(html, s).children.map((c) => c.label);
  let html = await publicPage('/');
  assert.equal(labels(html, 'About').at(-1), 'Wanderer');

  await edit(b, 'menu_entry', id, { place: '6' });
  html = await publicPage('/');
  assert.ok(!labels(html, 'About').includes('Wanderer'), 'gone from About');
  assert.equal(labels(html, 'Topics of interest').at(-1), 'Wanderer', 'last under Topics of interest');

  await edit(b, 'menu_entry', id, { place: 'footer' });
  html = await publicPage('/');
  assert.ok(!labels(html, 'Topics of interest').includes('Wanderer'));
  assert.deepEqual(footerMenu(html).at(-1), { label: 'Wanderer', href: 'https://example.org/w' });

  // A section keeps its entries: it cannot go under another section.
  const res = await edit(b, 'menu_entry', '4', { place: '5' }, 422);
  assert.equal(fieldError(res.body, 'place'), 'This entry has entries below it, so it must stay at the top of a menu.');
  assert.ok(section(await publicPage('/'), 'Tools'), 'Tools is still a section');
});

test('deleting a menu entry asks first, then removes it; a section with entries cannot be deleted (409)', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'menu_entry', '&place=footer', { label: 'Delete me', page_id: '', url: 'https://example.org/del' });
  const { res: ask, form } = await b.openForm(`/admin/delete?type=menu_entry&id=${id}`, '/admin/delete');
  assert.equal(heading(ask.body), 'Delete this menu entry?');
  assert.ok(textOf(ask.body).includes('“Delete me” will be deleted.'));
  assert.ok(footerMenu(await publicPage('/')).some((e) => e.label === 'Delete me'), 'asking deleted nothing');

  const res = await b.submit(form);
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /^\/admin\/menus\?done=\d+$/);
  assert.ok(!footerMenu(await publicPage('/')).some((e) => e.label === 'Delete me'), 'gone from the footer');
  assert.equal(db(`SELECT id FROM menu_entry WHERE id = ${Number(id)}`).length, 0);

  const refused = await remove(b, 'menu_entry', '4', 409);
  assert.equal(heading(refused.body), 'Still in use');
  const tools = section(await publicPage('/'), 'Tools');
  assert.ok(tools, 'Tools is still there');
  assert.equal(tools.children.length, 5, 'with its five entries');
});

test('a new page starts as a draft (404), appears once published; title, summary and body edits show at once', T, async () => {
  const b = await loggedIn('alice');
  const { form } = await b.openForm('/admin/edit?type=page');
  assert.ok(!new Map(form.fields).has('published'), 'Published starts unchecked');
  const id = await create(b, 'page', '', {
    path: '/test/new-page/', title: 'A new page', summary: 'Its summary.',
    body: 'Some *emphasis* and a [link](https://example.org/).',
  });
  assert.equal(await publicStatus('/test/new-page/'), 404, 'a draft is not public');
  const list = (await b.get('/admin/pages?view=list')).body;
  assert.match(rowWith(list, '/test/new-page/') ?? '', /A new page.*Draft/, '/admin/pages lists it as a draft, never published');

  await edit(b, 'page', id, { published: '1' });
  let html = await publicPage('/test/new-page/');
  assert.equal(heading(html), 'A new page');
  assert.match(html, /<title>A new page \| IETF<\/title>/);
  assert.match(html, /<meta name="description" content="Its summary.">/);
  assert.match(html, /Some <em>emphasis<\/em> and a <a href="https:\/\/example.org\/">link<\/a>./, 'Markdown rendered');

  await edit(b, 'page', id, { title: 'A renamed page', summary: 'A new summary.', body: '## Part one\n\n- first\n- second\n' });
  html = await publicPage('/test/new-page/');
  assert.equal(heading(html), 'A renamed page');
  assert.match(html, /<meta name="description" content="A new summary.">/);
  assert.match(html, /<h2>Part one<\/h2>/);
  assert.match(html, /<li>first<\/li>\s*<li>second<\/li>/);
  assert.ok(!html.includes('emphasis'), 'the old body is gone');

  await edit(b, 'page', id, { published: null });
  assert.equal(await publicStatus('/test/new-page/'), 404, 'unpublished again');
});

test('unpublishing a page that others lead to lists them and asks first; a page nothing leads to is unpublished at once', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/linked/', 'Linked page');
  const linker = await makePage(b, '/test/linker/', 'Linking page', { body: 'See [the linked page](/test/linked/).' });
  const prog = await create(b, 'program', '&page_id=26', { title: 'Links the linked page', description: '', link_page_id: id, link_url: '' });
  const entry = await create(b, 'menu_entry', '&place=footer', { label: 'Linked in the footer', page_id: id, url: '' });
  await create(b, 'redirect', '', { path: '/test/linked-old/', page_id: id });
  const lone = await makePage(b, '/test/lone/', 'Lone page');

  let res = await edit(b, 'page', id, { published: null }, 200);
  assert.match(textOf(res.body), /Not saved yet: visitors reach this page at \/test\/linked\/ from the places below/);
  const listed = [...res.body.matchAll(/<li><a href="\/admin\/edit\?type=(\w+)&amp;id=([^"]+)">([^<]*)<\/a>: ([^<]*)<\/li>/g)]
    .map((m) => [m[1], m[2], decode(m[3]), decode(m[4])]);
  assert.deepEqual(listed, [
    ['menu_entry', String(entry), 'Linked in the footer', 'Footer menu'],
    ['program', String(prog), 'Links the linked page', 'a program on the page “Running code”'],
    ['page', String(linker), 'Linking page', 'a link in the text of the page /test/linker/'],
    ['redirect', '/test/linked-old/', '/test/linked-old/', 'a redirect from an old address'],
  ]);
  assert.equal(await publicStatus('/test/linked/'), 200, 'nothing saved: still published');
  const form = forms(res.body).find((f) => f.action === '/admin/edit');
  assert.ok(!form.fields.some(([k]) => k === 'published'), 'the form keeps the unchecked box');
  // Save alone asks again; "Unpublish anyway" goes ahead.
  assert.equal((await b.submit(form)).status, 200, 'asked again');
  res = await b.submit(form, { confirm_unpublish: '1' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(await publicStatus('/test/linked/'), 404, 'unpublished');
  assert.equal(await publicStatus('/test/linked-old/'), 404, 'and its old address with it');
  // Nothing leads to the lone page: no question.
  await edit(b, 'page', lone, { published: null });
  assert.equal(await publicStatus('/test/lone/'), 404);
});

test('publishing a draft that unpublishes a page others lead to asks first too; going ahead drops the draft', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/linked-draft/', 'Linked by a draft');
  await create(b, 'menu_entry', '&place=footer', { label: 'Leads to the drafted page', page_id: id, url: '' });
  await saveDraft(b, 'page', id, { title: 'Taken down by a draft', published: null });
  let res = await draftAction(b, 'page', id, 'publish');
  assert.equal(res.status, 200, 'asked, not published');
  assert.match(textOf(res.body), /Not saved yet: visitors reach this page at \/test\/linked-draft\/ from the places below/);
  assert.match(textOf(res.body), /Leads to the drafted page/);
  assert.equal(await publicStatus('/test/linked-draft/'), 200, 'still published');
  const form = forms(res.body).find((f) => f.action === '/admin/edit');
  assert.equal(new Map(form.fields).get('title'), 'Taken down by a draft', 'the form holds the draft');
  assert.equal(new Map(form.fields).get('draft_shown'), '1', 'and says so');
  res = await b.submit(form, { confirm_unpublish: '1' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(await publicStatus('/test/linked-draft/'), 404, 'unpublished');
  assert.equal(one(`SELECT count(*) AS n FROM draft WHERE record_id = ${lit(id)}`).n, 0, 'the draft is gone');
  assert.equal(one(`SELECT title FROM page WHERE id = ${Number(id)}`).title, 'Taken down by a draft');
});

test('changing a page path: the old path redirects (301) to the new one, the redirect is listed, links follow', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/old-path/', 'Moving page');
  await create(b, 'menu_entry', '&place=5', { label: 'Moving entry', page_id: id, url: '' });
  await create(b, 'program', `&page_id=26`, { title: 'Moving program', description: 'Links to the moving page.', link_page_id: id, link_url: '' });
  const links = async () => {
    const html = await publicPage(RUNNING_CODE);
    return [section(html, 'About').children.find((c) => c.label === 'Moving entry').href,
      programs(html).find((g) => g.title === 'Moving program').href];
  };
  assert.deepEqual(await links(), ['/test/old-path/', '/test/old-path/']);

  await edit(b, 'page', id, { path: '/test/new-path/' });
  assert.equal(heading(await publicPage('/test/new-path/')), 'Moving page');
  let res = await request(srv.url, '/test/old-path/');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, '/test/new-path/');
  res = await request(srv.url, '/test/old-path/?x=1');
  assert.equal(res.headers.location, '/test/new-path/?x=1', 'the query string goes along');
  const listed = textOf((await b.get('/admin/redirects')).body);
  assert.ok(listed.includes('/test/old-path/ → /test/new-path/ (Moving page)'), '/admin/redirects lists it');
  assert.deepEqual(await links(), ['/test/new-path/', '/test/new-path/'], 'menu entry and program link the new path');

  // Back to the old path: it is the page's again; the other redirects.
  await edit(b, 'page', id, { path: '/test/old-path/' });
  assert.equal(heading(await publicPage('/test/old-path/')), 'Moving page');
  res = await request(srv.url, '/test/new-path/');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, '/test/old-path/');
  assert.deepEqual(await links(), ['/test/old-path/', '/test/old-path/']);
});

test('moving a page moves the pages below it, two levels deep: every old address answers 301 to the new one, breadcrumbs and menus follow, one revision per record', T, async () => {
  const b = await loggedIn('alice');
  const top = await makePage(b, '/test/tree/', 'Tree top');
  const mid = await makePage(b, '/test/tree/mid/', 'Tree middle');
  const leaf = await makePage(b, '/test/tree/mid/leaf/', 'Tree leaf');
  await create(b, 'menu_entry', '&place=5', { label: 'Tree leaf entry', page_id: leaf, url: '' });
  const from = maxRevision();
  await edit(b, 'page', top, { path: '/test/moved-tree/' });

  const moves = [['/test/tree/', '/test/moved-tree/', 'Tree top'], ['/test/tree/mid/', '/test/moved-tree/mid/', 'Tree middle'],
    ['/test/tree/mid/leaf/', '/test/moved-tree/mid/leaf/', 'Tree leaf']];
  for (const [old, now, title] of moves) {
    assert.equal(heading(await publicPage(now)), title, `${now} serves ${title}`);
    const bare = await request(srv.url, now.slice(0, -1));
    assert.equal(bare.status, 301, `GET ${now.slice(0, -1)}: 301`);
    assert.equal(bare.headers.location, now, 'to the page\'s address with its trailing slash');
    for (const asked of [old, old.slice(0, -1), `${old}?x=1`]) {
      const res = await request(srv.url, asked);
      assert.equal(res.status, 301, `GET ${asked}: 301`);
      assert.equal(res.headers.location, asked.endsWith('?x=1') ? `${now}?x=1` : now, `GET ${asked} leads to ${now}`);
    }
  }
  const html = await publicPage('/test/moved-tree/mid/leaf/');
  assert.deepEqual(anchors(nav(html, 'Breadcrumb')).map((c) => [c.label, c.href]),
    [['Home', '/'], ['Tree top', '/test/moved-tree/'], ['Tree middle', '/test/moved-tree/mid/'],
      ['Tree leaf', '/test/moved-tree/mid/leaf/']], 'the breadcrumb follows');
  assert.equal(section(html, 'About').children.find((c) => c.label === 'Tree leaf entry').href,
    '/test/moved-tree/mid/leaf/', 'the menu entry follows');
  const listed = textOf((await b.get('/admin/redirects')).body);
  for (const [old, now, title] of moves) assert.ok(listed.includes(`${old} → ${now} (${title})`), `/admin/redirects lists ${old}`);
  assert.deepEqual(db(`SELECT entity, record_id, action FROM revision WHERE id > ${from} ORDER BY entity, record_id`)
    .map((r) => [r.entity, r.record_id, r.action]),
  [['page', top, 'update'], ['page', mid, 'update'], ['page', leaf, 'update'],
    ['redirect', '/test/tree/', 'create'], ['redirect', '/test/tree/mid/', 'create'], ['redirect', '/test/tree/mid/leaf/', 'create']]
    .sort((x, y) => (x[0] + x[1] < y[0] + y[1] ? -1 : 1)), 'one revision per page moved and per redirect made');

  // Restoring the version before the move moves the tree back.
  const [moved, made] = revisionsOf((await b.get(`/admin/history?type=page&id=${top}`)).body);
  assert.deepEqual(moved.changes.Path, ['/test/tree/', '/test/moved-tree/'], 'the history shows the move');
  assert.equal(made.action, 'create');
  await restore(b, made.restore);
  assert.equal(heading(await publicPage('/test/tree/mid/leaf/')), 'Tree leaf', 'the tree is back');
  const res = await request(srv.url, '/test/moved-tree/mid/');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, '/test/tree/mid/');
});

test('a move that would put the page, or a page below it, on another page\'s path is refused naming that page, changing nothing', T, async () => {
  const b = await loggedIn('alice');
  const top = await makePage(b, '/test/clash/', 'Clash top');
  await makePage(b, '/test/clash/hackathons/', 'Hackathons');
  await makePage(b, '/test/clash-x/hackathons/', 'Other');
  const pages = () => db('SELECT id, path, version FROM page ORDER BY id');
  const redirects = () => db('SELECT * FROM redirect ORDER BY path');
  const [pagesBefore, redirectsBefore] = [pages(), redirects()];
  await refused(b, `/admin/edit?type=page&id=${top}`, { path: '/test/clash-x/' }, 'path',
    'The page “Hackathons” would move to /test/clash-x/hackathons/, where the page “Other” already is.');
  await refused(b, `/admin/edit?type=page&id=${top}`, { path: '/test/clash-x/hackathons/' }, 'path',
    'The page “Other” is already at this path.');
  assert.deepEqual(pages(), pagesBefore, 'no page changed');
  assert.deepEqual(redirects(), redirectsBefore, 'no redirect changed');
  assert.equal(heading(await publicPage('/test/clash/hackathons/')), 'Hackathons');
  assert.equal(heading(await publicPage('/test/clash-x/hackathons/')), 'Other');
});

test('redirects can be added, edited and deleted', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'redirect', '', { path: '/test/gone/', page_id: '12' });
  assert.equal(id, '/test/gone/');
  let res = await request(srv.url, '/test/gone/');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, '/about/mission/');

  await edit(b, 'redirect', '/test/gone/', { page_id: '13' });
  res = await request(srv.url, '/test/gone/');
  assert.equal(res.headers.location, '/about/who/', 'to the other page');

  await edit(b, 'redirect', '/test/gone/', { path: '/test/gone-too/' });
  assert.equal(await publicStatus('/test/gone/'), 404, 'the old address answers no more');
  res = await request(srv.url, '/test/gone-too/');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, '/about/who/');

  res = await remove(b, 'redirect', '/test/gone-too/');
  assert.match(res.headers.location, /^\/admin\/redirects\?done=\d+$/);
  assert.equal(await publicStatus('/test/gone-too/'), 404);
  assert.ok(!textOf((await b.get('/admin/redirects')).body).includes('/test/gone-too/'));
});

test('preview renders the page with the unsaved title and body, and saves nothing', T, async () => {
  const b = await loggedIn('alice');
  const { form } = await b.openForm('/admin/edit?type=page&id=26');
  const page = () => one('SELECT title, body, version FROM page WHERE id = 26');
  const before = page();
  const revs = revCount();
  const res = await b.submit(form, { title: 'Unsaved preview title', body: 'Preview *body*.' }, { action: '/admin/preview' });
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(res.headers['content-type'], /^text\/html/);
  assert.equal(heading(res.body), 'Unsaved preview title');
  assert.match(res.body, /<title>Unsaved preview title \| IETF<\/title>/);
  assert.match(res.body, /Preview <em>body<\/em>./);
  assert.equal(mainMenu(res.body).length >= 8, true, 'with the site menu');
  assert.equal(programs(res.body).length >= 4, true, 'and the page\'s programs');

  assert.deepEqual(page(), before, 'the page is unchanged');
  assert.equal(revCount(), revs, 'no revision');
  assert.equal(heading(await publicPage(RUNNING_CODE)), 'Running code', 'the public page is unchanged');

  const bad = await b.submit(form, { title: '' }, { action: '/admin/preview' });
  assert.equal(bad.status, 422);
  assert.equal(heading(bad.body), 'Cannot preview');
});

test('a program\'s and a menu entry\'s form preview the page that shows them, with the unsaved values, saving nothing', T, async () => {
  const b = await loggedIn('alice');
  const revs = revCount();
  const program = one('SELECT title, version FROM program WHERE id = 2');
  const { form } = await b.openForm('/admin/edit?type=program&id=2');
  let res = await b.submit(form, { title: 'Sprint, previewed' }, { action: '/admin/preview' });
  assert.equal(res.status, 200, complaint(res.body));
  assert.equal(heading(res.body), 'Running code', 'the program\'s page');
  assert.ok(programs(res.body).some((g) => g.title === 'Sprint, previewed'), 'with the unsaved title');
  assert.match(textOf(res.body), /Preview, not live/);
  const { form: entry } = await b.openForm('/admin/edit?type=menu_entry&id=7');
  res = await b.submit(entry, { label: 'How we work, previewed' }, { action: '/admin/preview' });
  assert.equal(res.status, 200, complaint(res.body));
  assert.ok(mainMenu(res.body).some((e) => e.label === 'How we work, previewed'), 'the menu with the unsaved label');
  res = await b.submit(form, { title: '' }, { action: '/admin/preview' });
  assert.equal(res.status, 422);
  assert.match(textOf(res.body), /Title: This cannot be empty/);
  assert.deepEqual(one('SELECT title, version FROM program WHERE id = 2'), program, 'nothing saved');
  assert.equal(revCount(), revs, 'no revision');
  assert.ok(!mainMenu(await publicPage('/')).some((e) => e.label === 'How we work, previewed'), 'the menu is as it was');
});

test('programs: added, and their title, description and link edited, show at once', T, async () => {
  const b = await loggedIn('alice');
  const { form } = await b.openForm('/admin/edit?type=program&page_id=26');
  const f = new Map(form.fields);
  assert.equal(f.get('page_id'), '26', 'the page is fixed');
  assert.equal(f.get('published'), '1', 'a new program is published');
  const { form: f2 } = await b.openForm('/admin/edit?type=program&page_id=26');
  const res = await b.submit(f2, { title: 'Test program', description: 'What it does.', link_url: 'https://example.org/prog' });
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /^\/admin\/programs\?page=26&done=\d+$/);
  const id = lastRevision().record_id;
  const last = async () => programs(await publicPage(RUNNING_CODE)).at(-1);
  assert.deepEqual(await last(), { id, title: 'Test program', href: 'https://example.org/prog', description: 'What it does.' });

  await edit(b, 'program', id, { title: 'Test program renamed', description: 'Does more now.' });
  assert.deepEqual(await last(), { id, title: 'Test program renamed', href: 'https://example.org/prog', description: 'Does more now.' });
  await edit(b, 'program', id, { link_url: '', link_page_id: '12' });
  assert.equal((await last()).href, '/about/mission/', 'linked to a page');
  await edit(b, 'program', id, { link_url: '', link_page_id: '' });
  assert.equal((await last()).href, null, 'not linked');
  assert.equal((await last()).title, 'Test program renamed');
});

test('a large site: pages chosen by path, and the page list a hundred at a time with a search', T, async () => {
  const b = await loggedIn('alice');
  // 250 more pages (drafts), so that the site has more than the 200 a
  // picker lists: made with SQL, removed at the end.
  sql(srv.dbPath, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
    INSERT INTO page (path, title, published) SELECT printf('/bulk/p%03d/', i), printf('Bulk page %03d', i), 0 FROM n;`);
  try {
    const id = await create(b, 'program', '&page_id=26', { title: 'Picked by path', description: 'Links a page.' });
    const { res: opened, form } = await b.openForm(`/admin/edit?type=program&id=${id}`);
    assert.equal(selectOptions(opened.body, 'link_page_id'), null, 'no list of every page');
    assert.match(opened.body, /<input id="f-link_page_id" name="link_page_id" type="text" value=""/, 'a field for the path');
    let res = await b.submit(form, { link_page_id: '/about/mission/' });
    assert.equal(res.status, 303, complaint(res.body));
    assert.equal(one(`SELECT link_page_id FROM program WHERE id = ${Number(id)}`).link_page_id, 12, 'the path saved as the page');
    assert.equal(programs(await publicPage(RUNNING_CODE)).find((g) => g.id === id)?.href, '/about/mission/');
    const again = await b.openForm(`/admin/edit?type=program&id=${id}`);
    assert.match(again.res.body, /name="link_page_id" type="text" value="\/about\/mission\/"/, 'shown as its path');
    res = await b.submit(again.form, { link_page_id: '/no/such/page/' });
    assert.equal(res.status, 422, 'a path that names no page is refused');
    assert.match(textOf(res.body), /No page has this path\./);
    assert.match(res.body, /name="link_page_id" type="text" value="\/no\/such\/page\/"/, 'and kept as typed');
    assert.equal(one(`SELECT link_page_id FROM program WHERE id = ${Number(id)}`).link_page_id, 12, 'nothing saved');
    await remove(b, 'program', id);

    const total = one('SELECT count(*) AS n FROM page').n;
    res = await b.get('/admin/pages?view=list');
    assert.equal(res.status, 200);
    const rows = (body) => [...body.matchAll(/<td data-label="Path" class="path"><a href="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(rows(res.body).length, 100, 'a hundred pages at a time');
    assert.match(textOf(res.body), new RegExp(`${total} pages; 1 to 100 shown`));
    const next = res.body.match(/<a rel="next" href="([^"]+)"/);
    assert.ok(next, 'a link to the next ones');
    res = await b.get(decode(next[1]));
    assert.equal(rows(res.body).length, 100);
    assert.match(textOf(res.body), new RegExp(`${total} pages; 101 to 200 shown`));
    assert.ok(res.body.includes('rel="prev"'), 'and back');
    res = await b.get('/admin/pages?q=BULK+page+12');
    assert.deepEqual(rows(res.body), ['/bulk/p120/', '/bulk/p121/', '/bulk/p122/', '/bulk/p123/', '/bulk/p124/',
      '/bulk/p125/', '/bulk/p126/', '/bulk/p127/', '/bulk/p128/', '/bulk/p129/'], 'a search by title, any case');
    assert.match(textOf(res.body), /10 pages found\./);
    res = await b.get('/admin/pages?q=%2Fhow%2Frunningcode%2F');
    assert.ok(rows(res.body).includes(RUNNING_CODE), 'a search by path');
  } finally {
    sql(srv.dbPath, "DELETE FROM page WHERE path LIKE '/bulk/%';");
  }
  const { res: small } = await b.openForm('/admin/edit?type=program&page_id=26');
  assert.ok(selectOptions(small.body, 'link_page_id').length > 30, 'a small site lists its pages again');
});

test('programs: moving one up and down changes their order on the public page', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'program', '&page_id=26', { title: 'Movable program', description: 'Moves.' });
  const titles = async () => programs(await publicPage(RUNNING_CODE)).map((g) => g.title);
  const before = await titles();
  assert.equal(before.at(-1), 'Movable program');

  const res = await move(b, 'program', id, 'up');
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /^\/admin\/programs\?page=26&done=\d+$/);
  const now = await titles();
  assert.equal(now.at(-2), 'Movable program', 'one up');
  assert.equal(now.at(-1), before.at(-2), 'past its neighbour');
  await move(b, 'program', id, 'down');
  assert.deepEqual(await titles(), before, 'and back down');
});

test('programs: hidden (published unchecked) and deleted, as the public page shows at once', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'program', '&page_id=26', { title: 'Hideable program', description: 'Hides.' });
  const titles = async () => programs(await publicPage(RUNNING_CODE)).map((g) => g.title);
  const before = await titles();
  assert.equal(before.at(-1), 'Hideable program');

  await edit(b, 'program', id, { published: null });
  const now = await titles();
  assert.ok(!now.includes('Hideable program'), 'hidden from visitors');
  assert.deepEqual(now, before.slice(0, -1));
  assert.match(rowWith((await b.get('/admin/programs?page=26')).body, 'Hideable program') ?? '', /\[hidden\]/,
    'still listed in the admin, as hidden');

  await edit(b, 'program', id, { published: '1' });
  assert.deepEqual(await titles(), before, 'shown again');
  await remove(b, 'program', id);
  assert.ok(!(await titles()).includes('Hideable program'), 'deleted');
  assert.ok(!textOf((await b.get('/admin/programs?page=26')).body).includes('Hideable program'));
});

/* ======================================================================
 * 3. Validation: 422, the message next to the field, the input kept
 * ==================================================================== */

/*
 * Submit the form at formPath with changes; expect 422 with message next
 * to field, every value typed back in the form, and nothing saved.
 */
async function refused(b, formPath, changes, field, message, { sameSpaces = true } = {}) {
  const { form } = await b.openForm(formPath);
  const sent = withChanges(form.fields, changes);
  const revs = revCount();
  const res = await b.submit(form, changes);
  const what = `${formPath} with ${JSON.stringify(changes).slice(0, 120)}`;
  assert.equal(res.status, 422, `${what}: 422 (${complaint(res.body)})`);
  assert.equal(fieldError(res.body, field), message, `${what}: the message next to ${field}`);
  assert.match(res.body, new RegExp(`<a href="#f-${field}">`), 'and in the summary, linked to the field');
  const back = forms(res.body).find((f) => f.action === '/admin/edit');
  assert.ok(back, 'the form again');
  // sameSpaces false: a line break or tab typed in a one-line field may
  // come back as a space (a browser would not even send it).
  const strip = (fields) => fields.filter(([k]) => k !== 'csrf_token')
    .map(([k, v]) => [k, sameSpaces ? v : v.replace(/\s/g, ' ')]);
  assert.deepEqual(strip(back.fields), strip(sent), `${what}: everything typed is still in the form`);
  assert.equal(revCount(), revs, `${what}: nothing saved`);
  return res;
}

test('validation: empty, too long and multi-line titles and labels → 422 next to the field, input kept', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/valid/', 'Validation page');
  const form = `/admin/edit?type=page&id=${id}`;
  await refused(b, form, { title: '', summary: 'Typed summary.' }, 'title', 'This cannot be empty.');
  await refused(b, form, { title: 'é'.repeat(201), body: 'Typed body' }, 'title', 'Use at most 200 characters.');
  await refused(b, form, { title: 'line one\nline two' }, 'title', 'Use a single line without control characters.', { sameSpaces: false });
  await refused(b, form, { title: 'a\ttab' }, 'title', 'Use a single line without control characters.', { sameSpaces: false });
  await refused(b, '/admin/edit?type=menu_entry&place=footer', { label: '', url: 'https://example.org/' }, 'label', 'This cannot be empty.');
  await refused(b, '/admin/edit?type=program&page_id=26', { title: '', description: 'Typed description.' }, 'title', 'This cannot be empty.');
  await refused(b, '/admin/edit?type=program&page_id=26', { title: 'x'.repeat(201) }, 'title', 'Use at most 200 characters.');

  await edit(b, 'page', id, { title: 'é'.repeat(200) });
  assert.equal(heading(await publicPage('/test/valid/')), 'é'.repeat(200), '200 characters (400 bytes) are fine');
});

test('validation: control characters in a summary → 422 next to the field, input kept', {
  ...T,
}, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/control/', 'Control page');
  await refused(b, `/admin/edit?type=page&id=${id}`, { summary: 'bell \u0007 here', title: 'Typed title' },
    'summary', 'Remove the control characters from this text.');
});

test('validation: summary over 2,000 characters and body over 200 KB → 422, input kept', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/long/', 'Long page');
  const form = `/admin/edit?type=page&id=${id}`;
  await refused(b, form, { summary: 'ü'.repeat(2001), title: 'Typed title' }, 'summary', 'Use at most 2,000 characters.');
  await refused(b, '/admin/edit?type=program&page_id=26', { title: 'Typed', description: 'd'.repeat(2001) }, 'description', 'Use at most 2,000 characters.');
  const big = `${'a'.repeat(99)} `.repeat(2048) + 'b';	// 200 KB + 1 byte
  assert.equal(Buffer.byteLength(big), 200 * 1024 + 1);
  await refused(b, form, { body: big, summary: 'Typed summary' }, 'body', 'The body is too long: use at most 200 KB.');

  await edit(b, 'page', id, { summary: 'ü'.repeat(2000), body: big.slice(0, -1) });
  const row = one(`SELECT length(summary) AS s, length(CAST(body AS BLOB)) AS b FROM page WHERE id = ${Number(id)}`);
  assert.deepEqual(row, { s: 2000, b: 200 * 1024 }, '2,000 characters and 200 KB are fine');
  assert.equal(heading(await publicPage('/test/long/')), 'Long page');
});

test('validation: the body limit counts decoded text: 200 KB of any characters is saved, more is refused with the form kept; a form over 1 MB gets 413 in the admin layout naming its size (and one not urlencoded 415), saving nothing', {
  ...T,
}, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/huge/', 'Huge page');
  // 200 KB of 3-byte characters: 600 KB once URL-encoded.
  const euros = '€'.repeat(Math.floor(200 * 1024 / 3));
  await edit(b, 'page', id, { body: euros });
  assert.equal(one(`SELECT length(CAST(body AS BLOB)) AS n FROM page WHERE id = ${Number(id)}`).n, Buffer.byteLength(euros),
    '200 KB of non-ASCII text saved');
  await refused(b, `/admin/edit?type=page&id=${id}`, { body: `${euros}€€`, summary: 'Kept summary' }, 'body',
    'The body is too long: use at most 200 KB.');
  await refused(b, `/admin/edit?type=page&id=${id}`, { body: 'a'.repeat(257 * 1024) }, 'body',
    'The body is too long: use at most 200 KB.');
  // Within 200 KB, but 2.7 MB of HTML (nested quotes): every visitor would pay for it.
  await refused(b, `/admin/edit?type=page&id=${id}`, { body: '> '.repeat(100000) }, 'body',
    'This body makes more than 1 MB of HTML: split it into pages, or use fewer list items, links and emphases.');

  const { form } = await b.openForm(`/admin/edit?type=page&id=${id}`);
  const revs = revCount();
  const res = await b.submit(form, { body: 'a'.repeat(1536 * 1024) });
  assert.equal(res.status, 413);
  assert.match(textOf(res.body), /The form is 1\.5 MB; the admin accepts at most 1 MB\. Nothing was saved\. A page's body can hold at most 200 KB/);
  assert.match(res.body, /<link rel="stylesheet" href="\/static\/admin\.css/, 'in the admin layout');
  assertSecurityHeaders(res, '413');
  assert.equal(revCount(), revs);
  assert.equal(one(`SELECT body FROM page WHERE id = ${Number(id)}`).body, euros);

  const plain = await b.send('/admin/edit', { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: ORIGIN },
    body: new URLSearchParams(withChanges(form.fields, { title: 'Not a form' })).toString() });
  assert.equal(plain.status, 415);
  assert.match(textOf(plain.body), /not sent as application\/x-www-form-urlencoded/);
  assertSecurityHeaders(plain, '415');
  assert.equal(revCount(), revs);
});

test('a form sent after the session ended is kept: after logging in again the editor is back on it with every field as typed, once, and never another user', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'program', '&page_id=26', { title: 'Kept program', description: 'Before.' });
  const { form } = await b.openForm(`/admin/edit?type=program&id=${id}`);
  const version = new Map(form.fields).get('version');
  const revs = revCount();
  // 31 minutes of typing: the session has ended when the form arrives.
  sql(srv.dbPath, "UPDATE session SET seen_at = seen_at - 31 * 60;");
  const typed = { title: 'Typed for 31 minutes', description: 'A long description\nover two lines, caf\u00e9.' };
  const res = await b.submit(form, typed);
  assert.equal(res.status, 403);
  assert.match(textOf(res.body), /Your session ended before this form arrived, so nothing was saved yet\. What you typed is kept for you/);
  assert.equal(res.headers.location, undefined, 'no redirect: nothing of the form in a URL');
  const login = forms(res.body).find((f) => f.action === '/admin/login');
  assert.ok(login, 'the login form');
  const kept = new Map(login.fields).get('kept');
  assert.match(kept ?? '', /^[0-9a-f]{64}$/, 'carrying the key to what was kept');
  assert.ok(!res.body.includes('Typed for 31 minutes'), 'the kept text is not in the page either');
  assert.equal(revCount(), revs, 'nothing saved');
  assert.equal(one(`SELECT count(*) AS n FROM kept_form WHERE fields LIKE '%csrf_token%'`).n, 0, 'kept without its CSRF token');

  // Another editor who gets hold of the key gets nothing.
  const bob = new Browser();
  const other = await bob.post('/admin/login', { username: 'bob', password: USERS.bob, kept, next: '/admin/' }, { token: false });
  assert.equal(other.status, 303);
  assert.equal(other.headers.location, '/admin/', 'bob is not sent to alice\'s form');
  assert.equal((await bob.get('/admin/resume')).status, 404);

  // alice logs in from the form she got: back on her form, as typed.
  const again = await b.submit(login, { username: 'alice', password: USERS.alice });
  assert.equal(again.status, 303);
  assert.equal(again.headers.location, '/admin/resume');
  const resumed = await b.get('/admin/resume');
  assert.equal(resumed.status, 200);
  assert.match(textOf(resumed.body), /This is what you typed before your session ended\. It is not saved yet/);
  const back = forms(resumed.body).find((f) => f.action === '/admin/edit');
  const values = new Map(back.fields);
  assert.equal(values.get('title'), typed.title);
  assert.equal(values.get('description'), typed.description);
  assert.equal(values.get('version'), version, 'with the version it was opened at: the conflict check still applies');
  assert.equal((await b.get('/admin/resume')).status, 404, 'given back once');
  assert.equal((await b.submit(back, {})).status, 303, 'saved');
  assert.equal(one(`SELECT title FROM program WHERE id = ${Number(id)}`).title, typed.title);

  // Kept a day at most.
  const { form: form2 } = await b.openForm(`/admin/edit?type=program&id=${id}`);
  sql(srv.dbPath, "UPDATE session SET seen_at = seen_at - 31 * 60;");
  const late = await b.submit(form2, { title: 'Kept too long' });
  const login2 = forms(late.body).find((f) => f.action === '/admin/login');
  assert.ok(new Map(login2.fields).get('kept'), 'kept again');
  sql(srv.dbPath, 'UPDATE kept_form SET created_at = created_at - 25 * 3600;');
  const tooLate = await b.submit(login2, { username: 'alice', password: USERS.alice });
  assert.equal(tooLate.status, 303);
  assert.equal(tooLate.headers.location, '/admin/', 'after a day, nothing to go back to');
});

test('times in the admin are shown in the time_zone setting, readable, with a machine-readable <time>; an unknown zone is a configuration error', T, async () => {
  const b = await loggedIn('alice');
  await create(b, 'menu_entry', '&place=footer', { label: 'Zoned entry', url: 'https://example.org/zone' });
  const cgiGet = (config) => spawnSync(path.join(BUILDDIR, 'runningcode-admin'), [], {
    encoding: 'utf8', timeout: 10000,
    env: { PATH: process.env.PATH, RUNNINGCODE_CONFIG: config, GATEWAY_INTERFACE: 'CGI/1.1', REQUEST_METHOD: 'GET',
      REQUEST_URI: '/admin/audit', SCRIPT_NAME: '', PATH_INFO: '/admin/audit', QUERY_STRING: '',
      HTTP_HOST: new URL(srv.url).host, REMOTE_ADDR: '127.0.0.1', HTTP_COOKIE: `rc_session=${b.cookie()}` },
  });
  const zoned = path.join(path.dirname(srv.configPath), 'zoned.conf');
  const first = (out) => /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(out) ?? [];
  try {
    fs.writeFileSync(zoned, `${fs.readFileSync(srv.configPath, 'utf8')}\ntime_zone = Asia/Kolkata\n`);
    const [, iso, shown] = first(cgiGet(zoned).stdout);
    assert.ok(iso, 'a <time> element');
    const t = new Date(Date.parse(iso) + 330 * 60000);	// UTC+5:30, no daylight saving
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const pad = (n) => String(n).padStart(2, '0');
    assert.equal(shown, `${t.getUTCDate()} ${months[t.getUTCMonth()]} ${t.getUTCFullYear()}, ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`,
      `${iso} shown in Asia/Kolkata`);
    fs.writeFileSync(zoned, `${fs.readFileSync(srv.configPath, 'utf8')}\ntime_zone = Mars/Olympus_Mons\n`);
    const bad = cgiGet(zoned);
    assert.match(bad.stdout, /^Status: 500/m, 'an unknown zone: the admin refuses to start');
    assert.match(bad.stderr, /time_zone: Mars\/Olympus_Mons is not a time zone of this system/);
  } finally {
    fs.rmSync(zoned, { force: true });
  }
});

test('every change ends on a page that confirms it, naming the record, with a link to where visitors see it', T, async () => {
  const b = await loggedIn('alice');
  const note = (html) => textOf((/<div class="note" role="status" data-change-done>([\s\S]*?)<\/div>/.exec(html) ?? [])[1] ?? '');
  const view = (html) => (/<div class="note" role="status" data-change-done><p>[^<]*<a href="([^"]*)">View on site<\/a>/.exec(html) ?? [])[1];
  const follow = async (res) => {
    assert.equal(res.status, 303, complaint(res.body));
    assert.match(res.headers.location, /[?&]done=\d+$/);
    return (await b.get(res.headers.location)).body;
  };
  // A program on a published page: its page.
  const { form } = await b.openForm('/admin/edit?type=program&page_id=26');
  let html = await follow(await b.submit(form, { title: 'Confirmed program', description: 'x' }));
  assert.equal(note(html), 'Saved the program \u201cConfirmed program\u201d. View on site');
  assert.equal(view(html), RUNNING_CODE);
  // A new page, a draft: saved, and no link (visitors do not see it).
  const page = await b.openForm('/admin/edit?type=page');
  html = await follow(await b.submit(page.form, { path: '/test/confirmed/', title: 'Confirmed page' }));
  assert.equal(note(html), 'Saved the page \u201cConfirmed page\u201d.');
  assert.equal(view(html), undefined, 'a draft has no public address');
  // A menu entry with a URL; then deleted.
  const entry = await b.openForm('/admin/edit?type=menu_entry&place=footer');
  html = await follow(await b.submit(entry.form, { label: 'Confirmed entry', url: 'https://example.org/c' }));
  assert.equal(view(html), 'https://example.org/c');
  const id = lastRevision().record_id;
  const del = await b.openForm(`/admin/delete?type=menu_entry&id=${id}`, '/admin/delete');
  html = await follow(await b.submit(del.form, {}, { action: '/admin/delete' }));
  assert.equal(note(html), 'Deleted the menu entry \u201cConfirmed entry\u201d.');
  // The confirmation is a GET that reads; a made-up revision says nothing.
  assert.equal(note((await b.get('/admin/menus?done=999999999')).body), '');
});

test('text is kept with LF line ends and in NFC: the same text sent again from a browser (CRLF, decomposed accents) records no change', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/line-ends/', 'Line ends');
  // A browser's textarea sends CRLF; text pasted from macOS may come decomposed (NFD).
  const typed = 'First line\r\nSecond line, cafe\u0301\r\n\r\nA paragraph.';
  await edit(b, 'page', id, { body: typed, title: 'Cafe\u0301 page' });
  const row = one(`SELECT body, title FROM page WHERE id = ${Number(id)}`);
  assert.equal(row.body, 'First line\nSecond line, caf\u00e9\n\nA paragraph.', 'LF line ends, NFC');
  assert.equal(row.title, 'Caf\u00e9 page', 'NFC in a one-line field');
  const revs = revCount();
  const { form } = await b.openForm(`/admin/edit?type=page&id=${id}`);
  // The form comes back with LF; the browser sends it back with CRLF.
  const res = await b.submit(form, { body: new Map(form.fields).get('body').replace(/\n/g, '\r\n'), summary: 'Only the summary changes' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(revCount(), revs + 1, 'one revision');
  const changed = Object.keys(JSON.parse(lastRevision().after)).filter((k) =>
    JSON.parse(lastRevision().after)[k] !== JSON.parse(lastRevision().before)[k]);
  assert.deepEqual(changed.filter((k) => k !== 'version'), ['summary'], 'the body is not recorded as changed');
});

test('validation: javascript:, data:, protocol-relative and relative links are refused; mailto: and https: accepted', T, async () => {
  const b = await loggedIn('alice');
  const entry = '/admin/edit?type=menu_entry&place=footer';
  const scheme = 'Only https://, http:// and mailto: links, or paths on this site, are allowed.';
  const slash = 'A link on this site starts with a single slash, such as /about/.';
  for (const [url, msg] of [['javascript:alert(1)', scheme], ['JavaScript:alert(1)', scheme],
    ['data:text/html,x', scheme], ['vbscript:msgbox(1)', scheme], ['//evil.example', slash],
    ['relative/path', slash], ['java\tscript:alert(1)', 'A link cannot contain control characters or line breaks.']]) {
    await refused(b, entry, { label: 'Link test', url }, 'url', msg, { sameSpaces: !url.includes('\t') });
  }
  await refused(b, '/admin/edit?type=program&page_id=26', { title: 'Link test', link_url: 'javascript:alert(1)' }, 'link_url', scheme);
  await refused(b, entry, { label: 'Link test', url: '', page_id: '' }, 'page_id', 'Choose a page, or give a URL.');
  await refused(b, entry, { label: 'Link test', url: 'https://example.org/', page_id: '12' }, 'url', 'Choose either a page or a URL, not both.');

  const mail = await create(b, 'menu_entry', '&place=footer', { label: 'Mail us', url: 'mailto:webmaster@example.org' });
  assert.equal(one(`SELECT url FROM menu_entry WHERE id = ${Number(mail)}`).url, 'mailto:webmaster@example.org', 'mailto: accepted');
  assert.ok(footerMenu(await publicPage('/')).some((e) => e.label === 'Mail us'), 'and shown');
  await create(b, 'menu_entry', '&place=footer', { label: 'Elsewhere', url: 'https://example.org/a?b=c' });
  assert.deepEqual(footerMenu(await publicPage('/')).at(-1), { label: 'Elsewhere', href: 'https://example.org/a?b=c' });
  await create(b, 'program', '&page_id=26', { title: 'Linked program', link_url: '/about/' });
  assert.equal(programs(await publicPage(RUNNING_CODE)).at(-1).href, '/about/', 'a path on this site');
});

test('a mailto: link the admin accepts leads to the address on the public site', {
  ...T,
}, async () => {
  const b = await loggedIn('alice');
  await create(b, 'menu_entry', '&place=footer', { label: 'Write to us', url: 'mailto:webmaster@example.org' });
  assert.deepEqual(footerMenu(await publicPage('/')).at(-1), { label: 'Write to us', href: 'mailto:webmaster@example.org' });
  await create(b, 'program', '&page_id=26', { title: 'Mailed program', link_url: 'mailto:program@example.org' });
  assert.equal(programs(await publicPage(RUNNING_CODE)).at(-1).href, 'mailto:program@example.org');
});

test('validation: malformed, reserved and duplicate page paths are refused', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/paths/', 'Paths page');
  const form = `/admin/edit?type=page&id=${id}`;
  for (const [p, msg] of [
    ['no-slash', 'A path starts and ends with a slash, such as /how/runningcode/.'],
    ['/no-end', 'A path starts and ends with a slash, such as /how/runningcode/.'],
    ['/Upper/', "Use only lower-case letters, digits, '-', '_' and '.' between the slashes."],
    ['/with space/', "Use only lower-case letters, digits, '-', '_' and '.' between the slashes."],
    ['/a//b/', 'A path cannot contain two slashes in a row.'],
    ['/../', 'A part of a path cannot start with a dot.'],
    ['/a/./b/', 'A part of a path cannot start with a dot.'],
    ['/admin/x/', 'This address is reserved for the site itself.'],
    ['/static/x/', 'This address is reserved for the site itself.'],
    ['/404.html/', 'This address is reserved for the site itself.'],
    ['/about/index.html/', "A part of a path cannot be index.html, nor begin with 'index.html.': the published page's files have these names."],
    ['/about/index.html.tmp-1/', "A part of a path cannot be index.html, nor begin with 'index.html.': the published page's files have these names."],
    ['/about/', 'The page “About” is already at this path.'],
  ]) {
    await refused(b, form, { path: p, title: 'Typed title' }, 'path', msg);
  }
  await refused(b, '/admin/edit?type=page', { path: '/about/', title: 'New page' }, 'path', 'The page “About” is already at this path.');
  await refused(b, '/admin/edit?type=redirect', { path: '/about/', page_id: '12' }, 'path',
    'A page lives at this path, so a redirect from it would never be used.');
  assert.equal(heading(await publicPage('/test/paths/')), 'Paths page', 'the page is where it was');
  assert.equal(heading(await publicPage('/about/')), 'About', 'and so is the other');
});

/* ======================================================================
 * 4. Conflicts: no lost edits
 * ==================================================================== */

/* The rows of a conflict page: { label: { different, saved, mine } }. */
function conflictRows(html) {
  return Object.fromEntries([...html.matchAll(
    /<tr( class="different")?>\s*<th scope="row">([^<]*)[\s\S]*?<\/th>\s*<td[^>]*><pre>([\s\S]*?)<\/pre><\/td>\s*<td[^>]*><pre>([\s\S]*?)<\/pre><\/td>\s*<\/tr>/g,
  )].map((m) => [decode(m[2]).trim(), { different: !!m[1], saved: decode(m[3]), mine: decode(m[4]) }]));
}

test('one editor in two windows: the conflict says it was you, in another window', T, async () => {
  const A = await loggedIn('alice');
  const id = await makePage(A, '/test/two-windows/', 'Two windows');
  const { form: first } = await A.openForm(`/admin/edit?type=page&id=${id}`);
  const { form: second } = await A.openForm(`/admin/edit?type=page&id=${id}`);
  assert.equal((await A.submit(first, { title: 'From the first window' })).status, 303);
  const res = await A.submit(second, { title: 'From the second window' });
  assert.equal(res.status, 409);
  assert.match(textOf(res.body), /You saved this page in another window or tab at .*, after you opened this one/);
  assert.doesNotMatch(textOf(res.body), /Someone else/);
});

test('opening a record another editor saved in the last 15 minutes says who and when; older saves and one\'s own say nothing', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const id = await makePage(A, '/test/recent/', 'Recently saved');
  const note = /alice saved this page at \d{1,2} \w{3} \d{4}, \d\d:\d\d ?, less than 15 minutes ago, and may still be working on it/;
  const form = `/admin/edit?type=page&id=${id}`;
  assert.match(textOf((await B.get(form)).body), note, 'bob is told');
  assert.doesNotMatch(textOf((await A.get(form)).body), /saved this page at/, 'alice is not told of her own save');
  sql(srv.dbPath, `UPDATE revision SET at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-16 minutes')
    WHERE entity = 'page' AND record_id = '${Number(id)}'`);
  assert.doesNotMatch(textOf((await B.get(form)).body), /saved this page at/, 'nothing after 15 minutes');
});

test('two editors save the same page: the second gets a 409 conflict page, overwrites nothing, and can re-apply', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const id = await makePage(A, '/test/conflict/', 'Conflict base', { body: 'Base body.' });
  const { form: formA } = await A.openForm(`/admin/edit?type=page&id=${id}`);
  const { form: formB } = await B.openForm(`/admin/edit?type=page&id=${id}`);

  let res = await A.submit(formA, { title: 'Saved by A' });
  assert.equal(res.status, 303);
  res = await B.submit(formB, { title: 'Typed by B', body: 'Body typed by B.' });
  assert.equal(res.status, 409);
  assert.equal(heading(res.body), 'Changed meanwhile');
  assert.match(textOf(res.body), /alice saved this page at \d{1,2} \w{3} \d{4}, \d\d:\d\d ?, after you opened it, so your changes were not saved/,
    'the conflict names who saved, and when');
  const rows = conflictRows(res.body);
  assert.deepEqual(Object.keys(rows), ['Title'], 'only the field both changed is asked about (B alone changed the body)');
  assert.deepEqual(rows.Title, { different: true, saved: 'Saved by A', mine: 'Typed by B' }, "A's saved title beside B's");
  assert.match(textOf(res.body), /only the fields below were changed on both sides/);
  const page = () => one(`SELECT title, body, version FROM page WHERE id = ${Number(id)}`);
  assert.deepEqual(page(), { title: 'Saved by A', body: 'Base body.', version: 2 }, 'nothing overwritten');
  assert.equal(heading(await publicPage('/test/conflict/')), 'Saved by A');

  const again = forms(res.body).find((f) => f.action === '/admin/edit');
  assert.ok(again, 'a form to re-apply');
  res = await B.submit(again);
  assert.equal(res.status, 303, complaint(res.body));
  assert.deepEqual(page(), { title: 'Typed by B', body: 'Body typed by B.', version: 3 }, "B's version saved");
  assert.equal(heading(await publicPage('/test/conflict/')), 'Typed by B');

  // A's stale form is refused in turn.
  res = await A.submit(formA, { title: 'A again' });
  assert.equal(res.status, 409);
  assert.match(textOf(res.body), /bob saved this page at /);
  assert.equal(page().title, 'Typed by B');
  const who = db(`SELECT username, action FROM revision WHERE entity = 'page' AND record_id = '${Number(id)}' ORDER BY id`);
  assert.deepEqual(who, [{ username: 'alice', action: 'create' }, { username: 'alice', action: 'update' },
    { username: 'bob', action: 'update' }]);
});

test('an editor opening a record another has open (admin.js tells the server) is told who and since when; GET notes nothing', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const id = await makePage(A, '/test/presence/', 'Presence page');
  const form = `/admin/edit?type=page&id=${id}`;
  const rows = () => db(`SELECT username FROM presence WHERE record_id = '${Number(id)}' ORDER BY username`);
  await B.get(form);
  assert.deepEqual(rows(), [], 'opening the form (GET) writes nothing');
  assert.equal((await B.post('/admin/presence', { type: 'page', id }, { token: false })).status, 403, 'no CSRF token: refused');
  assert.deepEqual(rows(), []);
  const res = await B.post('/admin/presence', { type: 'page', id });
  assert.equal(res.status, 200, complaint(res.body));
  assert.deepEqual(rows(), [{ username: 'bob' }]);
  const note = /Also editing this page: bob \(form open at \d{1,2} \w{3} \d{4}, \d\d:\d\d ?\), in the last 15 minutes/;
  assert.match(textOf((await A.get(form)).body), note, 'alice is told');
  assert.doesNotMatch(textOf((await B.get(form)).body), /Also editing/, 'bob is not told of himself');
  assert.equal((await B.post('/admin/presence', { type: 'nothing', id })).status, 404, 'no such kind');
  sql(srv.dbPath, `UPDATE presence SET seen_at = seen_at - 16 * 60 WHERE record_id = '${Number(id)}'`);
  assert.doesNotMatch(textOf((await A.get(form)).body), /Also editing/, 'nothing after 15 minutes');
});

test('two editors change different fields of a page: the second save merges both, says so, and history has both', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const id = await makePage(A, '/test/merge/', 'Merge base', { summary: 'Base summary.', body: 'Base body.' });
  const { form: formA } = await A.openForm(`/admin/edit?type=page&id=${id}`);
  const { form: formB } = await B.openForm(`/admin/edit?type=page&id=${id}`);
  assert.equal((await A.submit(formA, { title: 'Title by A' })).status, 303);
  const res = await B.submit(formB, { summary: 'Summary by B.', body: 'Body by B.' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.match(res.headers.location, /merged=1/);
  const done = textOf((await B.get(res.headers.location)).body);
  assert.match(done, /Saved the page “Title by A”\. It was saved by someone else while you edited: their changes to the fields you left alone are kept\./);
  const page = one(`SELECT title, summary, body, version FROM page WHERE id = ${Number(id)}`);
  assert.deepEqual(page, { title: 'Title by A', summary: 'Summary by B.', body: 'Body by B.', version: 3 }, 'both changes kept');
  const pub = await publicPage('/test/merge/');
  assert.equal(heading(pub), 'Title by A');
  assert.match(textOf(pub), /Body by B\./);
  const last = db(`SELECT username, before, after FROM revision WHERE entity = 'page' AND record_id = '${Number(id)}' ORDER BY id DESC LIMIT 1`)[0];
  assert.equal(last.username, 'bob');
  assert.equal(JSON.parse(last.before).title, 'Title by A', "bob's revision starts from alice's save");
  assert.equal(JSON.parse(last.after).summary, 'Summary by B.');
});

test('a conflict on one field, after a merge: "theirs" keeps the saved value there and the editor\'s other changes', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const id = await makePage(A, '/test/merge-theirs/', 'Theirs base', { summary: 'Base summary.', body: 'Base body.' });
  const { form: formA } = await A.openForm(`/admin/edit?type=page&id=${id}`);
  const { form: formB } = await B.openForm(`/admin/edit?type=page&id=${id}`);
  assert.equal((await A.submit(formA, { title: 'Title by A', summary: 'Summary by A.' })).status, 303);
  const res = await B.submit(formB, { title: 'Title by B', body: 'Body by B.' });
  assert.equal(res.status, 409);
  assert.deepEqual(Object.keys(conflictRows(res.body)), ['Title']);
  const [mine, theirs] = forms(res.body).filter((f) => f.action === '/admin/edit');
  assert.ok(mine && theirs, 'two ways to settle it');
  const page = () => one(`SELECT title, summary, body FROM page WHERE id = ${Number(id)}`);
  assert.equal((await B.submit(theirs)).status, 303);
  assert.deepEqual(page(), { title: 'Title by A', summary: 'Summary by A.', body: 'Body by B.' },
    "A's title and summary, B's body");
});

test('deleting a record someone changed since the confirmation is refused with 409', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const id = await create(A, 'menu_entry', '&place=footer', { label: 'Contested', url: 'https://example.org/c' });
  const { form } = await B.openForm(`/admin/delete?type=menu_entry&id=${id}`, '/admin/delete');
  await edit(A, 'menu_entry', id, { label: 'Contested, edited' });
  const res = await B.submit(form);
  assert.equal(res.status, 409);
  assert.equal(heading(res.body), 'Changed meanwhile');
  assert.ok(footerMenu(await publicPage('/')).some((e) => e.label === 'Contested, edited'), 'still there');
});


test('a page body keeps its line breaks through the edit form, the 422 form and the conflict page', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const body = 'First paragraph.\n\nSecond paragraph:\n\n- one\n- two\n';
  const id = await makePage(A, '/test/lines/', 'Lines page', { body });
  const saved = () => one(`SELECT body FROM page WHERE id = ${Number(id)}`).body;
  const form = async (b) => (await b.openForm(`/admin/edit?type=page&id=${id}`)).form;

  let f = await form(A);
  assert.equal(new Map(f.fields).get('body'), body, 'the textarea holds the body as saved');
  let res = await A.submit(f, { summary: 'Only the summary changed.' });
  assert.equal(res.status, 303);
  assert.equal(saved(), body, 'saving the form keeps the line breaks');
  assert.equal((await publicPage('/test/lines/')).match(/<p>/g)?.length, 2, 'two paragraphs');

  res = await A.submit(await form(A), { title: '', body: 'Typed\n\nbody' });
  assert.equal(res.status, 422);
  assert.equal(new Map(forms(res.body).find((x) => x.action === '/admin/edit').fields).get('body'), 'Typed\n\nbody',
    'the 422 form keeps them');

  f = await form(B);
  await edit(A, 'page', id, { title: 'Lines page, by A', body: 'By A\n\nalso in two' });
  res = await B.submit(f, { body: 'By B\n\nin two paragraphs' });
  assert.equal(res.status, 409);
  assert.equal(conflictRows(res.body).Body.mine, 'By B\n\nin two paragraphs', 'the conflict page shows them');
  res = await B.submit(forms(res.body).find((x) => x.action === '/admin/edit'));
  assert.equal(res.status, 303);
  assert.equal(saved(), 'By B\n\nin two paragraphs', 're-applying from the conflict page keeps them');
});

/* ======================================================================
 * 5. History and restore
 * ==================================================================== */

test('history lists who changed what; restoring an old revision brings its values back to the public page', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const id = await create(A, 'program', '&page_id=26', { title: 'History v1', description: 'First.' });
  await edit(A, 'program', id, { title: 'History v2' });
  await edit(B, 'program', id, { title: 'History v3', description: 'Third.' });
  const title = async () => programs(await publicPage(RUNNING_CODE)).find((g) => g.id === id)?.title;
  assert.equal(await title(), 'History v3');

  const { body } = await A.get(`/admin/history?type=program&id=${id}`);
  assert.equal(heading(body), 'History of a program: History v3');
  // (Only the three newest: see the test of reused ids below.)
  const revs = revisionsOf(body).slice(0, 3);
  assert.deepEqual(revs.map((r) => [r.action, r.username]), [['update', 'bob'], ['update', 'alice'], ['create', 'alice']]);
  assert.deepEqual(revs[0].changes, { Title: ['History v2', 'History v3'], Description: ['First.', 'Third.'] });
  assert.deepEqual(revs[1].changes, { Title: ['History v1', 'History v2'] });
  assert.deepEqual(revs[2].changes.Title, ['', 'History v1']);

  const res = await restore(A, revs[2].restore);
  assert.match(res.headers.location, new RegExp(`^/admin/history\\?type=program&id=${id}&done=\\d+$`));
  assert.equal(await title(), 'History v1', 'the old title is back on the public page');
  const g = programs(await publicPage(RUNNING_CODE)).find((x) => x.id === id);
  assert.equal(g.description, 'First.');
  const now = revisionsOf((await A.get(`/admin/history?type=program&id=${id}`)).body);
  assert.deepEqual(now.slice(1, 4).map((r) => r.action), ['update', 'update', 'create']);
  assert.equal(now[0].action, 'restore');
  assert.equal(now[0].username, 'alice');
  assert.deepEqual(now[0].changes, { Title: ['History v3', 'History v1'], Description: ['Third.', 'First.'] });
});

test('a record made after the newest one was deleted gets a new id: the two histories stay apart', {
  ...T,
}, async () => {
  const b = await loggedIn('alice');
  const old = await create(b, 'program', '&page_id=26', { title: 'Deleted first' });
  await remove(b, 'program', old);
  const fresh = await create(b, 'program', '&page_id=26', { title: 'Made next' });
  assert.ok(rowWith((await b.get('/admin/deleted')).body, 'Deleted first'), 'the deleted one can still be restored');
  const revs = revisionsOf((await b.get(`/admin/history?type=program&id=${fresh}`)).body);
  assert.deepEqual(revs.map((r) => r.action), ['create'], "the new program's history is its own");
  assert.notEqual(fresh, old, 'a new id');
});

test('a deleted program is listed under Recently deleted, and restore brings it back', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'program', '&page_id=26', { title: 'Doomed program', description: 'Soon gone.', link_url: 'https://example.org/doomed' });
  await remove(b, 'program', id);
  assert.ok(!programs(await publicPage(RUNNING_CODE)).some((g) => g.id === id), 'gone from the public page');

  const res = await b.get('/admin/deleted');
  const row = rowWith(res.body, 'Doomed program');
  assert.ok(row, 'listed');
  assert.match(row, /\balice\b/, 'with who deleted it');
  const links = anchors(res.body).filter((a) => a.href.startsWith('/admin/restore?'));
  assert.ok(links[0].label.includes('Doomed program'), 'first, named for screen readers');
  const ask = await b.get(links[0].href);
  assert.equal(ask.status, 200, 'restoring asks first');
  assert.match(textOf(ask.body), /This program is deleted: restoring brings it back/);
  assert.deepEqual(diffOf(ask.body).Title, ['', 'Doomed program'], 'with what comes back');
  await restore(b, links[0].href);
  assert.deepEqual(programs(await publicPage(RUNNING_CODE)).find((g) => g.id === id),
    { id, title: 'Doomed program', href: 'https://example.org/doomed', description: 'Soon gone.' }, 'back, with its id');
  assert.ok(!textOf((await b.get('/admin/deleted')).body).includes('Doomed program'), 'no longer listed as deleted');
});

/* A body of n words ("w0 w1 ..."), a paragraph every 50, with word at
 * index `at` replaced by `word` when given; a heading first. */
function longBody(n, at = -1, word = '') {
  const words = Array.from({ length: n }, (_, i) => (i === at ? word : `w${i}`));
  const paragraphs = [];
  for (let i = 0; i < n; i += 50) paragraphs.push(words.slice(i, i + 50).join(' '));
  return `## Long heading\n\n${paragraphs.join('\n\n')}`;
}

/* The inside of the <dd> of field label in a word diff. */
function diffField(html, label) {
  const m = new RegExp(`<dt>${label}(?: <span[^>]*>[^<]*</span>)?</dt><dd class="diff">([\\s\\S]*?)</dd>`).exec(html);
  assert.ok(m, `a diff of ${label}`);
  return m[1];
}

test('history shows a one-word change in a 5,000-word body whole: the word deleted, the new one inserted, the rest collapsed around them', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/long-diff/', 'Long diff page', { body: longBody(5000) });
  await edit(b, 'page', id, { body: longBody(5000, 2500, 'CHANGED') });
  const { body } = await b.get(`/admin/history?type=page&id=${id}`);
  const [changed, made] = revisionsOf(body);
  assert.deepEqual(Object.keys(changed.changes), ['Body'], 'only the body changed');
  const dd = diffField(body.slice(body.indexOf('<ol class="revisions">')), 'Body');
  const hidden = (label) => `<span class="visually-hidden">[${label}: </span>`;
  assert.ok(dd.includes(`<del>${hidden('deleted')}w2500<span class="visually-hidden">]</span></del>`), 'the old word deleted, named so');
  assert.ok(dd.includes(`<ins>${hidden('inserted')}CHANGED<span class="visually-hidden">]</span></ins>`), 'the new one inserted, named so');
  const collapsed = [...dd.matchAll(/… (\d+) unchanged words …/g)].map((m) => Number(m[1]));
  assert.deepEqual(collapsed, [2503 - 6, 2499 - 6], 'the unchanged text (the heading, 2,500 words; 2,499 words) collapsed on both sides');
  const [before, after] = changed.changes.Body;
  assert.match(before, /^… 2497 unchanged words … w2494 w2495 w2496 w2497 w2498 w2499\s+w2500 w2501 w2502 w2503 w2504 w2505 w2506 … 2493 unchanged words …$/, 'the words around the change shown');
  assert.match(after, /w2499\s+CHANGED w2501/);
  assert.ok(dd.length < 2000, `a short diff (${dd.length} bytes)`);
  // The first version: the whole body inserted, nothing cut.
  assert.equal(made.action, 'create');
  assert.equal(made.changes.Body[1], longBody(5000), 'a new body shown whole');
  assert.equal(made.changes.Title[1], 'Long diff page');
});

test('a version can be viewed whole and as visitors would see it; bad version numbers are 400 or 404', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/version-view/', 'Version view page', { body: longBody(300), summary: 'First summary.' });
  await edit(b, 'page', id, { title: 'Version view page, edited', body: 'Short *now*.' });
  const [edited, made] = revisionsOf((await b.get(`/admin/history?type=page&id=${id}`)).body);
  assert.ok(made.view && edited.view, 'each version has a view');
  const res = await b.get(made.view);
  assert.equal(res.status, 200);
  assert.equal(heading(res.body), 'A version of a page: Version view page');
  const fields = Object.fromEntries([...res.body.matchAll(/<dt>([^<]*)<\/dt><dd>([\s\S]*?)<\/dd>/g)]
    .map((m) => [decode(m[1]), decode(m[2])]));
  assert.equal(fields.Body, longBody(300), 'the whole body');
  assert.equal(fields.Summary, 'First summary.');
  assert.equal(fields.Path, '/test/version-view/');
  assert.equal(fields['Published (visible to visitors)'], 'yes');
  const rendered = anchors(res.body).find((a) => a.label === 'See it as visitors would');
  assert.ok(rendered, 'a link to the rendered page');
  const page = await b.get(rendered.href);
  assert.equal(page.status, 200);
  assert.equal(heading(page.body), 'Version view page', 'rendered as the public page');
  assert.match(page.body, /<h2[^>]*>Long heading<\/h2>/, 'its Markdown rendered');
  assert.match(page.body, /w299/, 'whole');
  const now = await b.get(anchors((await b.get(edited.view)).body).find((a) => a.label === 'See it as visitors would').href);
  assert.match(now.body, /Short <em>now<\/em>\./, 'the later version rendered as it was');

  const program = await create(b, 'program', '&page_id=26', { title: 'Viewed program' });
  const progRev = lastRevision().id;
  assert.equal(lastRevision().record_id, program);
  const viewed = await b.get(`/admin/revision?id=${progRev}`);
  assert.equal(viewed.status, 200);
  assert.equal(heading(viewed.body), 'A version of a program: Viewed program');
  assert.match(textOf(viewed.body), /Page Running code \(\/how\/runningcode\/\)/, 'a page named by its title and path');
  const onPage = anchors(viewed.body).find((a) => a.label === 'See it as visitors would');
  assert.ok(onPage, 'a program is seen on the page that shows it');
  const shown = await b.get(onPage.href);
  assert.equal(shown.status, 200);
  assert.equal(heading(shown.body), 'Running code', 'its page, rendered');
  assert.ok(programs(shown.body).some((g) => g.title === 'Viewed program'), 'with the program as that version had it');
  for (const [u, status] of [['/admin/revision?id=abc', 400],
    ['/admin/revision?id=', 400], ['/admin/revision?id=12x', 400], [`/admin/revision?id=${'9'.repeat(40)}`, 400],
    ['/admin/revision?id=999999999', 404], ['/admin/revision?id=-1', 400]]) {
    const r = await b.get(u);
    assert.equal(r.status, status, u);
    assert.match(r.body, /<nav|class="message"/, `${u}: in the admin layout`);
  }
});

test('two versions, or a version and the live one, can be compared field by field', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/compared/', 'Compared page', { body: 'One two three four.' });
  await edit(b, 'page', id, { title: 'Compared page, second' });
  await edit(b, 'page', id, { body: 'One two THREE four.' });
  const history = `/admin/history?type=page&id=${id}`;
  const revs = revisionsOf((await b.get(history)).body);
  const ids = db(`SELECT id FROM revision WHERE entity = 'page' AND record_id = '${id}' ORDER BY id`).map((r) => r.id);
  assert.equal(ids.length, 3);

  // Two revisions: the first version and the second.
  let res = await b.get(`/admin/compare?type=page&id=${id}&from=${ids[0]}&to=${ids[1]}`);
  assert.equal(res.status, 200);
  assert.equal(heading(res.body), 'Compare versions of a page: Compared page, second');
  let diff = diffOf(res.body);
  assert.deepEqual(diff.Title, ['Compared page', 'Compared page, second']);
  assert.ok(diffField(res.body, 'Title').includes('<del><span class="visually-hidden">[deleted: </span>page<span class="visually-hidden">]</span></del><ins><span class="visually-hidden">[inserted: </span>page, second<'),
    'the words changed marked (punctuation belongs to its word)');
  assert.deepEqual(diff.Body, ['One two three four.', 'One two three four.'], 'every field, the same ones too');
  assert.deepEqual(diff['Published (visible to visitors)'], ['yes', 'yes'], 'a checkbox read as yes or no');
  assert.match(textOf(res.body), /1 field differs/);

  // A revision and the live version, from the history's link.
  assert.ok(revs[2].compareLive, 'compare with live');
  res = await b.get(revs[2].compareLive);
  assert.equal(res.status, 200);
  diff = diffOf(res.body);
  assert.deepEqual(diff.Title, ['Compared page', 'Compared page, second']);
  assert.deepEqual(diff.Body, ['One two three four.', 'One two THREE four.']);
  assert.ok(diffField(res.body, 'Body').includes('<del><span class="visually-hidden">[deleted: </span>three'), 'the word deleted marked');
  assert.match(textOf(res.body), /to the live version/);
  assert.match(textOf(res.body), /2 fields differ/);

  // The history's form: two versions picked, no JavaScript needed.
  const { form } = await b.openForm(history, '/admin/compare');
  assert.equal(form.method, 'get');
  const picked = Object.fromEntries(form.fields);
  assert.deepEqual([picked.type, picked.id, picked.from, picked.to], ['page', id, String(ids[2]), 'live']);
  const fields = form.fields.map(([k, v]) => [k, k === 'from' ? String(ids[0]) : k === 'to' ? String(ids[2]) : v]);
  res = await b.get(`/admin/compare?${new URLSearchParams(fields)}`);
  assert.equal(res.status, 200);
  assert.deepEqual(diffOf(res.body).Body, ['One two three four.', 'One two THREE four.']);
  res = await b.get(`/admin/compare?type=page&id=${id}&from=live&to=live`);
  assert.match(textOf(res.body), /The two versions are the same/);

  const other = db("SELECT id FROM revision WHERE entity = 'page' AND record_id = '26' LIMIT 1")[0]?.id ?? ids[0] + 100000;
  for (const [u, status] of [[`/admin/compare?type=nothing&id=${id}&from=${ids[0]}&to=live`, 404],
    [`/admin/compare?type=page&id=${id}&from=abc&to=live`, 400],
    [`/admin/compare?type=page&id=${id}&from=${ids[0]}&to=soon`, 400],
    [`/admin/compare?type=page&id=${id}&from=999999999&to=live`, 404],
    [`/admin/compare?type=program&id=${id}&from=${ids[0]}&to=live`, 404],
    [`/admin/compare?type=page&id=${id}&from=${other}&to=live`, 404],
    [`/admin/compare?type=page&from=${ids[0]}&to=live`, 400],
    [`/admin/compare?type=page&id=${'x'.repeat(3000)}&from=${ids[0]}&to=live`, 400]]) {
    const r = await b.get(u);
    assert.equal(r.status, status, u);
    assert.match(r.body, /class="message"/, `${u}: says why, in the admin layout`);
  }
});

test('restoring asks first, naming what will change; GET changes nothing, the POST restores', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'program', '&page_id=26', { title: 'Asked program', description: 'Old words here.' });
  await edit(b, 'program', id, { title: 'Asked program, renamed', description: 'New words here.' });
  const [, made] = revisionsOf((await b.get(`/admin/history?type=program&id=${id}`)).body);
  const count = revCount();
  const live = () => one(`SELECT title, description, version FROM program WHERE id = ${id}`);
  const was = live();
  for (const u of [made.restore, `${made.restore}&csrf_token=${encodeURIComponent(b.csrf)}`]) {
    const ask = await b.get(u);
    assert.equal(ask.status, 200, u);
    assert.equal(heading(ask.body), 'Restore this version of a program?');
    assert.match(textOf(ask.body), /Restoring changes 2 fields of the live version/);
    const diff = diffOf(ask.body);
    assert.deepEqual(diff.Title, ['Asked program, renamed', 'Asked program'], 'from the live version to the one restored');
    assert.deepEqual(diff.Description, ['New words here.', 'Old words here.']);
    assert.ok(diffField(ask.body, 'Description').includes('<del><span class="visually-hidden">[deleted: </span>New'), 'word by word');
    assert.deepEqual(live(), was, 'GET changed nothing');
    assert.equal(revCount(), count, 'and wrote no revision');
  }
  const { form } = await b.openForm(made.restore, '/admin/restore');
  assert.equal(form.method, 'post');
  assert.ok(form.fields.some(([k, v]) => k === 'csrf_token' && v === b.csrf), 'with the CSRF token');
  assert.equal((await b.submit(form, { csrf_token: 'forged' })).status, 403, 'a forged token is refused');
  assert.deepEqual(live(), was);
  assert.equal((await b.submit(form)).status, 303);
  assert.equal(live().title, 'Asked program', 'restored');
  assert.equal(live().description, 'Old words here.');
  const again = await b.get(made.restore);
  assert.match(textOf(again.body), /This version is the same as the live one: restoring changes nothing/);
  for (const [u, status] of [['/admin/restore?revision=abc', 400], ['/admin/restore', 400], ['/admin/restore?revision=999999999', 404]]) {
    const r = await b.get(u);
    assert.equal(r.status, status, u);
    assert.match(r.body, /class="message"/, u);
  }
});

test('the latest changes (audit, dashboard) list the newest change first', T, async () => {
  const b = await loggedIn('bob');
  const id = await create(b, 'menu_entry', '&place=footer', { label: 'Audited entry', url: 'https://example.org/audit' });
  await edit(b, 'menu_entry', id, { label: 'Audited entry, edited' });
  for (const p of ['/admin/audit', '/admin/']) {
    const { body } = await b.get(p);
    const td = '\\s*<td\\b[^>]*>([^<]*)</td>';
    const when = '\\s*<td\\b[^>]*><time datetime="[^"]*">([^<]*)</time></td>';
    const rows = [...body.matchAll(new RegExp(`<tr\\b[^>]*>${when}${td}${td}\\s*<td\\b[^>]*><a href="([^"]*)">([^<]*)</a></td>\\s*</tr>`, 'g'))]
      .map((m) => ({ who: decode(m[2]), what: decode(m[3]), href: decode(m[4]), label: decode(m[5]) }));
    assert.deepEqual(rows.slice(0, 2), [
      { who: 'bob', what: 'update menu entry', href: `/admin/history?type=menu_entry&id=${id}`, label: 'Audited entry, edited' },
      { who: 'bob', what: 'create menu entry', href: `/admin/history?type=menu_entry&id=${id}`, label: 'Audited entry' },
    ], `${p}: the two changes, newest first`);
    assert.match(body,
      /<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d<\/time><\/td><td data-label="Who">bob<\/td><td data-label="What">update menu entry/,
      'with its time, readable ("5 Dec 2026, 17:05"), and machine-readable');
  }
});

test('every change writes exactly one revision per record it changes; refused changes write none', T, async () => {
  const b = await loggedIn('alice');
  const B = await loggedIn('bob');
  /* Run fn; the revisions it wrote must be expected ([entity, id, action]). */
  const expectRevisions = async (what, expected, fn) => {
    const from = maxRevision();
    const out = await fn();
    const got = db(`SELECT entity, record_id, action FROM revision WHERE id > ${from} ORDER BY id`)
      .map((r) => [r.entity, r.record_id, r.action]);
    const key = (x) => x.join(' ');
    assert.deepEqual(got.map(key).sort(), expected.map(key).sort(), what);
    return out;
  };
  const sec = await create(b, 'menu_entry', '&place=main', { label: 'Counted section', url: '/about/' });
  const n1 = await create(b, 'menu_entry', `&place=${sec}`, { label: 'Counted 1', url: '/contact/' });
  const from = maxRevision();
  const n2 = await create(b, 'menu_entry', `&place=${sec}`, { label: 'Counted 2', url: '/tools/' });
  assert.deepEqual(db(`SELECT entity, record_id, action FROM revision WHERE id > ${from}`), [{ entity: 'menu_entry', record_id: n2, action: 'create' }], 'create: one');

  await expectRevisions('update', [['menu_entry', n2, 'update']], () => edit(b, 'menu_entry', n2, { label: 'Counted 2b' }));
  await expectRevisions('move: both records swapped', [['menu_entry', n1, 'move'], ['menu_entry', n2, 'move']],
    () => move(b, 'menu_entry', n2, 'up'));
  await expectRevisions('move with nothing to swap', [], () => move(b, 'menu_entry', n2, 'up'));
  await expectRevisions('invalid', [], () => edit(b, 'menu_entry', n2, { label: '' }, 422));
  const { form: stale } = await B.openForm(`/admin/edit?type=menu_entry&id=${n1}`);
  await edit(b, 'menu_entry', n1, { label: 'Counted 1b' });
  await expectRevisions('conflict', [], async () => assert.equal((await B.submit(stale, { label: 'x' })).status, 409));
  await expectRevisions('delete', [['menu_entry', n1, 'delete']], () => remove(b, 'menu_entry', n1));
  const del = lastRevision();
  await expectRevisions('restore', [['menu_entry', n1, 'restore']],
    async () => assert.equal((await b.post('/admin/restore', { revision: del.id })).status, 303));
  await expectRevisions('delete refused (in use)', [], () => remove(b, 'menu_entry', sec, 409));

  const p = await makePage(b, '/test/counted/', 'Counted page');
  await expectRevisions('page: path changed, a redirect made', [['page', p, 'update'], ['redirect', '/test/counted/', 'create']],
    () => edit(b, 'page', p, { path: '/test/counted-2/' }));
  await expectRevisions('page: moved back, the redirect at its path dropped, the other made',
    [['page', p, 'update'], ['redirect', '/test/counted/', 'delete'], ['redirect', '/test/counted-2/', 'create']],
    () => edit(b, 'page', p, { path: '/test/counted/' }));
  const g = await create(b, 'program', `&page_id=${p}`, { title: 'Counted program' });
  await expectRevisions('program: hidden', [['program', g, 'update']], () => edit(b, 'program', g, { published: null }));
  await expectRevisions('program: deleted', [['program', g, 'delete']], () => remove(b, 'program', g));
  // Every revision names its author and holds the snapshots of its action.
  assert.deepEqual(db(`SELECT count(*) AS n FROM revision WHERE username NOT IN ('alice', 'bob')
    OR (action = 'create' AND (before IS NOT NULL OR after IS NULL))
    OR (action = 'delete' AND (before IS NULL OR after IS NOT NULL))
    OR (action IN ('update', 'move', 'restore') AND after IS NULL)`), [{ n: 0 }]);
});

/* ======================================================================
 * 6. CSRF and cross-site requests
 * ==================================================================== */

test('a POST without the session\'s CSRF token, or from another site, is refused with 403 and changes nothing', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const id = await create(A, 'program', '&page_id=26', { title: 'CSRF target', description: 'Untouched.' });
  const { form } = await A.openForm(`/admin/edit?type=program&id=${id}`);
  const state = () => ({
    program: one(`SELECT title, version FROM program WHERE id = ${Number(id)}`),
    revisions: revCount(),
    sessions: db('SELECT count(*) AS n FROM session')[0].n,
    drafts: db('SELECT count(*) AS n FROM draft')[0].n,
  });
  const before = state();
  const token = A.csrf;
  const fields = (t) => withChanges(form.fields, { title: 'Forged', csrf_token: t });
  const cases = [
    ['no token', fields(null), {}, /This form has expired or did not come from this site/],
    ['an empty token', fields(''), {}, /expired/],
    ['a wrong token', fields('0'.repeat(64)), {}, /expired/],
    ["another session's token", fields(B.csrf), {}, /expired/],
    ['Origin of another site', fields(token), { origin: 'https://evil.example' }, /sent from another site/],
    ['Origin of another port', fields(token), { origin: 'http://127.0.0.1:1' }, /sent from another site/],
    ['Origin null', fields(token), { origin: 'null' }, /sent from another site/],
    ['Sec-Fetch-Site: cross-site', fields(token), { headers: { 'Sec-Fetch-Site': 'cross-site' } }, /sent from another site/],
    ['Sec-Fetch-Site: same-site', fields(token), { headers: { 'Sec-Fetch-Site': 'same-site' } }, /sent from another site/],
  ];
  assert.notEqual(B.csrf, token, 'each session has its own token');
  for (const [what, f, opts, msg] of cases) {
    const res = await A.post(`/admin/edit`, f, { token: false, ...opts });
    assert.equal(res.status, 403, `${what}: 403`);
    assert.match(textOf(res.body), msg, `${what}: says why`);
    assert.deepEqual(state(), before, `${what}: nothing changed`);
  }
  for (const [what, p, f] of [['move', '/admin/move', { type: 'program', id, direction: 'up' }],
    ['delete', '/admin/delete', { type: 'program', id, version: String(before.program.version) }],
    ['restore', '/admin/restore', { revision: String(lastRevision().id) }],
    ['preview', '/admin/preview', { path: '/x/', title: 'x' }],
    ['publish a draft', '/admin/draft', { type: 'program', id, do: 'publish' }],
    ['save a draft', '/admin/edit', { type: 'program', id, version: String(before.program.version), title: 'Forged draft', action: 'draft' }],
    ['logout', '/admin/logout', {}]]) {
    const res = await A.post(p, { ...f, csrf_token: B.csrf }, { token: false });
    assert.equal(res.status, 403, `${what} with another session's token: 403`);
    assert.deepEqual(state(), before, `${what}: nothing changed`);
  }
  assert.equal((await A.get('/admin/')).status, 200, 'the session survived the refused logout');

  // Login from another site is refused too (login CSRF).
  const res = await new Browser().post('/admin/login', { username: 'alice', password: USERS.alice },
    { token: false, origin: 'https://evil.example' });
  assert.equal(res.status, 403);
  assert.equal(res.headers['set-cookie'], undefined);
  assert.deepEqual(state(), before, 'no session made');

  // The same form with the right token, from this site, goes through.
  const ok = await A.post('/admin/edit', fields(token), { token: false, headers: { 'Sec-Fetch-Site': 'same-origin' } });
  assert.equal(ok.status, 303, complaint(ok.body));
  assert.equal(one(`SELECT title FROM program WHERE id = ${Number(id)}`).title, 'Forged');
  const noOrigin = await A.post('/admin/edit', withChanges((await A.openForm(`/admin/edit?type=program&id=${id}`)).form.fields,
    { title: 'No Origin sent' }), { origin: null });
  assert.equal(noOrigin.status, 303, 'a tool that sends no Origin relies on the token');
});

/* ======================================================================
 * 7. Throttling
 * ==================================================================== */

test('5 failed logins for a user from an address, 10 for a user, or 20 from an address, and the next attempt gets 429 with Retry-After', T, async () => {
  srv.addUser('carol', 'carol: the right password');
  const at = (addr) => new Browser(addr);
  const RIGHT = 'carol: the right password';
  try {
    // carol's own browser signs in once: it gets a device cookie.
    const own = at('127.0.0.2');
    const first = await own.login('carol', RIGHT);
    assert.equal(first.status, 303);
    const device = (first.headers['set-cookie'] || []).find((c) => c.startsWith('rc_device='));
    assert.match(device ?? '', /^rc_device=[0-9a-f]{64}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=31536000$/,
      'a device cookie, kept a year, for the admin only');
    assert.equal(one(`SELECT count(*) AS n FROM device d JOIN user u ON u.id = d.user_id WHERE u.name = 'carol'`).n, 1);
    assert.match(one("SELECT event || ' ' || username || ' ' || address AS e FROM audit ORDER BY id DESC LIMIT 1").e,
      /^new device carol 127\.0\.0\.2$/, 'the new device in the audit log');

    for (let i = 0; i < 5; i++) {
      const res = await at('127.0.0.3').login('carol', `wrong ${i}`);
      assert.equal(res.status, 403, `failure ${i + 1}`);
    }
    const res = await at('127.0.0.3').login('carol', RIGHT);
    assert.equal(res.status, 429, 'the 6th from that address, with the right password');
    assert.match(res.headers['retry-after'] ?? '', /^\d+$/, 'Retry-After in seconds');
    const wait = Number(res.headers['retry-after']);
    assert.ok(wait >= 890 && wait <= 900, `Retry-After ${wait}: the 15-minute lock`);
    assert.match(textOf(res.body), /Too many failed attempts\. Wait a few minutes, then try again\./);
    assert.equal(res.headers['set-cookie'], undefined, 'no session');
    // The admin's stderr: logs/admin.log under fcgiwrap, Apache's error log under Apache.
    const adminLog = () => (process.env.RC_SERVER || 'nginx') === 'nginx' ? srv.log('admin.log') : logs();
    assert.match(adminLog(), /login throttled for user 'carol' from 127\.0\.0\.3/, 'logged');
    assert.match(adminLog(), /login locked out: 5 failed sign-ins in 15 minutes: this user name from this address/);
    assert.match(logs(), /failed login for user 'carol' from 127\.0\.0\.3/);
    assert.equal(one("SELECT count(*) AS n FROM audit WHERE event = 'lockout' AND username = 'carol' AND address = '127.0.0.3'").n, 1,
      'the lock-out in the audit log');
    assert.equal((await at('127.0.0.4').login('carol', RIGHT)).status, 303, 'the user from another address is not held');

    // An attacker from many addresses locks carol out for strangers, not for her own browser.
    // 5 failures from 127.0.0.3 already; 5 more, from five other addresses, make 10 for carol.
    for (let i = 0; i < 5; i++) assert.equal((await at(`127.0.1.${i + 1}`).login('carol', `guess ${i}`)).status, 403);
    assert.equal((await at('127.0.0.7').login('carol', RIGHT)).status, 429, 'a stranger, for that user, from anywhere');
    const own2 = at('127.0.0.8');	// her browser, signed out, on another network
    own2.jar.set('rc_device', device.split(';')[0].split('=')[1], '/admin');
    assert.equal((await own2.login('carol', RIGHT)).status, 303, 'her own browser, with its device cookie, gets in');

    for (let i = 0; i < 20; i++) assert.equal((await at('127.0.0.5').login(`nobody-${i}`, 'x')).status, 403);
    assert.equal((await at('127.0.0.5').login('alice')).status, 429, 'the address, for any user');
    assert.equal((await at('127.0.0.6').login('alice')).status, 303, 'another address and user are not affected');

    // After 15 minutes the locks end, and the audit log says so.
    sql(srv.dbPath, 'UPDATE login_attempt SET at = at - 16 * 60; UPDATE login_lock SET started_at = started_at - 16 * 60, until = until - 16 * 60;');
    assert.equal((await at('127.0.0.3').login('carol', RIGHT)).status, 303, 'after the lock');
    assert.equal(one("SELECT count(*) AS n FROM audit WHERE event = 'lockout ended'").n, 3, 'the three lock-outs ended, in the audit log');
    // runningcode audit prints them, oldest first.
    const audit = spawnSync(path.join(BUILDDIR, 'runningcode'), ['-d', srv.dbPath, 'audit', '1000'], { encoding: 'utf8', timeout: 10000 });
    assert.equal(audit.status, 0, audit.stderr);
    const lines = audit.stdout.trim().split('\n').map((l) => l.split('\t'));
    const carol = lines.filter((l) => l[2] === 'carol' && l[1] === 'lockout').map((l) => `${l[1]} ${l[3]}`);
    assert.deepEqual(carol, ['lockout 127.0.0.3', 'lockout 127.0.1.5'],
      'runningcode audit: the lock-out of carol at 127.0.0.3, then of carol everywhere');
    assert.ok(lines.every((l) => l.length === 5 && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/.test(l[0])), 'five fields, the time in UTC');
  } finally {
    clearAttempts();
  }
});

/* ======================================================================
 * 8. Sessions: expiry, logout, fixation
 * ==================================================================== */

/* A browser logged in as user, and its session's token_hash. */
async function withSession(user) {
  const was = sessionHashes();
  const b = await loggedIn(user);
  const mine = [...sessionHashes()].filter((h) => !was.has(h));
  assert.equal(mine.length, 1, 'one new session');
  return { b, hash: mine[0] };
}

async function assertLoggedOut(b, what) {
  const res = await b.get('/admin/pages');
  assert.equal(res.status, 303, `${what}: GET redirects`);
  assert.equal(res.headers.location, '/admin/login?next=%2Fadmin%2Fpages', `${what}: to the login form`);
  const post = await b.post('/admin/move', { type: 'program', id: '1', direction: 'up' });
  assert.equal(post.status, 403, `${what}: POST refused`);
  assert.equal(heading(post.body), 'Please log in again');
}

test('a session idle for more than 30 minutes has ended (29 minutes: still live)', T, async () => {
  const { b, hash } = await withSession('alice');
  sql(srv.dbPath, `UPDATE session SET seen_at = seen_at - 29 * 60 WHERE token_hash = ${lit(hash)};`);
  assert.equal((await b.get('/admin/pages')).status, 200, '29 minutes idle: still logged in');
  sql(srv.dbPath, `UPDATE session SET seen_at = seen_at - 31 * 60 WHERE token_hash = ${lit(hash)};`);
  await assertLoggedOut(b, '31 minutes idle');
  // Its row stays a day, opening nothing, so that a form it sends can be
  // kept for its user; the next sign-in after that day drops it.
  sql(srv.dbPath, `UPDATE session SET seen_at = seen_at - 24 * 3600 WHERE token_hash = ${lit(hash)};`);
  await withSession('bob');
  assert.equal(db(`SELECT 1 FROM session WHERE token_hash = ${lit(hash)}`).length, 0, 'a day later the session is gone');
});

test('a session older than 12 hours has ended, even while in use', T, async () => {
  const { b, hash } = await withSession('alice');
  sql(srv.dbPath, `UPDATE session SET created_at = created_at - 11 * 3600 WHERE token_hash = ${lit(hash)};`);
  assert.equal((await b.get('/admin/pages')).status, 200, '11 hours old: still logged in');
  sql(srv.dbPath, `UPDATE session SET created_at = created_at - 2 * 3600 WHERE token_hash = ${lit(hash)};`);
  await assertLoggedOut(b, '13 hours old');
});

test('logout ends the session on the server: the old cookie replayed opens nothing', T, async () => {
  const { b, hash } = await withSession('alice');
  const cookie = b.cookie();
  const token = b.csrf;
  const res = await b.post('/admin/logout', {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/admin/login');
  const c = parseSetCookie([].concat(res.headers['set-cookie'])[0]);
  assert.equal(c.name, 'rc_session');
  assert.equal(c.value, '');
  assert.equal(c.attrs['max-age'], '0', 'the browser forgets the cookie');
  assert.equal(b.cookie(), undefined);
  assert.equal(db(`SELECT 1 FROM session WHERE token_hash = ${lit(hash)}`).length, 0, 'the session row is gone');

  const replay = new Browser();
  replay.jar.set('rc_session', cookie, '/admin');
  replay.csrf = token;
  await assertLoggedOut(replay, 'the old cookie replayed');
});

test('login issues a fresh token: a cookie planted before login never becomes the session (fixation)', T, async () => {
  const planted = 'a'.repeat(64);
  const b = new Browser();
  b.jar.set('rc_session', planted, '/admin');
  const res = await b.login('alice');
  assert.equal(res.status, 303);
  assert.match(b.cookie(), /^[0-9a-f]{64}$/);
  assert.notEqual(b.cookie(), planted);
  assert.equal((await b.get('/admin/')).status, 200);

  // A live session brought to the login (with its CSRF token, as a
  // POST from a logged-in browser must carry) is ended, not reused.
  const other = await loggedIn('bob');
  const shared = new Browser();
  shared.jar.set('rc_session', other.cookie(), '/admin');
  assert.equal(loggedInAs((await shared.get('/admin/')).body), 'bob', 'the brought session works before login');
  const login = await shared.post('/admin/login', { username: 'alice', password: USERS.alice });
  assert.equal(login.status, 303, complaint(login.body));
  assert.notEqual(shared.cookie(), other.cookie(), 'a new token');
  assert.equal(loggedInAs((await shared.get('/admin/')).body), 'alice');
  await assertLoggedOut(other, 'the brought session, after the login');
});

/* ======================================================================
 * 9. Security headers on every admin response
 * ==================================================================== */

function assertSecurityHeaders(r, what) {
  const h = r.headers;
  assert.equal(h['cache-control'], 'no-store', `${what}: Cache-Control`);
  assert.equal(h['x-content-type-options'], 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(h['referrer-policy'], 'same-origin', `${what}: Referrer-Policy`);
  const csp = h['content-security-policy'];
  assert.ok(csp, `${what}: Content-Security-Policy`);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean)
    .map((d) => { const [k, ...v] = d.split(/\s+/); return [k.toLowerCase(), v]; }));
  assert.deepEqual(directives['frame-ancestors'], ["'none'"], `${what}: frame-ancestors 'none'`);
  assert.ok(directives['default-src'], `${what}: default-src`);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${what}: no 'unsafe-inline' or 'unsafe-eval': ${csp}`);
}

test('every admin response has no-store, a strict CSP with frame-ancestors \'none\', nosniff and same-origin referrers', T, async () => {
  const anon = new Browser('127.0.0.7');
  const b = await loggedIn('alice');
  const id = await create(b, 'program', '&page_id=26', { title: 'Header test' });
  const checks = [
    ['login form', () => anon.get('/admin/login'), 200],
    ['redirect to login', () => anon.get('/admin/pages'), 303],
    ['login, empty', () => anon.post('/admin/login', { username: '', password: '' }, { token: false }), 422],
    ['login refused', () => anon.login('alice', 'wrong'), 403],
    ['no such admin page', () => anon.get('/admin/nothing-here'), 404],
    ['wrong method', () => anon.send('/admin/login', { method: 'PUT', headers: { 'Content-Length': '0' } }), 405],
    ['encoded NUL (400 before the database)', () => anon.get('/admin/?x=%00'), 400],
    ['dashboard', () => b.get('/admin/'), 200],
    ['menus', () => b.get('/admin/menus'), 200],
    ['pages', () => b.get('/admin/pages'), 200],
    ['programs', () => b.get('/admin/programs?page=26'), 200],
    ['redirects', () => b.get('/admin/redirects'), 200],
    ['deleted', () => b.get('/admin/deleted'), 200],
    ['audit', () => b.get('/admin/audit'), 200],
    ['history', () => b.get(`/admin/history?type=program&id=${id}`), 200],
    ['edit form', () => b.get(`/admin/edit?type=program&id=${id}`), 200],
    ['new form', () => b.get('/admin/edit?type=page'), 200],
    ['delete confirmation', () => b.get(`/admin/delete?type=program&id=${id}`), 200],
    ['no such kind', () => b.get('/admin/edit?type=nothing'), 404],
    ['record gone', () => b.get('/admin/edit?type=program&id=999999'), 404],
    ['saved', async () => b.submit((await b.openForm(`/admin/edit?type=program&id=${id}`)).form, { title: 'Header test 2' }), 303],
    ['invalid', async () => b.submit((await b.openForm(`/admin/edit?type=program&id=${id}`)).form, { title: '' }), 422],
    ['conflict', () => b.post('/admin/edit', { type: 'program', id, version: '1', page_id: '26', title: 'Stale' }), 409],
    ['CSRF refused', () => b.post('/admin/edit', { type: 'program', id, csrf_token: 'bad' }), 403],
    ['cross-site refused', () => b.post('/admin/edit', { type: 'program', id }, { origin: 'https://evil.example' }), 403],
    ['preview', async () => b.submit((await b.openForm('/admin/edit?type=page&id=26')).form, {}, { action: '/admin/preview' }), 200],
    ['logout', () => b.post('/admin/logout', {}), 303],
  ];
  try {
    for (const [what, fn, status] of checks) {
      let res;
      try {
        res = await fn();
      } catch (e) {
        e.message = `${what}: ${e.message}`;
        throw e;
      }
      assert.equal(res.status, status, `${what}: status`);
      assertSecurityHeaders(res, what);
    }
    for (let i = 0; i < 5; i++) await anon.login('alice', 'wrong');
    const throttled = await anon.login('alice');
    assert.equal(throttled.status, 429);
    assertSecurityHeaders(throttled, 'throttled');
  } finally {
    clearAttempts();
  }
  // And every admin response the other tests saw (a 502 is fcgiwrap's,
  // see the 413 test).
  const others = seen.filter((r) => r.status !== 502);
  assert.ok(others.length > 30, `${others.length} responses seen`);
  for (const r of others) assertSecurityHeaders(r, `${r.method} ${r.path.slice(0, 60)} (${r.status})`);
});

/* ======================================================================
 * 10. XSS
 * ==================================================================== */

function assertNoPayload(html, what) {
  assert.ok(!/<script>alert\(1\)/i.test(html), `${what}: no raw <script> from the payload`);
  assert.ok(!/<img src=x/i.test(html), `${what}: no raw <img src=x from the payload`);
  for (const m of html.matchAll(/<([a-z][a-z0-9]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)) {
    const bad = Object.keys(attributes(m[2])).filter((a) => a.startsWith('on'));
    assert.deepEqual(bad, [], `${what}: no event handler attribute on <${m[1]}>`);
  }
}

test('a script payload in every editable field comes out escaped on the public and admin pages', T, async () => {
  const b = await loggedIn('alice');
  const id = await create(b, 'page', '', { path: '/test/xss/', title: PAYLOAD, summary: PAYLOAD, body: PAYLOAD, published: '1' });
  const entry = await create(b, 'menu_entry', '&place=5', { label: PAYLOAD, page_id: id, url: '' });
  await create(b, 'menu_entry', '&place=footer', { label: PAYLOAD, url: 'https://example.org/' });
  const prog = await create(b, 'program', `&page_id=${id}`, { title: PAYLOAD, description: PAYLOAD, link_page_id: id });
  await create(b, 'program', '&page_id=26', { title: PAYLOAD, description: PAYLOAD });

  for (const p of ['/test/xss/', RUNNING_CODE, '/about/', '/']) {
    const html = await publicPage(p);
    assertNoPayload(html, p);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${p}: the payload is there, escaped`);
  }
  const page = await publicPage('/test/xss/');
  assert.equal(heading(page), PAYLOAD, 'the title reads as typed');
  assert.equal(textOf(/<title>([\s\S]*?)<\/title>/.exec(page)[1]), `${PAYLOAD} | IETF`);
  assert.equal(decode(/<meta name="description" content="([^"]*)">/.exec(page)[1]), PAYLOAD, 'the summary, inside its attribute');
  assert.ok(section(page, 'About').children.some((c) => c.label === PAYLOAD), 'the label reads as typed');
  assert.ok(programs(page).some((g) => g.title === PAYLOAD && g.description === PAYLOAD));

  // A conflict, an invalid form, a preview and a deletion echo it too.
  const { form: stale } = await b.openForm(`/admin/edit?type=program&id=${prog}`);
  await edit(b, 'program', prog, { title: `${PAYLOAD} 2` });
  const conflict = await b.submit(stale, { title: `${PAYLOAD} 3` });
  assert.equal(conflict.status, 409);
  assertNoPayload(conflict.body, 'conflict page');
  const invalid = await b.submit((await b.openForm(`/admin/edit?type=page&id=${id}`)).form,
    { path: PAYLOAD, title: PAYLOAD });
  assert.equal(invalid.status, 422);
  assertNoPayload(invalid.body, 'invalid form');
  const badLink = await b.submit((await b.openForm('/admin/edit?type=menu_entry&place=footer')).form,
    { label: PAYLOAD, url: `https://example.org/"><script>alert(1)</script>` });
  assertNoPayload(badLink.body, 'link form');
  const preview = await b.submit((await b.openForm(`/admin/edit?type=page&id=${id}`)).form, {}, { action: '/admin/preview' });
  assert.equal(preview.status, 200);
  assertNoPayload(preview.body, 'preview');
  await edit(b, 'page', id, { path: '/test/xss-moved/' });
  await remove(b, 'program', prog);

  for (const p of ['/admin/', '/admin/pages', '/admin/menus', '/admin/redirects', '/admin/deleted', '/admin/audit',
    `/admin/programs?page=${id}`, '/admin/programs?page=26', `/admin/edit?type=page&id=${id}`,
    `/admin/edit?type=menu_entry&id=${entry}`, `/admin/history?type=page&id=${id}`,
    `/admin/history?type=menu_entry&id=${entry}`, `/admin/history?type=program&id=${prog}`,
    `/admin/delete?type=menu_entry&id=${entry}`, '/admin/edit?type=redirect&id=%2Ftest%2Fxss%2F']) {
    const res = await b.get(p);
    assert.equal(res.status, 200, p);
    assertNoPayload(res.body, p);
    assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${p}: the payload is there, escaped`);
  }
});

test('Markdown with raw HTML or javascript: links renders safe', T, async () => {
  const b = await loggedIn('alice');
  const body = [
    '<script>alert(1)</script>',
    '',
    '<img src=x onerror=alert(1)>',
    '',
    '<a href="javascript:alert(1)">raw link</a> <iframe src="https://evil.example/"></iframe>',
    '',
    '[js link](javascript:alert(1)) [JS link](JAVASCRIPT:alert(1)) [vb link](vbscript:msgbox(1))',
    '[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [ok link](https://example.org/ok)',
    '',
    '![js image](javascript:alert(1)) <div onmouseover="alert(1)">hover</div>',
    '',
    '<style>body{display:none}</style>',
  ].join('\n');
  await makePage(b, '/test/markdown/', 'Markdown page', { body });
  const html = await publicPage('/test/markdown/');
  const main = /<div class="page__body">([\s\S]*?)<\/div>\s*<\/article>/.exec(html)?.[1] ?? '';
  assert.ok(main, 'the body is rendered');
  assertNoPayload(html, 'the page');
  assert.ok(!/<(script|iframe|style|object|embed)\b/i.test(main), 'no dangerous element');
  for (const m of main.matchAll(/\s(href|src)="([^"]*)"/g)) {
    assert.ok(!/^\s*(javascript|vbscript|data):/i.test(decode(m[2])), `no ${m[1]}="${m[2]}"`);
  }
  const links = anchors(main);
  assert.deepEqual(links.find((a) => a.label === 'ok link'), { href: 'https://example.org/ok', current: null, label: 'ok link' },
    'a good link stays');
  for (const l of ['js link', 'JS link', 'vb link', 'data link']) {
    assert.equal(links.find((a) => a.label === l)?.href, '', `${l}: rendered without its target`);
  }
});

/* ======================================================================
 * 11. The command line
 * ==================================================================== */

test('runningcode user add, passwd, del and list; passwords on stdin only; passwd ends sessions', T, async () => {
  try {
    let r = srv.cli(['user', 'add', 'dave'], { input: 'dave: first password\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /user 'dave' created/);
    const row = one("SELECT password FROM user WHERE name = 'dave'");
    assert.match(row.password, /^\$argon2id\$/, 'an argon2id hash');
    assert.ok(!row.password.includes('first password'));

    r = srv.cli(['user', 'add', 'dave'], { input: 'another\n' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /user 'dave' exists already/);
    r = srv.cli(['user', 'add', 'eve', 'password-in-argv'], { input: 'x\n' });
    assert.equal(r.status, 2, 'a password in argv is a usage error');
    r = srv.cli(['user', 'passwd', 'dave', 'password-in-argv']);
    assert.equal(r.status, 2);
    r = srv.cli(['user', 'add', 'eve'], { input: '' });
    assert.equal(r.status, 1, 'no password on stdin');
    assert.match(r.stderr, /no password given/);
    assert.equal(db("SELECT 1 FROM user WHERE name = 'eve'").length, 0, 'eve was never made');

    const first = new Browser();
    assert.equal((await first.login('dave', 'dave: first password')).status, 303, 'dave logs in');
    assert.equal((await first.get('/admin/')).status, 200);
    r = srv.cli(['user', 'list']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^USER\s+ROLE\s+STATUS\s+CREATED\s+SESSIONS$/m);
    assert.match(r.stdout, /^dave\s+administrator\s+active\s+\d{4}-\d\d-\d\dT\S+\s+1$/m, 'dave, an administrator, with one session');
    assert.match(r.stdout, /^alice\s/m);

    r = srv.cli(['user', 'passwd', 'dave'], { input: 'dave: second password\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /password of 'dave' changed/);
    await assertLoggedOut(first, 'after passwd');
    assert.match(srv.cli(['user', 'list']).stdout, /^dave\s+administrator\s+active\s+\S+\s+0$/m, 'no session left');
    assert.equal((await new Browser().login('dave', 'dave: first password')).status, 403, 'the old password no longer works');
    const second = new Browser();
    assert.equal((await second.login('dave', 'dave: second password')).status, 303, 'the new one does');
    r = srv.cli(['user', 'passwd', 'nobody'], { input: 'x\n' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no user 'nobody'/);

    r = srv.cli(['user', 'del', 'dave']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(srv.cli(['user', 'list']).stdout, /^dave\s/m);
    await assertLoggedOut(second, 'after del');
    assert.equal((await new Browser().login('dave', 'dave: second password')).status, 403);
    r = srv.cli(['user', 'del', 'dave']);
    assert.equal(r.status, 1);
  } finally {
    clearAttempts();
  }
});

/* ======================================================================
 * 12. Drafts of live records
 * ==================================================================== */

const draftsOf = (type, id) => one(`SELECT count(*) AS n FROM draft WHERE entity = ${lit(type)} AND record_id = ${lit(id)}`).n;
/* The published file of the page at p (publishing is on), or null. */
const publishedFile = (p) => {
  try {
    return fs.readFileSync(path.join(srv.runtime, 'public', p, 'index.html'));
  } catch {
    return null;
  }
};
const editUrl = (type, id) => `/admin/edit?type=${type}&id=${encodeURIComponent(id)}`;

/* Save the form of record id as a draft, with changes, as a click on
 * "Save draft" does; returns the page it lands on. */
async function saveDraft(b, type, id, changes) {
  const { form } = await b.openForm(editUrl(type, id));
  const res = await b.submit(form, { ...changes, action: 'draft' });
  assert.equal(res.status, 303, `draft of ${type} ${id}: ${complaint(res.body)}`);
  assert.equal(res.headers.location, `${editUrl(type, id)}&draft=saved`, 'back to the form');
  const landing = await b.get(res.headers.location);
  assert.equal(landing.status, 200);
  return landing;
}

/* Press "Publish draft" or "Discard draft" on the form of record id. */
async function draftAction(b, type, id, what) {
  const { form } = await b.openForm(editUrl(type, id), '/admin/draft');
  return b.submit(form, { do: what });
}

test('a draft of a published page: visitors and the published file keep the live page byte for byte; history and the form show the draft, "Draft saved, not live."; preview renders it; publishing makes it live at once, with one update revision', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/drafted/', 'Live title', { body: 'Live body.' });
  const livePage = await publicPage('/test/drafted/');
  const liveFile = publishedFile('/test/drafted/');
  assert.ok(liveFile, 'the page has its published file');
  const row = () => one(`SELECT title, body, version FROM page WHERE id = ${Number(id)}`);
  const revs = revCount();

  const landing = await saveDraft(b, 'page', id, { title: 'Drafted title', body: 'Drafted *body*.' });
  const text = textOf(landing.body);
  assert.match(text, /Draft saved, not live\./);
  assert.match(text, /This form shows a draft saved by alice at \d{1,2} \w{3} \d{4}, \d\d:\d\d ?; visitors still see the live version\./);
  const form = forms(landing.body).find((f) => f.action === '/admin/edit');
  const value = (name) => form.fields.find(([k]) => k === name)?.[1];
  assert.equal(value('title'), 'Drafted title', 'the form shows the draft');
  assert.equal(value('body'), 'Drafted *body*.');
  assert.equal(value('draft_shown'), '1');
  assert.match(landing.body, /<summary>The live version<\/summary>[\s\S]*<dd><pre>Live title<\/pre><\/dd>/, 'the live values beside it');
  const actions = forms(landing.body).filter((f) => f.action === '/admin/draft');
  assert.deepEqual(actions.length, 1, 'a form to publish or discard the draft');
  assert.match(actions[0].html, /<button type="submit" name="do" value="publish">Publish draft<\/button>/);
  assert.match(actions[0].html, /<button type="submit" class="secondary" name="do" value="discard">Discard draft<\/button>/);

  assert.equal(await publicPage('/test/drafted/'), livePage, 'visitors get the live page, byte for byte');
  assert.ok(publishedFile('/test/drafted/').equals(liveFile), 'its published file is as it was');
  assert.deepEqual(row(), { title: 'Live title', body: 'Live body.', version: 1 }, 'the live record as it was');
  assert.equal(revCount(), revs + 1, 'one revision');
  const history = revisionsOf((await b.get(`/admin/history?type=page&id=${id}`)).body);
  assert.deepEqual(history.map((r) => r.action), ['draft', 'create'], 'the draft in the history');
  assert.deepEqual(history[0].changes, { Title: ['Live title', 'Drafted title'], Body: ['Live body.', 'Drafted *body*.'] });
  assert.equal(history[0].username, 'alice');
  assert.match(rowWith((await b.get('/admin/pages?q=drafted')).body, '/test/drafted/') ?? '', /Live Draft pending/,
    '/admin/pages: live, with a draft pending');

  // Opened again later, the form still shows the draft, without "saved".
  const { res: again } = await b.openForm(editUrl('page', id));
  assert.doesNotMatch(textOf(again.body), /Draft saved, not live/);
  assert.match(textOf(again.body), /This form shows a draft saved by alice/);
  const preview = await b.submit(form, {}, { action: '/admin/preview' });
  assert.equal(preview.status, 200, complaint(preview.body));
  assert.equal(heading(preview.body), 'Drafted title', 'preview shows the draft');
  assert.match(preview.body, /Drafted <em>body<\/em>\./);

  const res = await draftAction(b, 'page', id, 'publish');
  assert.equal(res.status, 303, complaint(res.body));
  assert.match(res.headers.location, /^\/admin\/pages\?done=\d+$/);
  assert.match(textOf((await b.get(res.headers.location)).body), /Saved the page “Drafted title”\./);
  const now = await publicPage('/test/drafted/');
  assert.equal(heading(now), 'Drafted title', 'live at once');
  assert.match(now, /Drafted <em>body<\/em>\./);
  assert.equal(publishedFile('/test/drafted/').toString('utf8'), now, 'the file republished');
  assert.deepEqual(row(), { title: 'Drafted title', body: 'Drafted *body*.', version: 2 });
  assert.equal(draftsOf('page', id), 0, 'the draft gone');
  assert.equal(revCount(), revs + 2, 'one more revision');
  assert.deepEqual(revisionsOf((await b.get(`/admin/history?type=page&id=${id}`)).body).map((r) => r.action),
    ['update', 'draft', 'create']);
  assert.doesNotMatch(rowWith((await b.get('/admin/pages?q=drafted')).body, '/test/drafted/') ?? '', /Draft pending/);
  const { res: after } = await b.openForm(editUrl('page', id));
  assert.doesNotMatch(textOf(after.body), /draft saved by/, 'the form shows the live page again');
});

test('a draft that fails validation is refused with 422 next to the field, the input kept, nothing stored; discarding a draft leaves the live page as it was', T, async () => {
  const b = await loggedIn('bob');
  const id = await makePage(b, '/test/discarded/', 'Kept title', { body: 'Kept body.' });
  const livePage = await publicPage('/test/discarded/');
  const revs = revCount();
  const { form } = await b.openForm(editUrl('page', id));
  let res = await b.submit(form, { title: '', body: 'Typed body.', action: 'draft' });
  assert.equal(res.status, 422);
  assert.equal(fieldError(res.body, 'title'), 'This cannot be empty.');
  assert.match(res.body, /<textarea id="f-body"[^>]*>\nTyped body\.<\/textarea>/, 'the input kept');
  assert.ok(res.body.includes('name="action" value="draft">Save draft</button>'), 'Save draft offered again');
  assert.equal(draftsOf('page', id), 0, 'no draft stored');
  assert.equal(revCount(), revs, 'no revision');

  await saveDraft(b, 'page', id, { title: 'Soon discarded' });
  res = await draftAction(b, 'page', id, 'discard');
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(res.headers.location, `${editUrl('page', id)}&draft=discarded`);
  const landing = await b.get(res.headers.location);
  assert.match(textOf(landing.body), /Draft discarded\. The form shows the live version\./);
  assert.equal(forms(landing.body).find((f) => f.action === '/admin/edit').fields.find(([k]) => k === 'title')[1], 'Kept title');
  assert.equal(draftsOf('page', id), 0, 'the draft gone');
  assert.equal(await publicPage('/test/discarded/'), livePage, 'the live page as it was');
  assert.deepEqual(one(`SELECT title, version FROM page WHERE id = ${Number(id)}`), { title: 'Kept title', version: 1 });
  const history = revisionsOf((await b.get(`/admin/history?type=page&id=${id}`)).body);
  assert.deepEqual(history.map((r) => r.action), ['discard', 'draft', 'create']);
  res = await draftAction(b, 'page', id, 'publish').catch((e) => e);
  assert.ok(res instanceof Error, 'no draft form once the draft is gone');
  res = await b.post('/admin/draft', { type: 'page', id, do: 'publish' });
  assert.equal(res.status, 409, 'publishing a draft that is gone');
  assert.match(textOf(res.body), /This page has no draft now/);
});

test('a draft, then another editor saves the live page: publishing the draft gets the 409 conflict page and changes nothing; re-applying it saves it and drops the draft', T, async () => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const id = await makePage(A, '/test/draft-conflict/', 'Base title', { body: 'Base body.' });
  const { form: formB } = await B.openForm(editUrl('page', id));	// before the draft
  await saveDraft(A, 'page', id, { title: 'Drafted by A' });
  let res = await B.submit(formB, { title: 'Saved by B' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(draftsOf('page', id), 1, "B's save, from a form without the draft, keeps it");
  const revs = revCount();

  res = await draftAction(A, 'page', id, 'publish');
  assert.equal(res.status, 409);
  assert.equal(heading(res.body), 'Changed meanwhile');
  assert.match(textOf(res.body), /bob saved this page at .*, after you opened it, so your changes were not saved/);
  assert.deepEqual(conflictRows(res.body).Title, { different: true, saved: 'Saved by B', mine: 'Drafted by A' });
  assert.equal(heading(await publicPage('/test/draft-conflict/')), 'Saved by B', 'nothing overwritten');
  assert.equal(draftsOf('page', id), 1, 'the draft kept');
  assert.equal(revCount(), revs, 'no revision');

  res = await A.submit(forms(res.body).find((f) => f.action === '/admin/edit'));
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(heading(await publicPage('/test/draft-conflict/')), 'Drafted by A');
  assert.equal(draftsOf('page', id), 0, 'the re-applied draft dropped');
});

test('programs and menu entries take drafts too, listed as "Draft pending" while visitors see the live one; deleting drops the draft; new records and redirects offer no draft', T, async () => {
  const b = await loggedIn('alice');
  const program = await create(b, 'program', '&page_id=26', { title: 'Live program', link_url: 'https://example.org/live' });
  await saveDraft(b, 'program', program, { title: 'Drafted program' });
  assert.match(rowWith((await b.get('/admin/programs?page=26')).body, 'Live program') ?? '', /Draft pending/);
  assert.equal(programs(await publicPage(RUNNING_CODE)).find((g) => g.id === program)?.title, 'Live program');

  const entry = await create(b, 'menu_entry', '&place=footer', { label: 'Live entry', url: 'https://example.org/entry' });
  const landing = await saveDraft(b, 'menu_entry', entry, { label: 'Drafted entry' });
  assert.match(textOf(landing.body), /Draft saved, not live\./);
  assert.match(rowWith((await b.get('/admin/menus')).body, 'Live entry') ?? '', /Live entry Draft pending/);
  const footer = footerMenu(await publicPage('/'));
  assert.ok(footer.some((e) => e.label === 'Live entry') && !footer.some((e) => e.label === 'Drafted entry'),
    'the footer shows the live entry');
  await remove(b, 'menu_entry', entry);
  assert.equal(draftsOf('menu_entry', entry), 0, 'deleting the entry dropped its draft');
  await draftAction(b, 'program', program, 'discard');

  const { res: fresh } = await b.openForm('/admin/edit?type=page');
  assert.doesNotMatch(fresh.body, /Save draft/, 'a new page has no draft: it is not live until published');
  const from = await create(b, 'redirect', '', { path: '/test/draftless-redirect/', page_id: '26' });
  const { res: redirect, form } = await b.openForm(editUrl('redirect', from));
  assert.doesNotMatch(redirect.body, /Save draft/, 'redirects take no drafts');
  const res = await b.submit(form, { action: 'draft' });
  assert.equal(res.status, 400, 'a redirect sent as a draft is refused');
  assert.equal(one("SELECT count(*) AS n FROM draft WHERE entity = 'redirect'").n, 0);
});

test('a private preview link to a page\'s draft: a reviewer without an account sees the draft with a "Preview, not live." banner, noindex; unguessable, only its hash stored; it expires, can be revoked, and dies with the draft', T, async () => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/previewed/', 'Previewed live', { body: 'Live body.' });
  const landing = await saveDraft(b, 'page', id, { title: 'Previewed draft', body: 'Draft *body*.' });
  const makeForm = forms(landing.body).find((f) => f.action === '/admin/preview-link' && f.fields.some(([k, v]) => k === 'do' && v === 'make'));
  assert.ok(makeForm, 'the form that shows a draft offers a preview link');
  assert.deepEqual(selectOptions(landing.body, 'hours').map((o) => [o.value, o.text, o.selected]),
    [['1', 'an hour', false], ['24', 'a day', true], ['168', 'a week', false], ['720', '30 days', false]]);

  let res = await b.submit(makeForm, { hours: '1' });
  assert.equal(res.status, 200, complaint(res.body));
  assert.equal(heading(res.body), 'Preview link made');
  const href = decode(/<input id="preview-link" type="text" value="([^"]+)" readonly>/.exec(res.body)[1]);
  const link = new URL(href);
  assert.equal(link.origin, ORIGIN, 'an address on this site');
  assert.equal(link.pathname, '/admin/shared');
  const token = link.searchParams.get('t');
  assert.match(token, /^[0-9a-f]{64}$/, '256 random bits');
  assert.match(textOf(res.body), /until \d{1,2} \w{3} \d{4}, \d\d:\d\d/);
  const stored = one('SELECT * FROM preview_link ORDER BY id DESC LIMIT 1');
  assert.equal(stored.record_id, String(id));
  assert.notEqual(stored.token_hash, token, 'only its hash is kept');
  assert.ok(!JSON.stringify(db('SELECT * FROM preview_link')).includes(token), 'the token is nowhere in the database');
  assert.ok(Math.abs(stored.expires_at - (Date.now() / 1000 + 3600)) < 60, 'expires in an hour');

  const reviewer = new Browser('127.0.0.9');
  res = await reviewer.get(`${link.pathname}${link.search}`);
  assert.equal(res.status, 200, complaint(res.body));
  assert.equal(heading(res.body), 'Previewed draft', 'the draft, as visitors will see it');
  assert.match(res.body, /Draft <em>body<\/em>\./);
  assert.match(textOf(res.body), /Preview, not live\. This is a draft; visitors see the published page\./);
  assert.match(res.body, /<meta name="robots" content="noindex">/);
  assert.match(res.body, /<meta name="referrer" content="no-referrer">/);
  assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(heading(await publicPage('/test/previewed/')), 'Previewed live', 'visitors still see the live page');
  assert.equal((await reviewer.get('/admin/')).status, 303, 'the link opens nothing else');
  assert.equal((await reviewer.get(`/admin/shared?t=${'0'.repeat(64)}`)).status, 404, 'a guessed token: 404');
  assert.equal((await reviewer.get('/admin/shared?t=x')).status, 404);

  // Listed on the form, with who made it and until when; revoked from there.
  const { res: form } = await b.openForm(editUrl('page', id));
  assert.match(textOf(form.body), /A preview link made by alice works until \d{1,2} \w{3} \d{4}, \d\d:\d\d/);
  const revoke = forms(form.body).find((f) => f.action === '/admin/preview-link' && f.fields.some(([k, v]) => k === 'do' && v === 'revoke'));
  res = await b.submit(revoke);
  assert.equal(res.status, 303, complaint(res.body));
  res = await reviewer.get(`${link.pathname}${link.search}`);
  assert.equal(res.status, 404, 'revoked');
  assert.match(textOf(res.body), /This preview link does not work \(any more\)/);
  assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');

  // Expired: a link past its time.
  const { form: make2 } = await b.openForm(editUrl('page', id), '/admin/preview-link');
  res = await b.submit(make2, { hours: '24' });
  const second = new URL(decode(/value="([^"]+)" readonly>/.exec(res.body)[1]));
  assert.equal((await reviewer.get(`${second.pathname}${second.search}`)).status, 200);
  sql(srv.dbPath, `UPDATE preview_link SET expires_at = strftime('%s', 'now') - 1 WHERE record_id = ${lit(id)}`);
  assert.equal((await reviewer.get(`${second.pathname}${second.search}`)).status, 404, 'expired');

  // Publishing (or discarding) the draft ends its links.
  const { form: make3 } = await b.openForm(editUrl('page', id), '/admin/preview-link');
  res = await b.submit(make3, { hours: '168' });
  const third = new URL(decode(/value="([^"]+)" readonly>/.exec(res.body)[1]));
  assert.equal((await reviewer.get(`${third.pathname}${third.search}`)).status, 200);
  assert.equal((await draftAction(b, 'page', id, 'publish')).status, 303);
  assert.equal((await reviewer.get(`${third.pathname}${third.search}`)).status, 404, 'the draft published: the link ends');
  assert.equal(one(`SELECT count(*) AS n FROM preview_link WHERE record_id = ${lit(id)}`).n, 0, 'its links gone');
  await saveDraft(b, 'page', id, { title: 'A later draft' });
  assert.equal((await reviewer.get(`${third.pathname}${third.search}`)).status, 404, 'nor does it show a later draft');
  await draftAction(b, 'page', id, 'discard');
  res = await b.post('/admin/preview-link', { type: 'page', id, do: 'make', hours: '24' });
  assert.equal(res.status, 409, 'no link without a draft');
  res = await b.post('/admin/preview-link', { type: 'redirect', id: '/x/', do: 'make', hours: '24' });
  assert.equal(res.status, 400, 'redirects show on no page: no preview links');

  // A program's draft: its link shows the program's page with the draft.
  await saveDraft(b, 'program', '1', { title: 'Hackathons, as drafted for review' });
  res = await b.post('/admin/preview-link', { type: 'program', id: '1', do: 'make', hours: '24' });
  assert.equal(res.status, 200, complaint(res.body));
  const programLink = new URL(decode(/value="([^"]+)" readonly>/.exec(res.body)[1]));
  const seen = await reviewer.get(`${programLink.pathname}${programLink.search}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.headers['x-robots-tag'], 'noindex, nofollow');
  assert.equal(heading(seen.body), 'Running code', 'the program\'s page');
  assert.ok(programs(seen.body).some((g) => g.title === 'Hackathons, as drafted for review'), 'with the draft');
  assert.ok(!programs(await publicPage(RUNNING_CODE)).some((g) => g.title === 'Hackathons, as drafted for review'),
    'visitors see the live program');
  await draftAction(b, 'program', '1', 'discard');
});

test('save times with and without a draft (diagnostic)', T, async (t) => {
  const b = await loggedIn('alice');
  const id = await makePage(b, '/test/timed/', 'Timed', { body: 'Timed body.' });
  const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const timed = async (fn) => {
    const start = process.hrtime.bigint();
    const res = await fn();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.equal(res.status, 303, complaint(res.body));
    return ms;
  };
  const times = { save: [], saveDraft: [], saveOverDraft: [], publishDraft: [] };
  for (let i = 0; i < 10; i++) {
    let { form } = await b.openForm(editUrl('page', id));
    times.save.push(await timed(() => b.submit(form, { title: `Timed ${i}` })));
    ({ form } = await b.openForm(editUrl('page', id)));
    times.saveDraft.push(await timed(() => b.submit(form, { title: `Timed draft ${i}`, action: 'draft' })));
    ({ form } = await b.openForm(editUrl('page', id)));
    times.saveOverDraft.push(await timed(() => b.submit(form, { title: `Timed over ${i}` })));
    ({ form } = await b.openForm(editUrl('page', id)));
    await b.submit(form, { title: `Timed draft again ${i}`, action: 'draft' });
    ({ form } = await b.openForm(editUrl('page', id), '/admin/draft'));
    times.publishDraft.push(await timed(() => b.submit(form, { do: 'publish' })));
  }
  t.diagnostic(`median of 10, ms: ${Object.entries(times).map(([k, v]) => `${k} ${median(v).toFixed(1)}`).join(', ')}`);
});
