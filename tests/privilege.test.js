'use strict';
/*
 * tests/privilege.test.js: the public worker only reads the database,
 * seen from the outside (that a write through a read-only store fails is
 * a unit test's business):
 *
 *   - its open descriptors on the database (/proc/PID/fdinfo) are O_RDONLY;
 *   - the database's content and bytes are unchanged after the worker
 *     answered a full suite of requests;
 *   - a worker whose database folder is read-only (its own mount
 *     namespace, as systemd's ReadOnlyPaths= gives it in production)
 *     still serves every page and sees the admin's changes;
 *   - the worker runs under its seccomp filter (the suite of requests
 *     above went through it), and a forbidden system call made inside it
 *     (by gdb) kills the worker alone: a new one serves. tests/unit/
 *     test-sandbox.c checks the filter call by call.
 *
 * The worker under test is the one tools/serve runs (the worker serving
 * every page); the read-only one is started here, under unshare(1), and
 * spoken to with cgi-fcgi(1). Run by `make check` as
 * `node --test-reporter=tap tests/privilege.test.js`.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { STATIC, serveSuite, sql, request, BUILDDIR, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('privileges suite', ['/usr/sbin/nginx', 'fcgiwrap', 'sqlite3', 'gdb'])) return;
const { Browser } = require('./lib/browser.js');

const T = { timeout: 120000 };
const PASSWORD = 'alice: privilege suite';
const O_ACCMODE = 0o3;
const ACCESS = ['O_RDONLY', 'O_WRONLY', 'O_RDWR'];

let srv;

serveSuite({ fastPasswords: true, publish: false }, { alice: PASSWORD }, (s) => { srv = s; });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* A file's identity, "major:minor:inode", from fs.statSync(..., { bigint: true })
 * (dev as glibc's major() and minor() split it). */
const identity = (st) => {
  const major = ((st.dev >> 8n) & 0xfffn) | ((st.dev >> 32n) & ~0xfffn);
  const minor = (st.dev & 0xffn) | ((st.dev >> 12n) & ~0xffn);
  return `${major}:${minor}:${st.ino}`;
};

/* The files of the database at dbPath by identity: '' (the database),
 * '-wal' or '-shm'. By identity, not by name: /proc/PID/fd and
 * /proc/PID/maps name a file from the root of the process's mount
 * namespace, which is not the reader's when the suite runs in a chroot
 * (a fresh root made with debootstrap) and the process has a namespace
 * of its own (the read-only worker below): there, names never match. */
function dbFiles(dbPath) {
  const files = new Map();
  for (const file of ['', '-wal', '-shm']) {
    try { files.set(identity(fs.statSync(`${dbPath}${file}`, { bigint: true })), file); } catch { /* none */ }
  }
  return files;
}

/* The descriptors of process pid on the files of the database at dbPath:
 * [{ fd, file ('' | '-wal' | '-shm'), flags, access }]. */
function dbDescriptors(pid, dbPath) {
  const files = dbFiles(dbPath);
  const out = [];
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let file;
    try { file = files.get(identity(fs.statSync(`/proc/${pid}/fd/${fd}`, { bigint: true }))); } catch { continue; }
    if (file === undefined) continue;
    const flags = parseInt(/^flags:\s*([0-7]+)$/m.exec(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))[1], 8);
    out.push({ fd: Number(fd), file, flags, access: ACCESS[flags & O_ACCMODE] });
  }
  return out;
}

/* Writable mappings of process pid on the database's files (the lines of
 * /proc/PID/maps: address, perms, offset, major:minor in hex, inode, name). */
function writableMaps(pid, dbPath) {
  const files = dbFiles(dbPath);
  return fs.readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n').filter((l) => {
    const [, perms, , dev, ino] = l.split(/\s+/);
    if (!perms || perms[1] !== 'w') return false;
    const [major, minor] = dev.split(':').map((x) => BigInt(`0x${x}`));
    return files.has(`${major}:${minor}:${ino}`);
  });
}

/* Make the worker open its connections (each thread its own). */
async function warmUp(url) {
  await Promise.all(Array.from({ length: 16 }, (_, i) => request(url, i % 2 ? '/how/runningcode/' : '/search/?q=running')));
}

