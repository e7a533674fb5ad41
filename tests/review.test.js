'use strict';
/*
 * tests/review.test.js: the review of drafts (issue 18, point 3), behind
 * nginx (RC_SERVER=apache: behind Apache, as tests/review-apache.test.js
 * runs it). eddie the editor reviews what cora the contributor submits,
 * on the seeded site:
 *
 *   - the round trip: cora submits a draft; it waits on eddie's
 *     dashboard with who and when, and links to preview it, compare it
 *     with the live version and open it; eddie sends it back with a
 *     comment (required, limited), which cora sees on her dashboard and
 *     her form; she submits it again; eddie publishes it, and visitors
 *     see it; every step is in the record's history and the latest
 *     changes;
 *   - a draft saved again while in review stays in review;
 *   - a contributor's session cannot publish or send back through any
 *     address or form: each is refused and changes nothing.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { serveSuite, query, request, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the review suite')) return;
const { browserKit, complaint, revisionsOf, diffOf } = require('./lib/editor.js');
const { textOf, forms, anchors, heading, decode } = require('./lib/html.js');

const T = { timeout: 120000 };
const USERS = { eddie: 'eddie: the editor here', cora: 'cora: contributes drafts' };
const ROLES = { eddie: 'editor', cora: 'contributor' };
const FORBIDDEN = 'Not allowed for your role';

let srv;
serveSuite({ fastPasswords: true, publish: true, roles: ROLES }, USERS, (s) => {
  srv = s;
});

const db = (text) => query(srv.dbPath, text);
const one = (text) => db(text)[0];

const { loggedIn, create } = browserKit({
  url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS,
});

/* Everything a refused request must leave as it was. */
function state() {
  return JSON.stringify({
    revisions: db('SELECT id FROM revision ORDER BY id'),
    drafts: db('SELECT * FROM draft ORDER BY entity, record_id'),
    pages: db('SELECT id, version, published, title FROM page ORDER BY id'),
  });
}

/* The section of a dashboard under the heading called title, as text and
 * its links, or null. */
function dashboardList(html, title) {
  const m = new RegExp(`<section class="review-list"[^>]*>\\s*<h2[^>]*>${title}</h2>([\\s\\S]*?)</section>`).exec(html);
  return m ? { text: textOf(m[1]), links: anchors(m[1]), html: m[1] } : null;
}

/* The actions of the forms of a page with a "Publish draft" button. */
function publishButtons(html) {
  return forms(html).filter((f) => /<button[^>]*value="publish"[^>]*>Publish draft<\/button>/.test(f.html))
    .map((f) => f.action);
}

/* A page of eddie's, published, for cora to draft: its id. */
async function pageToReview(eddie, path, title) {
  return create(eddie, 'page', '', { path, title, summary: '', body: 'The first text.', published: '1' });
}

/* cora's form of page id, changed and sent with the button action
 * ("submit": Submit for review, "draft": Save draft). */
async function coraSends(cora, id, values, action) {
  const { form } = await cora.openForm(`/admin/edit?type=page&id=${id}`);
  return cora.submit(form, { ...values, action });
}

/* The review form on eddie's edit form of page id, and the page. */
async function reviewForm(eddie, id) {
  const { res } = await eddie.openForm(`/admin/edit?type=page&id=${id}`);
  const form = forms(res.body).find((f) => f.action === '/admin/review');
  return { res, form };
}

