'use strict';
/*
 * tests/varnish.test.js: conf/runningcode.vcl on a real varnishd (Debian's
 * varnish with varnish-modules' xkey), on loopback in front of the test
 * nginx, with the site publishing its pages: pages are cached; an admin
 * save purges, by its cache tags, exactly what it changed, before the
 * editor's answer; a purge from outside the ACL is refused; a page
 * keeps being served while the site is down (grace). The VCL is the
 * shipped file with only the backend's port substituted.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer, request, query, freePort, skipSuiteWithout, BUILDDIR, SRCDIR } = require('./lib/server.js');
const { browserKit } = require('./lib/editor.js');
const { heading } = require('./lib/html.js');

const VARNISHD = '/usr/sbin/varnishd';
if (skipSuiteWithout('varnish', [VARNISHD, '/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so',
  '/usr/sbin/nginx', 'fcgiwrap', 'sqlite3'])) return;

const T = { timeout: 60000 };
const USERS = { alice: 'alice: varnish password' };
const READY_MS = 15000;

let srv;
let edge;	/* { url, child, dir } */
const { loggedIn, edit } = browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pageOf = (p) => query(srv.dbPath, `SELECT * FROM page WHERE path = '${p.replace(/'/g, "''")}'`)[0];
const viaEdge = (p, opts) => request(edge.url, p, opts);

/* Start varnishd in the foreground on a free loopback port, with the
 * shipped VCL pointed at backendPort; resolves once it answers. */
async function startVarnish(backendPort) {
  const dir = fs.mkdtempSync(path.join(BUILDDIR, 'tests', 'tmp', 'varnish-'));
  const vcl = fs.readFileSync(path.join(SRCDIR, 'conf', 'runningcode.vcl'), 'utf8')
    .replace('.port = "80";', `.port = "${backendPort}";`);
  assert.ok(vcl.includes(`.port = "${backendPort}";`), 'the backend port was substituted');
  fs.writeFileSync(path.join(dir, 'runningcode.vcl'), vcl);
  const port = await freePort();
  // -j none: no jail (the test may run as root or not); -n: its own
  // working folder; -F: in the foreground, ended by its PID.
  const child = spawn(VARNISHD, ['-F', '-j', 'none', '-n', path.join(dir, 'work'), '-a', `127.0.0.1:${port}`,
    '-f', path.join(dir, 'runningcode.vcl'), '-s', 'malloc,32m', '-T', 'none'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  process.on('exit', () => { try { child.kill('SIGTERM'); } catch { /* gone */ } });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await request(url, '/robots.txt', { timeout: 1000 })).status === 200) return { url, child, dir };
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new Error(`varnishd did not answer in ${READY_MS} ms: ${output}`);
}

before(async () => {
  srv = await startServer({ fastPasswords: true, publish: true });
  for (const [name, pw] of Object.entries(USERS)) srv.addUser(name, pw);
  edge = await startVarnish(new URL(srv.url).port);
}, { timeout: 40000 });

after(async () => {
  if (edge) {
    edge.child.kill('SIGTERM');
    await new Promise((r) => (edge.child.exitCode !== null ? r() : edge.child.once('exit', r)));
    fs.rmSync(edge.dir, { recursive: true, force: true });
  }
  if (srv) await srv.stop();
}, { timeout: 30000 });

/* Send the purge the admin sends for tags (conf/runningcode.vcl), from
 * localAddress; resolves to the answer. */
const purge = (tags, localAddress, header = 'xkey-purge') =>
  request(edge.url, '/', { method: 'PURGE', headers: { [header]: tags }, localAddress });

test('a page is cached at the edge: the second read is a hit, with the same bytes and tags', T, async () => {
  const first = await viaEdge('/how/wgs/');
  assert.equal(first.status, 200);
  const second = await viaEdge('/how/wgs/');
  assert.equal(second.status, 200);
  assert.equal(second.headers['x-cache'], 'hit', 'served from the cache');
  assert.equal(second.body, first.body);
  assert.equal(second.headers.xkey, 'rc-site rc-menus rc-page:/how/wgs/', 'the tags the site gave it');
  assert.match(second.headers['cache-control'], /^max-age=0, /, 'browsers still ask again each time');
});

