'use strict';
/*
 * tests/deploy/units.test.js: the systemd side of a deployment, done for
 * real from `make install` into a staging folder:
 *
 *   - every unit of conf/ is installed with the examples, and
 *     `systemd-analyze security --offline=yes` rates each at most 2.0
 *     (each figure printed as a diagnostic); `systemd-analyze verify`
 *     has nothing to say about them;
 *   - `runningcode init`, `backup` and `publish` give the database (and
 *     its -wal and -shm) and the published folder no permission for
 *     others, whatever the umask; `export` stays readable by anyone;
 *   - as root: systemd-sysusers and systemd-tmpfiles, run on a copy of
 *     this system's users (in a root folder of its own, --root), make
 *     the user runningcode and the folders with the owners and modes the
 *     README promises; the admin then runs as runningcode-admin.service
 *     runs it (its ExecStart= under systemd-socket-activate, as its
 *     User=, with its UMask= and inside its SystemCallFilter=), signs an
 *     editor in and saves a page, which it publishes; the worker, as a
 *     user of its own in runningcode-site.service's SupplementaryGroups=,
 *     serves the saved page; www-data reads the published page and not
 *     the database; another user reads neither.
 *
 * What it cannot do without a running systemd: ProtectSystem= and the
 * other namespaces (tests/privilege.test.js checks the worker in a
 * read-only folder). Run by tools/check (not by `make check`: it runs
 * `make install`). Tests that need a tool or root that is missing here
 * are skipped, saying which.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { have, query, BUILDDIR, SRCDIR } = require('../lib/server.js');
const { forms } = require('../lib/html.js');
const { dirs, until, startProcess, unitSyscalls } = require('./lib.js');

const T = { timeout: 120000 };
const PASSWORD = 'alice: units suite';
const isRoot = process.getuid() === 0;

/* The reason to skip a test that needs commands (and root, when asRoot)
 * missing here, or false. */
function missing(commands, asRoot = false) {
  const absent = commands.filter((c) => !have(c));
  if (asRoot && !isRoot) absent.unshift('root');
  return absent.length ? `not available here: ${absent.join(', ')}` : false;
}

/* A folder of its own under the system's temporary folder, which the
 * users of these tests may enter (mkdtemp makes it 0700). */
function openFolder(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rc-${name}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

let stage;
before(() => {
  stage = openFolder('units');
  const r = spawnSync('make', ['-s', '-C', BUILDDIR, 'install', `DESTDIR=${stage}/inst`], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `make install: ${r.stderr}`);
}, T);
after(() => { if (stage && !process.env.RC_KEEP_TMP) fs.rmSync(stage, { recursive: true, force: true }); });

/* A path of the staged installation, for one of configure's folders. */
const installed = (dir, ...rest) => path.join(stage, 'inst', dirs[dir], ...rest);
const examples = (...rest) => installed('docdir', 'examples', ...rest);
const unitsIn = (dir) => fs.readdirSync(dir).filter((f) => /\.(service|socket|timer)$/.test(f)).sort();
const modeOf = (file) => fs.statSync(file).mode & 0o7777;
const octal = (mode) => `0${mode.toString(8)}`;

test('make install puts every unit of conf/, the sysusers.d and the tmpfiles.d file among the examples, with this build\'s paths', T, () => {
  assert.deepEqual(unitsIn(examples()), unitsIn(path.join(SRCDIR, 'conf')));
  assert.ok(unitsIn(examples()).includes('runningcode-admin.service'), 'the admin\'s units');
  const tmpfiles = fs.readFileSync(examples('runningcode.tmpfiles'), 'utf8');
  assert.match(tmpfiles, new RegExp(`^d\\s+${dirs.localstatedir}/lib/runningcode/public\\s+2750\\s+runningcode\\s+www-data`, 'm'));
  assert.match(fs.readFileSync(examples('runningcode.sysusers'), 'utf8'), /^u\s+runningcode\s/m);
  assert.match(fs.readFileSync(examples('runningcode-admin.service'), 'utf8'),
    new RegExp(`^ReadWritePaths=${dirs.localstatedir}/lib/runningcode$`, 'm'));
});

test('systemd-analyze security --offline=yes rates every shipped unit at most 2.0', { ...T, skip: missing(['systemd-analyze']) }, (t) => {
  // A timer runs nothing itself: the service it starts is rated.
  for (const unit of unitsIn(examples()).filter((u) => !u.endsWith('.timer'))) {
    const r = spawnSync('systemd-analyze', ['security', '--offline=yes', examples(unit)], { encoding: 'utf8', timeout: 60000 });
    const m = /Overall exposure level for \S+: (\d+\.\d+) (\S+)/.exec(r.stdout);
    assert.ok(m, `${unit}: no overall figure in: ${r.stdout.slice(-300)} ${r.stderr}`);
    t.diagnostic(`systemd-analyze security: ${unit}: ${m[1]} ${m[2]}`);
    assert.ok(Number(m[1]) <= 2.0, `${unit}: exposure ${m[1]} is at most 2.0`);
  }
});

test('systemd-analyze verify has nothing to say about the shipped units', { ...T, skip: missing(['systemd-analyze', '/usr/sbin/fcgiwrap']) }, () => {
  // The units name the programs where configure put them: here, in the
  // staging folder in front of that.
  const dir = path.join(stage, 'verify');
  fs.mkdirSync(dir);
  for (const unit of unitsIn(examples())) {
    const text = fs.readFileSync(examples(unit), 'utf8').replaceAll(`=${dirs.sbindir}/`, `=${installed('sbindir')}/`);
    fs.writeFileSync(path.join(dir, unit), text);
  }
  const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...unitsIn(dir).map((u) => path.join(dir, u))],
    { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim(), '', 'no warning');
});

