'use strict';
/*
 * tests/publish.test.js: published pages stay fresh and cache well
 * (issue 6), through the real servers: nginx (conf/nginx-site.conf, or
 * Apache with RC_SERVER=apache: tests/publish-apache.test.js) serving the
 * files the admin publishes into <runtime>/public, and falling back to
 * runningcode-site for everything else. Run by `make check` as
 * `node --test-reporter=tap tests/publish.test.js`.
 *
 * "The worker's rendering" of a path is what runningcode-site answers on
 * its FastCGI socket (cgi-fcgi, past the web server): the published file
 * of a page must be those bytes exactly, and the web server must serve
 * them. Every edit goes through the admin as an editor's browser sends it
 * (tests/lib/editor.js), and its effect is checked on the very next
 * requests, then over the whole site (assertCurrent).
 *
 * One publishing server for the file (a second one, without publishing,
 * for the worker's own validators). Tests put back what they change in
 * the seed; drafts they make carry DRAFT_MARK, which no published file
 * and no page served may ever hold.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { spawnSync } = require('node:child_process');
const { startServer, sql, query, request, BUILDDIR, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('publishing suite')) return;
const { browserKit, revisionsOf, complaint } = require('./lib/editor.js');
const { decode, textOf, nav, anchors, mainMenu, programs, heading } = require('./lib/html.js');

const T = { timeout: 120000 };
const USERS = { alice: 'alice: publish password', bob: 'bob: publish password' };
const SERVER = process.env.RC_SERVER || 'nginx';
/* The worker's ETag: a hash of the bytes (http-validators.c). The web
 * servers derive theirs from the file (nginx "mtime-size", Apache
 * "inode-size-mtime" as conf/apache-site.conf asks, weak while the file
 * is under a second old). */
const WORKER_ETAG = /^"[0-9a-f]{32}"$/;
const FILE_ETAG = /^(W\/)?"[0-9a-f]+-[0-9a-f]+(-[0-9a-f]+)?"$/;
const DRAFT_MARK = 'DRAFTMARK';
/* The seed's "How we work" section (menu entry 7, page 22 /how/). */
const HOW_ENTRIES = ['Working groups', 'Email lists', 'Meetings and events', 'Running code', 'Online tools',
  'Community discussions'];
const SECTIONS = ['News & blog', 'Contact', 'Search', 'Tools', 'About', 'Topics of interest', 'How we work',
  'Internet standards'];

let srv;
const { loggedIn, create, edit, remove, move, restore } = browserKit({
  url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS,
});

before(async () => {
  srv = await startServer({ fastPasswords: true, publish: true });
  for (const [name, pw] of Object.entries(USERS)) srv.addUser(name, pw);
}, { timeout: 30000 });

after(async () => {
  if (srv) await srv.stop();
}, { timeout: 30000 });

/* ---- the database ---- */

const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
const db = (text, site = srv) => query(site.dbPath, text);
const publishedPaths = (site = srv) => db('SELECT path FROM page WHERE published ORDER BY path', site).map((r) => r.path);
const draftPaths = () => db('SELECT path FROM page WHERE NOT published ORDER BY path').map((r) => r.path);
const pageOf = (p) => db(`SELECT * FROM page WHERE path = ${lit(p)}`)[0];
const pathsBelow = (p) => db(`SELECT path FROM page WHERE published AND path LIKE ${lit(`${p}_%`)} ORDER BY path`)
  .map((r) => r.path);
const programOf = (id) => db(`SELECT * FROM program WHERE id = ${Number(id)}`)[0];
const entryOf = (id) => db(`SELECT * FROM menu_entry WHERE id = ${Number(id)}`)[0];

/* ---- the published folder and the worker ---- */

const publicDir = (site = srv) => path.join(site.runtime, 'public');
const fileOf = (p, site = srv) => path.join(publicDir(site), p, 'index.html');
/* Where a publish in progress (or one that failed) has set the folder
 * aside: the web server then finds no file (src/publish.h). */
const asideDir = (site = srv) => `${publicDir(site)}.pending`;
/* The compressed twins of every published file, and how to unpack one. */
const TWINS = [['.gz', (b) => zlib.gunzipSync(b)], ['.br', (b) => zlib.brotliDecompressSync(b)]];

/* The bytes of file f, or null when there is none. */
function readFile(f) {
  try {
    return fs.readFileSync(f);
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw e;
  }
}

/* Every file under dir, as paths relative to it ("how/index.html"). */
function filesUnder(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(dir, r));
    else out.push(r);
  }
  return out;
}

/*
 * The worker's answer for a GET of p, straight from its FastCGI socket:
 * { status, headers, body } with body a Buffer.
 */
