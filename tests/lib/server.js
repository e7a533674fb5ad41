'use strict';
/*
 * tests/lib/server.js: the site on real nginx + runningcode-site, for the
 * integration suites. startServer() makes a fresh database with
 * `runningcode init` in a fresh folder under $RC_BUILDDIR/tests/tmp/,
 * runs tools/serve on a free loopback port and resolves once it prints
 * "ready http://...". stop() ends that tools/serve (its PID only: it stops
 * nginx and the worker itself) and waits for it to exit.
 *
 * Also: sql()/query() run SQL on the database with the sqlite3 tool, and
 * request() makes one HTTP request with any method and a raw path.
 *
 * For the admin: startServer({ fastPasswords: true }) has tools/serve
 * write the cheapest argon2id cost into runningcode.conf (logins in
 * milliseconds), and the result's cli(args, { input }) runs the
 * `runningcode` command on that config (addUser(name, password) creates
 * an editor, the password on stdin, never in argv).
 *
 * Environment: RC_BUILDDIR and RC_SRCDIR (set by `make check`; default:
 * the tree this file is in). RC_KEEP_TMP=1 keeps the temp folder.
 */
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const top = path.resolve(__dirname, '..', '..');
const BUILDDIR = process.env.RC_BUILDDIR || top;
const SRCDIR = process.env.RC_SRCDIR || top;
const READY_TIMEOUT_MS = 10000;
const STOP_TIMEOUT_MS = 10000;
// A guard against a server that never answers, not a speed check: an
// admin save that republishes every page while a dozen readers load the
// machine may take seconds (tools/bench measures speed).
const REQUEST_TIMEOUT_MS = 30000;

