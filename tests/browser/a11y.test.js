'use strict';
/*
 * tests/browser/a11y.test.js: accessibility, valid HTML, phone and
 * desktop layouts, and print, in headless Debian Chromium driven by
 * playwright-core, on the site as tests/lib/server.js serves it (nginx,
 * the FastCGI worker with published pages, the admin CGI).
 *
 *  - axe-core (WCAG 2.0/2.1 A and AA rules) finds no violation on any
 *    published page of the seed, the 404 page, the search page (empty,
 *    with results, with none) and every admin screen: lists, the file
 *    library (empty, an upload refused, a file listed), each edit
 *    form (existing and new), a form with errors (422), the delete
 *    confirmation, the conflict page (409), history, the login form, a
 *    draft in review (the form, the dashboard's queue, sent back),
 *    two-factor sign-in (setting it up, a wrong code, the recovery codes,
 *    the code's form after the password, switching it off);
 *  - the HTML the server sent for each of them is saved under
 *    tests/output/html/ and the Nu Html Checker (npm vnu-jar, on the
 *    machine's Java) finds no error in any;
 *  - the Running code page, search results and an admin edit form are
 *    photographed at 375 and 1280 px (tests/output/*.png) and do not
 *    scroll sideways; no public page does on a phone;
 *  - the phone menu opens and closes with JavaScript (a button with
 *    aria-expanded; Escape closes it and gives focus back) and without
 *    (the "Menu" and "Close menu" links, through #site-menu:target);
 *  - the keyboard alone: the skip link comes first and moves focus to
 *    the content, focus is visible, Tab reaches every entry of the
 *    desktop menu, each section's entries show while focus is inside,
 *    and Escape closes a section;
 *  - print media hides the menus.
 *
 * Run by tools/check as `node --test-reporter=tap tests/browser/*.test.js`.
 * Needs the Debian chromium package (CHROMIUM names another binary), a
 * Java runtime (JAVA names another) and `npm ci` for playwright-core,
 * axe-core and vnu-jar; never downloads anything.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer, query, sql, BUILDDIR, SRCDIR } = require('../lib/server.js');
const { codeAt, stepOf } = require('../lib/totp.js');
const { samples } = require('../lib/upload.js');

const T = { timeout: 180000 };
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const JAVA = process.env.JAVA || 'java';
// Everything the browser might reach on its own stays off: the only
// traffic is to the test server on 127.0.0.1.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const OUTPUT = path.join(BUILDDIR, 'tests', 'output');
const HTML_OUT = path.join(OUTPUT, 'html');
const AXE = path.join(SRCDIR, 'node_modules', 'axe-core', 'axe.min.js');
const VNU = path.join(SRCDIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const USER = 'a11y-editor';
const PASSWORD = 'correct horse battery staple';
const RUNNING_CODE = '/how/runningcode/';	// page 26, with programs
const SEARCH = '/search/?q=code';

let srv;
let browser;
let admin;	// a logged-in desktop context
let session;	// its cookies
let editUrl;	// an admin edit form (of the Running code page)
/* Every page saved for the Nu Html Checker: name -> file. */
const saved = new Map();

/* ---- browser contexts ---- */

async function newContext(options = {}) {
  const ctx = await browser.newContext({ viewport: DESKTOP, baseURL: srv.url, ...options });
  ctx.setDefaultTimeout(15000);
  ctx.setDefaultNavigationTimeout(15000);
  return ctx;
}

/* A context for admin pages. Their CSP stays in force, as on public
   pages: axe() evaluates axe-core instead of adding it as a script. */
const adminContext = (options = {}) => newContext(options);

/* ---- what a page is checked for ---- */

/* Keep the HTML the server sent (not the browser's DOM) for vnu. */
async function save(name, res) {
  assert.ok(res, `${name}: a response`);
  const file = path.join(HTML_OUT, `${name}.html`);
  assert.ok(!saved.has(name), `${name} saved once`);
  fs.writeFileSync(file, await res.body());
  saved.set(name, file);
}

/* axe-core's violations on the page as it is now: [{ id, impact, help, targets }]. */
async function axe(page) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) {
    // Evaluated, not added as a <script>: the page's Content-Security-
    // Policy (script-src 'self') stays in force and would refuse one.
    await page.evaluate(`${fs.readFileSync(AXE, 'utf8')}\n;true`);
  }
  return page.evaluate(async (values) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
      summary: v.nodes[0] ? v.nodes[0].failureSummary : '',
    }));
  }, TAGS);
}

/* Violations found, per group of pages: { where, violations }. */
const found = [];

function describe(list) {
  return list.map(({ where, violations }) => violations.map((v) =>
    `  ${where}: ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.slice(0, 8).join('\n    ')}`
    + `${v.targets.length > 8 ? `\n    … and ${v.targets.length - 8} more` : ''}`
    + `\n    ${String(v.summary).split('\n').slice(0, 3).join(' / ')}`).join('\n')).join('\n');
}

