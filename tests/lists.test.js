'use strict';
/*
 * tests/lists.test.js: what remained of issue 18 for a team of editors,
 * behind nginx (RC_SERVER=apache: behind Apache, as
 * tests/lists-apache.test.js runs it). ada the administrator, eddie the
 * editor, cora the contributor, dora disabled:
 *
 *   - the users list and the menus list searched, filtered and sorted by
 *     GET parameters, as the pages, programs and redirects lists are:
 *     the right rows in the right order, the choices kept in the form, a
 *     clear "no match", a hostile query escaped, a 3,000-character one
 *     refused with a clear 400, bad values 400;
 *   - publishing a draft whose links are broken: a warning naming each
 *     link, with "Publish anyway" (a second POST, its CSRF token and
 *     comment kept) and the draft's form to go back to; a draft without
 *     broken links publishes at once; a contributor still gets 403;
 *   - the dashboard's card of the file library: how many files, their
 *     size against files_max_mib, the latest uploads; editors only.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { serveSuite, query, sql, request, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the lists suite')) return;
const { browserKit, complaint } = require('./lib/editor.js');
const { decode, textOf, forms, selectOptions } = require('./lib/html.js');
const { samples } = require('./lib/upload.js');
const fs = require('node:fs');

const T = { timeout: 120000 };
const USERS = {
  ada: 'ada: analytical engine', eddie: 'eddie: the editor here', cora: 'cora: contributes drafts',
  dora: 'dora: away for a while',
};
const ROLES = { ada: 'administrator', eddie: 'editor', cora: 'contributor', dora: 'editor' };
const HOSTILE = '"><script>alert(1)</script>';

let srv;
serveSuite({ fastPasswords: true, publish: true, roles: ROLES }, USERS, (s) => {
  srv = s;
});

const db = (text) => query(srv.dbPath, text);
const one = (text) => db(text)[0];

const { loggedIn, create, edit } = browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS });

/* The user names of the users table of html, in order. */
const userNames = (html) => [...html.matchAll(/<tr data-user="([^"]*)">/g)].map((m) => decode(m[1]));
/* The labels of the rows (admin-row.tpl) of html, in order. */
const labels = (html) => [...html.matchAll(/<span class="tree-label">([^<]*)<\/span>/g)].map((m) => decode(m[1]));
const chosen = (html, name) => selectOptions(html, name)?.find((o) => o.selected)?.value;

/* Each bad request answers 400 with why, never a 500. */
async function refused(b, cases) {
  for (const [u, why] of cases) {
    const res = await b.get(u);
    assert.equal(res.status, 400, u.slice(0, 80));
    assert.match(textOf(res.body), why, u.slice(0, 80));
  }
}

