'use strict';
/*
 * tests/users.test.js: users and roles in the admin (issue 18, points 1
 * and 2), behind nginx (RC_SERVER=apache: behind Apache, as
 * tests/users-apache.test.js runs it). Three users share the seeded
 * site: ada the administrator, eddie the editor, cora the contributor.
 *
 *   - the table: every role against every admin address and method,
 *     allowed or 403, and nothing changed on a 403;
 *   - what each role's screens show;
 *   - role escalation through each POST that changes records or users,
 *     refused by the record engine or the users screen;
 *   - users added, given roles, disabled, enabled and removed on the
 *     web; one-time links to set a password (single use, expiry);
 *   - changing one's password (the rules), one's sessions and "Sign out
 *     everywhere"; disabling a user ends their sessions at once;
 *   - the CLI's `user role`;
 *   - two-factor sign-in (point 4): TOTP enrolment and sign-in with real
 *     codes (tests/lib/totp.js, from the key the page shows), recovery
 *     codes, replays and wrong codes refused and throttled, switching it
 *     off, required for administrators, `user totp-off`, and `check`
 *     of the secrets against their key file.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { serveSuite, query, sql, request, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the users suite')) return;
const { browserKit, complaint } = require('./lib/editor.js');
const { textOf, forms, nav, anchors, heading } = require('./lib/html.js');
const { codeAt, stepOf } = require('./lib/totp.js');
const fs = require('node:fs');
const path = require('node:path');

const T = { timeout: 120000 };
const USERS = { ada: 'ada: analytical engine', eddie: 'eddie: the editor here', cora: 'cora: contributes drafts' };
const ROLES = { ada: 'administrator', eddie: 'editor', cora: 'contributor' };
const RANK = { contributor: 1, editor: 2, administrator: 3 };
const FORBIDDEN = 'Not allowed for your role';
const RUNNING_CODE_ID = '26';	// the seed's Running code page

let srv;
serveSuite({ fastPasswords: true, publish: true, roles: ROLES }, USERS, (s) => {
  srv = s;
});

const db = (text) => query(srv.dbPath, text);
const one = (text) => db(text)[0];
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;

const { Browser, loggedIn, create } = browserKit({
  url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS,
});

/* Everything a refused request must leave as it was. */
function state() {
  return JSON.stringify({
    revisions: db('SELECT id, entity, record_id, action, username FROM revision ORDER BY id'),
    drafts: db('SELECT entity, record_id, fields, username FROM draft ORDER BY entity, record_id'),
    users: db('SELECT name, role, disabled, password FROM user ORDER BY name'),
    sessions: db('SELECT token_hash, user_id FROM session ORDER BY token_hash'),
    resets: db('SELECT selector, token_hash, user_id FROM password_reset ORDER BY selector'),
    totp: db('SELECT user_id, secret, enabled, last_step FROM user_totp ORDER BY user_id'),
    recovery: db('SELECT user_id, code_hash FROM totp_recovery ORDER BY user_id, code_hash'),
    pending: db('SELECT token_hash FROM login_pending ORDER BY token_hash'),
    links: db('SELECT token_hash FROM preview_link ORDER BY token_hash'),
    pages: db('SELECT id, version, published, path FROM page ORDER BY id'),
    entries: db('SELECT id, version, position FROM menu_entry ORDER BY id'),
    programs: db('SELECT id, version, position FROM program ORDER BY id'),
    redirects: db('SELECT path, version, page_id FROM redirect ORDER BY path'),
  });
}

/* Assert that res is the role refusal and that send() changed nothing. */
async function refused(send, what) {
  const before = state();
  const res = await send();
  assert.equal(res.status, 403, `${what}: 403 (${complaint(res.body)})`);
  assert.equal(heading(res.body), FORBIDDEN, `${what}: the role refusal page`);
  assert.match(textOf(res.body), /nothing was changed/, `${what}: says nothing changed`);
  assert.equal(state(), before, `${what}: nothing changed`);
  return res;
}

const menuEntryId = () => String(one('SELECT min(id) AS id FROM menu_entry').id);
const firstRevision = () => String(one('SELECT min(id) AS id FROM revision').id);

/* The table: [method, address, body or null, least role]. Every POST
 * names a record or user that does not exist, or asks for nothing, so an
 * allowed one changes nothing either: the table checks the gate; the
 * escalation tests below check the changes themselves. */
