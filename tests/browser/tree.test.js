'use strict';
/*
 * tests/browser/tree.test.js: the page tree of /admin/pages in a real
 * browser (headless Debian Chromium driven by playwright-core), on the
 * site as tests/lib/server.js serves it (nginx, the worker, the admin
 * CGI under fcgiwrap).
 *
 * With JavaScript off, a page's subtree collapses and opens again by
 * its summary (<details>), and two pages ticked in the tree are
 * published through the bulk action's confirmation. Saves screenshots
 * of the tree at 1280 and 375 px and of the confirmation under
 * tests/output/, and checks that the tree fits a phone.
 *
 * Run by tools/check as `node --test-reporter=tap tests/browser/*.test.js`.
 * Needs the Debian chromium package (CHROMIUM names another binary) and
 * `npm ci` for playwright-core; never downloads a browser.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startServer, query, request, BUILDDIR } = require('../lib/server.js');
const { launchChromium, shot, DESKTOP, PHONE } = require('../lib/chromium.js');

const T = { timeout: 60000 };
const USER = 'editor';
const PASSWORD = 'correct horse battery staple';

let srv;
let browser;

before(async () => {
  srv = await startServer({ fastPasswords: true, publish: true });
  execFileSync(path.join(BUILDDIR, 'runningcode'),
    ['-c', path.join(srv.runtime, 'runningcode.conf'), 'user', 'add', USER],
    { input: `${PASSWORD}\n`, stdio: ['pipe', 'pipe', 'pipe'], timeout: 20000 });
  browser = await launchChromium();
}, { timeout: 60000 });

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (srv) await srv.stop();
}, { timeout: 30000 });

/* A logged-in page in a new context (JavaScript off: the tree needs none). */
async function loggedInPage(viewport) {
  const ctx = await browser.newContext({ viewport, baseURL: srv.url, javaScriptEnabled: false });
  ctx.setDefaultTimeout(15000);
  const page = await ctx.newPage();
  await page.goto('/admin/login');
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/');
  return { ctx, page };
}

test('the tree collapses and opens a subtree without JavaScript, and fits a phone', T, async () => {
  const { ctx, page } = await loggedInPage(DESKTOP);
  try {
    await page.goto('/admin/pages');
    await page.getByRole('heading', { level: 1, name: 'Pages' }).waitFor();
    const hackathons = page.locator('.page-tree a.path[href="/how/runningcode/hackathons/"]');
    assert.ok(await hackathons.isVisible(), 'the tree starts open');
    const summary = page.locator('summary', { hasText: 'below “Running code”' });
    assert.match(await summary.innerText(), /^4 pages below “Running code”$/);
    await shot(page, 'admin-tree-1280');
    await summary.click();
    assert.ok(!(await hackathons.isVisible()), 'collapsed: the pages below are hidden');
    assert.ok(await page.locator('.page-tree a.path[href="/how/runningcode/"]').isVisible(), 'the page itself stays');
    await summary.click();
    assert.ok(await hackathons.isVisible(), 'opened again');
  } finally {
    await ctx.close();
  }
  const phone = await loggedInPage(PHONE);
  try {
    await phone.page.goto('/admin/pages');
    const [scroll, inner] = await phone.page.evaluate(
      () => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `the tree fits 375 px: scrollWidth ${scroll} > ${inner}`);
    await shot(phone.page, 'admin-tree-375');
  } finally {
    await phone.ctx.close();
  }
});

test('two pages ticked in the tree are published after one confirmation', T, async () => {
  const { ctx, page } = await loggedInPage(DESKTOP);
  try {
    for (const [p, title] of [['/tree-one/', 'Tree one'], ['/tree-two/', 'Tree two']]) {
      await page.goto(`/admin/edit?type=page&path=${encodeURIComponent(p)}`);
      await page.getByLabel(/^Title/).fill(title);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/admin/pages');
    }
    await page.goto('/admin/pages');
    await page.getByLabel('Tick Tree one').check();
    await page.getByLabel('Tick Tree two').check();
    await page.getByLabel('With those ticked').selectOption('publish');
    await page.getByRole('button', { name: 'Review the change' }).click();
    await page.getByRole('heading', { level: 1, name: 'Publish 2 pages?' }).waitFor();
    assert.equal((await request(srv.url, '/tree-one/')).status, 404, 'nothing published before the confirmation');
    await shot(page, 'admin-tree-bulk-confirm-1280');
    await page.getByRole('button', { name: 'Publish 2 pages' }).click();
    await page.getByRole('heading', { level: 1, name: 'Published 2 pages' }).waitFor();
    for (const p of ['/tree-one/', '/tree-two/']) assert.equal((await request(srv.url, p)).status, 200, `${p} is live`);
    assert.deepEqual(query(srv.dbPath, "SELECT action FROM revision WHERE entity = 'page' AND action = 'update'"
      + " AND record_id IN (SELECT CAST(id AS TEXT) FROM page WHERE path IN ('/tree-one/', '/tree-two/'))").length, 2,
    'one revision each');
    await page.getByRole('link', { name: 'Back to the list' }).click();
    assert.match(await page.locator('.page-tree .tree-node', { hasText: 'Tree one' }).innerText(), /Live/);
  } finally {
    await ctx.close();
  }
});