/* Run the installed `runningcode` with args under umask (octal text). */
function cliUnder(umask, args, opts = {}) {
  const r = spawnSync('sh', ['-c', 'umask "$0"; exec "$@"', umask, installed('sbindir', 'runningcode'), ...args],
    { encoding: 'utf8', timeout: 20000, ...opts });
  assert.equal(r.status, 0, `runningcode ${args.join(' ')}: ${r.stderr}`);
  return r;
}

/* Write file (default: dir/runningcode.conf), the settings of a site
 * whose database and published folder are in dir; returns its path. */
function settings(dir, file = path.join(dir, 'runningcode.conf')) {
  fs.writeFileSync(file, `base_url = http://127.0.0.1:8080\ndatabase = ${dir}/runningcode.db\npublish = ${dir}/public\n`
    + `templates = ${installed('pkgdatadir', 'templates')}\nstatic = ${installed('pkgdatadir', 'static')}\n`
    + 'password_ops = 1\npassword_memory_kib = 8\n');
  return file;
}

test('init, backup and publish leave others no permission on the database and the published folder, whatever the umask', T, () => {
  for (const umask of ['000', '022', '077']) {
    const dir = openFolder(`modes-${umask}`);
    try {
      const conf = settings(dir);
      cliUnder(umask, ['-c', conf, '--sql', installed('pkgdatadir', 'sql'), 'init']);
      for (const f of ['runningcode.db', 'runningcode.db-wal', 'runningcode.db-shm']) {
        assert.equal(octal(modeOf(path.join(dir, f))), '0640', `umask ${umask}: ${f}: the owner writes, the worker's group reads`);
      }
      cliUnder(umask, ['-c', conf, 'backup', path.join(dir, 'copy.db')]);
      assert.equal(octal(modeOf(path.join(dir, 'copy.db'))), '0640', `umask ${umask}: a backup, like the database`);
      // The published folder as the admin's unit makes it (UMask=0027)
      // or an operator's shell (022): nothing for others.
      if (umask !== '077') {
        cliUnder(umask, ['-c', conf, 'publish']);
        for (const f of ['public', 'public/how', 'public/how/runningcode']) {
          assert.equal(modeOf(path.join(dir, f)) & 0o777, 0o750, `umask ${umask}: ${f}/ is 0750`);
        }
        for (const f of ['public/index.html', 'public/how/runningcode/index.html', 'public.lock']) {
          assert.equal(octal(modeOf(path.join(dir, f))), '0640', `umask ${umask}: ${f}`);
        }
      }
      // An export is for any web server: readable by anyone.
      cliUnder(umask === '077' ? '022' : umask, ['-c', conf, 'export', path.join(dir, 'export')]);
      assert.equal(modeOf(path.join(dir, 'export', 'how', 'runningcode')) & 0o755, 0o755, 'an exported folder');
      assert.equal(modeOf(path.join(dir, 'export', 'how', 'runningcode', 'index.html')) & 0o644, 0o644, 'an exported page');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

/* ---- the deployment as the README says, in a root folder of its own ---- */

/* The users and groups of the root folder rootDir: { name: { uid, gid, home, shell } }
 * and { name: gid }. */
function accounts(rootDir) {
  const users = {};
  for (const l of fs.readFileSync(path.join(rootDir, 'etc', 'passwd'), 'utf8').trim().split('\n')) {
    const [name, , uid, gid, , home, shell] = l.split(':');
    users[name] = { uid: Number(uid), gid: Number(gid), home, shell };
  }
  const groups = {};
  for (const l of fs.readFileSync(path.join(rootDir, 'etc', 'group'), 'utf8').trim().split('\n')) {
    const [name, , gid] = l.split(':');
    groups[name] = Number(gid);
  }
  return { users, groups };
}

/* A setting of the unit file text, or undefined. */
const setting = (unit, key) => (new RegExp(`^${key}=(.*)$`, 'm').exec(unit) || [])[1];

/* The prefix that runs a command as uid and gid with exactly the groups
 * groups (none: no supplementary group), as a unit's User=, Group= and
 * SupplementaryGroups= do. */
const as = (uid, gid, groups = []) => ['setpriv', `--reuid=${uid}`, `--regid=${gid}`,
  groups.length ? `--groups=${groups.join(',')}` : '--clear-groups', '--'];

/* Whether the command (argv) exits 0. */
const succeeds = (argv) => spawnSync(argv[0], argv.slice(1), { stdio: 'ignore', timeout: 10000 }).status === 0;

/*
 * One request to the FastCGI socket sock, as nginx sends it to the admin
 * (conf/nginx-site.conf: fastcgi_params, SCRIPT_FILENAME and
 * RUNNINGCODE_CONFIG), spoken by cgi-fcgi. Returns { status, headers
 * (lower-case names; set-cookie a list), body }.
 */
function adminRequest(sock, script, conf, method, uri, { cookies = '', body = '' } = {}) {
  const [reqPath, queryString = ''] = uri.split('?');
  const env = {
    GATEWAY_INTERFACE: 'CGI/1.1', SERVER_PROTOCOL: 'HTTP/1.1', SERVER_NAME: 'localhost', SERVER_PORT: '80',
    HTTP_HOST: 'localhost', REMOTE_ADDR: '127.0.0.1', REQUEST_METHOD: method, REQUEST_URI: uri,
    DOCUMENT_URI: reqPath, QUERY_STRING: queryString, SCRIPT_FILENAME: script, RUNNINGCODE_CONFIG: conf,
    ...(cookies ? { HTTP_COOKIE: cookies } : {}),
    ...(method === 'POST' ? { CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: String(Buffer.byteLength(body)) } : {}),
  };
  const r = spawnSync('cgi-fcgi', ['-bind', '-connect', sock], { env, input: body, encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 0, `cgi-fcgi ${method} ${uri}: ${r.stderr}`);
  const end = r.stdout.indexOf('\r\n\r\n');
  assert.ok(end >= 0, `${method} ${uri}: a CGI reply: ${r.stdout.slice(0, 300)} ${r.stderr}`);
  const headers = { 'set-cookie': [] };
  for (const line of r.stdout.slice(0, end).split('\r\n')) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).toLowerCase();
    if (name === 'set-cookie') headers[name].push(line.slice(i + 1).trim());
    else headers[name] = line.slice(i + 1).trim();
  }
  return { status: headers.status ? parseInt(headers.status, 10) : 200, headers, body: r.stdout.slice(end + 4) };
}

test('as the README deploys it: sysusers and tmpfiles make the user and folders; the admin as its unit runs it saves and publishes; the worker reads; others read nothing', {
  ...T, skip: missing(['systemd-sysusers', 'systemd-tmpfiles', 'systemd-socket-activate', 'setpriv', 'cgi-fcgi',
    'sqlite3', '/usr/sbin/fcgiwrap', 'systemd-analyze'], true),
}, async (t) => {
  const root = openFolder('deployed');
  const children = [];
  try {
    // This system's users (www-data among them), then the README's steps:
    // the sysusers.d and tmpfiles.d files in place, systemd-sysusers,
    // systemd-tmpfiles --create.
    for (const dir of ['etc/sysusers.d', 'etc/tmpfiles.d', 'run']) fs.mkdirSync(path.join(root, dir), { recursive: true });
    for (const f of ['passwd', 'group', 'shadow', 'gshadow']) {
      if (fs.existsSync(`/etc/${f}`)) fs.copyFileSync(`/etc/${f}`, path.join(root, 'etc', f));
    }
    fs.copyFileSync(examples('runningcode.sysusers'), path.join(root, 'etc/sysusers.d/runningcode.conf'));
    fs.copyFileSync(examples('runningcode.tmpfiles'), path.join(root, 'etc/tmpfiles.d/runningcode.conf'));
    for (const argv of [['systemd-sysusers', `--root=${root}`], ['systemd-tmpfiles', `--root=${root}`, '--create']]) {
      const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 30000 });
      assert.equal(r.status, 0, `${argv.join(' ')}: ${r.stderr}`);
    }
    const { users, groups } = accounts(root);
    const rc = users.runningcode;
    const state = path.join(root, dirs.localstatedir, 'lib', 'runningcode');
    assert.ok(rc && rc.uid > 0 && rc.uid < 1000, `a system user runningcode (${JSON.stringify(rc)})`);
    assert.equal(rc.gid, groups.runningcode, 'with a group of its own');
    assert.equal(rc.home, `${dirs.localstatedir}/lib/runningcode`);
    assert.match(rc.shell, /nologin$/);
    const www = groups['www-data'];
    for (const [dir, mode] of [[state, 0o750], [path.join(state, 'public'), 0o2750]]) {
      const st = fs.statSync(dir);
      assert.deepEqual([st.uid, st.gid, octal(st.mode & 0o7777)], [rc.uid, www, octal(mode)],
        `${path.relative(root, dir)}: runningcode, group www-data, ${octal(mode)}`);
    }

    // runningcode init and user add, as the admin's user.
    const conf = settings(state, path.join(root, 'etc', 'runningcode.conf'));
    const cli = [...as(rc.uid, rc.gid), installed('sbindir', 'runningcode'), '-c', conf];
    let r = spawnSync(cli[0], [...cli.slice(1), '--sql', installed('pkgdatadir', 'sql'), 'init'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, r.stderr);
    r = spawnSync(cli[0], [...cli.slice(1), 'user', 'add', 'alice'], { input: `${PASSWORD}\n`, encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, r.stderr);
    const db = path.join(state, 'runningcode.db');
    const dbFilesAre = (when) => {
      for (const f of [db, `${db}-wal`, `${db}-shm`]) {
        const st = fs.statSync(f);
        assert.deepEqual([st.uid, st.gid, octal(st.mode & 0o7777)], [rc.uid, rc.gid, '0640'],
          `${when}: ${path.basename(f)} is runningcode's, group runningcode, 0640`);
      }
    };
    dbFilesAre('after init');

    // The admin, as runningcode-admin.service and its socket run it.
    const unit = fs.readFileSync(examples('runningcode-admin.service'), 'utf8');
    assert.equal(setting(unit, 'User'), 'runningcode');
    const list = path.join(root, 'admin-syscalls');
    fs.writeFileSync(list, [...unitSyscalls(unit)].join('\n') + '\n');
    const sock = path.join(root, 'run', 'admin.sock');
    const admin = startProcess('systemd-socket-activate', ['-l', sock,
      ...as(users[setting(unit, 'User')].uid, groups[setting(unit, 'Group')]),
      'sh', '-c', 'umask "$0"; exec "$@"', setting(unit, 'UMask'),
      path.join(BUILDDIR, 'tests', 'deploy', 'syscall-jail'), list, ...setting(unit, 'ExecStart').split(/\s+/)], { group: true });
    children.push(admin);
    await until(() => fs.existsSync(sock), 'the admin\'s socket');
    const script = installed('pkglibexecdir', 'runningcode-admin');
    const ask = (method, uri, opts) => adminRequest(sock, script, conf, method, uri, opts);
    assert.equal(ask('GET', '/admin/login').status, 200, 'the login form');
    const login = ask('POST', '/admin/login', { body: new URLSearchParams({ username: 'alice', password: PASSWORD }).toString() });
    assert.equal(login.status, 303, `alice signs in: ${login.body.slice(0, 300)}`);
    const cookies = login.headers['set-cookie'].map((c) => c.split(';')[0]).join('; ');
    assert.match(cookies, /rc_session=/);
    const edit = ask('GET', '/admin/edit?type=page&id=26', { cookies });
    assert.equal(edit.status, 200, 'the page\'s form');
    const form = forms(edit.body).find((f) => f.action === '/admin/edit');
    const fields = new URLSearchParams(form.fields);
    fields.set('title', 'Running code, saved by the unit');
    const saved = ask('POST', '/admin/edit', { cookies, body: fields.toString() });
    assert.equal(saved.status, 303, `the save: ${saved.body.slice(0, 300)}`);
    const page = path.join(state, 'public', 'how', 'runningcode', 'index.html');
    assert.match(fs.readFileSync(page, 'utf8'), /<h1>Running code, saved by the unit<\/h1>/, 'published');
    for (const [f, mode] of [[page, 0o640], [path.dirname(page), 0o2750], [path.join(state, 'public', 'how'), 0o2750],
      [path.join(state, 'public.lock'), 0o640]]) {
      const st = fs.statSync(f);
      assert.deepEqual([st.uid, octal(st.mode & 0o7777)], [rc.uid, octal(mode)], `${path.relative(state, f)}: runningcode's, ${octal(mode)}`);
      if (!f.endsWith('.lock')) assert.equal(st.gid, www, `${path.relative(state, f)}: group www-data, from the folder`);
    }
    assert.ok(!fs.existsSync(path.join(state, 'public.pending')), 'publishing finished');
    dbFilesAre('after the admin\'s save');
    assert.equal(admin.exitCode, null, 'fcgiwrap runs on');
    assert.doesNotMatch(admin.stderrText(), /Bad system call|signal/i, 'nothing killed by the filter');

    // The worker, as runningcode-site.service runs it: a user of its own
    // (DynamicUser=; nobody here) in its SupplementaryGroups=.
    const siteUnit = fs.readFileSync(examples('runningcode-site.service'), 'utf8');
    const siteGroups = setting(siteUnit, 'SupplementaryGroups').split(/\s+/).map((g) => groups[g]);
    assert.deepEqual(siteGroups, [rc.gid, www], 'the worker is in the groups runningcode and www-data');
    const nobody = users.nobody;
    const siteList = path.join(root, 'site-syscalls');
    fs.writeFileSync(siteList, [...unitSyscalls(siteUnit)].join('\n') + '\n');
    // Its socket in a folder it may write (systemd makes it in production).
    fs.mkdirSync(path.join(root, 'run', 'site'));
    fs.chownSync(path.join(root, 'run', 'site'), nobody.uid, nobody.gid);
    const siteSock = path.join(root, 'run', 'site', 'site.sock');
    const [setpriv, ...asWorker] = as(nobody.uid, nobody.gid, siteGroups);
    const worker = startProcess(setpriv, [...asWorker, path.join(BUILDDIR, 'tests', 'deploy', 'syscall-jail'), siteList,
      installed('sbindir', 'runningcode-site'), '--config', conf, '--listen', siteSock]);
    children.push(worker);
    await until(() => fs.existsSync(siteSock), 'the worker\'s socket');
    const served = spawnSync('cgi-fcgi', ['-bind', '-connect', siteSock],
      { env: { REQUEST_METHOD: 'GET', REQUEST_URI: '/how/runningcode/', QUERY_STRING: '' }, encoding: 'utf8', timeout: 10000 });
    assert.match(served.stdout, /^Status: 200/, `the worker serves: ${served.stdout.slice(0, 200)} ${worker.stderrText()}`);
    assert.match(served.stdout, /<h1>Running code, saved by the unit<\/h1>/, 'the saved page, read through its groups');

    // Who reads what.
    const who = {
      'www-data': as(users['www-data'].uid, www),
      'another user': as(nobody.uid, nobody.gid),
      'another user in group www-data': as(nobody.uid, nobody.gid, [www]),
    };
    assert.ok(succeeds([...who['www-data'], 'cat', page]), 'www-data reads the published page');
    assert.ok(!succeeds([...who['www-data'], 'cat', db]), 'www-data does not read the database');
    assert.ok(!succeeds([...who['another user in group www-data'], 'cat', `${db}-wal`]), 'nor does group www-data read the WAL');
    assert.ok(!succeeds([...who['another user'], 'cat', page]), 'another user does not read the published page');
    assert.ok(!succeeds([...who['another user'], 'ls', state]), 'nor list the database\'s folder');
    assert.ok(!succeeds([...who['another user'], 'stat', db]), 'nor even reach the database');
    // Last: the sqlite3 tool, closing the last connection, removes the
    // -wal and -shm files that the worker needs.
    assert.equal(query(db, 'SELECT title FROM page WHERE id = 26')[0].title, 'Running code, saved by the unit', 'in the database');
    t.diagnostic(`runningcode is uid ${rc.uid}; ${path.relative(root, state)} ${octal(modeOf(state))}, public ${octal(modeOf(path.join(state, 'public')))}, `
      + `database ${octal(modeOf(db))}, published page ${octal(modeOf(page))}`);
  } finally {
    for (const c of children) await c.stop();
    if (!process.env.RC_KEEP_TMP) fs.rmSync(root, { recursive: true, force: true });
  }
});
