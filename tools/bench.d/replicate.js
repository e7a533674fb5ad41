'use strict';
/*
 * tools/bench.d/replicate.js: the standby's lag (tools/bench prints it;
 * it asserts nothing about speed). An origin and a standby origin
 * (tests/lib/server.js, the standby serving DEST/current as the README's
 * runbook lays it out); EDITS times: a page's title saved through the
 * origin's admin, then at once `runningcode replicate DEST`, and the
 * standby read until it serves the new title. The lag is from the save's
 * answer (the commit) to the first read showing it; the replicate's own
 * time beside it. DEST is a folder here, then an rsync daemon on
 * loopback (tests/lib/rsyncd.js), in turn.
 *
 * With the shipped timer instead of an explicit replicate, the lag is
 * that plus up to the timer's period (five minutes).
 *
 *   node tools/bench.d/replicate.js [EDITS]   (default 10)
 *
 * Prints the figures as lines starting with two spaces, or one line
 * "  skipped: ..." where rsync is missing.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer, request, query, have, BUILDDIR } = require('../../tests/lib/server.js');
const { startRsyncd, stopRsyncd } = require('../../tests/lib/rsyncd.js');
const { browserKit } = require('../../tests/lib/editor.js');
const { heading } = require('../../tests/lib/html.js');

const EDITS = Number(process.argv[2] || 10);
const PATH = '/how/wgs/';
const PASSWORD = 'bench: replicate password';
/* Reads of the standby after a replicate, at most (each a request). */
const READS_MAX = 3000;
/* The target for the lag with an explicit replicate, ms. */
const TARGET_MS = 5000;

/* The p-th percentile (0..100) of numbers, nearest rank. */
function percentile(numbers, p) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/* Run `runningcode replicate dest` on srv; resolves to its time in ms. */
function replicate(srv, dest) {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    let err = '';
    const child = spawn(path.join(BUILDDIR, 'runningcode'), ['-c', srv.configPath, 'replicate', dest],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d) => { err += d; });
    child.once('exit', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e6)
      : reject(new Error(`replicate ${dest}: exit ${code}: ${err}`))));
  });
}

/* Save title on origin, replicate to dest, read standby until it shows
 * it; returns { lag, replicate } in ms. */
async function measure(b, origin, id, standby, dest, title) {
  const { form } = await b.openForm(`/admin/edit?type=page&id=${id}`);
  const res = await b.submit(form, { title });
  if (res.status !== 303) throw new Error(`save: ${res.status}`);
  const saved = process.hrtime.bigint();
  const took = replicate(origin, dest);
  let reads = 0;
  while (heading((await request(standby.url, PATH)).body) !== title) {
    if (++reads > READS_MAX) throw new Error(`the standby did not show "${title}" after ${READS_MAX} reads`);
  }
  const lag = Number(process.hrtime.bigint() - saved) / 1e6;
  return { lag, replicate: await took };
}

async function main() {
  if (!have('rsync')) {
    console.log('  skipped: not installed here: rsync');
    return;
  }
  const sites = [];
  let daemon = null;
  const tmp = fs.mkdtempSync(path.join(BUILDDIR, 'tests', 'tmp', 'bench-replicate-'));
  try {
    const origin = await startServer({ fastPasswords: true, publish: true });
    sites.push(origin);
    const folder = path.join(tmp, 'folder');
    const viaDaemon = path.join(tmp, 'daemon');
    fs.mkdirSync(folder);
    fs.mkdirSync(viaDaemon);
    daemon = await startRsyncd(tmp, 'standby', viaDaemon);
    const dests = [[folder, folder, 'a folder'], [`${daemon.url}/standby`, viaDaemon, 'an rsync daemon']];
    const standbys = [];
    for (const [dest, dir] of dests) {
      await replicate(origin, dest);
      const s = await startServer({ publish: true, standby: dir });
      sites.push(s);
      standbys.push(s);
    }
    const { loggedIn } = browserKit({ url: () => origin.url, dbPath: () => origin.dbPath, passwords: { bench: PASSWORD } });
    origin.addUser('bench', PASSWORD);
    const b = await loggedIn('bench');
    const { id } = query(origin.dbPath, `SELECT id FROM page WHERE path = '${PATH}'`)[0];
    const runs = dests.map(() => ({ lag: [], replicate: [] }));
    // In turn, so that the machine's other load falls on both alike.
    for (let i = 0; i < EDITS; i++) {
      for (let d = 0; d < dests.length; d++) {
        const m = await measure(b, origin, id, standbys[d], dests[d][0], `Working groups, standby edit ${i}.${d}`);
        runs[d].lag.push(m.lag);
        runs[d].replicate.push(m.replicate);
      }
    }
    const f = (n) => Math.round(n);
    for (let d = 0; d < dests.length; d++) {
      const p99 = percentile(runs[d].lag, 99);
      console.log(`  standby lag, a save then runningcode replicate to ${dests[d][2]} (${EDITS} edits):`
        + ` p50 ${f(percentile(runs[d].lag, 50))} ms, p99 ${f(p99)} ms`
        + ` (the replicate itself p50 ${f(percentile(runs[d].replicate, 50))} ms)`
        + ` [target: p99 < ${TARGET_MS} ms: ${p99 < TARGET_MS ? 'met' : 'NOT MET'}]`);
    }
    console.log('  with runningcode-replicate.timer instead: that plus up to its period, five minutes');
  } finally {
    if (daemon) await stopRsyncd(daemon);
    for (const s of sites) await s.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`replicate bench: ${e.stack || e}`);
  process.exit(1);
});