/* A free TCP port on 127.0.0.1: bind port 0, note the port, close. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/* Run SQL on the database file with the sqlite3 tool; returns its stdout. */
function sql(dbPath, text, args = []) {
  return execFileSync('sqlite3', ['-bail', '-cmd', '.timeout 5000', ...args, dbPath], {
    input: text,
    encoding: 'utf8',
    timeout: 10000,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/* Run one SELECT; returns its rows as objects. */
function query(dbPath, text) {
  const out = sql(dbPath, text, ['-json']).trim();
  return out ? JSON.parse(out) : [];
}

/*
 * One HTTP request on a connection of its own. path goes out as given
 * (no normalisation: "/../x", "/%00" and long paths reach the server);
 * method may be any token. Resolves to { status, headers, body, bytes }
 * with header names in lower case, body a string (UTF-8) and bytes the
 * same as a Buffer (for files). localAddress
 * (such as 127.0.0.2) is the client's address, as the server sees it.
 */
function request(baseUrl, reqPath, { method = 'GET', headers = {}, body, timeout = REQUEST_TIMEOUT_MS, localAddress } = {}) {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: base.hostname,
      port: base.port,
      method,
      path: reqPath,
      headers: { Connection: 'close', ...headers },
      agent: false,
      ...(localAddress ? { localAddress } : {}),
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        bytes: Buffer.concat(chunks),
      }));
      res.on('error', reject);
    });
    req.setTimeout(timeout, () => req.destroy(new Error(`${method} ${reqPath.slice(0, 80)}: no answer in ${timeout} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/*
 * The raw bytes the server sends back for the raw request text, read
 * until it closes the connection (send "Connection: close"). Our side
 * stays open meanwhile: nginx drops a FastCGI request whose client has
 * half-closed.
 */
function rawExchange(baseUrl, text, timeout = REQUEST_TIMEOUT_MS) {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks = [];
    const sock = net.connect(Number(base.port), base.hostname, () => sock.write(text));
    sock.setTimeout(timeout, () => sock.destroy(new Error(`no answer in ${timeout} ms`)));
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => { sock.end(); resolve(Buffer.concat(chunks)); });
    sock.on('error', reject);
  });
}

/* Make the database at dbPath with `runningcode init` (schema and seed). */
function initDb(dbPath) {
  execFileSync(path.join(BUILDDIR, 'runningcode'),
    ['-d', dbPath, '--sql', path.join(SRCDIR, 'sql'), 'init'],
    { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10000 });
}

/* The exit of child, or after ms milliseconds false. */
function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => { clearTimeout(timer); resolve(true); });
  });
}

/*
 * Run the `runningcode` command with the config at configPath; input goes
 * to its stdin. Returns { status, stdout, stderr } (never throws on a
 * non-zero exit).
 */
function runCli(configPath, args, { input = '' } = {}) {
  const r = spawnSync(path.join(BUILDDIR, 'runningcode'), ['-c', configPath, ...args], {
    input,
    encoding: 'utf8',
    timeout: 20000,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // EPIPE: the command exited (refusing its arguments) before reading
  // its input; its status says what happened.
  if (r.error && r.error.code !== 'EPIPE') throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/*
 * Start the site. Resolves to { url, dbPath, dir, runtime, configPath,
 * child, alive(), log(name), stderr(), workerPid(), cli(args, opts),
 * addUser(name, password), stop() }. With createDb false the database is
 * not made: the worker starts without one (initDb(dbPath) makes it
 * later). With fastPasswords, argon2id runs at its minimum cost (1 pass,
 * 8 KiB) so that logins and `user add` take milliseconds. With installed
 * ({ bin, share, admin }), the programs and data come from an installed
 * tree instead of the build tree. With publish, the admin publishes pages
 * into a folder the web server serves without the worker, as shipped;
 * without it, the worker serves every page (so that changes made
 * directly in the database show at once). With limits false, the web
 * server runs without its per-address limits (tools/load: one address
 * is all the load). timeZone: the site's time zone (default UTC). With
 * tls, the site is served over HTTPS (and HTTP/2) as the shipped configs
 * serve it, with a throwaway self-signed certificate for localhost and
 * 127.0.0.1 made by openssl; the result then also has httpUrl (the plain
 * HTTP port, which redirects) and cert (the certificate, PEM, for a
 * client's ca). purge: the caches the admin purges after a change (the
 * purge setting); purgeUrls: those without tags, purged by address
 * (purge_urls). standby: the folder a `runningcode replicate` fills (its
 * DEST); the site is then a standby origin laid out as the README's
 * runbook has it: the database DEST/current/runningcode.db, the published
 * folder and the files links to DEST/current/public, DEST/current/files
 * (and files.deleted).
 */
async function startServer({ createDb = true, fastPasswords = false, installed = null, publish = false, limits = true,
  timeZone = null, tls = false, purge = null, purgeUrls = null, standby = null } = {}) {
  const tmpRoot = path.join(BUILDDIR, 'tests', 'tmp');
  fs.mkdirSync(tmpRoot, { recursive: true });
  const dir = fs.mkdtempSync(path.join(tmpRoot, 'site-'));
  const dbPath = standby ? path.join(standby, 'current', 'runningcode.db') : path.join(dir, 'runningcode.db');
  // A unix socket path holds at most 107 bytes: in a deep build folder,
  // keep the runtime folder (which holds the socket) in the system's.
  let runtime = path.join(dir, 'run');
  let runtimeOutside = false;
  if (Buffer.byteLength(path.join(runtime, 'site.sock')) > 100) {
    runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-run-'));
    runtimeOutside = true;
  }

  if (standby) {
    fs.mkdirSync(runtime, { recursive: true });
    fs.symlinkSync(path.join(standby, 'current', 'public'), path.join(runtime, 'public'));
    fs.symlinkSync(path.join(standby, 'current', 'files'), path.join(runtime, 'files'));
    fs.symlinkSync(path.join(standby, 'current', 'files.deleted'), path.join(runtime, 'files.deleted'));
  } else if (createDb) {
    initDb(dbPath);
  }

  const port = await freePort();
  const httpPort = tls ? await freePort() : null;
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  if (tls) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-addext', 'basicConstraints=critical,CA:FALSE', '-keyout', keyPath, '-out', certPath],
    { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10000 });
  }
  const child = spawn(path.join(SRCDIR, 'tools', 'serve'), [], {
    env: {
      ...process.env,
      RC_PORT: String(port),
      RC_DB: dbPath,
      RC_RUNTIME: runtime,
      RC_BIN: BUILDDIR,
      RC_SHARE: SRCDIR,
      // An installed tree instead of the build tree: { bin, share, admin }.
      ...(installed ? { RC_BIN: installed.bin, RC_SHARE: installed.share, RC_ADMIN: installed.admin } : {}),
      ...(fastPasswords ? { RC_PASSWORD_OPS: '1', RC_PASSWORD_MEMORY_KIB: '8' } : {}),
      // Published pages are served by the web server without the worker:
      // then only changes made through the admin (or `runningcode publish`)
      // reach them. Off, the worker serves every page.
      RC_PUBLISH: publish ? '1' : '0',
      RC_LIMITS: limits ? '1' : '0',
      // Tests make scheduled changes by running `publish --due` with the
      // time they choose, never by the clock.
      RC_SCHEDULE: '0',
      ...(timeZone ? { RC_TIME_ZONE: timeZone } : {}),
      ...(tls ? { RC_TLS_CERT: certPath, RC_TLS_KEY: keyPath, RC_HTTP_PORT: String(httpPort) } : {}),
      ...(purge ? { RC_PURGE: purge } : {}),
      ...(purgeUrls ? { RC_PURGE_URLS: purgeUrls } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave it behind, even when the suite dies.
  const onExit = () => { try { child.kill('SIGTERM'); } catch { /* gone */ } };
  process.on('exit', onExit);

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });

  const log = (name) => {
    try { return fs.readFileSync(path.join(runtime, 'logs', name), 'utf8'); } catch { return ''; }
  };

  async function stop() {
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!await waitExit(child, STOP_TIMEOUT_MS)) {
        child.kill('SIGKILL');
        await waitExit(child, 2000);
      }
    }
    if (!process.env.RC_KEEP_TMP) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (runtimeOutside) fs.rmSync(runtime, { recursive: true, force: true });
    }
  }

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`tools/serve not ready in ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d) => {
        out += d;
        const m = /^ready (https?:\/\/\S+)$/m.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.once('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`tools/serve exited (${code ?? sig}) before it was ready`));
      });
      child.once('error', (e) => { clearTimeout(timer); reject(e); });
    });
  } catch (e) {
    e.message += `\nstderr: ${stderr}\nsite.log: ${log('site.log')}\nnginx-error.log: ${log('nginx-error.log')}`;
    await stop();
    throw e;
  }
  child.stdout.resume();	// keep draining it

  /* The PID of the worker tools/serve started (Linux /proc), or null. */
  const workerPid = () => {
    // tools/serve's supervisor writes the PID of the worker it runs.
    try {
      const pid = Number(fs.readFileSync(path.join(runtime, 'site.pid'), 'utf8').trim());
      return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('runningcode-sit') ? pid : null;
    } catch {
      return null;
    }
  };

  const configPath = path.join(runtime, 'runningcode.conf');
  const cli = (args, opts) => runCli(configPath, args, opts);
  const addUser = (name, password) => {
    const r = cli(['user', 'add', name], { input: `${password}\n` });
    if (r.status !== 0) throw new Error(`runningcode user add ${name}: exit ${r.status}: ${r.stderr}`);
  };

  return {
    url,
    ...(tls ? { httpUrl: `http://127.0.0.1:${httpPort}/`, cert: fs.readFileSync(certPath, 'utf8') } : {}),
    dbPath,
    dir,
    runtime,
    configPath,
    child,
    cli,
    addUser,
    alive: () => child.exitCode === null && child.signalCode === null,
    log,
    stderr: () => stderr,
    workerPid,
    stop,
  };
}

