'use strict';
/*
 * tests/lib/chromium.js: what the browser tests share to drive Debian's
 * Chromium through playwright-core: where it is, how it starts, the
 * window sizes they photograph, and their screenshots under
 * tests/output/.
 *
 *   const { launchChromium, shot, DESKTOP, PHONE, OUTPUT } = require('../lib/chromium.js');
 *   const browser = await launchChromium();
 *   await shot(page, 'admin-dashboard-1280');
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { BUILDDIR } = require('./server.js');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Everything the browser might reach on its own stays off: the only
// traffic is to the test server on 127.0.0.1. launch() gives the browser
// a fresh profile (user-data-dir) of its own and removes it on close.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const OUTPUT = path.join(BUILDDIR, 'tests', 'output');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

/* Debian's chromium, started headless (tests/output/ made for its pictures). */
function launchChromium() {
  fs.mkdirSync(OUTPUT, { recursive: true });
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (tools/setup does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 });
}

/* Full-page screenshot of page as tests/output/NAME.png. */
async function shot(page, name) {
  const file = path.join(OUTPUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(fs.statSync(file).size > 1000, `${file} is a real picture`);
}

module.exports = { CHROMIUM, OUTPUT, DESKTOP, PHONE, launchChromium, shot };