function worker(p, site = srv) {
  const r = spawnSync('cgi-fcgi', ['-bind', '-connect', path.join(site.runtime, 'site.sock')], {
    env: { PATH: process.env.PATH, REQUEST_METHOD: 'GET', REQUEST_URI: p, QUERY_STRING: '' },
    timeout: 10000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `cgi-fcgi GET ${p}: ${r.stderr}`);
  const end = r.stdout.indexOf('\r\n\r\n');
  assert.ok(end >= 0, `the worker's answer for ${p} has a header`);
  const headers = {};
  for (const line of r.stdout.subarray(0, end).toString('latin1').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: headers.status ? parseInt(headers.status, 10) : 200, headers, body: r.stdout.subarray(end + 4) };
}

/*
 * `runningcode publish`, as the owner of the published folder: the admin's
 * user (under Apache started as root, www-data), as runningcode(8) says to
 * run it; a folder it could not write would refuse the admin's saves.
 */
function publishCli() {
  const { uid, gid } = fs.statSync(publicDir());
  const r = spawnSync(path.join(BUILDDIR, 'runningcode'), ['-c', srv.configPath, 'publish'], {
    encoding: 'utf8',
    timeout: 20000,
    ...(process.getuid() === uid ? {} : { uid, gid }),
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `runningcode publish: ${r.stderr}`);
  return r.stdout;
}

/* Whether text (a string or a Buffer) holds a draft's marker, as in its
 * title or body, or its path (in lower case). */
const showsDraft = (text) => text.includes(DRAFT_MARK) || text.includes(DRAFT_MARK.toLowerCase());

/* ---- the site as visitors get it ---- */

const get = (p, headers = {}, site = srv) => request(site.url, p, { headers });
/* Whether the web server answered res from a published file (its own
 * ETag), not through the worker. */
const fromFile = (res) => FILE_ETAG.test(res.headers.etag ?? '');

/* The breadcrumb of a page: the labels of its links, Home first. */
const breadcrumb = (html) => anchors(nav(html, 'Breadcrumb') ?? '').map((a) => a.label);
/* The entries a page with no body lists: [{ label, href, summary }]. */
function listing(html) {
  const ul = /<ul class="children">([\s\S]*?)<\/ul>/.exec(html);
  if (!ul) return [];
  return [...ul[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => {
    const [a] = anchors(m[1]);
    const p = /<p>([\s\S]*?)<\/p>/.exec(m[1]);
    return { label: a.label, href: a.href, summary: p ? textOf(p[1]) : '' };
  });
}
const description = (html) => {
  const m = /<meta name="description" content="([^"]*)">/.exec(html);
  return m ? decode(m[1]) : null;
};
const section = (html, label) => mainMenu(html).find((s) => s.label === label);

/* GET p: 200, with its HTML. */
async function page(p) {
  const res = await get(p);
  assert.equal(res.status, 200, `GET ${p}`);
  return res;
}

/* GET every published page, in turn, and run check(path, html) on each. */
async function everyPage(check) {
  const paths = publishedPaths();
  assert.ok(paths.length > 30, `the seed's pages are published (${paths.length})`);
  for (const p of paths) check(p, (await page(p)).body);
  return paths.length;
}

/*
 * The whole site is current: every published page is served (200) with
 * exactly the worker's rendering, and has its file with those bytes; no
 * draft has a file or is served; the folder holds nothing else, no
 * folder set aside is left, and nothing holds a draft's marker.
 */
async function assertCurrent(what, site = srv) {
  const pub = publishedPaths(site);
  for (const p of pub) {
    const res = await get(p, {}, site);
    const w = worker(p, site);
    assert.equal(w.status, 200, `${what}: the worker renders ${p}`);
    assert.equal(res.status, 200, `${what}: GET ${p}`);
    const file = readFile(fileOf(p, site));
    if (res.body !== w.body.toString('utf8')) {
      assert.fail(`${what}: GET ${p} gives the worker's rendering; it got ${res.body.length} bytes `
        + `(ETag ${res.headers.etag}, Last-Modified ${res.headers['last-modified']}), the worker ${w.body.length}, `
        + `the file ${file ? file.length : 'none'} (the response ${file && file.toString('utf8') === res.body ? 'is' : 'is not'} the file); `
        + `first difference: ${firstDifference(res.body, w.body.toString('utf8'))}`);
    }
    assert.ok(file, `${what}: ${p} has its file`);
    assert.ok(file.equals(w.body), `${what}: the file of ${p} is byte for byte the worker's rendering`);
    assert.ok(!showsDraft(file), `${what}: ${p} shows no draft`);
    for (const [suffix, unpack] of TWINS) {
      const twin = readFile(`${fileOf(p, site)}${suffix}`);
      assert.ok(twin, `${what}: ${p} has its ${suffix} twin`);
      assert.ok(unpack(twin).equals(w.body), `${what}: the ${suffix} twin of ${p} unpacks to the worker's rendering`);
    }
  }
  for (const p of db('SELECT path FROM page WHERE NOT published ORDER BY path', site).map((r) => r.path)) {
    assert.equal(readFile(fileOf(p, site)), null, `${what}: the draft ${p} has no file`);
    const res = await get(p, {}, site);
    assert.equal(res.status, 404, `${what}: the draft ${p} is not served`);
    assert.ok(!showsDraft(res.body), `${what}: the 404 of ${p} shows no draft`);
  }
  assert.deepEqual(filesUnder(publicDir(site)).sort(),
    pub.flatMap((p) => ['', ...TWINS.map(([suffix]) => suffix)].map((t) => `${p.slice(1)}index.html${t}`)).sort(),
    `${what}: the published folder holds the published pages' files and their twins, and nothing else`);
  assert.ok(!fs.existsSync(`${publicDir(site)}.pending`), `${what}: the folder is in place, not set aside`);
  assert.deepEqual(fs.readdirSync(site.runtime).filter((n) => n.startsWith('public.old')), [],
    `${what}: no set-aside folder is left`);
}

/*
 * Have every thread of the worker open its database connection (each
 * starts a new cache generation when it does): many requests at once for
 * an address only the worker answers ("/how" redirects).
 */
async function warmWorker(site = srv) {
  for (let round = 0; round < 5; round++) {
    const answers = await Promise.all(Array.from({ length: 16 }, () => get('/how', {}, site)));
    for (const a of answers) assert.equal(a.status, 301, 'the worker answers /how');
  }
}

/* Where strings a and b first differ, shown with some context. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const at = (s) => JSON.stringify(s.slice(Math.max(0, i - 60), i + 60));
  return `at ${i}: ${at(a)} / ${at(b)}`;
}

/* Wait until the clock is at most 50 ms into a second. */
async function startOfSecond() {
  const ms = Date.now() % 1000;
  if (ms > 50) await new Promise((r) => setTimeout(r, 1005 - ms));
}

/* ======================================================================
 * 1. The published folder after start
 * ==================================================================== */

test('after start every published page has its file, byte for byte the worker\'s rendering; drafts have none', T, async () => {
  const pub = publishedPaths();
  assert.equal(pub.length, 39, 'the seed publishes 39 pages');
  await assertCurrent('after start');

  // A draft (made behind the admin's back), then `runningcode publish`
  // renders everything afresh: still no file for the draft.
  const p = `/how/${DRAFT_MARK.toLowerCase()}-cli/`;
  sql(srv.dbPath, `INSERT INTO page (path, title, summary, body, published) VALUES (${lit(p)},
    ${lit(`Draft ${DRAFT_MARK} cli`)}, ${lit(`Summary ${DRAFT_MARK}`)}, ${lit(`Body ${DRAFT_MARK}`)}, 0);`);
  assert.match(publishCli(), /published 39 pages/);
  assert.equal(readFile(fileOf(p)), null, 'no file for the draft');
  assert.deepEqual(draftPaths(), [p]);
  await assertCurrent('after runningcode publish');
});

test('POST, PUT and DELETE on a published page answer 405 with Allow, as without publishing', T, async () => {
  assert.ok(readFile(fileOf('/how/runningcode/')), 'the page is published');
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const res = await request(srv.url, '/how/runningcode/', {
      method, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1',
    });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.allow, 'GET, HEAD', `${method}: Allow`);
    assert.ok(!res.body.includes('An unofficial motto'), `${method}: not the page`);
  }
});

/* ======================================================================
 * 2. Every edit shows at once, on every page it affects
 * ==================================================================== */

test('a program\'s new title shows on its page at the very next request, from the republished file', T, async () => {
  const b = await loggedIn('alice');
  const old = programOf(1);
  assert.equal(old.page_id, 26);
  try {
    await edit(b, 'program', 1, { title: 'IETF Hackathons, retitled' });
    const res = await page('/how/runningcode/');
    assert.equal(programs(res.body).find((g) => g.id === '1')?.title, 'IETF Hackathons, retitled');
    assert.ok(fromFile(res), `served from its published file (ETag ${res.headers.etag})`);
    assert.equal(res.body, readFile(fileOf('/how/runningcode/')).toString('utf8'), 'the file holds the new title');
    await assertCurrent('after a program edit');
  } finally {
    await edit(b, 'program', 1, { title: old.title });
  }
  assert.equal(programs((await page('/how/runningcode/')).body).find((g) => g.id === '1')?.title, old.title);
  await assertCurrent('after the program is back');
});

