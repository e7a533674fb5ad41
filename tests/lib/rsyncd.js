'use strict';
/*
 * tests/lib/rsyncd.js: a real rsync daemon on 127.0.0.1, for
 * tests/replicate.test.js and tools/bench: startRsyncd(dir, module,
 * path) runs `rsync --daemon` in the foreground on a free port, with a
 * config of its own in dir, one writable module at path, and resolves to
 * { url, child } (url: rsync://127.0.0.1:PORT) once it lists the module;
 * stopRsyncd(d) ends it by its PID.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { freePort } = require('./server.js');

const READY_TRIES = 200;
const TRY_MS = 50;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startRsyncd(dir, module, modulePath) {
  const port = await freePort();
  const conf = path.join(dir, 'rsyncd.conf');
  // Not root's chroot: then symbolic links must not be munged (the
  // standby's current is one); uid/gid: this user, not "nobody".
  fs.writeFileSync(conf, [
    'use chroot = no', 'munge symlinks = no', `uid = ${process.getuid()}`, `gid = ${process.getgid()}`,
    `log file = ${path.join(dir, 'rsyncd.log')}`,
    `[${module}]`, `path = ${modulePath}`, 'read only = no', ''].join('\n'));
  const child = spawn('rsync', ['--daemon', '--no-detach', `--config=${conf}`, '--address=127.0.0.1',
    `--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  process.on('exit', () => { try { child.kill('SIGTERM'); } catch { /* gone */ } });
  const url = `rsync://127.0.0.1:${port}`;
  for (let i = 0; i < READY_TRIES && child.exitCode === null; i++) {
    const r = spawnSync('rsync', [`${url}/`], { encoding: 'utf8', timeout: 5000 });
    if (r.status === 0 && r.stdout.split('\n').some((l) => l.split(/\s/)[0] === module)) return { url, child };
    await sleep(TRY_MS);
  }
  child.kill('SIGTERM');
  throw new Error(`the rsync daemon did not start: ${fs.readFileSync(path.join(dir, 'rsyncd.log'), 'utf8')}`);
}

async function stopRsyncd(d) {
  if (d.child.exitCode === null && d.child.signalCode === null) {
    d.child.kill('SIGTERM');
    await new Promise((r) => d.child.once('exit', r));
  }
}

module.exports = { startRsyncd, stopRsyncd };