const sha256 = (f) => (fs.existsSync(f) ? crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex') : null);
const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : null);

/* The database as the worker could change it: its SQL dump, and the
 * bytes and times of the main file and the WAL (the -shm holds the
 * readers' marks, which readers write by design). */
function snapshot(dbPath) {
  return {
    dump: sql(dbPath, '.dump'),
    db: sha256(dbPath),
    wal: sha256(`${dbPath}-wal`),
    dbTime: mtime(dbPath),
    walTime: mtime(`${dbPath}-wal`),
  };
}

test('the worker opens the database file read-only (O_RDONLY in /proc/PID/fdinfo)', T, async (t) => {
  await warmUp(srv.url);
  const pid = srv.workerPid();
  assert.ok(pid, 'the worker runs');
  const fds = dbDescriptors(pid, srv.dbPath);
  t.diagnostic(`worker ${pid}: ${fds.map((d) => `fd ${d.fd} runningcode.db${d.file} ${d.access} (0${d.flags.toString(8)})`).join('; ')}`);
  const main = fds.filter((d) => d.file === '');
  assert.ok(main.length >= 1, 'the worker has the database open');
  for (const d of main) assert.equal(d.access, 'O_RDONLY', `fd ${d.fd} on the database file is ${d.access}`);
  assert.ok(main.every((d) => d.flags & 0o2000000), 'close-on-exec');
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (k) => (new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(status) || [])[1];
  t.diagnostic(`worker ${pid}: Uid ${field('Uid')}, NoNewPrivs ${field('NoNewPrivs')}, Seccomp ${field('Seccomp')}, CapEff ${field('CapEff')}`);
});

/*
 * Known weakness: SQLite opens the -wal (and the -shm, which WAL readers
 * write their marks to, and maps shared-writable) O_RDWR whenever the
 * file system lets it, even on a SQLITE_OPEN_READONLY connection with
 * query_only. A compromised worker running as a user that may write the
 * folder (tools/serve; spawn-fcgi set-ups) could append frames to the
 * WAL. Under the shipped systemd unit, ReadOnlyPaths=/var/lib/runningcode
 * makes the open fall back to O_RDONLY (see the read-only test below).
 */
test('the worker holds no descriptor that can write the database or its WAL', {
  ...T,
  todo: 'SQLite opens runningcode.db-wal O_RDWR (and -shm O_RDWR, mapped shared-writable) on the read-only connection; only the OS (ReadOnlyPaths=, another user) makes them read-only',
}, async (t) => {
  await warmUp(srv.url);
  const pid = srv.workerPid();
  const fds = dbDescriptors(pid, srv.dbPath);
  const writable = fds.filter((d) => d.access !== 'O_RDONLY' && d.file !== '-shm');
  t.diagnostic(`shared writable maps: ${writableMaps(pid, srv.dbPath).length}`);
  assert.deepEqual(writable.map((d) => `runningcode.db${d.file} fd ${d.fd} ${d.access}`), [], 'no writable descriptor');
});

