'use strict';
/*
 * tests/faults.test.js: the site through faults, on nginx and the worker
 * as tools/serve runs them (the worker serving every page, so that reads
 * reach the database). Each test ends with a working site, PRAGMA
 * integrity_check = ok, and every edit committed before the fault still
 * there:
 *
 *   (a) the worker killed with SIGKILL under load: tools/serve's
 *       supervisor starts a new one within 5 s
 *   (b) the admin CGI killed while it saves: the record is saved with its
 *       revision, or not at all
 *   (c) the database write-locked for longer than the busy timeout:
 *       visitors and editors still read; a save gets 503 "try again",
 *       not 500
 *   (d) the database missing, not a database, or corrupt: 503 with a
 *       clear page and a log line, the worker alive, 200 once it is back
 *   (e) a full disk during a save (a database on a small tmpfs; needs
 *       mount, so root): a clear error, the record unchanged
 *   (f) the admin killed (under gdb) at each step of a save: before and
 *       after the commit, while it renders, before it puts the folder
 *       it set aside back; after the next ordinary save the published
 *       pages are exactly what the database holds
 *   (g) the same after a file of the library is deleted, then restored:
 *       killed once the change committed, before its bytes moved; after
 *       the next ordinary save the files folder serves exactly the
 *       library's files
 *
 * Publishing is on, as shipped: nginx serves the published files, and the
 * worker whatever is not published or while a publish is pending.
 * Faults are made with the sqlite3 tool (a write transaction of our own
 * holds the lock), by signals to processes this suite's tools/serve
 * started (found by PID; admin CGIs by their RUNNINGCODE_CONFIG), by
 * moving files, and by breakpoints of gdb in an admin CGI run by the test. Run by `make check` as
 * `node --test-reporter=tap tests/faults.test.js`.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { STATIC, startServer, serveSuite, initDb, sql, query, request, BUILDDIR, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('faults suite', ['/usr/sbin/nginx', 'fcgiwrap', 'sqlite3', 'gdb'])) return;
const { Browser } = require('./lib/browser.js');
const { textOf, anchors } = require('./lib/html.js');
const { samples, multipart } = require('./lib/upload.js');

const T = { timeout: 120000 };
const PASSWORD = 'alice: faults suite';
const BUSY_TIMEOUT_MS = 5000;	/* store.c: sqlite3_busy_timeout */

let srv;

serveSuite({ fastPasswords: true, publish: true }, { alice: PASSWORD }, (s) => { srv = s; });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const one = (dbPath, text) => query(dbPath, text)[0];
const integrity = (dbPath = srv.dbPath) => sql(dbPath, 'PRAGMA integrity_check;').trim();

async function loggedIn(server = srv, address) {
  const b = new Browser(server.url, { address });
  const res = await b.login('alice', PASSWORD);
  assert.equal(res.status, 303, `alice logs in: ${res.status} ${textOf(res.body).slice(0, 200)}`);
  assert.equal((await b.get('/admin/')).status, 200);
  return b;
}

/* A program on the running code page, made through the admin: its id. */
async function makeProgram(b, dbPath, title) {
  const form = await b.openForm('/admin/edit?type=program&page_id=26');
  const res = await b.submit(form, { title, description: 'Made by the faults suite.' });
  assert.equal(res.status, 303, `create ${title}: ${textOf(res.body).slice(0, 200)}`);
  return one(dbPath, 'SELECT record_id FROM revision ORDER BY id DESC LIMIT 1').record_id;
}

/* The record's version and its number of revisions, which must agree:
 * a program starts at version 1 with its "create" revision, and every
 * save adds one to both. */
function programState(dbPath, id) {
  const row = one(dbPath, `SELECT title, version FROM program WHERE id = ${Number(id)}`);
  const revisions = one(dbPath, `SELECT count(*) AS n FROM revision WHERE entity = 'program' AND record_id = '${Number(id)}'`).n;
  const last = one(dbPath, `SELECT json_extract(after, '$.title') AS title, json_extract(after, '$.version') AS version
    FROM revision WHERE entity = 'program' AND record_id = '${Number(id)}' ORDER BY id DESC LIMIT 1`);
  return { ...row, revisions, last };
}

function assertConsistent(dbPath, id, what) {
  const s = programState(dbPath, id);
  assert.equal(s.version, s.revisions, `${what}: version ${s.version} and ${s.revisions} revisions agree`);
  assert.deepEqual({ title: s.last.title, version: Number(s.last.version) }, { title: s.title, version: s.version },
    `${what}: the newest revision holds the record as stored`);
  return s;
}

/*
 * Hold the database's write lock from a sqlite3 process of our own
 * (BEGIN IMMEDIATE). Resolves once the lock is held to { release() },
 * which commits, and kill(); the process never outlives ms.
 */
