'use strict';
/*
 * tests/schedule.test.js: scheduled changes (issue 17, point 4), through
 * the real servers: nginx (conf/nginx-site.conf, or Apache with
 * RC_SERVER=apache: tests/schedule-apache.test.js) serving the pages the
 * admin and `runningcode publish --due` publish. An editor schedules a
 * draft to go live, or a page or program to be taken down, through the
 * edit form as a browser sends it; the clock is driven by running
 * `publish --due --now TIME`, as the shipped timer runs it every minute.
 *
 * The site's time zone is Europe/Berlin here, so that the form's times
 * (datetime-local, in the site's time zone) differ from the UTC the
 * database keeps.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer, query, request, BUILDDIR, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('scheduling suite')) return;
const { browserKit } = require('./lib/editor.js');
const { heading, programs, textOf } = require('./lib/html.js');

const T = { timeout: 120000 };
const USERS = { alice: 'alice: schedule password', bob: 'bob: schedule password' };
const ZONE = 'Europe/Berlin';

let srv;
const { loggedIn, edit } = browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS });

before(async () => {
  srv = await startServer({ fastPasswords: true, publish: true, timeZone: ZONE });
  for (const [name, pw] of Object.entries(USERS)) srv.addUser(name, pw);
}, { timeout: 30000 });

after(async () => {
  if (srv) await srv.stop();
}, { timeout: 30000 });

/* ---- times ---- */

const HOUR = 3600 * 1000;
/* A whole minute, hours from now. */
const at = (hours) => new Date(Math.floor((Date.now() + hours * HOUR) / 60000) * 60000);
/* d as the database keeps it: "2026-12-05T16:05:00Z". */
const utc = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
/* d as a datetime-local input shows it in the site's time zone. */
const local = (d) => new Intl.DateTimeFormat('sv-SE', {
  timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
}).format(d).replace(' ', 'T');
/* d as the admin shows it: "5 Dec 2026, 17:05". */
const readable = (d) => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
};

/* ---- the site ---- */

const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
const db = (text) => query(srv.dbPath, text);
const pageOf = (id) => db(`SELECT * FROM page WHERE id = ${Number(id)}`)[0];
const draftOf = (type, id) => db(`SELECT * FROM draft WHERE entity = ${lit(type)} AND record_id = ${lit(id)}`)[0];
const revisionCount = () => db('SELECT count(*) AS n FROM revision')[0].n;
const fileOf = (p) => path.join(srv.runtime, 'public', p, 'index.html');
const fileText = (p) => { try { return fs.readFileSync(fileOf(p), 'utf8'); } catch { return null; } };
const marker = () => fs.existsSync(path.join(srv.runtime, 'public.pending'));

/* Run `publish --due` as of time d; returns { status, stdout, stderr }. */
const due = (d) => srv.cli(['publish', '--due', '--now', utc(d)]);

/* Start `publish --due` as of d without waiting: { child, done }, done
 * resolving to its exit status (null when killed). */