/* Run axe on the page; record and return what it found. */
async function audit(page, where) {
  const violations = await axe(page);
  found.push({ where, violations });
  return violations.length ? [{ where, violations }] : [];
}

function assertNoViolations(bad, what) {
  const nodes = bad.reduce((n, b) => n + b.violations.reduce((m, v) => m + v.targets.length, 0), 0);
  const rules = bad.reduce((n, b) => n + b.violations.length, 0);
  assert.equal(rules, 0, `${what}: ${rules} axe violations (${nodes} elements):\n${describe(bad)}`);
}

/* Go to url, check the status, save the HTML and run axe. */
async function check(page, url, name, status = 200) {
  const res = await page.goto(url);
  assert.ok(res, `${url}: a response`);
  assert.equal(res.status(), status, `${url} answers ${status}: ${(await page.locator('body').innerText()).slice(0, 300)}`);
  await save(name, res);
  return audit(page, `${name} (${url})`);
}

/* The main-frame document answering the action run by act (a click). */
async function navigation(page, act) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest()
      && r.request().frame() === page.mainFrame() && !(r.status() >= 300 && r.status() < 400)),
    act(),
  ]);
  await page.waitForLoadState('load');
  return res;
}

/* Save and audit the page that act led to. */
async function checkAfter(page, act, name, status) {
  const res = await navigation(page, act);
  assert.equal(res.status(), status, `${name}: ${res.status()}: ${(await page.locator('body').innerText()).slice(0, 300)}`);
  await save(name, res);
  return audit(page, `${name} (${new URL(page.url()).pathname}, ${status})`);
}

/* ---- layout ---- */

/* Full-page screenshot under tests/output/. */
async function shot(page, name) {
  const file = path.join(OUTPUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(fs.statSync(file).size > 1000, `${file} is a real picture`);
}

/* Fails when the page is wider than the window, naming what sticks out. */
async function assertFits(page, what) {
  const o = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`),
  }));
  assert.ok(o.scroll <= o.inner, `${what}: scrollWidth ${o.scroll} > innerWidth ${o.inner}: ${o.wide.join(', ')}`);
}

const visible = (locator) => locator.isVisible();

/* The focused element, described. */
const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return e ? `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} "${(e.textContent || '').trim().slice(0, 40)}"` : 'nothing';
});

/* The focus ring of the focused element. */
const ring = (page) => page.evaluate(() => {
  const s = getComputedStyle(document.activeElement);
  return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
});

/* ---- setup ---- */

before(async () => {
  fs.rmSync(HTML_OUT, { recursive: true, force: true });
  fs.mkdirSync(HTML_OUT, { recursive: true });
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (tools/setup does)`);
  assert.ok(fs.existsSync(AXE), `${AXE} is missing: npm ci (tools/setup does)`);
  srv = await startServer({ fastPasswords: true, publish: true });
  srv.addUser(USER, PASSWORD);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 });
}, { timeout: 60000 });

after(async () => {
  if (admin) await admin.close().catch(() => {});
  if (browser) await browser.close().catch(() => {});
  if (srv) await srv.stop();
  const rules = found.reduce((n, f) => n + f.violations.length, 0);
  const nodes = found.reduce((n, f) => n + f.violations.reduce((m, v) => m + v.targets.length, 0), 0);
  console.log(`axe-core: ${found.length} pages or states checked, ${rules} violations (${nodes} elements)`);
}, { timeout: 30000 });

/* ---- the public site ---- */

test('axe-core finds no violation on any published page of the seed', T, async () => {
  const paths = query(srv.dbPath, 'SELECT path FROM page WHERE published ORDER BY path').map((r) => r.path);
  assert.ok(paths.length > 30, `the seed's published pages (${paths.length})`);
  assert.ok(paths.includes(RUNNING_CODE));
  const ctx = await newContext();
  const bad = [];
  try {
    const page = await ctx.newPage();
    for (const p of paths) {
      const name = `public${p === '/' ? '-home' : p.replace(/\/$/, '').replace(/[^a-z0-9]+/gi, '-')}`;
      bad.push(...await check(page, p, name));
    }
  } finally {
    await ctx.close();
  }
  assertNoViolations(bad, 'public pages');
});

test('axe-core finds no violation on the 404 page and the search pages', T, async () => {
  const ctx = await newContext();
  const bad = [];
  try {
    const page = await ctx.newPage();
    bad.push(...await check(page, '/no/such/page/', 'public-404', 404));
    bad.push(...await check(page, SEARCH, 'search-results'));
    assert.ok(await page.locator('.search-results > li').count() > 1, 'search results listed');
    bad.push(...await check(page, '/search/', 'search-empty'));
    bad.push(...await check(page, '/search/?q=zzyzxq', 'search-no-hits'));
    bad.push(...await check(page, '/search/?q=the&page=2', 'search-page-2'));
  } finally {
    await ctx.close();
  }
  assertNoViolations(bad, '404 and search');
});