test('review round trip: submit, send back with a comment, submit again, publish', T, async () => {
  const eddie = await loggedIn('eddie');
  const cora = await loggedIn('cora');
  const id = await pageToReview(eddie, '/review-trip/', 'Review trip');

  // cora submits a draft.
  let res = await coraSends(cora, id, { title: 'Review trip, by cora' }, 'submit');
  assert.equal(res.status, 303, complaint(res.body));
  assert.match(res.headers.location, /draft=submitted/);
  let page = await cora.get(res.headers.location);
  assert.match(textOf(page.body), /Submitted for review\. In review: submitted by cora at/);
  assert.equal(forms(page.body).find((f) => f.action === '/admin/review'), undefined, 'no review form for her');
  assert.equal(one(`SELECT review, submitted_by FROM draft WHERE record_id = '${id}'`).review, 'submitted');
  assert.equal((await request(srv.url, '/review-trip/')).body.includes('by cora'), false, 'not live');
  const mine = dashboardList((await cora.get('/admin/')).body, 'Your drafts in review');
  assert.ok(mine && /Review trip, by cora \(page\), submitted/.test(mine.text), "on cora's dashboard");

  // It waits on eddie's dashboard: who, when, and the links to review it.
  let queue = dashboardList((await eddie.get('/admin/')).body, 'Awaiting review');
  assert.ok(queue, 'the editor has a review queue');
  assert.match(queue.text, /Review trip, by cora \(page\)\s+by cora, \d+ \w+ \d{4}, \d\d:\d\d/);
  const link = (label) => queue.links.find((a) => a.label.startsWith(label))?.href;
  const preview = await eddie.get(link('Preview'));
  assert.equal(preview.status, 200, complaint(preview.body));
  assert.match(preview.body, /<h1[^>]*>Review trip, by cora<\/h1>/, 'the preview shows the draft');
  const compare = await eddie.get(link('Compare with live'));
  assert.equal(compare.status, 200, complaint(compare.body));
  assert.match(textOf(compare.body), /1 field differs/);
  assert.deepEqual(diffOf(compare.body).Title, ['Review trip', 'Review trip, by cora'],
    'the live version against the draft');
  assert.equal(link('Review'), `/admin/edit?type=page&id=${id}`);

  // Sending back needs a comment, of limited size.
  let { form, res: formPage } = await reviewForm(eddie, id);
  assert.ok(form, 'the editor has the review form');
  assert.match(textOf(formPage.body), /In review: submitted by cora/);
  assert.deepEqual(publishButtons(formPage.body), ['/admin/review'], 'one Publish draft button: the review form\'s');
  for (const [comment, why] of [['', /comment is required/], ['x'.repeat(2001), /2000 characters/]]) {
    const before = JSON.stringify(db('SELECT * FROM draft')) + JSON.stringify(db('SELECT id FROM revision'));
    res = await eddie.submit(form, { comment, do: 'send_back' });
    assert.equal(res.status, 422, `refused comment: ${complaint(res.body)}`);
    assert.match(textOf(res.body), why);
    const kept = forms(res.body).find((f) => f.action === '/admin/review');
    assert.equal(new Map(kept.fields).get('comment'), comment, 'the comment is kept');
    assert.equal(JSON.stringify(db('SELECT * FROM draft')) + JSON.stringify(db('SELECT id FROM revision')), before,
      'nothing changed');
  }
  // As a browser sends a textarea: CRLF line ends, kept as LF.
  res = await eddie.submit(form, { comment: 'Please cite the RFC.\r\nAnd say "running code".', do: 'send_back' });
  assert.equal(res.status, 303, complaint(res.body));
  const sentBack = one(`SELECT review, comment FROM draft WHERE record_id = '${id}'`);
  assert.deepEqual([sentBack.review, sentBack.comment], ['sent back', 'Please cite the RFC.\nAnd say "running code".']);
  queue = dashboardList((await eddie.get('/admin/')).body, 'Awaiting review');
  assert.match(queue.text, /No draft awaits review/, 'out of the queue');
  res = await eddie.submit(form, { comment: 'Twice', do: 'send_back' });
  assert.equal(res.status, 409, 'a draft sent back is not in review any more');
  assert.match(complaint(res.body), /not waiting for review/);

  assert.deepEqual(publishButtons((await eddie.get(`/admin/edit?type=page&id=${id}`)).body), ['/admin/draft'],
    'a draft not in review has its own Publish draft');

  // cora sees why, on her dashboard and on her form.
  const back = dashboardList((await cora.get('/admin/')).body, 'Sent back to you');
  assert.ok(back, "cora's dashboard lists it");
  assert.match(back.text, /Review trip, by cora \(page\)\s+by eddie, .*Please cite the RFC\.\s+And say "running code"\./);
  assert.equal(back.links[0].href, `/admin/edit?type=page&id=${id}`);
  page = await cora.get(back.links[0].href);
  assert.match(textOf(page.body), /Sent back to you by eddie at .*: Please cite the RFC\./);
  assert.match(page.body, /Please cite the RFC\.\nAnd say &quot;running code&quot;\./, 'her comment, escaped, lines kept');

  // She saves the draft (still sent back), then submits it again.
  res = await coraSends(cora, id, { body: 'The text, citing RFC 7942.' }, 'draft');
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(one(`SELECT review FROM draft WHERE record_id = '${id}'`).review, 'sent back', 'a save keeps the comment');
  res = await coraSends(cora, id, {}, 'submit');
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(dashboardList((await cora.get('/admin/')).body, 'Sent back to you'), null, 'no longer sent back');
  assert.equal(one(`SELECT comment FROM draft WHERE record_id = '${id}'`).comment, null);

  // eddie publishes it from the review form, with a comment.
  ({ form } = await reviewForm(eddie, id));
  res = await eddie.submit(form, { comment: 'Thanks, published.', do: 'publish' }, { action: '/admin/draft' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(one(`SELECT count(*) AS n FROM draft WHERE record_id = '${id}'`).n, 0, 'the draft is gone');
  const live = await request(srv.url, '/review-trip/');
  assert.equal(live.status, 200);
  assert.match(live.body, /Review trip, by cora/);
  assert.match(live.body, /citing RFC 7942/);
  assert.match(dashboardList((await eddie.get('/admin/')).body, 'Awaiting review').text, /No draft awaits review/);

  // Every step in the history and in the latest changes.
  const history = await eddie.get(`/admin/history?type=page&id=${id}`);
  const steps = revisionsOf(history.body).map((r) => `${r.action} by ${r.username}`);
  assert.deepEqual(steps.slice(0, 5),
    ['update by eddie', 'submit by cora', 'draft by cora', 'send back by eddie', 'submit by cora']);
  assert.match(history.body, /<blockquote class="revision-note"><p>Thanks, published\.<\/p><\/blockquote>/);
  assert.match(history.body, /<blockquote class="revision-note"><p>Please cite the RFC\.\nAnd say &quot;running code&quot;\.<\/p><\/blockquote>/);
  const audit = textOf((await eddie.get('/admin/audit')).body);
  assert.match(audit, /eddie update page: “?Thanks, published\./);
  assert.match(audit, /eddie send back page: “?Please cite the RFC\./);
  assert.match(audit, /cora submit page/);
});

test('a draft saved again while in review stays in review, and the queue says so', T, async () => {
  const eddie = await loggedIn('eddie');
  const cora = await loggedIn('cora');
  const id = await pageToReview(eddie, '/review-again/', 'Review again');
  assert.equal((await coraSends(cora, id, { title: 'First try' }, 'submit')).status, 303);
  const submittedAt = one(`SELECT submitted_at FROM draft WHERE record_id = '${id}'`).submitted_at;
  // A second later, so that the queue can tell the save from the submission.
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await coraSends(cora, id, { title: 'Second try' }, 'draft')).status, 303);
  const row = one(`SELECT review, submitted_at FROM draft WHERE record_id = '${id}'`);
  assert.equal(row.review, 'submitted');
  assert.equal(row.submitted_at, submittedAt, 'still submitted when it was');
  const queue = dashboardList((await eddie.get('/admin/')).body, 'Awaiting review');
  assert.match(queue.text, /Second try \(page\)\s+by cora, [^;]*; saved again by cora/);
  // Withdrawing is discarding: her own draft, out of the queue.
  const res = await cora.post('/admin/draft', { type: 'page', id, do: 'discard' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.doesNotMatch(dashboardList((await eddie.get('/admin/')).body, 'Awaiting review').text, /Second try/);
});

test("a contributor's session cannot publish or send back through any address or form", T, async () => {
  const eddie = await loggedIn('eddie');
  const cora = await loggedIn('cora');
  const id = await pageToReview(eddie, '/review-guarded/', 'Guarded');
  assert.equal((await coraSends(cora, id, { title: 'Guarded, by cora' }, 'submit')).status, 303);
  const submit = String(one(`SELECT max(id) AS id FROM revision WHERE record_id = '${id}' AND action = 'submit'`).id);
  const { form } = await cora.openForm(`/admin/edit?type=page&id=${id}`);
  const attempts = [
    ['publish her draft', () => cora.post('/admin/draft', { type: 'page', id, do: 'publish', comment: 'ok' })],
    ['send it back', () => cora.post('/admin/review', { type: 'page', id, do: 'send_back', comment: 'no' })],
    ['save it live', () => cora.submit(form, { title: 'Live by cora' })],
    ['save it live from the draft', () => cora.submit(form, { title: 'Live by cora', draft_shown: '1' })],
    ['schedule it', () => cora.submit(form, { go_live_at: '2099-01-01T10:00', action: 'submit' })],
    ['restore her submitted version', () => cora.post('/admin/restore', { revision: submit })],
    ['unpublish it', () => cora.submit(form, { published: null })],
  ];
  for (const [what, send] of attempts) {
    const before = state();
    const res = await send();
    assert.equal(res.status, 403, `${what}: 403 (${complaint(res.body)})`);
    assert.equal(heading(res.body), FORBIDDEN, `${what}: the role refusal`);
    assert.equal(state(), before, `${what}: nothing changed`);
  }
  const live = one(`SELECT title, published FROM page WHERE id = ${id}`);
  assert.deepEqual([live.title, live.published], ['Guarded', 1]);
  // An editor's publish goes through, and says so.
  const res = await eddie.post('/admin/draft', { type: 'page', id, do: 'publish' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(decode(one(`SELECT title FROM page WHERE id = ${id}`).title), 'Guarded, by cora');
});
