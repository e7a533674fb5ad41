'use strict';
/*
 * tests/deploy/lib.js: what the deployment suites share: the folders
 * configure chose, bounded waits, processes started and stopped by PID,
 * and the system calls a unit's SystemCallFilter= allows (expanded by
 * systemd-analyze, as systemd expands it).
 */
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const { BUILDDIR } = require('../lib/server.js');

/* The installation folders of the build, as configure set them
 * ({ sbindir, pkglibexecdir, pkgdatadir, sysconfdir, docdir, localstatedir }). */
const dirs = Object.fromEntries(
  execFileSync('make', ['-s', '-C', BUILDDIR, '--no-print-directory', 'print-dirs'], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.split('=')));

/* Resolve after ms milliseconds. */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Wait (bounded) until fn() is true. */
async function until(fn, what, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/* Start a process; returns it with stderrText() and a stop() that ends
 * it (SIGTERM, SIGKILL after 10 s) and waits. With group, the process
 * leads a process group of its own, and stop() signals the whole group
 * (fcgiwrap's pre-forked children outlive their parent's SIGTERM). */
function startProcess(cmd, args, { group = false, ...opts } = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: group, ...opts });
  let err = '';
  let closed = false;
  child.stderr.on('data', (d) => { err += d; });
  child.stdout.resume();
  child.once('close', () => { closed = true; });
  child.stderrText = () => err;
  const signal = (sig) => {
    try {
      if (group) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch { /* gone already */ }
  };
  child.stop = (sig = 'SIGTERM') => new Promise((resolve) => {
    if (closed || (!group && (child.exitCode !== null || child.signalCode !== null))) { resolve(child.exitCode); return; }
    const timer = setTimeout(() => signal('SIGKILL'), 10000);
    // 'close', not 'exit': only then has all it wrote to stderr arrived.
    child.once('close', (code) => { clearTimeout(timer); resolve(code); });
    signal(sig);
  });
  return child;
}

/* The system calls a SystemCallFilter= value names: groups (@name)
 * expanded by systemd-analyze, recursively. */
function syscallsOf(names) {
  const out = new Set();
  for (const name of names) {
    if (!name.startsWith('@')) { out.add(name); continue; }
    const listed = execFileSync('systemd-analyze', ['syscall-filter', name], { encoding: 'utf8' })
      .split('\n').slice(1).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const n of syscallsOf(listed)) out.add(n);
  }
  return out;
}

/* What the unit file text allows: its SystemCallFilter= allow lines less
 * its ~ lines. */
function unitSyscalls(unit) {
  const lines = [...unit.matchAll(/^SystemCallFilter=(.*)$/gm)].map((m) => m[1].trim());
  const allowed = syscallsOf(lines.filter((l) => !l.startsWith('~')).flatMap((l) => l.split(/\s+/)));
  for (const n of syscallsOf(lines.filter((l) => l.startsWith('~')).flatMap((l) => l.slice(1).split(/\s+/)))) allowed.delete(n);
  return allowed;
}

module.exports = { dirs, sleep, until, startProcess, syscallsOf, unitSyscalls };