test('the database is unchanged (dump, bytes and times of the file and its WAL) after the worker answered a full suite of requests', T, async (t) => {
  await warmUp(srv.url);
  sql(srv.dbPath, 'PRAGMA wal_checkpoint(TRUNCATE);');
  const before_ = snapshot(srv.dbPath);
  const pid = srv.workerPid();
  // Every page of the sitemap, with GET, HEAD and a conditional GET; search,
  // redirects, 404s, odd paths and refused methods.
  const sitemap = await request(srv.url, '/sitemap.xml');
  assert.equal(sitemap.status, 200);
  const pages = [...sitemap.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  assert.ok(pages.length >= 30, `${pages.length} pages in the sitemap`);
  const counts = {};
  const note = (res) => { counts[res.status] = (counts[res.status] || 0) + 1; return res; };
  for (const p of pages) {
    const res = note(await request(srv.url, p));
    assert.equal(res.status, 200, p);
    note(await request(srv.url, p, { method: 'HEAD' }));
    if (res.headers.etag) assert.equal(note(await request(srv.url, p, { headers: { 'If-None-Match': res.headers.etag } })).status, 304, `${p}: 304`);
    if (p.length > 1) note(await request(srv.url, p.slice(0, -1)));
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      note(await request(srv.url, p, { method, body: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '3' } }));
    }
  }
  for (const q of ['running', 'code', 'ietf', 'standards', 'x', '"', '*', 'a OR b', 'NEAR(a b)', 'DROP TABLE', 'é', 'running code']) {
    for (const page of ['1', '2', '99']) note(await request(srv.url, `/search/?q=${encodeURIComponent(q)}&page=${page}`));
  }
  for (const p of ['/robots.txt', '/sitemap.xml', '/search', '/no/such/page/', '/%00', '/%ff/', '/../etc/passwd', `/${'a'.repeat(3000)}`,
    '/how/runningcode?x=1', STATIC['site.css']]) {
    note(await request(srv.url, p));
  }
  await Promise.all(Array.from({ length: 40 }, (_, i) => request(srv.url, pages[i % pages.length]).then(note)));
  t.diagnostic(`answers: ${JSON.stringify(counts)}`);
  assert.ok(!Object.keys(counts).some((s) => s >= 500), 'no 5xx');
  assert.equal(srv.workerPid(), pid, 'the same worker throughout');
  const now = snapshot(srv.dbPath);
  assert.ok(now.dump === before_.dump, 'the SQL dump is the same');
  assert.deepEqual(now, before_, 'the bytes and times of the database and its WAL are the same');
});

/* One request to the FastCGI worker listening on sock, with cgi-fcgi(1):
 * { status, body }. */
