'use strict';
/*
 * tests/limits.test.js: what one client address can take from the
 * others, on real nginx (conf/nginx-site.conf through tools/serve, pages
 * published as shipped); tests/limits-apache.test.js runs it again behind
 * Apache (conf/apache-site.conf). Run by `make check` as
 * `node --test-reporter=tap tests/limits.test.js`.
 *
 * The whole of 127.0.0.0/8 is loopback on Linux: the "attacker" is
 * 127.0.0.1, the visitor 127.0.0.2 (the client socket bound to it), a
 * second attacker 127.0.0.3, and the server sees each address apart.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const { STATIC, startServer, query, request, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the limits suite')) return;

const ATTACKER = '127.0.0.1';
const VISITOR = '127.0.0.2';
// How many connections the attacker holds: more than the whole of the old
// nginx configuration (2 workers x 1024) and Apache's (400 workers) had.
const HOLD = 3000;
const OPEN_BATCH = 200;
const MAX_ATTEMPTS = 3 * HOLD;
const OPEN_DEADLINE_MS = 30000;
const CONNECT_TIMEOUT_MS = 3000;
// File descriptors the test needs beyond the held connections.
const FD_SPARE = 256;

let srv;

before(async () => {
  srv = await startServer({ publish: true });
}, { timeout: 30000 });

after(async () => {
  if (srv) await srv.stop();
}, { timeout: 30000 });

/* The soft limit on open files of process pid (default: this one), from
   Linux /proc, or Infinity. */
function fileLimit(pid = 'self') {
  const line = fs.readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line ? line.trim().split(/\s+/)[3] : 'unlimited';
  return soft === 'unlimited' ? Infinity : Number(soft);
}

/* The lowest such limit among nginx's workers (worker_rlimit_nofile
   raises theirs, within the hard limit), or Infinity under Apache. */
function nginxWorkersFileLimit() {
  if (process.env.RC_SERVER === 'apache') return Infinity;
  const master = fs.readFileSync(`${srv.runtime}/nginx.pid`, 'utf8').trim();
  const workers = fs.readFileSync(`/proc/${master}/task/${master}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return Math.min(...workers.map((w) => fileLimit(w)));
}

/*
 * Hold count connections to the site open from localAddress, each
 * sending preface (bytes of a request that never ends) and then nothing,
 * as an attacker would: connections the server closes are opened again,
 * at most OPEN_BATCH connecting at once, at most MAX_ATTEMPTS in all and
 * until OPEN_DEADLINE_MS. Resolves to { sockets, attempts, open(),
 * closedByServer() }: open() is how many are open now; closedByServer()
 * how many the server refused or closed so far.
 */
async function hold(count, localAddress, preface) {
  const base = new URL(srv.url);
  const sockets = [];
  let attempts = 0;
  let open = 0;
  let closed = 0;
  const deadline = Date.now() + OPEN_DEADLINE_MS;
  const one = () => new Promise((resolve) => {
    const sock = net.connect({ host: base.hostname, port: Number(base.port), localAddress });
    sockets.push(sock);
    attempts++;
    const timer = setTimeout(() => { sock.destroy(); resolve(); }, CONNECT_TIMEOUT_MS);
    sock.on('connect', () => {
      clearTimeout(timer);
      open++;
      sock.once('close', () => { open--; });
      if (preface) sock.write(preface);
      resolve();
    });
    sock.on('data', () => {});
    sock.on('error', () => {});
    sock.on('close', () => { clearTimeout(timer); closed++; resolve(); });
  });
  const pause = () => new Promise((r) => setTimeout(r, 50));
  while (open < count && attempts < MAX_ATTEMPTS && Date.now() < deadline) {
    const n = Math.min(OPEN_BATCH, count - open, MAX_ATTEMPTS - attempts);
    await Promise.all(Array.from({ length: n }, one));
    await pause();	// let the server close what it refuses before counting
  }
  return { sockets, attempts, open: () => open, closedByServer: () => closed };
}

/* What a visitor asks for, and the status each must get. */
function everyPage() {
  const pages = query(srv.dbPath, 'SELECT path FROM page WHERE published ORDER BY path').map((p) => [p.path, 200]);
  assert.ok(pages.length > 30, 'the seed has its pages');
  return [
    ...pages,
    [STATIC['site.css'], 200], [STATIC['site.js'], 200], [STATIC['logo.svg'], 200],
    ['/search/?q=code', 200], ['/no/such/page/', 404], ['/robots.txt', 200],
    ['/admin/login', 200],
  ];
}

test(`${HOLD} connections held open from one address leave every page to another`, { timeout: 120000 }, async (t) => {
  // Node raises its own soft limit to the hard one; nginx's workers
  // have worker_rlimit_nofile, which only root may raise past it.
  const need = HOLD + FD_SPARE;
  if (fileLimit() < need) {
    t.skip(`this process may open ${fileLimit()} files; the test needs ${need} (raise ulimit -n)`);
    return;
  }
  if (nginxWorkersFileLimit() < need) {
    t.skip(`nginx's workers may open ${nginxWorkersFileLimit()} files here; the test needs ${need} `
      + '(the hard limit, ulimit -Hn, is below worker_rlimit_nofile: run as root or raise it)');
    return;
  }
  const targets = everyPage();
  for (const [p, status] of targets) {
    assert.equal((await request(srv.url, p, { localAddress: VISITOR })).status, status, `before: ${p}`);
  }
  // The start of a request that never ends: each connection waits for
  // the rest of its header, as a slow or malicious client's would.
  const held = await hold(HOLD, ATTACKER, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  try {
    t.diagnostic(`attacker: ${held.attempts} connections tried, ${held.open()} open, `
      + `${held.closedByServer()} refused or closed by the server`);
    const started = Date.now();
    for (const [p, status] of targets) {
      const res = await request(srv.url, p, { localAddress: VISITOR, timeout: 5000 }).catch((e) => e);
      assert.ok(!(res instanceof Error), `while held: ${p}: ${res.message}`);
      assert.equal(res.status, status, `while held: ${p}`);
    }
    t.diagnostic(`visitor: ${targets.length} requests in ${Date.now() - started} ms; `
      + `${held.open()} attacker connections still open`);
  } finally {
    for (const s of held.sockets) s.destroy();
  }
  assert.ok(srv.alive(), 'the server still runs');
});