test('the users list: searched by name or role, filtered by status, role and second factor, sorted; kept in the form', T, async () => {
  const ada = await loggedIn('ada');
  for (const name of ['cora', 'eddie', 'dora']) await loggedIn(name);
  assert.ok(query(srv.dbPath, "SELECT signed_in_at FROM user WHERE name = 'ada'")[0].signed_in_at
    >= Math.floor(Date.now() / 1000) - 600, 'a sign-in is noted when its session begins');
  sql(srv.dbPath, "UPDATE user SET disabled = 1 WHERE name = 'dora';"
    + " INSERT INTO user_totp (user_id, secret, enabled, created_at) SELECT id, 'x', 1, 0 FROM user WHERE name = 'cora';"
    // When each last signed in: cora first, then dora, eddie, ada.
    + " UPDATE user SET signed_in_at = 1000000000 + CASE name WHEN 'cora' THEN 1 WHEN 'dora' THEN 2"
    + "  WHEN 'eddie' THEN 3 ELSE 4 END;");

  let res = await ada.get('/admin/users');
  assert.equal(res.status, 200);
  assert.deepEqual(userNames(res.body), ['ada', 'cora', 'dora', 'eddie'], 'by name at first');
  assert.match(textOf(res.body), /Last sign-in/);

  res = await ada.get('/admin/users?q=edit');
  assert.deepEqual(userNames(res.body), ['dora', 'eddie'], 'the role\'s name searched too');
  assert.match(res.body, /name="q" type="search" value="edit"/, 'the search kept');
  res = await ada.get('/admin/users?q=ORA');
  assert.deepEqual(userNames(res.body), ['cora', 'dora'], 'any case');

  res = await ada.get('/admin/users?role=editor&status=active');
  assert.deepEqual(userNames(res.body), ['eddie'], 'active editors');
  assert.equal(chosen(res.body, 'role'), 'editor', 'the role kept');
  assert.equal(chosen(res.body, 'status'), 'active', 'the status kept');
  res = await ada.get('/admin/users?status=disabled');
  assert.deepEqual(userNames(res.body), ['dora']);
  res = await ada.get('/admin/users?totp=on');
  assert.deepEqual(userNames(res.body), ['cora'], 'two-factor on');
  assert.equal(chosen(res.body, 'totp'), 'on');
  res = await ada.get('/admin/users?totp=off&sort=name&order=desc');
  assert.deepEqual(userNames(res.body), ['eddie', 'dora', 'ada']);

  res = await ada.get('/admin/users?sort=role');
  assert.deepEqual(userNames(res.body), ['cora', 'dora', 'eddie', 'ada'], 'contributors, editors, administrators');
  res = await ada.get('/admin/users?sort=signed_in&order=desc');
  assert.deepEqual(userNames(res.body), ['ada', 'eddie', 'dora', 'cora'], 'the latest sign-in first');
  assert.equal(chosen(res.body, 'sort'), 'signed_in', 'the sort kept');
  assert.equal(chosen(res.body, 'order'), 'desc', 'the order kept');

  res = await ada.get('/admin/users?q=nobody+at+all');
  assert.equal(res.status, 200);
  assert.deepEqual(userNames(res.body), []);
  assert.match(textOf(res.body), /No user matches this search and filter\./);
  assert.match(res.body, /<a href="\/admin\/users">All of them<\/a>/, 'a way back to the whole list');

  res = await ada.get(`/admin/users?q=${encodeURIComponent(HOSTILE)}`);
  assert.equal(res.status, 200);
  assert.ok(!res.body.includes('<script>alert(1)'), 'the query escaped');
  assert.ok(res.body.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'), 'and kept in the form');

  await refused(ada, [[`/admin/users?q=${'x'.repeat(3000)}`, /one line of at most 200 characters/],
    ['/admin/users?role=owner', /role must be contributor, editor or administrator/],
    ['/admin/users?totp=maybe', /totp must be on or off/], ['/admin/users?status=gone', /status must be active or disabled/],
    ['/admin/users?sort=password', /sort must be name, role, signed_in or added/], ['/admin/users?order=up', /asc or desc/]]);

  const eddie = await loggedIn('eddie');
  assert.equal((await eddie.get('/admin/users?q=x')).status, 403, 'administrators only');
  sql(srv.dbPath, "DELETE FROM user_totp;");
});

test('the menus list: searched by label, address or page, filtered by menu, sorted; the trees unfiltered', T, async () => {
  const b = await loggedIn('eddie');
  let res = await b.get('/admin/menus');
  assert.equal(res.status, 200);
  assert.match(res.body, /<h2 id="main-menu-heading">Main menu<\/h2>/, 'the trees');
  assert.equal(labels(res.body).length, one('SELECT count(*) AS n FROM menu_entry').n, 'every entry');

  res = await b.get('/admin/menus?q=Email');
  assert.deepEqual(labels(res.body), ['Email list archive search', 'Email lists'], 'in the menus\' order');
  assert.ok(!res.body.includes('main-menu-heading'), 'one list, not the trees');
  assert.match(textOf(res.body), /2 entries found\./);
  assert.match(textOf(res.body), /in the Main menu › How we work/, 'each says where it is');
  assert.match(res.body, /name="q" type="search" value="Email"/);
  res = await b.get('/admin/menus?q=Email&sort=position&order=desc');
  assert.deepEqual(labels(res.body), ['Email lists', 'Email list archive search']);
  res = await b.get('/admin/menus?q=%2Fhow%2Frunningcode%2F');
  assert.deepEqual(labels(res.body), ['Running code'], 'by the page\'s path');

  res = await b.get('/admin/menus?q=ietf&menu=footer');
  assert.deepEqual(labels(res.body), ['IAOC', 'IETF Trust'], 'the footer\'s, by address or label');
  assert.equal(chosen(res.body, 'menu'), 'footer', 'the menu kept');
  res = await b.get('/admin/menus?q=ietf&menu=footer&sort=label&order=desc');
  assert.deepEqual(labels(res.body), ['IETF Trust', 'IAOC']);
  assert.equal(chosen(res.body, 'sort'), 'label');
  res = await b.get('/admin/menus?menu=footer&sort=label');
  assert.deepEqual(labels(res.body), db("SELECT label FROM menu_entry WHERE menu_id = 2").map((r) => r.label)
    .sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())), 'the whole footer menu by label');

  res = await b.get('/admin/menus?q=100%25');
  assert.deepEqual(labels(res.body), [], '% taken literally');
  assert.match(textOf(res.body), /No menu entry matches this search and filter\./);

  await create(b, 'menu_entry', '&place=footer', { label: `Odd ${HOSTILE}`, url: 'https://example.org/' });
  res = await b.get(`/admin/menus?q=${encodeURIComponent(HOSTILE)}`);
  assert.equal(res.status, 200);
  assert.deepEqual(labels(res.body), [`Odd ${HOSTILE}`], 'found, and shown escaped');
  assert.ok(!res.body.includes('<script>alert(1)'), 'never as markup');

  await refused(b, [[`/admin/menus?q=${'y'.repeat(3000)}`, /one line of at most 200 characters/],
    ['/admin/menus?menu=side', /menu must be main or footer/], ['/admin/menus?sort=url', /sort must be position or label/],
    ['/admin/menus?status=live', /no status to filter on/], ['/admin/menus?order=sideways', /asc or desc/]]);
});