test('public pages work under their Content-Security-Policy: styles, logo and script load, nothing is refused', T, async () => {
  const ctx = await newContext();
  const refused = [];
  try {
    const page = await ctx.newPage();
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()); });
    page.on('pageerror', (e) => refused.push(String(e)));
    for (const [p, status] of [[RUNNING_CODE, 200], ['/no/such/page/', 404], [SEARCH, 200]]) {
      const res = await page.goto(p);
      assert.equal(res.status(), status, p);
      assert.match(res.headers()['content-security-policy'] || '', /default-src 'none'/, `${p}: a Content-Security-Policy`);
      const state = await page.evaluate(() => ({
        rules: [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0),
        logo: document.querySelector('.site-logo img').naturalWidth,
        script: document.querySelector('button.menu-toggle') !== null,
      }));
      assert.ok(state.rules > 10, `${p}: the stylesheet applies (${state.rules} rules)`);
      assert.ok(state.logo > 0, `${p}: the logo shows`);
      assert.ok(state.script, `${p}: site.js ran (the menu link became a button)`);
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(refused, [], 'nothing refused, no script error');
});

test('axe-core finds no violation on a phone, menu closed and open, nor with a desktop menu section open', T, async () => {
  const bad = [];
  const phone = await newContext({ viewport: PHONE });
  try {
    const page = await phone.newPage();
    for (const url of [RUNNING_CODE, SEARCH, '/no/such/page/']) {
      await page.goto(url);
      bad.push(...await audit(page, `phone ${url}`));
    }
    await page.goto(RUNNING_CODE);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.locator('#site-menu').waitFor();
    bad.push(...await audit(page, `phone ${RUNNING_CODE}, menu open`));
  } finally {
    await phone.close();
  }
  const desktop = await newContext();
  try {
    const page = await desktop.newPage();
    await page.goto(RUNNING_CODE);
    await page.locator('#site-menu a[aria-current="true"]').focus();
    await page.locator('#site-menu a[aria-current="page"]').waitFor();
    bad.push(...await audit(page, `desktop ${RUNNING_CODE}, a section open`));
  } finally {
    await desktop.close();
  }
  assertNoViolations(bad, 'phone and open menus');
});

/* ---- the admin ---- */

test('axe-core finds no violation on the login form, with and without an error', T, async () => {
  const ctx = await adminContext();
  const bad = [];
  try {
    const page = await ctx.newPage();
    bad.push(...await check(page, '/admin/login', 'admin-login'));
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill('not the password');
    bad.push(...await checkAfter(page, () => page.getByRole('button', { name: 'Log in' }).click(),
      'admin-login-refused', 403));
  } finally {
    await ctx.close();
  }
  assertNoViolations(bad, 'login');
});

test('an editor logs in', T, async () => {
  admin = await adminContext();
  const page = await admin.newPage();
  await page.goto('/admin/login');
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  await navigation(page, () => page.getByRole('button', { name: 'Log in' }).click());
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  session = await admin.storageState();
  await page.close();
});