function holdWriteLock(dbPath, ms = 30000) {
  const child = spawn('sqlite3', [dbPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), ms);
  let out = '';
  let err = '';
  const exited = new Promise((r) => child.once('exit', r));
  exited.then(() => clearTimeout(killer));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sqlite3 did not take the lock: ${err}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('locked')) {
        clearTimeout(timer);
        resolve({
          async release() {
            if (child.exitCode === null && child.signalCode === null) {
              child.stdin.end('COMMIT;\n.quit\n');
              await Promise.race([exited, sleep(5000)]);
            }
          },
          kill() { child.kill('SIGKILL'); return exited; },
        });
      }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.once('error', reject);
    child.stdin.write(".timeout 5000\nBEGIN IMMEDIATE;\nUPDATE page SET version = version WHERE id = -1;\nSELECT 'locked';\n");
  });
}

/* The PIDs of the admin CGIs running for this server's config. */
function adminPids(configPath) {
  const pids = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!fs.readFileSync(`/proc/${d}/comm`, 'utf8').startsWith('runningcode-adm')) continue;
      const env = fs.readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      if (env.includes(`RUNNINGCODE_CONFIG=${configPath}`)) pids.push(Number(d));
    } catch { /* gone meanwhile */ }
  }
  return pids;
}

/* Wait (at most ms) for an admin CGI of this server to run; its PID or null. */
async function waitAdminPid(configPath, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const [pid] = adminPids(configPath);
    if (pid) return pid;
    await sleep(2);
  }
  return null;
}

/* Settle a request that may fail (a killed upstream): { status } or { error }. */
const settle = (p) => p.then((res) => res, (e) => ({ status: 0, error: e.message, body: '', headers: {} }));

/* ======================================================================
 * (a) The worker killed under load
 * ==================================================================== */

test('(a) the worker killed with SIGKILL under load: a new worker answers 200 within 5 s; nothing committed lost', T, async (t) => {
  const b = await loggedIn();
  const id = await makeProgram(b, srv.dbPath, 'Committed before the worker was killed');
  const pid = srv.workerPid();
  assert.ok(pid, 'the worker is running (tools/serve writes site.pid)');

  // A bounded load: 4 loops, each request with a 2 s timeout, for at most
  // 15 s or 3,000 requests in all.
  let stop = false;
  const counts = { ok: 0, failed: 0, statuses: {} };
  const loop = async (p) => {
    const end = Date.now() + 15000;
    while (!stop && Date.now() < end && counts.ok + counts.failed < 3000) {
      const res = await settle(request(srv.url, p, { timeout: 2000 }));
      if (res.status && res.status < 500) counts.ok++;
      else {
        counts.failed++;
        const k = res.status || res.error.split(':')[0];
        counts.statuses[k] = (counts.statuses[k] || 0) + 1;
      }
    }
  };
  const loops = ['/how/runningcode/', '/search/?q=running', '/about/', '/no/such/page/'].map(loop);
  await sleep(500);
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  let back = null;
  while (Date.now() - killedAt < 5000) {
    const res = await settle(request(srv.url, '/how/runningcode/', { timeout: 1000 }));
    const now = srv.workerPid();
    if (res.status === 200 && now && now !== pid) {
      back = { ms: Date.now() - killedAt, pid: now };
      break;
    }
    await sleep(50);
  }
  await sleep(500);
  stop = true;
  await Promise.all(loops);
  t.diagnostic(`load: ${counts.ok} answered, ${counts.failed} failed meanwhile ${JSON.stringify(counts.statuses)}`);
  console.log(`# (a) requests failed while the worker was down: ${counts.failed} (of ${counts.ok + counts.failed})`);
  assert.ok(back, `the site answers 200 again with a new worker within 5 s of the SIGKILL (worker PID ${srv.workerPid()}, was ${pid})`);
  t.diagnostic(`a new worker (${back.pid}) answered ${back.ms} ms after the SIGKILL of ${pid}`);
  assert.ok(srv.alive(), 'tools/serve is still running');
  assert.equal((await request(srv.url, '/how/runningcode/')).status, 200);
  assert.match(srv.log('site.log'), /serving/, 'the new worker logged its start');
  assert.equal(integrity(), 'ok');
  assert.equal(programState(srv.dbPath, id).title, 'Committed before the worker was killed', 'the committed edit is there');
  assert.ok((await request(srv.url, '/how/runningcode/')).body.includes('Committed before the worker was killed'), 'and shown');
  // Edits go on.
  const form = await b.openForm(`/admin/edit?type=program&id=${id}`);
  assert.equal((await b.submit(form, { title: 'Edited after the restart' })).status, 303);
  assertConsistent(srv.dbPath, id, 'after the restart');
});

