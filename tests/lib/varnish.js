'use strict';
/*
 * tests/lib/varnish.js: a real varnishd (Debian's varnish, with
 * varnish-modules' xkey) running conf/runningcode.vcl on loopback, for
 * tests/varnish.test.js and tools/bench. startVarnish(port, backendPort)
 * runs the shipped VCL with only its backend's port substituted, in a
 * folder of its own under $RC_BUILDDIR/tests/tmp/, and resolves to
 * { url, child, dir } once it answers; stopVarnish(v) ends it by its PID
 * and removes the folder.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { request, BUILDDIR, SRCDIR } = require('./server.js');

const VARNISHD = '/usr/sbin/varnishd';
const XKEY_VMOD = '/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so';
const READY_MS = 15000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Start varnishd in the foreground on loopback port port, with the
 * shipped VCL pointed at backendPort; resolves to { url, child, dir }
 * once it answers. */
async function startVarnish(port, backendPort) {
  const dir = fs.mkdtempSync(path.join(BUILDDIR, 'tests', 'tmp', 'varnish-'));
  const vcl = fs.readFileSync(path.join(SRCDIR, 'conf', 'runningcode.vcl'), 'utf8')
    .replace('.port = "80";', `.port = "${backendPort}";`);
  assert.ok(vcl.includes(`.port = "${backendPort}";`), 'the backend port was substituted');
  fs.writeFileSync(path.join(dir, 'runningcode.vcl'), vcl);
  // -j none: no jail (the test may run as root or not); -n: its own
  // working folder; -F: in the foreground, ended by its PID.
  const child = spawn(VARNISHD, ['-F', '-j', 'none', '-n', path.join(dir, 'work'), '-a', `127.0.0.1:${port}`,
    '-f', path.join(dir, 'runningcode.vcl'), '-s', 'malloc,32m', '-T', 'none'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  process.on('exit', () => { try { child.kill('SIGTERM'); } catch { /* gone */ } });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await request(url, '/robots.txt', { timeout: 1000 })).status === 200) return { url, child, dir };
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new Error(`varnishd did not answer in ${READY_MS} ms: ${output}`);
}

/* Stop a varnishd that startVarnish started, by its PID, and remove its
 * folder. */
async function stopVarnish(v) {
  if (v.child.exitCode === null && v.child.signalCode === null) {
    v.child.kill('SIGTERM');
    await new Promise((r) => v.child.once('exit', r));
  }
  fs.rmSync(v.dir, { recursive: true, force: true });
}

module.exports = { VARNISHD, XKEY_VMOD, startVarnish, stopVarnish };