test('axe-core finds no violation on the admin lists, forms, errors, conflicts, history, versions, comparisons and the restore confirmation', T, async () => {
  assert.ok(admin, 'logged in');
  const page = await admin.newPage();
  const bad = [];
  const run = async (url, name, status) => bad.push(...await check(page, url, name, status));
  const then = async (act, name, status) => bad.push(...await checkAfter(page, act, name, status));
  const clickSave = () => page.getByRole('button', { name: 'Save', exact: true }).click();

  await run('/admin/', 'admin-dashboard');
  await run('/admin/menus', 'admin-menus');
  await run('/admin/menus?q=Email&menu=main&sort=label', 'admin-menus-found');
  await run('/admin/menus?q=nothing+like+it', 'admin-menus-none-found');
  await run('/admin/pages', 'admin-pages');
  await run('/admin/programs?page=26', 'admin-programs');
  await run('/admin/redirects', 'admin-redirects-empty');
  await run('/admin/account', 'admin-account');
  await run('/admin/users', 'admin-users');
  await run('/admin/users?q=nobody&role=editor&totp=on', 'admin-users-none-found');
  // A user added: the one-time link shown, and the form it opens.
  await page.getByLabel('User name').fill('a11y-newcomer');
  await then(() => page.getByRole('button', { name: 'Add the user' }).click(), 'admin-users-link', 200);
  await run(await page.locator('#reset-link').inputValue(), 'admin-reset');

  // The edit form of each kind of record, and a new one of each.
  await run('/admin/edit?type=page&id=26', 'admin-edit-page');
  editUrl = page.url();
  await run('/admin/edit?type=menu_entry&id=1', 'admin-edit-menu-section');
  const child = query(srv.dbPath, 'SELECT id FROM menu_entry WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1')[0].id;
  await run(`/admin/edit?type=menu_entry&id=${child}`, 'admin-edit-menu-entry');
  await run('/admin/edit?type=program&id=2', 'admin-edit-program');
  await run('/admin/edit?type=page', 'admin-new-page');
  await run('/admin/edit?type=menu_entry&place=main', 'admin-new-menu-entry');
  await run('/admin/edit?type=program&page_id=26', 'admin-new-program');
  await run('/admin/edit?type=redirect', 'admin-new-redirect');

  // A new redirect, saved: the list and the redirect's own form.
  await page.getByLabel(/^Old path/).fill('/test/a11y-old/');
  await page.getByLabel(/^Redirect to page/).selectOption({ label: 'Running code' }).catch(async () => {
    await page.getByLabel(/^Redirect to page/).selectOption({ index: 1 });
  });
  await then(clickSave, 'admin-redirects', 200);
  await then(() => page.getByRole('link', { name: 'Edit /test/a11y-old/' }).click(), 'admin-edit-redirect', 200);

  // The file library: empty; an image without its alternative text
  // (422, the form kept); with it; a file's form, the page form's picker,
  // and the question before deleting.
  await run('/admin/files', 'admin-files-empty');
  const square = { name: 'a11y-square.png', mimeType: 'image/png', buffer: samples.png(8, 8) };
  await page.locator('#f-file').setInputFiles(square);
  await then(() => page.getByRole('button', { name: 'Upload' }).click(), 'admin-files-refused', 422);
  await page.locator('#f-file').setInputFiles(square);
  await page.locator('#f-alt').fill('A small square');
  await then(() => page.getByRole('button', { name: 'Upload' }).click(), 'admin-files', 200);
  const file = query(srv.dbPath, "SELECT id FROM file WHERE name = 'a11y-square.png'")[0].id;
  await run(`/admin/edit?type=file&id=${file}`, 'admin-edit-file');
  await run('/admin/edit?type=page&id=26', 'admin-edit-page-files');
  await run(`/admin/delete?type=file&id=${file}`, 'admin-delete-file');

  // Forms re-shown with their errors (422): one field, and several.
  await page.goto('/admin/edit?type=program&id=2');
  await page.getByLabel(/^Title/).fill('');
  await then(clickSave, 'admin-edit-program-errors', 422);
  assert.equal(await page.locator('.field--error').count(), 1);
  await page.goto('/admin/edit?type=page');
  await then(clickSave, 'admin-new-page-errors', 422);
  assert.ok(await page.locator('.field--error').count() > 1, 'several fields refused');

  // A change, so that history has something to compare.
  await page.goto('/admin/edit?type=program&id=2');
  await page.getByLabel(/^Description/).fill('Changed by the accessibility suite.');
  await navigation(page, clickSave);

  // The conflict page (409): two tabs on the same record.
  const other = await admin.newPage();
  await other.goto('/admin/edit?type=program&id=3');
  await page.goto('/admin/edit?type=program&id=3');
  await page.getByLabel(/^Description/).fill('Saved first.');
  await navigation(page, clickSave);
  await other.getByLabel(/^Description/).fill('Saved second, over an older version.');
  bad.push(...await checkAfter(other, () => other.getByRole('button', { name: 'Save', exact: true }).click(),
    'admin-conflict', 409));
  await other.close();

  // A draft: the form that shows it, the list that marks it; then discarded.
  await page.goto('/admin/edit?type=program&id=2');
  await page.getByLabel(/^Description/).fill('Drafted by the accessibility suite.');
  await then(() => page.getByRole('button', { name: 'Save draft' }).click(), 'admin-edit-draft', 200);
  await run('/admin/programs?page=26', 'admin-programs-draft');
  await page.goto('/admin/edit?type=program&id=2');
  await navigation(page, () => page.getByRole('button', { name: 'Discard draft' }).click());
  // A draft with a broken link, published: the warning that names it,
  // with "Publish anyway"; then discarded.
  await page.goto('/admin/edit?type=page&id=27');
  await page.getByLabel(/^Body/).fill('Drafted with [a broken link](/a11y-no-such-page/).');
  await navigation(page, () => page.getByRole('button', { name: 'Save draft' }).click());
  await then(() => page.getByRole('button', { name: 'Publish draft' }).click(), 'admin-publish-broken-links', 200);
  await navigation(page, () => page.getByRole('button', { name: 'Discard draft' }).click());
  // A page's draft with a private preview link: the form, the link made,
  // the preview a reviewer opens; then discarded.
  await page.goto('/admin/edit?type=page&id=27');
  await page.getByLabel(/^Summary/).fill('Drafted by the accessibility suite.');
  await then(() => page.getByRole('button', { name: 'Save draft' }).click(), 'admin-edit-page-draft', 200);
  await then(() => page.getByRole('button', { name: 'Make a preview link' }).click(), 'admin-preview-link', 200);
  await run(await page.locator('#preview-link').inputValue(), 'shared-preview');
  await page.goto('/admin/edit?type=page&id=27');
  await then(() => page.getByRole('button', { name: 'Discard draft' }).click(), 'admin-edit-draft-discarded', 200);

  // A draft in review: the form with the review box, the dashboard's
  // queue, a send-back refused (422), then sent back: the form and the
  // dashboard that show the comment, the history that keeps it.
  await page.goto('/admin/edit?type=page&id=27');
  await page.getByLabel(/^Summary/).fill('Submitted by the accessibility suite.');
  await then(() => page.getByRole('button', { name: 'Submit for review' }).click(), 'admin-edit-in-review', 200);
  await run('/admin/', 'admin-dashboard-awaiting-review');
  await page.goto('/admin/edit?type=page&id=27');
  await then(() => page.getByRole('button', { name: /^Send back/ }).click(), 'admin-edit-review-errors', 422);
  await page.getByLabel(/^Comment for/).fill('Sent back by the accessibility suite.');
  await then(() => page.getByRole('button', { name: /^Send back/ }).click(), 'admin-edit-sent-back', 200);
  await run('/admin/', 'admin-dashboard-sent-back');
  await run('/admin/history?type=page&id=27', 'admin-history-review');
  await page.goto('/admin/edit?type=page&id=27');
  await navigation(page, () => page.getByRole('button', { name: 'Discard draft' }).click());

  // Delete a redirect: the confirmation, then the deleted list.
  await page.goto('/admin/redirects');
  await then(() => page.getByRole('link', { name: 'Delete /test/a11y-old/' }).click(), 'admin-delete', 200);
  await navigation(page, () => page.getByRole('button', { name: 'Delete' }).click());
  await run('/admin/deleted', 'admin-deleted');
  assert.ok(await page.locator('table.list tbody tr').count() > 0, 'a deleted record listed');
  await then(() => page.getByRole('link', { name: 'History' }).first().click(), 'admin-history-deleted', 200);

  await run('/admin/audit', 'admin-audit');
  await run('/admin/history?type=page&id=26', 'admin-history-page');
  await run('/admin/history?type=program&id=2', 'admin-history-program');
  // A version whole, two versions compared, and the restore confirmation.
  const rev = query(srv.dbPath, "SELECT id FROM revision WHERE entity = 'program' AND record_id = '2' ORDER BY id DESC LIMIT 1")[0].id;
  await run(`/admin/revision?id=${rev}`, 'admin-revision');
  await run(`/admin/compare?type=program&id=2&from=${rev}&to=live`, 'admin-compare-same');
  await page.goto('/admin/history?type=program&id=2');
  await then(() => page.getByRole('button', { name: 'Compare' }).click(), 'admin-compare', 200);
  await run(`/admin/restore?revision=${rev}&state=before`, 'admin-restore');
  await run('/admin/revision?id=abc', 'admin-message-400', 400);
  await run('/admin/edit?type=page&id=99999', 'admin-message', 404);
  await page.close();
  assertNoViolations(bad, 'admin screens');
});

