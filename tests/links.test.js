'use strict';
/*
 * tests/links.test.js: links checked and redirects in bulk (issue 18,
 * points 7 and 8), behind nginx (RC_SERVER=apache: behind Apache, as
 * tests/links-apache.test.js runs it).
 *
 *   - saving a page, program or menu entry whose link leads to no page
 *     of this site, or to one not published, warns and keeps a draft
 *     (a new record: saves nothing) until the editor saves anyway;
 *   - the link report (/admin/links, every role) and `runningcode links`
 *     list the same broken links, and name links through a redirect as
 *     working;
 *   - `runningcode links --external` against a server on loopback: a
 *     200, a 404, a HEAD refused with 405 then a GET with 200, one too
 *     slow for the timeout;
 *   - the redirect list exported and imported as CSV, in the admin and
 *     on the command line: every wrong line reported, nothing imported
 *     unless every line is right; a redirect leads to a page or to a web
 *     address, with its status (301, 302, 307, 308), and is served so;
 *   - the redirect form takes a page or a web address, not both.
 */
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { serveSuite, query, sql, request, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the links suite')) return;
const { browserKit, complaint } = require('./lib/editor.js');
const { textOf, forms, heading } = require('./lib/html.js');

const T = { timeout: 120000 };
const USERS = { ada: 'ada: analytical engine', eddie: 'eddie: the editor here', cora: 'cora: contributes drafts' };
const ROLES = { ada: 'administrator', eddie: 'editor', cora: 'contributor' };
const ABOUT = { id: '11', path: '/about/' };
const MISSION = '/about/mission/';

let srv;
serveSuite({ fastPasswords: true, publish: true, roles: ROLES }, USERS, (s) => {
  srv = s;
});

const db = (text) => query(srv.dbPath, text);
const one = (text) => db(text)[0];
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;

const { loggedIn, create } = browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS });

/* The warning of a form: its list of broken links, as text. */
function warning(html) {
  const m = /<div class="note links-warning broken-links"[\s\S]*?<\/div>/.exec(html);
  return m ? textOf(m[0]) : null;
}

/* The rows of a table of the link report: [[link, why or target, where]]. */
function reportRows(html, id) {
  const m = new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(html);
  assert.ok(m, `the report has the table ${id}`);
  return [...m[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => textOf(c[1])));
}

