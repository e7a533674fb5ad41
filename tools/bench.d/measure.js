'use strict';
/*
 * tools/bench.d/measure.js: what tools/bench.d/purge.js and
 * tools/cluster.d/test.js measure alike: wrk's run against a URL (its
 * summary through report.lua) and percentiles.
 */
const path = require('node:path');
const { execFile } = require('node:child_process');

/*
 * wrk against url for seconds with connections connections (2 threads),
 * Accept-Encoding: gzip as browsers send it. Resolves to { requests,
 * rate (per second), statusErrors, socketErrors }; rejects when wrk
 * fails or prints no summary.
 */
function wrk(url, seconds, connections = 32) {
  return new Promise((resolve, reject) => {
    execFile('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '-H', 'Accept-Encoding: gzip',
      '-s', path.join(__dirname, 'report.lua'), url], { encoding: 'utf8', timeout: (seconds + 30) * 1000 },
    (err, out) => {
      const m = /^BENCH requests=(\d+) duration_us=(\d+) .* status_errors=(\d+) socket_errors=(\d+)$/m.exec(out || '');
      if (err || !m) {
        reject(new Error(`wrk ${url}: ${err ? err.message : ''} ${out}`));
        return;
      }
      resolve({ requests: Number(m[1]), rate: Number(m[1]) / (Number(m[2]) / 1e6),
        statusErrors: Number(m[3]), socketErrors: Number(m[4]) });
    });
  });
}

/* Requests per second wrk makes for url over seconds; throws on any
 * failed request. */
async function rate(url, seconds) {
  const r = await wrk(url, seconds);
  if (r.statusErrors + r.socketErrors) throw new Error(`wrk ${url}: ${r.statusErrors} status errors, ${r.socketErrors} socket errors`);
  return r.rate;
}

/* The p-th percentile (0..100) of numbers, nearest rank. */
function percentile(numbers, p) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/* How long the admin says the purge before its answer took (its
 * Server-Timing header, "purge;dur=MS"), or null when it sent none. */
function purgeTiming(res) {
  const m = /(?:^|,)\s*purge;dur=([0-9.]+)/.exec(res.headers['server-timing'] || '');
  return m ? Number(m[1]) : null;
}

module.exports = { wrk, rate, percentile, purgeTiming };