test('admin screens fit a phone, and axe-core finds no violation there', T, async () => {
  assert.ok(session, 'logged in');
  const ctx = await adminContext({ viewport: PHONE, storageState: session });
  const bad = [];
  try {
    const page = await ctx.newPage();
    for (const url of ['/admin/', '/admin/menus', '/admin/pages', '/admin/audit', '/admin/users', '/admin/account', editUrl]) {
      await page.goto(url);
      await assertFits(page, `${url} at 375 px`);
      bad.push(...await audit(page, `phone ${url}`));
    }
  } finally {
    await ctx.close();
  }
  assertNoViolations(bad, 'admin on a phone');
});

test('axe-core finds no violation on two-factor sign-in: setting up, the recovery codes, the code\'s form, switching off', T, async () => {
  assert.ok(session, 'logged in');
  const page = await admin.newPage();
  const bad = [];
  const then = async (act, name, status) => bad.push(...await checkAfter(page, act, name, status));
  await page.goto('/admin/account');
  await then(() => page.getByRole('button', { name: 'Set up two-factor sign-in' }).click(), 'admin-totp-enrol', 200);
  const secret = await page.locator('#totp-secret').innerText();
  await page.getByLabel('Code').fill(codeAt(secret, stepOf() + 3));
  await then(() => page.getByRole('button', { name: 'Switch two-factor sign-in on' }).click(), 'admin-totp-wrong', 422);
  await page.getByLabel('Code').fill(codeAt(secret, stepOf()));
  await then(() => page.getByRole('button', { name: 'Switch two-factor sign-in on' }).click(), 'admin-totp-codes', 200);
  const recovery = await page.locator('.recovery-codes code').allInnerTexts();
  assert.equal(recovery.length, 10);
  // Signing in again: the code's form, and a wrong code.
  const ctx = await adminContext();
  try {
    const other = await ctx.newPage();
    await other.goto('/admin/login');
    await other.getByLabel('User name').fill(USER);
    await other.getByLabel('Password').fill(PASSWORD);
    await navigation(other, () => other.getByRole('button', { name: 'Log in' }).click());
    assert.equal(new URL(other.url()).pathname, '/admin/login-code');
    bad.push(...await audit(other, 'admin-login-code'));
    await other.getByLabel('Code').fill('000000');
    const res = await navigation(other, () => other.getByRole('button', { name: 'Sign in' }).click());
    assert.equal(res.status(), 403);
    await save('admin-login-code-wrong', res);
    bad.push(...await audit(other, 'admin-login-code-wrong'));
  } finally {
    await ctx.close();
  }
  // Off again, with the password and a recovery code.
  await page.goto('/admin/account');
  bad.push(...await audit(page, 'admin-account-totp-on'));
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel(/recovery code/).fill(recovery[0]);
  await then(() => page.getByRole('button', { name: 'Switch two-factor sign-in off' }).click(), 'admin-account-totp-off', 200);
  await page.close();
  sql(srv.dbPath, 'DELETE FROM login_attempt');
  assertNoViolations(bad, 'two-factor sign-in');
});