function dueAsync(d) {
  const child = spawn(path.join(BUILDDIR, 'runningcode'), ['-c', srv.configPath, 'publish', '--due', '--now', utc(d)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => { out += b; });
  const done = new Promise((resolve) => child.on('close', (status) => resolve({ status, out })));
  return { child, done };
}

/* The heading visitors get at p: { status, title }. */
async function served(p) {
  const res = await request(srv.url, p);
  return { status: res.status, title: res.status === 200 ? heading(res.body) : null, body: res.body };
}

/* Schedule the edit values of record id to go live at d (local time in
 * the form); returns the response. */
async function schedule(b, type, id, values, d, status = 303) {
  return edit(b, type, id, { ...values, go_live_at: local(d) }, status);
}

/* ---- tests ---- */

test('a scheduled draft stays off the site until publish --due reaches its time, then goes live once', T, async () => {
  const b = await loggedIn('alice');
  const page = pageOf(27);
  const when = at(48);
  const res = await schedule(b, 'page', '27', { title: 'Tools, as scheduled' }, when);
  assert.match(res.headers.location, /draft=saved/, 'the editor lands on the form with the draft');
  const form = await b.get('/admin/edit?type=page&id=27&draft=saved');
  const text = textOf(form.body);
  assert.match(text, /Draft saved, not live/);
  assert.ok(text.includes(`goes live by itself at ${readable(when)}`), `the form says when, in ${ZONE}: ${text.slice(0, 600)}`);
  assert.ok(form.body.includes(`<time datetime="${utc(when)}">`), 'with a machine-readable time');
  assert.ok(form.body.includes(`value="${local(when)}"`), 'the go-live input shows the time in the site\'s zone');
  assert.equal(draftOf('page', '27').go_live_at, utc(when), 'kept in UTC');

  assert.equal((await served(page.path)).title, page.title, 'visitors still see the live page');
  assert.ok(!fileText(page.path).includes('as scheduled'), 'the published file is the live page');

  let r = due(new Date(when.getTime() - 60000));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '', 'nothing due a minute before: nothing said');
  assert.equal((await served(page.path)).title, page.title, 'still the live page a minute before');

  r = due(when);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 draft published, 0 records expired, 0 failed/);
  assert.equal((await served(page.path)).title, 'Tools, as scheduled', 'live at its time');
  assert.ok(fileText(page.path).includes('Tools, as scheduled'), 'its published file is new');
  assert.equal(draftOf('page', '27'), undefined, 'the draft is gone');
  const rev = db('SELECT * FROM revision WHERE entity = \'page\' AND record_id = \'27\' ORDER BY id DESC LIMIT 1')[0];
  assert.deepEqual([rev.action, rev.username], ['update', 'alice'], 'history names the editor who scheduled it');
  assert.equal(pageOf(27).version, page.version + 1);
  assert.ok(!marker(), 'no publish left unfinished');

  const revisions = revisionCount();
  r = due(new Date(when.getTime() + HOUR));
  assert.deepEqual([r.status, r.stdout], [0, ''], 'a second run finds nothing due');
  assert.equal(revisionCount(), revisions, 'and changes nothing');
});

test('a go-live time that has passed or is not a time is refused inline, the form kept, nothing saved', T, async () => {
  const b = await loggedIn('bob');
  const revisions = revisionCount();
  for (const [value, message] of [[local(at(-2)), /This time has passed/], ['31.12.2026 noon', /Enter a date and a time/]]) {
    const res = await edit(b, 'page', '24', { title: 'Lists, refused', go_live_at: value }, 422);
    const text = textOf(res.body);
    assert.match(text, message, `${value}: says why`);
    assert.match(text, /Please correct the fields below[\s\S]*Go live at/, 'the summary links the field');
    assert.ok(res.body.includes('value="Lists, refused"'), 'the typed title is kept');
    assert.ok(res.body.includes(`value="${value}"`), 'the typed time is kept');
    assert.ok(/id="f-go_live_at"[^>]*aria-invalid="true"/.test(res.body), 'the field is marked');
  }
  assert.equal(draftOf('page', '24'), undefined, 'no draft');
  assert.equal(revisionCount(), revisions, 'no revision');
});

test('a page taken down at its expiry: 404 for visitors, gone from the menus, in history', T, async () => {
  const b = await loggedIn('alice');
  const page = pageOf(28);
  const parent = await served('/how/');
  assert.ok(parent.body.includes(`href="${page.path}"`), 'the section links the page');
  const when = at(72);
  await edit(b, 'page', '28', { expires_at: local(when) });
  assert.equal(pageOf(28).expires_at, utc(when), 'the expiry is kept in UTC');
  assert.equal(pageOf(28).published, 1, 'still published until then');
  const form = await b.get('/admin/edit?type=page&id=28');
  assert.ok(form.body.includes(`value="${local(when)}"`), 'the form shows it in the site\'s time zone');
  assert.equal((await served(page.path)).status, 200);

  const r = due(when);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /0 drafts published, 1 record expired, 0 failed/);
  assert.equal((await served(page.path)).status, 404, 'taken down');
  assert.equal(fileText(page.path), null, 'its published file is gone');
  assert.ok(!(await served('/how/')).body.includes(`href="${page.path}"`), 'the section no longer links it');
  assert.deepEqual([pageOf(28).published, pageOf(28).expires_at], [0, null], 'unpublished, the expiry done');
  const rev = db('SELECT * FROM revision WHERE entity = \'page\' AND record_id = \'28\' ORDER BY id DESC LIMIT 1')[0];
  assert.equal(rev.username, 'schedule', 'history says the schedule did it');
  const history = textOf((await b.get('/admin/history?type=page&id=28')).body);
  assert.match(history, /Take down at/, 'the history shows the expiry field');

  // An expiry that has passed is refused at save time.
  const res = await edit(b, 'page', '28', { published: '1', expires_at: local(at(-1)) }, 422);
  assert.match(textOf(res.body), /Take down at: This time has passed/);
  assert.equal(pageOf(28).published, 0, 'nothing saved');
});