/* ======================================================================
 * (b) The admin CGI killed mid-save
 * ==================================================================== */

test('(b) the admin CGI killed while its save waits on the write lock: nothing half-saved', T, async () => {
  const b = await loggedIn();
  const id = await makeProgram(b, srv.dbPath, 'Kill me mid-save');
  const before_ = assertConsistent(srv.dbPath, id, 'before');
  const form = await b.openForm(`/admin/edit?type=program&id=${id}`);
  const lock = await holdWriteLock(srv.dbPath);
  let pending;
  try {
    pending = settle(b.submit(form, { title: 'Saved by a killed admin', description: 'Half?' }, { timeout: 20000 }));
    const pid = await waitAdminPid(srv.configPath);
    assert.ok(pid, 'the admin CGI is running, waiting on the lock');
    await sleep(300);
    assert.ok(adminPids(srv.configPath).includes(pid), 'still waiting');
    process.kill(pid, 'SIGKILL');
  } finally {
    await lock.release();
  }
  const res = await pending;
  assert.ok(res.status !== 303, `the killed save did not report success (${res.status} ${res.error ?? ''})`);
  const now = assertConsistent(srv.dbPath, id, 'after the kill');
  assert.ok([before_.version, before_.version + 1].includes(now.version), 'saved once or not at all');
  assert.equal(integrity(), 'ok');
  assert.equal((await request(srv.url, '/how/runningcode/')).status, 200, 'visitors read the site');
  // The editor submits again: it goes through.
  const again = await b.openForm(`/admin/edit?type=program&id=${id}`);
  assert.equal((await b.submit(again, { title: 'Saved after the kill' })).status, 303);
  assert.equal(assertConsistent(srv.dbPath, id, 'after the new save').title, 'Saved after the kill');
});

test('(b) the admin CGI killed at varying moments of a save: every time saved with its revision, or not at all', T, async (t) => {
  const b = await loggedIn();
  const id = await makeProgram(b, srv.dbPath, 'Killed at random');
  const outcomes = { saved: 0, notSaved: 0, killedBeforeAnswer: 0 };
  // After the lock is released the waiting admin wakes within SQLite's
  // busy-handler step (up to 100 ms) and saves in a few ms: kills spread
  // over 0-150 ms land before, inside and after its transaction.
  for (let i = 0; i < 12; i++) {
    const before_ = assertConsistent(srv.dbPath, id, `round ${i}: before`);
    const form = await b.openForm(`/admin/edit?type=program&id=${id}`);
    const lock = await holdWriteLock(srv.dbPath);
    let pending;
    let pid;
    try {
      pending = settle(b.submit(form, { title: `Round ${i}`, description: 'x'.repeat(1500 + i) }, { timeout: 20000 }));
      pid = await waitAdminPid(srv.configPath);
      assert.ok(pid, `round ${i}: the admin CGI runs`);
      await sleep(150);
    } finally {
      await lock.release();
    }
    await sleep((i * 13) % 150);
    // Only while it is still this server's admin CGI (never a reused PID).
    if (adminPids(srv.configPath).includes(pid)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* it had finished */ }
    }
    const res = await pending;
    const now = assertConsistent(srv.dbPath, id, `round ${i}: after the kill (answer ${res.status})`);
    if (res.status !== 303) outcomes.killedBeforeAnswer++;
    if (now.version === before_.version + 1) {
      outcomes.saved++;
      assert.equal(now.title, `Round ${i}`);
    } else {
      assert.equal(now.version, before_.version, `round ${i}: not saved at all`);
      assert.equal(now.title, before_.title);
      outcomes.notSaved++;
    }
  }
  t.diagnostic(`kills: ${outcomes.saved} saves completed, ${outcomes.notSaved} not saved, ` +
    `${outcomes.killedBeforeAnswer} killed before answering; none half-saved`);
  assert.equal(integrity(), 'ok');
  assert.equal((await request(srv.url, '/how/runningcode/')).status, 200);
});

/* ======================================================================
 * (c) The database locked for longer than the busy timeout
 * ==================================================================== */