test('the admin stays uncached: /admin/ passes through', T, async () => {
  const a = await viaEdge('/admin/');
  const b = await viaEdge('/admin/');
  assert.notEqual(b.headers['x-cache'], 'hit', 'never from the cache');
  assert.equal(a.status, b.status);
});

test('an admin save, then a purge of its tags: the edge serves the new version', T, async () => {
  const wgs = pageOf('/how/wgs/');
  const other = '/how/lists/';
  await viaEdge('/how/wgs/');
  await viaEdge(other);
  assert.equal((await viaEdge(other)).headers['x-cache'], 'hit');
  const b = await loggedIn('alice');
  try {
    await edit(b, 'page', wgs.id, { title: 'Working groups at the edge' });
    const gone = await purge('rc-page:/how/wgs/', '127.0.0.1');
    assert.equal(gone.status, 200, `the purge is accepted: ${gone.body.slice(0, 200)}`);
    const now = await viaEdge('/how/wgs/');
    assert.equal(heading(now.body), 'Working groups at the edge', 'the new version');
    assert.equal((await viaEdge(other)).headers['x-cache'], 'hit', 'a page the change did not touch stays cached');
    const menus = await purge('rc-menus', '127.0.0.1');
    assert.equal(menus.status, 200);
    assert.equal((await viaEdge(other)).headers['x-cache'], 'miss', 'rc-menus purges every page');
  } finally {
    await edit(b, 'page', wgs.id, { title: wgs.title });
    await purge('rc-page:/how/wgs/', '127.0.0.1');
  }
});

test('a purge from an address outside the ACL is refused, and purges nothing', T, async () => {
  await viaEdge('/how/wgs/');
  assert.equal((await viaEdge('/how/wgs/')).headers['x-cache'], 'hit');
  for (const header of ['xkey-purge', 'xkey-softpurge']) {
    const res = await purge('rc-menus', '127.0.0.2', header);
    assert.equal(res.status, 403, `${header} from 127.0.0.2`);
  }
  const url = await request(edge.url, '/how/wgs/', { method: 'PURGE', localAddress: '127.0.0.2' });
  assert.equal(url.status, 403, 'a URL PURGE from 127.0.0.2');
  assert.equal((await viaEdge('/how/wgs/')).headers['x-cache'], 'hit', 'still cached');
});

test('a URL PURGE from the ACL drops that one address', T, async () => {
  await viaEdge('/how/wgs/');
  assert.equal((await viaEdge('/how/wgs/')).headers['x-cache'], 'hit');
  const res = await request(edge.url, '/how/wgs/', { method: 'PURGE', localAddress: '127.0.0.1' });
  assert.equal(res.status, 200);
  assert.equal((await viaEdge('/how/wgs/')).headers['x-cache'], 'miss');
});

// Last: it stops the site.
test('grace: with the site stopped, a cached page past its lifetime is still served', T, async () => {
  const before_ = await viaEdge('/how/wgs/');
  assert.equal(before_.status, 200);
  // A soft purge ends its lifetime but keeps it for grace.
  assert.equal((await purge('rc-page:/how/wgs/', '127.0.0.1', 'xkey-softpurge')).status, 200);
  await srv.stop();
  srv = null;
  // Past the 10 s of grace the VCL allows while the site answers: only
  // the probe's verdict (down) keeps it served now.
  await sleep(11000);
  for (let i = 0; i < 5; i++) {
    const res = await viaEdge('/how/wgs/');
    assert.equal(res.status, 200, `read ${i + 1} with the site down`);
    assert.equal(res.body, before_.body, 'the page as it was');
  }
  const never = await viaEdge('/never-cached/');
  assert.equal(never.status, 503, 'a page never cached cannot be served');
});
