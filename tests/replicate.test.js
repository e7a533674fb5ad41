'use strict';
/*
 * tests/replicate.test.js: a standby origin (issue 21, point 4), through
 * the real thing: an origin and a standby, each nginx + runningcode-site
 * + the admin (tests/lib/server.js), real SQLite files, and real rsync:
 * to a local folder and to an rsync daemon this suite starts on
 * 127.0.0.1 with a config of its own (stopped by its PID).
 *
 * `runningcode replicate DEST` sends a snapshot; the standby serves
 * DEST/current (src/cli-replicate.c). Checked: the standby serves what
 * the origin saved once a replicate ran, its worker opening the new
 * database by itself (same process, no error); a replicate killed halfway
 * leaves the standby on its previous snapshot, whole; the standby's admin
 * and writing commands refuse with the writer's name; bad DESTs get a
 * clear error and a non-zero exit; `runningcode promote` makes the
 * standby the writer, and a replicate from the old writer then fails.
 * Run by `make check` as `node --test-reporter=tap tests/replicate.test.js`.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer, query, request, freePort, BUILDDIR, skipSuiteWithout } = require('./lib/server.js');
const { startRsyncd, stopRsyncd } = require('./lib/rsyncd.js');
if (skipSuiteWithout('replicate suite', ['/usr/sbin/nginx', 'fcgiwrap', 'sqlite3', 'rsync'])) return;
const { browserKit } = require('./lib/editor.js');
const { textOf, heading } = require('./lib/html.js');

const T = { timeout: 120000 };
const USERS = { alice: 'alice: replicate password' };
/* A page of the seed, published: what the tests edit. */
const PAGE = '/about/';
/* Big enough that rsync takes seconds over it: the replicate is killed
 * while it sends it. Sparse here; written out at the standby. */
const BIG_FILE_BYTES = 400 * 1024 * 1024;
const POLL_MS = 5;
const POLL_LIMIT = 4000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let origin;
let standby;
let tmp;
let dest;	/* the standby's DEST, a local folder */
let daemonDest;	/* the folder the rsync daemon's module writes to */
let daemon;	/* tests/lib/rsyncd.js */
const writer = os.hostname();
/* A file of the library, named as the admin names one (its hash and type). */
const LIBRARY_FILE = `${'5'.repeat(64)}.txt`;
/* One deleted from it, kept for a restore (src/file-library.h). */
const DELETED_FILE = `${'6'.repeat(64)}.txt`;

const kit = (site) => browserKit({ url: () => site().url, dbPath: () => site().dbPath, passwords: USERS });
const atOrigin = kit(() => origin);
const atStandby = kit(() => standby);

const replicate = (to, site = origin) => site.cli(['replicate', to]);
const pageId = () => query(origin.dbPath, `SELECT id FROM page WHERE path = '${PAGE}'`)[0].id;
const currentOf = (d) => fs.readlinkSync(path.join(d, 'current'));
const snapshotsOf = (d) => fs.readdirSync(path.join(d, 'snapshots')).sort();

/* The text of the main heading of p on site. */
async function headingOf(site, p) {
  const res = await request(site.url, p);
  assert.equal(res.status, 200, `${site === origin ? 'origin' : 'standby'} ${p}`);
  return heading(res.body);
}

/* Set the page's title on the origin through its admin. */
async function retitle(title) {
  const b = await atOrigin.loggedIn('alice');
  await atOrigin.edit(b, 'page', pageId(), { title });
}

before(async () => {
  origin = await startServer({ fastPasswords: true, publish: true });
  for (const [name, pw] of Object.entries(USERS)) origin.addUser(name, pw);
  tmp = fs.mkdtempSync(path.join(BUILDDIR, 'tests', 'tmp', 'replicate-'));
  dest = path.join(tmp, 'standby');
  daemonDest = path.join(tmp, 'daemon');
  fs.mkdirSync(dest);
  fs.mkdirSync(daemonDest);
  fs.writeFileSync(path.join(origin.runtime, 'files', LIBRARY_FILE), 'a file of the library\n');
  fs.mkdirSync(path.join(origin.runtime, 'files.deleted'), { mode: 0o700 });
  fs.writeFileSync(path.join(origin.runtime, 'files.deleted', DELETED_FILE), 'a deleted file\n');
  const r = replicate(dest);
  assert.equal(r.status, 0, `the first replicate: ${r.stderr}`);
  standby = await startServer({ fastPasswords: true, publish: true, standby: dest });
  daemon = await startRsyncd(tmp, 'standby', daemonDest);
}, { timeout: 60000 });