/*
 * A raw connection from localAddress that sends text and then nothing.
 * Resolves once connected to { sock, reply(), closed }: reply() is what
 * the server sent so far (latin1), closed a promise of the time in ms
 * from connecting to the server's closing the connection (FIN or RST).
 */
function rawHold(text, localAddress) {
  const base = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: base.hostname, port: Number(base.port), localAddress });
    const chunks = [];
    let start;
    const closed = new Promise((done) => sock.once('close', () => done(Date.now() - start)));
    sock.setTimeout(CONNECT_TIMEOUT_MS, () => sock.destroy(new Error('no connection')));
    sock.once('error', (e) => { if (start === undefined) reject(e); });
    sock.on('data', (c) => chunks.push(c));
    sock.once('connect', () => {
      sock.setTimeout(0);
      start = Date.now();
      sock.write(text);
      resolve({ sock, reply: () => Buffer.concat(chunks).toString('latin1'), closed });
    });
  });
}

/* promise, or 'pending' if it has not settled within ms. */
const within = (promise, ms) => Promise.race([promise, new Promise((r) => setTimeout(() => r('pending'), ms))]);

// How long a slow client keeps its connection, at most: the shipped
// timeouts are 10 s to 20 s; nginx's defaults were 60 s and 75 s.
const SLOW_LIMIT_MS = 25000;

