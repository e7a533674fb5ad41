'use strict';
/*
 * tests/browser/admin.test.js: an editor's walk through the admin in a
 * real browser (headless Debian Chromium driven by playwright-core), on
 * the site as tests/lib/server.js serves it (nginx, the FastCGI worker,
 * the admin CGI under fcgiwrap).
 *
 * Logs in through the login form, opens the Running code page's
 * programs, renames a program through its edit form, and finds the new
 * title on the public page. Then what static/admin.js does, with the
 * browser's clock driven by playwright (page.clock): the warning before
 * the idle limit and "Stay signed in", the quiet extension while typing,
 * a closed tab's form offered back, the question before leaving a
 * changed form. The history after two saves, with its word differences,
 * and two versions compared through its form. The review of a draft: a
 * contributor submits it, the editor finds it on the dashboard, sends it
 * back with a comment, publishes it once submitted again. Saves
 * screenshots of the dashboard, the menus, an edit form, the history, a
 * comparison, the session warning, the copy offer and the review queue
 * (admin-review-*.png) under tests/output/, and checks that no admin
 * page scrolls sideways on a phone. Last, an image uploaded to the file
 * library with its alternative text, inserted into a page with the edit
 * form's picker, and seen by visitors (screenshots of the library, the
 * form and the page).
 *
 * Run by tools/check as `node --test-reporter=tap tests/browser/*.test.js`.
 * Needs the Debian chromium package (CHROMIUM names another binary) and
 * `npm ci` for playwright-core; never downloads a browser.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startServer, query, sql, BUILDDIR } = require('../lib/server.js');
const { samples } = require('../lib/upload.js');
const { launchChromium, shot, DESKTOP, PHONE } = require('../lib/chromium.js');

const T = { timeout: 60000 };
const USER = 'editor';
const PASSWORD = 'correct horse battery staple';
const PROGRAM = 'Code Sprint';
const NEW_TITLE = 'Code Sprint (renamed in a browser)';

let srv;
let browser;
let desktop;	// the logged-in desktop context, reused by the later tests
let session;	// its cookies, for the phone context
let programsUrl;
let editUrl;

/* The editor's account, made with the CLI as an operator would. */
function addUser(name, password) {
  if (typeof srv.addUser === 'function') return srv.addUser(name, password);
  execFileSync(path.join(BUILDDIR, 'runningcode'),
    ['-c', path.join(srv.runtime, 'runningcode.conf'), 'user', 'add', name],
    { input: `${password}\n`, stdio: ['pipe', 'pipe', 'pipe'], timeout: 20000 });
  return undefined;
}

async function newContext(viewport, storageState) {
  const ctx = await browser.newContext({ viewport, storageState, baseURL: srv.url });
  ctx.setDefaultTimeout(15000);
  ctx.setDefaultNavigationTimeout(15000);
  return ctx;
}

/* Run fn(page, ctx) in a new context of the logged-in editor (its
   cookies and localStorage as at login), closed afterwards. */
async function asEditor(viewport, fn) {
  const ctx = await newContext(viewport, session);
  try {
    return await fn(await ctx.newPage(), ctx);
  } finally {
    await ctx.close();
  }
}

/* The page's width beyond the window's, in CSS pixels (0: no sideways scroll). */
async function overflow(page) {
  const [scroll, inner] = await page.evaluate(
    () => [document.documentElement.scrollWidth, window.innerWidth]);
  return { scroll, inner, ok: scroll <= inner };
}

