'use strict';
/*
 * tests/browser/lighthouse.test.js: Lighthouse (npm lighthouse, as
 * package-lock.json pins it) in headless Debian Chromium, with its mobile
 * and its desktop preset, on the site as tools/run serves it (nginx, the
 * published pages, the FastCGI worker; tests/lib/server.js): the Running
 * code page, the home page, an index page (a page without a body, which
 * lists the pages below it), a search results page and the 404 page.
 *
 *  - accessibility, best practices and SEO score 100 (1.00), performance
 *    at least 90: Lighthouse's simulated throttling moves that score
 *    when the machine is busy, so the target, 98, is tools/bench's to
 *    report, not this test's to assert; below 90, two more runs are made
 *    and the median of the three must reach it;
 *  - two pages are made to fail an audit, and must: the 404 page answers
 *    404 (SEO's http-status-code; and best practices' errors-in-console,
 *    as Chromium logs that status), and search results say noindex
 *    (SEO's is-crawlable), as a site's own search results should. Their
 *    score in that category counts every other audit, which must pass,
 *    and the test checks that the one left out fails for that reason
 *    alone;
 *  - each report is saved as tests/output/lighthouse/PRESET-PAGE.json
 *    (open it in the Lighthouse viewer), and every failed audit is named
 *    in the assertion's message.
 *
 * Ten runs, one at a time: about 15 s each, 2.5 minutes for the suite;
 * at most twenty (each page's performance run twice more); each bounded
 * by Lighthouse's load timeout (30 s) and the test's (120 s).
 *
 * Run by tools/check as `node --test-reporter=tap tests/browser/*.test.js`.
 * Needs the Debian chromium package and `npm ci` (tests/lib/lighthouse.js);
 * never downloads anything: Lighthouse's only traffic is to the test
 * server on 127.0.0.1.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, query, BUILDDIR } = require('../lib/server.js');
const { openLighthouse, describeScores, CATEGORIES, PRESETS } = require('../lib/lighthouse.js');

const T = { timeout: 120000 };
const OUTPUT = path.join(BUILDDIR, 'tests', 'output', 'lighthouse');
const MINIMUM = { performance: 0.9, accessibility: 1, 'best-practices': 1, seo: 1 };
/* The audits a page is built to fail: { category: [audit, reason] },
 * reason(audit, url) saying whether it failed for that reason alone. */
const MEANT_TO_FAIL = {
  notfound: {
    seo: ['http-status-code', (a) => a.score === 0],
    'best-practices': ['errors-in-console', (a, url) => a.details.items.length === 1
      && a.details.items[0].source === 'network' && a.details.items[0].sourceLocation?.url === url
      && /status of 404/.test(a.details.items[0].description)],
  },
  search: {
    seo: ['is-crawlable', (a) => a.details.items.length === 1
      && a.details.items[0].source?.snippet === '<meta name="robots" content="noindex" />'],
  },
};

let srv;
let lh;
const pages = {};

before(async () => {
  fs.mkdirSync(OUTPUT, { recursive: true });
  srv = await startServer({ publish: true });
  lh = await openLighthouse();
  const index = query(srv.dbPath, `SELECT path FROM page
    WHERE published AND body = '' AND path <> '/' ORDER BY id LIMIT 1`);
  assert.equal(index.length, 1, 'the seed has a page without a body');
  Object.assign(pages, {
    runningcode: '/how/runningcode/',
    home: '/',
    index: index[0].path,
    search: '/search/?q=code',
    notfound: '/no/such/page/',
  });
}, { timeout: 60000 });

after(async () => {
  if (lh) await lh.close();
  if (srv) await srv.stop();
}, { timeout: 30000 });

/* "id (score): title" of each audit of category that did not pass,
 * but except. */
function failures(lhr, category, except) {
  return lhr.categories[category].auditRefs
    .filter((r) => r.weight > 0 && r.id !== except)
    .map((r) => lhr.audits[r.id])
    .filter((a) => a.score !== null && a.score < 1)
    .map((a) => `${a.id} (${a.score}): ${a.title}${a.displayValue ? ` [${a.displayValue}]` : ''}`);
}

/* The score of category without the audit except (0 to 1): the weighted
 * mean of the others', as Lighthouse computes a category's. */
function scoreWithout(lhr, category, except) {
  const refs = lhr.categories[category].auditRefs.filter((r) => r.weight > 0 && r.id !== except
    && lhr.audits[r.id].score !== null);
  const weight = refs.reduce((n, r) => n + r.weight, 0);
  return refs.reduce((n, r) => n + r.weight * lhr.audits[r.id].score, 0) / weight;
}

for (const preset of PRESETS) {
  for (const page of ['runningcode', 'home', 'index', 'search', 'notfound']) {
    test(`Lighthouse ${preset}, ${page} page: accessibility, best practices and SEO 100, performance at least 90`, T, async () => {
      const name = `${preset}-${page}`;
      const url = new URL(pages[page], srv.url).href;
      const lhr = await lh.audit(url, preset, path.join(OUTPUT, `${name}.json`));
      const meant = MEANT_TO_FAIL[page] || {};
      const scores = {};
      const below = [];
      for (const c of CATEGORIES) {
        const [except, reason] = meant[c] || [];
        if (except) {
          const a = lhr.audits[except];
          assert.ok(a.score === 0 && reason(a, url), `${name}: ${except} fails, for the page's reason alone: ${JSON.stringify(a)}`);
        }
        scores[c] = except ? scoreWithout(lhr, c, except) : lhr.categories[c].score;
      }
      // Performance below the minimum: the median of three runs decides,
      // as Lighthouse's documentation advises for a noisy machine (two
      // more runs, saved as NAME-2.json and NAME-3.json).
      let perfRuns = [lhr];
      if (scores.performance < MINIMUM.performance) {
        for (const n of [2, 3]) perfRuns.push(await lh.audit(url, preset, path.join(OUTPUT, `${name}-${n}.json`)));
        perfRuns = perfRuns.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
        console.log(`lighthouse ${name}: performance of three runs: `
          + `${perfRuns.map((r) => Math.round(r.categories.performance.score * 100)).join(', ')}`);
        scores.performance = perfRuns[1].categories.performance.score;
      }
      for (const c of CATEGORIES) {
        if (scores[c] < MINIMUM[c]) {
          const run = c === 'performance' ? perfRuns[Math.floor(perfRuns.length / 2)] : lhr;
          below.push(`${c} ${Math.round(scores[c] * 100)} (below ${MINIMUM[c] * 100}): `
            + `${failures(run, c, (meant[c] || [])[0]).join('; ') || 'no audit failed'}`);
        }
      }
      console.log(`lighthouse ${name}: ${describeScores(scores)}`);
      assert.deepEqual(below, [], `${name}: report ${path.join(OUTPUT, `${name}.json`)}`);
    });
  }
}
