'use strict';
/*
 * tests/tree.test.js: the page tree and the admin's lists (issue 18,
 * point 6), behind nginx (RC_SERVER=apache: behind Apache, as
 * tests/tree-apache.test.js runs it):
 *
 *   - the tree: each page under the nearest page above its path, in
 *     <details> that collapse without script, with its status (live,
 *     draft, scheduled, hidden) and its actions;
 *   - "Add child page" and "Duplicate": the new-page form filled in;
 *     "Move under…": the page and the pages below it move, every old
 *     address redirects;
 *   - the list searched, filtered and sorted by GET parameters, checked
 *     and kept in the form; wildcards taken literally;
 *   - bulk actions: publish, unpublish and delete of the records ticked,
 *     one confirmation, one revision each, and what was refused and why.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { serveSuite, query, sql, request, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the tree suite')) return;
const { browserKit, complaint } = require('./lib/editor.js');
const { decode, textOf, forms, selectOptions } = require('./lib/html.js');

const T = { timeout: 120000 };
const USERS = { alice: 'alice: correct horse', bob: 'bob: battery staple' };
const RUNNING_CODE_ID = '26';

let srv;
serveSuite({ fastPasswords: true, publish: true }, USERS, (s) => {
  srv = s;
  const r = s.cli(['user', 'role', 'bob', 'editor']);
  if (r.status !== 0) throw new Error(`user role bob: ${r.stderr}`);
});

const db = (text) => query(srv.dbPath, text);
const one = (text) => db(text)[0];
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
const revCount = () => one('SELECT count(*) AS n FROM revision').n;
const pageAt = (p) => one(`SELECT id, path, title, published, version FROM page WHERE path = ${lit(p)}`);
const status = async (p) => (await request(srv.url, p)).status;
/* Whether the page at p has its published file, and the folder is in place. */
const publishedFile = (p) => fs.existsSync(path.join(srv.runtime, 'public', p, 'index.html'))
  && !fs.existsSync(path.join(srv.runtime, 'public.pending'));

const { loggedIn, create, edit } = browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS });

/* The tree of /admin/pages: { path: parent path or null } for each node,
 * the parent being the node whose <details> holds it. */
function treeOf(html) {
  const tree = html.slice(html.indexOf('<ul class="tree page-tree"'));
  const parents = {};
  const stack = [];
  let last = null;
  for (const m of tree.matchAll(/<details open>|<\/details>|<a class="path tree-target" href="([^"]+)"/g)) {
    if (m[0] === '<details open>') stack.push(last);
    else if (m[0] === '</details>') stack.pop();
    else {
      last = decode(m[1]);
      parents[last] = stack.length ? stack[stack.length - 1] : null;
    }
  }
  return parents;
}

/* The text of the tree node, or table row, of the page at path. */
function rowOf(html, p) {
  const at = html.indexOf(`<a class="path tree-target" href="${p}"`) >= 0 ? html.indexOf(`<a class="path tree-target" href="${p}"`)
    : html.indexOf(`<a href="${p}">${p}</a>`);
  if (at < 0) return null;
  const start = Math.max(html.lastIndexOf('<div class="tree-row tree-node">', at), html.lastIndexOf('<tr>', at));
  const end = html.indexOf(html[start + 1] === 'd' ? '</div>' : '</tr>', at);
  return textOf(html.slice(start, end));
}

/* The paths a table of /admin/pages lists, in order. */
const tablePaths = (html) => [...html.matchAll(/<td data-label="Path" class="path"><a href="([^"]+)"/g)].map((m) => decode(m[1]));

/* Tick the pages (ids) in the bulk form of html, choose action, submit. */
function tick(b, html, ids, action) {
  const form = forms(html).find((f) => f.action === '/admin/bulk');
  assert.ok(form, 'the list has a bulk form');
  for (const id of ids) {
    assert.ok(html.includes(`<input type="checkbox" form="bulk-form" name="id" value="${id}"`), `record ${id} can be ticked`);
  }
  const fields = form.fields.filter(([k]) => k !== 'do').concat([['do', action]], ids.map((id) => ['id', String(id)]));
  return b.post('/admin/bulk', fields);
}

/* Submit the confirmation form of a bulk action's page. */
function confirm(b, html) {
  const form = forms(html).find((f) => f.action === '/admin/bulk');
  assert.ok(form, `the confirmation has a form: ${textOf(html).slice(0, 300)}`);
  return b.post('/admin/bulk', form.fields);
}