test('programs: a scheduled draft goes live on its page, an expired one leaves it', T, async () => {
  const b = await loggedIn('alice');
  const when = at(96);
  await schedule(b, 'program', '2', { title: 'Code sprints, as scheduled' }, when);
  await edit(b, 'program', '3', { expires_at: local(when) });
  const before = programs((await served('/how/runningcode/')).body).map((g) => g.title);
  assert.ok(before.includes('Code Sprint') && before.includes('CodeStand'), before.join(', '));

  const r = due(when);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 draft published, 1 record expired, 0 failed/);
  const now = programs((await served('/how/runningcode/')).body).map((g) => g.title);
  assert.ok(now.includes('Code sprints, as scheduled'), `the draft is live: ${now.join(', ')}`);
  assert.ok(!now.includes('CodeStand'), 'the expired program is gone');
  assert.ok(fileText('/how/runningcode/').includes('Code sprints, as scheduled'), 'in the published file too');
});

test('a scheduled draft whose record changed meanwhile is not published over it: the editor is told why', T, async () => {
  const alice = await loggedIn('alice');
  const bob = await loggedIn('bob');
  const child = pageOf(9);
  const when = at(120);
  await schedule(alice, 'page', '9', { title: 'Meeting 101, scheduled' }, when);
  // Bob renames the parent: the child moves along, a new live version.
  await edit(bob, 'page', '25', { path: '/how/meetings-and-events/' });
  const moved = pageOf(9);
  assert.notEqual(moved.path, child.path);

  const r = due(when);
  assert.equal(r.status, 1, 'a failed scheduled change fails the run');
  assert.match(r.stdout, /0 drafts published, 0 records expired, 1 failed/);
  assert.match(r.stderr, /live version was changed after this draft was made/);
  assert.equal((await served(moved.path)).title, child.title, 'visitors keep the live page');
  const draft = draftOf('page', '9');
  assert.ok(draft, 'the draft is kept');
  assert.equal(draft.go_live_at, null, 'no longer scheduled');
  const text = textOf((await alice.get('/admin/edit?type=page&id=9')).body);
  assert.match(text, /Not published as scheduled: the live version was changed after this draft was made/);
  assert.deepEqual([due(when).status, due(when).stdout], [0, ''], 'the next run does not try again');
  await edit(bob, 'page', '25', { path: '/how/meetings/' });
});

test('a scheduled draft merges with a change made meanwhile to other fields (a move of its parent), and goes live with both', T, async () => {
  const alice = await loggedIn('alice');
  const bob = await loggedIn('bob');
  await edit(alice, 'page', '31', { summary: 'Drafts, as alice left them.' });
  const when = at(130);
  await schedule(alice, 'page', '31', { title: 'Internet-Drafts, scheduled' }, when);
  // Bob renames the parent: the page moves along, a newer live version.
  await edit(bob, 'page', '29', { path: '/standards-and-drafts/' });
  assert.equal(pageOf(31).path, '/standards-and-drafts/ids/');
  const r = due(when);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 draft published/);
  const p = pageOf(31);
  assert.deepEqual([p.title, p.path], ['Internet-Drafts, scheduled', '/standards-and-drafts/ids/'],
    'the draft\'s title at the page\'s new path');
  assert.equal((await served(p.path)).title, 'Internet-Drafts, scheduled');
  await edit(bob, 'page', '29', { path: '/standards/' });
});

test('two runs at once make each due change once', T, async () => {
  const b = await loggedIn('alice');
  const ids = ['21', '19', '18', '20'];
  const when = at(144);
  const versions = ids.map((id) => pageOf(id).version);
  const revisions = revisionCount();
  for (const id of ids) await schedule(b, 'page', id, { title: `Topic ${id}, scheduled` }, when);
  const runs = [dueAsync(when), dueAsync(when)];
  const results = await Promise.all(runs.map((run) => run.done));
  assert.deepEqual(results.map((x) => x.status), [0, 0], 'both runs succeed');
  const published = results.map((x) => Number((/(\d+) drafts? published/.exec(x.out) || [0, 0])[1]));
  assert.equal(published[0] + published[1], ids.length, `each draft published once: ${results.map((x) => x.out)}`);
  for (const [i, id] of ids.entries()) {
    assert.equal(pageOf(id).version, versions[i] + 1, `page ${id}: one new version`);
    assert.equal((await served(pageOf(id).path)).title, `Topic ${id}, scheduled`);
  }
  assert.equal(revisionCount(), revisions + 2 * ids.length, 'a draft and an update revision per page, no more');
  assert.ok(!marker());
});

