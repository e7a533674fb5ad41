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
const { spawnSync } = require('node:child_process');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, request, query, freePort, skipSuiteWithout, BUILDDIR, SRCDIR } = require('./lib/server.js');
const { VARNISHD, XKEY_VMOD, startVarnish, stopVarnish } = require('./lib/varnish.js');
const { browserKit, complaint } = require('./lib/editor.js');
const { samples } = require('./lib/upload.js');
const { heading, textOf, anchors } = require('./lib/html.js');

if (skipSuiteWithout('varnish', [VARNISHD, XKEY_VMOD,
  '/usr/sbin/nginx', 'fcgiwrap', 'sqlite3'])) return;

const T = { timeout: 60000 };
const USERS = { alice: 'alice: varnish password' };

let srv;
let edge;	/* { url, child, dir } */
const { loggedIn, create, edit, remove, restore } = browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pageOf = (p) => query(srv.dbPath, `SELECT * FROM page WHERE path = '${p.replace(/'/g, "''")}'`)[0];
const viaEdge = (p, opts) => request(edge.url, p, opts);

let edgePort;
let laterPort;	/* a cache of the purge setting that is down until a test starts it */
let later;
let byUrl;	/* a cache of the purge_urls setting: purged address by address */

before(async () => {
  edgePort = await freePort();
  laterPort = await freePort();
  const byUrlPort = await freePort();
  srv = await startServer({ fastPasswords: true, publish: true,
    purge: `http://127.0.0.1:${edgePort} http://127.0.0.1:${laterPort}`, purgeUrls: `http://127.0.0.1:${byUrlPort}` });
  for (const [name, pw] of Object.entries(USERS)) srv.addUser(name, pw);
  edge = await startVarnish(edgePort, new URL(srv.url).port);
  byUrl = await startVarnish(byUrlPort, new URL(srv.url).port);
  // tools/serve's `runningcode publish` purged rc-site before the edge
  // was up: delivered now; the other cache stays down, its purge queued.
  const retry = srv.cli(['purge', '--retry']);
  assert.match(retry.stdout, new RegExp(`^http://127\\.0\\.0\\.1:${edgePort}: purged$`, 'm'), retry.stderr);
  assert.match(retry.stdout, new RegExp(`^http://127\\.0\\.0\\.1:${laterPort}: not confirmed, kept in the queue$`, 'm'));
}, { timeout: 40000 });