test('the tree: each page under the nearest page above its path, collapsible without script, with its status and actions', T, async () => {
  const b = await loggedIn('alice');
  const draftId = await create(b, 'page', '', { path: '/how/runningcode/tree-draft/', title: 'Tree draft', summary: '', body: 'x' });
  const hiddenId = await create(b, 'page', '', { path: '/how/tree-hidden/', title: 'Tree hidden', summary: '', body: 'x', published: '1' });
  await edit(b, 'page', hiddenId, { published: null });
  const scheduledId = await create(b, 'page', '', { path: '/how/tree-scheduled/', title: 'Tree scheduled', summary: '', body: 'x' });
  const { form } = await b.openForm(`/admin/edit?type=page&id=${scheduledId}`);
  assert.equal((await b.submit(form, { published: '1', action: 'draft' })).status, 303);
  sql(srv.dbPath, `UPDATE draft SET go_live_at = '2099-01-01T00:00:00Z' WHERE entity = 'page' AND record_id = '${scheduledId}';`);

  const res = await b.get('/admin/pages');
  assert.equal(res.status, 200);
  const tree = treeOf(res.body);
  assert.equal(tree['/'], null, 'the home page at the top');
  assert.equal(tree['/how/'], '/');
  assert.equal(tree['/how/runningcode/'], '/how/');
  assert.equal(tree['/how/runningcode/hackathons/'], '/how/runningcode/');
  assert.equal(tree['/how/runningcode/tree-draft/'], '/how/runningcode/', 'a new page under its parent');
  assert.equal(tree['/about/groups/iesg/statements/'], '/about/groups/', 'under the nearest page above it');
  assert.equal(Object.keys(tree).length, one('SELECT count(*) AS n FROM page').n, 'every page, once');
  assert.match(res.body, /<details open><summary>\d+ pages below “Running code”<\/summary>/, 'a page with pages below collapses them');
  const treeHtml = res.body.slice(res.body.indexOf('<ul class="tree page-tree"'));
  assert.doesNotMatch(treeHtml.slice(0, treeHtml.indexOf('</main>')), /<script|\bon[a-z]+=/, 'no script');
  assert.match(rowOf(res.body, '/how/runningcode/'), /Running code \/how\/runningcode\/ Live/);
  assert.match(rowOf(res.body, '/how/runningcode/tree-draft/'), /Tree draft .* Draft /);
  assert.match(rowOf(res.body, '/how/tree-hidden/'), /Tree hidden .* Hidden /);
  assert.match(rowOf(res.body, '/how/tree-scheduled/'), /Tree scheduled .* Scheduled Draft pending/);
  const node = rowOf(res.body, '/how/runningcode/');
  for (const action of ['Add child page', 'Move under…', 'Duplicate', 'Programs (4)', 'History']) {
    assert.ok(node.includes(action), `the node offers ${action}`);
  }
  assert.match(res.body, /href="\/admin\/edit\?type=page&amp;path=%2Fhow%2Frunningcode%2F"/, 'Add child page opens the form under it');
  assert.match(res.body, /href="\/admin\/move-page\?id=26"/);
  assert.match(res.body, /href="\/admin\/edit\?type=page&amp;copy=26"/);
  assert.ok(draftId);
});