/* `runningcode links` with args: { status, lines }. */
function linksCli(args = []) {
  const r = srv.cli(['links', ...args]);
  return { status: r.status, out: r.stdout, err: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

test('saving a page with a broken link warns and keeps a draft; "Save anyway" makes it live', T, async () => {
  const b = await loggedIn('eddie');
  const { form } = await b.openForm(`/admin/edit?type=page&id=${ABOUT.id}`);
  const liveBefore = one(`SELECT body, version FROM page WHERE id = ${ABOUT.id}`);
  const body = `${liveBefore.body}\n\nSee [the missing page](/no-such-page/) and [the mission](${MISSION}).`;
  const res = await b.submit(form, { body });
  assert.equal(res.status, 200, complaint(res.body));
  const text = warning(res.body);
  assert.ok(text, 'the form warns');
  assert.match(text, /Saved as a draft, not live/);
  assert.match(text, /\/no-such-page\/ ?: no page has this address/, 'naming the broken link');
  assert.doesNotMatch(text, /\/about\/mission\//, 'and only the broken one');
  assert.equal(one(`SELECT body FROM page WHERE id = ${ABOUT.id}`).body, liveBefore.body, 'the live page is unchanged');
  assert.equal(one(`SELECT count(*) AS n FROM draft WHERE entity = 'page' AND record_id = '${ABOUT.id}'`).n, 1,
    'the draft is kept');
  assert.doesNotMatch((await request(srv.url, ABOUT.path)).body, /no-such-page/, 'visitors do not see it yet');
  // The warned form saves anyway.
  const warned = forms(res.body).find((f) => f.action === '/admin/edit');
  assert.match(warned.html, /<button type="submit" name="confirm_links" value="1"[^>]*>Save anyway<\/button>/);
  const saved = await b.submit(warned, { confirm_links: '1' });
  assert.equal(saved.status, 303, complaint(saved.body));
  assert.match(one(`SELECT body FROM page WHERE id = ${ABOUT.id}`).body, /no-such-page/, 'saved live');
  assert.equal(one(`SELECT count(*) AS n FROM draft WHERE entity = 'page' AND record_id = '${ABOUT.id}'`).n, 0,
    'the draft is dropped');
  assert.match((await request(srv.url, ABOUT.path)).body, /href="\/no-such-page\/"/, 'visitors see the link');
});

test('a new program or menu entry with a broken link is not saved until the editor confirms', T, async () => {
  const b = await loggedIn('eddie');
  const hidden = await create(b, 'page', '', { path: '/links/hidden/', title: 'Hidden page', summary: '', body: 'Not yet.' });
  assert.equal(one(`SELECT published FROM page WHERE id = ${hidden}`).published, 0);
  const programs = () => one('SELECT count(*) AS n FROM program').n;
  const before = programs();
  let { form } = await b.openForm('/admin/edit?type=program&page_id=26');
  let res = await b.submit(form, { title: 'Points at a hidden page', description: '', link_page_id: hidden, link_url: '' });
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(warning(res.body), /Not saved yet: .*\/links\/hidden\/ ?: the page is not published/);
  assert.equal(programs(), before, 'nothing saved');
  res = await b.submit(forms(res.body).find((f) => f.action === '/admin/edit'), { confirm_links: '1' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(programs(), before + 1, 'saved anyway');
  // A menu entry to a path no page has.
  ({ form } = await b.openForm('/admin/edit?type=menu_entry&place=footer'));
  res = await b.submit(form, { label: 'Nowhere', page_id: '', url: '/links/nowhere/' });
  assert.equal(res.status, 200, complaint(res.body));
  assert.match(warning(res.body), /\/links\/nowhere\/ ?: no page has this address/);
  assert.equal(one("SELECT count(*) AS n FROM menu_entry WHERE label = 'Nowhere'").n, 0, 'nothing saved');
  // A form with a mistake shows the mistake, not the warning.
  res = await b.submit(form, { label: '', page_id: '', url: '/links/nowhere/' });
  assert.equal(res.status, 422);
  assert.equal(warning(res.body), null);
  // A link that works through a redirect is not broken.
  sql(srv.dbPath, `INSERT INTO redirect (path, page_id) VALUES ('/links/old-mission/', 12)`);
  res = await b.submit(form, { label: 'Old mission', page_id: '', url: '/links/old-mission/' });
  assert.equal(res.status, 303, complaint(res.body));
});

test('link report: the dashboard lists every broken internal link, every role reads it, the CLI prints the same', T, async () => {
  // A page whose text links to a missing page, an unpublished one, one
  // through a redirect and one relative; saved anyway.
  const b = await loggedIn('eddie');
  sql(srv.dbPath, `INSERT OR IGNORE INTO redirect (path, page_id) VALUES ('/links/old-mission/', 12)`);
  const body = 'A [gone](/links/gone/), a [hidden](/links/hidden/), an [old](/links/old-mission/#top),'
    + ' a [relative](../../about/who/) and a [mail](mailto:x@example.org) link, [elsewhere](https://example.org/).';
  let { form } = await b.openForm('/admin/edit?type=page');
  let res = await b.submit(form, { path: '/links/report/', title: 'Report page', summary: '', body, published: '1' });
  assert.equal(res.status, 200, 'warned');
  res = await b.submit(forms(res.body).find((f) => f.action === '/admin/edit'), { confirm_links: '1' });
  assert.equal(res.status, 303, complaint(res.body));
  const id = one("SELECT id FROM page WHERE path = '/links/report/'").id;
  for (const user of Object.keys(ROLES)) {
    const r = await (await loggedIn(user)).get('/admin/links');
    assert.equal(r.status, 200, `${user} reads the report`);
    assert.equal(heading(r.body), 'Links');
    const broken = reportRows(r.body, 'broken-links');
    assert.ok(broken.some(([u, why, where]) => u === '/links/gone/' && why === 'no page has this address'
      && where === 'the page Report page'), `${user}: the missing page, and where`);
    assert.ok(broken.some(([u, why]) => u === '/links/hidden/' && why === 'the page is not published'),
      `${user}: the unpublished page`);
    assert.ok(broken.some(([u]) => u === '/no-such-page/'), 'the link saved anyway in the first test');
    assert.ok(!broken.some(([u]) => /old-mission|who\/|mailto|example\.org/.test(u)), 'nothing else');
    const redirected = reportRows(r.body, 'redirected-links');
    assert.ok(redirected.some(([u, target]) => u === '/links/old-mission/#top' && target === MISSION),
      'the link through a redirect works, and says where it leads');
    assert.match(r.body, new RegExp(`href="/admin/edit\\?type=page&amp;id=${id}"`), 'the record is a link to its form');
  }
  const home = await (await loggedIn('cora')).get('/admin/');
  assert.match(home.body, /href="\/admin\/links"/, 'the dashboard leads to the report');
  // The command line: the same broken links, exit status 1.
  const cli = linksCli();
  assert.equal(cli.status, 1, cli.err);
  const brokenLines = cli.lines.filter((l) => l.startsWith('broken\t')).map((l) => l.split('\t')[1]);
  const r = await (await loggedIn('ada')).get('/admin/links');
  assert.deepEqual(brokenLines, reportRows(r.body, 'broken-links').map(([u]) => u), 'the CLI lists the report');
  assert.ok(cli.lines.some((l) => l.startsWith('redirect\t/links/old-mission/#top\tleads to /about/mission/')));
  assert.match(cli.lines.at(-1), /^internal links: \d+ checked, \d+ broken, \d+ through a redirect$/);
  // Once fixed, nothing is broken.
  const fixes = `UPDATE page SET body = 'Fixed.' WHERE path IN ('/links/report/', '/about/');
    UPDATE program SET link_page_id = 12 WHERE link_page_id = ${one("SELECT id FROM page WHERE path = '/links/hidden/'").id};
    UPDATE page SET published = 1 WHERE path = '/contact/feedback/';`;
  const saved = db(`SELECT id, body FROM page WHERE path IN ('/links/report/', '/about/')`);
  sql(srv.dbPath, fixes);
  const clean = linksCli();
  assert.equal(clean.status, 0, clean.out);
  assert.match(clean.lines.at(-1), /, 0 broken,/);
  const none = await (await loggedIn('cora')).get('/admin/links');
  assert.match(textOf(none.body), /No broken links/);
  sql(srv.dbPath, saved.map((p) => `UPDATE page SET body = ${lit(p.body)} WHERE id = ${p.id};`).join('\n'));
});

test('runningcode links --external: HEAD then GET, a timeout, a summary, against a server on loopback', T, async () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/ok') res.writeHead(200).end('fine');
    else if (req.url === '/gone') res.writeHead(404).end('gone');
    else if (req.url === '/no-head') res.writeHead(req.method === 'HEAD' ? 405 : 200).end(req.method === 'HEAD' ? '' : 'x'.repeat(50000));
    else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 4000).unref();
    else res.writeHead(500).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const menus = db("SELECT id, url FROM menu_entry WHERE url LIKE 'http%'");
  try {
    // No internet here: the seed's links to other sites point at the local server.
    sql(srv.dbPath, `UPDATE menu_entry SET url = ${lit(`${base}/ok`)} WHERE url LIKE 'http%';
      UPDATE page SET body = ${lit(`[a](${base}/ok) [b](${base}/gone) [c](${base}/no-head) [d](${base}/slow)`)}
      WHERE path = '/links/report/';`);
    const started = Date.now();
    const r = await new Promise((resolve) => {
      // Asynchronously, so that this process's server answers meanwhile.
      const { spawn } = require('node:child_process');
      const child = spawn(path.join(require('./lib/server.js').BUILDDIR, 'runningcode'),
        ['-c', srv.configPath, 'links', '--external', '--timeout', '2', '--parallel', '3']);
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.on('close', (status) => resolve({ status, lines: out.split('\n').filter(Boolean) }));
    });
    const external = r.lines.filter((l) => l.startsWith('broken\thttp'));
    assert.equal(r.status, 1, r.lines.join('\n'));
    assert.deepEqual(external.map((l) => l.split('\t').slice(1, 3)), [
      [`${base}/gone`, 'HTTP 404'],
      [`${base}/slow`, 'no answer within 2 s'],
    ], 'the 404 and the slow one are broken; the 200 and the GET after a refused HEAD are not');
    assert.match(external[0], /in the page “Report page”/, 'where each is used');
    assert.equal(r.lines.at(-1), 'external links: 4 checked, 2 broken');
    assert.ok(Date.now() - started < 10000, 'bounded by the timeout');
  } finally {
    sql(srv.dbPath, menus.map((m) => `UPDATE menu_entry SET url = ${lit(m.url)} WHERE id = ${m.id};`).join('\n'));
    server.close();
  }
});

test('redirects in bulk: CSV export, an import refused line by line with nothing saved, then one saved whole', T, async () => {
  const ada = await loggedIn('ada');
  sql(srv.dbPath, `INSERT OR IGNORE INTO redirect (path, page_id) VALUES ('/links/old-mission/', 12)`);
  const exported = await ada.get('/admin/redirects.csv');
  assert.equal(exported.status, 200);
  assert.match(exported.headers['content-type'], /^text\/csv/);
  assert.match(exported.headers['content-disposition'], /attachment; filename="redirects.csv"/);
  assert.match(exported.body, /^old_path,new_path_or_url,status\r\n/);
  assert.match(exported.body, /"\/links\/old-mission\/","\/about\/mission\/",301\r\n/);
  const redirects = () => db('SELECT path, page_id, version FROM redirect ORDER BY path');
  const before = redirects();
  const wrong = ['old_path,new_path,status', '/bulk/a/,/about/,301', '/bulk/b/,/no/such/,301',
    '/bulk/c/,ftp://elsewhere.example/,301', '/bulk/d/,/about/,303', '/Bulk/E/,/about/,', '/bulk/a/,/contact/,301',
    '/about/,/contact/,301', 'only-one-field'].join('\n');
  const { form } = await ada.openForm('/admin/redirects/import', '/admin/redirects/import');
  let res = await ada.submit(form, { csv: wrong });
  assert.equal(res.status, 422, complaint(res.body));
  const lines = [...res.body.matchAll(/<li><a href="#f-csv">Line (\d+)<\/a>: ([^<]*)<\/li>/g)].map((m) => [Number(m[1]), m[2]]);
  assert.deepEqual(lines.map(([n]) => n), [3, 4, 5, 6, 7, 8, 9], 'each wrong line, by its number');
  assert.match(lines[0][1], /No page has the path \/no\/such\//);
  assert.match(lines[1][1], /“ftp:\/\/elsewhere.example\/” is neither a path nor a web address/);
  assert.match(lines[2][1], /The status “303” is not possible: give one of 301, 308, 302, 307/);
  assert.match(lines[3][1], /lower-case/);
  assert.match(lines[4][1], /already on line 2/);
  assert.match(lines[5][1], /A page lives at this path/);
  assert.match(lines[6][1], /three fields/);
  assert.match(res.body, /Nothing was imported/);
  assert.deepEqual(redirects(), before, 'nothing imported');
  // Right lines: saved together, the existing one replaced, then served.
  const right = `old_path,new_path,status\r\n/bulk/a/,/about/,301\r\n"/bulk/b/",${srv.url.replace(/\/$/, '')}/contact/,\r\n/links/old-mission/,/about/who/,301\r\n`
    + '/bulk/away/,https://elsewhere.example/new?a=1&b=2,302\r\n/bulk/kept/,/about/,308\r\n';
  res = await ada.submit(forms(res.body).find((f) => f.action === '/admin/redirects/import'), { csv: right });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(res.headers.location.replace(/^https?:\/\/[^/]+/, ''), '/admin/redirects?imported=5');
  const listed = textOf((await ada.get('/admin/redirects?imported=5')).body);
  assert.match(listed, /Imported 5 redirects/);
  assert.ok(listed.includes('/bulk/away/ → https://elsewhere.example/new?a=1&b=2, 302'), 'the list says where and how');
  const page = (p) => one(`SELECT id FROM page WHERE path = ${lit(p)}`).id;
  assert.equal(one("SELECT page_id FROM redirect WHERE path = '/bulk/a/'").page_id, page('/about/'));
  assert.equal(one("SELECT page_id FROM redirect WHERE path = '/bulk/b/'").page_id, page('/contact/'));
  assert.equal(one("SELECT page_id FROM redirect WHERE path = '/links/old-mission/'").page_id, page('/about/who/'));
  assert.equal(one("SELECT count(*) AS n FROM revision WHERE entity = 'redirect' AND username = 'ada'").n >= 3, true,
    'each with its revision');
  assert.deepEqual(db("SELECT path, url, status FROM redirect WHERE path IN ('/bulk/away/', '/bulk/kept/') ORDER BY path"), [
    { path: '/bulk/away/', url: 'https://elsewhere.example/new?a=1&b=2', status: 302 },
    { path: '/bulk/kept/', url: null, status: 308 },
  ]);
  const visit = await request(srv.url, '/bulk/b/');
  assert.equal(visit.status, 301);
  assert.match(visit.headers.location, /\/contact\/$/);
  const away = await request(srv.url, '/bulk/away/?q=1');
  assert.equal(away.status, 302, 'a web address, with its status');
  assert.equal(away.headers.location, 'https://elsewhere.example/new?a=1&b=2', 'sent as it is');
  const kept = await request(srv.url, '/bulk/kept?q=1');
  assert.equal(kept.status, 308, 'a page, with its status, with or without the trailing slash');
  assert.match(kept.headers.location, /\/about\/\?q=1$/);
  // Its status changed: served with the new one.
  sql(srv.dbPath, "UPDATE redirect SET status = 307 WHERE path = '/bulk/kept/'");
  assert.equal((await request(srv.url, '/bulk/kept/')).status, 307);
  const csv = (await ada.get('/admin/redirects.csv')).body;
  assert.match(csv, /"\/bulk\/away\/","https:\/\/elsewhere.example\/new\?a=1&b=2",302\r\n/, 'exported with its address and status');
  assert.match(csv, /"\/bulk\/kept\/","\/about\/",307\r\n/);
  // The command line: the same list out, and in.
  const out = srv.cli(['redirects', 'export']);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout, (await ada.get('/admin/redirects.csv')).body, 'the same CSV as the admin');
  const file = path.join(srv.runtime, 'redirects-wrong.csv');
  fs.writeFileSync(file, '/bulk/f/,/about/\n/bulk/g/,/nowhere/\n/bulk/h/,https://elsewhere.example/,300\n'
    + '/bulk/i/,mailto:someone@example.org,302\n');
  const refused = srv.cli(['redirects', 'import', file]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, new RegExp(`${file}:2: No page has the path /nowhere/`));
  assert.match(refused.stderr, new RegExp(`${file}:3: The status “300” is not possible`));
  assert.match(refused.stderr, new RegExp(`${file}:4: “mailto:someone@example.org” is neither a path nor a web address`));
  assert.match(refused.stderr, /nothing was imported/);
  assert.equal(one("SELECT count(*) AS n FROM redirect WHERE path = '/bulk/f/'").n, 0);
  fs.writeFileSync(file, '/bulk/f/,/about/\n/bulk/g/,http://elsewhere.example/g,307\n');
  const imported = srv.cli(['redirects', 'import', file]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(imported.stdout, 'imported 2 redirects\n');
  assert.equal((await request(srv.url, '/bulk/f/')).status, 301);
  const g = await request(srv.url, '/bulk/g/');
  assert.equal(g.status, 307);
  assert.equal(g.headers.location, 'http://elsewhere.example/g');
});

test('the redirect form: a page or a web address, exactly one, with a status', T, async () => {
  const ada = await loggedIn('ada');
  const open = async () => (await ada.openForm('/admin/edit?type=redirect')).form;
  const fieldError = (html, name) => {
    const m = new RegExp(`<label for="f-${name}">[\\s\\S]*?<span class="field-error">([\\s\\S]*?)</span></label>`).exec(html);
    return m ? textOf(m[1]).replace(/^Error:\s*/, '') : null;
  };
  let res = await ada.submit(await open(), { path: '/form/both/', page_id: ABOUT.id, url: 'https://elsewhere.example/', status: '302' });
  assert.equal(res.status, 422, complaint(res.body));
  assert.equal(fieldError(res.body, 'url'), 'Choose either a page or a URL, not both.');
  res = await ada.submit(await open(), { path: '/form/none/', page_id: '', url: '', status: '302' });
  assert.equal(res.status, 422, complaint(res.body));
  assert.equal(fieldError(res.body, 'page_id'), 'Choose a page, or give a URL.');
  res = await ada.submit(await open(), { path: '/form/ftp/', page_id: '', url: 'ftp://elsewhere.example/', status: '302' });
  assert.equal(res.status, 422, complaint(res.body));
  res = await ada.submit(await open(), { path: '/form/bad-status/', page_id: '', url: 'https://elsewhere.example/', status: '303' });
  assert.equal(res.status, 422, complaint(res.body));
  assert.equal(one("SELECT count(*) AS n FROM redirect WHERE path LIKE '/form/%'").n, 0, 'none saved');
  res = await ada.submit(await open(), { path: '/form/away/', page_id: '', url: 'https://elsewhere.example/away', status: '307' });
  assert.equal(res.status, 303, complaint(res.body));
  const away = await request(srv.url, '/form/away/');
  assert.equal(away.status, 307);
  assert.equal(away.headers.location, 'https://elsewhere.example/away');
  // Edited to a page: the web address goes, the revision keeps both.
  const { form } = await ada.openForm(`/admin/edit?type=redirect&id=${encodeURIComponent('/form/away/')}`);
  res = await ada.submit(form, { page_id: ABOUT.id, url: '', status: '308' });
  assert.equal(res.status, 303, complaint(res.body));
  const served = await request(srv.url, '/form/away/');
  assert.equal(served.status, 308);
  assert.match(served.headers.location, /\/about\/$/);
  const rev = one("SELECT before, after FROM revision WHERE entity = 'redirect' AND record_id = '/form/away/' ORDER BY id DESC LIMIT 1");
  assert.equal(JSON.parse(rev.before).url, 'https://elsewhere.example/away');
  assert.equal(JSON.parse(rev.after).status, '308');
});
