'use strict';
/*
 * tools/cluster.d/test.js: the checks of `tools/cluster test`, on a
 * cluster that tools/cluster brought up (RC_CLUSTER_DIR holds its nodes'
 * URLs, the admin's password, the origin's database and settings). TAP
 * (node:test); the figures are printed beside their goals at the end
 * (asserted: what a visitor sees; never a speed).
 *
 *   node --test-reporter=tap tools/cluster.d/test.js [--origin-down-seconds N]
 *
 * In order: every node answers; a purge from outside the ACL is
 * refused; freshness (EDITS edits through the admin while both edges are
 * read without a pause); one edge's throughput against nginx's published
 * file; an edge stopped and started under load through HAProxy; an
 * edge cut off from the network during a save (named, then reached by
 * purge --retry); the standby (read-only, its lag behind a save); last, the
 * origin stopped for N seconds (default 600) while every cached page is
 * read from the edges, then started again, and an edit.
 *
 * The standby's lag: a save, then `runningcode replicate` on the origin
 * at once, timed until the standby serves it; with the shipped timer,
 * its interval is added (computed: not waited for).
 */
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { request, query, BUILDDIR, SRCDIR } = require('../../tests/lib/server.js');
const { browserKit } = require('../../tests/lib/editor.js');
const { heading, textOf } = require('../../tests/lib/html.js');
const { wrk, rate, percentile, purgeTiming } = require('../bench.d/measure.js');

const DIR = process.env.RC_CLUSTER_DIR;
const CLUSTER = path.join(__dirname, '..', 'cluster');
const arg = process.argv.indexOf('--origin-down-seconds');
const ORIGIN_DOWN_SECONDS = arg > 0 ? Number(process.argv[arg + 1]) : 600;
assert.ok(Number.isInteger(ORIGIN_DOWN_SECONDS) && ORIGIN_DOWN_SECONDS > 0, '--origin-down-seconds N: a whole number');
const EDITS = 50;
const PAGE = '/how/wgs/';
const OTHER = '/how/lists/';
const WRK_SECONDS = 5;

const nodes = Object.fromEntries(fs.readFileSync(path.join(DIR, 'nodes'), 'utf8').trim().split('\n')
  .map((l) => l.split(' ')));
const password = fs.readFileSync(path.join(DIR, 'admin-password'), 'utf8').trim();
const dbPath = path.join(DIR, 'origin', 'data', 'runningcode.db');
const originConf = path.join(DIR, 'origin', 'run', 'runningcode.conf');
const edges = ['edge1', 'edge2'];
const figures = [];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const get = (node, p, opts) => request(nodes[node], p, { timeout: 5000, ...opts });
const { loggedIn } = browserKit({ url: () => nodes.origin, dbPath: () => dbPath, passwords: { admin: password } });
const pageId = (p) => query(dbPath, `SELECT id FROM page WHERE path = '${p}'`)[0].id;
const f1 = (n) => n.toFixed(1);
const met = (ok) => (ok ? 'met' : 'NOT MET');

/* node's answer for p once it is 200, asked every 100 ms for 30 s at
 * most (an edge that was cut off from the origin, or whose origin was
 * down, serves a page it does not hold again at its probe's next
 * verdict); throws when it never is. */
async function once200(node, p) {
  let res;
  for (let i = 0; i < 300; i++) {
    res = await get(node, p);
    if (res.status === 200) return res;
    await sleep(100);
  }
  throw new Error(`${node} ${p}: ${res.status} for 30 s`);
}

/* tools/cluster stop|start NAME; throws when it fails. */
function cluster(cmd, name) {
  const r = spawnSync(CLUSTER, [cmd, name], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `tools/cluster ${cmd} ${name}: ${r.stdout}${r.stderr}`);
}

/* The runningcode command run on the origin, in its namespace, with its
 * settings: { status, stdout, stderr }. */
function originCli(...args) {
  return spawnSync('ip', ['netns', 'exec', 'rc-origin', path.join(BUILDDIR, 'runningcode'), '-c', originConf, ...args],
    { encoding: 'utf8', timeout: 120000 });
}