test('a run killed halfway leaves visitors the database\'s state, and the next run completes it', T, async () => {
  const b = await loggedIn('bob');
  const ids = ['11', '12', '13', '14', '15', '16', '38', '39', '7', '8', '10', '6'];
  const when = at(168);
  for (const id of ids) await schedule(b, 'page', id, { title: `Page ${id}, scheduled` }, when);
  const left = () => db('SELECT count(*) AS n FROM draft WHERE go_live_at IS NOT NULL')[0].n;
  // Whatever the moment of a kill: each page served is what the database holds.
  const servedAsHeld = async (moment) => {
    for (const id of ids) {
      const p = pageOf(id);
      assert.equal((await served(p.path)).title, p.title, `after a kill ${moment}: ${p.path} as the database holds it`);
    }
  };
  // A run killed at once, before it could change anything.
  const early = dueAsync(when);
  early.child.kill('SIGKILL');
  await early.done;
  await servedAsHeld('at once');
  // A run killed as soon as the database shows its first change: it dies
  // with work left however slow the machine is (a fixed delay may find
  // it not started yet, or done). Bounded: 5 runs, 10 s of polling each.
  let killedHalfway = false;
  for (let attempt = 1; attempt <= 5 && !killedHalfway && left() > 0; attempt++) {
    const before = left();
    const run = dueAsync(when);
    let ended = false;
    run.done.then(() => { ended = true; });
    const until = Date.now() + 10000;
    while (!ended && Date.now() < until && left() === before)
      await new Promise((resolve) => setTimeout(resolve, 1));
    run.child.kill('SIGKILL');
    const { status } = await run.done;
    const now = left();
    if (status === null && now > 0 && now < ids.length) killedHalfway = true;
    await servedAsHeld(`after its first change (run ${attempt})`);
  }
  assert.ok(killedHalfway, 'a run was killed with some changes made and some not');
  const r = due(when);
  assert.equal(r.status, 0, r.stderr);
  for (const id of ids) {
    const p = pageOf(id);
    assert.equal(p.title, `Page ${id}, scheduled`, `${p.path}: live after the next run`);
    assert.equal((await served(p.path)).title, p.title);
    assert.ok(fileText(p.path).includes(p.title), `${p.path}: its published file is current`);
  }
  assert.ok(!marker(), 'the next run finished what the killed one left');
  assert.equal(db('SELECT count(*) AS n FROM draft WHERE go_live_at IS NOT NULL')[0].n, 0, 'no scheduled draft is left');
});

test('a contributor cannot schedule: no go-live time on the form, and a forged one is refused with 403', T, async () => {
  const r = srv.cli(['user', 'add', 'carol', 'contributor'], { input: 'carol: schedule password\n' });
  assert.equal(r.status, 0, r.stderr);
  const { Browser } = browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, passwords: { carol: 'carol: schedule password' } });
  const carol = new Browser();
  assert.equal((await carol.login('carol')).status, 303);
  const { form } = await carol.openForm('/admin/edit?type=page&id=33');
  assert.ok(!form.fields.some(([k]) => k === 'go_live_at'), 'no go-live time offered');
  const revisions = revisionCount();
  const res = await carol.submit(form, { title: 'Scheduled by a contributor', action: 'draft', go_live_at: local(at(200)) });
  assert.equal(res.status, 403);
  assert.equal(draftOf('page', '33'), undefined, 'no draft');
  assert.equal(revisionCount(), revisions);
});

test('publish --due refuses a malformed --now and says how to write it', T, () => {
  const r = srv.cli(['publish', '--due', '--now', 'tomorrow']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--now TIME \(UTC, such as 2026-12-05T16:05:00Z\)/);
});

test('scheduling is offered only where it applies: not on a new record, not on a menu entry\'s expiry', T, async () => {
  const b = await loggedIn('alice');
  const fresh = await b.get('/admin/edit?type=page');
  assert.ok(!fresh.body.includes('name="go_live_at"'), 'a new page has no go-live time (it starts unpublished)');
  assert.ok(fresh.body.includes('name="expires_at"'), 'but can be given an expiry');
  const entry = await b.get('/admin/edit?type=menu_entry&id=1');
  assert.ok(entry.body.includes('name="go_live_at"'), 'a menu entry\'s draft can be scheduled');
  assert.ok(!entry.body.includes('name="expires_at"'), 'menu entries do not expire');
});
