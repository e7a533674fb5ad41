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
 *   - the CLI's `user role`.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { serveSuite, query, sql, request, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the users suite')) return;
const { browserKit, complaint } = require('./lib/editor.js');
const { textOf, forms, nav, anchors, heading } = require('./lib/html.js');

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
    ['GET', `/admin/programs?page=${RUNNING_CODE_ID}`, null, 'contributor'],
    ['GET', '/admin/menus', null, 'editor'],
    ['GET', '/admin/redirects', null, 'administrator'],
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
    ada: ['/admin/', '/admin/menus', '/admin/pages', '/admin/redirects', '/admin/users', '/admin/deleted', '/admin/audit'],
    eddie: ['/admin/', '/admin/menus', '/admin/pages', '/admin/deleted', '/admin/audit'],
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