function fcgi(sock, p, method = 'GET') {
  const [uri, query = ''] = p.split('?');
  const r = spawnSync('cgi-fcgi', ['-bind', '-connect', sock], {
    input: '',
    encoding: 'utf8',
    timeout: 10000,
    env: {
      PATH: process.env.PATH,
      REQUEST_METHOD: method,
      REQUEST_URI: p,
      SCRIPT_NAME: uri,
      QUERY_STRING: query,
      SERVER_NAME: '127.0.0.1',
      SERVER_PORT: '80',
      HTTP_HOST: '127.0.0.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  if (r.error) throw r.error;
  const status = Number((/^Status: (\d{3})/m.exec(r.stdout) || [])[1] ?? 0);
  return { status, body: r.stdout.slice(r.stdout.indexOf('\r\n\r\n') + 4), stderr: r.stderr };
}

test('with its database folder read-only (as ReadOnlyPaths= makes it), a worker serves every page and sees the admin\'s edits', T, async (t) => {
  if (spawnSync('which', ['cgi-fcgi']).status !== 0) {
    t.skip('cgi-fcgi (Debian package libfcgi-bin) is not installed');
    return;
  }
  const probe = spawnSync('unshare', ['-m', 'true'], { encoding: 'utf8', timeout: 10000 });
  if (probe.status !== 0) {
    t.skip(`unshare -m is refused here (${probe.stderr.trim()}): no private read-only view can be made`);
    return;
  }
  await warmUp(srv.url);	// the -wal and -shm files exist, as in production
  const sockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-ro-'));
  const sock = path.join(sockDir, 'site.sock');
  const dir = path.dirname(srv.dbPath);
  // The database's folder read-only in a mount namespace of the worker's
  // own; the runtime folder inside it too (the worker writes nothing).
  const script = `mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" --config "$3" --listen "$4"`;
  const worker = spawn('unshare', ['-m', 'sh', '-c', script, 'ro-worker', dir, path.join(BUILDDIR, 'runningcode-site'), srv.configPath, sock],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  worker.stderr.setEncoding('utf8');
  worker.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => worker.once('exit', r));
  try {
    for (let i = 0; i < 100 && !fs.existsSync(sock) && worker.exitCode === null; i++) await sleep(50);
    assert.ok(fs.existsSync(sock), `the read-only worker listens: ${stderr}`);
    // Its view: writes fail. --root and --wd: entering a mount namespace
    // puts nsenter at that namespace's own root; where the suite runs in
    // a chroot (a fresh root made with debootstrap) that is not the
    // worker's root, and the database's path would not exist there.
    const write = spawnSync('nsenter', ['-t', String(worker.pid), '-m', '--root', '--wd', 'sh', '-c', `: >> "${srv.dbPath}"`], { encoding: 'utf8', timeout: 10000 });
    assert.notEqual(write.status, 0, 'in its view, the database cannot be opened for writing');
    assert.match(write.stderr, /Read-only file system/);

    for (const p of ['/how/runningcode/', '/', '/about/', '/search/?q=running', '/sitemap.xml', '/robots.txt']) {
      const res = fcgi(sock, p);
      assert.equal(res.status, 200, `read-only worker: ${p}: ${res.status} ${res.body.slice(0, 200)} ${stderr}`);
    }
    assert.equal(fcgi(sock, '/no/such/page/').status, 404);
    assert.equal(fcgi(sock, '/how/runningcode').status, 301);
    const fds = dbDescriptors(worker.pid, srv.dbPath);
    t.diagnostic(`read-only worker ${worker.pid}: ${fds.map((d) => `runningcode.db${d.file} ${d.access}`).join('; ')}`);
    assert.ok(fds.some((d) => d.file === ''), 'it has the database open');
    assert.deepEqual(fds.filter((d) => d.access !== 'O_RDONLY').map((d) => `runningcode.db${d.file} ${d.access}`), [],
      'every descriptor on the database, its WAL and -shm is O_RDONLY');
    assert.deepEqual(writableMaps(worker.pid, srv.dbPath), [], 'no shared writable mapping');

    // An edit through the admin (which may write) shows at once.
    const b = new Browser(srv.url);
    assert.equal((await b.login('alice', PASSWORD)).status, 303);
    const form = await b.openForm('/admin/edit?type=program&page_id=26');
    assert.equal((await b.submit(form, { title: 'Seen by the read-only worker' })).status, 303);
    const res = fcgi(sock, '/how/runningcode/');
    assert.equal(res.status, 200);
    assert.ok(res.body.includes('Seen by the read-only worker'), 'the read-only worker shows the new program');
    assert.equal(worker.exitCode, null, 'still running');
  } finally {
    if (worker.exitCode === null && worker.signalCode === null) {
      worker.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    }
    fs.rmSync(sockDir, { recursive: true, force: true });
  }
  assert.equal(sql(srv.dbPath, 'PRAGMA integrity_check;').trim(), 'ok');
});

/* Run the admin CGI once, as the web server would, with its database's
 * folder read-only in a mount namespace of its own. Resolves to
 * { status, body }; null when no such namespace can be made here. */
function readOnlyAdmin(method, uri, { cookie = '', body = '' } = {}) {
  const dir = path.dirname(srv.dbPath);
  const [p, q = ''] = uri.split('?');
  const script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"';
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'ro-admin', dir, path.join(BUILDDIR, 'runningcode-admin')], {
    input: body,
    encoding: 'utf8',
    timeout: 20000,
    env: {
      RUNNINGCODE_CONFIG: srv.configPath, GATEWAY_INTERFACE: 'CGI/1.1', REQUEST_METHOD: method,
      REQUEST_URI: uri, SCRIPT_NAME: '', PATH_INFO: p, QUERY_STRING: q, HTTP_HOST: new URL(srv.url).host,
      HTTP_ORIGIN: new URL(srv.url).origin, REMOTE_ADDR: '127.0.0.9', HTTP_COOKIE: cookie,
      ...(method === 'POST' ? { CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: String(Buffer.byteLength(body)) } : {}),
    },
  });
  const [head, ...rest] = (r.stdout || '').split('\r\n\r\n');
  const status = Number((/^Status: (\d+)/m.exec(head) || [])[1] || 200);
  return { status, body: rest.join('\r\n\r\n'), stderr: r.stderr, rc: r.status };
}

test('with its database read-only, the admin still shows its pages to a signed-in editor, and a save or a sign-in says the database is read-only (503), changing nothing', T, async (t) => {
  const probe = spawnSync('unshare', ['-m', 'true'], { encoding: 'utf8', timeout: 10000 });
  if (probe.status !== 0) {
    t.skip(`unshare -m is refused here (${probe.stderr.trim()}): no private read-only view can be made`);
    return;
  }
  const b = new Browser(srv.url);
  assert.equal((await b.login('alice', PASSWORD)).status, 303);
  const form = await b.openForm('/admin/edit?type=page&id=26');
  // Long enough ago that the next request would note the session's use.
  sql(srv.dbPath, 'UPDATE session SET seen_at = seen_at - 120;');
  const before = sql(srv.dbPath, '.dump');
  for (const screen of ['/admin/', '/admin/pages', '/admin/edit?type=page&id=26', '/admin/menus', '/admin/audit']) {
    const res = readOnlyAdmin('GET', screen, { cookie: `rc_session=${b.cookie()}` });
    assert.equal(res.rc, 0, `${screen}: ${res.stderr}`);
    assert.equal(res.status, 200, `${screen} readable: ${res.body.slice(0, 300)} ${res.stderr}`);
  }
  const fields = new URLSearchParams(form.fields.map(([k, v]) => [k, k === 'title' ? 'Not saved: read-only' : v]));
  fields.set('csrf_token', b.csrf);
  const save = readOnlyAdmin('POST', '/admin/edit', { cookie: `rc_session=${b.cookie()}`, body: fields.toString() });
  assert.equal(save.status, 503, `a save: ${save.body.slice(0, 300)}`);
  assert.match(save.body, /Nothing was saved: the database cannot be written to/);
  const login = readOnlyAdmin('POST', '/admin/login', { body: new URLSearchParams({ username: 'alice', password: PASSWORD }).toString() });
  assert.equal(login.status, 503, `a sign-in: ${login.body.slice(0, 300)}`);
  assert.match(login.body, /Signing in writes to the database, which cannot be written to just now \(it is read-only\)/);
  assert.equal(sql(srv.dbPath, '.dump'), before, 'the database unchanged');
});

test('the worker runs under its system-call filter; a forbidden call made inside it kills the worker alone, and a new one serves', T, async (t) => {
  if (process.env.RC_SANDBOX === '0') {
    t.skip('RC_SANDBOX=0: the worker runs without its filter here (sanitizer builds)');
    return;
  }
  await warmUp(srv.url);
  const pid = srv.workerPid();
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  assert.match(status, /^Seccomp:\s*2$/m, 'seccomp in filter mode (/proc/PID/status)');
  assert.match(status, /^Seccomp_filters:\s*1$/m, 'one filter');

  // gdb attaches and makes the worker call socket(AF_INET, SOCK_STREAM, 0).
  // The worker dies inside the call, which gdb reports as an error of its
  // own: it is told not to dump core for that, and runs in the server's
  // folder in any case.
  const gdb = spawnSync('gdb', ['-nx', '-batch',
    '-iex', 'maint set internal-error corefile no', '-iex', 'maint set internal-error quit yes',
    '-p', String(pid), '-ex', 'print (int) socket(2, 1, 0)'],
  { encoding: 'utf8', timeout: 60000, cwd: srv.dir });
  assert.equal(gdb.error, undefined, `gdb ran (${gdb.error})`);
  t.diagnostic(`gdb said: ${(gdb.stdout + gdb.stderr).split('\n').filter((l) => l.trim()).slice(0, 3).join(' | ')}`);
  let gone = false;
  for (let i = 0; i < 100 && !gone; i++) {
    gone = !fs.existsSync(`/proc/${pid}`) || /^State:\s*Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (!gone) await sleep(50);
  }
  assert.ok(gone, `the worker ${pid} is gone after the forbidden call`);
  let back = false;
  for (let i = 0; i < 100 && !back; i++) {
    const now = srv.workerPid();
    back = now && now !== pid && (await request(srv.url, '/how/runningcode/')).status === 200;
    if (!back) await sleep(50);
  }
  assert.ok(back, 'a new worker answers 200 within 5 s');
  assert.match(srv.stderr(), /Bad system call/, 'it ended with SIGSYS (tools/serve saw "Bad system call")');
  assert.ok(srv.alive(), 'tools/serve, and the web server it runs, went on');
  assert.match(fs.readFileSync(`/proc/${srv.workerPid()}/status`, 'utf8'), /^Seccomp:\s*2$/m, 'the new worker is filtered too');
});
