'use strict';
/*
 * tools/bench.d/purge.js: what the purge on publish costs a save, and
 * what it gives (tools/bench prints it; it asserts nothing about speed).
 * EDITS edits of one page's title through the admin, each timed from its
 * POST to the answer, on a site with no caches to purge and, in turn, on
 * one whose purge setting names two Varnish edges (conf/runningcode.vcl,
 * tests/lib/varnish.js) on loopback. Before each save both edges hold the
 * page; right after the save returns, both are read: a read that shows
 * the older title is counted as stale (goal: 0).
 *
 * Then the throughput of one edge serving the page from its cache
 * against nginx serving the same page's published file (wrk, c=32).
 *
 *   node tools/bench.d/purge.js [EDITS [SECONDS]]   (default 50 and 5)
 *
 * Prints the figures as lines starting with two spaces, or one line
 * "  skipped: ..." where varnishd or its xkey module is missing.
 */
const fs = require('node:fs');
const { startServer, request, query, freePort } = require('../../tests/lib/server.js');
const { VARNISHD, XKEY_VMOD, startVarnish, stopVarnish } = require('../../tests/lib/varnish.js');
const { browserKit } = require('../../tests/lib/editor.js');
const { heading } = require('../../tests/lib/html.js');
const { rate, percentile, purgeTiming } = require('./measure.js');

const EDITS = Number(process.argv[2] || 50);
const SECONDS = Number(process.argv[3] || 5);
const PATH = '/how/wgs/';
const PASSWORD = 'bench: purge password';

/*
 * An editor of PATH on srv, whose every save() is timed and, with
 * edges, read from each edge before and right after.
 */
async function editor(srv, edges) {
  const { loggedIn } = browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, passwords: { bench: PASSWORD } });
  srv.addUser('bench', PASSWORD);
  const b = await loggedIn('bench');
  const { id } = query(srv.dbPath, `SELECT id FROM page WHERE path = '${PATH}'`)[0];
  const out = { times: [], purges: [], stale: 0 };
  out.save = async (i) => {
    for (const e of edges) await request(e.url, PATH);
    const title = `Working groups, edit ${i}`;
    const { form } = await b.openForm(`/admin/edit?type=page&id=${id}`);
    const start = process.hrtime.bigint();
    const res = await b.submit(form, { title });
    out.times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (res.status !== 303) throw new Error(`save ${i}: ${res.status}`);
    if (purgeTiming(res) !== null) out.purges.push(purgeTiming(res));
    for (const e of edges) {
      if (heading((await request(e.url, PATH)).body) !== title) out.stale++;
    }
  };
  return out;
}

async function main() {
  const missing = [VARNISHD, XKEY_VMOD].filter((f) => !fs.existsSync(f));
  if (missing.length) {
    console.log(`  skipped: not installed here: ${missing.join(', ')}`);
    return;
  }
  const ports = [await freePort(), await freePort()];
  const sites = [];
  const edges = [];
  try {
    const plain = await startServer({ fastPasswords: true, publish: true });
    sites.push(plain);
    const srv = await startServer({ fastPasswords: true, publish: true,
      purge: ports.map((p) => `http://127.0.0.1:${p}`).join(' ') });
    sites.push(srv);
    for (const p of ports) edges.push(await startVarnish(p, new URL(srv.url).port));
    srv.cli(['purge', '--retry']);	// what tools/serve's publish purged before the edges were up
    const without = await editor(plain, []);
    const withPurge = await editor(srv, edges);
    // In turn, so that the machine's other load falls on both alike.
    for (let i = 0; i < EDITS; i++) {
      await without.save(i);
      await withPurge.save(i);
    }
    const f = (n) => n.toFixed(1);
    const [p50a, p99a] = [percentile(without.times, 50), percentile(without.times, 99)];
    const [p50b, p99b] = [percentile(withPurge.times, 50), percentile(withPurge.times, 99)];
    console.log(`  a page saved (${EDITS} edits each, in turn): no caches p50 ${f(p50a)} ms, p99 ${f(p99a)} ms;`
      + ` purging two Varnish edges p50 ${f(p50b)} ms, p99 ${f(p99b)} ms`);
    const [purge50, purge99] = withPurge.purges.length
      ? [percentile(withPurge.purges, 50), percentile(withPurge.purges, 99)] : [NaN, NaN];
    console.log(`  time the purge adds to a save (the admin's Server-Timing, ${withPurge.purges.length} saves):`
      + ` p50 ${f(purge50)} ms, p99 ${f(purge99)} ms [p99 <= 50 ms: ${purge99 <= 50 ? 'met' : 'NOT MET'}]`);
    console.log(`  reads from the edges right after a save returned that showed an older version: ${withPurge.stale}`
      + ` of ${EDITS * edges.length} [0: ${withPurge.stale === 0 ? 'met' : 'NOT MET'}]`);
    // The same page from one edge's cache, and from nginx's published
    // file (the shipped configuration), in turn.
    await request(edges[0].url, PATH);
    const viaEdge = await rate(`${edges[0].url}${PATH}`, SECONDS);
    const viaNginx = await rate(`${srv.url.replace(/\/$/, '')}${PATH}`, SECONDS);
    const ratio = viaEdge / viaNginx;
    console.log(`  ${PATH} at c=32: one Varnish edge ${Math.round(viaEdge)} req/s, nginx's published file`
      + ` ${Math.round(viaNginx)} req/s: edge/nginx ${ratio.toFixed(2)} [>= 0.80: ${ratio >= 0.8 ? 'met' : 'NOT MET'}]`);
  } finally {
    for (const e of edges) await stopVarnish(e);
    for (const s of sites) await s.stop();
  }
}

main().catch((e) => {
  console.error(`purge bench: ${e.stack || e}`);
  process.exit(1);
});