test('a refused form sets no pending marker and renders nothing: the web server keeps serving the files', T, async () => {
  const b = await loggedIn('alice');
  const files = filesUnder(publicDir());
  const stamp = (f) => fs.statSync(path.join(publicDir(), f)).mtimeMs;
  const before = new Map(files.map((f) => [f, stamp(f)]));
  const revisions = db('SELECT count(*) AS n FROM revision')[0].n;
  // Every name made or removed next to the folder (public.pending) and
  // in it, while the admin answers.
  const seen = [];
  const watchers = [path.dirname(publicDir()), publicDir(), path.join(publicDir(), 'how', 'runningcode')]
    .map((dir) => fs.watch(dir, (event, name) => seen.push(`${event} ${name}`)));
  try {
    for (const [type, id, values] of [['program', 1, { title: '' }], ['menu_entry', 8, { label: '' }],
      ['page', 26, { path: 'no slash' }]]) {
      const res = await edit(b, type, id, values, 422);
      assert.match(textOf(res.body), /Please correct the fields below/, `${type} ${id}: refused with the form`);
    }
    await new Promise((r) => setTimeout(r, 300));	// inotify's news arrives
  } finally {
    for (const w of watchers) w.close();
  }
  assert.deepEqual(seen, [], 'no marker set, no file written or removed');
  assert.deepEqual(new Map(filesUnder(publicDir()).map((f) => [f, stamp(f)])), before, 'every file as it was');
  assert.ok(!fs.existsSync(asideDir()), 'the folder not set aside');
  assert.equal(db('SELECT count(*) AS n FROM revision')[0].n, revisions, 'no revision');
  assert.ok(fromFile(await page('/how/runningcode/')), 'the page is still served from its file');
});

/* `runningcode check` as the publishing user: { status, stdout }. */
function checkCli() {
  const { uid, gid } = fs.statSync(fs.existsSync(asideDir()) ? asideDir() : publicDir());
  const r = spawnSync(path.join(BUILDDIR, 'runningcode'), ['-c', srv.configPath, 'check'], {
    encoding: 'utf8', timeout: 20000, ...(process.getuid() === uid ? {} : { uid, gid }),
  });
  if (r.error) throw r.error;
  return r;
}