function routes() {
  const entry = menuEntryId();
  return [
    ['GET', '/admin/', null, 'contributor'],
    ['GET', '/admin/pages', null, 'contributor'],
    ['GET', '/admin/pages?view=list&status=draft&sort=title&order=desc', null, 'contributor'],
    ['GET', `/admin/programs?page=${RUNNING_CODE_ID}`, null, 'contributor'],
    ['GET', `/admin/programs?page=${RUNNING_CODE_ID}&q=code&status=live&sort=title`, null, 'contributor'],
    ['POST', '/admin/bulk', { type: 'page', do: 'publish', id: '999999' }, 'contributor'],
    ['POST', '/admin/bulk', { type: 'page', do: 'unpublish', confirm: '1', item: '999999@1' }, 'contributor'],
    ['POST', '/admin/bulk', { type: 'program', do: 'delete', confirm: '1', item: '999999@1' }, 'contributor'],
    ['POST', '/admin/bulk', { type: 'redirect', do: 'delete', id: '/no-such-redirect/' }, 'administrator'],
    ['GET', `/admin/edit?type=page&copy=${RUNNING_CODE_ID}`, null, 'contributor'],
    ['GET', `/admin/move-page?id=${RUNNING_CODE_ID}`, null, 'editor'],
    ['POST', '/admin/move-page', { id: '999999', version: '1', parent: '1' }, 'editor'],
    ['GET', '/admin/menus', null, 'editor'],
    ['GET', '/admin/redirects', null, 'administrator'],
    ['GET', '/admin/redirects?q=old&sort=target&order=desc', null, 'administrator'],
    ['GET', '/admin/redirects.csv', null, 'administrator'],
    ['GET', '/admin/redirects/import', null, 'administrator'],
    ['POST', '/admin/redirects/import', { csv: 'old_path,new_path,status\n/no-such/,/no-such-page/,301\n' }, 'administrator'],
    ['GET', '/admin/links', null, 'contributor'],
    ['GET', '/admin/users', null, 'administrator'],
    ['POST', '/admin/users', { action: 'role', name: 'nobody-such', role: 'administrator' }, 'administrator'],
    ['POST', '/admin/users', { action: 'add', name: '', role: 'administrator' }, 'administrator'],
    ['GET', '/admin/account', null, 'contributor'],
    ['POST', '/admin/account', { action: 'nothing' }, 'contributor'],
    ['GET', `/admin/edit?type=page&id=${RUNNING_CODE_ID}`, null, 'contributor'],
    ['GET', `/admin/edit?type=menu_entry&id=${entry}`, null, 'contributor'],
    ['GET', '/admin/edit?type=redirect', null, 'administrator'],
    ['POST', '/admin/edit', { type: 'redirect', id: '/no-such-redirect/', version: '1', path: '', page_id: '' }, 'administrator'],
    ['POST', '/admin/edit', { type: 'page', id: '999999', version: '1', action: 'draft' }, 'contributor'],
    ['POST', '/admin/draft', { type: 'page', id: '999999', do: 'discard' }, 'contributor'],
    ['POST', '/admin/draft', { type: 'redirect', id: '/no-such-redirect/', do: 'discard' }, 'administrator'],
    ['POST', '/admin/review', { type: 'page', id: '999999', do: 'send_back', comment: 'Why?' }, 'editor'],
    ['POST', '/admin/review', { type: 'redirect', id: '/no-such-redirect/', do: 'send_back', comment: 'Why?' }, 'administrator'],
    ['GET', `/admin/delete?type=menu_entry&id=${entry}`, null, 'editor'],
    ['POST', '/admin/delete', { type: 'menu_entry', id: '999999', version: '1' }, 'editor'],
    ['POST', '/admin/delete', { type: 'redirect', id: '/no-such-redirect/', version: '1' }, 'administrator'],
    ['POST', '/admin/move', { type: 'menu_entry', id: '999999', direction: 'up' }, 'editor'],
    ['GET', `/admin/history?type=page&id=${RUNNING_CODE_ID}`, null, 'contributor'],
    ['GET', `/admin/restore?revision=${firstRevision()}`, null, 'editor'],
    ['POST', '/admin/restore', { revision: '999999' }, 'editor'],
    ['GET', `/admin/revision?revision=${firstRevision()}`, null, 'contributor'],
    ['GET', `/admin/compare?type=page&id=${RUNNING_CODE_ID}`, null, 'contributor'],
    ['GET', '/admin/deleted', null, 'editor'],
    ['GET', '/admin/audit', null, 'contributor'],
    ['POST', '/admin/preview', { type: 'page', id: RUNNING_CODE_ID, path: '/how/runningcode/', title: 'T' }, 'contributor'],
    ['POST', '/admin/preview-link', { type: 'page', id: '999999', what: 'make', hours: '24' }, 'editor'],
    ['GET', '/admin/resume', null, 'contributor'],
    ['POST', '/admin/keepalive', {}, 'contributor'],
    // Anonymous: without a sign-in waiting for its code, back to the login.
    ['GET', '/admin/login-code', null, 'contributor'],
    ['POST', '/admin/login-code', { code: '000000' }, 'contributor'],
    // The file library: editors manage files; contributors only insert
    // existing ones from the edit form.
    ['GET', '/admin/files', null, 'editor'],
    ['POST', '/admin/files', { name: '' }, 'editor'],
    ['GET', '/admin/edit?type=file&id=999999', null, 'editor'],
    ['POST', '/admin/edit', { type: 'file', id: '999999', version: '1', name: 'x' }, 'editor'],
    ['GET', '/admin/delete?type=file&id=999999', null, 'editor'],
    ['POST', '/admin/delete', { type: 'file', id: '999999', version: '1' }, 'editor'],
  ];
}

/* Some 100 requests, a database snapshot around each refused one: over
 * two minutes under AddressSanitizer on a busy machine (tests/sanitize/run). */
test('the table: each role against every admin address and method; a 403 changes nothing', { timeout: 300000 }, async () => {
  for (const [user, role] of Object.entries(ROLES)) {
    const b = await loggedIn(user);
    for (const [method, p, body, least] of routes()) {
      const what = `${role} ${method} ${p}`;
      const send = () => (method === 'GET' ? b.get(p) : b.post(p, body));
      if (RANK[role] >= RANK[least]) {
        const res = await send();
        assert.notEqual(res.status, 403, `${what} is allowed: ${complaint(res.body)}`);
        assert.notEqual(heading(res.body), FORBIDDEN, `${what} is allowed`);
      } else {
        await refused(send, what);
      }
    }
  }
});

test('screens hide what a role cannot do: the admin menu of each role', T, async () => {
  const expected = {
    ada: ['/admin/', '/admin/menus', '/admin/pages', '/admin/files', '/admin/redirects', '/admin/users', '/admin/deleted', '/admin/audit'],
    eddie: ['/admin/', '/admin/menus', '/admin/pages', '/admin/files', '/admin/deleted', '/admin/audit'],
    cora: ['/admin/', '/admin/pages', '/admin/audit'],
  };
  for (const [user, links] of Object.entries(expected)) {
    const b = await loggedIn(user);
    const home = await b.get('/admin/');
    const hrefs = anchors(nav(home.body, 'Admin')).map((a) => a.href).filter((h) => h.startsWith('/admin/'));
    assert.deepEqual(hrefs, links, `${user}'s admin menu`);
    assert.ok(anchors(home.body).some((a) => a.href === '/admin/account' && a.label === user),
      `${user}'s name leads to their account`);
  }
});

