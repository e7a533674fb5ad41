'use strict';
/*
 * tests/deploy/deploy.test.js: what an operator does with the package,
 * done for real: `make install` into a staging folder and a site served
 * from that installed tree under nginx; the worker under spawn-fcgi and
 * under systemd socket activation, and inside the system-call filter of
 * the shipped unit; SIGHUP and SIGTERM; `runningcode
 * backup` while pages are read and edits are written; `migrate`;
 * `check`; `export` with every internal link resolving.
 *
 * Run by tools/check (not by `make check`: it runs `make install`).
 */
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { STATIC, STATIC_BUILT, startServer, initDb, runCli, sql, query, request, BUILDDIR, SRCDIR } = require('../lib/server.js');
const { dirs, until, sleep, startProcess, unitSyscalls } = require('./lib.js');

const T = { timeout: 120000 };
const tmpRoot = path.join(BUILDDIR, 'tests', 'tmp');
fs.mkdirSync(tmpRoot, { recursive: true });
const work = fs.mkdtempSync(path.join(tmpRoot, 'deploy-'));
after(() => { if (!process.env.RC_KEEP_TMP) fs.rmSync(work, { recursive: true, force: true }); });

const makeVar = (name) => dirs[name];

/* One FastCGI GET of path from the socket at sock, through cgi-fcgi. */
function fcgiGet(sock, reqPath) {
  const r = spawnSync('cgi-fcgi', ['-bind', '-connect', sock], {
    env: { ...process.env, REQUEST_METHOD: 'GET', REQUEST_URI: reqPath, QUERY_STRING: '' },
    encoding: 'utf8',
    timeout: 10000,
  });
  return r.stdout || '';
}

/*
 * One FastCGI request to the socket at sock, spoken here record by record
 * (cgi-fcgi cannot be told when to send what): the request and its
 * parameters (with paramsDelayMs, half of them, and the rest that much
 * later), then after delayMs the request's input (input, a Buffer)
 * and, when end, the record that ends it, whatever came back meanwhile,
 * as Apache's mod_proxy_fcgi sends it. Resolves once the connection is
 * closed, with the reply (stdout, the text of the stdout records),
 * whether an end-of-request record came (ended), and any socket error
 * (error: a connection closed under the input or reset loses the reply).
 */
function fcgiRequest(sock, reqPath, { paramsDelayMs = 0, delayMs = 0, input = Buffer.alloc(0), end = true } = {}) {
  const record = (type, content) => {
    const head = Buffer.from([1, type, 0, 1, content.length >> 8, content.length & 255, 0, 0]);
    return Buffer.concat([head, content]);
  };
  const pair = (name, value) => Buffer.concat([Buffer.from([name.length, value.length]), Buffer.from(name + value)]);
  const params = Buffer.concat(Object.entries({
    REQUEST_METHOD: 'GET', REQUEST_URI: reqPath, QUERY_STRING: '', SERVER_NAME: 'localhost', SERVER_PORT: '80',
    SERVER_PROTOCOL: 'HTTP/1.1', HTTP_HOST: 'localhost', REMOTE_ADDR: '127.0.0.1',
  }).map(([n, v]) => pair(n, v)));
  return new Promise((resolve) => {
    const chunks = [];
    let error = null;
    let inputSent = !end;
    let replyEnded = false;
    // Half-open: the worker's end of its reply does not end the input.
    const c = net.createConnection({ path: sock, allowHalfOpen: true });
    c.on('data', (d) => chunks.push(d));
    c.on('error', (e) => { error = e; });
    c.on('end', () => { replyEnded = true; if (inputSent) c.end(); });
    c.on('close', () => {
      const all = Buffer.concat(chunks);
      let stdout = '';
      let ended = false;
      for (let at = 0; at + 8 <= all.length; at += 8 + all.readUInt16BE(at + 4) + all[at + 6]) {
        const body = all.subarray(at + 8, at + 8 + all.readUInt16BE(at + 4));
        if (all[at + 1] === 6) stdout += body.toString('utf8');
        if (all[at + 1] === 3) ended = true;
      }
      resolve({ stdout, ended, error });
    });
    const sendInput = () => {
      if (c.destroyed) return;
      for (let at = 0; at < input.length; at += 32768) c.write(record(5, input.subarray(at, at + 32768)));
      c.write(record(5, Buffer.alloc(0)));
      inputSent = true;
      if (replyEnded) c.end();
    };
    // FCGI_BEGIN_REQUEST (responder, no keep-alive), FCGI_PARAMS, their end.
    const begin = record(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]));
    const paramsEnd = record(4, Buffer.alloc(0));
    if (paramsDelayMs === 0) {
      c.write(Buffer.concat([begin, record(4, params), paramsEnd]));
      if (end) setTimeout(sendInput, delayMs);
    } else {
      const half = params.length >> 1;
      c.write(Buffer.concat([begin, record(4, params.subarray(0, half))]));
      setTimeout(() => {
        if (c.destroyed) return;
        c.write(Buffer.concat([record(4, params.subarray(half)), paramsEnd]));
        if (end) setTimeout(sendInput, delayMs);
      }, paramsDelayMs);
    }
  });
}