test('a slow or idle client loses its connection within seconds', { timeout: 60000 }, async () => {
  const form = 'Content-Type: application/x-www-form-urlencoded\r\n';
  const cases = {
    'a request header never finished': 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n',
    'a request body never finished': `POST /search/ HTTP/1.1\r\nHost: 127.0.0.1\r\n${form}Content-Length: 1000\r\n\r\nq=abc`,
    'a kept-alive connection, idle after its request': `GET ${STATIC['site.css']} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
  };
  const held = await Promise.all(Object.values(cases).map((text) => rawHold(text, ATTACKER)));
  try {
    const times = await Promise.all(held.map((h) => within(h.closed, SLOW_LIMIT_MS)));
    Object.keys(cases).forEach((what, i) => {
      assert.notEqual(times[i], 'pending', `${what}: still open after ${SLOW_LIMIT_MS} ms`);
    });
    assert.match(held[2].reply(), /^HTTP\/1\.1 200 /, 'the kept-alive connection had its answer first');
  } finally {
    for (const h of held) h.sock.destroy();
  }
});

// Requests one address may have in progress at once: 64 under nginx
// (limit_conn), 50 connections under Apache (mod_qos); more are tried.
const IN_PROGRESS = 100;

test('one address cannot have more than its share of requests in progress; another still can', { timeout: 60000 }, async () => {
  // POSTs whose bodies never end: each is a request in progress.
  const slow = 'POST /search/ HTTP/1.1\r\nHost: 127.0.0.1\r\n'
    + 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nq=abc';
  const held = [];
  try {
    for (let i = 0; i < IN_PROGRESS; i++) held.push(await rawHold(slow, ATTACKER).catch((e) => e));
    // Refused: the connection failed, or the server answered (429) or
    // closed it within a few seconds instead of waiting for the body.
    const refused = async (h) => h instanceof Error
      || (await within(h.closed, 3000)) !== 'pending' || h.reply() !== '';
    const verdicts = await Promise.all(held.map(refused));
    const n = verdicts.filter(Boolean).length;
    assert.ok(n >= IN_PROGRESS - 64, `${n} of ${IN_PROGRESS} requests in progress from one address refused`);
    for (const h of held) {
      if (!(h instanceof Error) && h.reply() !== '') assert.match(h.reply(), /^HTTP\/1\.1 429 /, 'a refusal says 429');
    }
    // The same address is refused a new request too; another is served.
    const again = await request(srv.url, STATIC['site.css'], { localAddress: ATTACKER, timeout: 3000 }).catch((e) => e);
    assert.ok(again instanceof Error || again.status === 429,
      `another request from the busy address: ${again instanceof Error ? again.message : again.status}`);
    for (const p of [STATIC['site.css'], '/search/?q=code', '/how/runningcode/']) {
      assert.equal((await request(srv.url, p, { localAddress: VISITOR })).status, 200, `another address: ${p}`);
    }
  } finally {
    for (const h of held) if (!(h instanceof Error)) h.sock.destroy();
  }
});

// Requests one address may send the worker. nginx makes those beyond a
// burst wait their turn (limit_req: 100 a second, 200 at once); Apache
// refuses them (mod_qos: 1000 in 10 seconds, then 429 to everything from
// that address until the 10 seconds are over). Either way another
// address is served at once.
const RATE = 100;
const BURST = 200;
const APACHE_WINDOW = 1000;
// An address of its own: mod_qos still counts what the earlier tests sent.
const FLOODER = '127.0.0.3';

/* Send count search requests from FLOODER, 8 at a time, while another
   address asks for a page now and then; resolves to { statuses, took,
   slowest }: the attacker's answers by status, how long all took, and
   the other address's slowest answer (every one must be a 200). */
async function flood(count) {
  const started = Date.now();
  const statuses = {};
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const res = await request(srv.url, `/search/?q=flood${sent}`, { localAddress: FLOODER, timeout: 20000 });
      statuses[res.status] = (statuses[res.status] || 0) + 1;
    }
  };
  const flooding = Promise.all(Array.from({ length: 8 }, worker));
  let slowest = 0;
  for (let i = 0; i < 20 && sent < count; i++) {
    const t0 = Date.now();
    assert.equal((await request(srv.url, '/search/?q=code', { localAddress: VISITOR })).status, 200, 'another address');
    slowest = Math.max(slowest, Date.now() - t0);
  }
  await flooding;
  return { statuses, took: Date.now() - started, slowest };
}

test('one address sending the worker requests as fast as it can is held back; another is not', { timeout: 60000 }, async (t) => {
  const apache = process.env.RC_SERVER === 'apache';
  const count = apache ? APACHE_WINDOW + 500 : 600;
  const { statuses, took, slowest } = await flood(count);
  t.diagnostic(`${count} requests from one address in ${took} ms (${JSON.stringify(statuses)}); `
    + `another address's slowest answer meanwhile: ${slowest} ms`);
  if (apache) {
    // Sent within the 10 seconds: the first thousand answered, the rest
    // refused; another address, and static files, still served.
    assert.ok(took < 10000, `the flood took ${took} ms, longer than mod_qos's window`);
    assert.deepEqual(Object.keys(statuses).sort(), ['200', '429'], 'answered or refused with 429, nothing else');
    assert.ok(statuses[200] >= APACHE_WINDOW - 10 && statuses[200] <= APACHE_WINDOW,
      `${statuses[200]} answered before the refusals began`);
    for (const p of ['/search/?q=code', STATIC['site.css']]) {
      const again = await request(srv.url, p, { localAddress: FLOODER });
      assert.equal(again.status, 429, `the flooding address is refused everything for now: ${p}`);
    }
  } else {
    assert.deepEqual(statuses, { 200: count }, 'slowed down, not refused');
    assert.ok(took >= ((count - BURST) / RATE) * 1000 * 0.75, `${count} requests took ${took} ms: slowed to about ${RATE} a second`);
  }
  assert.ok(slowest < 1000, `another address waited ${slowest} ms at most`);
});