after(async () => {
  if (daemon) await stopRsyncd(daemon);
  if (standby) await standby.stop();
  if (origin) await origin.stop();
  if (tmp && !process.env.RC_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
}, { timeout: 30000 });

test('replicate to a folder: the standby serves the snapshot, its published pages and its files', T, async () => {
  const snapshot = currentOf(dest);
  assert.match(snapshot, /^snapshots\/\d{8}T\d{6}Z-\d+$/);
  assert.deepEqual(snapshotsOf(dest), [path.basename(snapshot)]);
  const here = path.join(dest, 'current');
  assert.ok(fs.existsSync(path.join(here, 'public', 'about', 'index.html')), 'the published page went along');
  assert.equal(fs.readFileSync(path.join(here, 'files', LIBRARY_FILE), 'utf8'), 'a file of the library\n');
  assert.equal(fs.readFileSync(path.join(here, 'files.deleted', DELETED_FILE), 'utf8'), 'a deleted file\n',
    'deleted files go along, for a restore after promote');
  assert.equal(fs.statSync(path.join(here, 'files.deleted')).mode & 0o777, 0o700, 'and stay the admin\'s alone');
  // A self-contained copy: no -wal beside it, and whole.
  assert.ok(!fs.existsSync(path.join(here, 'runningcode.db-wal')));
  assert.equal(query(path.join(here, 'runningcode.db'), 'PRAGMA integrity_check')[0].integrity_check, 'ok');
  assert.equal(await headingOf(standby, PAGE), await headingOf(origin, PAGE));
  const res = await request(standby.url, `/files/${LIBRARY_FILE}`);
  assert.equal(res.status, 200);
  assert.equal(res.body, 'a file of the library\n');
});

test('a save on the origin shows on the standby after the next replicate; its worker reopens the database by itself', T, async () => {
  const worker = standby.workerPid();
  assert.ok(worker, 'the standby has a worker');
  const before = currentOf(dest);
  await retitle('Replicated title one');
  assert.equal(await headingOf(origin, PAGE), 'Replicated title one');
  assert.notEqual(await headingOf(standby, PAGE), 'Replicated title one', 'not before a replicate');
  const r = replicate(dest);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^replicated to .*: snapshot \S+, [0-9.]+ s$/m);
  assert.notEqual(currentOf(dest), before);
  assert.deepEqual(snapshotsOf(dest), [path.basename(currentOf(dest))], 'the old snapshot is gone');
  // The published file (nginx) and the worker's own answer (search, from the database).
  assert.equal(await headingOf(standby, PAGE), 'Replicated title one');
  const found = await request(standby.url, `/search/?q=${encodeURIComponent('Replicated title one')}`);
  assert.equal(found.status, 200);
  assert.ok(textOf(found.body).includes('Replicated title one'), 'the worker serves the new database');
  assert.equal(standby.workerPid(), worker, 'the same worker, not restarted');
  assert.doesNotMatch(standby.log('site.log'), /error|cannot/i);
});

test('a replicate killed halfway leaves the standby on its previous snapshot, whole', T, async () => {
  const big = path.join(origin.runtime, 'files', 'big.bin');
  fs.closeSync(fs.openSync(big, 'w'));
  fs.truncateSync(big, BIG_FILE_BYTES);
  const before = currentOf(dest);
  await retitle('Never replicated title');
  const child = spawn(path.join(BUILDDIR, 'runningcode'), ['-c', origin.configPath, 'replicate', dest],
    { detached: true, stdio: 'ignore' });
  let partial = null;
  for (let i = 0; i < POLL_LIMIT && !partial && child.exitCode === null; i++) {
    for (const name of snapshotsOf(dest)) {
      const files = path.join(dest, 'snapshots', name, 'files');
      if (fs.existsSync(files) && fs.readdirSync(files).some((f) => f.startsWith('.big.bin.'))) partial = name;
    }
    if (!partial) await sleep(POLL_MS);
  }
  assert.ok(partial, 'rsync was caught sending the big file');
  process.kill(-child.pid, 'SIGKILL');	// replicate and its rsync
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
  fs.unlinkSync(big);

  assert.equal(currentOf(dest), before, 'current still leads to the previous snapshot');
  assert.equal(await headingOf(standby, PAGE), 'Replicated title one');
  const db = path.join(dest, 'current', 'runningcode.db');
  assert.equal(query(db, 'PRAGMA integrity_check')[0].integrity_check, 'ok');
  assert.equal(query(db, `SELECT title FROM page WHERE path = '${PAGE}'`)[0].title, 'Replicated title one');

  // The next replicate completes, and deletes the unfinished snapshot.
  const r = replicate(dest);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(snapshotsOf(dest), [path.basename(currentOf(dest))]);
  assert.equal(await headingOf(standby, PAGE), 'Never replicated title');
});