test('(c) a write lock held past the busy timeout: visitors still read; the editor gets 503 "try again", not 500', T, async () => {
  const b = await loggedIn();
  const id = await makeProgram(b, srv.dbPath, 'Saved while locked?');
  const before_ = assertConsistent(srv.dbPath, id, 'before');
  const form = await b.openForm(`/admin/edit?type=program&id=${id}`);
  const lock = await holdWriteLock(srv.dbPath, 40000);
  let save;
  try {
    const t0 = Date.now();
    const pendingSave = settle(b.submit(form, { title: 'Saved during the lock' }, { timeout: 20000 }));
    // Visitors read meanwhile, at once (WAL: readers do not wait).
    for (const p of ['/how/runningcode/', '/search/?q=running', '/about/', '/no/such/page/', '/sitemap.xml']) {
      const s0 = Date.now();
      const res = await request(srv.url, p, { timeout: 3000 });
      assert.equal(res.status, p === '/no/such/page/' ? 404 : 200, `${p} during the lock`);
      assert.ok(Date.now() - s0 < 2000, `${p} answered in ${Date.now() - s0} ms`);
    }
    save = await pendingSave;
    const waited = Date.now() - t0;
    assert.equal(save.status, 503, `the save: ${save.status} ${save.error ?? textOf(save.body).slice(0, 200)}`);
    assert.match(textOf(save.body), /try again/i, 'the page says to try again');
    assert.match(textOf(save.body), /Nothing was saved/, 'and that nothing was saved');
    assert.equal(save.headers['retry-after'], '5', 'with Retry-After');
    assert.ok(waited >= BUSY_TIMEOUT_MS - 500 && waited < 15000, `after the busy timeout (${waited} ms)`);
    // Admin pages only read (a session in use writes at most once a
    // minute): they answer at once, as the public pages do. A login
    // writes, and says "try again", not 500.
    const r0 = Date.now();
    const page = await b.get('/admin/pages');
    assert.equal(page.status, 200, '/admin/pages during the lock: read at once');
    assert.ok(Date.now() - r0 < 2000, `/admin/pages answered in ${Date.now() - r0} ms`);
    const login = await new Browser(srv.url, { address: '127.0.0.31' }).login('alice', PASSWORD);
    assert.equal(login.status, 503, 'a login during the lock');
    assert.match(textOf(login.body), /try again/i);
  } finally {
    await lock.release();
  }
  assert.deepEqual(assertConsistent(srv.dbPath, id, 'after the lock'), before_, 'nothing saved during the lock');
  // Submitted again once the lock is gone: saved.
  const res = await b.submit(form, { title: 'Saved after the lock' });
  assert.equal(res.status, 303, textOf(res.body).slice(0, 200));
  assert.equal(assertConsistent(srv.dbPath, id, 'after the new save').title, 'Saved after the lock');
  assert.equal(integrity(), 'ok');
  sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
});

/* ======================================================================
 * (d) The database missing, not a database, corrupt
 * ==================================================================== */

/* Checkpoint the WAL into the main file, so that moving the main file
 * moves every committed change. */
function checkpoint() {
  const out = sql(srv.dbPath, 'PRAGMA wal_checkpoint(TRUNCATE);').trim();
  assert.match(out, /^0\|/, `checkpoint: ${out}`);
}

/* Move the database (and its -wal and -shm) away; returns a function
 * that brings them back (whatever is in their place is removed). */
function moveAway() {
  const files = ['', '-wal', '-shm'].map((s) => srv.dbPath + s).filter((f) => fs.existsSync(f));
  for (const f of files) fs.renameSync(f, `${f}.good`);
  return () => {
    for (const s of ['', '-wal', '-shm']) fs.rmSync(srv.dbPath + s, { recursive: true, force: true });
    for (const f of files) fs.renameSync(`${f}.good`, f);
  };
}

/*
 * Break the database with make(dbPath, goodPath) (the good file moved
 * away meanwhile), and check: published pages are still served; the
 * worker answers 503 with a clear page, logs it, stays the same process;
 * the admin answers 503 too; then with the good file back, 200 and the
 * committed edit.
 */