/* ---- valid HTML ---- */

test('the Nu Html Checker finds no error in any page checked above', T, () => {
  const files = [...saved.values()];
  assert.ok(files.length > 60, `pages saved (${files.length})`);
  const java = spawnSync(JAVA, ['-version'], { encoding: 'utf8' });
  assert.equal(java.status, 0, `${JAVA} runs (apt-get install default-jre-headless; tools/setup does): ${java.error || java.stderr}`);
  const r = spawnSync(JAVA, ['-jar', VNU, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8', timeout: 150000, maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(!r.error, `vnu ran: ${r.error}`);
  let report;
  try {
    report = JSON.parse(r.stderr || r.stdout);
  } catch {
    assert.fail(`vnu said (status ${r.status}): ${(r.stderr || r.stdout).slice(0, 2000)}`);
  }
  const errors = report.messages.filter((m) => m.type !== 'info');
  const byFile = new Map();
  for (const m of errors) {
    const file = path.basename(decodeURIComponent(new URL(m.url).pathname));
    byFile.set(file, [...(byFile.get(file) || []), m]);
  }
  console.log(`Nu Html Checker: ${files.length} pages checked, ${errors.length} errors in ${byFile.size} pages`);
  const text = [...byFile].map(([file, ms]) => `  ${file}:\n${ms.map((m) =>
    `    ${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'} ${m.message}\n      ${String(m.extract || '').replace(/\n/g, '⏎').slice(0, 160)}`).join('\n')}`).join('\n');
  assert.equal(errors.length, 0, `${errors.length} HTML errors:\n${text}`);
  assert.equal(r.status, 0, `vnu exits 0: ${(r.stderr || '').slice(0, 500)}`);
});

/* ---- phone and desktop ---- */

test('the Running code page, search results and an admin edit form at 375 and 1280 px: screenshots, no sideways scroll', T, async () => {
  assert.ok(session && editUrl, 'logged in, and an edit form found');
  for (const [viewport, width] of [[PHONE, 375], [DESKTOP, 1280]]) {
    const ctx = await newContext({ viewport });
    try {
      const page = await ctx.newPage();
      for (const [url, name] of [[RUNNING_CODE, 'runningcode'], [SEARCH, 'search-code']]) {
        await page.goto(url);
        await assertFits(page, `${url} at ${width} px`);
        await shot(page, `${name}-${width}`);
      }
    } finally {
      await ctx.close();
    }
    const adm = await adminContext({ viewport, storageState: session });
    try {
      const page = await adm.newPage();
      await page.goto(editUrl);
      await page.getByRole('heading', { level: 1, name: 'Edit page' }).waitFor();
      await assertFits(page, `${editUrl} at ${width} px`);
      await shot(page, `admin-edit-page-${width}`);
    } finally {
      await adm.close();
    }
  }
});

test('no public page scrolls sideways on a phone', T, async () => {
  const paths = query(srv.dbPath, 'SELECT path FROM page WHERE published ORDER BY path').map((r) => r.path);
  const ctx = await newContext({ viewport: PHONE });
  try {
    const page = await ctx.newPage();
    for (const p of [...paths, '/no/such/page/', SEARCH, '/search/']) {
      await page.goto(p);
      await assertFits(page, `${p} at 375 px`);
    }
  } finally {
    await ctx.close();
  }
});

test('on a phone with JavaScript, the menu is a button with aria-expanded; Escape closes it and gives focus back', T, async () => {
  const ctx = await newContext({ viewport: PHONE });
  try {
    const page = await ctx.newPage();
    await page.goto(RUNNING_CODE);
    const menu = page.locator('#site-menu');
    const toggle = page.getByRole('button', { name: 'Menu' });
    assert.equal(await page.locator('a.menu-toggle').count(), 0, 'the link became a button');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await toggle.getAttribute('aria-controls'), 'site-menu');
    assert.equal(await visible(menu), false, 'the menu starts closed');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'open: aria-expanded="true"');
    assert.equal(await visible(menu), true, 'the menu shows');
    assert.equal(await visible(menu.getByRole('link', { name: 'Running code' })), true, 'its entries show');
    assert.equal(await visible(toggle), true, 'the toggle stays within reach');
    await assertFits(page, 'open phone menu');
    await shot(page, 'runningcode-menu-375');

    // Escape, from inside the menu: closed, and focus back on the toggle.
    await menu.getByRole('link', { name: 'Running code' }).focus();
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'Escape closes it');
    assert.equal(await visible(menu), false, 'the menu is hidden again');
    assert.equal(await toggle.evaluate((e) => e === document.activeElement), true,
      `focus back on the toggle (on ${await focused(page)})`);

    // The keyboard alone: Enter opens, Enter closes.
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'Enter opens it');
    assert.equal(await visible(menu), true);
    const r = await ring(page);
    assert.ok(r.style !== 'none' && r.width >= 2, `the focused toggle shows a ring (${JSON.stringify(r)})`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => !!document.activeElement.closest('#site-menu')), true,
      `Tab goes into the open menu (on ${await focused(page)})`);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'a second click closes it');
    assert.equal(await visible(menu), false);

    // The menu's own address (the no-JavaScript link), on arrival and
    // within the page: open; Escape closes it there too.
    for (const url of ['/how/#site-menu', `${RUNNING_CODE}#site-menu`]) {
      await page.goto(url);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true', `open at ${url}`);
      assert.equal(await visible(menu), true, `shown at ${url}`);
      await assertFits(page, `${url} at 375 px`);
      await page.keyboard.press('Escape');
      assert.equal(await visible(menu), false, `Escape closes it at ${url}`);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    }
  } finally {
    await ctx.close();
  }
});

