'use strict';
/*
 * tests/lib/lighthouse.js: Lighthouse (npm lighthouse, as
 * package-lock.json pins it) in headless Debian Chromium, for
 * tests/browser/lighthouse.test.js and tools/bench:
 *
 *   const lh = await openLighthouse();
 *   const lhr = await lh.audit(url, 'mobile', 'file.json');	// or 'desktop'
 *   await lh.close();
 *
 * As a program (tools/bench): `node tests/lib/lighthouse.js DIR URL...`
 * audits each URL with both presets, saves the reports in DIR and prints
 * a line per run: "LIGHTHOUSE PRESET URL PERFORMANCE ACCESSIBILITY
 * BEST-PRACTICES SEO" (scores 0 to 100).
 *
 * The mobile preset is Lighthouse's default (a phone on a slow 4G
 * network, simulated); desktop is its desktop-config. Only the four
 * categories are audited. Never downloads anything: Chromium's only
 * traffic is to the URLs given. CHROMIUM names another binary.
 */
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { freePort } = require('./server.js');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// As tests/browser/a11y.test.js: nothing the browser might reach on its own.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const PRESETS = ['mobile', 'desktop'];

/* Start Chromium for Lighthouse; resolves to { audit, close }. */
async function openLighthouse() {
  const { default: lighthouse } = await import('lighthouse');
  const { default: desktop } = await import('lighthouse/core/config/desktop-config.js');
  const configs = { mobile: undefined, desktop };
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
  });

  /* Lighthouse's result (lhr) for url with preset; its JSON report is
   * written to file. Throws when Lighthouse gives none or reports an
   * error of its own (the page did not load). */
  const audit = async (url, preset, file) => {
    if (!(preset in configs)) throw new Error(`no Lighthouse preset ${preset}`);
    const result = await lighthouse(url, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
      // A 404 page is audited as it is; without this, Lighthouse stops
      // at its status code.
      ignoreStatusCode: true,
      maxWaitForLoad: 30000,
    }, configs[preset]);
    if (!result || !result.lhr) throw new Error(`Lighthouse gave no report for ${url}`);
    fs.writeFileSync(file, result.report);
    if (result.lhr.runtimeError) {
      throw new Error(`Lighthouse: ${url}: ${JSON.stringify(result.lhr.runtimeError)} (report: ${file})`);
    }
    return result.lhr;
  };
  return { audit, close: () => browser.close() };
}

/* "performance 100, accessibility 100, ..." of scores (0 to 1 each). */
function describeScores(scores) {
  return CATEGORIES.map((c) => `${c} ${Math.round(scores[c] * 100)}`).join(', ');
}

module.exports = { openLighthouse, describeScores, CATEGORIES, PRESETS };

if (require.main === module) {
  (async () => {
    const [dir, ...urls] = process.argv.slice(2);
    if (!dir || urls.length === 0) {
      console.error('usage: node tests/lib/lighthouse.js DIR URL...');
      process.exit(2);
    }
    fs.mkdirSync(dir, { recursive: true });
    const lh = await openLighthouse();
    try {
      for (const preset of PRESETS) {
        for (const [i, url] of urls.entries()) {
          const lhr = await lh.audit(url, preset, path.join(dir, `${preset}-${i + 1}.json`));
          console.log(['LIGHTHOUSE', preset, url, ...CATEGORIES.map((c) => Math.round(lhr.categories[c].score * 100))].join(' '));
        }
      }
    } finally {
      await lh.close();
    }
  })().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