/*
 * One site for a whole suite: started before its first test, with the
 * users of users ({ name: password }) added, each with the role that
 * options.roles gives them ({ name: role }; else the CLI's default,
 * administrator), handed to started(srv), and stopped after its last
 * test.
 */
function serveSuite({ roles = {}, ...options }, users, started) {
  const { before, after } = require('node:test');
  let srv;
  before(async () => {
    srv = await startServer(options);
    for (const [name, password] of Object.entries(users)) srv.addUser(name, password);
    giveRoles(srv, roles);
    started(srv);
  }, { timeout: 30000 });
  after(async () => {
    if (srv) await srv.stop();
  }, { timeout: 30000 });
}

/*
 * Give each user of roles ({ name: role }) that role, with `runningcode
 * user role` on srv's database; throws when one is refused.
 */
function giveRoles(srv, roles) {
  for (const [name, role] of Object.entries(roles)) {
    const r = srv.cli(['user', 'role', name, role]);
    if (r.status !== 0) throw new Error(`user role ${name}: ${r.stderr}`);
  }
}

/*
 * Stop process pid (SIGSTOP) and wait, at most a second, until it is
 * stopped: the signal takes effect asynchronously. Resolves to a
 * function that lets it go on (SIGCONT).
 */
async function pauseProcess(pid) {
  process.kill(pid, 'SIGSTOP');
  for (let i = 0; i < 100 && !/^State:\s+T/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8')); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return () => process.kill(pid, 'SIGCONT');
}

/* Whether command (a name on PATH, or an absolute path) can be run. */
function have(command) {
  return command.startsWith('/') ? fs.existsSync(command)
    : spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command]).status === 0;
}