/* Save values as the draft of page id through its form (Save draft). */
async function saveDraft(b, id, values, action = 'draft') {
  const { form } = await b.openForm(`/admin/edit?type=page&id=${id}`);
  const res = await b.submit(form, { ...values, action });
  assert.equal(res.status, 303, `save a draft of ${id}: ${complaint(res.body)}`);
}

/* The form of html that posts to /admin/draft with the button named text. */
const formWith = (html, action, text) => forms(html).find((f) => f.action === action && f.html.includes(`>${text}</button>`));
const liveBody = (id) => one(`SELECT body FROM page WHERE id = ${id}`).body;
const draftOf = (id) => db(`SELECT 1 FROM draft WHERE entity = 'page' AND record_id = '${id}'`).length > 0;

test('publishing a draft with broken links: a warning naming each, "Publish anyway" or back to the draft; none for a sound draft; a contributor 403', T, async () => {
  const eddie = await loggedIn('eddie');
  const hidden = await create(eddie, 'page', '', { path: '/lists/hidden-target/', title: 'Hidden target', summary: '', body: 'x' });
  assert.ok(hidden);
  const id = await create(eddie, 'page', '', { path: '/lists/linking/', title: 'Linking page', summary: '', body: 'First text.', published: '1' });
  const broken = 'Second text: [gone](/lists/no-such-page/), [hidden](/lists/hidden-target/), ![a missing picture](/files/0000-missing.png) and [fine](/how/runningcode/).';
  await saveDraft(eddie, id, { body: broken });

  // The draft's own Publish draft button.
  let page = await eddie.get(`/admin/edit?type=page&id=${id}`);
  const before = one('SELECT count(*) AS n FROM revision').n;
  let res = await eddie.submit(formWith(page.body, '/admin/draft', 'Publish draft'), { do: 'publish' });
  assert.equal(res.status, 200, complaint(res.body));
  const warning = textOf(/<div class="note links-warning broken-links"[\s\S]*?<\/form>\s*<\/div>/.exec(res.body)?.[0] ?? '');
  assert.match(warning, /Not published yet: this page's draft links to addresses of this site where visitors find no page/);
  assert.match(warning, /\/lists\/no-such-page\/\s*: no page has this address/, 'names the missing page');
  assert.match(warning, /\/lists\/hidden-target\/\s*: the page is not published/, 'the unpublished one');
  assert.match(warning, /\/files\/0000-missing\.png\s*: no file of the library has this address/, 'the missing file');
  assert.ok(!warning.includes('/how/runningcode/'), 'not the sound link');
  assert.equal(one('SELECT count(*) AS n FROM revision').n, before, 'nothing published');
  assert.equal(liveBody(id), 'First text.');
  assert.ok(draftOf(id), 'the draft kept');
  // Back to editing: the draft's own form is there, with the draft's text.
  const editing = forms(res.body).find((f) => f.action === '/admin/edit');
  assert.ok(editing.fields.some(([k, v]) => k === 'body' && v === broken), 'the form holds the draft');
  assert.ok(!res.body.includes('>Save anyway</button>'), 'no Save anyway: this is a publish');

  // Publish anyway: a second POST, with the page's CSRF token.
  const anyway = formWith(res.body, '/admin/draft', 'Publish anyway');
  assert.ok(anyway.fields.some(([k, v]) => k === 'csrf_token' && v === eddie.csrf), 'the CSRF token kept');
  assert.equal((await eddie.post('/admin/draft', anyway.fields.filter(([k]) => k !== 'csrf_token'), { token: false })).status, 403,
    'not without its token');
  res = await eddie.submit(anyway, { do: 'publish' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(liveBody(id), broken, 'published');
  assert.ok(!draftOf(id));
  assert.match(textOf((await request(srv.url, '/lists/linking/')).body), /Second text/, 'visitors see it');

  // A sound draft publishes at once.
  await saveDraft(eddie, id, { body: 'Third text, [fine](/how/runningcode/).' });
  page = await eddie.get(`/admin/edit?type=page&id=${id}`);
  res = await eddie.submit(formWith(page.body, '/admin/draft', 'Publish draft'), { do: 'publish' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(liveBody(id), 'Third text, [fine](/how/runningcode/).');

  // Review: cora submits a broken draft; eddie publishes it from the review
  // form with a comment, warned the same way, the comment kept.
  const cora = await loggedIn('cora');
  await saveDraft(cora, id, { body: 'Fourth text, [gone](/lists/gone-too/).' }, 'submit');
  assert.equal((await cora.post('/admin/draft', { type: 'page', id, do: 'publish' })).status, 403, 'a contributor does not publish');
  assert.equal((await cora.post('/admin/draft', { type: 'page', id, do: 'publish', confirm_links: '1' })).status, 403,
    'not even "anyway"');
  page = await eddie.get(`/admin/edit?type=page&id=${id}`);
  const review = forms(page.body).find((f) => f.action === '/admin/review');
  res = await eddie.submit(review, { comment: 'Fine by me.\nThe link comes later.', do: 'publish' }, { action: '/admin/draft' });
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(textOf(res.body), /\/lists\/gone-too\/\s*: no page has this address/);
  res = await eddie.submit(formWith(res.body, '/admin/draft', 'Publish anyway'), { do: 'publish' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(liveBody(id), 'Fourth text, [gone](/lists/gone-too/).');
  assert.equal(one(`SELECT note FROM revision WHERE entity = 'page' AND record_id = '${id}' ORDER BY id DESC LIMIT 1`).note,
    'Fine by me.\nThe link comes later.', 'the comment kept through the warning');

  // Saving live warns as before (the same list of links).
  res = await edit(eddie, 'page', id, { body: 'Fifth, [gone](/lists/gone-three/).' }, 200);
  assert.match(textOf(res.body), /Saved as a draft, not live: this page links to/);
  assert.match(res.body, />Save anyway<\/button>/);
});

test('the dashboard\'s file library card: how many files, their size against files_max_mib, the latest uploads; editors only', T, async () => {
  const conf = fs.readFileSync(srv.configPath, 'utf8');
  fs.writeFileSync(srv.configPath, `${conf}files_max_mib = 5\n`);
  try {
    const eddie = await loggedIn('eddie');
    const card = async (b) => {
      const res = await b.get('/admin/');
      assert.equal(res.status, 200);
      const cards = res.body.slice(res.body.indexOf('<ul class="cards">'));
      const li = [...cards.slice(0, cards.indexOf('</ul>')).matchAll(/<li><a href="\/admin\/files">[\s\S]*?<\/li>/g)].map((m) => textOf(m[0]));
      return li[0] ?? null;
    };
    assert.match(await card(eddie), /^Files\s*0 files, 0\.0 MB of 5 MB$/, 'an empty library');
    for (const [i, name] of ['First picture', 'Second picture', 'Third picture', 'Fourth <picture>'].entries()) {
      await eddie.get('/admin/files');
      const res = await eddie.upload('/admin/files', { name, alt: `The ${name}` },
        { name: 'p.png', type: 'image/png', data: samples.png(4 + i, 3) });
      assert.equal(res.status, 303, complaint(res.body));
    }
    const text = await card(eddie);
    assert.match(text, /4 files, 0\.1 MB of 5 MB/);
    assert.match(text, /Latest: Fourth <picture>, Third picture, Second picture$/, 'the newest three, escaped');
    assert.equal(await card(await loggedIn('ada')), text, 'administrators see it too');
    assert.equal(await card(await loggedIn('cora')), null, 'contributors do not');
  } finally {
    fs.writeFileSync(srv.configPath, conf);
  }
});