test("screens hide what a role cannot do: a contributor's forms and lists offer drafts only", T, async () => {
  const buttons = (html) => [...html.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)].map((m) => textOf(m[1]));
  const see = async (user) => {
    const b = await loggedIn(user);
    return {
      form: (await b.get(`/admin/edit?type=page&id=${RUNNING_CODE_ID}`)).body,
      pages: (await b.get('/admin/pages')).body,
      programs: (await b.get(`/admin/programs?page=${RUNNING_CODE_ID}`)).body,
      home: (await b.get('/admin/')).body,
    };
  };
  const cora = await see('cora');
  assert.ok(buttons(cora.form).includes('Save draft'), 'the contributor saves drafts');
  assert.ok(!buttons(cora.form).includes('Save'), 'but has no Save button');
  assert.doesNotMatch(cora.programs, /Add a program|href="\/admin\/delete|action="\/admin\/move"/);
  assert.doesNotMatch(cora.home, /href="\/admin\/(menus|redirects|users|deleted)"/);
  const eddie = await see('eddie');
  assert.ok(buttons(eddie.form).includes('Save') && buttons(eddie.form).includes('Save draft'), "the editor's form saves");
  assert.match(eddie.pages, /Create a page/);
  assert.match(eddie.programs, /Add a program/);
  assert.match(eddie.programs, /href="\/admin\/delete/);
  assert.match(eddie.home, /href="\/admin\/menus"/);
  assert.doesNotMatch(eddie.home, /href="\/admin\/(redirects|users)"/);
  const ada = await see('ada');
  assert.match(ada.home, /href="\/admin\/redirects"/);
  assert.match(ada.home, /href="\/admin\/users"/);
});

test('a contributor creates a page, unpublished, which an editor publishes', T, async () => {
  const cora = await loggedIn('cora');
  const { form } = await cora.openForm('/admin/edit?type=page');
  assert.ok(!form.fields.some(([name]) => name === 'published'), 'no Published checkbox for her');
  const values = { path: '/by-cora/', title: 'By cora', summary: '', body: 'Written by a contributor.' };
  await refused(() => cora.submit(form, { ...values, published: '1' }), 'contributor creates a published page');
  const res = await cora.submit(form, values);
  assert.equal(res.status, 303, `contributor creates a page: ${complaint(res.body)}`);
  const page = one("SELECT id, published FROM page WHERE path = '/by-cora/'");
  assert.equal(page.published, 0, 'unpublished');
  assert.equal((await request(srv.url, '/by-cora/')).status, 404, 'visitors do not see it');
  // Her changes to it are drafts; the editor publishes one.
  const again = (await cora.openForm(`/admin/edit?type=page&id=${page.id}`)).form;
  await refused(() => cora.submit(again, { published: '1' }), 'contributor publishes her page');
  assert.equal((await cora.submit(again, { published: '1', action: 'draft' })).status, 303, 'she drafts it published');
  const eddie = await loggedIn('eddie');
  const published = await eddie.post('/admin/draft', { type: 'page', id: String(page.id), do: 'publish' });
  assert.equal(published.status, 303, complaint(published.body));
  assert.equal((await request(srv.url, '/by-cora/')).status, 200, 'visitors see it once the editor published it');
  // A contributor creates no other kind of record.
  await refused(() => cora.post('/admin/edit', { type: 'menu_entry', place: 'footer', label: 'By cora', page_id: String(page.id) }),
    'contributor creates a menu entry');
  await refused(() => cora.post('/admin/edit', { type: 'program', page_id: RUNNING_CODE_ID, title: 'By cora', published: '0' }),
    'contributor creates a program');
});

/* ---- escalation through each POST ---- */

test('a contributor saves drafts only: saving live, publishing and deleting are refused', T, async () => {
  const cora = await loggedIn('cora');
  const { form } = await cora.openForm(`/admin/edit?type=page&id=${RUNNING_CODE_ID}`);
  await refused(() => cora.submit(form, { title: 'Published by a contributor' }), 'contributor saves live');
  const res = await cora.submit(form, { title: 'Drafted by cora', action: 'draft' });
  assert.equal(res.status, 303, `contributor saves a draft: ${complaint(res.body)}`);
  const draft = one(`SELECT username, fields FROM draft WHERE entity = 'page' AND record_id = '${RUNNING_CODE_ID}'`);
  assert.equal(draft.username, 'cora');
  assert.match(draft.fields, /Drafted by cora/);
  assert.notEqual(one(`SELECT title FROM page WHERE id = ${RUNNING_CODE_ID}`).title, 'Drafted by cora', 'the live page is as it was');
  await refused(() => cora.post('/admin/draft', { type: 'page', id: RUNNING_CODE_ID, do: 'publish' }), 'contributor publishes');
  await refused(() => cora.post('/admin/delete', { type: 'menu_entry', id: menuEntryId(), version: '1' }), 'contributor deletes');
  await refused(() => cora.post('/admin/move', { type: 'menu_entry', id: menuEntryId(), direction: 'down' }), 'contributor moves');
  await refused(() => cora.post('/admin/restore', { revision: firstRevision() }), 'contributor restores');
  await refused(() => cora.post('/admin/preview-link', { type: 'page', id: RUNNING_CODE_ID, what: 'make', hours: '24' }),
    'contributor makes a preview link');
  // Her own draft she may discard.
  const discarded = await cora.post('/admin/draft', { type: 'page', id: RUNNING_CODE_ID, do: 'discard' });
  assert.equal(discarded.status, 303, `contributor discards her draft: ${complaint(discarded.body)}`);
  assert.equal(one(`SELECT count(*) AS n FROM draft WHERE record_id = '${RUNNING_CODE_ID}' AND entity = 'page'`).n, 0);
});

test('a contributor is offered no bulk action, and the engine refuses hers record by record, changing nothing', T, async () => {
  const cora = await loggedIn('cora');
  const pages = (await cora.get('/admin/pages')).body;
  assert.doesNotMatch(pages, /action="\/admin\/bulk"[\s\S]*name="do"/, 'no bulk action for her');
  assert.doesNotMatch(pages, /type="checkbox" name="id"/, 'nothing to tick');
  const id = await create(cora, 'page', '', { path: '/cora-bulk/', title: 'Cora bulk', summary: '', body: 'x' });
  const version = one(`SELECT version FROM page WHERE id = ${id}`).version;
  const before = state();
  let res = await cora.post('/admin/bulk', { type: 'page', do: 'publish', id });
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(textOf(res.body), /Cora bulk: Your role \(contributor\) does not allow this\./i, 'the confirmation says why');
  assert.ok(!forms(res.body).some((f) => f.action === '/admin/bulk'), 'and offers nothing to confirm');
  res = await cora.post('/admin/bulk', { type: 'page', do: 'publish', confirm: '1', item: `${id}@${version}` });
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(textOf(res.body), /Published 0 pages/);
  assert.match(textOf(res.body), /Refused \(1\) Cora bulk: Your role \(contributor\) does not allow this\./i,
    'the engine refused it');
  assert.equal(state(), before, 'nothing changed');
  assert.equal((await request(srv.url, '/cora-bulk/')).status, 404, 'visitors do not see it');
});

test("a contributor cannot discard or overwrite an editor's draft; the editor publishes", T, async () => {
  const eddie = await loggedIn('eddie');
  const cora = await loggedIn('cora');
  const id = await create(eddie, 'page', '', { path: '/team-draft/', title: 'Team', summary: '', body: 'Body.', published: '1' });
  const { form } = await eddie.openForm(`/admin/edit?type=page&id=${id}`);
  assert.equal((await eddie.submit(form, { title: 'Editor draft', action: 'draft' })).status, 303);
  await refused(() => cora.post('/admin/draft', { type: 'page', id, do: 'discard' }), "contributor discards an editor's draft");
  const coraForm = (await cora.openForm(`/admin/edit?type=page&id=${id}`)).form;
  await refused(() => cora.submit(coraForm, { title: 'Overwritten', action: 'draft' }), "contributor overwrites an editor's draft");
  const res = await eddie.post('/admin/draft', { type: 'page', id, do: 'publish' });
  assert.equal(res.status, 303, `the editor publishes: ${complaint(res.body)}`);
  assert.equal(one(`SELECT title FROM page WHERE id = ${id}`).title, 'Editor draft');
});

test('an editor cannot touch redirects, even by restoring one, nor users', T, async () => {
  const ada = await loggedIn('ada');
  const eddie = await loggedIn('eddie');
  const path = '/old-team-address/';
  await create(ada, 'redirect', '', { path, page_id: RUNNING_CODE_ID });
  const rev = String(one(`SELECT max(id) AS id FROM revision WHERE entity = 'redirect' AND record_id = ${lit(path)}`).id);
  await refused(() => eddie.post('/admin/edit', { type: 'redirect', path: '/new-by-editor/', page_id: RUNNING_CODE_ID }),
    'editor adds a redirect');
  await refused(() => eddie.post('/admin/delete', { type: 'redirect', id: path, version: '1' }), 'editor deletes a redirect');
  // The restore names its kind only through the revision: the engine checks.
  await refused(() => eddie.post('/admin/restore', { revision: rev }), 'editor restores a redirect');
  await refused(() => eddie.post('/admin/users', { action: 'add', name: 'mallory', role: 'administrator' }), 'editor adds a user');
  await refused(() => eddie.post('/admin/users', { action: 'role', name: 'eddie', role: 'administrator' }), 'editor makes himself administrator');
  const cora = await loggedIn('cora');
  await refused(() => cora.post('/admin/users', { action: 'role', name: 'cora', role: 'administrator' }), 'contributor makes herself administrator');
  await refused(() => cora.post('/admin/users', { action: 'reset', name: 'ada' }), "contributor makes a link to ada's password");
  // The administrator's own account cannot be changed here either.
  const before = state();
  const res = await ada.post('/admin/users', { action: 'role', name: 'ada', role: 'contributor' });
  assert.equal(res.status, 403);
  assert.match(complaint(res.body), /cannot change your own account/);
  assert.equal(state(), before);
});

/* ---- users on the web ---- */

/* The one-time link the users page shows. */
function linkOf(html) {
  const m = /<input id="reset-link" type="text" value="([^"]+)" readonly>/.exec(html);
  assert.ok(m, 'the page shows the link');
  return new URL(m[1].replace(/&amp;/g, '&'));
}