after(async () => {
  if (later) await stopVarnish(later);
  if (edge) await stopVarnish(edge);
  if (byUrl) await stopVarnish(byUrl);
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

test('an admin save purges its tags before it answers: the edge serves the new version at once', T, async () => {
  const wgs = pageOf('/how/wgs/');
  const other = '/how/lists/';
  await viaEdge('/how/wgs/');
  await viaEdge(other);
  assert.equal((await viaEdge('/how/wgs/')).headers['x-cache'], 'hit');
  assert.equal((await viaEdge(other)).headers['x-cache'], 'hit');
  const b = await loggedIn('alice');
  try {
    const saved = await edit(b, 'page', wgs.id, { title: 'Working groups at the edge' });
    assert.match(saved.headers['server-timing'] || '', /^purge;dur=\d+\.\d;desc="caches purged"$/,
      'the answer says how long the purge took (developer tools show it)');
    const now = await viaEdge('/how/wgs/');
    assert.equal(heading(now.body), 'Working groups at the edge', 'the new version, right after the save');
    assert.equal((await viaEdge(other)).headers['x-cache'], 'hit', 'a page the change did not touch stays cached');
  } finally {
    await edit(b, 'page', wgs.id, { title: wgs.title });
  }
  assert.equal(heading((await viaEdge('/how/wgs/')).body), wgs.title, 'and the title back');
});

test('a redirect made, changed or deleted: the edge forgets what it kept at the old address', T, async () => {
  const old = '/how/edge-old-address/';
  const miss = await viaEdge(old);
  assert.equal(miss.status, 404);
  assert.equal((await viaEdge(old)).headers['x-cache'], 'hit', 'the 404 is cached');
  const b = await loggedIn('alice');
  const wgs = pageOf('/how/wgs/');
  const id = await create(b, 'redirect', '', { path: old, page_id: String(wgs.id), status: '301' });
  try {
    const now = await viaEdge(old);
    assert.equal(now.status, 301, 'the redirect, right after the save');
    assert.match(now.headers.location, /\/how\/wgs\/$/);
    assert.equal((await viaEdge(old)).headers['x-cache'], 'hit', 'and cached in turn');
    await edit(b, 'redirect', id, { page_id: '', url: 'https://www.example.org/elsewhere', status: '302' });
    const changed = await viaEdge(old);
    assert.equal(changed.status, 302, 'the new status at once');
    assert.equal(changed.headers.location, 'https://www.example.org/elsewhere');
  } finally {
    await remove(b, 'redirect', id);
  }
  assert.equal((await viaEdge(old)).status, 404, 'deleted: the edge answers 404 again at once');
});

test('a file deleted from the library: the edge forgets it at once; restored, it is back', T, async () => {
  const b = await loggedIn('alice');
  await b.get('/admin/files');
  const data = samples.png(12, 12);
  const res = await b.upload('/admin/files', { name: 'Edge square', alt: 'A square at the edge' },
    { name: 'e.png', type: 'image/png', data });
  assert.equal(res.status, 303, complaint(res.body));
  const row = query(srv.dbPath, "SELECT * FROM file WHERE name = 'Edge square'")[0];
  const address = `/files/${row.stored}`;
  assert.equal((await viaEdge(address)).status, 200);
  const kept = await viaEdge(address);
  assert.equal(kept.headers['x-cache'], 'hit', 'cached at the edge');
  assert.equal(kept.headers.xkey, `rc-page:${address}`, 'under its address alone');
  await remove(b, 'file', row.id);
  assert.equal((await viaEdge(address)).status, 404, 'deleted: gone from the edge right after the save');
  const deleted = await b.get('/admin/deleted');
  const link = anchors(deleted.body).find((a) => a.href.startsWith('/admin/restore?') && a.label.includes('Edge square'));
  await restore(b, link.href);
  const back = await viaEdge(address);
  assert.equal(back.status, 200, 'restored: served again');
  assert.ok(back.bytes.equals(data), 'the same bytes');
});

test('runningcode purge rc-menus drops every page; a cache that is down is named and queued', T, async () => {
  await viaEdge('/how/lists/');
  assert.equal((await viaEdge('/how/lists/')).headers['x-cache'], 'hit');
  const r = srv.cli(['purge', 'rc-menus']);
  assert.equal(r.status, 1, `exit 1: a cache did not confirm: ${r.stderr}`);
  assert.match(r.stdout, new RegExp(`queued.*http://127\\.0\\.0\\.1:${laterPort}`));
  assert.equal((await viaEdge('/how/lists/')).headers['x-cache'], 'miss', 'purged from the edge that is up');
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

test('a cache that is down: the save goes through and names it; purge --retry reaches it once it is up', T, async () => {
  const wgs = pageOf('/how/wgs/');
  const b = await loggedIn('alice');
  try {
    const res = await edit(b, 'page', wgs.id, { title: 'Working groups, one edge down' });
    const confirmation = textOf((await b.get(res.headers.location)).body);
    assert.match(confirmation, new RegExp(`did not confirm.*http://127\\.0\\.0\\.1:${laterPort}`),
      'the confirmation names the cache that is down');
    assert.doesNotMatch(confirmation, new RegExp(`127\\.0\\.0\\.1:${edgePort}`), 'not the one that confirmed');
    assert.match(srv.log('admin.log') + srv.log('fcgiwrap.log') + srv.stderr(),
      new RegExp(`127\\.0\\.0\\.1:${laterPort} did not confirm`), 'the log names it');
    assert.equal(heading((await viaEdge('/how/wgs/')).body), 'Working groups, one edge down', 'the edge that is up');
    later = await startVarnish(laterPort, new URL(srv.url).port);
    const retry = srv.cli(['purge', '--retry']);
    assert.equal(retry.status, 0, `${retry.stdout}${retry.stderr}`);
    assert.match(retry.stdout, new RegExp(`^http://127\\.0\\.0\\.1:${laterPort}: purged$`, 'm'));
    const again = srv.cli(['purge', '--retry']);
    assert.equal(again.status, 0);
    assert.equal(again.stdout, '', 'nothing left in the queue');
    assert.equal(heading((await request(later.url, '/how/wgs/')).body), 'Working groups, one edge down',
      'the new version from the edge that came back');
  } finally {
    await edit(b, 'page', wgs.id, { title: wgs.title });
  }
});

/* A read from the cache without tags as visitors send it: with the
 * site's name (base_url's host), under which the admin purges. */
const viaByUrl = (p) => request(byUrl.url, p, { headers: { Host: new URL(srv.url).host } });

test('a cache without tags (purge_urls): a save purges the address of each page it changed', T, async () => {
  const wgs = pageOf('/how/wgs/');
  await viaByUrl('/how/wgs/');
  await viaByUrl('/how/lists/');
  assert.equal((await viaByUrl('/how/wgs/')).headers['x-cache'], 'hit');
  assert.equal((await viaByUrl('/how/lists/')).headers['x-cache'], 'hit');
  const b = await loggedIn('alice');
  try {
    await edit(b, 'page', wgs.id, { title: 'Working groups, by address' });
    assert.equal(heading((await viaByUrl('/how/wgs/')).body), 'Working groups, by address', 'the new version at once');
    assert.equal((await viaByUrl('/how/lists/')).headers['x-cache'], 'hit', 'a page the change did not touch stays cached');
    const r = srv.cli(['purge', 'rc-menus']);
    assert.doesNotMatch(r.stdout, new RegExp(`queued.*${byUrl.url.replace(/\./g, '\\.')}`), 'it confirmed every address');
    assert.equal((await viaByUrl('/how/lists/')).headers['x-cache'], 'miss', 'rc-menus: every page by its address');
  } finally {
    await edit(b, 'page', wgs.id, { title: wgs.title });
  }
});

test('libcurl is loaded by a save that purges alone: with its module broken, the admin still answers, the save goes through, names the cache and queues its purge', T, async () => {
  // The admin alone in a folder, with a module file beside it that is no
  // shared object: the admin takes a module from beside itself (src/module.h).
  const lonely = fs.mkdtempSync(path.join(BUILDDIR, 'tests', 'tmp', 'lonely-admin-'));
  fs.copyFileSync(path.join(BUILDDIR, 'runningcode-admin'), path.join(lonely, 'runningcode-admin'));
  fs.writeFileSync(path.join(lonely, 'runningcode-http.so'), 'not a shared object\n');
  const other = await startServer({ fastPasswords: true, publish: true, purge: `http://127.0.0.1:${edgePort}`,
    installed: { bin: BUILDDIR, share: SRCDIR, admin: path.join(lonely, 'runningcode-admin') } });
  try {
    other.addUser('alice', USERS.alice);
    const kit = browserKit({ url: () => other.url, dbPath: () => other.dbPath, passwords: USERS });
    const b = await kit.loggedIn('alice');
    assert.equal((await b.get('/admin/')).status, 200, 'the dashboard, without the module');
    const wgs = query(other.dbPath, "SELECT * FROM page WHERE path = '/how/wgs/'")[0];
    const res = await kit.edit(b, 'page', wgs.id, { title: 'Working groups, purge module broken' });
    assert.equal(res.status, 303, complaint(res.body));
    assert.equal(heading((await request(other.url, '/how/wgs/')).body), 'Working groups, purge module broken', 'saved and published');
    const confirmation = textOf((await b.get(res.headers.location)).body);
    assert.match(confirmation, new RegExp(`did not confirm.*http://127\\.0\\.0\\.1:${edgePort}`), 'the cache is named');
    assert.match(other.log('admin.log') + other.log('fcgiwrap.log') + other.stderr(),
      /module runningcode-http\.so cannot be loaded: .*lonely-admin-[^/]*\/runningcode-http\.so/, 'the log says which module and why');
    const queue = fs.readFileSync(`${other.dbPath}.purge-queue`, 'utf8');
    assert.match(queue, new RegExp(`^http://127\\.0\\.0\\.1:${edgePort} .*rc-page:/how/wgs/`, 'm'), 'its purge waits in the queue');
    const retry = other.cli(['purge', '--retry']);
    assert.match(retry.stdout, new RegExp(`^http://127\\.0\\.0\\.1:${edgePort}: purged$`, 'm'),
      `the CLI, with the module beside it, sends it: ${retry.stderr}`);
  } finally {
    await other.stop();
    fs.rmSync(lonely, { recursive: true, force: true });
  }
});

test('the CLI takes the HTTP module from beside itself: a broken one queues the purge and says why; one in a folder anyone may write to is refused', T, async () => {
  const dir = fs.mkdtempSync(path.join(BUILDDIR, 'tests', 'tmp', 'lonely-cli-'));
  fs.copyFileSync(path.join(BUILDDIR, 'runningcode'), path.join(dir, 'runningcode'));
  fs.chmodSync(path.join(dir, 'runningcode'), 0o755);
  const purgeWgs = () => spawnSync(path.join(dir, 'runningcode'), ['-c', srv.configPath, 'purge', 'rc-page:/how/wgs/'],
    { encoding: 'utf8', timeout: 20000 });
  const edge = new RegExp(`127\\.0\\.0\\.1:${edgePort}`);
  try {
    fs.writeFileSync(path.join(dir, 'runningcode-http.so'), 'not a shared object\n');
    let r = purgeWgs();
    assert.equal(r.status, 1, 'not confirmed');
    assert.match(r.stdout, /^not confirmed, queued for 'runningcode purge --retry': /m);
    assert.match(r.stdout, edge, 'the cache is named');
    assert.match(r.stderr, /module runningcode-http\.so cannot be loaded: .*lonely-cli-[^/]*\/runningcode-http\.so/);

    fs.copyFileSync(path.join(BUILDDIR, 'runningcode-http.so'), path.join(dir, 'runningcode-http.so'));
    fs.chmodSync(dir, 0o777);
    r = purgeWgs();
    assert.match(r.stderr, /lonely-cli-[^/]*\/runningcode-http\.so: anyone may write to it or to its folder/,
      'a folder anyone may write to: its module is refused');
    assert.match(r.stdout, edge);

    fs.chmodSync(dir, 0o755);
    r = purgeWgs();
    assert.doesNotMatch(r.stderr, /module/, 'the module beside it, in a folder of its own');
    assert.doesNotMatch(r.stdout, edge, 'the edge confirmed');
  } finally {
    fs.chmodSync(dir, 0o700);
    fs.rmSync(dir, { recursive: true, force: true });
    srv.cli(['purge', '--retry']);
  }
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
  assert.equal((await viaEdge('/.edge-health')).status, 200, 'the edge says it is up (a load balancer\'s check)');
});