test('on a phone without JavaScript, "Menu" shows the menu and "Close menu" hides it', T, async () => {
  const ctx = await newContext({ viewport: PHONE, javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await page.goto(RUNNING_CODE);
    const menu = page.locator('#site-menu');
    assert.equal(await visible(menu), false, 'the menu starts closed');
    await page.getByRole('link', { name: 'Menu', exact: true }).click();
    await page.waitForURL((u) => u.hash === '#site-menu');
    assert.equal(await visible(menu), true, 'following "Menu" shows it');
    assert.equal(await visible(menu.getByRole('link', { name: 'Running code' })), true, 'its entries show');
    await assertFits(page, 'open phone menu without JavaScript');
    await shot(page, 'runningcode-menu-nojs-375');
    await menu.getByRole('link', { name: 'Close menu' }).click();
    await page.waitForURL((u) => u.hash !== '#site-menu');
    assert.equal(await visible(menu), false, '"Close menu" hides it');
  } finally {
    await ctx.close();
  }
});

test('the keyboard: the skip link comes first and moves focus to the content; focus is visible', T, async () => {
  for (const javaScriptEnabled of [true, false]) {
    const ctx = await newContext({ javaScriptEnabled });
    try {
      const page = await ctx.newPage();
      await page.goto(RUNNING_CODE);
      await page.keyboard.press('Tab');
      const skip = page.locator('.skip-link');
      assert.equal(await skip.evaluate((e) => e === document.activeElement), true,
        `the skip link comes first (JS ${javaScriptEnabled}; on ${await focused(page)})`);
      const box = await skip.boundingBox();
      assert.ok(box && box.y >= 0 && box.height > 0 && box.x >= 0, 'the focused skip link is on screen');
      const r = await ring(page);
      assert.ok(r.style !== 'none' && r.width >= 2, `the skip link shows a ring (${JSON.stringify(r)})`);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => !!document.activeElement.closest('main#content')), true,
        `the skip link moves focus to the content (on ${await focused(page)})`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => !!document.activeElement.closest('main#content')), true,
        `the next Tab stays in the content (on ${await focused(page)})`);
      const r2 = await ring(page);
      assert.ok(r2.style !== 'none' && r2.width >= 2, `a focused link in the content shows a ring (${JSON.stringify(r2)})`);
    } finally {
      await ctx.close();
    }
  }
});

/*
 * Tab from the top through the header and the desktop menu bar: every
 * entry of every section is reached, each focused element is visible
 * with a ring, and while focus is in a section its entries show.
 */
async function walkMenu(page) {
  const expected = await page.locator('#site-menu .site-menu__entries a').count();
  const reached = new Set();
  let inMenu = false;
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(() => {
      const e = document.activeElement;
      const section = e.closest('.site-menu__section');
      const entries = section && section.querySelector('.site-menu__entries');
      const s = getComputedStyle(e);
      const box = e.getBoundingClientRect();
      return {
        inMenu: !!e.closest('#site-menu'),
        entry: e.matches('.site-menu__entries a') ? e.getAttribute('href') : null,
        entriesShown: entries ? entries.checkVisibility() : null,
        visible: e.checkVisibility() && box.width > 0 && box.height > 0,
        ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
        what: `${e.tagName.toLowerCase()} "${(e.textContent || '').trim().slice(0, 30)}"`,
        expanded: e.getAttribute('aria-expanded'),
      };
    });
    if (state.inMenu) inMenu = true;
    else if (inMenu) break;
    if (!state.inMenu) continue;
    assert.ok(state.visible, `${state.what} is visible while focused`);
    assert.ok(state.ring, `${state.what} shows a focus ring`);
    if (state.entriesShown !== null) {
      assert.equal(state.entriesShown, true, `the entries of the section of ${state.what} show while it has focus`);
    }
    if (state.expanded !== null) assert.equal(state.expanded, 'true', `${state.what}: aria-expanded says open`);
    if (state.entry) reached.add(state.entry);
  }
  assert.ok(inMenu, 'Tab reached the menu');
  assert.equal(reached.size, expected, `Tab reached all ${expected} entries of the menu (${reached.size})`);
}