/* The elements wider than the window, to name in a failure. */
async function widest(page) {
  return page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`));
}

/* What the page and the admin CGI said, for a failure message. */
async function context(page, res) {
  const body = await page.locator('body').innerText().catch(() => '');
  return `${page.url()} answered ${res ? res.status() : '?'}: ${body.slice(0, 300)}`
    + `\nadmin.log: ${srv.log('admin.log').slice(-600)}`;
}

async function assertFits(page, what) {
  const o = await overflow(page);
  assert.ok(o.ok, `${what}: scrollWidth ${o.scroll} > innerWidth ${o.inner}: ${(await widest(page)).join(', ')}`);
}

before(async () => {
  srv = await startServer({ fastPasswords: true, publish: true });
  addUser(USER, PASSWORD);
  browser = await launchChromium();
}, { timeout: 60000 });

after(async () => {
  if (desktop) await desktop.close().catch(() => {});
  if (browser) await browser.close().catch(() => {});
  if (srv) await srv.stop();
}, { timeout: 30000 });

test('the admin asks for a login, and refuses a wrong password', T, async () => {
  const ctx = await newContext(DESKTOP);
  try {
    const page = await ctx.newPage();
    const res = await page.goto('/admin/');
    assert.equal(new URL(page.url()).pathname, '/admin/login',
      `/admin/ leads to the login form\n${await context(page, res)}`);
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /wrong/i);
    assert.equal(new URL(page.url()).pathname, '/admin/login');
    assert.equal(await page.locator('.admin-nav').count(), 0, 'no admin menu before login');
  } finally {
    await ctx.close();
  }
});

test('an editor logs in through the login form and sees the dashboard', T, async () => {
  desktop = await newContext(DESKTOP);
  const page = await desktop.newPage();
  await page.goto('/admin/');
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Log in' }).click();
  const res = await answer;
  assert.equal(res.status(), 303, `the login POST redirects\n${await context(page, res)}`);
  await page.waitForURL((u) => u.pathname === '/admin/');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(await page.locator('.admin-user').innerText(), USER);
  // An administrator's: menus, pages, the link report, redirects, users,
  // the file library, recently deleted.
  assert.equal(await page.locator('.cards > li').count(), 7);
  await shot(page, 'admin-dashboard-1280');
  session = await desktop.storageState();
  await page.close();
});

test("the editor opens the Running code page's programs", T, async () => {
  assert.ok(desktop, 'logged in');
  const page = await desktop.newPage();
  await page.goto('/admin/');
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Pages' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/pages');
  await page.getByRole('link', { name: /^Programs \(\d+\) of Running code$/ }).click();
  await page.waitForURL((u) => u.pathname === '/admin/programs');
  await page.getByRole('heading', { level: 1, name: 'Programs of “Running code”' }).waitFor();
  const labels = await page.locator('.tree-label').allInnerTexts();
  assert.ok(labels.includes(PROGRAM), `${PROGRAM} among ${labels.join(', ')}`);
  programsUrl = page.url();
  await page.close();
});

test("the editor changes a program's title through its edit form", T, async () => {
  assert.ok(programsUrl, 'the programs screen was found');
  const page = await desktop.newPage();
  await page.goto(programsUrl);
  await page.getByRole('link', { name: `Edit ${PROGRAM}`, exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/admin/edit');
  await page.getByRole('heading', { level: 1, name: 'Edit program' }).waitFor();
  editUrl = page.url();
  const title = page.getByLabel(/^Title/);
  assert.equal(await title.inputValue(), PROGRAM);
  await shot(page, 'admin-edit-1280');

  await title.fill(NEW_TITLE);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/admin/programs');
  const labels = await page.locator('.tree-label').allInnerTexts();
  assert.ok(labels.includes(NEW_TITLE), `${NEW_TITLE} among ${labels.join(', ')}`);
  assert.ok(!labels.includes(PROGRAM), `${PROGRAM} is gone`);
  await page.close();
});

test('the public Running code page shows the new title', T, async () => {
  const page = await desktop.newPage();
  await page.goto(programsUrl);
  await page.getByRole('link', { name: 'View the page' }).click();
  await page.waitForURL((u) => u.pathname === '/how/runningcode/');
  const titles = await page.locator('.program h2').allInnerTexts();
  assert.ok(titles.includes(NEW_TITLE), `${NEW_TITLE} among ${titles.join(', ')}`);
  assert.ok(!titles.includes(PROGRAM), `${PROGRAM} is gone from the public page`);
  await page.close();
});

test('the menus screen at 1280 px', T, async () => {
  const page = await desktop.newPage();
  await page.goto('/admin/menus');
  await page.getByRole('heading', { level: 1, name: 'Menus' }).waitFor();
  assert.ok(await page.locator('.tree .tree-row').count() > 10, 'menu entries listed');
  await assertFits(page, 'menus at 1280 px');
  await shot(page, 'admin-menus-1280');
  await page.close();
});

test('after two saves, the history shows the word differences and compares two versions (1280 px, and fits a phone)', T, async () => {
  assert.ok(editUrl, 'the edit form was found');
  const page = await desktop.newPage();
  const id = new URL(editUrl, srv.url).searchParams.get('id');
  const words = 'Two days of writing code together, in one room, with coffee and a long list of small bugs to fix';
  for (const text of [words, words.replace('small bugs', 'tiny bugs').replace('coffee', 'tea')]) {
    await page.goto(editUrl);
    await page.getByLabel(/^Description/).fill(text);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/programs');
  }
  await page.goto(`/admin/history?type=program&id=${id}`);
  await page.getByRole('heading', { level: 1, name: /^History of a program/ }).waitFor();
  const newest = page.locator('ol.revisions > li').first();
  const marked = async (tag) => (await newest.locator(tag).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').replace(/ \]$/, ']'));
  assert.deepEqual(await marked('del'), ['[deleted: coffee]', '[deleted: small]'], 'the words deleted, named for screen readers');
  assert.deepEqual(await marked('ins'), ['[inserted: tea]', '[inserted: tiny]'], 'the words inserted');
  assert.equal(await newest.locator('del').first().evaluate((e) => getComputedStyle(e).textDecorationLine), 'line-through', 'not by colour alone');
  await assertFits(page, 'history at 1280 px');
  await shot(page, 'admin-history-1280');

  const form = page.locator('form.compare-form');
  const options = await form.getByLabel('From the version after').locator('option').allInnerTexts();
  assert.ok(options.length >= 3, `versions to pick: ${options.join(' | ')}`);
  await form.getByLabel('From the version after').selectOption({ index: 2 });
  await form.getByLabel('to', { exact: true }).selectOption('live');
  await form.getByRole('button', { name: 'Compare' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/compare');
  await page.getByRole('heading', { level: 1, name: /^Compare versions of a program/ }).waitFor();
  assert.ok((await page.locator('dd.diff ins').count()) > 0, 'insertions shown');
  await assertFits(page, 'compare at 1280 px');
  await shot(page, 'admin-compare-1280');
  const compareUrl = page.url();
  await page.close();

  await asEditor(PHONE, async (phone) => {
    for (const url of [`/admin/history?type=program&id=${id}`, compareUrl]) {
      await phone.goto(url);
      await assertFits(phone, `${url} at 375 px`);
    }
  });
});

test('admin pages fit a 375 px phone without sideways scrolling', T, async () => {
  assert.ok(session && editUrl, 'logged in, and the edit form was found');
  const ctx = await newContext(PHONE, session);
  try {
    const page = await ctx.newPage();
    const screens = [
      ['/admin/', 'Dashboard', 'admin-dashboard-375'],
      ['/admin/menus', 'Menus', 'admin-menus-375'],
      [editUrl, 'Edit program', 'admin-edit-375'],
      ['/admin/pages', 'Pages', null],
      [programsUrl, 'Programs of “Running code”', null],
      ['/admin/audit', 'Latest changes', null],
    ];
    for (const [url, heading, name] of screens) {
      await page.goto(url);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await assertFits(page, `${heading} at 375 px`);
      if (name) await shot(page, name);
    }
  } finally {
    await ctx.close();
  }
});

/* ---- no typed text lost (static/admin.js) ---- */

/* The editor's sessions' last use (unix seconds), newest first. */
const seenAt = () => query(srv.dbPath,
  `SELECT seen_at FROM session JOIN user ON user.id = user_id WHERE user.name = '${USER}' ORDER BY seen_at DESC`)
  .map((r) => r.seen_at);

test('an open form warns two minutes before the session ends; "Stay signed in" extends it on the server', T, async () => {
  await asEditor(DESKTOP, async (page) => {
    await page.clock.install();
    await page.goto(editUrl);
    const warning = page.locator('.session-warning');
    // Seconds left as the server said (up to a minute under 30: it
    // notes a session's use once a minute).
    const left = Number(await page.locator('form.admin-logout').getAttribute('data-session-left'));
    assert.ok(left > 1700 && left <= 1800, `${left} s left`);
    await page.clock.fastForward((left - 130) * 1000);
    assert.equal(await warning.count(), 0, 'no warning 2 min 10 s before the end');
    await page.clock.fastForward('00:20');
    await warning.waitFor();
    assert.equal(await warning.getAttribute('role'), 'alert', 'announced');
    assert.match(await warning.innerText(), /your session ends at \d\d:\d\d, in 2 minutes/);
    await shot(page, 'admin-session-warning-1280');

    // The server last heard of the session 10 minutes ago; staying
    // signed in notes its use now.
    sql(srv.dbPath, `UPDATE session SET seen_at = seen_at - 600`);
    const before = Math.max(...seenAt());
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/keepalive');
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    const res = await answer;
    assert.equal(res.status(), 200, 'the keepalive POST is accepted');
    assert.ok(Math.abs(Number(await res.text()) - 1800) <= 1, 'a full 30 minutes left');
    await warning.waitFor({ state: 'detached' });
    assert.ok(Math.max(...seenAt()) >= before + 590, 'the session was used now, as the server sees it');

    // Away for good: warned again, then told that the session has ended
    // and that the typed text stays.
    await page.clock.fastForward('28:30');
    await warning.waitFor();
    await page.clock.fastForward('02:00');
    await page.getByText('Your session has ended').waitFor();
    assert.match(await warning.innerText(), /What you typed is still here/);
  });
});

test('while the editor types, the session is extended quietly, without a warning', T, async () => {
  await asEditor(DESKTOP, async (page) => {
    await page.clock.install();
    await page.goto(editUrl);
    await page.getByLabel(/^Description/).click();
    await page.keyboard.type(' More words.');
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/keepalive');
    await page.clock.fastForward('28:10');
    assert.equal((await answer).status(), 200, 'extended before the warning was due');
    assert.equal(await page.locator('.session-warning').count(), 0, 'no warning');
  });
});

test('a closed tab loses nothing: the form keeps a copy every 20 s and offers it back; saving clears it', T, async () => {
  const typed = 'Typed into a tab that was then closed.';
  await asEditor(DESKTOP, async (first, ctx) => {
    await first.clock.install();
    await first.goto(editUrl);
    await first.getByLabel(/^Description/).fill(typed);
    await first.clock.fastForward('00:21');
    await first.close();

    const page = await ctx.newPage();
    await page.goto(editUrl);
    const offer = page.locator('.copy-offer');
    await offer.waitFor();
    assert.match(await offer.innerText(), /kept a copy of this form from .* that was never saved/);
    assert.notEqual(await page.getByLabel(/^Description/).inputValue(), typed, 'not restored unasked');
    await shot(page, 'admin-copy-offer-1280');
    await page.getByRole('button', { name: 'Restore the copy' }).click();
    assert.equal(await page.getByLabel(/^Description/).inputValue(), typed, 'restored as typed');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/programs');
    await page.locator('[data-change-done]').waitFor();

    await page.goto('/how/runningcode/');
    assert.match(await page.locator('main').innerText(), new RegExp(typed.replace(/\./g, '\\.')));
    await page.goto(editUrl);
    await page.getByRole('heading', { level: 1, name: 'Edit program' }).waitFor();
    assert.equal(await page.locator('.copy-offer').count(), 0, 'no copy offered once saved');
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('runningcode.copy:')));
    assert.deepEqual(left, [], 'no copy left in the browser');
  });
});

test('the same form saved from two tabs: the second gets the conflict page, which says it was the editor, in another tab', T, async () => {
  await asEditor(DESKTOP, async (first, ctx) => {
    const second = await ctx.newPage();
    await first.goto(editUrl);
    await second.goto(editUrl);
    await first.getByLabel(/^Description/).fill('Saved from the first tab.');
    await first.getByRole('button', { name: 'Save', exact: true }).click();
    await first.waitForURL((u) => u.pathname === '/admin/programs');
    await second.getByLabel(/^Description/).fill('Typed in the second tab.');
    const answer = second.waitForResponse((r) => r.request().method() === 'POST');
    await second.getByRole('button', { name: 'Save', exact: true }).click();
    assert.equal((await answer).status(), 409, 'a conflict');
    await second.getByRole('heading', { level: 1, name: 'Changed meanwhile' }).waitFor();
    assert.match(await second.locator('main').innerText(), /You saved this program in another window or tab at/);
    await shot(second, 'admin-conflict-1280');
    await assertFits(second, 'the conflict page at 1280 px');
  });
});

test('an open edit form tells the server who has it open (for other editors)', T, async () => {
  await asEditor(DESKTOP, async (page) => {
    const noted = page.waitForResponse((r) => r.url().endsWith('/admin/presence') && r.status() === 200);
    await page.goto('/admin/edit?type=page&id=23');
    await noted;
    const rows = query(srv.dbPath, "SELECT username FROM presence WHERE entity = 'page' AND record_id = '23'");
    assert.deepEqual(rows.map((r) => r.username), [USER]);
  });
});

test('leaving a changed form asks first; staying keeps the text', T, async () => {
  await asEditor(DESKTOP, async (page) => {
    await page.goto(editUrl);
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.type()); d.dismiss().catch(() => {}); });
    // Unchanged: the editor leaves without a question.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Menus' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/menus');
    assert.deepEqual(dialogs, [], 'no question for an unchanged form');
    await page.goto(editUrl);
    await page.getByLabel(/^Title/).click();
    await page.keyboard.type(' (unsaved)');
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Menus' }).click();
    await page.waitForTimeout(500);
    assert.deepEqual(dialogs, ['beforeunload'], 'asked before leaving');
    assert.equal(new URL(page.url()).pathname, '/admin/edit', 'still on the form');
    assert.match(await page.getByLabel(/^Title/).inputValue(), /\(unsaved\)$/);
  });
});

test('on a phone, a form with errors shows them and still fits', T, async () => {
  await asEditor(PHONE, async (page) => {
    await page.goto(editUrl);
    await page.getByLabel(/^Title/).fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /Title/);
    assert.equal(await page.locator('.field--error').count(), 1);
    assert.equal(await page.getByLabel(/^Title/).getAttribute('aria-invalid'), 'true');
    await assertFits(page, 'edit form with errors at 375 px');
    await shot(page, 'admin-edit-errors-375');
  });
  // Nothing was saved: the public page keeps the title of the last save.
  const page = await desktop.newPage();
  await page.goto('/how/runningcode/');
  assert.ok((await page.locator('.program h2').allInnerTexts()).includes(NEW_TITLE));
  await page.close();
});

test('keyboard users get a skip link and visible focus outlines', T, async () => {
  const page = await desktop.newPage();
  await page.goto('/admin/menus');
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  assert.equal(await skip.evaluate((e) => e === document.activeElement), true, 'the skip link comes first');
  const box = await skip.boundingBox();
  assert.ok(box && box.y >= 0 && box.height > 0, 'the focused skip link is on screen');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.notEqual(ring.style, 'none', 'a focused control shows an outline');
  assert.ok(ring.width >= 2, `outline at least 2px wide (${ring.width})`);
  await page.close();
});

test('without JavaScript, "Save draft" keeps a draft ("Draft saved, not live.") while visitors see the live page; "Publish draft" makes it live', T, async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP, storageState: session, baseURL: srv.url, javaScriptEnabled: false });
  ctx.setDefaultTimeout(15000);
  try {
    const page = await ctx.newPage();
    const live = query(srv.dbPath, 'SELECT title FROM page WHERE id = 27')[0].title;
    const drafted = `${live}, drafted in a browser`;
    await page.goto('/admin/edit?type=page&id=27');
    await page.getByLabel(/^Title/).fill(drafted);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL((u) => u.searchParams.get('draft') === 'saved');
    const note = await page.locator('.draft-note').innerText();
    assert.match(note, /Draft saved, not live\./);
    assert.match(note, new RegExp(`draft saved by ${USER} at`));
    assert.equal(await page.getByLabel(/^Title/).inputValue(), drafted, 'the form shows the draft');
    await shot(page, 'admin-draft-1280');
    await page.goto('/how/tools/');
    assert.equal(await page.locator('h1').innerText(), live, 'visitors still see the live page');

    await page.goto('/admin/edit?type=page&id=27');
    await page.getByRole('button', { name: 'Publish draft' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/pages');
    await page.locator('[data-change-done]').waitFor();
    await page.goto('/how/tools/');
    assert.equal(await page.locator('h1').innerText(), drafted, 'live once published');
  } finally {
    await ctx.close();
  }
});

test('a scheduled page goes live at its time: the editor picks a go-live time, visitors keep the live page until publish --due reaches it', T, async () => {
  const ctx = await newContext(DESKTOP, session);
  try {
    const page = await ctx.newPage();
    const live = query(srv.dbPath, 'SELECT title, path FROM page WHERE id = 24')[0];
    const scheduled = `${live.title}, scheduled in a browser`;
    // Two days ahead, a whole minute, as the form's input takes it (UTC here).
    const when = new Date(Math.floor((Date.now() + 48 * 3600 * 1000) / 60000) * 60000);
    const local = when.toISOString().slice(0, 16);
    await page.goto('/admin/edit?type=page&id=24');
    await page.getByLabel(/^Title/).fill(scheduled);
    await page.getByLabel(/^Go live at/).fill(local);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('draft') === 'saved');
    const note = await page.locator('.draft-note').innerText();
    assert.match(note, /Draft saved, not live\./);
    assert.match(note, /Scheduled: this draft goes live by itself at \d+ \w+ \d{4}, \d\d:\d\d/);
    assert.equal(await page.getByLabel(/^Go live at/).inputValue(), local, 'the form shows the time');
    await shot(page, 'admin-schedule-1280');
    await page.goto(live.path);
    assert.equal(await page.locator('h1').innerText(), live.title, 'visitors keep the live page');

    // The clock, driven: a run a minute early changes nothing, one at the time publishes.
    const run = (d) => execFileSync(path.join(BUILDDIR, 'runningcode'),
      ['-c', path.join(srv.runtime, 'runningcode.conf'), 'publish', '--due', '--now', d.toISOString().replace(/\.\d{3}Z$/, 'Z')],
      { encoding: 'utf8' });
    run(new Date(when.getTime() - 60000));
    await page.reload();
    assert.equal(await page.locator('h1').innerText(), live.title, 'still the live page a minute early');
    assert.match(run(when), /1 draft published/);
    await page.reload();
    assert.equal(await page.locator('h1').innerText(), scheduled, 'live at its time');
    await page.goto('/admin/edit?type=page&id=24');
    assert.equal(await page.locator('.draft-note').count(), 0, 'no draft left');
    assert.equal(await page.getByLabel(/^Title/).inputValue(), scheduled);
  } finally {
    await ctx.close();
  }
});

test('the review queue: a contributor submits a draft, the editor finds it on the dashboard, compares it, sends it back with a comment; she sees why, submits again, and the editor publishes it (screenshots)', { timeout: 120000 }, async () => {
  const CONTRIBUTOR = 'cora';
  const CONTRIBUTOR_PASSWORD = 'cora: contributes drafts';
  addUser(CONTRIBUTOR, CONTRIBUTOR_PASSWORD);
  const r = srv.cli(['user', 'role', CONTRIBUTOR, 'contributor']);
  assert.equal(r.status, 0, r.stderr);
  const live = query(srv.dbPath, 'SELECT title, path FROM page WHERE id = 25')[0];
  const submitted = `${live.title}, submitted for review`;
  const coraCtx = await newContext(DESKTOP);
  const eddieCtx = await newContext(DESKTOP, session);
  try {
    const cora = await coraCtx.newPage();
    await cora.goto('/admin/login');
    await cora.getByLabel('User name').fill(CONTRIBUTOR);
    await cora.getByLabel('Password').fill(CONTRIBUTOR_PASSWORD);
    await cora.getByRole('button', { name: 'Log in' }).click();
    await cora.waitForURL((u) => u.pathname === '/admin/');
    await cora.goto('/admin/edit?type=page&id=25');
    await cora.getByLabel(/^Title/).fill(submitted);
    await cora.getByRole('button', { name: 'Submit for review' }).click();
    await cora.waitForURL((u) => u.searchParams.get('draft') === 'submitted');
    assert.match(await cora.locator('.review-state').innerText(),
      new RegExp(`Submitted for review\\. In review: submitted by ${CONTRIBUTOR} at`));

    // The editor's dashboard: who and when, and the links to review it.
    const eddie = await eddieCtx.newPage();
    await eddie.goto('/admin/');
    const queue = eddie.locator('section.review-list', { has: eddie.getByRole('heading', { name: 'Awaiting review' }) });
    const row = queue.locator('tbody tr', { hasText: submitted });
    assert.match(await row.innerText(), new RegExp(`by ${CONTRIBUTOR}, \\d+ \\w+ \\d{4}, \\d\\d:\\d\\d`));
    await shot(eddie, 'admin-review-queue-1280');
    await row.getByRole('link', { name: /^Compare with live/ }).click();
    await eddie.getByRole('heading', { level: 1, name: 'Compare versions' }).waitFor();
    assert.match(await eddie.locator('main').innerText(), /1 field differs/);
    await eddie.goBack();
    await row.getByRole('link', { name: /^Preview/ }).click();
    assert.equal(await eddie.locator('h1').first().innerText(), submitted, 'the preview shows the draft');
    await eddie.goBack();
    await row.getByRole('link', { name: /^Review/ }).click();
    await eddie.waitForURL((u) => u.pathname === '/admin/edit');
    await eddie.getByLabel(`Comment for ${CONTRIBUTOR}`).fill('Please add the dates of the next meeting.');
    await shot(eddie, 'admin-review-form-1280');
    await eddie.getByRole('button', { name: `Send back to ${CONTRIBUTOR}` }).click();
    await eddie.waitForURL((u) => u.searchParams.get('draft') === 'sent-back');
    await eddie.goto('/admin/');
    assert.match(await queue.innerText(), /No draft awaits review/);

    // She sees why, on her dashboard and on her form, at 1280 px and on a phone.
    await cora.goto('/admin/');
    const back = cora.locator('section.review-list', { has: cora.getByRole('heading', { name: 'Sent back to you' }) });
    assert.match(await back.innerText(), new RegExp(`by ${USER}, \\d+ \\w+ \\d{4}`));
    assert.match(await back.innerText(), /Please add the dates of the next meeting\./);
    await shot(cora, 'admin-review-sent-back-1280');
    await cora.setViewportSize(PHONE);
    await assertFits(cora, 'the dashboard with a draft sent back, on a phone');
    await shot(cora, 'admin-review-sent-back-375');
    await cora.setViewportSize(DESKTOP);
    await back.getByRole('link', { name: submitted }).click();
    assert.match(await cora.locator('.review-comment').innerText(),
      /Sent back to you by \S+ at .*:\s+Please add the dates of the next meeting\./);
    await cora.getByRole('button', { name: 'Submit for review' }).click();
    await cora.waitForURL((u) => u.searchParams.get('draft') === 'submitted');

    // The editor publishes it from the review form; visitors see it.
    await eddie.goto('/admin/edit?type=page&id=25');
    await eddie.getByRole('button', { name: 'Publish draft' }).click();
    await eddie.waitForURL((u) => u.pathname === '/admin/pages');
    await eddie.goto(live.path);
    assert.equal(await eddie.locator('h1').innerText(), submitted, 'live once the editor published it');
  } finally {
    await coraCtx.close();
    await eddieCtx.close();
  }
});

test('an editor uploads an image with its alternative text and inserts it into a page with the picker; visitors see it', T, async () => {
  assert.ok(session, 'logged in');
  await asEditor(DESKTOP, async (page) => {
    await page.goto('/admin/files');
    await page.locator('#f-file').setInputFiles({ name: 'sprint-chart.png', mimeType: 'image/png', buffer: samples.png(120, 80) });
    await page.locator('#f-name').fill('Sprint chart');
    await page.locator('#f-alt').fill('A chart of the code sprint');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Upload' }).click();
    const res = await answer;
    assert.equal(res.status(), 303, `the upload redirects\n${await context(page, res)}`);
    await page.waitForURL((u) => u.pathname === '/admin/files');
    const file = query(srv.dbPath, "SELECT * FROM file WHERE name = 'Sprint chart'")[0];
    assert.ok(file, 'the file is in the library');
    assert.deepEqual([file.width, file.height], [120, 80]);
    const preview = page.locator(`img.file-preview[src="/files/${file.stored}"]`);
    assert.equal(await preview.getAttribute('alt'), 'A chart of the code sprint');
    assert.equal(await preview.evaluate((img) => img.complete && img.naturalWidth), 120, 'the library shows it');
    await shot(page, 'admin-files-1280');

    await page.goto('/admin/edit?type=page&id=26');
    const body = page.locator('#f-body');
    await body.evaluate((area) => { area.selectionStart = area.selectionEnd = area.value.length; });
    await page.locator('details.insert-file > summary').click();
    await page.locator('#insert-body').selectOption({ label: 'Sprint chart (image/png)' });
    await page.getByRole('button', { name: 'Insert', exact: true }).click();
    const snippet = `![A chart of the code sprint](/files/${file.stored})`;
    assert.ok((await body.inputValue()).endsWith(`\n\n${snippet}\n`), 'inserted at the end, a paragraph of its own');
    await shot(page, 'admin-file-inserted-1280');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL((u) => u.pathname !== '/admin/edit');

    await page.goto('/how/runningcode/');
    const img = page.locator('main img[alt="A chart of the code sprint"]');
    await img.waitFor();
    assert.equal(await img.evaluate((i) => i.complete && i.naturalWidth), 120, 'visitors see the image');
    await img.scrollIntoViewIfNeeded();
    await shot(page, 'page-with-file-1280');
  });
});