async function setPassword(b, link, password, repeat = password) {
  const p = link.pathname + link.search;
  const { form } = await b.openForm(p, '/admin/reset');
  return b.submit(form, { new_password: password, repeat_password: repeat });
}

test('an administrator adds a user, who sets a password once through the link, and manages them', T, async () => {
  const ada = await loggedIn('ada');
  const added = await ada.post('/admin/users', { action: 'add', name: 'nina', role: 'editor' });
  assert.equal(added.status, 200, complaint(added.body));
  const link = linkOf(added.body);
  assert.equal(link.pathname, '/admin/reset');
  const row = one("SELECT u.role, r.token_hash, r.selector FROM user u JOIN password_reset r ON r.user_id = u.id WHERE u.name = 'nina'");
  assert.equal(row.role, 'editor');
  const token = link.searchParams.get('token');
  assert.ok(!row.token_hash.includes(token) && row.token_hash !== token, 'only a hash of the token is kept');
  assert.equal((await new Browser().login('nina', 'anything at all here')).status, 403, 'no password yet');

  const nina = new Browser();
  let res = await setPassword(nina, link, 'short');
  assert.equal(res.status, 422);
  assert.match(complaint(res.body), /at least 12 characters/);
  res = await setPassword(nina, link, 'WinnieThePooh');
  assert.equal(res.status, 422);
  assert.match(complaint(res.body), /most common/);
  res = await setPassword(nina, link, 'nina: a long password', 'nina: another one');
  assert.equal(res.status, 422);
  assert.match(complaint(res.body), /differ/);
  res = await setPassword(nina, link, 'nina: a long password');
  assert.equal(res.status, 200, complaint(res.body));
  // Single use: the same link, again.
  const before = state();
  const again = await nina.get(link.pathname + link.search);
  assert.equal(again.status, 404);
  const replay = await nina.post('/admin/reset', { token, new_password: 'mallory: took over', repeat_password: 'mallory: took over' });
  assert.equal(replay.status, 404, 'a reused link is refused');
  assert.equal(state(), before, 'a reused link changes nothing');

  const ninaIn = new Browser();
  assert.equal((await ninaIn.login('nina', 'nina: a long password')).status, 303, 'nina logs in with it');
  assert.equal((await ninaIn.get('/admin/menus')).status, 200, 'nina is an editor');
  // The role changes at her next request.
  const ninaRow = () => one("SELECT role, disabled FROM user WHERE name = 'nina'");
  res = await ada.post('/admin/users', { action: 'role', name: 'nina', role: 'contributor' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(ninaRow().role, 'contributor');
  assert.equal((await ninaIn.get('/admin/menus')).status, 403, 'her session has the new role at once');
  // Disabling ends her sessions at once, and she cannot log in.
  res = await ada.post('/admin/users', { action: 'disable', name: 'nina' });
  assert.equal(res.status, 303);
  assert.equal(ninaRow().disabled, 1);
  assert.equal(one("SELECT count(*) AS n FROM session s JOIN user u ON u.id = s.user_id WHERE u.name = 'nina'").n, 0);
  const after = await ninaIn.get('/admin/');
  assert.equal(after.status, 303, 'her open browser is sent to the login');
  assert.match(after.headers.location, /^\/admin\/login/);
  assert.equal((await ninaIn.post('/admin/keepalive', {})).status, 403, 'and cannot post');
  const refusedLogin = await new Browser().login('nina', 'nina: a long password');
  assert.equal(refusedLogin.status, 403);
  assert.match(complaint(refusedLogin.body), /user name or password is wrong/);
  // Enabled again, she can.
  assert.equal((await ada.post('/admin/users', { action: 'enable', name: 'nina' })).status, 303);
  assert.equal((await new Browser().login('nina', 'nina: a long password')).status, 303);
  // Removed, she is gone.
  assert.equal((await ada.post('/admin/users', { action: 'remove', name: 'nina' })).status, 303);
  assert.equal(one("SELECT count(*) AS n FROM user WHERE name = 'nina'").n, 0);
  assert.equal((await new Browser().login('nina', 'nina: a long password')).status, 403);
  const audit = db("SELECT event, detail FROM audit WHERE username = 'nina' ORDER BY id").map((e) => e.event);
  assert.ok(audit.includes('user added') && audit.includes('password set') && audit.includes('user changed'),
    `the audit log tells: ${audit}`);
});

test('a reset link expires, is replaced by a newer one, and a forged one fails', T, async () => {
  const ada = await loggedIn('ada');
  const first = linkOf((await ada.post('/admin/users', { action: 'reset', name: 'cora' })).body);
  const second = linkOf((await ada.post('/admin/users', { action: 'reset', name: 'cora' })).body);
  const b = new Browser();
  assert.equal((await b.get(first.pathname + first.search)).status, 404, 'the replaced link fails');
  const token = second.searchParams.get('token');
  const forged = token.slice(0, 16) + (token[16] === 'a' ? 'b' : 'a') + token.slice(17);
  assert.equal((await b.get(`/admin/reset?token=${forged}`)).status, 404, 'a forged secret with the right selector fails');
  assert.equal((await b.get(`/admin/reset?token=${token.slice(0, 40)}`)).status, 404, 'a cut token fails');
  assert.equal((await b.get(second.pathname + second.search)).status, 200, 'the newest link works');
  const expiry = one('SELECT expires_at FROM password_reset').expires_at;
  const now = Math.floor(Date.now() / 1000);
  assert.ok(expiry > now + 23 * 3600 && expiry <= now + 24 * 3600 + 5, 'it works for a day');
  sql(srv.dbPath, `UPDATE password_reset SET expires_at = ${now - 1}`);
  const before = state();
  assert.equal((await b.get(second.pathname + second.search)).status, 404, 'an expired link fails');
  const res = await b.post('/admin/reset', { token, new_password: 'cora: expired link try', repeat_password: 'cora: expired link try' });
  assert.equal(res.status, 404);
  assert.equal(state(), before, 'an expired link changes nothing');
  sql(srv.dbPath, 'DELETE FROM password_reset');
  assert.equal((await loggedIn('cora')).cookie() !== undefined, true, "cora's password is as it was");
});

/* ---- one's own account ---- */

test('changing one\'s password: the current one first, the rules, and the other sessions end', T, async () => {
  sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
  const here = await loggedIn('eddie');
  const there = await loggedIn('eddie');
  const change = async (current, next, repeat = next) => {
    const { form } = await here.openForm('/admin/account', '/admin/account');
    return here.submit(form, { current_password: current, new_password: next, repeat_password: repeat });
  };
  const before = state();
  let res = await change('not my password', 'eddie: a new password');
  assert.equal(res.status, 403);
  assert.match(complaint(res.body), /current password/);
  for (const [next, why] of [['too short', /at least 12/], ['winniethepooh', /most common/], ['EDDIE', /at least 12/]]) {
    res = await change(USERS.eddie, next);
    assert.equal(res.status, 422, `${next}: refused`);
    assert.match(complaint(res.body), why);
  }
  res = await change(USERS.eddie, 'eddie: a new password', 'eddie: a typo');
  assert.equal(res.status, 422);
  assert.equal(state(), before, 'a refused change changes nothing');
  res = await change(USERS.eddie, 'eddie: a new password');
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(textOf(res.body), /Your password is changed/);
  assert.equal((await here.get('/admin/')).status, 200, 'this session goes on');
  assert.equal((await there.get('/admin/')).status, 303, 'the other session ended');
  assert.equal((await new Browser().login('eddie', USERS.eddie)).status, 403, 'the old password fails');
  assert.equal((await new Browser().login('eddie', 'eddie: a new password')).status, 303, 'the new one works');
  // Back, through the CLI (which keeps working).
  const r = srv.cli(['user', 'passwd', 'eddie'], { input: `${USERS.eddie}\n` });
  assert.equal(r.status, 0, r.stderr);
});

test('one\'s sessions are listed, and "Sign out everywhere" ends them all', T, async () => {
  const one1 = await loggedIn('cora');
  const two = await loggedIn('cora');
  const page = await one1.get('/admin/account');
  assert.equal(page.status, 200);
  const rows = [...page.body.matchAll(/<tr><td data-label="Signed in">[^<]*<\/td><td data-label="Last used">[^<]*<\/td><td>([^<]*)<\/td><\/tr>/g)];
  const count = one("SELECT count(*) AS n FROM session s JOIN user u ON u.id = s.user_id WHERE u.name = 'cora'").n;
  assert.equal(rows.length, count, 'every session is listed');
  assert.equal(rows.filter((m) => m[1] === 'this browser').length, 1, 'this one is marked');
  const form = forms(page.body).find((f) => f.action === '/admin/account' && /Sign out everywhere/.test(f.html));
  const res = await one1.submit(form, { action: 'signout' });
  assert.equal(res.status, 303);
  assert.equal(one("SELECT count(*) AS n FROM session s JOIN user u ON u.id = s.user_id WHERE u.name = 'cora'").n, 0);
  assert.equal((await one1.get('/admin/')).status, 303);
  assert.equal((await two.get('/admin/')).status, 303);
});

test('the CLI: user role, user list, and a new user is an administrator unless told', T, async () => {
  let r = srv.cli(['user', 'add', 'olga'], { input: 'olga: from the command line\n' });
  assert.equal(r.status, 0, r.stderr);
  r = srv.cli(['user', 'add', 'pete', 'contributor'], { input: 'pete: from the command line\n' });
  assert.equal(r.status, 0, r.stderr);
  r = srv.cli(['user', 'role', 'olga', 'chief']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no role 'chief'/);
  r = srv.cli(['user', 'role', 'nobody-such', 'editor']);
  assert.equal(r.status, 1);
  r = srv.cli(['user', 'list']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^olga\s+administrator\s+active/m);
  assert.match(r.stdout, /^pete\s+contributor\s+active/m);
  assert.match(r.stdout, /^cora\s+contributor/m);
  srv.cli(['user', 'del', 'olga']);
  srv.cli(['user', 'del', 'pete']);
});

/* ---- two-factor sign-in ---- */

const TINA = 'tina: two factors here';

/* The user id of name. */
const userId = (name) => one(`SELECT id FROM user WHERE name = ${lit(name)}`).id;

/* A code of secret that the admin takes now: of the current time step,
 * or the one after the last step used (codes of the next step are good
 * too, for clocks that drift), never one used. */
function nextCode(secret, name) {
  const row = one(`SELECT last_step FROM user_totp WHERE user_id = ${userId(name)}`);
  return codeAt(secret, Math.max(row.last_step + 1, stepOf()));
}

/* Set up two-factor sign-in on b's account: returns { secret, codes }. */
async function enrol(b, name) {
  const { form } = await b.openForm('/admin/account', '/admin/account', 1);
  const started = await b.submit(form, { action: 'totp-start' });
  assert.equal(started.status, 200, complaint(started.body));
  const m = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(started.body);
  assert.ok(m, 'the page shows the key');
  const secret = m[1];
  const confirm = forms(started.body).find((f) => f.fields.some(([k, v]) => k === 'action' && v === 'totp-confirm'));
  const on = await b.submit(confirm, { code: nextCode(secret, name) });
  assert.equal(on.status, 200, complaint(on.body));
  const codes = [...on.body.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((c) => c[1]);
  return { secret, codes, page: on.body };
}

/* Sign name in with the password: the response, which waits for the code. */
async function passwordStep(b, name, password) {
  const res = await b.login(name, password);
  assert.equal(res.status, 303, `${name}'s password is right`);
  return res;
}

test('TOTP enrolment and sign-in: the key shown once, a real code, recovery codes, replays refused', T, async () => {
  sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
  let r = srv.cli(['user', 'add', 'tina', 'editor'], { input: `${TINA}\n` });
  assert.equal(r.status, 0, r.stderr);
  const tina = new Browser();
  assert.equal((await tina.login('tina', TINA)).status, 303);
  let account = await tina.get('/admin/account');
  assert.match(textOf(account.body), /Two-factor sign-in Off/);

  // Started: the key is shown once, kept encrypted.
  const { form } = await tina.openForm('/admin/account', '/admin/account', 1);
  const started = await tina.submit(form, { action: 'totp-start' });
  assert.equal(started.status, 200, complaint(started.body));
  const secret = /<code id="totp-secret">([A-Z2-7]{32})<\/code>/.exec(started.body)[1];
  const uri = /<code id="totp-uri">([^<]+)<\/code>/.exec(started.body)[1].replace(/&amp;/g, '&');
  assert.equal(new URL(uri).searchParams.get('secret'), secret, 'the key address carries the key');
  assert.match(uri, /^otpauth:\/\/totp\/[^:]+:tina\?/);
  const stored = one(`SELECT secret, enabled FROM user_totp WHERE user_id = ${userId('tina')}`);
  assert.equal(stored.enabled, 0, 'not on before a code confirms it');
  assert.ok(!stored.secret.toUpperCase().includes(secret), 'the database does not hold the key as shown');
  const keyFile = path.join(path.dirname(srv.dbPath), 'totp.key');
  assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'the key file is for the admin alone');
  account = await tina.get('/admin/account');
  assert.ok(!account.body.includes(secret), 'the key is not shown again');

  // A wrong code leaves it off; the right one switches it on.
  const confirm = forms(started.body).find((f) => f.fields.some(([k, v]) => k === 'action' && v === 'totp-confirm'));
  const wrongCode = codeAt(secret, stepOf() + 5);
  let res = await tina.submit(confirm, { code: wrongCode });
  assert.equal(res.status, 422);
  assert.match(complaint(res.body), /not right/);
  assert.equal(one(`SELECT enabled FROM user_totp WHERE user_id = ${userId('tina')}`).enabled, 0);
  const enrolStep = Math.max(stepOf(), one(`SELECT last_step FROM user_totp WHERE user_id = ${userId('tina')}`).last_step + 1);
  res = await tina.submit(confirm, { code: codeAt(secret, enrolStep) });
  assert.equal(res.status, 200, complaint(res.body));
  const codes = [...res.body.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((c) => c[1]);
  assert.equal(codes.length, 10, 'ten recovery codes');
  assert.equal(new Set(codes).size, 10);
  const hashes = db(`SELECT code_hash FROM totp_recovery WHERE user_id = ${userId('tina')}`).map((h) => h.code_hash);
  assert.equal(hashes.length, 10);
  assert.ok(codes.every((c) => hashes.every((h) => !h.includes(c.replace('-', '')))), 'only hashes are kept');
  assert.match(textOf((await tina.get('/admin/account')).body), /On: .* 10 unused recovery codes/);

  // The password alone opens nothing: no session, only the code's form.
  const b = new Browser();
  sql(srv.dbPath, "UPDATE user SET signed_in_at = 1000000000 WHERE name = 'tina'");
  res = await passwordStep(b, 'tina', TINA);
  assert.equal(res.headers.location, '/admin/login-code');
  assert.equal(b.cookie(), undefined, 'no session for the password alone');
  assert.equal(one("SELECT signed_in_at FROM user WHERE name = 'tina'").signed_in_at, 1000000000,
    'nor a sign-in in the users list');
  const half = state();
  for (const p of ['/admin/', '/admin/account', '/admin/pages']) {
    const got = await b.get(p);
    assert.equal(got.status, 303, `${p}: not signed in`);
    assert.match(got.headers.location, /^\/admin\/login/);
  }
  assert.equal((await b.post('/admin/keepalive', {})).status, 403, 'a POST is refused');
  assert.equal(state(), half, 'half signed in changes nothing');
  res = await b.get('/admin/login-code');
  assert.equal(res.status, 200);
  assert.match(textOf(res.body), /password of tina is right/);

  // The code of confirmation is not good twice; a wrong one fails; the next one signs in.
  const before = state();
  res = await b.post('/admin/login-code', { code: codeAt(secret, enrolStep) });
  assert.equal(res.status, 403, 'a used code is refused');
  assert.match(complaint(res.body), /wrong, or was used already/);
  res = await b.post('/admin/login-code', { code: wrongCode });
  assert.equal(res.status, 403, 'a wrong code is refused');
  res = await b.post('/admin/login-code', { code: 'not a code' });
  assert.equal(res.status, 403);
  assert.equal(b.cookie(), undefined);
  assert.deepEqual(JSON.parse(state()).totp, JSON.parse(before).totp, 'refused codes use up no step');
  const code = nextCode(secret, 'tina');
  res = await b.post('/admin/login-code', { code: code.slice(0, 3) + ' ' + code.slice(3) });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(res.headers.location, '/admin/');
  assert.ok(b.cookie(), 'a session once the code is right');
  assert.ok(one("SELECT signed_in_at FROM user WHERE name = 'tina'").signed_in_at > 1000000000,
    'and the sign-in noted then');
  assert.equal((await b.get('/admin/menus')).status, 200, 'signed in, as an editor');
  assert.equal(one(`SELECT count(*) AS n FROM login_pending WHERE user_id = ${userId('tina')}`).n, 0,
    'the waiting sign-in is used up');

  // The same code in another sign-in: refused (the wrong codes above
  // count towards the lock-out: start afresh).
  sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
  const c = new Browser();
  await passwordStep(c, 'tina', TINA);
  res = await c.post('/admin/login-code', { code });
  assert.equal(res.status, 403, 'a code used to sign in is not good again');
  // A recovery code signs in, once.
  res = await c.post('/admin/login-code', { code: codes[0].toUpperCase() });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal((await c.get('/admin/')).status, 200);
  assert.equal(db(`SELECT code_hash FROM totp_recovery WHERE user_id = ${userId('tina')}`).length, 9);
  const d = new Browser();
  await passwordStep(d, 'tina', TINA);
  res = await d.post('/admin/login-code', { code: codes[0] });
  assert.equal(res.status, 403, 'a recovery code is good once');
  assert.ok(db("SELECT event FROM audit WHERE username = 'tina'").some((e) => e.event === 'recovery code used'));
  assert.match(textOf((await c.get('/admin/account')).body), /9 unused recovery codes/);

  // A forged or expired waiting sign-in goes back to the login.
  sql(srv.dbPath, 'UPDATE login_pending SET expires_at = 1');
  res = await d.post('/admin/login-code', { code: nextCode(secret, 'tina') });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/admin/login');
  assert.equal(d.cookie(), undefined);
  sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
});

test('TOTP: wrong codes are throttled like passwords, and a new password step gives no fresh tries', T, async () => {
  sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
  const b = new Browser();
  await passwordStep(b, 'tina', TINA);
  let res;
  for (let i = 0; i < 5; i++) {
    res = await b.post('/admin/login-code', { code: '000000' });
    assert.equal(res.status, 403, `wrong code ${i + 1}`);
  }
  res = await b.post('/admin/login-code', { code: '000000' });
  assert.equal(res.status, 429, 'locked after five wrong codes');
  assert.ok(Number(res.headers['retry-after']) > 0);
  const again = new Browser();
  res = await again.login('tina', TINA);
  assert.equal(res.status, 429, 'the password step is locked too, from this address');
  assert.ok(db("SELECT event FROM audit WHERE username = 'tina'").some((e) => e.event === 'lockout'));
  sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
});

test('TOTP: switching it off takes the password and a code; the CLI switches it off for a lost phone', T, async () => {
  sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');
  sql(srv.dbPath, "DELETE FROM user_totp WHERE user_id = (SELECT id FROM user WHERE name = 'tina');"
    + "DELETE FROM totp_recovery WHERE user_id = (SELECT id FROM user WHERE name = 'tina')");
  const tina = new Browser();
  assert.equal((await tina.login('tina', TINA)).headers.location, '/admin/');
  const { secret, codes } = await enrol(tina, 'tina');
  assert.equal(codes.length, 10);
  const off = async (fields) => {
    const { form } = await tina.openForm('/admin/account', '/admin/account', 1);
    assert.ok(form.fields.some(([k, v]) => k === 'action' && v === 'totp-off'));
    return tina.submit(form, fields);
  };
  const before = state();
  let res = await off({ current_password: 'not her password', code: nextCode(secret, 'tina') });
  assert.equal(res.status, 403);
  assert.match(complaint(res.body), /current password is not this one/);
  res = await off({ current_password: TINA, code: codeAt(secret, stepOf() + 5) });
  assert.equal(res.status, 403);
  assert.match(complaint(res.body), /code is wrong/);
  assert.equal(state(), before, 'refused: nothing changed');
  res = await off({ current_password: TINA, code: nextCode(secret, 'tina') });
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(textOf(res.body), /Two-factor sign-in is off/);
  assert.equal(one(`SELECT count(*) AS n FROM user_totp WHERE user_id = ${userId('tina')}`).n, 0);
  assert.equal(one(`SELECT count(*) AS n FROM totp_recovery WHERE user_id = ${userId('tina')}`).n, 0);
  assert.equal((await new Browser().login('tina', TINA)).headers.location, '/admin/', 'the password alone signs in again');

  // Lost phone: the CLI.
  await enrol(tina, 'tina');
  assert.equal((await new Browser().login('tina', TINA)).headers.location, '/admin/login-code');
  // `check` tells whether the secrets open with the key file beside the database.
  const keyFile = path.join(path.dirname(srv.dbPath), 'totp.key');
  assert.match(srv.cli(['check']).stdout, /^ok\s+two-factor secrets open with totp\.key$/m);
  fs.renameSync(keyFile, `${keyFile}.away`);
  try {
    const r = srv.cli(['check']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^FAILED\s+two-factor secrets open with totp\.key: they cannot be read/m);
  } finally {
    fs.renameSync(`${keyFile}.away`, keyFile);
  }
  let r = srv.cli(['user', 'totp-off', 'tina']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /is off/);
  assert.equal(one(`SELECT count(*) AS n FROM user_totp WHERE user_id = ${userId('tina')}`).n, 0);
  assert.ok(db("SELECT event, detail FROM audit WHERE username = 'tina'").some((e) => e.event === 'two-factor off' && /command line/.test(e.detail)));
  assert.equal((await new Browser().login('tina', TINA)).headers.location, '/admin/');
  r = srv.cli(['user', 'totp-off', 'tina']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /has no two-factor/);
  r = srv.cli(['user', 'totp-off', 'nobody-such']);
  assert.equal(r.status, 1);
});

test('TOTP: required for administrators by the setting; the others are not asked', T, async () => {
  const conf = fs.readFileSync(srv.configPath, 'utf8');
  const ada = await loggedIn('ada');
  const eddie = await loggedIn('eddie');
  fs.writeFileSync(srv.configPath, `${conf}\ntotp_required_for_administrators = 1\n`);
  try {
    let res = await ada.get('/admin/pages');
    assert.equal(res.status, 303, 'an administrator without it is sent to set it up');
    assert.equal(res.headers.location, '/admin/account');
    const before = state();
    res = await ada.post('/admin/users', { action: 'add', name: 'mallory', role: 'editor' });
    assert.equal(res.status, 403);
    assert.match(complaint(res.body), /Administrators must sign in with a code/);
    assert.equal(state(), before, 'nothing changed');
    res = await ada.get('/admin/account');
    assert.equal(res.status, 200);
    assert.match(complaint(res.body), /Administrators must sign in with a code/);
    assert.equal((await eddie.get('/admin/pages')).status, 200, 'an editor is not asked');

    // A new administrator: signs in with the password, sets it up, then works.
    let r = srv.cli(['user', 'add', 'adam'], { input: 'adam: administers too\n' });
    assert.equal(r.status, 0, r.stderr);
    const adam = new Browser();
    res = await adam.login('adam', 'adam: administers too');
    assert.equal(res.status, 303);
    res = await adam.get('/admin/');
    assert.equal(res.headers.location, '/admin/account');
    const { secret } = await enrol(adam, 'adam');
    res = await adam.get('/admin/users');
    assert.equal(res.status, 200, 'the admin opens once it is on');
    // It cannot be switched off while required.
    const { form } = await adam.openForm('/admin/account', '/admin/account', 1);
    const still = state();
    res = await adam.submit(form, { current_password: 'adam: administers too', code: nextCode(secret, 'adam') });
    assert.equal(res.status, 403);
    assert.match(complaint(res.body), /stays on/);
    assert.equal(state(), still);
    // Signing in asks for the code.
    const again = new Browser();
    res = await again.login('adam', 'adam: administers too');
    assert.equal(res.headers.location, '/admin/login-code');
    res = await again.post('/admin/login-code', { code: nextCode(secret, 'adam') });
    assert.equal(res.status, 303, complaint(res.body));
    assert.equal((await again.get('/admin/users')).status, 200);
  } finally {
    fs.writeFileSync(srv.configPath, conf);
  }
  assert.equal((await ada.get('/admin/pages')).status, 200, 'without the setting, ada works again');
  srv.cli(['user', 'del', 'adam']);
});