/* A settings file for programs started here: the templates of share, and
 * its static files (the source tree's: as the build made them). */
function writeConfig(file, db, share, extra = '') {
  const staticDir = share === SRCDIR ? STATIC_BUILT : `${share}/static`;
  fs.writeFileSync(file, `base_url = http://127.0.0.1:8080\ndatabase = ${db}\ntemplates = ${share}/templates\nstatic = ${staticDir}\n${extra}`);
}

test('make install puts every file where configure said, and the installed tree serves the site', T, async () => {
  const stage = path.join(work, 'stage');
  const r = spawnSync('make', ['-s', '-C', BUILDDIR, 'install', `DESTDIR=${stage}`], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `make install: ${r.stderr}`);
  const d = (name) => stage + makeVar(name);
  const want = [
    `${d('sbindir')}/runningcode-site`,
    `${d('sbindir')}/runningcode`,
    `${d('pkglibexecdir')}/runningcode-admin`,
    `${d('pkglibexecdir')}/runningcode-http.so`,
    `${d('pkglibexecdir')}/runningcode-multipart.so`,
    `${d('pkgdatadir')}/templates/layout.tpl`,
    `${d('pkgdatadir')}/templates/admin-form.tpl`,
    `${d('pkgdatadir')}${STATIC['site.css']}`,
    `${d('pkgdatadir')}/sql/schema.sql`,
    `${d('pkgdatadir')}/sql/seed.sql`,
    `${d('sysconfdir')}/runningcode/runningcode.conf`,
    `${d('docdir')}/examples/nginx-site.conf`,
    `${d('docdir')}/examples/apache-site.conf`,
    `${d('docdir')}/examples/runningcode-site.socket`,
    `${d('docdir')}/examples/runningcode-site.service`,
  ];
  for (const f of want) assert.ok(fs.existsSync(f), `installed: ${f.slice(stage.length)}`);
  assert.ok(fs.statSync(`${d('localstatedir')}/lib/runningcode`).isDirectory(), 'the database folder');

  // Paths compiled in and written into the examples follow configure.
  const help = execFileSync(`${d('sbindir')}/runningcode-site`, ['--help'], { encoding: 'utf8' });
  assert.ok(help.includes(`${makeVar('sysconfdir')}/runningcode/runningcode.conf`), 'default config path');
  const unit = fs.readFileSync(`${d('docdir')}/examples/runningcode-site.service`, 'utf8');
  assert.ok(unit.includes(`ExecStart=${makeVar('sbindir')}/runningcode-site`), 'unit ExecStart');
  const vhost = fs.readFileSync(`${d('docdir')}/examples/nginx-site.conf`, 'utf8');
  assert.ok(vhost.includes(`alias ${makeVar('pkgdatadir')}/static/;`), 'nginx static alias');

  // Serve from the installed tree, database made by the installed CLI.
  const share = d('pkgdatadir');
  const srv = await startServer({
    createDb: false,
    installed: { bin: d('sbindir'), share, admin: `${d('pkglibexecdir')}/runningcode-admin` },
  });
  try {
    const init = spawnSync(`${d('sbindir')}/runningcode`, ['-d', srv.dbPath, '--sql', `${share}/sql`, 'init'], { encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    let res;
    await until(async () => (res = await request(srv.url, '/how/runningcode/')).status === 200, 'the page');
    assert.match(res.body, /<h1>Running code<\/h1>/);
    assert.ok(srv.log('site.log').length >= 0);
    const css = await request(srv.url, STATIC['site.css']);
    assert.equal(css.status, 200);
    assert.equal(css.body, fs.readFileSync(`${share}${STATIC['site.css']}`, 'utf8'), 'the installed stylesheet');
    const admin = await request(srv.url, '/admin/login');
    assert.equal(admin.status, 200, 'the installed admin CGI answers');
  } finally {
    await srv.stop();
  }
});

/* A database and settings of its own for a worker started by hand. */
function standalone(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rc-${name}-`));
  const db = path.join(dir, 'runningcode.db');
  initDb(db);
  const conf = path.join(dir, 'runningcode.conf');
  writeConfig(conf, db, SRCDIR);
  return { dir, db, conf, sock: path.join(dir, 'site.sock') };
}

test('the worker serves a socket handed over by spawn-fcgi (fd 0)', T, async () => {
  const w = standalone('spawn');
  const child = startProcess('spawn-fcgi', ['-n', '-s', w.sock, '-M', '0600', '--',
    path.join(BUILDDIR, 'runningcode-site'), '--config', w.conf]);
  try {
    await until(() => fs.existsSync(w.sock), 'the socket');
    let out = '';
    await until(() => /^Status: 200/.test(out = fcgiGet(w.sock, '/how/runningcode/')), 'a page');
    assert.match(out, /<h1>Running code<\/h1>/);
  } finally {
    assert.equal(await child.stop(), 0, 'exits 0 on SIGTERM');
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('the worker serves a socket from systemd socket activation (LISTEN_FDS)', T, async () => {
  const w = standalone('sd');
  const child = startProcess('systemd-socket-activate', ['-l', w.sock,
    path.join(BUILDDIR, 'runningcode-site'), '--config', w.conf]);
  try {
    await until(() => fs.existsSync(w.sock), 'the socket');
    let out = '';
    await until(() => /^Status: 200/.test(out = fcgiGet(w.sock, '/how/runningcode/')), 'a page');
    assert.match(out, /<h1>Running code<\/h1>/);
  } finally {
    await child.stop();
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('under the shipped unit\'s SystemCallFilter=, as a user of its own, the worker serves, sees edits, reloads and stops', T, async (t) => {
  // What the unit allows: its allow lines less its ~ lines.
  const allowed = unitSyscalls(fs.readFileSync(path.join(SRCDIR, 'conf', 'runningcode-site.service'), 'utf8'));
  assert.ok(allowed.size > 100 && allowed.has('seccomp'), `the unit allows ${allowed.size} calls, seccomp among them`);
  const w = standalone('jail');
  const list = path.join(w.dir, 'syscalls');
  fs.writeFileSync(list, [...allowed].join('\n') + '\n');
  // DynamicUser=: not root (SQLite, as root, gives its files to the
  // database's owner, a call the unit does not allow).
  const asUser = process.getuid() === 0 ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'] : [];
  if (asUser.length) {
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }));
    const nogroup = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }));
    for (const f of [w.dir, ...fs.readdirSync(w.dir).map((f) => path.join(w.dir, f))]) fs.chownSync(f, nobody, nogroup);
  }
  const asService = (cmd) => [...asUser, ...cmd];
  const run = asService([path.join(BUILDDIR, 'tests', 'deploy', 'syscall-jail'), list,
    path.join(BUILDDIR, 'runningcode-site'), '--config', w.conf, '--listen', w.sock]);
  const child = startProcess(run[0], run.slice(1));
  const edit = (statement) => {
    const cmd = asService(['sqlite3', w.db, statement]);
    const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 0, `${statement}: ${r.stderr}`);
  };
  try {
    await until(() => fs.existsSync(w.sock), 'the socket');
    for (const [p, status] of [['/how/runningcode/', 200], ['/search/?q=code', 200], ['/search/?q=code&page=2', 200],
      ['/no/such/page/', 404], ['/how/runningcode', 301]]) {
      assert.match(fcgiGet(w.sock, p), new RegExp(`^Status: ${status}`), p);
    }
    edit("UPDATE program SET title = 'Seen under the unit filter' WHERE id = 1");
    assert.match(fcgiGet(w.sock, '/how/runningcode/'), /Seen under the unit filter/);
    edit("UPDATE menu_entry SET label = 'Menu under the filter' WHERE id = (SELECT min(id) FROM menu_entry)");
    assert.match(fcgiGet(w.sock, '/about/'), /Menu under the filter/);
    edit('PRAGMA wal_checkpoint(TRUNCATE)');
    writeConfig(w.conf, w.db, SRCDIR, 'site_name = Filtered Standards Body\n');
    child.kill('SIGHUP');
    await until(() => /<title>Running code \| Filtered Standards Body<\/title>/.test(fcgiGet(w.sock, '/how/runningcode/')),
      'the reloaded site name');
  } finally {
    const code = await child.stop();
    t.diagnostic(`${allowed.size} system calls allowed by the unit; the worker said: ${child.stderrText().trim().split('\n').join(' | ')}`);
    assert.equal(child.signalCode, null, `not killed (${child.signalCode}): every call it made is in the unit's list`);
    assert.equal(code, 0, 'exits 0 on SIGTERM');
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
  assert.match(child.stderrText(), /system calls filtered/, 'its own filter went on inside the unit\'s');
});

/* Assert that r, what fcgiRequest resolved with, is a whole page: no
 * reset, the end-of-request record, status 200 and the closing tag. */
function assertWholeReply(r, what) {
  assert.equal(r.error, null, `${what}: no reset`);
  assert.ok(r.ended, `${what}: the end-of-request record came`);
  assert.match(r.stdout, /^Status: 200/, `${what}: status`);
  assert.match(r.stdout, /<\/html>\s*$/, `${what}: the whole page`);
}

/* Send SIGTERM to the worker child, wait for it to end; resolves with
 * its exit code and the milliseconds it took. */
async function timedStop(child) {
  const t0 = Date.now();
  const code = await child.stop();
  return { code, ms: Date.now() - t0 };
}

/* What a worker that stopped by itself, each thread woken, shows: it
 * exited 0 well within STOP_GRACE (5 s, site-main.c), and never needed
 * to shut its socket down to wake a thread left waiting in accept. */
function assertPromptStop(child, { code, ms }, limitMs) {
  assert.equal(code, 0, `exits 0 on SIGTERM, not killed (${child.signalCode})`);
  assert.match(child.stderrText(), /stopped/);
  assert.doesNotMatch(child.stderrText(), /still busy/, 'every thread waiting in accept was woken');
  assert.ok(ms < limitMs, `stopped in ${ms} ms, under ${limitMs}`);
}

test('SIGHUP reloads the settings but keeps the threads; SIGTERM wakes each idle thread and stops at once', T, async (t) => {
  const w = standalone('hup');
  writeConfig(w.conf, w.db, SRCDIR, 'threads = 4\n');
  const child = startProcess(path.join(BUILDDIR, 'runningcode-site'), ['--config', w.conf, '--listen', w.sock]);
  try {
    await until(() => fs.existsSync(w.sock), 'the socket');
    assert.match(fcgiGet(w.sock, '/how/runningcode/'), /<title>Running code \| IETF<\/title>/);
    // threads = 1 is not taken up: the four threads stay, and stop below.
    writeConfig(w.conf, w.db, SRCDIR, 'site_name = Example Standards Body\nthreads = 1\n');
    child.kill('SIGHUP');
    await until(() => /<title>Running code \| Example Standards Body<\/title>/.test(fcgiGet(w.sock, '/how/runningcode/')),
      'the new site name');
    // A broken config is refused and the old one kept.
    fs.appendFileSync(w.conf, 'no_such_setting = 1\n');
    child.kill('SIGHUP');
    await until(() => /reload failed/.test(child.stderrText()), 'the refusal in the log');
    assert.match(fcgiGet(w.sock, '/how/runningcode/'), /^Status: 200/);
  } finally {
    // All four threads wait in accept: each needs a wake-up of its own.
    const stop = await timedStop(child);
    t.diagnostic(`4 idle threads: stopped ${stop.ms} ms after SIGTERM`);
    assertPromptStop(child, stop, 2000);
    assert.match(child.stderrText(), /with 4 threads/);
    assert.ok(!fs.existsSync(w.sock), 'removes its socket');
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('SIGTERM with requests in flight: each is answered whole, the idle threads wake, and the worker exits 0 soon after', T, async (t) => {
  const w = standalone('term');
  writeConfig(w.conf, w.db, SRCDIR, 'threads = 4\n');
  const child = startProcess(path.join(BUILDDIR, 'runningcode-site'), ['--config', w.conf, '--listen', w.sock]);
  try {
    await until(() => fs.existsSync(w.sock), 'the socket');
    assert.match(fcgiGet(w.sock, '/how/runningcode/'), /^Status: 200/);
    // Two of the four threads busy at SIGTERM: one still reading a
    // request's parameters, one with its reply held until the request's
    // input ends; the other two wait in accept.
    const slowParams = fcgiRequest(w.sock, '/how/runningcode/', { paramsDelayMs: 700 });
    const slowInput = fcgiRequest(w.sock, '/about/', { delayMs: 700 });
    await sleep(300);
    const stopping = timedStop(child);
    assertWholeReply(await slowParams, 'parameters ending after SIGTERM');
    assertWholeReply(await slowInput, 'input ending after SIGTERM');
    const stop = await stopping;
    t.diagnostic(`2 busy and 2 idle threads: stopped ${stop.ms} ms after SIGTERM`);
    assertPromptStop(child, stop, 3000);
  } finally {
    await child.stop();
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('SIGHUP to a database in another folder: served from there, and a file moved into its place there is served at once', T, async () => {
  const w = standalone('moved');
  const other = path.join(w.dir, 'other');
  const db2 = path.join(other, 'site.db');
  const setTitle = (db, title) => {
    const r = spawnSync('sqlite3', [db, `UPDATE program SET title = '${title}' WHERE id = 1`], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 0, r.stderr);
  };
  fs.mkdirSync(other);
  initDb(db2);
  setTitle(db2, 'From the other folder');
  // One thread: the one that reads the new database must see the move.
  writeConfig(w.conf, w.db, SRCDIR, 'threads = 1\n');
  const child = startProcess(path.join(BUILDDIR, 'runningcode-site'), ['--config', w.conf, '--listen', w.sock]);
  try {
    await until(() => fs.existsSync(w.sock), 'the socket');
    assert.doesNotMatch(fcgiGet(w.sock, '/how/runningcode/'), /From the other folder/);
    writeConfig(w.conf, db2, SRCDIR, 'threads = 1\n');
    child.kill('SIGHUP');
    await until(() => /From the other folder/.test(fcgiGet(w.sock, '/how/runningcode/')), 'the page from the new database');
    // A copy restored as runningcode(8) says (the old -wal and -shm
    // removed, the copy renamed over): the very next request reads it;
    // the folder watched is the new one, inside the system-call filter.
    const copy = path.join(other, 'restored.db');
    initDb(copy);
    setTitle(copy, 'Restored in place');
    for (const f of ['-wal', '-shm']) fs.rmSync(db2 + f, { force: true });
    fs.renameSync(copy, db2);
    assert.match(fcgiGet(w.sock, '/how/runningcode/'), /Restored in place/, 'the moved-in file, at once');
    // The old folder no longer matters.
    fs.rmSync(w.db);
    assert.match(fcgiGet(w.sock, '/how/runningcode/'), /^Status: 200/);
    assert.match(child.stderrText(), /system calls filtered/);
  } finally {
    assert.equal(await child.stop(), 0, 'exits 0 on SIGTERM (it never crashed)');
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('the worker closes a connection once the request\'s input has ended, and never cuts off its reply', T, async (t) => {
  const w = standalone('close');
  const child = startProcess(path.join(BUILDDIR, 'runningcode-site'), ['--config', w.conf, '--listen', w.sock]);
  try {
    await until(() => fs.existsSync(w.sock), 'the socket');
    assertWholeReply(await fcgiRequest(w.sock, '/how/runningcode/'), 'input ended at once (as nginx sends it)');
    assertWholeReply(await fcgiRequest(w.sock, '/how/runningcode/', { delayMs: 300 }),
      'input ended 300 ms after the request (as Apache may send it)');
    assertWholeReply(await fcgiRequest(w.sock, '/how/runningcode/', { delayMs: 100, input: Buffer.alloc(200000, 'x') }),
      '200 KB of input a GET does not read, after 100 ms');
    // Input that never ends: the reply is whole all the same, and the
    // worker closes by itself after its bounded waits (1 s, then libfcgi's 2 s).
    const t0 = Date.now();
    const endless = await fcgiRequest(w.sock, '/how/runningcode/', { end: false });
    assertWholeReply(endless, 'input that never ends');
    t.diagnostic(`closed by the worker ${Date.now() - t0} ms after a request whose input never ended`);
    assert.match(fcgiGet(w.sock, '/how/runningcode/'), /^Status: 200/, 'and it serves on');
  } finally {
    assert.equal(await child.stop(), 0, 'exits 0 on SIGTERM');
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('SIGHUP reloads the templates, the menus\' too; an empty footer template gives a page without a footer menu', T, async () => {
  const w = standalone('tpl');
  const share = path.join(w.dir, 'share');
  fs.cpSync(path.join(SRCDIR, 'templates'), path.join(share, 'templates'), { recursive: true });
  fs.symlinkSync(STATIC_BUILT, path.join(share, 'static'));
  writeConfig(w.conf, w.db, share);
  const child = startProcess(path.join(BUILDDIR, 'runningcode-site'), ['--config', w.conf, '--listen', w.sock]);
  const menuTpl = path.join(share, 'templates', 'menu.tpl');
  const footerTpl = path.join(share, 'templates', 'footer.tpl');
  try {
    await until(() => fs.existsSync(w.sock), 'the socket');
    assert.match(fcgiGet(w.sock, '/how/runningcode/'), /aria-label="Main"/);
    assert.match(fcgiGet(w.sock, '/no/such/page/'), /aria-label="Footer"/);
    fs.writeFileSync(menuTpl, fs.readFileSync(menuTpl, 'utf8').replace('aria-label="Main"', 'aria-label="Main menu, reloaded"'));
    fs.writeFileSync(footerTpl, '{{%AUTOESCAPE context="HTML"}}{{! no footer menu on this site }}');
    // ctemplate reloads a file whose date changed; dates are in seconds.
    const later = new Date(Date.now() + 2000);
    for (const f of [menuTpl, footerTpl]) fs.utimesSync(f, later, later);
    child.kill('SIGHUP');
    await until(() => /reloaded/.test(child.stderrText()), 'the reload');
    for (const p of ['/how/runningcode/', '/about/', '/no/such/page/', '/search/?q=code']) {
      const out = fcgiGet(w.sock, p);
      assert.match(out, /aria-label="Main menu, reloaded"/, `${p}: the main menu from the reloaded menu.tpl`);
      assert.doesNotMatch(out, /aria-label="Footer"/, `${p}: no footer menu`);
      assert.match(out, /<\/footer>/, `${p}: the page is whole`);
    }
  } finally {
    assert.equal(await child.stop(), 0, 'exits 0 on SIGTERM (it never crashed)');
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('a worker that creates the WAL files itself, under umask 027 with the database 0660, serves (SQLite sets their mode)', T, async () => {
  const w = standalone('umask');
  for (const f of ['-wal', '-shm']) fs.rmSync(w.db + f, { force: true });
  fs.chmodSync(w.db, 0o660);
  const child = startProcess('sh', ['-c', 'umask 027; exec "$0" "$@"', path.join(BUILDDIR, 'runningcode-site'),
    '--config', w.conf, '--listen', w.sock]);
  try {
    await until(() => fs.existsSync(w.sock), 'the socket');
    assert.match(fcgiGet(w.sock, '/how/runningcode/'), /^Status: 200/);
    assert.ok(fs.existsSync(w.db + '-wal'), 'it made the -wal file');
    assert.match(fcgiGet(w.sock, '/about/'), /^Status: 200/);
  } finally {
    assert.equal(await child.stop(), 0, `exits 0 on SIGTERM, not killed (${child.signalCode})`);
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('backup while pages are read and edits are written holds every edit committed before it', T, async () => {
  const srv = await startServer();
  let reading = true;
  let writing = true;
  let committed = 0;
  let failures = 0;
  const reader = (async () => {
    for (let i = 0; reading && i < 5000; i++) {
      const r = await request(srv.url, '/how/runningcode/');
      if (r.status !== 200) failures++;
    }
  })();
  const writer = (async () => {
    for (let i = 1; writing && i < 2000; i++) {
      sql(srv.dbPath, `UPDATE page SET summary = 'edit ${i}', version = version + 1 WHERE id = 26;`);
      committed = i;
      await sleep(2);
    }
  })();
  try {
    await until(() => committed >= 20, 'some edits');
    const before = committed;
    const file = path.join(srv.dir, 'backup.db');
    const r = srv.cli(['backup', file]);
    assert.equal(r.status, 0, r.stderr);
    await until(() => committed >= before + 20, 'more edits after the backup');
    reading = false;
    writing = false;
    await Promise.all([reader, writer]);
    assert.equal(failures, 0, 'no failed page reads during the backup');
    assert.equal(query(file, 'PRAGMA integrity_check')[0].integrity_check, 'ok');
    const summary = query(file, 'SELECT summary FROM page WHERE id = 26')[0].summary;
    const n = Number(/^edit (\d+)$/.exec(summary)[1]);
    assert.ok(n >= before, `the backup holds edit ${before} committed before it began (has ${n})`);
    assert.equal(query(file, 'SELECT count(*) AS n FROM page')[0].n, 39, 'all pages');
    assert.notEqual(srv.cli(['backup', file]).status, 0, 'never overwrites a file');
  } finally {
    reading = false;
    writing = false;
    await srv.stop();
  }
});

test('migrate brings a version 1 database to the current schema, keeping all its content', T, () => {
  const w = standalone('migrate');
  try {
    // A database as version 1 made it: the first schema and the seed.
    const old = path.join(w.dir, 'v1.db');
    sql(old, fs.readFileSync(path.join(SRCDIR, 'sql', 'schema.sql'), 'utf8'));
    sql(old, fs.readFileSync(path.join(SRCDIR, 'sql', 'seed.sql'), 'utf8'));
    sql(old, "UPDATE page SET title = 'Running code, edited in v1' WHERE id = 26;"
      + "INSERT INTO redirect (path, page_id) VALUES ('/v1/old-address/', 26);");
    assert.equal(query(old, 'PRAGMA user_version')[0].user_version, 1);
    const tables = ['page', 'menu_entry', 'program', 'redirect', 'user', 'revision'];
    // The columns version 1 had (later versions add some, such as expiry).
    const columns = Object.fromEntries(tables.map((t) => [t, query(old, `PRAGMA table_info(${t})`)
      .map((c) => c.name).join(', ')]));
    const rows = (t) => query(old, `SELECT ${columns[t]} FROM ${t} ORDER BY 1`);
    const before = Object.fromEntries(tables.map((t) => [t, rows(t)]));
    writeConfig(w.conf, old, SRCDIR);
    let r = runCli(w.conf, ['--sql', path.join(SRCDIR, 'sql'), 'migrate']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /migrated from schema version 1 to \d+/);
    for (const t of tables) assert.deepEqual(rows(t), before[t], `${t} kept`);
    assert.equal(query(old, 'SELECT count(*) AS n FROM page WHERE expires_at IS NOT NULL')[0].n, 0,
      'version 10 added expiry times, none set');
    assert.deepEqual(query(old, 'SELECT path, page_id, url, status FROM redirect'),
      [{ path: '/v1/old-address/', page_id: 26, url: null, status: 301 }],
      'version 15 let redirects lead to a web address: the old ones lead to their page, with 301');
    // Version 2 added search: the old content is in the index.
    assert.equal(query(old, "SELECT count(*) AS n FROM search_index WHERE search_index MATCH '\"edited\"'")[0].n, 1);
    // Version 7 made it again with English stemming.
    assert.deepEqual(query(old, "SELECT ref FROM search_index WHERE search_index MATCH 'title:\"hackathon\"'"),
      [{ ref: 34 }], 'the index rebuilt with the porter tokenizer');
    r = runCli(w.conf, ['check']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // Now current: a second run does nothing.
    const dump = sql(old, '.dump');
    r = runCli(w.conf, ['--sql', path.join(SRCDIR, 'sql'), 'migrate']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /nothing to do/);
    assert.equal(sql(old, '.dump'), dump, 'content unchanged');
    sql(old, 'PRAGMA user_version = 99;');
    assert.notEqual(runCli(w.conf, ['--sql', path.join(SRCDIR, 'sql'), 'migrate']).status, 0, 'a newer schema is refused');
    const other = path.join(w.dir, 'other.db');
    sql(other, 'CREATE TABLE t (x);');
    writeConfig(w.conf, other, SRCDIR);
    assert.notEqual(runCli(w.conf, ['--sql', path.join(SRCDIR, 'sql'), 'migrate']).status, 0, 'not a runningcode database');
  } finally {
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('check passes on a good installation and fails on a damaged one', T, () => {
  const w = standalone('check');
  try {
    let r = runCli(w.conf, ['check']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // A dangling reference: foreign_key_check finds it.
    sql(w.db, 'PRAGMA foreign_keys = OFF; UPDATE program SET link_page_id = 9999 WHERE id = 1;');
    r = runCli(w.conf, ['check']);
    assert.equal(r.status, 1, 'exit 1');
    assert.match(r.stdout, /FAILED\s+integrity and foreign keys/);
    writeConfig(w.conf, w.db, path.join(w.dir, 'nowhere'));
    r = runCli(w.conf, ['check']);
    assert.equal(r.status, 1, 'exit 1');
    // One line per problem, saying which file and why.
    assert.match(r.stdout, /^FAILED\s+templates: \S*\/nowhere\/templates\/layout\.tpl: No such file or directory$/m, r.stdout);
    assert.match(r.stdout, /^FAILED\s+static files: \S*\/nowhere\/static\/site\.[0-9a-f]{12}\.css: No such file or directory$/m, r.stdout);
  } finally {
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('--version: runningcode and runningcode-site name themselves and the version of configure.ac', T, () => {
  const version = /^AC_INIT\(\[runningcode\], \[([^\]]+)\]/m.exec(fs.readFileSync(path.join(SRCDIR, 'configure.ac'), 'utf8'))[1];
  for (const program of ['runningcode', 'runningcode-site']) {
    const r = spawnSync(path.join(BUILDDIR, program), ['--version'], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${program} ${version}\n`);
  }
});

test('log lines: "PROGRAM: LEVEL: message"; to the journal (JOURNAL_STREAM names stderr) with the syslog priority first', T, () => {
  const errFile = path.join(work, 'stderr.txt');
  const run = (env) => {
    const fd = fs.openSync(errFile, 'w');
    try {
      const st = fs.fstatSync(fd);
      const r = spawnSync(path.join(BUILDDIR, 'runningcode'), ['no-such-command'], {
        env: { ...process.env, JOURNAL_STREAM: env === 'journal' ? `${st.dev}:${st.ino}` : env },
        stdio: ['ignore', 'ignore', fd], timeout: 10000,
      });
      assert.equal(r.status, 2);
    } finally {
      fs.closeSync(fd);
    }
    return fs.readFileSync(errFile, 'utf8').split('\n')[0];
  };
  assert.equal(run('journal'), "<3>runningcode: error: unknown command 'no-such-command'");
  // Another stream's (a child of the unit whose stderr went elsewhere): plain.
  assert.equal(run('1:1'), "runningcode: error: unknown command 'no-such-command'");
  assert.equal(run(''), "runningcode: error: unknown command 'no-such-command'");
});

test('without base_url, check says so, the worker refuses to start, and publish and export refuse', T, () => {
  const w = standalone('nobase');
  try {
    fs.writeFileSync(w.conf, fs.readFileSync(w.conf, 'utf8').replace(/^base_url = .*\n/m, '')
      + `publish = ${w.dir}/public\n`);
    const missing = /base_url is not set: give the site's address as visitors see it, such as "base_url = https:\/\/www\.example\.org"/;
    let r = runCli(w.conf, ['check']);
    assert.equal(r.status, 1, 'check fails');
    assert.match(r.stdout, /^FAILED\s+site address \(base_url\): base_url is not set/m, r.stdout);
    assert.match(r.stdout, /^ok\s+database and schema version/m, 'and still checks the rest');
    for (const args of [['publish'], ['export', path.join(w.dir, 'site')]]) {
      r = runCli(w.conf, args);
      assert.equal(r.status, 1, `${args[0]} refuses`);
      assert.match(r.stderr, missing, `${args[0]} says why`);
    }
    assert.ok(!fs.existsSync(path.join(w.dir, 'site')) && !fs.existsSync(path.join(w.dir, 'public')), 'nothing written');
    r = spawnSync(path.join(BUILDDIR, 'runningcode-site'), ['--config', w.conf, '--listen', w.sock],
      { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 2, 'the worker exits at once');
    assert.match(r.stderr, /runningcode-site: error: base_url is not set/, 'with one clear log line');
    assert.ok(!fs.existsSync(w.sock), 'it never listened');
    fs.appendFileSync(w.conf, 'base_url = https://www.example.org/\n');
    r = runCli(w.conf, ['check']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /base_url: https:\/\/www\.example\.org\/ is not a site's address/, 'a final slash is refused');
  } finally {
    fs.rmSync(w.dir, { recursive: true, force: true });
  }
});

test('export writes every published page, and every internal link resolves to a file', T, () => {
  const w = standalone('export');
  try {
    sql(w.db, "INSERT INTO redirect (path, page_id) VALUES ('/old-running-code/', 26);" +
      " UPDATE page SET published = 0 WHERE path = '/blog/';");
    const out = path.join(w.dir, 'site');
    const r = runCli(w.conf, ['export', out]);
    assert.equal(r.status, 0, r.stderr);
    const pages = query(w.db, 'SELECT path FROM page WHERE published').map((p) => p.path);
    for (const p of pages) assert.ok(fs.existsSync(path.join(out, p, 'index.html')), `page ${p}`);
    assert.ok(!fs.existsSync(path.join(out, 'blog', 'index.html')), 'no draft');
    assert.ok(fs.existsSync(path.join(out, '404.html')));
    assert.match(fs.readFileSync(path.join(out, 'old-running-code', 'index.html'), 'utf8'), /url=\/how\/runningcode\//);
    // The exported page is the worker's page, byte for byte.
    const w2 = standalone('export-worker');
    const child = startProcess(path.join(BUILDDIR, 'runningcode-site'), ['--config', w.conf, '--listen', w2.sock]);
    return until(() => fs.existsSync(w2.sock), 'the socket').then(() => {
      const live = fcgiGet(w2.sock, '/how/runningcode/');
      const body = live.slice(live.indexOf('\r\n\r\n') + 4);
      assert.equal(body, fs.readFileSync(path.join(out, 'how', 'runningcode', 'index.html'), 'utf8'));
      // Every href and src that stays on the site names an exported file.
      let checked = 0;
      const walk = (dir) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const f = path.join(dir, e.name);
          if (e.isDirectory()) { walk(f); continue; }
          if (!f.endsWith('.html')) continue;
          const html = fs.readFileSync(f, 'utf8');
          for (const m of html.matchAll(/(?:href|src)="(\/[^"]*)"/g)) {
            const ref = m[1].replace(/[?#].*$/, '');
            if (ref === '#') continue;
            const target = path.join(out, ref.endsWith('/') ? `${ref}index.html` : ref);
            assert.ok(fs.existsSync(target), `${path.relative(out, f)} links ${ref}`);
            checked++;
          }
        }
      };
      walk(out);
      assert.ok(checked > 500, `checked ${checked} links`);
    }).finally(async () => {
      await child.stop();
      fs.rmSync(w2.dir, { recursive: true, force: true });
    });
  } finally {
    // w.dir is removed after the promise above settles.
    setTimeout(() => fs.rmSync(w.dir, { recursive: true, force: true }), 15000).unref();
  }
});