async function outage(what, make) {
  const b = await loggedIn();
  const id = await makeProgram(b, srv.dbPath, `Committed before: ${what}`);
  assert.match(textOf((await request(srv.url, '/how/runningcode/')).body), new RegExp(`Committed before: ${what}`));
  checkpoint();
  const pid = srv.workerPid();
  const logBefore = srv.log('site.log').length;
  const putBack = moveAway();
  try {
    make(srv.dbPath, `${srv.dbPath}.good`);
    // Published pages are files that nginx serves without the database:
    // visitors keep reading them, with the last committed edit.
    for (const p of ['/how/runningcode/', '/']) {
      const res = await request(srv.url, p);
      assert.equal(res.status, 200, `${what}: ${p}, published, still served`);
    }
    assert.match(textOf((await request(srv.url, '/how/runningcode/')).body), new RegExp(`Committed before: ${what}`));
    // What the worker answers from the database: a clear 503.
    for (const p of ['/search/?q=running', '/no/such/page/']) {
      const res = await request(srv.url, p);
      assert.equal(res.status, 503, `${what}: ${p}`);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', `${what}: ${p} is a page`);
      assert.match(textOf(res.body), /temporarily unavailable\. Please try again in a moment\./, `${what}: ${p} says so`);
      assert.equal(res.headers['retry-after'], '5');
      assert.ok(!/SQLITE|sqlite3|not a database|malformed/i.test(res.body), `${what}: no database error text shown`);
    }
    assert.equal((await request(srv.url, STATIC['site.css'])).status, 200, `${what}: static files still served`);
    const admin = await b.get('/admin/pages');
    assert.equal(admin.status, 503, `${what}: the admin: ${admin.status} ${textOf(admin.body).slice(0, 200)}`);
    assert.match(textOf(admin.body), /try again/i, `${what}: the admin says to try again`);
    const logged = srv.log('site.log').slice(logBefore);
    assert.match(logged, /runningcode-site: error: .*database/, `${what}: a log line in logs/site.log`);
    assert.equal(srv.workerPid(), pid, `${what}: the same worker, alive`);
  } finally {
    putBack();
  }
  let res;
  for (let i = 0; i < 20; i++) {
    res = await request(srv.url, '/search/?q=running');	// the worker, from the database
    if (res.status === 200) break;
    await sleep(100);
  }
  assert.equal(res.status, 200, `${what}: 200 again from the worker once the good file is back`);
  assert.ok((await request(srv.url, '/how/runningcode/')).body.includes(`Committed before: ${what}`), `${what}: with the committed edit`);
  assert.equal(srv.workerPid(), pid, `${what}: the same worker throughout`);
  assert.equal((await b.get('/admin/pages')).status, 200, `${what}: the admin works again`);
  assertConsistent(srv.dbPath, id, what);
  assert.equal(integrity(), 'ok');
}

test('(d) the database missing: 503 with a clear page and a log line, the worker alive, 200 once it is back', T, async () => {
  await outage('missing', () => {});
});

test('(d) a file that is not a database in its place (unreadable as such): 503, log line, 200 once the good file is back', T, async () => {
  // As root, mode 000 does not stop reads: a file that is not a database
  // stands for one that cannot be read.
  await outage('not a database', (db) => fs.writeFileSync(db, 'This is not a database.\n'.repeat(200)));
});

test('(d) a folder in its place: 503, log line, 200 once the good file is back', T, async () => {
  await outage('a folder', (db) => fs.mkdirSync(db));
});