/* The commands the suites' site needs (tools/serve) under RC_SERVER. */
const SERVER_TOOLS = {
  nginx: ['/usr/sbin/nginx', 'fcgiwrap', 'sqlite3'],
  apache: ['/usr/sbin/apache2', 'fcgiwrap', '/usr/lib/apache2/modules/mod_qos.so', 'sqlite3'],
};

/*
 * When one of commands (default: what the site under RC_SERVER needs) is
 * missing here, register the suite as one skipped test saying which, and
 * return true: the caller then returns before its tests (CommonJS allows
 * a top-level return). Reported as "# SKIP" in TAP, counted as skipped
 * by automake and tools/check: never as passed.
 */
function skipSuiteWithout(name, commands = SERVER_TOOLS[process.env.RC_SERVER || 'nginx']) {
  const missing = commands.filter((c) => !have(c));
  if (missing.length === 0) return false;
  require('node:test').test(name, { skip: `not installed here: ${missing.join(', ')}` }, () => {});
  return true;
}

/*
 * The addresses this build gave the site's static files (tools/build-static
 * names them after their content's hash; src/static-names.h has them), by
 * their source names: { 'site.css': '/static/site.HASH.css', ... }, and
 * the folder of the files as served.
 */
const STATIC = (() => {
  const h = fs.readFileSync(path.join(BUILDDIR, 'src', 'static-names.h'), 'utf8');
  const name = (macro, file) => {
    const m = new RegExp(`#define ${macro} "([^"]+)"`).exec(h);
    if (!m) throw new Error(`src/static-names.h has no ${macro}`);
    return [file, m[1]];
  };
  return Object.fromEntries([name('RC_STATIC_SITE_CSS', 'site.css'), name('RC_STATIC_SITE_JS', 'site.js'),
    name('RC_STATIC_LOGO', 'logo.svg')]);
})();
const STATIC_BUILT = path.join(BUILDDIR, 'static-built');

module.exports = { STATIC, STATIC_BUILT, SERVER_TOOLS, startServer, skipSuiteWithout, have, pauseProcess, serveSuite, giveRoles, initDb, runCli, sql, query, request, rawExchange, freePort, BUILDDIR, SRCDIR };