/* curl run in node's namespace: the HTTP status it got. */
function curlIn(node, args) {
  const r = spawnSync('ip', ['netns', 'exec', `rc-${node}`, 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}',
    '--max-time', '5', ...args], { encoding: 'utf8', timeout: 10000 });
  return Number(r.stdout);
}

/* The origin's purge setting on or off: the admin reads runningcode.conf
 * at every request; the file is replaced whole. */
function purgeSetting(on) {
  const text = fs.readFileSync(originConf, 'utf8');
  const lines = text.split('\n').filter((l) => !/^#?purge = /.test(l));
  const purge = /^#?purge = (.*)$/m.exec(text)[1];
  lines.push(`${on ? '' : '#'}purge = ${purge}`);
  fs.writeFileSync(`${originConf}.new`, `${lines.join('\n').trim()}\n`);
  fs.renameSync(`${originConf}.new`, originConf);
}

/* The number in a title "... edit N", or -1. */
const editOf = (html) => Number((/edit (\d+)/.exec(heading(html) || '') || [0, -1])[1]);

/* An edit of PAGE's title through the admin, as browser b: its time in
 * milliseconds, from the POST to the answer; confirmation, the text of
 * the page the save led to. */
async function timedEdit(b, title) {
  const { form } = await b.openForm(`/admin/edit?type=page&id=${pageId(PAGE)}`);
  const start = process.hrtime.bigint();
  const res = await b.submit(form, { title });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.equal(res.status, 303, `the save of "${title}"`);
  return { ms, purgeMs: purgeTiming(res), confirmation: async () => textOf((await b.get(res.headers.location)).body) };
}

after(() => purgeSetting(true));

test('every node answers: the origin, both edges, the front', { timeout: 30000 }, async () => {
  for (const node of ['origin', 'edge1', 'edge2', 'front']) {
    const res = await get(node, PAGE);
    assert.equal(res.status, 200, `${node} ${PAGE}`);
    assert.match(heading(res.body), /\S/, `${node}: a page with its title`);
  }
});

test('a purge from outside the ACL is refused, and purges nothing; the origin may', { timeout: 30000 }, async () => {
  for (const node of edges) {
    await get(node, OTHER);
    assert.equal((await get(node, OTHER)).headers['x-cache'], 'hit', `${node} holds ${OTHER}`);
    const addr = new URL(nodes[node]).host;
    assert.equal((await get(node, '/', { method: 'PURGE', headers: { 'xkey-purge': 'rc-site' } })).status, 403,
      `a tag purge from this machine (the bridge's address) at ${node}`);
    assert.equal((await get(node, OTHER, { method: 'PURGE' })).status, 403, `a URL purge from this machine at ${node}`);
    assert.equal(curlIn('front', ['-X', 'PURGE', '-H', 'xkey-purge: rc-site', `http://${addr}/`]), 403,
      `a tag purge from the front's machine at ${node}`);
    assert.equal((await get(node, OTHER)).headers['x-cache'], 'hit', `${node} still holds ${OTHER}`);
    assert.equal(curlIn('origin', ['-X', 'PURGE', '-H', 'xkey-purge: rc-page:/no-such-page/', `http://${addr}/`]), 200,
      `a tag purge from the origin at ${node}`);
  }
});

test(`freshness: ${EDITS} edits while both edges are read: no read of an older version after a save returned`,
  { timeout: 600000 }, async () => {
    const b = await loggedIn('admin');
    const withPurge = [];
    const without = [];
    const purges = [];	// each save's purge, as the admin timed it
    let returned = -1;	// the last edit (with the purge) whose save returned
    let done = false;
    const reads = { count: 0, stale: 0, failed: 0 };
    const deadline = Date.now() + 500000;
    const reader = async (node) => {
      while (!done && Date.now() < deadline) {
        const floor = returned;
        try {
          const res = await get(node, PAGE);
          reads.count++;
          if (res.status !== 200) reads.failed++;
          else if (editOf(res.body) < floor) reads.stale++;
        } catch {
          reads.failed++;
        }
      }
    };
    const readers = edges.map(reader);
    try {
      // In turn, so that the readers' load falls on both alike: a save
      // with the purge set, then one with it unset (its title keeps the
      // number, so that what the edges then still show is no older).
      for (let i = 0; i < EDITS; i++) {
        purgeSetting(true);
        const saved = await timedEdit(b, `Working groups, edit ${i}`);
        withPurge.push(saved.ms);
        purges.push(saved.purgeMs);
        returned = i;
        purgeSetting(false);
        without.push((await timedEdit(b, `Working groups, edit ${i} (not purged)`)).ms);
      }
    } finally {
      purgeSetting(true);
      done = true;
      await Promise.all(readers);
    }
    const timed = purges.filter((ms) => ms !== null);
    const purge50 = timed.length ? percentile(timed, 50) : NaN;
    const purge99 = timed.length ? percentile(timed, 99) : NaN;
    figures.push(`Freshness: ${EDITS} edits through the admin, ${reads.count} reads of both edges meanwhile:`
      + ` ${reads.stale} showed an older version than a save that had returned [0: ${met(reads.stale === 0)}],`
      + ` ${reads.failed} failed`);
    figures.push(`  a save: purging both edges p50 ${f1(percentile(withPurge, 50))} ms, p99 ${f1(percentile(withPurge, 99))} ms;`
      + ` purge unset p50 ${f1(percentile(without, 50))} ms, p99 ${f1(percentile(without, 99))} ms`);
    figures.push(`  time the purge adds to a save (the admin's Server-Timing, ${timed.length} saves):`
      + ` p50 ${f1(purge50)} ms, p99 ${f1(purge99)} ms [p99 < 50 ms: ${met(purge99 < 50)}]`);
    assert.equal(reads.failed, 0, 'every read answered 200');
    assert.equal(reads.stale, 0, 'no read showed a version older than a save that had returned');
    assert.equal(timed.length, EDITS, 'every save with the purge set said how long it took');
  });

test('throughput: one edge serving a cached page, against nginx serving its published file', { timeout: 120000 },
  async () => {
    await get('edge1', PAGE);
    const viaEdge = await rate(`${nodes.edge1}${PAGE.slice(1)}`, WRK_SECONDS);
    const viaNginx = await rate(`${nodes.origin}${PAGE.slice(1)}`, WRK_SECONDS);
    const ratio = viaEdge / viaNginx;
    figures.push(`Throughput: ${PAGE} at c=32 from this machine: edge1 ${Math.round(viaEdge)} req/s,`
      + ` the origin's nginx (published file) ${Math.round(viaNginx)} req/s: edge/nginx ${ratio.toFixed(2)}`
      + ` [>= 0.80: ${met(ratio >= 0.8)}]`);
  });

/* HAProxy's statistics (CSV, from inside the front's namespace): for
 * each server of the backend edges, { status, total }. */
function haproxyEdges() {
  const r = spawnSync('ip', ['netns', 'exec', 'rc-front', 'curl', '-s', '--max-time', '5', 'http://127.0.0.1:8404/;csv'],
    { encoding: 'utf8', timeout: 10000 });
  const out = {};
  const lines = r.stdout.split('\n');
  const head = lines[0].replace(/^# /, '').split(',');
  for (const line of lines.slice(1)) {
    const row = Object.fromEntries(line.split(',').map((v, i) => [head[i], v]));
    if (row.pxname === 'edges' && edges.includes(row.svname)) out[row.svname] = { status: row.status, total: Number(row.stot) };
  }
  return out;
}

test('an edge stopped and started under load through HAProxy: no failed request; it rejoins empty and warms',
  { timeout: 180000 }, async () => {
    await get('edge1', OTHER);
    assert.equal((await get('edge1', OTHER)).headers['x-cache'], 'hit', 'edge1 holds a page before it stops');
    const seconds = 20;
    const load = wrk(`${nodes.front}${PAGE.slice(1)}`, seconds, 16);
    await sleep(3000);
    cluster('stop', 'edge1');
    const stoppedAt = Date.now();
    await sleep(3000);
    cluster('start', 'edge1');
    const startedAt = Date.now();
    const empty = await get('edge1', OTHER);
    assert.equal(empty.status, 200);
    assert.equal(empty.headers['x-cache'], 'miss', 'edge1 came back empty');
    assert.equal((await get('edge1', OTHER)).headers['x-cache'], 'hit', 'and keeps what it fetches again');
    const before = haproxyEdges().edge1.total;
    let upAfter = null;
    for (let i = 0; i < 100 && upAfter === null; i++) {
      if (haproxyEdges().edge1.status === 'UP') upAfter = Date.now() - startedAt;
      else await sleep(100);
    }
    assert.notEqual(upAfter, null, 'HAProxy puts edge1 back within 10 s');
    const r = await load;
    const served = haproxyEdges().edge1.total - before;
    figures.push(`Edge down: ${r.requests} requests through HAProxy at c=16 over ${seconds} s, edge1 stopped`
      + ` ${((startedAt - stoppedAt) / 1000).toFixed(1)} s: ${r.statusErrors} status errors, ${r.socketErrors} socket errors`
      + ` [0: ${met(r.statusErrors + r.socketErrors === 0)}]; edge1 back in HAProxy ${f1(upAfter)} ms after it started,`
      + ` empty, then served ${served} requests`);
    assert.equal(r.statusErrors + r.socketErrors, 0, 'no request failed');
    assert.ok(served > 0, 'HAProxy sends requests to edge1 again');
  });

/* The link of node's namespace to the bridge (its veth's end here) up
 * or down: a network cut, the node itself running on. */
function link(node, state) {
  const r = spawnSync('ip', ['link', 'set', `rc-${node}`, state], { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.status, 0, `ip link set rc-${node} ${state}: ${r.stderr}`);
}

test('an edge cut off: the save goes through and names it; purge --retry reaches it once it is back', { timeout: 120000 },
  async () => {
    await get('edge2', PAGE);
    assert.equal((await get('edge2', PAGE)).headers['x-cache'], 'hit', 'edge2 holds the page (for ten minutes)');
    const b = await loggedIn('admin');
    let save;
    link('edge2', 'down');
    try {
      save = await timedEdit(b, 'Working groups, edit 3000 (edge2 cut off)');
    } finally {
      link('edge2', 'up');
    }
    const edge2 = nodes.edge2.replace(/\/$/, '');
    assert.match(await save.confirmation(), new RegExp(`did not confirm.*${edge2.replace(/\./g, '\\.')}`),
      'the confirmation names the edge that did not confirm');
    // As the shipped timer does (tools/serve's schedule every 30 s, too).
    const r = originCli('purge', '--retry');
    assert.equal(r.status, 0, `purge --retry: ${r.stdout}${r.stderr}`);
    assert.equal(editOf((await once200('edge2', PAGE)).body), 3000, 'edge2 serves the new version once the purge reached it');
    figures.push(`Edge cut off: a save while edge2 was unreachable took ${f1(save.ms)} ms (the purge waits 2 s at most),`
      + ' named it, and purge --retry reached it once it was back');
  });

/* `runningcode replicate` on the origin (to its replicate_to, the
 * standby's rsync daemon); throws when it fails. */
function replicate() {
  const r = originCli('replicate');
  assert.equal(r.status, 0, `runningcode replicate: ${r.stdout}${r.stderr}`);
}

/* The replicate timer's interval in seconds, from its OnCalendar (the
 * minutes' step: *:0/N). */
function timerInterval() {
  const m = /^OnCalendar=\*:0\/(\d+)$/m.exec(fs.readFileSync(path.join(SRCDIR, 'conf', 'runningcode-replicate.timer'), 'utf8'));
  assert.ok(m, 'conf/runningcode-replicate.timer runs every N minutes');
  return Number(m[1]) * 60;
}

test('standby: read-only, and serving each save once it is replicated', { timeout: 240000 }, async () => {
  const refused = await get('standby', '/admin/');
  assert.equal(refused.status, 503, 'the standby\'s admin refuses');
  const b = await loggedIn('admin');
  const lags = [];
  for (let i = 0; i < 3; i++) {
    await timedEdit(b, `Working groups, edit ${2000 + i} (to the standby)`);
    const saved = Date.now();
    replicate();
    let served = null;
    for (let k = 0; k < 600 && served === null; k++) {
      if (editOf((await get('standby', PAGE)).body) === 2000 + i) served = Date.now() - saved;
      else await sleep(50);
    }
    assert.notEqual(served, null, `the standby serves edit ${2000 + i} within 30 s of the replicate`);
    lags.push(served);
  }
  const interval = timerInterval();
  const worst = Math.max(...lags);
  figures.push(`Standby lag: a save, then runningcode replicate, until the standby serves it: ${lags.map((l) => `${l} ms`).join(', ')}`);
  figures.push(`  with the replicate timer (every ${interval / 60} min): at most ${interval} s + ${f1(worst / 1000)} s,`
    + ` ${interval / 2} s + ${f1(worst / 1000)} s on average (the timer's interval plus the transfer above; not waited for)`);
});

/* The paths of the site's pages, from the origin's sitemap. */
async function sitePaths() {
  const map = await get('origin', '/sitemap.xml');
  assert.equal(map.status, 200);
  return [...map.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
}

// Last: it is the long one, waiting while the origin is down.
test(`origin down for ${ORIGIN_DOWN_SECONDS} s: every cached page still answers 200 from the edges; `
  + 'back up, the next edit propagates', { timeout: (ORIGIN_DOWN_SECONDS + 180) * 1000 }, async () => {
  const paths = await sitePaths();
  assert.ok(paths.length > 3, 'the sitemap lists the pages');
  // Each edge holds every page under the site's name as the front
  // passes it on (the Host header is part of what a cache keys on), so
  // that the front finds it on either.
  const readers = [...edges, 'front'];
  const asVisitors = { headers: { Host: new URL(nodes.front).host } };
  const cached = {};
  for (const node of readers) {
    for (const p of paths) {
      const res = await get(node, p, asVisitors);
      assert.equal(res.status, 200, `${node} ${p}`);
      cached[`${node} ${p}`] = res.body;
    }
  }
  cluster('stop', 'origin');
  assert.notEqual(curlIn('edge1', ['http://' + new URL(nodes.origin).host + '/robots.txt']), 200, 'the origin is down');
  const end = Date.now() + ORIGIN_DOWN_SECONDS * 1000;
  let count = 0;
  const errors = [];
  // One round a second at most: the phase is mostly waiting.
  while (Date.now() < end) {
    const round = Date.now();
    for (const node of readers) {
      for (const p of paths) {
        count++;
        try {
          const res = await get(node, p, asVisitors);
          if (res.status !== 200 || res.body !== cached[`${node} ${p}`]) errors.push(`${node} ${p}: ${res.status}`);
        } catch (e) {
          errors.push(`${node} ${p}: ${e.message}`);
        }
      }
    }
    await sleep(Math.max(0, 1000 - (Date.now() - round)));
  }
  figures.push(`Origin down: ${paths.length} pages read from edge1, edge2 and the front for ${ORIGIN_DOWN_SECONDS} s`
    + ` (${count} reads): ${errors.length} errors [0: ${met(errors.length === 0)}]`);
  assert.deepEqual(errors.slice(0, 10), [], 'every read answered 200 with the page as cached');
  cluster('start', 'origin');
  for (const node of edges) await once200(node, PAGE);
  const b = await loggedIn('admin');
  await timedEdit(b, 'Working groups, edit 1000 (origin back)');
  for (const node of edges) assert.equal(editOf((await get(node, PAGE)).body), 1000, `${node}: the edit after the origin came back`);
  figures.push('  origin back: the next edit showed on both edges when its save returned');
});

test('the figures, beside their goals', (t) => {
  for (const line of figures) t.diagnostic(line);
});