test('(d) a copy with its header overwritten moved into place: 503, log line, 200 once the good file is back', T, async () => {
  await outage('corrupt header', (db, good) => {
    const tmp = `${db}.corrupt`;
    fs.copyFileSync(good, tmp);
    const fd = fs.openSync(tmp, 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
    fs.closeSync(fd);
    fs.renameSync(tmp, db);
  });
});

test('(d) a copy with its schema page overwritten (header intact) moved into place: 503, log line, 200 once it is back', T, async () => {
  await outage('corrupt schema page', (db, good) => {
    const tmp = `${db}.corrupt`;
    fs.copyFileSync(good, tmp);
    const fd = fs.openSync(tmp, 'r+');
    const page = Buffer.alloc(4096 - 100, 0xa5);
    fs.writeSync(fd, page, 0, page.length, 100);
    fs.closeSync(fd);
    fs.renameSync(tmp, db);
  });
});

/* ======================================================================
 * (e) A full disk during a save
 * ==================================================================== */

test('(e) a full disk during a save: the editor sees a clear error, the record is unchanged, saves work once there is room', T, async (t) => {
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-full-'));
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m,mode=0755', 'tmpfs', mnt], { encoding: 'utf8', timeout: 10000 });
  if (m.status !== 0) {
    fs.rmdirSync(mnt);
    t.skip(`mount -t tmpfs is refused here (${(m.stderr || m.error?.message || '').trim()}): a full disk cannot be made`);
    return;
  }
  let full = null;
  let filler = null;
  try {
    const realDb = path.join(mnt, 'runningcode.db');
    initDb(realDb);
    full = await startServer({ createDb: false, fastPasswords: true, publish: false });
    fs.symlinkSync(realDb, full.dbPath);
    full.addUser('alice', PASSWORD);
    assert.equal((await request(full.url, '/how/runningcode/')).status, 200, 'the site reads the database on the tmpfs');
    const b = await loggedIn(full);
    const id = await makeProgram(b, realDb, 'Before the disk filled');
    // The worker's connection keeps the -wal and -shm files while the disk
    // is full (a connection could not make them then).
    const form = await b.openForm(`/admin/edit?type=page&id=26`);
    const pageBefore = one(realDb, 'SELECT title, body, version FROM page WHERE id = 26');
    const revsBefore = one(realDb, 'SELECT count(*) AS n FROM revision').n;
    // An empty WAL, so that any write needs room; then fill the disk.
    assert.match(sql(realDb, 'PRAGMA wal_checkpoint(TRUNCATE);').trim(), /^0\|/);
    filler = path.join(mnt, 'filler');
    const fd = fs.openSync(filler, 'w');
    let wrote = 0;
    for (const size of [1 << 20, 1 << 16, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x66);
      for (let i = 0; i < 10000; i++) {
        try { wrote += fs.writeSync(fd, chunk); } catch (e) { assert.equal(e.code, 'ENOSPC'); break; }
      }
    }
    fs.closeSync(fd);
    t.diagnostic(`filled the tmpfs with ${wrote} bytes`);

    const res = await b.submit(form, { title: 'Saved on a full disk', body: 'b'.repeat(150 * 1024) });
    t.diagnostic(`the save on a full disk: ${res.status} ${textOf(res.body).slice(0, 200)}`);
    // The COMMIT (or the write before it) fails with SQLITE_FULL: 507
    // "Disk full ... Nothing was saved", or 500/503 when SQLite says so
    // another way; never a half-saved record.
    assert.ok([500, 503, 507].includes(res.status), `a clear error status, not ${res.status}`);
    assert.match(textOf(res.body), /Nothing was saved/, 'the page says nothing was saved');
    assert.ok(!/Internal Server Error/.test(res.body), 'our page, not the web server\'s');
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.deepEqual(one(realDb, 'SELECT title, body, version FROM page WHERE id = 26'), pageBefore, 'the page is unchanged');
    assert.equal(one(realDb, 'SELECT count(*) AS n FROM revision').n, revsBefore, 'no revision written');
    assert.equal((await request(full.url, '/how/runningcode/')).status, 200, 'visitors still read');
    const logs = fs.readdirSync(path.join(full.runtime, 'logs')).map((f) => full.log(f)).join('\n');
    assert.match(logs, /disk is full|SQLITE_FULL|No space/i, 'the log says the disk is full');

    // Room again: the same form saves.
    fs.rmSync(filler);
    filler = null;
    const again = await b.submit(form, { title: 'Saved once there was room' });
    assert.equal(again.status, 303, `${again.status} ${textOf(again.body).slice(0, 200)}`);
    assert.equal(one(realDb, 'SELECT title FROM page WHERE id = 26').title, 'Saved once there was room');
    assertConsistent(realDb, id, 'the program made before');
    assert.equal(integrity(realDb), 'ok');
  } finally {
    if (full) await full.stop();
    if (filler) fs.rmSync(filler, { force: true });
    const u = spawnSync('umount', [mnt], { encoding: 'utf8', timeout: 10000 });
    if (u.status === 0) fs.rmdirSync(mnt);
    else console.log(`# umount ${mnt} failed: ${u.stderr}`);
  }
});

/* ======================================================================
 * (f) The admin killed at each step of a save, publishing on
 * ==================================================================== */

/* Where a save is stopped, as gdb breakpoints in runningcode-admin: the
 * functions record_apply calls in turn (src/record.c, src/publish.c). */
const KILL_POINTS = [
  ['before the commit', 'store_commit'],
  ['after the commit, before publishing', 'publish_unlock'],
  ['while rendering the pages', 'publish_write_page'],
  ['before the folder set aside is put back', 'put_back'],
];

/* POST fields to path as browser b would, but to an admin CGI run by
 * the test under gdb, SIGKILLed at the breakpoint fn. Returns whether it
 * stopped there (gdb's output says so). */
function killAdminAt(b, route, fields, fn) {
  const body = new URLSearchParams(fields).toString();
  const bodyFile = path.join(srv.runtime, 'killed-post-body');
  fs.writeFileSync(bodyFile, body);
  const r = spawnSync('gdb', ['-nx', '-batch', '-ex', 'set breakpoint pending on', '-ex', `break ${fn}`,
    '-ex', `run < ${bodyFile} > /dev/null`, '-ex', 'kill', '--args', path.join(BUILDDIR, 'runningcode-admin')], {
    encoding: 'utf8',
    timeout: 60000,
    env: {
      PATH: process.env.PATH, RUNNINGCODE_CONFIG: srv.configPath, GATEWAY_INTERFACE: 'CGI/1.1',
      REQUEST_METHOD: 'POST', REQUEST_URI: route, SCRIPT_NAME: '', PATH_INFO: route, QUERY_STRING: '',
      HTTP_HOST: new URL(srv.url).host, SERVER_PORT: new URL(srv.url).port, HTTP_ORIGIN: new URL(srv.url).origin,
      REMOTE_ADDR: '127.0.0.1', HTTP_COOKIE: `rc_session=${b.cookie()}`,
      CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: String(Buffer.byteLength(body)),
    },
  });
  fs.rmSync(bodyFile, { force: true });
  return { stopped: /Breakpoint 1, /.test(r.stdout), output: `${r.stdout}\n${r.stderr}` };
}

/* What `runningcode check` says of the published folder: its output and
 * whether the folder holds exactly the published pages, as they are. */
function publishedMatches() {
  const r = spawnSync(path.join(BUILDDIR, 'runningcode'), ['-c', srv.configPath, 'check'], { encoding: 'utf8', timeout: 60000 });
  return { ok: r.status === 0 && /^ok +published pages/m.test(r.stdout), output: r.stdout + r.stderr };
}

test('(f) the admin killed at each step of a save, publishing on: after the next ordinary save, every published page is what the database holds', { timeout: 300000 }, async (t) => {
  const b = await loggedIn();
  const id = await makeProgram(b, srv.dbPath, 'Killed while publishing');
  // The next ordinary save is of a program on another page (the home
  // page): it publishes only that page, unless it finds the publish that
  // was killed still pending.
  const home = one(srv.dbPath, "SELECT id FROM page WHERE path = '/'").id;
  const made = await b.submit(await b.openForm(`/admin/edit?type=program&page_id=${home}`), { title: 'Bystander', description: 'On the home page.' });
  assert.equal(made.status, 303);
  const bystander = one(srv.dbPath, 'SELECT record_id FROM revision ORDER BY id DESC LIMIT 1').record_id;
  const marker = path.join(srv.runtime, 'public.pending');	// the folder set aside
  let round = 0;
  for (const [step, fn] of KILL_POINTS) {
    for (const change of ['a program renamed', 'its page unpublished']) {
      round++;
      const what = `${step}, ${change}`;
      // Set up: the page published, its files current.
      sql(srv.dbPath, 'UPDATE page SET published = 1 WHERE id = 26;');
      assert.equal(spawnSync(path.join(BUILDDIR, 'runningcode'), ['-c', srv.configPath, 'publish'], { timeout: 60000 }).status, 0,
        `${what}: set up`);
      const before = programState(srv.dbPath, id);
      const pageBefore = one(srv.dbPath, 'SELECT version FROM page WHERE id = 26').version;
      const fields = change === 'a program renamed'
        ? [...(await b.openForm(`/admin/edit?type=program&id=${id}`)).fields.filter(([k]) => k !== 'title'), ['title', `Renamed ${round}`]]
        // Menus and programs lead to the page: the editor confirms (issue 17 point 7).
        : [...(await b.openForm('/admin/edit?type=page&id=26')).fields.filter(([k]) => k !== 'published'),
          ['confirm_unpublish', '1']];
      const csrf = new Map(fields).get('csrf_token');
      assert.ok(csrf, `${what}: the form's CSRF token`);
      sql(srv.dbPath, "UPDATE session SET seen_at = CAST(strftime('%s', 'now') AS INTEGER);");

      const killed = killAdminAt(b, '/admin/edit', fields, fn);
      assert.ok(killed.stopped, `${what}: gdb stopped the admin at ${fn}: ${killed.output.slice(-800)}`);
      if (fn !== 'store_commit') assert.ok(fs.existsSync(marker), `${what}: killed with its publish pending`);
      const committed = change === 'a program renamed'
        ? programState(srv.dbPath, id).version === before.version + 1
        : one(srv.dbPath, 'SELECT version FROM page WHERE id = 26').version === pageBefore + 1;
      assert.equal(committed, fn !== 'store_commit', `${what}: committed exactly when killed after the commit`);
      assert.equal(integrity(), 'ok', `${what}: integrity`);

      // The next ordinary save, of another record.
      const next = await b.submit(await b.openForm(`/admin/edit?type=program&id=${bystander}`), { description: `After ${round}` });
      assert.equal(next.status, 303, `${what}: the next save goes through`);
      assert.ok(!fs.existsSync(marker), `${what}: and its publish finished`);
      const check = publishedMatches();
      assert.ok(check.ok, `${what}: runningcode check: the published folder is what the database holds\n${check.output}`);
      const pub = await request(srv.url, '/how/runningcode/');
      const published = one(srv.dbPath, 'SELECT published FROM page WHERE id = 26').published === 1;
      assert.equal(pub.status, published ? 200 : 404, `${what}: visitors get the page as the database has it`);
      if (published) {
        const title = programState(srv.dbPath, id).title;
        assert.ok(pub.body.includes(title), `${what}: the page shows the program as saved ("${title}")`);
      }
    }
  }
  sql(srv.dbPath, 'UPDATE page SET published = 1 WHERE id = 26;');
  spawnSync(path.join(BUILDDIR, 'runningcode'), ['-c', srv.configPath, 'publish'], { timeout: 60000 });
  t.diagnostic(`${round} saves killed at ${KILL_POINTS.length} steps; after each, the next save republished what was stale`);
});

/* What `runningcode check` says of the uploaded files: its output and
 * whether the files folder serves exactly the library's files. */
function filesMatch() {
  const r = spawnSync(path.join(BUILDDIR, 'runningcode'), ['-c', srv.configPath, 'check'], { encoding: 'utf8', timeout: 60000 });
  return { ok: /^ok +uploaded files served match the library$/m.test(r.stdout), output: r.stdout + r.stderr };
}

test("(g) the admin killed after a file's deletion or restore commits, before its bytes move: the next save moves them as the library says", { timeout: 300000 }, async (t) => {
  const b = await loggedIn();
  await b.get('/admin/files');
  const data = samples.png(12, 12);
  const { body, type } = multipart([['csrf_token', b.csrf], ['name', 'Killed mid-move'], ['alt', 'A small square']],
    { name: 'k.png', type: 'image/png', data });
  const made = await b.send('/admin/files', { method: 'POST', headers: { 'Content-Type': type, Origin: b.origin }, body });
  assert.equal(made.status, 303, `uploaded: ${textOf(made.body).slice(0, 200)}`);
  const file = one(srv.dbPath, "SELECT * FROM file WHERE name = 'Killed mid-move'");
  const address = `/files/${file.stored}`;
  assert.equal((await request(srv.url, address)).status, 200, 'served once uploaded');
  // The next ordinary save: a program on the home page, made here.
  const home = one(srv.dbPath, "SELECT id FROM page WHERE path = '/'").id;
  const other = await b.submit(await b.openForm(`/admin/edit?type=program&page_id=${home}`), { title: 'Bystander of the files', description: 'On the home page.' });
  assert.equal(other.status, 303);
  const bystander = one(srv.dbPath, 'SELECT record_id FROM revision ORDER BY id DESC LIMIT 1').record_id;

  for (const [change, route, held] of [['deleted', '/admin/delete', false], ['restored', '/admin/restore', true]]) {
    // As an editor finds them: its delete button, its line in Recently deleted.
    const link = held && anchors((await b.get('/admin/deleted')).body)
      .find((l) => l.href.startsWith('/admin/restore?') && l.label.includes('Killed mid-move'));
    if (held) assert.ok(link, 'listed in Recently deleted');
    const form = await b.openForm(held ? link.href : `/admin/delete?type=file&id=${file.id}`, route);
    sql(srv.dbPath, "UPDATE session SET seen_at = CAST(strftime('%s', 'now') AS INTEGER);");
    const killed = killAdminAt(b, route, form.fields, 'publish_unlock');
    assert.ok(killed.stopped, `${change}: gdb stopped the admin at publish_unlock: ${killed.output.slice(-800)}`);
    assert.equal(Boolean(one(srv.dbPath, `SELECT count(*) AS n FROM file WHERE id = ${Number(file.id)}`).n), held,
      `${change}: committed before the kill`);
    assert.equal((await request(srv.url, address)).status, held ? 404 : 200, `${change}: its bytes have not moved yet`);
    const stale = filesMatch();
    assert.ok(!stale.ok, `${change}: runningcode check sees the difference\n${stale.output}`);
    assert.ok(stale.output.includes(held ? `in the library, but not served (set aside as deleted): ${address}`
      : `served, but not in the library: ${address}`), stale.output);

    const next = await b.submit(await b.openForm(`/admin/edit?type=program&id=${bystander}`), { description: `After the file was ${change}` });
    assert.equal(next.status, 303, `${change}: the next save goes through`);
    const res = await request(srv.url, address);
    assert.equal(res.status, held ? 200 : 404, `${change}: visitors get the file as the library has it`);
    if (held) assert.ok(res.bytes.equals(data), `${change}: its very bytes`);
    const check = filesMatch();
    assert.ok(check.ok, `${change}: runningcode check: the files folder is what the library holds\n${check.output}`);
  }
  t.diagnostic('a deletion and a restore killed before their bytes moved; the next save moved them');
});

test('after every fault: the same tools/serve, the site and the admin answer, the database is intact', T, async () => {
  assert.ok(srv.alive(), 'tools/serve is still running');
  assert.equal((await request(srv.url, '/how/runningcode/')).status, 200);
  const b = await loggedIn();
  assert.equal((await b.get('/admin/pages')).status, 200);
  assert.equal(integrity(), 'ok');
  assert.equal(one(srv.dbPath, 'PRAGMA foreign_key_check') ?? null, null, 'no foreign key violations');
});