test('replicate to an rsync daemon (rsync://HOST:PORT/MODULE/PATH)', T, async () => {
  const to = `${daemon.url}/standby/site`;
  let r = replicate(to);
  assert.equal(r.status, 0, r.stderr);
  const here = path.join(daemonDest, 'site');
  const first = currentOf(here);
  assert.equal(query(path.join(here, 'current', 'runningcode.db'), `SELECT title FROM page WHERE path = '${PAGE}'`)[0]
    .title, 'Never replicated title');
  assert.ok(fs.lstatSync(path.join(here, 'current')).isSymbolicLink(), 'current is a link, not munged');
  assert.ok(fs.existsSync(path.join(here, 'current', 'public', 'about', 'index.html')));
  // Again: a new snapshot, unchanged published files hard-linked from the last one.
  const inode = fs.statSync(path.join(here, 'current', 'public', 'about', 'index.html')).ino;
  r = replicate(to);
  assert.equal(r.status, 0, r.stderr);
  assert.notEqual(currentOf(here), first);
  assert.deepEqual(snapshotsOf(here), [path.basename(currentOf(here))]);
  assert.equal(fs.statSync(path.join(here, 'current', 'public', 'about', 'index.html')).ino, inode,
    'an unchanged file is not sent again');
});

test('bad DESTs get a clear error and a non-zero exit, and change nothing', T, async () => {
  const before = currentOf(dest);
  const cases = [
    ['', 2, /is not a DEST: it is empty/],
    ['--delete', 2, /begins with '-'/],
    ['http://example.org/standby', 2, /HOST:PATH .*rsync:\/\/HOST\[:PORT\]\/MODULE\/PATH/],
    ['rsync://127.0.0.1', 2, /names a host and a module/],
    [path.join(tmp, 'no-such-folder'), 2, /is not a folder on this machine \(No such file or directory\)/],
    [`${daemon.url}/no-such-module/x`, 1, /rsync failed with exit status 5 .*\n.*serves its previous snapshot/],
    [`rsync://127.0.0.1:${await freePort()}/standby/x`, 1, /rsync failed with exit status 10 \(error in socket I\/O/],
  ];
  for (const [to, status, message] of cases) {
    const r = replicate(to);
    assert.equal(r.status, status, `replicate '${to}': ${r.stderr}`);
    assert.match(r.stderr, message, `replicate '${to}'`);
  }
  assert.equal(currentOf(dest), before);
  const r = origin.cli(['replicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /give a DEST, or set replicate_to in the config/);
});

test('a standby refuses admin requests and writing commands, naming the writer', T, async () => {
  const names = query(path.join(dest, 'current', 'runningcode.db'), 'SELECT count(*) AS n FROM session')[0].n;
  for (const [method, p, body] of [['GET', '/admin/'], ['POST', '/admin/login', 'username=alice&password=x']]) {
    const res = await request(standby.url, p, {
      method, body, headers: body ? { 'Content-Type': 'application/x-www-form-urlencoded', Origin: standby.url } : {},
    });
    assert.equal(res.status, 503, `${method} ${p}`);
    assert.ok(textOf(res.body).includes(`This is a standby; the writer is ${writer}.`), textOf(res.body));
  }
  assert.equal(query(path.join(dest, 'current', 'runningcode.db'), 'SELECT count(*) AS n FROM session')[0].n, names,
    'no session made');
  for (const args of [['user', 'add', 'mallory'], ['publish'], ['migrate']]) {
    const r = standby.cli(args, { input: 'a long enough password\n' });
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, new RegExp(`this is a standby; the writer is ${writer}`));
  }
  const r = replicate(dest, standby);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /this node is a standby of/);
});

test('promote makes the standby the writer; a replicate from the old writer then fails', T, async () => {
  const r = standby.cli(['promote']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^promoted: this node, a standby of .*, is the writer/m);
  assert.ok(fs.lstatSync(path.join(dest, 'current')).isDirectory(), 'current is a folder of its own');
  assert.ok(fs.lstatSync(path.join(dest, 'snapshots')).isFile(), 'snapshots is the guard file');
  assert.ok(!fs.existsSync(path.join(dest, 'current', 'runningcode.db.standby')));

  // The admin takes changes now, and the standby serves them.
  const b = await atStandby.loggedIn('alice');
  await atStandby.edit(b, 'page', pageId(), { title: 'Saved on the promoted node' });
  assert.equal(await headingOf(standby, PAGE), 'Saved on the promoted node');
  const found = await request(standby.url, `/search/?q=${encodeURIComponent('Saved on the promoted node')}`);
  assert.ok(textOf(found.body).includes('Saved on the promoted node'), 'its worker reads what its admin saved');
  assert.equal(standby.cli(['user', 'list']).status, 0, 'writing commands run again');

  // The old writer comes back: its replicate fails before any swap.
  const again = replicate(dest);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /sending the snapshot: rsync failed/);
  assert.equal(await headingOf(standby, PAGE), 'Saved on the promoted node');

  const twice = standby.cli(['promote']);
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /this node is the writer already/);
});