test('a save whose publishing fails says so, and visitors get the saved version; the next save publishes every page again', T, async () => {
  const b = await loggedIn('alice');
  const rc = pageOf('/how/runningcode/');
  // Publishing the Running code page fails: a folder where its file goes.
  const file = fileOf('/how/runningcode/');
  fs.rmSync(file);
  fs.mkdirSync(file);
  try {
    const res = await edit(b, 'program', 1, { title: 'Saved, not published' }, 200);
    assert.equal(heading(res.body), 'Saved; publishing failed');
    assert.match(textOf(res.body), /Your change is saved/);
    assert.equal(programOf(1).title, 'Saved, not published', 'the change is in the database');
    assert.ok(fs.existsSync(asideDir()), 'the folder stays set aside');
    assert.ok(!fs.existsSync(publicDir()), 'the web server finds no file');
    const seen = await page('/how/runningcode/');
    assert.equal(programs(seen.body).find((g) => g.id === '1')?.title, 'Saved, not published', 'visitors get the saved version');
    assert.ok(!fromFile(seen), 'from the worker');
    // The stale copy of another page, as a crash halfway through publishing
    // could leave it: the next save must not serve it again.
    fs.writeFileSync(path.join(asideDir(), 'about', 'index.html'), 'stale copy');
    const r = checkCli();
    assert.equal(r.status, 1, 'runningcode check fails');
    assert.match(r.stdout, /the last publish did not finish/);
    assert.match(r.stdout, /a file that differs from its page: \/about\//);
    assert.match(r.stdout, /FAILED\s+published pages match the database/);
  } finally {
    fs.rmSync(path.join(asideDir(), 'how', 'runningcode', 'index.html'), { recursive: true, force: true });
  }
  // An ordinary save of another record, on another page.
  await edit(b, 'page', pageOf('/how/wgs/').id, { summary: `${pageOf('/how/wgs/').summary} ` }, 303);
  assert.ok(!fs.existsSync(asideDir()), 'the folder is back in place');
  assert.notEqual(readFile(fileOf('/about/')).toString('utf8'), 'stale copy', 'the stale copy is replaced');
  await assertCurrent('after the next save');
  assert.equal(checkCli().status, 0, 'runningcode check passes');
  await edit(b, 'program', 1, { title: programOf(1).title === rc.title ? rc.title : 'IETF Hackathons' });
  await assertCurrent('after the program is back');
});

test('a page\'s new title shows on it and in the breadcrumbs below it; its summary on the page that lists it', T, async () => {
  const b = await loggedIn('alice');
  const rc = pageOf('/how/runningcode/');
  const wgs = pageOf('/how/wgs/');
  const london = pageOf('/how/meetings/101/');
  const how = pageOf('/how/');
  try {
    // Title and summary of /how/runningcode/: itself, its four pages, and /how/.
    await edit(b, 'page', rc.id, { title: 'Running code, retitled', summary: 'Code that runs, summarised anew.' });
    let res = await page('/how/runningcode/');
    assert.equal(heading(res.body), 'Running code, retitled');
    assert.equal(description(res.body), 'Code that runs, summarised anew.');
    assert.ok(fromFile(res), 'from its file');
    const below = pathsBelow('/how/runningcode/');
    assert.equal(below.length, 4);
    for (const p of below) {
      res = await page(p);
      assert.deepEqual(breadcrumb(res.body).slice(0, 3), ['Home', 'How we work', 'Running code, retitled'],
        `the breadcrumb of ${p}`);
      assert.ok(fromFile(res), `${p} from its file`);
    }
    res = await page('/how/');
    assert.deepEqual(listing(res.body).find((e) => e.href === '/how/runningcode/'),
      { label: 'Running code', href: '/how/runningcode/', summary: 'Code that runs, summarised anew.' },
      '/how/ lists it with its new summary (under its menu label)');
    assert.ok(fromFile(res), '/how/ from its file');

    // The summary of /how/wgs/ on /how/.
    await edit(b, 'page', wgs.id, { summary: 'Where the standards get written, said anew.' });
    res = await page('/how/');
    assert.equal(listing(res.body).find((e) => e.href === '/how/wgs/')?.summary, 'Where the standards get written, said anew.');
    assert.equal(description((await page('/how/wgs/')).body), 'Where the standards get written, said anew.');

    // A page listed in another section: /how/meetings/101/ is under Tools.
    await edit(b, 'page', london.id, { summary: 'London, summarised anew.' });
    res = await page('/tools/');
    assert.equal(listing(res.body).find((e) => e.href === '/how/meetings/101/')?.summary, 'London, summarised anew.',
      '/tools/ lists it with its new summary');

    // The title of /how/: in the breadcrumb of every page below it, grandchildren too.
    await edit(b, 'page', how.id, { title: 'How we work, retitled' });
    const underHow = pathsBelow('/how/');
    assert.ok(underHow.length >= 11, `pages below /how/: ${underHow.length}`);
    for (const p of underHow) {
      res = await page(p);
      assert.equal(breadcrumb(res.body)[1], 'How we work, retitled', `the breadcrumb of ${p}`);
      assert.ok(!breadcrumb(res.body).includes('How we work'), `${p} has no old crumb`);
    }
    assert.equal(heading((await page('/how/')).body), 'How we work, retitled');
    await assertCurrent('after page edits');
  } finally {
    await edit(b, 'page', rc.id, { title: rc.title, summary: rc.summary });
    await edit(b, 'page', wgs.id, { summary: wgs.summary });
    await edit(b, 'page', london.id, { summary: london.summary });
    await edit(b, 'page', how.id, { title: how.title });
  }
  for (const p of pathsBelow('/how/runningcode/')) {
    assert.deepEqual(breadcrumb((await page(p)).body).slice(0, 3), ['Home', 'How we work', 'Running code'], p);
  }
  await assertCurrent('after the pages are back');
});

test('a page that lists the pages below it (no body, no menu entries below) is republished when one of them changes', T, async () => {
  const b = await loggedIn('alice');
  const child = pageOf('/how/meetings/101/');
  const fresh = 'The London meeting, summed up again.';
  try {
    await edit(b, 'page', child.id, { summary: fresh });
    assert.ok(readFile(fileOf('/how/meetings/')).includes(fresh), 'the listing page\'s file has the new summary');
    assert.ok((await get('/how/meetings/')).body.includes(fresh), 'and visitors get it');
    await assertCurrent('after a listed page changed');
  } finally {
    await edit(b, 'page', child.id, { summary: child.summary });
  }
});

test('one copy of a text: a program without a description shows its page\'s summary; editing the summary there changes both pages at once', T, async () => {
  const b = await loggedIn('alice');
  const hack = pageOf('/how/runningcode/hackathons/');
  assert.equal(programOf(1).description, '', 'the seed keeps the text on the page only');
  const text = 'Hackathons, described once, on their own page.';
  try {
    await edit(b, 'page', hack.id, { summary: text });
    const listing = programs((await page('/how/runningcode/')).body).find((g) => g.id === '1');
    assert.equal(listing.description, text, 'the program shows the page\'s new summary');
    assert.ok(readFile(fileOf('/how/runningcode/')).includes(text), 'in the published file too');
    assert.ok((await page('/how/runningcode/hackathons/')).body.includes(text), 'and the page itself');
    await assertCurrent('after the summary of a program\'s page changed');
  } finally {
    await edit(b, 'page', hack.id, { summary: hack.summary });
  }
});

test('a main-menu label shows on every published page at the very next requests', T, async () => {
  const b = await loggedIn('alice');
  const sec = entryOf(7);
  const child = entryOf(53);
  assert.equal(sec.label, 'How we work');
  try {
    await edit(b, 'menu_entry', 7, { label: 'How we work, relabelled' });
    let n = await everyPage((p, html) => {
      const labels = mainMenu(html).map((s) => s.label);
      assert.equal(labels[6], 'How we work, relabelled', `the main menu of ${p}`);
      assert.ok(!labels.includes('How we work'), `${p} keeps no old label`);
    });
    assert.ok(n >= 39);

    await edit(b, 'menu_entry', 53, { label: 'Running code, relabelled' });
    n = await everyPage((p, html) => {
      assert.deepEqual(section(html, 'How we work, relabelled').children.map((c) => c.label),
        HOW_ENTRIES.map((l) => (l === 'Running code' ? 'Running code, relabelled' : l)), `the How we work entries of ${p}`);
    });
    assert.ok(n >= 39);
    await assertCurrent('after menu labels changed');
  } finally {
    await edit(b, 'menu_entry', 7, { label: sec.label });
    await edit(b, 'menu_entry', 53, { label: child.label });
  }
  await everyPage((p, html) => {
    assert.deepEqual(mainMenu(html).map((s) => s.label), SECTIONS, `the sections of ${p}`);
    assert.deepEqual(section(html, 'How we work').children.map((c) => c.label), HOW_ENTRIES, `the entries of ${p}`);
  });
  await assertCurrent('after menu labels are back');
});

test('moving a menu entry changes the order on every page', T, async () => {
  const b = await loggedIn('bob');
  const moved = (list, a, i) => { const l = list.filter((x) => x !== a); l.splice(i, 0, a); return l; };
  try {
    let res = await move(b, 'menu_entry', 53, 'up');
    assert.equal(res.status, 303, complaint(res.body));
    await everyPage((p, html) => {
      assert.deepEqual(section(html, 'How we work').children.map((c) => c.label), moved(HOW_ENTRIES, 'Running code', 2),
        `Running code moved up, on ${p}`);
    });
    res = await move(b, 'menu_entry', 7, 'up');
    assert.equal(res.status, 303, complaint(res.body));
    await everyPage((p, html) => {
      assert.deepEqual(mainMenu(html).map((s) => s.label), moved(SECTIONS, 'How we work', 5), `How we work moved up, on ${p}`);
    });
    // /how/ lists its entries in the menu's order too.
    assert.deepEqual(listing((await page('/how/')).body).map((e) => e.label), moved(HOW_ENTRIES, 'Running code', 2));
    await assertCurrent('after moves');
  } finally {
    assert.equal((await move(b, 'menu_entry', 53, 'down')).status, 303);
    assert.equal((await move(b, 'menu_entry', 7, 'down')).status, 303);
  }
  await everyPage((p, html) => {
    assert.deepEqual(mainMenu(html).map((s) => s.label), SECTIONS, `the sections of ${p}`);
    assert.deepEqual(section(html, 'How we work').children.map((c) => c.label), HOW_ENTRIES, `the entries of ${p}`);
  });
  await assertCurrent('after moving back');
});

test('unpublishing a page: 404 at once, its file gone, its menu entry gone from every page', T, async () => {
  const b = await loggedIn('alice');
  const rc = pageOf('/how/runningcode/');
  assert.ok(readFile(fileOf('/how/runningcode/')), 'it has its file');
  try {
    // Menus, a program and other pages lead to it: the admin lists them
    // and asks first, changing nothing.
    const asked = await edit(b, 'page', rc.id, { published: null }, 200);
    assert.match(textOf(asked.body), /visitors reach this page at \/how\/runningcode\/ from the places below/);
    const listed = [...asked.body.matchAll(/<li><a href="\/admin\/edit\?type=(\w+)&amp;id=([^"]+)">([^<]*)<\/a>: ([^<]*)<\/li>/g)]
      .map((m) => `${m[1]} ${decode(m[3])}: ${decode(m[4])}`);
    assert.ok(listed.includes('menu_entry Running code: Main menu'), `the menu entry is listed: ${listed.join('; ')}`);
    assert.equal((await get('/how/runningcode/')).status, 200, 'still published');
    assert.ok(readFile(fileOf('/how/runningcode/')), 'its file is still there');
    await edit(b, 'page', rc.id, { published: null, confirm_unpublish: '1' });
    const res = await get('/how/runningcode/');
    assert.equal(res.status, 404, 'GET /how/runningcode/ is 404 at once');
    assert.equal(readFile(fileOf('/how/runningcode/')), null, 'its file is gone');
    await everyPage((p, html) => {
      assert.ok(!section(html, 'How we work').children.some((c) => c.label === 'Running code'), `no entry on ${p}`);
      assert.ok(!anchors(html).some((a) => a.href === '/how/runningcode/'), `no link to it on ${p}`);
    });
    // The pages below it stay, without it in their breadcrumbs.
    for (const p of pathsBelow('/how/runningcode/')) {
      assert.deepEqual(breadcrumb((await page(p)).body).slice(0, 2), ['Home', 'How we work'], p);
      assert.ok(!breadcrumb((await page(p)).body).includes('Running code'), p);
    }
    assert.ok(!listing((await page('/how/')).body).some((e) => e.href === '/how/runningcode/'), '/how/ no longer lists it');
    await assertCurrent('after unpublishing');
  } finally {
    await edit(b, 'page', rc.id, { published: '1' });
  }
  const res = await page('/how/runningcode/');
  assert.equal(heading(res.body), 'Running code');
  assert.ok(fromFile(res), 'published again: from its file');
  await everyPage((p, html) => {
    assert.deepEqual(section(html, 'How we work').children.map((c) => c.label), HOW_ENTRIES, `the entries of ${p}`);
  });
  await assertCurrent('after publishing again');
});

test('a page\'s new path: the old one 301s to it, the new one serves the page, menu links follow on every page; the page below it moves along', T, async () => {
  const b = await loggedIn('bob');
  const mt = pageOf('/how/meetings/');
  const london = pageOf('/how/meetings/101/');
  const check = async (from, to) => {
    for (const [old, now, title] of [[from, to, 'Meetings and events'], [`${from}101/`, `${to}101/`, london.title]]) {
      for (const asked of [old, old.slice(0, -1)]) {
        const res = await get(asked);
        assert.equal(res.status, 301, `GET ${asked}`);
        assert.equal(new URL(res.headers.location, srv.url).pathname, now, `${asked} redirects to ${now}`);
      }
      const served = await page(now);
      assert.equal(heading(served.body), title);
      assert.ok(fromFile(served), `${now} from its file`);
      assert.equal(readFile(fileOf(old)), null, `${old} has no file`);
      assert.ok(readFile(fileOf(now)), `${now} has its file`);
    }
    assert.equal(pageOf(`${to}101/`)?.id, london.id, 'the page below moved along');
    await everyPage((p, html) => {
      assert.deepEqual(section(html, 'How we work').children.find((c) => c.label === 'Meetings and events'),
        { label: 'Meetings and events', href: to }, `the entry on ${p}`);
      assert.ok(!anchors(html).some((a) => a.href === from), `no link to ${from} on ${p}`);
    });
    assert.equal(listing((await page('/how/')).body).find((e) => e.label === 'Meetings and events')?.href, to);
    // "Meetings and events" stays the parent of the page below it.
    const below = (await page(`${to}101/`)).body;
    assert.deepEqual(breadcrumb(below), ['Home', 'How we work', 'Meetings and events', 'IETF 101 London']);
    assert.ok(anchors(nav(below, 'Breadcrumb')).some((a) => a.href === to), `the breadcrumb links ${to}`);
    await assertCurrent(`after moving ${from} to ${to}`);
  };
  try {
    await edit(b, 'page', mt.id, { path: '/how/events/' });
    await check('/how/meetings/', '/how/events/');
  } finally {
    await edit(b, 'page', mt.id, { path: '/how/meetings/' });
  }
  await check('/how/events/', '/how/meetings/');
});

test('a new draft page never gets a file, and no published file or page served shows it', T, async () => {
  const b = await loggedIn('alice');
  const mark = `${DRAFT_MARK}-${process.pid}-${Date.now().toString(36)}`;
  const p = `/how/${mark.toLowerCase()}/`;
  const id = await create(b, 'page', '', {
    path: p, title: `Unreleased ${mark}`, summary: `Secret summary ${mark}`, body: `Secret body ${mark}`,
  });
  assert.equal(pageOf(p).published, 0, 'a new page starts as a draft');
  assert.equal(readFile(fileOf(p)), null, 'no file for the draft');
  // A menu entry and a program lead to it: neither shows it.
  // Each links to a page not published: the editor saves anyway (links.test.js).
  const entry = await create(b, 'menu_entry', '&place=7', { label: `Entry to ${mark}`, page_id: id, url: '', confirm_links: '1' });
  const prog = await create(b, 'program', '&page_id=26',
    { title: 'Links a draft', description: 'Its link waits.', link_page_id: id, link_url: '', published: '1', confirm_links: '1' });
  await edit(b, 'page', id, { body: `Secret body, edited ${mark}` });
  try {
    assert.equal(readFile(fileOf(p)), null, 'still no file after an edit');
    const res = await get(p);
    assert.equal(res.status, 404, 'the draft is not served');
    assert.ok(!showsDraft(res.body), 'its 404 shows nothing of it');
    const g = programs((await page('/how/runningcode/')).body).find((x) => x.id === String(prog));
    assert.deepEqual([g?.title, g?.href], ['Links a draft', null], 'the program shows, without the link');
    for (const f of filesUnder(publicDir())) assert.ok(!showsDraft(fs.readFileSync(path.join(publicDir(), f))), `${f} holds no draft`);
    await everyPage((q, html) => assert.ok(!showsDraft(html), `${q} shows no draft`));
    for (const q of ['/search/?q=Unreleased', '/search/?q=secret', '/sitemap.xml']) {
      const r = await get(q);
      assert.equal(r.status, 200, q);
      assert.ok(!showsDraft(r.body), `${q} shows no draft`);
    }
    await assertCurrent('with a draft');
  } finally {
    // The draft stays (a draft); what leads to it goes.
    await remove(b, 'menu_entry', entry);
    await remove(b, 'program', prog);
  }
  await assertCurrent('after the draft test');
});

/* Save record id's form as a draft with changes ("Save draft"). */
async function saveDraft(b, type, id, changes) {
  const { form } = await b.openForm(`/admin/edit?type=${type}&id=${id}`);
  const res = await b.submit(form, { ...changes, action: 'draft' });
  assert.equal(res.status, 303, `draft of ${type} ${id}: ${complaint(res.body)}`);
}

/* Press "Publish draft" or "Discard draft" on record id's form. */
async function draftAction(b, type, id, what) {
  const { form } = await b.openForm(`/admin/edit?type=${type}&id=${id}`, '/admin/draft');
  const res = await b.submit(form, { do: what });
  assert.equal(res.status, 303, `${what} the draft of ${type} ${id}: ${complaint(res.body)}`);
}

test('drafts of a live page, program and menu entry write, touch or remove no file and set no marker; no page, search or sitemap shows them; publishing the page\'s draft republishes it at once', T, async () => {
  const b = await loggedIn('alice');
  const mark = `${DRAFT_MARK}-${process.pid}-${Date.now().toString(36)}`;
  const old = pageOf('/how/runningcode/');
  const files = filesUnder(publicDir());
  const stamp = (f) => fs.statSync(path.join(publicDir(), f)).mtimeMs;
  const bytes = new Map(files.map((f) => [f, readFile(path.join(publicDir(), f))]));
  const stamps = new Map(files.map((f) => [f, stamp(f)]));
  const seen = [];
  const watchers = [path.dirname(publicDir()), publicDir(), path.join(publicDir(), 'how', 'runningcode')]
    .map((dir) => fs.watch(dir, (event, name) => seen.push(`${event} ${name}`)));
  try {
    await saveDraft(b, 'page', old.id, { title: `Drafted ${mark}`, body: `Drafted body ${mark}` });
    await saveDraft(b, 'program', 1, { title: `Drafted program ${mark}` });
    await saveDraft(b, 'menu_entry', 8, { label: `Drafted entry ${mark}` });
    await new Promise((r) => setTimeout(r, 300));	// inotify's news arrives
  } finally {
    for (const w of watchers) w.close();
  }
  try {
    assert.deepEqual(seen, [], 'no marker set, no file written or removed');
    assert.deepEqual(new Map(filesUnder(publicDir()).map((f) => [f, stamp(f)])), stamps, 'every file untouched');
    for (const [f, b0] of bytes) assert.ok(readFile(path.join(publicDir(), f)).equals(b0), `${f} byte for byte as it was`);
    assert.ok(!fs.existsSync(asideDir()), 'the folder not set aside');
    const res = await page('/how/runningcode/');
    assert.ok(fromFile(res), 'the page is still served from its file');
    assert.equal(heading(res.body), old.title);
    for (const q of ['/search/?q=drafted', '/search/?q=entry', '/sitemap.xml']) {
      const r = await get(q);
      assert.equal(r.status, 200, q);
      assert.ok(!showsDraft(r.body), `${q} shows no draft`);
    }
    // Every page served and its file as the worker renders it, none with a draft.
    await assertCurrent('with drafts of live records');
  } finally {
    await draftAction(b, 'page', old.id, 'discard');
    await draftAction(b, 'program', 1, 'discard');
    await draftAction(b, 'menu_entry', 8, 'discard');
  }
  assert.equal(db('SELECT count(*) AS n FROM draft')[0].n, 0, 'every draft discarded');

  try {
    await saveDraft(b, 'page', old.id, { title: 'Running code, from its draft' });
    assert.equal(heading((await page('/how/runningcode/')).body), old.title, 'not live before publishing');
    await draftAction(b, 'page', old.id, 'publish');
    const res = await page('/how/runningcode/');
    assert.equal(heading(res.body), 'Running code, from its draft', 'live at the very next request');
    assert.ok(fromFile(res), 'from its republished file');
    assert.equal(res.body, readFile(fileOf('/how/runningcode/')).toString('utf8'));
  } finally {
    await edit(b, 'page', old.id, { title: old.title });
  }
  await assertCurrent('after the drafts test');
});

test('restoring revisions from /admin/history makes every page current again', T, async () => {
  const b = await loggedIn('alice');
  const how = pageOf('/how/');
  const lists = pageOf('/how/lists/');
  try {
    await edit(b, 'page', how.id, { title: 'How we work, first' });
    await edit(b, 'page', how.id, { title: 'How we work, second' });
    const revs = revisionsOf((await b.get(`/admin/history?type=page&id=${how.id}`)).body);
    const first = revs.find((r) => r.changes.Title?.[1] === 'How we work, first');
    assert.ok(first?.restore, 'a revision to restore');
    await restore(b, first.restore);
    for (const p of pathsBelow('/how/')) {
      assert.equal(breadcrumb((await page(p)).body)[1], 'How we work, first', `the breadcrumb of ${p}`);
    }
    await assertCurrent('after restoring a title');

    // Unpublished, then restored to the state before that change.
    await edit(b, 'page', lists.id, { published: null, confirm_unpublish: '1' });
    assert.equal((await get('/how/lists/')).status, 404);
    const [latest] = revisionsOf((await b.get(`/admin/history?type=page&id=${lists.id}`)).body);
    const undo = latest.restores.find((r) => r.before);
    assert.ok(undo, 'the unpublishing can be undone');
    await restore(b, undo.href);
    const back = await get('/how/lists/');
    assert.equal(back.status, 200, 'published again at once');
    assert.ok(fromFile(back), 'from its file');
    await everyPage((p, html) => {
      assert.deepEqual(section(html, 'How we work').children.map((c) => c.label), HOW_ENTRIES, `the entries on ${p}`);
    });
    await assertCurrent('after restoring a published flag');
  } finally {
    await edit(b, 'page', how.id, { title: how.title });
  }
  await assertCurrent('after the restore test');
});

/* ======================================================================
 * 3. HTTP caching
 * ==================================================================== */

/* What pages say to caches: browsers ask again each time, shared caches
 * keep them until a purge (the default cache_control, and conf/). */
const SHARED_CACHE_CONTROL = 'max-age=0, s-maxage=600, stale-while-revalidate=10, stale-if-error=86400';

/* The validators of res, asserted present. */
function validators(res, what) {
  assert.ok(res.headers.etag, `${what}: an ETag`);
  assert.ok(res.headers['last-modified'], `${what}: a Last-Modified`);
  assert.ok(!Number.isNaN(Date.parse(res.headers['last-modified'])), `${what}: Last-Modified is a date`);
  assert.equal(res.headers['cache-control'], SHARED_CACHE_CONTROL, `${what}: Cache-Control`);
  return { etag: res.headers.etag, lm: res.headers['last-modified'] };
}

/* Conditional GETs of an unchanged page at p: 304, empty, same validators. */
async function assertNotModified(p, v, site = srv) {
  for (const h of [{ 'If-None-Match': v.etag }, { 'If-Modified-Since': v.lm },
    { 'If-None-Match': v.etag, 'If-Modified-Since': v.lm }, { 'If-None-Match': `"other", ${v.etag}` }]) {
    const res = await get(p, h, site);
    assert.equal(res.status, 304, `${p} with ${JSON.stringify(h)}`);
    assert.equal(res.body, '', 'a 304 has no body');
    assert.equal(res.headers.etag, v.etag, 'the 304 names the ETag');
  }
  const other = await get(p, { 'If-None-Match': '"not-this-one"' }, site);
  assert.equal(other.status, 200, 'another ETag gets the page');
}

test('published pages: ETag, Last-Modified and Cache-Control (max-age=0 for browsers); 304 while current; a new ETag after an edit', T, async () => {
  const b = await loggedIn('bob');
  const wgs = pageOf('/how/wgs/');
  const res = await page('/how/wgs/');
  assert.ok(fromFile(res), `served by ${SERVER} from the file (ETag ${res.headers.etag})`);
  const v = validators(res, 'a published page');
  await assertNotModified('/how/wgs/', v);
  try {
    await edit(b, 'page', wgs.id, { title: 'Working groups, retitled' });
    const now = await page('/how/wgs/');
    assert.ok(fromFile(now), 'from the file again');
    const v2 = validators(now, 'after an edit');
    assert.notEqual(v2.etag, v.etag, 'a new ETag');
    const old = await get('/how/wgs/', { 'If-None-Match': v.etag });
    assert.equal(old.status, 200, 'the old ETag gets the page');
    assert.equal(heading(old.body), 'Working groups, retitled', 'as it is now');
    const both = await get('/how/wgs/', { 'If-None-Match': v.etag, 'If-Modified-Since': v.lm });
    assert.equal(both.status, 200, 'the old validators together get the page');
    await assertNotModified('/how/wgs/', v2);
  } finally {
    await edit(b, 'page', wgs.id, { title: wgs.title });
  }
});

test('a published page and the same page from the worker carry the same cache tags', T, async () => {
  await warmWorker();
  for (const p of ['/', '/how/lists/']) {
    const file = await page(p);
    assert.ok(fromFile(file), `${p}: from the file`);
    const tags = `rc-site rc-menus rc-page:${p}`;
    assert.equal(file.headers.xkey, tags, `${p} from the file: xkey`);
    assert.equal(file.headers['surrogate-key'], tags, `${p} from the file: Surrogate-Key`);
  }
  fs.unlinkSync(fileOf('/how/lists/'));
  try {
    const res = await page('/how/lists/');
    assert.match(res.headers.etag ?? '', WORKER_ETAG, 'answered by the worker');
    assert.equal(res.headers.xkey, 'rc-site rc-menus rc-page:/how/lists/', 'the worker: xkey');
    assert.equal(res.headers['surrogate-key'], res.headers.xkey, 'the worker: Surrogate-Key');
  } finally {
    publishCli();
  }
});

test('a page the worker serves (its file missing) has ETag, Last-Modified, Cache-Control, and 304s', T, async () => {
  await warmWorker();
  fs.unlinkSync(fileOf('/how/lists/'));
  try {
    const res = await page('/how/lists/');
    assert.match(res.headers.etag ?? '', WORKER_ETAG, 'answered by the worker');
    assert.equal(res.body, worker('/how/lists/').body.toString('utf8'));
    const v = validators(res, 'a worker page');
    assert.equal((await page('/how/lists/')).headers.etag, v.etag, 'the same bytes, the same ETag');
    await assertNotModified('/how/lists/', v);
    // One second on, the page unchanged: still 304.
    await new Promise((r) => setTimeout(r, 1100));
    await assertNotModified('/how/lists/', v);
  } finally {
    publishCli();
  }
  assert.ok(fromFile(await page('/how/lists/')), '`runningcode publish` puts the file back');
  await assertCurrent('after republishing');
});

test('without publishing, the worker serves every page with its validators; an edit changes the ETag', T, async () => {
  const plain = await startServer({ fastPasswords: true, publish: false });
  try {
    plain.addUser('carol', 'carol: plain password');
    const kit = browserKit({ url: () => plain.url, dbPath: () => plain.dbPath, passwords: { carol: 'carol: plain password' } });
    assert.ok(!fs.existsSync(publicDir(plain)) || filesUnder(publicDir(plain)).length === 0, 'nothing published');
    const etags = new Set();
    for (const p of publishedPaths(plain)) {
      const res = await get(p, {}, plain);
      assert.equal(res.status, 200, p);
      assert.match(res.headers.etag ?? '', WORKER_ETAG, `${p} from the worker`);
      validators(res, p);
      etags.add(res.headers.etag);
    }
    assert.equal(etags.size, publishedPaths(plain).length, 'each page its own ETag');

    await warmWorker(plain);
    const res = await get('/how/wgs/', {}, plain);
    const v = validators(res, 'a worker page');
    await assertNotModified('/how/wgs/', v, plain);
    await new Promise((r) => setTimeout(r, 1100));
    await assertNotModified('/how/wgs/', v, plain);
    const b = await kit.loggedIn('carol');
    await kit.edit(b, 'page', db("SELECT id FROM page WHERE path = '/how/wgs/'", plain)[0].id, { title: 'Working groups, plain' });
    const next = await get('/how/wgs/', {}, plain);
    assert.equal(heading(next.body), 'Working groups, plain', 'the edit shows at once');
    assert.notEqual(next.headers.etag, v.etag, 'a new ETag');
    const old = await get('/how/wgs/', { 'If-None-Match': v.etag }, plain);
    assert.equal(old.status, 200);
    assert.equal(heading(old.body), 'Working groups, plain');
    // Unchanged from here on: 304s (once every thread of the worker has
    // seen the commit: each renders the page again when it first does,
    // the bug the next test shows).
    await warmWorker(plain);
    const now = await get('/how/wgs/', {}, plain);
    assert.equal(now.headers.etag, next.headers.etag, 'the same bytes, the same ETag');
    await assertNotModified('/how/wgs/', validators(now, 'after the edit'), plain);
  } finally {
    await plain.stop();
  }
});

/*
 * The worker dates a page by when it rendered it. A login commits to the
 * database without changing what visitors see (the 'content' change mark
 * stays, so the cached pages do too); an edit of another page makes the
 * worker render every page again, and a page whose bytes are the same
 * keeps the Last-Modified it had (cache_last_modified).
 */
test('a worker-served page keeps its Last-Modified (304 to If-Modified-Since) while other records change', {
  ...T,
}, async () => {
  const plain = await startServer({ fastPasswords: true, publish: false });
  try {
    plain.addUser('carol', 'carol: plain password');
    const kit = browserKit({ url: () => plain.url, dbPath: () => plain.dbPath, passwords: { carol: 'carol: plain password' } });
    await warmWorker(plain);
    const v = validators(await get('/how/wgs/', {}, plain), 'a worker page');
    await new Promise((r) => setTimeout(r, 1100));
    const b = await kit.loggedIn('carol');
    await kit.edit(b, 'program', 1, { description: 'Changed on another page.' });
    const res = await get('/how/wgs/', {}, plain);
    assert.equal(res.headers.etag, v.etag, 'the same bytes, the same ETag');
    await assertNotModified('/how/wgs/', v, plain);
  } finally {
    await plain.stop();
  }
});

test('a menu edit changes every page\'s validator', T, async () => {
  const b = await loggedIn('alice');
  const entry = entryOf(8);
  const before_ = new Map();
  for (const p of publishedPaths()) before_.set(p, validators(await page(p), p));
  try {
    await edit(b, 'menu_entry', 8, { label: 'Internet standards and more' });
    for (const [p, v] of before_) {
      const res = await get(p, { 'If-None-Match': v.etag, 'If-Modified-Since': v.lm });
      assert.equal(res.status, 200, `${p}: the old validators get the page`);
      assert.equal(mainMenu(res.body).at(-1).label, 'Internet standards and more', `${p} as it is now`);
      assert.notEqual(res.headers.etag, v.etag, `${p}: a new ETag`);
    }
  } finally {
    await edit(b, 'menu_entry', 8, { label: entry.label });
  }
  await assertCurrent('after the menu edit');
});

/*
 * Two saves back to back, started at the beginning of a second so that
 * the second save falls in the same second: web servers date files (and
 * nginx's and Apache's ETags) to the second, so a page rewritten within
 * its second would keep its validators; file_write_atomic() dates each
 * version later than the one it replaces, without waiting (the first a
 * second back, so that the second can be dated now). steps() returns
 * what it read.
 */
async function backToBack(steps) {
  await startOfSecond();
  return steps();
}

test('two quick saves of a program that keep its page\'s length still change the page\'s validators', T, async () => {
  const b = await loggedIn('bob');
  const prog = programOf(2);
  const desc = (x) => `A description of its own [${x}]`;
  try {
    // Two saves within one second, of the same length: the second must
    // still get a new ETag and a later Last-Modified, or a browser holding
    // the first copy keeps it (304).
    const out = await backToBack(async () => {
      await edit(b, 'program', 2, { description: desc('A') });
      const first = await page('/how/runningcode/');
      await edit(b, 'program', 2, { description: desc('B') });
      return { first, second: await page('/how/runningcode/') };
    });
    const { first, second } = out;
    assert.equal(first.body.length, second.body.length, 'the same length');
    assert.notEqual(first.body, second.body);
    const v1 = validators(first, 'first');
    const v2 = validators(second, 'second');
    assert.notEqual(v2.etag, v1.etag, `a new ETag after the second save (${v1.etag}; Last-Modified ${v1.lm}, then ${v2.lm})`);
    let res = await get('/how/runningcode/', { 'If-None-Match': v1.etag, 'If-Modified-Since': v1.lm });
    assert.equal(res.status, 200, 'the first copy\'s validators get the page');
    assert.equal(programs(res.body).find((g) => g.id === '2')?.description, desc('B'));
    res = await get('/how/runningcode/', { 'If-Modified-Since': v1.lm });
    assert.equal(res.status, 200, `If-Modified-Since the first copy (${v1.lm}) gets the page: Last-Modified is now ${v2.lm}`);
  } finally {
    await edit(b, 'program', 2, { description: prog.description });
  }
  await assertCurrent('after quick program edits');
});

test('two quick saves of a menu label of the same length still change every page\'s validators', T, async () => {
  const b = await loggedIn('bob');
  const entry = entryOf(4);
  try {
    const out = await backToBack(async () => {
      await edit(b, 'menu_entry', 4, { label: 'TOOLS' });
      const paths = publishedPaths();
      const answers = await Promise.all(paths.map((p) => page(p)));
      await edit(b, 'menu_entry', 4, { label: 'Tools' });
      return { tops: new Map(paths.map((p, i) => [p, validators(answers[i], p)])) };
    });
    for (const [p, v] of out.tops) {
      const res = await get(p, { 'If-None-Match': v.etag, 'If-Modified-Since': v.lm });
      assert.equal(res.status, 200, `${p}: the previous validators (${v.etag}, ${v.lm}) get the page`);
      assert.equal(mainMenu(res.body)[3].label, 'Tools', p);
      const ims = await get(p, { 'If-Modified-Since': v.lm });
      assert.equal(ims.status, 200, `${p}: If-Modified-Since the previous copy (${v.lm}) gets the page`);
    }
  } finally {
    await edit(b, 'menu_entry', 4, { label: entry.label });
  }
  await assertCurrent('after quick menu edits');
});

/* ======================================================================
 * 4. Concurrency
 * ==================================================================== */

test('two editors saving at once while visitors read: no 5xx, every edit shows, the folder is the worker\'s', { timeout: 240000 }, async (t) => {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  const ROUNDS = 6;
  const seed = {
    prog: programOf(3), entry: entryOf(54), wgs: pageOf('/how/wgs/'), process: pageOf('/standards/process/'),
  };
  const paths = publishedPaths();
  const answers = [];
  const failures = [];
  let editing = true;

  // Readers: every published page in turn, until the editors are done
  // (bounded: at most 3000 requests each).
  const reader = async (offset) => {
    for (let i = 0; editing && i < 3000; i++) {
      const p = paths[(i + offset) % paths.length];
      try {
        // An address of its own per reader, as visitors have (mod_qos
        // refuses one address past 1000 worker requests in 10 s).
        const res = await request(srv.url, p, { localAddress: `127.0.2.${offset + 1}` });
        answers.push({ p, status: res.status, file: fromFile(res), whole: res.body.endsWith('</html>\n') });
      } catch (e) {
        failures.push(`${p}: ${e.message}`);
      }
    }
  };
  // Alice: a program (its page) and, every other round, a menu entry (every page).
  const alice = async () => {
    for (let i = 1; i <= ROUNDS; i++) {
      await edit(A, 'program', 3, { description: `Concurrent description ${i}.` });
      if (i % 2 === 0) await edit(A, 'menu_entry', 54, { label: `Online tools ${i}` });
    }
  };
  // Bob: a page's summary (it and /how/) and another page's title.
  const bob = async () => {
    for (let i = 1; i <= ROUNDS; i++) {
      await edit(B, 'page', seed.wgs.id, { summary: `Concurrent summary ${i}.` });
      await edit(B, 'page', seed.process.id, { title: `Standards process ${i}` });
    }
  };
  try {
    const readers = [reader(0), reader(13), reader(26)];
    try {
      await Promise.all([alice(), bob()]);
    } finally {
      editing = false;
      await Promise.all(readers);
    }
    assert.deepEqual(failures, [], 'every request answered');
    assert.ok(answers.length > 0, 'the readers read');
    assert.deepEqual(answers.filter((a) => a.status >= 500), [], 'no 5xx');
    assert.deepEqual(answers.filter((a) => a.status === 200 && !a.whole), [], 'every page came whole');
    t.diagnostic(`${answers.length} pages read: ${answers.filter((a) => a.file).length} from files, `
      + `${answers.filter((a) => !a.file).length} from the worker, ${answers.filter((a) => a.status !== 200).length} not 200`);

    // Every edit shows.
    let res = await page('/how/runningcode/');
    assert.equal(programs(res.body).find((g) => g.id === '3')?.description, `Concurrent description ${ROUNDS}.`);
    assert.equal(listing((await page('/how/')).body).find((e) => e.href === '/how/wgs/')?.summary, `Concurrent summary ${ROUNDS}.`);
    assert.equal(description((await page('/how/wgs/')).body), `Concurrent summary ${ROUNDS}.`);
    res = await page('/standards/process/');
    assert.equal(heading(res.body), `Standards process ${ROUNDS}`);
    await everyPage((p, html) => {
      assert.ok(section(html, 'How we work').children.some((c) => c.label === `Online tools ${ROUNDS}`), `the entry on ${p}`);
    });
    await assertCurrent('after concurrent edits');
  } finally {
    await edit(A, 'program', 3, { description: seed.prog.description });
    await edit(A, 'menu_entry', 54, { label: seed.entry.label });
    await edit(B, 'page', seed.wgs.id, { summary: seed.wgs.summary });
    await edit(B, 'page', seed.process.id, { title: seed.process.title });
  }
  await assertCurrent('after the concurrent edits are undone');
});

/*
 * Files are only ever replaced by rename, never removed while their page
 * stays published (publish.c): a reader racing a republish gets the old
 * file or the new one, or the worker while the pending marker is there,
 * never the web server's own 404 or 403. The test reads until 150 saves.
 */

test('a page that stays published answers 200 to every request while editors republish it', { timeout: 240000 }, async (t) => {
  const b = await loggedIn('alice');
  const prog = programOf(1);
  const entry = entryOf(54);
  const paths = ['/how/runningcode/', '/'];
  const odd = [];
  let reads = 0;
  let saves = 0;
  let editing = true;
  // Each reader from addresses of its own (twenty: 127.0.1.20k+1 to 20k+20),
  // as visitors are: under Apache, mod_qos refuses one address that sends
  // the worker more than 1000 requests in 10 seconds (conf/apache-site.conf),
  // and saves back to back keep the folder set aside (every page from the
  // worker) most of the time, each menu save while it writes every page
  // and its two compressed copies.
  const reader = async (k) => {
    for (let i = 0; editing && i < 20000; i++) {
      const p = paths[(i + k) % paths.length];
      const res = await request(srv.url, p, { localAddress: `127.0.1.${20 * k + (i % 20) + 1}` });
      reads++;
      if (res.status !== 200) {
        odd.push({ p, status: res.status, worker: res.body.includes('<h1>Page not found</h1>'), body: textOf(res.body).slice(0, 80) });
      }
    }
  };
  const readers = Array.from({ length: 12 }, (_, k) => reader(k));
  try {
    // Pages republished one by one (a program: its page's file removed,
    // then written) and all at once (a menu: the folder set aside).
    for (saves = 1; saves <= 150 && odd.length === 0; saves++) {
      if (saves % 3 === 0) await edit(b, 'menu_entry', 54, { label: `Online tools ${saves}` });
      else await edit(b, 'program', 1, { description: `Republished ${saves}.` });
    }
  } finally {
    editing = false;
    await Promise.all(readers);
    await edit(b, 'program', 1, { description: prog.description });
    await edit(b, 'menu_entry', 54, { label: entry.label });
  }
  t.diagnostic(`${reads} pages read during ${saves - 1} saves`);
  assert.deepEqual(odd, [], 'every answer is 200');
  await assertCurrent('after republishing under load');
});

/* Last: nothing any test did left a draft in the folder. */
test('the published folder never holds a draft', T, async () => {
  const drafts = db('SELECT path, title, summary, body FROM page WHERE NOT published');
  assert.ok(drafts.length >= 2, 'the drafts the tests made');
  const files = filesUnder(publicDir()).map((f) => fs.readFileSync(path.join(publicDir(), f), 'utf8'));
  for (const d of drafts) {
    for (const text of [d.path, d.title, d.summary, d.body]) {
      assert.ok(!files.some((f) => f.includes(text)), `no file holds ${JSON.stringify(text)}`);
    }
  }
  await assertCurrent('at the end');
});