test('the keyboard: Tab reaches every entry of the desktop menu, shown while focus is in its section', T, async () => {
  for (const javaScriptEnabled of [true, false]) {
    const ctx = await newContext({ javaScriptEnabled });
    try {
      const page = await ctx.newPage();
      await page.goto(RUNNING_CODE);
      await walkMenu(page);
    } finally {
      await ctx.close();
    }
  }
});

test('the keyboard: with JavaScript, each desktop section has a toggle with aria-expanded, and Escape closes it', T, async () => {
  const ctx = await newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(RUNNING_CODE);
    const sections = page.locator('#site-menu .site-menu__section:has(.site-menu__entries)');
    const n = await sections.count();
    assert.ok(n > 3, `sections with entries (${n})`);
    for (let i = 0; i < n; i++) {
      const section = sections.nth(i);
      const toggle = section.locator('button[aria-expanded]');
      const entries = section.locator('.site-menu__entries');
      const name = (await section.locator('a').first().innerText()).trim();
      assert.equal(await toggle.count(), 1, `${name}: one toggle`);
      assert.equal(await toggle.getAttribute('aria-controls'), await entries.getAttribute('id'), `${name}: the toggle controls the entries`);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false', `${name}: closed at first`);
      assert.equal(await visible(entries), false, `${name}: entries hidden at first`);

      // Focus on the section's link opens it; Tab to the first entry.
      await section.locator('a').first().focus();
      assert.equal(await visible(entries), true, `${name}: open while its link has focus`);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true', `${name}: aria-expanded follows`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.matches('.site-menu__entries a')), true,
        `${name}: Tab reaches the entries (on ${await focused(page)})`);

      // Escape: closed, focus on the toggle, which opens it again.
      await page.keyboard.press('Escape');
      assert.equal(await visible(entries), false, `${name}: Escape closes it`);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false', `${name}: aria-expanded follows`);
      assert.equal(await toggle.evaluate((e) => e === document.activeElement), true,
        `${name}: focus on its toggle (on ${await focused(page)})`);
      await page.keyboard.press('Enter');
      assert.equal(await visible(entries), true, `${name}: the toggle opens it again`);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      await page.keyboard.press('Enter');
      assert.equal(await visible(entries), false, `${name}: and closes it`);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      await page.locator('main').click({ position: { x: 5, y: 5 } });
    }
  } finally {
    await ctx.close();
  }
});

/* ---- print ---- */

test('print media hides the menus, the search form and the skip link, on the site and in the admin', T, async () => {
  for (const [viewport, javaScriptEnabled] of [[DESKTOP, true], [PHONE, true], [PHONE, false]]) {
    const ctx = await newContext({ viewport, javaScriptEnabled });
    try {
      const page = await ctx.newPage();
      await page.goto(RUNNING_CODE);
      if (javaScriptEnabled && viewport === PHONE) await page.getByRole('button', { name: 'Menu' }).click();
      await page.emulateMedia({ media: 'print' });
      const what = `print, ${viewport.width} px, JS ${javaScriptEnabled}`;
      for (const sel of ['#site-menu', '.footer-menu', '.menu-toggle', '.site-search', '.skip-link']) {
        assert.equal(await page.locator(sel).evaluate((e) => getComputedStyle(e).display), 'none', `${what}: ${sel} hidden`);
      }
      assert.equal(await visible(page.locator('main h1')), true, `${what}: the title prints`);
      assert.ok((await page.locator('.program').count()) > 0);
      assert.equal(await visible(page.locator('.program').first()), true, `${what}: the programs print`);
      if (viewport === DESKTOP) {
        const pdf = await page.pdf({ format: 'A4' });
        assert.ok(pdf.length > 1000, 'a PDF is made');
        fs.writeFileSync(path.join(OUTPUT, 'runningcode-print.pdf'), pdf);
      }
      await page.emulateMedia({ media: 'screen' });
      assert.equal(await visible(page.locator('.site-search')), true, `${what}: back on screen, the search form shows`);
    } finally {
      await ctx.close();
    }
  }
  // The admin prints without its menu and log-out form too.
  assert.ok(session && editUrl, 'logged in, and an edit form found');
  const adm = await adminContext({ storageState: session });
  try {
    const page = await adm.newPage();
    await page.goto(editUrl);
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['.admin-nav', '.admin-logout', '.skip-link']) {
      assert.equal(await page.locator(sel).evaluate((e) => getComputedStyle(e).display), 'none', `admin print: ${sel} hidden`);
    }
    assert.equal(await visible(page.locator('main h1')), true, 'admin print: the title prints');
  } finally {
    await adm.close();
  }
});