test('add child page and duplicate: the new-page form filled in, nothing saved until the editor saves', T, async () => {
  const b = await loggedIn('alice');
  const before = revCount();
  const { form: child } = await b.openForm('/admin/edit?type=page&path=%2Fhow%2Frunningcode%2F');
  assert.equal(new Map(child.fields).get('path'), '/how/runningcode/', 'the parent path filled in');
  let res = await b.submit(child, { path: '/how/runningcode/a-child/', title: 'A child', body: 'Child.' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(pageAt('/how/runningcode/a-child/').published, 0, 'a new page, unpublished');

  const { form: copy } = await b.openForm(`/admin/edit?type=page&copy=${RUNNING_CODE_ID}`);
  const values = new Map(copy.fields);
  const source = one(`SELECT * FROM page WHERE id = ${RUNNING_CODE_ID}`);
  assert.equal(values.get('path'), '/how/runningcode-copy/');
  assert.equal(values.get('title'), `${source.title} (copy)`);
  assert.equal(values.get('body'), source.body, 'the body copied');
  assert.equal(values.get('summary'), source.summary);
  assert.ok(!values.has('id') || values.get('id') === '', 'a new record');
  assert.ok(!values.has('published'), 'unpublished');
  assert.equal(revCount(), before + 1, 'opening the copy saves nothing');
  res = await b.submit(copy);
  assert.equal(res.status, 303, complaint(res.body));
  const saved = pageAt('/how/runningcode-copy/');
  assert.notEqual(String(saved.id), RUNNING_CODE_ID);
  assert.equal(saved.published, 0);
  assert.equal(one(`SELECT body FROM page WHERE id = ${saved.id}`).body, source.body);
  assert.equal(one(`SELECT title FROM page WHERE id = ${RUNNING_CODE_ID}`).title, source.title, 'the original as it was');
  const missing = await b.get('/admin/edit?type=page&copy=999999');
  assert.equal(missing.status, 404, 'a copy of no page');
});

test('move under: the page and the pages below it go under the new parent, every old address redirects, one revision each', T, async () => {
  const b = await loggedIn('alice');
  const a = await create(b, 'page', '', { path: '/tree-a/', title: 'Tree A', summary: '', body: 'a', published: '1' });
  const kid = await create(b, 'page', '', { path: '/tree-a/kid/', title: 'Tree kid', summary: '', body: 'k', published: '1' });
  const target = await create(b, 'page', '', { path: '/tree-b/', title: 'Tree B', summary: '', body: 'b', published: '1' });
  const { res: opened, form } = await b.openForm(`/admin/move-page?id=${a}`, '/admin/move-page');
  assert.match(textOf(opened.body), /It is at \/tree-a\/ ?\. The page below it moves along with it\./);
  assert.ok(selectOptions(opened.body, 'parent').some((o) => o.value === String(target)), 'the new parent chosen from the pages');

  // Refused: under itself, under a page below it; nothing changes.
  const before = revCount();
  for (const parent of [a, kid]) {
    const res = await b.submit(form, { parent });
    assert.equal(res.status, 422, 'refused');
    assert.match(textOf(res.body), /A page cannot move under itself or a page below it\./);
  }
  assert.equal(revCount(), before, 'nothing changed');

  const res = await b.submit(form, { parent: target });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(one(`SELECT path FROM page WHERE id = ${a}`).path, '/tree-b/tree-a/');
  assert.equal(one(`SELECT path FROM page WHERE id = ${kid}`).path, '/tree-b/tree-a/kid/', 'the page below follows');
  assert.equal(db(`SELECT * FROM revision WHERE id > ${before} AND entity = 'page'`).length, 2, 'one revision per page');
  for (const [from, to] of [['/tree-a/', '/tree-b/tree-a/'], ['/tree-a/kid/', '/tree-b/tree-a/kid/']]) {
    const r = await request(srv.url, from);
    assert.equal(r.status, 301, `${from} redirects`);
    assert.equal(new URL(r.headers.location, srv.url).pathname, to);
    assert.equal(await status(to), 200);
  }
  assert.equal(treeOf((await b.get('/admin/pages')).body)['/tree-b/tree-a/kid/'], '/tree-b/tree-a/', 'the tree shows it there');

  // A page in the way is named.
  const other = await create(b, 'page', '', { path: '/tree-c/', title: 'Tree C', summary: '', body: 'c' });
  await create(b, 'page', '', { path: '/tree-c/tree-a/', title: 'In the way', summary: '', body: 'w' });
  const again = await b.openForm(`/admin/move-page?id=${a}`, '/admin/move-page');
  const clash = await b.submit(again.form, { parent: other });
  assert.equal(clash.status, 422);
  assert.match(textOf(clash.body), /In the way/, 'names the page in the way');
  assert.equal(one(`SELECT path FROM page WHERE id = ${a}`).path, '/tree-b/tree-a/', 'not moved');
});

test('the list: searched, filtered and sorted by GET parameters, kept in the form; wildcards literal; bad values 400', T, async () => {
  const b = await loggedIn('alice');
  const bob = await loggedIn('bob');
  await create(b, 'page', '', { path: '/list/rate-100/', title: 'Rate 100% sure', summary: '', body: 'x' });
  await create(b, 'page', '', { path: '/list/rate-1000/', title: 'Rate 1000 sure', summary: '', body: 'x' });
  await create(bob, 'page', '', { path: '/list/by_bob/', title: 'Zeta by bob', summary: '', body: 'x', published: '1' });
  await create(bob, 'page', '', { path: '/list/by-bob/', title: 'Alpha by bob', summary: '', body: 'x' });

  let res = await b.get('/admin/pages?view=list&q=100%25');
  assert.deepEqual(tablePaths(res.body), ['/list/rate-100/'], '% is a character, not a wildcard');
  assert.match(res.body, /name="q" type="search" value="100%"/, 'the search kept');
  res = await b.get('/admin/pages?view=list&q=by_bob');
  assert.deepEqual(tablePaths(res.body), ['/list/by_bob/'], '_ is a character too');
  res = await b.get('/admin/pages?view=list&author=bob&sort=title');
  assert.deepEqual(tablePaths(res.body), ['/list/by-bob/', '/list/by_bob/'], 'by author, sorted by title');
  assert.match(rowOf(res.body, '/list/by-bob/'), /bob/, 'the author shown');
  res = await b.get('/admin/pages?view=list&author=bob&sort=title&order=desc');
  assert.deepEqual(tablePaths(res.body), ['/list/by_bob/', '/list/by-bob/'], 'descending');
  assert.equal(selectOptions(res.body, 'order').find((o) => o.selected)?.value, 'desc', 'the order kept');
  assert.equal(selectOptions(res.body, 'sort').find((o) => o.selected)?.value, 'title', 'the sort kept');
  assert.match(res.body, /name="author" type="text" value="bob"/);
  res = await b.get('/admin/pages?q=%2Flist%2F&status=draft');
  assert.deepEqual(tablePaths(res.body).sort(), ['/list/by-bob/', '/list/rate-100/', '/list/rate-1000/'], 'a filter shows the list');
  assert.equal(selectOptions(res.body, 'status').find((o) => o.selected)?.value, 'draft');
  res = await b.get('/admin/pages?q=%2Flist%2F&status=live');
  assert.deepEqual(tablePaths(res.body), ['/list/by_bob/']);
  res = await b.get('/admin/pages?q=%2Flist%2F&draft=yes');
  assert.deepEqual(tablePaths(res.body), []);
  assert.match(textOf(res.body), /0 pages found\./);

  for (const [q, why] of [['status=gone', /status must be live, draft, scheduled or hidden/],
    ['draft=maybe', /draft pending/], ['sort=id', /sort must be path, title/], ['order=up', /asc or desc/],
    [`q=${'x'.repeat(201)}`, /one line of at most 200 characters/], ['q=a%0Ab', /one line/]]) {
    res = await b.get(`/admin/pages?${q}`);
    assert.equal(res.status, 400, q);
    assert.match(textOf(res.body), why, q);
  }
});

test('bulk actions: publish and unpublish the pages ticked after one confirmation, one revision each; the refused ones named with why', T, async () => {
  const b = await loggedIn('bob');
  const ids = [];
  for (const n of [1, 2, 3]) {
    ids.push(await create(b, 'page', '', { path: `/bulk-test/p${n}/`, title: `Bulk test ${n}`, summary: '', body: 'x' }));
  }
  const listUrl = '/admin/pages?view=list&q=bulk-test';
  let list = await b.get(listUrl);
  const before = revCount();
  let res = await tick(b, list.body, ids, 'publish');
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(textOf(res.body), /Publish 3 pages\?/);
  for (const n of [1, 2, 3]) assert.ok(textOf(res.body).includes(`Bulk test ${n}`), 'each page named');
  assert.equal(revCount(), before, 'asking changes nothing');
  assert.equal(await status('/bulk-test/p1/'), 404);

  res = await confirm(b, res.body);
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(textOf(res.body), /Published 3 pages/);
  assert.match(res.body, new RegExp(`href="${listUrl.replace(/[?&]/g, (c) => (c === '?' ? '\\?' : '&amp;'))}[^"]*"`), 'back to the list as it was');
  for (const n of [1, 2, 3]) {
    assert.equal(await status(`/bulk-test/p${n}/`), 200, `p${n} is live`);
    assert.ok(publishedFile(`/bulk-test/p${n}/`), `p${n} is published, once for all, the folder back in place`);
  }
  const revs = db(`SELECT entity, record_id, action, username FROM revision WHERE id > ${before} ORDER BY id`);
  assert.deepEqual(revs.map((r) => [r.entity, r.action, r.username]), ids.map(() => ['page', 'update', 'bob']), 'one revision each');

  // Unpublish: a page that menus lead to is left as it is, and why.
  list = await b.get('/admin/pages');
  res = await tick(b, list.body, [ids[0], RUNNING_CODE_ID], 'unpublish');
  assert.equal(res.status, 200);
  assert.match(textOf(res.body), /Unpublish 1 page\?/);
  assert.match(textOf(res.body), /Left as they are \(1\) Running code: \d+ menu entr\w+, programs? or pages? leads? visitors to it/);
  res = await confirm(b, res.body);
  assert.match(textOf(res.body), /Unpublished 1 page/);
  assert.equal(await status('/bulk-test/p1/'), 404, 'unpublished');
  assert.ok(!publishedFile('/bulk-test/p1/'), 'its file removed');
  assert.equal(await status('/how/runningcode/'), 200, 'the linked page stays');

  // A page changed since the confirmation: its newer values are kept (merged).
  list = await b.get(listUrl);
  res = await tick(b, list.body, [ids[1], ids[2]], 'unpublish');
  await edit(b, 'page', ids[1], { title: 'Bulk test 2, retitled' });
  res = await confirm(b, res.body);
  assert.match(textOf(res.body), /Unpublished 2 pages/);
  assert.deepEqual(one(`SELECT title, published FROM page WHERE id = ${ids[1]}`), { title: 'Bulk test 2, retitled', published: 0 });

  // Already so, and pages are never deleted: said, nothing done.
  res = await b.post('/admin/bulk', [['type', 'page'], ['do', 'unpublish'], ['id', String(ids[0])]]);
  assert.match(textOf(res.body), /None of the records ticked can take this action\. Left as they are \(1\) Bulk test 1: It is unpublished already\./);
  res = await b.post('/admin/bulk', [['type', 'page'], ['do', 'delete'], ['id', String(ids[0])]]);
  assert.match(textOf(res.body), /Pages are not deleted/);

  // One confirmation, under CSRF: without the token, nothing.
  const count = revCount();
  res = await b.post('/admin/bulk', [['type', 'page'], ['do', 'publish'], ['confirm', '1'], ['item', `${ids[0]}@1`]], { token: false });
  assert.equal(res.status, 403);
  assert.equal(revCount(), count, 'nothing changed');
  // Nothing ticked, too many, or no such action: 400.
  res = await b.post('/admin/bulk', [['type', 'page'], ['do', 'publish']]);
  assert.equal(res.status, 400);
  assert.match(textOf(res.body), /Tick the records to change first/);
  res = await b.post('/admin/bulk', [['type', 'page'], ['do', 'publish'], ...Array.from({ length: 51 }, (_, i) => ['id', String(i + 1)])]);
  assert.equal(res.status, 400);
  assert.match(textOf(res.body), /at most 50 records at a time/);
  res = await b.post('/admin/bulk', [['type', 'page'], ['do', 'burn'], ['id', '1']]);
  assert.equal(res.status, 400);
  assert.equal(revCount(), count, 'nothing changed');
});

test('bulk actions on programs: unpublish and delete those ticked, one revision each; a record changed since the confirmation is refused', T, async () => {
  const b = await loggedIn('bob');
  const ids = [];
  for (const n of [1, 2, 3]) {
    ids.push(await create(b, 'program', `&page_id=${RUNNING_CODE_ID}`, { title: `Bulk program ${n}`, description: 'd', published: '1' }));
  }
  const list = await b.get(`/admin/programs?page=${RUNNING_CODE_ID}`);
  let res = await tick(b, list.body, [ids[0]], 'unpublish');
  res = await confirm(b, res.body);
  assert.match(textOf(res.body), /Unpublished 1 program/);
  assert.equal(one(`SELECT published FROM program WHERE id = ${ids[0]}`).published, 0);
  assert.ok(!textOf((await request(srv.url, '/how/runningcode/')).body).includes('Bulk program 1'), 'gone from the page');

  const before = revCount();
  res = await tick(b, list.body, ids, 'delete');
  assert.match(textOf(res.body), /Delete 3 programs\?/);
  await edit(b, 'program', ids[2], { title: 'Bulk program 3, changed' });
  res = await confirm(b, res.body);
  assert.equal(res.status, 200);
  assert.match(textOf(res.body), /Deleted 2 programs/);
  assert.match(textOf(res.body), /Refused \(1\) Bulk program 3, changed: Someone changed it since you confirmed/);
  assert.equal(one(`SELECT count(*) AS n FROM program WHERE id IN (${ids.join(',')})`).n, 1, 'the changed one stays');
  const deletes = db(`SELECT record_id FROM revision WHERE id > ${before} AND action = 'delete' ORDER BY id`);
  assert.deepEqual(deletes.map((r) => r.record_id), [ids[0], ids[1]].map(String), 'one revision each');
  const page = textOf((await request(srv.url, '/how/runningcode/')).body);
  assert.ok(!page.includes('Bulk program 2') && page.includes('Bulk program 3, changed'), 'the public page follows');
});

test('the programs and redirects lists: searched, filtered and sorted by GET parameters, kept in the form; bad values 400', T, async () => {
  const b = await loggedIn('alice');
  const labels = (html) => [...html.matchAll(/<span class="tree-label">([^<]*)<\/span>/g)].map((m) => decode(m[1]));
  for (const [title, published] of [['Filter 50% beta', '1'], ['Filter 500 alpha', '0']]) {
    await create(b, 'program', `&page_id=${RUNNING_CODE_ID}`, { title, description: 'd', published });
  }
  let res = await b.get(`/admin/programs?page=${RUNNING_CODE_ID}&q=50%25`);
  assert.equal(res.status, 200);
  assert.deepEqual(labels(res.body), ['Filter 50% beta'], '% taken literally');
  assert.match(res.body, /name="q" type="search" value="50%"/, 'the search kept');
  assert.match(res.body, /<input type="hidden" name="page" value="26">/, 'and the page');
  res = await b.get(`/admin/programs?page=${RUNNING_CODE_ID}&q=Filter&sort=title`);
  assert.deepEqual(labels(res.body), ['Filter 50% beta', 'Filter 500 alpha'], 'by title');
  res = await b.get(`/admin/programs?page=${RUNNING_CODE_ID}&q=Filter&sort=title&order=desc`);
  assert.deepEqual(labels(res.body), ['Filter 500 alpha', 'Filter 50% beta'], 'descending');
  assert.equal(selectOptions(res.body, 'order').find((o) => o.selected)?.value, 'desc');
  res = await b.get(`/admin/programs?page=${RUNNING_CODE_ID}&q=Filter&status=hidden`);
  assert.deepEqual(labels(res.body), ['Filter 500 alpha'], 'the hidden ones');
  assert.equal(selectOptions(res.body, 'status').find((o) => o.selected)?.value, 'hidden');
  res = await b.get(`/admin/programs?page=${RUNNING_CODE_ID}&q=nothing+like+it`);
  assert.match(res.body, /data-empty="No programs found\."/);
  res = await b.get(`/admin/programs?page=${RUNNING_CODE_ID}`);
  assert.equal(labels(res.body).length, one(`SELECT count(*) AS n FROM program WHERE page_id = ${RUNNING_CODE_ID}`).n, 'all of them');

  // Redirects: a page moved twice leaves two.
  const id = await create(b, 'page', '', { path: '/filter-r1/', title: 'Filter target', summary: '', body: 'x', published: '1' });
  await edit(b, 'page', id, { path: '/filter-r2/' });
  await edit(b, 'page', id, { path: '/filter-r3/' });
  res = await b.get('/admin/redirects?q=filter-r');
  assert.deepEqual(labels(res.body), ['/filter-r1/', '/filter-r2/']);
  res = await b.get('/admin/redirects?q=Filter+target&order=desc');
  assert.deepEqual(labels(res.body), ['/filter-r2/', '/filter-r1/'], 'by the page\'s title, descending');
  assert.equal(selectOptions(res.body, 'status'), null, 'redirects have no status');

  for (const [u, why] of [[`/admin/programs?page=${RUNNING_CODE_ID}&status=draft`, /status must be live or hidden/],
    [`/admin/programs?page=${RUNNING_CODE_ID}&sort=id`, /sort must be position or title/],
    ['/admin/redirects?status=live', /no status to filter on/], ['/admin/redirects?order=sideways', /asc or desc/],
    [`/admin/redirects?q=${'x'.repeat(201)}`, /one line of at most 200 characters/]]) {
    res = await b.get(u);
    assert.equal(res.status, 400, u);
    assert.match(textOf(res.body), why, u);
  }
});
