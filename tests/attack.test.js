'use strict';
/*
 * tests/attack.test.js: attack probes against the site as shipped
 * (nginx from conf/nginx-site.conf through tools/serve, the worker, the
 * admin CGI under fcgiwrap, published pages served by nginx), each
 * asserting the safe outcome:
 *
 *   stored and reflected XSS   a corpus of payloads through every editable
 *                              field and every query parameter: nothing
 *                              comes out unescaped on any page
 *   CSRF                       every state-changing admin route refuses
 *                              (403) and the database stays as it was
 *   SQL injection              no 5xx, no change, no SQLite error text
 *   path traversal, odd paths  400/404 (or a local 301), never a file from
 *                              outside the site, never 5xx
 *   header injection           CR/LF never reaches a response header
 *   open redirect              login's next stays on this site's admin
 *   session fixation           a planted cookie never becomes the session
 *   uploads                    a path in a file's name, polyglot files,
 *                              oversized and truncated multipart bodies:
 *                              refused, or stored by what their bytes are
 *                              and never served as a page
 *   oversized requests         413/400 with a clear message, and the
 *                              worker and admin still answer afterwards
 *
 * "The database unchanged" compares `sqlite3 .dump` before and after,
 * less the rows of session (every admin request touches seen_at) and
 * those a login writes on purpose: login_attempt, login_lock, device and
 * audit (attempts, lock-outs, device cookies). Failed logins
 * come from addresses of their own (127.0.0.x) so that throttling never
 * locks the suite's own browsers out. Run by `make check` as
 * `node --test-reporter=tap tests/attack.test.js`.
 */
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { STATIC, serveSuite, sql, query, request, rawExchange, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('attacks suite')) return;
const { Browser: BaseBrowser, withChanges, FORM } = require('./lib/browser.js');
const { decode, textOf, attributes, forms, heading, withoutJsonLd } = require('./lib/html.js');
const { multipart, samples } = require('./lib/upload.js');

const T = { timeout: 240000 };
const USERS = { alice: 'alice: attack suite', bob: 'bob: attack suite' };

let srv;
let ORIGIN;

serveSuite({ fastPasswords: true, publish: true }, USERS, (s) => {
  srv = s;
  ORIGIN = new URL(s.url).origin;
});

/* ---- the database ---- */

const db = (text) => query(srv.dbPath, text);
const one = (text) => db(text)[0];
const revCount = () => one('SELECT count(*) AS n FROM revision').n;
const lastRevision = () => one('SELECT * FROM revision ORDER BY id DESC LIMIT 1');
const clearAttempts = () => sql(srv.dbPath, 'DELETE FROM login_attempt; DELETE FROM login_lock;');

/* The whole database as SQL text, less the rows that change by design
 * on every admin request (session.seen_at) or login. */
function dump() {
  return sql(srv.dbPath, '.dump').split('\n')
    .filter((l) => !/^INSERT INTO "?(session|login_attempt|login_lock|device|audit)"?[ (]/.test(l))
    .join('\n');
}

/* Assert that the database now is the dump taken before; on a
 * difference, name the first lines that differ. */
function assertSameDump(before_, what) {
  const now = dump();
  if (now === before_) return;
  const a = before_.split('\n');
  const b = now.split('\n');
  const gone = a.filter((l) => !b.includes(l)).slice(0, 3);
  const added = b.filter((l) => !a.includes(l)).slice(0, 3);
  assert.fail(`${what}: the database changed\n- ${gone.join('\n- ')}\n+ ${added.join('\n+ ')}`);
}

/* ---- a browser ---- */

/* A browser (tests/lib/browser.js) on this suite's server; logins use
 * the suite's passwords. */
class Browser extends BaseBrowser {
  constructor(address = '127.0.0.1') {
    super(srv.url, { address });
  }

  login(user, password = USERS[user], next) {
    return super.login(user, password, next);
  }
}

async function loggedIn(user) {
  const b = new Browser();
  const res = await b.login(user);
  assert.equal(res.status, 303, `${user} logs in`);
  const home = await b.get('/admin/');
  assert.equal(home.status, 200, `${user} sees the dashboard`);
  assert.ok(b.csrf, 'the dashboard carries a CSRF token');
  return b;
}

async function openForm(b, p, action = '/admin/edit') {
  const res = await b.get(p);
  assert.equal(res.status, 200, `GET ${p}: ${textOf(res.body).slice(0, 200)}`);
  const form = forms(res.body).find((f) => f.action === action);
  assert.ok(form, `GET ${p} has a form to ${action}`);
  return form;
}

/* Submit the form at formPath with changes; returns the response. */
async function submitForm(b, formPath, changes) {
  const form = await openForm(b, formPath);
  return b.post('/admin/edit', withChanges(form.fields, changes));
}

/* ---- what a safe page looks like ---- */

/* Payload markers: every payload carries one (xssNN), so a marker found
 * where markup is parsed means the payload became markup. */
const MARKER = /xss\d\d/;

/* The start tags of html: [{ name, inside, attrs, raw }]. Quoted
 * attribute values are kept whole, as a browser reads them. */
function startTags(html) {
  return [...html.matchAll(/<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)].map((m) => ({
    name: m[1].toLowerCase(), inside: m[2], attrs: attributes(m[2]), raw: m[0],
  }));
}

/* Elements that our templates never emit: one in a page came from data. */
const FOREIGN_TAGS = new Set(['script', 'iframe', 'frame', 'svg', 'math', 'object', 'embed', 'style', 'base',
  'applet', 'details', 'marquee', 'video', 'audio', 'source', 'xmp', 'noscript', 'template', 'frameset']);
const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'srcdoc', 'xlink:href'];

/*
 * Assert that html holds no trace of a payload turned into markup: no
 * element our templates never emit, no event-handler attribute, no
 * javascript:/vbscript:/data: URL, no marker outside a quoted attribute
 * value inside a tag, no second <title> or <body>, and no raw bytes of
 * a payload's distinctive openings.
 */
function assertSafe(html, what) {
  // Our own scripts: an empty element loading a file from /static/.
  html = html.replace(/<script src="\/static\/[a-z0-9.-]+"( defer)?><\/script>/g, '');
  // And the breadcrumb as JSON-LD (layout.tpl).
  html = withoutJsonLd(html);
  // And the page tree's own <details>, each opening exactly as
  // admin-pages.tpl writes it, its summary text only (a title, escaped).
  html = html.replace(/<details open><summary>\d+ pages? below “[^<]*”<\/summary>/g, '');
  const tags = startTags(html);
  for (const t of tags) {
    assert.ok(!FOREIGN_TAGS.has(t.name), `${what}: a <${t.name}> element: ${t.raw.slice(0, 120)}`);
    const handlers = Object.keys(t.attrs).filter((a) => a.startsWith('on'));
    assert.deepEqual(handlers, [], `${what}: event handler on <${t.name}>: ${t.raw.slice(0, 120)}`);
    for (const a of URL_ATTRS) {
      if (!(a in t.attrs)) continue;
      // A browser drops tabs, newlines and leading controls/spaces.
      const v = t.attrs[a].replace(/[\u0000-\u0020]/g, '').toLowerCase();
      assert.ok(!/^(javascript|vbscript|data|livescript):/.test(v), `${what}: ${a}="${t.attrs[a].slice(0, 80)}" on <${t.name}>`);
    }
    assert.ok(!(t.name === 'meta' && 'http-equiv' in t.attrs), `${what}: a <meta http-equiv>: ${t.raw.slice(0, 120)}`);
    const bare = t.inside.replace(/"[^"]*"|'[^']*'/g, '""');
    assert.ok(!MARKER.test(bare) && !MARKER.test(t.name),
      `${what}: a payload marker outside a quoted value, in markup: ${t.raw.slice(0, 160)}`);
    for (const [k, v] of Object.entries(t.attrs)) {
      assert.ok(!MARKER.test(k), `${what}: an attribute named by a payload (${k}) on <${t.name}>`);
      void v;
    }
  }
  assert.ok(tags.filter((t) => t.name === 'title').length <= 1, `${what}: one <title> at most`);
  assert.ok(tags.filter((t) => t.name === 'body').length <= 1, `${what}: one <body> at most`);
  assert.ok(!/<\/?(script|iframe|svg|img\s+src=x)\b/i.test(html), `${what}: a raw <script>, <iframe>, <svg> or <img src=x>`);
  // A closing tag carrying a marker would be one the payload made.
  assert.ok(!/<\/[^>]*xss\d\d/.test(html), `${what}: a closing tag made by a payload`);
}

/* SQLite's error codes and messages (none of which a payload contains). */
const SQL_ERRORS = [/SQLITE_[A-Z]{4,}/, /sqlite3_[a-z_]+/, /SQL logic error/i, /\bsyntax error\b/i, /unrecognized token/i,
  /no such (table|column|function)/i, /near "[^"]*": syntax/i, /database disk image is malformed/i,
  /unable to open database/i, /database is locked/i, /constraint failed/i, /datatype mismatch/i, /fts5: /i];

/* No SQLite error text, no password hash, in a response. */
function assertNoLeak(res, what) {
  for (const re of SQL_ERRORS) {
    assert.ok(!re.test(res.body), `${what}: SQLite error text: ${(re.exec(res.body) || [''])[0]}`);
    for (const [k, v] of Object.entries(res.headers)) assert.ok(!re.test(String(v)), `${what}: SQLite error text in header ${k}`);
  }
  assert.ok(!res.body.includes('$argon2'), `${what}: a password hash`);
}

function assertNot5xx(res, what) {
  assert.ok(res.status < 500, `${what}: ${res.status} (${textOf(res.body).slice(0, 160)})`);
}

/* ======================================================================
 * Stored and reflected XSS
 * ==================================================================== */

/* Valid UTF-8 payloads; MARK becomes the payload's marker. */
const XSS_TEMPLATES = [
  '<script>alert("MARK")</script>',
  '"><script>alert("MARK")</script>',
  "'><img src=x onerror=alert('MARK')>",
  '<img src=x onerror="alert(\'MARK\')">',
  '<svg onload=alert("MARK")>',
  '<svg><script>alert("MARK")</script></svg>',
  '<iframe src="javascript:alert(\'MARK\')"></iframe>',
  '" autofocus onfocus="alert(\'MARK\')" x="',
  "' onmouseover='alert(\"MARK\")' x='",
  '<a href="javascript:alert(\'MARK\')">MARK</a>',
  'javascript:alert("MARK")',
  '</title><script>alert("MARK")</script>',
  '</textarea><script>alert("MARK")</script>',
  '--><script>alert("MARK")</script><!--',
  '<!--<script>alert("MARK")</script>-->',
  '&lt;script&gt;alert("MARK")&lt;/script&gt;',
  '&#60;script&#62;alert("MARK")&#60;/script&#62;',
  '&#x3c;img src=x onerror=alert("MARK")&#x3e;',
  '&amp;lt;b&amp;gt;MARK &quot;&apos; &#0; &#xD800; &#x110000;',
  '<scr<script>ipt>alert("MARK")</scr</script>ipt>',
  '<<script>alert("MARK");//<</script>',
  '<body onload=alert("MARK")>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert("MARK")>',
  '<details open ontoggle=alert("MARK")>',
  '＜script＞alert("MARK")＜/script＞',
  '\u2028<script>alert("MARK")</script>\u2029',
  '{{MARK}} {{#SECTION}}x{{/SECTION}} {{>ROW}} ${MARK} <%= MARK %>',
  '<style>*{display:none}</style>MARK',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(\'MARK\')">',
  '<base href="javascript:alert(\'MARK\')//">',
  '[MARK](javascript:alert(1)) <javascript:alert("MARK")>',
];
const XSS = XSS_TEMPLATES.map((t, i) => t.replaceAll('MARK', `xss${String(i).padStart(2, '0')}`));

/* Payloads for link fields: some are valid URIs and may be accepted. */
const LINK_TEMPLATES = [
  'javascript:alert("MARK")',
  'JaVaScRiPt:alert(MARK)',
  ' javascript:alert(MARK)',
  'java%0ascript:alert(MARK)',
  'data:text/html,<script>alert("MARK")</script>',
  'vbscript:msgbox(MARK)',
  "/MARK'onmouseover='alert(1)'",
  '/MARK"onmouseover="alert(1)"',
  'https://example.org/MARK"><script>alert(1)</script>',
  "https://example.org/?MARK'-alert(1)-'",
  'https://example.org/MARK?a=1&b=<x>',
  '//evil.example/MARK',
  '/\\evil.example/MARK',
  'mailto:MARK@example.org?subject="><script>alert(1)</script>',
];
const LINKS = LINK_TEMPLATES.map((t, i) => t.replaceAll('MARK', `xss${String(70 + i).padStart(2, '0')}`));

/* Broken UTF-8, overlong encodings and surrogates, as sent in a form
 * or a query (already percent-encoded). */
const BAD_BYTES = ['%C0%BCscript%C0%BEalert(1)', '%C0%BC', '%E0%80%BC', '%F0%80%80%BC', '%FF%FE', '%ED%A0%80',
  '%F8%88%80%80%80', '%C0%AE%C0%AE%C0%AF', '%C3', 'ok%80', '%F4%90%80%80'];

test('the XSS detector itself: each payload, left unescaped in text or in an attribute, is caught', T, () => {
  let caught = 0;
  for (const p of [...XSS.filter((x) => /<[a-zA-Z!/]|"/.test(x)), ...LINKS.filter((x) => x.includes('"'))]) {
    assert.throws(() => assertSafe(`<p>${p}</p><input value="${p}"><a href="${p}">x</a>`, 'raw'), /raw/,
      `the unescaped payload ${JSON.stringify(p)} is caught`);
    caught++;
  }
  assert.ok(caught >= 30, `${caught} payloads checked`);
  const esc = (x) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  for (const p of XSS) assertSafe(`<p>${esc(p)}</p><input value="${esc(p)}">`, `escaped ${p}`);
});

test('stored XSS: every payload through every editable field comes out escaped on public, search and admin pages', { timeout: 600000 }, async () => {
  const b = await loggedIn('alice');
  const made = [];	// { i, payload, page, entry, program, redirectFrom }
  for (const [i, payload] of XSS.entries()) {
    const mark = `xss${String(i).padStart(2, '0')}`;
    const rec = { i, payload, mark };
    // A page: title, summary and body hold the payload.
    let res = await submitForm(b, '/admin/edit?type=page', {
      path: `/attack/p${i}/`, title: payload, summary: payload, body: payload, published: '1',
    });
    assertSafe(res.body, `page ${mark}: save answer`);
    if (res.status === 303) {
      rec.page = lastRevision().record_id;
    } else {
      // A one-line field may refuse a payload (U+2028 is a line break).
      assert.equal(res.status, 422, `page ${mark}: saved or refused, got ${res.status}`);
      res = await submitForm(b, '/admin/edit?type=page', {
        path: `/attack/p${i}/`, title: `title ${mark}`, summary: payload, body: payload, published: '1',
      });
      assert.equal(res.status, 303, `page ${mark} with a plain title`);
      rec.page = lastRevision().record_id;
    }
    // The page path and a redirect's path hold the payload: refused, echoed.
    res = await submitForm(b, `/admin/edit?type=page&id=${rec.page}`, { path: payload });
    assert.equal(res.status, 422, `page path ${mark}: refused`);
    assertSafe(res.body, `page path ${mark}: 422 form`);
    res = await submitForm(b, '/admin/edit?type=redirect', { path: payload, page_id: rec.page });
    assert.equal(res.status, 422, `redirect path ${mark}: refused`);
    assertSafe(res.body, `redirect path ${mark}: 422 form`);
    res = await submitForm(b, '/admin/edit?type=redirect', { path: `/attack/old-p${i}/`, page_id: rec.page });
    assert.equal(res.status, 303, `redirect to page ${mark}`);
    // A footer menu entry labelled with the payload, linking the page; and
    // one whose URL is the payload.
    res = await submitForm(b, '/admin/edit?type=menu_entry&place=footer', { label: payload, page_id: rec.page, url: '' });
    assertSafe(res.body, `menu label ${mark}: save answer`);
    if (res.status === 303) rec.entry = lastRevision().record_id;
    else assert.equal(res.status, 422, `menu label ${mark}: saved or refused`);
    res = await submitForm(b, '/admin/edit?type=menu_entry&place=footer', { label: `label ${mark}`, page_id: '', url: payload });
    assertSafe(res.body, `menu URL ${mark}: save answer`);
    assert.ok([303, 422].includes(res.status), `menu URL ${mark}: ${res.status}`);
    // A program on the page: title, description and link.
    res = await submitForm(b, `/admin/edit?type=program&page_id=${rec.page}`, { title: payload, description: payload, link_url: '' });
    assertSafe(res.body, `program ${mark}: save answer`);
    if (res.status === 303) rec.program = lastRevision().record_id;
    else assert.equal(res.status, 422);
    res = await submitForm(b, `/admin/edit?type=program&page_id=${rec.page}`, { title: `program ${mark}`, link_url: payload });
    assertSafe(res.body, `program link ${mark}: save answer`);
    assert.ok([303, 422].includes(res.status), `program link ${mark}: ${res.status}`);
    made.push(rec);
  }
  assert.ok(made.filter((r) => r.entry).length > XSS.length - 3, 'most labels were saved');

  // Public pages: the published files nginx serves, and the worker's.
  const pub = async (p) => {
    const res = await request(srv.url, p);
    assert.equal(res.status, 200, `GET ${p}`);
    assertSafe(res.body, `GET ${p}`);
    return res.body;
  };
  for (const p of ['/', '/how/runningcode/', '/about/']) {
    const html = await pub(p);
    for (const r of made) {
      if (r.entry) assert.ok(html.includes(r.mark), `${p}: the footer shows label ${r.mark} (escaped)`);
    }
  }
  for (const r of made) {
    const html = await pub(`/attack/p${r.i}/`);
    const title = one(`SELECT title FROM page WHERE id = ${Number(r.page)}`).title;
    assert.equal(heading(html), title.trim().replace(/\s+/g, ' '), `page ${r.mark}: the <h1> reads as typed`);
    assert.equal(textOf(/<title>([\s\S]*?)<\/title>/.exec(html)[1]), `${title} | IETF`.replace(/\s+/g, ' ').trim(),
      `page ${r.mark}: the <title> reads as typed`);
    const meta = /<meta name="description" content="([^"]*)">/.exec(html);
    assert.ok(meta, `page ${r.mark}: a description`);
    const summary = one(`SELECT summary FROM page WHERE id = ${Number(r.page)}`).summary;
    assert.equal(decode(meta[1]).replace(/\s+/g, ' ').trim(), summary.replace(/\s+/g, ' ').trim(),
      `page ${r.mark}: the summary reads as typed`);
    // The old address redirects there, by a plain local Location.
    const old = await request(srv.url, `/attack/old-p${r.i}/`);
    assert.equal(old.status, 301);
    assert.equal(old.headers.location, `/attack/p${r.i}/`);
    // Search results show titles and snippets of the payload.
    const s = await request(srv.url, `/search/?q=${r.mark}`);
    assert.equal(s.status, 200, `search ${r.mark}`);
    assertSafe(s.body, `search ${r.mark}`);
    assert.match(s.body, /class="search-count"/, `search ${r.mark}: finds the page`);
  }
  for (const f of ['/sitemap.xml', '/robots.txt']) {
    const x = await request(srv.url, f);
    assert.equal(x.status, 200);
    assert.ok(!/<script|xss\d\d/.test(x.body.replace(/<loc>[^<]*<\/loc>/g, '')), `${f}: no payload`);
  }

  // Admin pages: lists, forms, histories, confirmations, the 409 page and
  // previews.
  const adm = async (p) => {
    const res = await b.get(p);
    assert.equal(res.status, 200, `GET ${p}: ${textOf(res.body).slice(0, 200)}`);
    assertSafe(res.body, `GET ${p}`);
    return res.body;
  };
  for (const p of ['/admin/', '/admin/pages', '/admin/menus', '/admin/redirects', '/admin/audit']) await adm(p);
  for (const r of made) {
    await adm(`/admin/edit?type=page&id=${r.page}`);
    await adm(`/admin/history?type=page&id=${r.page}`);
    await adm(`/admin/programs?page=${r.page}`);
    await adm(`/admin/edit?type=redirect&id=${encodeURIComponent(`/attack/old-p${r.i}/`)}`);
    if (r.entry) {
      await adm(`/admin/edit?type=menu_entry&id=${r.entry}`);
      await adm(`/admin/history?type=menu_entry&id=${r.entry}`);
      await adm(`/admin/delete?type=menu_entry&id=${r.entry}`);
    }
    if (r.program) {
      await adm(`/admin/edit?type=program&id=${r.program}`);
      await adm(`/admin/history?type=program&id=${r.program}`);
      await adm(`/admin/delete?type=program&id=${r.program}`);
    }
    const form = await openForm(b, `/admin/edit?type=page&id=${r.page}`);
    const preview = await b.post('/admin/preview', form.fields);
    assert.equal(preview.status, 200, `preview ${r.mark}`);
    assertSafe(preview.body, `preview ${r.mark}`);
  }
  // A conflict page and Recently deleted show the payload too.
  const r0 = made.find((r) => r.program);
  const stale = await openForm(b, `/admin/edit?type=program&id=${r0.program}`);
  // Both change the title: a conflict on it (other fields would merge).
  assert.equal((await submitForm(b, `/admin/edit?type=program&id=${r0.program}`, { title: 'changed', description: 'changed' })).status, 303);
  const conflict = await b.post('/admin/edit', withChanges(stale.fields, { title: `${r0.payload} again` }));
  assert.equal(conflict.status, 409);
  assertSafe(conflict.body, 'conflict page');
  for (const r of made.filter((x) => x.program).slice(0, 8)) {
    const del = await openForm(b, `/admin/delete?type=program&id=${r.program}`, '/admin/delete');
    assert.equal((await b.post('/admin/delete', del.fields)).status, 303, `delete program ${r.mark}`);
  }
  await adm('/admin/deleted');
  await adm('/admin/audit');
  await adm(`/admin/programs?page=${r0.page}`);
});

test('stored XSS: payloads in link fields (menu URL, program link) are refused or come out inert', T, async () => {
  const b = await loggedIn('alice');
  const page = await submitForm(b, '/admin/edit?type=page', { path: '/attack/links/', title: 'Links page', published: '1' });
  assert.equal(page.status, 303);
  const pageId = lastRevision().record_id;
  const accepted = [];
  /* Save a record through its form; a path of this site with no page is
   * first warned of (200, the link named, inert), then saved anyway. */
  const save = async (formPath, changes, what) => {
    let res = await submitForm(b, formPath, changes);
    if (res.status === 200) {
      assert.match(res.body, /class="note links-warning broken-links"/, `${what}: the broken-link warning`);
      assertSafe(res.body, `${what} (the warning)`);
      res = await submitForm(b, formPath, { ...changes, confirm_links: '1' });
    }
    assert.ok([303, 422].includes(res.status), `${what}: ${res.status}`);
    assertSafe(res.body, what);
    return res;
  };
  for (const link of LINKS) {
    const res = await save('/admin/edit?type=menu_entry&place=footer', { label: `Link ${link.slice(0, 20)}`, page_id: '', url: link },
      `menu URL ${JSON.stringify(link)}`);
    if (res.status === 303) accepted.push(link);
    await save(`/admin/edit?type=program&page_id=${pageId}`, { title: `Program ${link.slice(0, 20)}`, link_url: link },
      `program link ${JSON.stringify(link)}`);
  }
  for (const bad of ['javascript:', 'data:', 'vbscript:', '//evil', '/\\evil']) {
    assert.ok(!accepted.some((l) => l.trim().toLowerCase().startsWith(bad)), `no ${bad} link accepted`);
  }
  for (const p of ['/', '/attack/links/', '/admin/menus', `/admin/programs?page=${pageId}`]) {
    const res = p.startsWith('/admin') ? await b.get(p) : await request(srv.url, p);
    assert.equal(res.status, 200, p);
    assertSafe(res.body, p);
  }
});

test('stored XSS: broken UTF-8 and overlong encodings in form fields are refused with 400, nothing saved', T, async () => {
  const b = await loggedIn('alice');
  const form = await openForm(b, '/admin/edit?type=page&id=26');
  const base = new URLSearchParams(form.fields);
  const before_ = dump();
  for (const bytes of BAD_BYTES) {
    for (const field of ['title', 'summary', 'body', 'path']) {
      const params = new URLSearchParams(base);
      params.delete(field);
      const body = `${params.toString()}&${field}=${bytes}`;
      const res = await b.postRaw('/admin/edit', body);
      assert.equal(res.status, 400, `${field}=${bytes}: 400`);
      assert.match(textOf(res.body), /not valid UTF-8/, `${field}=${bytes}: says why`);
      assertSafe(res.body, `${field}=${bytes}`);
    }
    const res = await b.postRaw('/admin/edit',
      `csrf_token=${b.csrf}&type=menu_entry&version=0&place=footer&label=${bytes}&url=/x/`);
    assert.equal(res.status, 400, `label=${bytes}: 400`);
  }
  assertSameDump(before_, 'broken UTF-8');
});

test('reflected XSS: payloads in q, page, next, id, type, revision and the other parameters come back escaped', T, async () => {
  const b = await loggedIn('alice');
  const anon = new Browser('127.0.0.21');
  const prog = one('SELECT id FROM program WHERE page_id = 26 ORDER BY position LIMIT 1').id;
  const before_ = dump();
  const e = encodeURIComponent;
  try {
    for (const p of XSS) {
      const what = (x) => `${x} with ${p.slice(0, 40)}`;
      // The worker.
      for (const u of [`/search/?q=${e(p)}`, `/search/?q=running&page=${e(p)}`, `/search/?page=${e(p)}&q=${e(p)}`,
        `/?q=${e(p)}`, `/how/runningcode/?id=${e(p)}&type=${e(p)}`, `/${e(p)}/`, `/attack/${e(p)}`,
        `/sitemap.xml?x=${e(p)}`, `/how/runningcode?next=${e(p)}`, `/search?q=${e(p)}`]) {
        const res = await request(srv.url, u);
        assertNot5xx(res, what(u));
        assertSafe(res.body, what(u));
        if (res.headers.location) assert.ok(!/[<>"\s]/.test(res.headers.location), `${what(u)}: Location is encoded`);
      }
      const s = await request(srv.url, `/search/?q=${e(p)}`);
      const value = /<input id="search-q" name="q" type="search" value="([^"]*)"/.exec(s.body);
      assert.ok(value, 'the search box');
      assert.equal(decode(value[1]), p.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200), `${what('q')}: typed back as typed`);
      // The admin, logged in.
      for (const u of [`/admin/login?next=${e(p)}`, `/admin/edit?type=${e(p)}`, `/admin/edit?type=page&id=${e(p)}`,
        `/admin/edit?type=page&path=${e(p)}&title=${e(p)}&summary=${e(p)}&body=${e(p)}`,
        `/admin/edit?type=menu_entry&place=${e(p)}&label=${e(p)}&url=${e(p)}&page_id=${e(p)}`,
        `/admin/edit?type=program&page_id=${e(p)}&title=${e(p)}`, `/admin/edit?type=program&page_id=26&link_page_id=${e(p)}`,
        `/admin/edit?type=redirect&id=${e(p)}`, `/admin/history?type=page&id=${e(p)}`, `/admin/history?type=${e(p)}&id=1`,
        `/admin/delete?type=program&id=${e(p)}`, `/admin/delete?type=${e(p)}&id=1`, `/admin/programs?page=${e(p)}`,
        `/admin/pages?q=${e(p)}`, `/admin/?revision=${e(p)}`, `/admin/${e(p)}`]) {
        const res = await b.get(u);
        assertNot5xx(res, what(u));
        assertSafe(res.body, what(u));
      }
      for (const [u, f] of [['/admin/restore', { revision: p }], ['/admin/restore', { revision: '999999999', state: p }],
        ['/admin/move', { type: 'program', id: p, direction: 'up' }], ['/admin/move', { type: p, id: prog, direction: p }],
        ['/admin/delete', { type: 'program', id: p, version: p }], ['/admin/preview', { path: p, title: p, summary: p, body: p }],
        ['/admin/edit', { type: 'program', id: p, version: '1', title: p }], ['/admin/edit', { type: p }],
        ['/admin/edit', { type: 'program', id: p, version: '1', title: p, action: 'draft' }],
        ['/admin/draft', { type: 'page', id: p, do: 'publish' }], ['/admin/draft', { type: p, id: '26', do: p }],
        ['/admin/preview-link', { type: 'page', id: p, do: 'make', hours: p }], ['/admin/preview-link', { type: p, id: '26', do: p, link: p }]]) {
        const res = await b.post(u, f);
        assertNot5xx(res, what(`POST ${u}`));
        assertSafe(res.body, what(`POST ${u} ${Object.keys(f)}`));
      }
      // Not logged in: the login form echoes next and the user name.
      for (const u of [`/admin/login?next=${e(p)}`, `/admin/pages?x=${e(p)}`, `/admin/edit?type=page&id=${e(p)}`,
        `/admin/shared?t=${e(p)}`]) {
        const res = await anon.get(u);
        assertNot5xx(res, what(`anon ${u}`));
        assertSafe(res.body, what(`anon ${u}`));
      }
      const login = await anon.post('/admin/login', { username: p, password: 'x', next: p }, { token: false });
      assert.ok([403, 422, 429].includes(login.status), what(`login: ${login.status}`));
      assertSafe(login.body, what('login'));
      const next = forms(login.body).find((f) => f.action === '/admin/login');
      assert.equal(new Map(next.fields).get('next'), '/admin/', what('the form keeps no foreign next'));
    }
  } finally {
    clearAttempts();
  }
  assertSameDump(before_, 'reflected XSS probes');
});

test('reflected XSS: invalid UTF-8 in query parameters and paths is refused (400), never echoed, never 5xx', T, async () => {
  const b = await loggedIn('alice');
  for (const bytes of BAD_BYTES) {
    for (const u of [`/search/?q=${bytes}`, `/search/?q=x&page=${bytes}`, `/?x=${bytes}`, `/how/runningcode/?x=${bytes}`,
      `/${bytes}/`, `/how/${bytes}`]) {
      const res = await request(srv.url, u);
      // A published page (nginx serves the file) ignores the query: 200.
      const published = /^\/(how\/runningcode\/)?\?/.test(u);
      assert.ok([400, 404].includes(res.status) || (published && res.status === 200), `${u}: ${res.status}`);
      assertSafe(res.body, u);
      assert.ok(!Buffer.from(res.body).includes(Buffer.from([0xc0, 0xbc])), `${u}: raw bytes echoed`);
    }
    for (const u of [`/admin/login?next=${bytes}`, `/admin/edit?type=${bytes}`, `/admin/edit?type=page&id=${bytes}`,
      `/admin/history?type=page&id=${bytes}`, `/admin/programs?page=${bytes}`, `/admin/${bytes}`]) {
      const res = await b.get(u);
      assert.equal(res.status, 400, `${u}: 400`);
      assertSafe(res.body, u);
    }
  }
});

/* ======================================================================
 * CSRF
 * ==================================================================== */

/* Everything the CSRF tests need: two sessions, and for each state-
 * changing route a POST that would go through with the right token. */
async function csrfSetup() {
  const A = await loggedIn('alice');
  const B = await loggedIn('bob');
  let res = await submitForm(A, '/admin/edit?type=program&page_id=26', { title: 'CSRF target', description: 'v1' });
  assert.equal(res.status, 303);
  const id = lastRevision().record_id;
  res = await submitForm(A, `/admin/edit?type=program&id=${id}`, { description: 'v2' });
  assert.equal(res.status, 303);
  const revision = lastRevision().id;
  const editForm = await openForm(A, `/admin/edit?type=program&id=${id}`);
  const deleteForm = await openForm(A, `/admin/delete?type=program&id=${id}`, '/admin/delete');
  const pageForm = await openForm(A, '/admin/edit?type=page&id=26');
  res = await submitForm(A, `/admin/edit?type=program&id=${id}`, { description: 'drafted', action: 'draft' });
  assert.equal(res.status, 303, 'a draft to discard');
  const strip = (fields) => fields.filter(([k]) => k !== 'csrf_token');
  const routes = [
    ['/admin/edit', withChanges(strip(editForm.fields), { title: 'Forged title' })],
    ['/admin/delete', strip(deleteForm.fields)],
    ['/admin/move', [['type', 'program'], ['id', id], ['direction', 'up']]],
    ['/admin/restore', [['revision', String(revision)], ['state', 'before']]],
    ['/admin/logout', []],
    ['/admin/preview', withChanges(strip(pageForm.fields), { title: 'Forged preview' })],
    ['/admin/draft', [['type', 'program'], ['id', id], ['do', 'discard']]],
    ['/admin/files', [['name', 'Forged upload'], ['alt', 'x']]],
  ];
  return { A, B, id, routes };
}

/* Each route refused with 403 under the variant; database unchanged; A
 * still logged in. */
async function assertCsrfRefused(variant, send) {
  const { A, B, routes } = await csrfSetup();
  const before_ = dump();
  const sessions = one('SELECT count(*) AS n FROM session').n;
  for (const [route, fields] of routes) {
    const res = await send(A, B, route, fields);
    assert.equal(res.status, 403, `${route} ${variant}: 403 (${textOf(res.body).slice(0, 120)})`);
    assert.match(textOf(res.body), /Nothing was changed/, `${route} ${variant}: says nothing changed`);
    assert.equal(res.headers.location, undefined, `${route} ${variant}: no redirect`);
    assert.equal(res.headers['set-cookie'], undefined, `${route} ${variant}: no cookie change`);
    assert.ok(!/Forged preview/.test(res.body), `${route} ${variant}: no preview rendered`);
    assertSameDump(before_, `${route} ${variant}`);
  }
  assert.equal(one('SELECT count(*) AS n FROM session').n, sessions, `${variant}: no session ended`);
  assert.equal((await A.get('/admin/')).status, 200, `${variant}: the session survived`);
  return { A, routes };
}

test('CSRF: every state-changing admin route refuses a POST without a token (403), database unchanged', T, async () => {
  await assertCsrfRefused('without a token', (A, B, route, fields) => A.post(route, fields, { token: false }));
  await assertCsrfRefused('with an empty token', (A, B, route, fields) => A.post(route, [...fields, ['csrf_token', '']], { token: false }));
  await assertCsrfRefused('with a made-up token', (A, B, route, fields) => A.post(route, [...fields, ['csrf_token', 'f'.repeat(64)]], { token: false }));
  // The right token, but in the URL (logged and kept in history) instead of the body.
  await assertCsrfRefused('with its token in the query string', (A, B, route, fields) =>
    A.post(`${route}?csrf_token=${A.csrf}`, fields, { token: false }));
});

test("CSRF: every state-changing admin route refuses another session's token (403), database unchanged", T, async () => {
  await assertCsrfRefused("with another session's token", (A, B, route, fields) => {
    assert.notEqual(B.csrf, A.csrf);
    return A.post(route, [...fields, ['csrf_token', B.csrf]], { token: false });
  });
  // And a token of a session that has ended.
  const old = await loggedIn('alice');
  const token = old.csrf;
  assert.equal((await old.post('/admin/logout', {})).status, 303);
  await assertCsrfRefused('with the token of an ended session', (A, B, route, fields) =>
    A.post(route, [...fields, ['csrf_token', token]], { token: false }));
});

test('CSRF: every state-changing admin route refuses a cross-site Origin or Sec-Fetch-Site (403), database unchanged', T, async () => {
  for (const origin of ['https://evil.example', 'http://evil.example', 'null', `${ORIGIN}.evil.example`,
    ORIGIN.replace('127.0.0.1', 'localhost'), ORIGIN.replace('http:', 'https:'), `${ORIGIN}/`, `${ORIGIN}0`, 'http://127.0.0.1:1']) {
    await assertCsrfRefused(`from Origin ${origin} (with the right token)`, (A, B, route, fields) => A.post(route, fields, { origin }));
  }
  for (const site of ['cross-site', 'same-site']) {
    await assertCsrfRefused(`with Sec-Fetch-Site: ${site} (with the right token)`, (A, B, route, fields) =>
      A.post(route, fields, { headers: { 'Sec-Fetch-Site': site } }));
  }
  await assertCsrfRefused('cross-site, no token', (A, B, route, fields) =>
    A.post(route, fields, { token: false, origin: 'https://evil.example', headers: { 'Sec-Fetch-Site': 'cross-site' } }));
});

/*
 * Under nginx, HTTP_HOST is nginx's $host (no port): the site's origin
 * takes its port from SERVER_PORT (request_origin), so an Origin of
 * http://127.0.0.1 (port 80) is not this site on port 8080.
 */
test('CSRF: an Origin that differs only by its port (http://127.0.0.1 for a site on another port) is refused', {
  ...T,
}, async () => {
  await assertCsrfRefused('from Origin http://127.0.0.1 (port 80; with the right token)', (A, B, route, fields) =>
    A.post(route, fields, { origin: 'http://127.0.0.1' }));
});

test('CSRF: the same POSTs with the right token from this site go through (the refusals above were not for other reasons)', T, async () => {
  const { A, id, routes } = await csrfSetup();
  const byRoute = new Map(routes);
  const revs = revCount();
  let res = await A.post('/admin/preview', byRoute.get('/admin/preview'));
  assert.equal(res.status, 200, 'preview');
  res = await A.post('/admin/draft', byRoute.get('/admin/draft'));
  assert.equal(res.status, 303, 'discard a draft');
  res = await A.post('/admin/edit', byRoute.get('/admin/edit'));
  assert.equal(res.status, 303, 'edit');
  assert.equal(one(`SELECT title FROM program WHERE id = ${Number(id)}`).title, 'Forged title');
  res = await A.post('/admin/move', byRoute.get('/admin/move'));
  assert.equal(res.status, 303, 'move');
  res = await A.post('/admin/restore', byRoute.get('/admin/restore'));
  assert.equal(res.status, 303, 'restore');
  const del = await openForm(A, `/admin/delete?type=program&id=${id}`, '/admin/delete');
  res = await A.post('/admin/delete', del.fields);
  assert.equal(res.status, 303, 'delete');
  assert.ok(revCount() > revs, 'revisions written');
  res = await A.post('/admin/logout', {});
  assert.equal(res.status, 303, 'logout');
  assert.equal((await A.get('/admin/')).status, 303, 'logged out');
});

test('CSRF: GET (and HEAD) on the state-changing routes change nothing', T, async () => {
  const { A, id } = await csrfSetup();
  const before_ = dump();
  const revision = lastRevision().id;
  for (const [u, statuses] of [
    ['/admin/logout', [405]],
    [`/admin/move?type=program&id=${id}&direction=up&csrf_token=${A.csrf}`, [405]],
    [`/admin/restore?revision=${revision}&state=before&csrf_token=${A.csrf}`, [200]],
    [`/admin/preview?title=x&csrf_token=${A.csrf}`, [405]],
    [`/admin/delete?type=program&id=${id}&version=2&csrf_token=${A.csrf}`, [200]],
    [`/admin/edit?type=program&id=${id}&version=2&title=Changed+by+GET&csrf_token=${A.csrf}`, [200]],
  ]) {
    const res = await A.get(u);
    assert.ok(statuses.includes(res.status), `GET ${u}: ${res.status}`);
    const head = await A.send(u, { method: 'HEAD' });
    assert.ok(statuses.includes(head.status), `HEAD ${u}: ${head.status}`);
    assertSameDump(before_, `GET ${u}`);
  }
  assert.equal((await A.get('/admin/')).status, 200, 'still logged in');
});

/* ======================================================================
 * SQL injection
 * ==================================================================== */

const SQLI = ["' OR 1=1 --", "' OR '1'='1", '" OR ""="', '"; DROP TABLE page; --', "'; DROP TABLE page; --",
  '1; DROP TABLE revision', '1 UNION SELECT name, sql FROM sqlite_master --', "1' UNION SELECT password, name FROM user --",
  '1 UNION SELECT 1,2,3,4,5,6,7,8,9,10 --', "1 AND 1=CAST((SELECT group_concat(password) FROM user) AS INT)",
  "') OR ('1'='1", "' || (SELECT password FROM user LIMIT 1) || '", '1) OR 1=1 --', '%', '_', '*', '\\', "\\'",
  '1e309', '-1', '99999999999999999999999', '0x10', 'NULL', "' AND randomblob(1000000000) --",
  '" MATCH "*', 'a NEAR b', 'title:x OR body:y', '"unterminated', '(((', 'x AND', 'NOT', '^x*'];

test('SQL injection: payloads in every public parameter and path: no 5xx, no change, no SQLite error text', T, async () => {
  const before_ = dump();
  const e = encodeURIComponent;
  for (const p of SQLI) {
    for (const u of [`/search/?q=${e(p)}`, `/search/?q=running&page=${e(p)}`, `/search/?q=${e(p)}&page=${e(p)}`,
      `/${e(p)}/`, `/how/${e(p)}`, `/how/runningcode/?id=${e(p)}`, `/sitemap.xml?q=${e(p)}`, `/search?q=${e(p)}`]) {
      const res = await request(srv.url, u);
      assertNot5xx(res, `${u}`);
      assertNoLeak(res, u);
    }
  }
  assertSameDump(before_, 'public SQL injection probes');
  assert.equal((await request(srv.url, '/how/runningcode/')).status, 200);
  assert.ok(db("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('page', 'revision', 'user')").length === 3,
    'the tables are all there');
});

/* About 1,100 admin requests, each a CGI process: 20 s in a normal build,
 * 160-240 s under ASan+LeakSanitizer on 2 CPUs (tests/sanitize/run), so
 * the limit of the stored-XSS test above (120-130 s there). */
test('SQL injection: payloads in every admin parameter (GET and POST): no 5xx, no change, no SQLite error text', { timeout: 600000 }, async () => {
  const b = await loggedIn('alice');
  // A program at version 2: no payload parses to 2, so no edit matches.
  let res = await submitForm(b, '/admin/edit?type=program&page_id=26', { title: 'SQLi target' });
  assert.equal(res.status, 303);
  const id = lastRevision().record_id;
  assert.equal((await submitForm(b, `/admin/edit?type=program&id=${id}`, { description: 'v2' })).status, 303);
  const editForm = (await openForm(b, `/admin/edit?type=program&id=${id}`)).fields;
  const before_ = dump();
  const e = encodeURIComponent;
  const anon = new Browser('127.0.0.22');
  try {
    for (const p of SQLI) {
      for (const u of [`/admin/edit?type=${e(p)}`, `/admin/edit?type=page&id=${e(p)}`, `/admin/edit?type=redirect&id=${e(p)}`,
        `/admin/edit?type=menu_entry&id=${e(p)}`, `/admin/edit?type=menu_entry&place=${e(p)}`,
        `/admin/edit?type=program&page_id=${e(p)}`, `/admin/history?type=page&id=${e(p)}`, `/admin/history?type=${e(p)}&id=26`,
        `/admin/delete?type=program&id=${e(p)}`, `/admin/delete?type=redirect&id=${e(p)}`, `/admin/programs?page=${e(p)}`,
        `/admin/login?next=${e(p)}`, `/admin/audit?limit=${e(p)}`]) {
        res = await b.get(u);
        assertNot5xx(res, u);
        assertNoLeak(res, u);
      }
      for (const [u, f] of [
        ['/admin/move', { type: 'program', id: p, direction: 'up' }], ['/admin/move', { type: p, id, direction: 'down' }],
        ['/admin/move', { type: 'program', id, direction: p }],
        ['/admin/delete', { type: 'program', id: p, version: '2' }], ['/admin/delete', { type: 'program', id, version: p }],
        ['/admin/delete', { type: p, id, version: '2' }],
        ['/admin/restore', { revision: p }], ['/admin/restore', { revision: p, state: 'before' }],
        ['/admin/edit', withChanges(editForm, { id: p, title: 'x' })], ['/admin/edit', withChanges(editForm, { version: p, title: 'x' })],
        ['/admin/edit', withChanges(editForm, { type: p })], ['/admin/edit', withChanges(editForm, { page_id: p })],
        ['/admin/edit', withChanges(editForm, { link_page_id: p })],
        ['/admin/edit', withChanges(editForm, { id: p, title: 'x', action: 'draft' })],
        ['/admin/draft', { type: 'program', id: p, do: 'publish' }], ['/admin/draft', { type: p, id, do: 'discard' }],
        ['/admin/edit', [['type', 'menu_entry'], ['version', '0'], ['label', 'x'], ['place', p], ['url', '/x/']]],
        ['/admin/edit', [['type', 'redirect'], ['version', '0'], ['path', '/sqli/'], ['page_id', p]]],
        ['/admin/preview', { path: '/x/', title: p, id: p }]]) {
        res = await b.post(u, f);
        assertNot5xx(res, `POST ${u} ${JSON.stringify(f).slice(0, 80)}`);
        assertNoLeak(res, `POST ${u}`);
        assert.notEqual(res.status, 303, `POST ${u} ${JSON.stringify(f).slice(0, 100)}: nothing goes through`);
      }
      for (const [u, f] of [['/admin/login', { username: p, password: p }], ['/admin/login', { username: 'alice', password: p }],
        ['/admin/login', { username: `alice${p}`, password: USERS.alice }], ['/admin/login', { username: p, password: USERS.alice, next: p }]]) {
        res = await anon.post(u, f, { token: false });
        assert.ok([403, 422, 429].includes(res.status), `login ${JSON.stringify(f)}: ${res.status}`);
        assertNoLeak(res, `login ${JSON.stringify(f)}`);
        assert.equal(res.headers['set-cookie'], undefined, `login ${JSON.stringify(f)}: no session`);
      }
      // A forged session cookie.
      const forged = new Browser();
      forged.jar.set('rc_session', p.replace(/[;,\s]/g, ''), '/admin');
      res = await forged.get('/admin/pages');
      assert.equal(res.status, 303, `cookie ${p}: not logged in`);
    }
  } finally {
    clearAttempts();
  }
  assertSameDump(before_, 'admin SQL injection probes');
});

test('SQL injection: payloads typed into fields are stored verbatim and change nothing else', T, async () => {
  const b = await loggedIn('alice');
  const tables = () => db("SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') ORDER BY name").map((r) => r.name);
  const count = (t) => one(`SELECT count(*) AS n FROM ${t}`).n;
  const before_ = { tables: tables(), pages: count('page'), users: count('user'), revisions: count('revision'), programs: count('program') };
  let made = 0;
  for (const p of SQLI.filter((x) => x.trim() && !/^[\\%_*]$/.test(x))) {
    const res = await submitForm(b, '/admin/edit?type=program&page_id=26', { title: p, description: p });
    assert.equal(res.status, 303, `program titled ${p}`);
    const id = lastRevision().record_id;
    assert.deepEqual(one(`SELECT title, description FROM program WHERE id = ${Number(id)}`), { title: p.trim(), description: p },
      `${p}: stored as typed`);
    made++;
    const s = await request(srv.url, `/search/?q=${encodeURIComponent(p)}`);
    assertNot5xx(s, `search ${p}`);
    assertNoLeak(s, `search ${p}`);
  }
  assert.deepEqual(tables(), before_.tables, 'no table, index or trigger dropped or made');
  assert.equal(count('page'), before_.pages);
  assert.equal(count('user'), before_.users);
  assert.equal(count('program'), before_.programs + made);
  assert.equal(count('revision'), before_.revisions + made, 'one revision per save');
  const html = (await request(srv.url, '/how/runningcode/')).body;
  assert.ok(html.includes('DROP TABLE page'), 'the public page shows them as text');
  assertNoLeak({ body: html, headers: {} }, 'public page');
  assert.equal(one('PRAGMA integrity_check').integrity_check, 'ok');
});

/* ======================================================================
 * Path traversal and odd paths
 * ==================================================================== */

const PASSWD = /root:[^:\n]*:0:0:/;

/* Odd paths that answered 200: only pages of the site itself, reached
 * once the web server resolved the dots (reported as diagnostics). */
const normalised = [];

/* The allowed answers to an odd path: 400, 404, 414, a 403 from nginx
 * for a static folder, a 301 to a local canonical path, or a 200 that is
 * one of the site's own pages or static files (nginx resolved "x/.."
 * to a page of the site); never a file from elsewhere, never 5xx. */
function assertOddPathSafe(res, p, { allow403 = false } = {}) {
  const what = `${p.slice(0, 70)} → ${res.status}`;
  const type = res.headers['content-type'] ?? '';
  const sitePage = res.status === 200 && ((type.startsWith('text/html') && res.body.includes('<html lang="en">')) ||
    /^(text\/css|image\/svg\+xml)/.test(type));
  if (sitePage) normalised.push(p.slice(0, 70));
  const ok = [400, 404, 414].includes(res.status) || (allow403 && res.status === 403) || sitePage ||
    (res.status === 301 && /^\/[^/\\]/.test(res.headers.location ?? ''));
  assert.ok(ok, `${what} ${res.headers.location ?? ''} ${type}`);
  assert.ok(!PASSWD.test(res.body), `${what}: /etc/passwd content`);
  assert.ok(!/^\[Unit\]|BEGIN (RSA|OPENSSH) PRIVATE KEY|^database = /m.test(res.body), `${what}: a system or config file`);
  assert.ok(!res.body.includes('SQLite format 3'), `${what}: the database file`);
}

const TRAVERSAL = ['..', '../', '../../../../../../etc/passwd', '%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%2f..%2f..%2f..%2fetc%2fpasswd', '%252e%252e/%252e%252e/etc/passwd',
  '..%5c..%5c..%5cetc%5cpasswd', '..\\..\\..\\etc\\passwd', '%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '.%00./etc/passwd',
  'x%00', '%00', 'x%00.html', '%0d%0a', '%ff', '%ed%a0%80', '/etc/passwd', '//etc/passwd', '///', '.', './', '.%2e/',
  '%2e/', '....//....//etc/passwd', ';/../../etc/passwd', '..;/..;/etc/passwd', 'x/..', 'x/../..', '%20', 'a%20b',
  '~root', '.git/config', '.env', 'index.html', '../runningcode.db', '../../runningcode.db', '../../../runningcode.db',
  '%2e%2e/%2e%2e/%2e%2e/runningcode.db', '../tests/tmp', 'a'.repeat(3000), `${'a/'.repeat(1100)}`, `${'%2e%2e/'.repeat(200)}etc/passwd`];

test('path traversal and odd paths under /: 400/404/301, never a file outside the site, never 5xx', T, async () => {
  for (const t of TRAVERSAL) {
    for (const p of [`/${t}`, `/how/${t}`, `/how/runningcode/${t}`, `/search/${t}`]) {
      const res = await request(srv.url, p);
      assertOddPathSafe(res, p);
    }
  }
  assert.equal((await request(srv.url, '/how/runningcode/')).status, 200, 'the site still answers');
});

after(() => {
  if (normalised.length) console.log(`# odd paths answered by a page of the site (dots resolved): ${normalised.length}, such as ${normalised.slice(0, 5).join(' ')}`);
});

test('path traversal and odd paths under /static/: 400/403/404, never a file outside the folder, never 5xx', T, async () => {
  for (const t of TRAVERSAL) {
    for (const p of [`/static/${t}`, `${STATIC['site.css']}/${t}`, `/static${t}`]) {
      const res = await request(srv.url, p);
      assertOddPathSafe(res, p, { allow403: true });
    }
  }
  const css = await request(srv.url, STATIC['site.css']);
  assert.equal(css.status, 200, 'the stylesheet still comes');
});

test('path traversal and odd paths under /admin/ (logged in and not): 400/404/303/301, never a file, never 5xx', T, async () => {
  const b = await loggedIn('alice');
  const anon = new Browser();
  for (const t of TRAVERSAL) {
    for (const p of [`/admin/${t}`, `/admin/edit/${t}`, `/admin${t}`]) {
      for (const who of [b, anon]) {
        const res = await who.get(p);
        if (res.status === 303) {
          // Not logged in: to the login form, with next encoded.
          assert.ok(who === anon, `${p}: 303 only for a visitor not logged in`);
          assert.match(res.headers.location, /^\/admin\/login\?next=[^/\\]/, `${p}: ${res.headers.location}`);
          continue;
        }
        assertOddPathSafe(res, `${who === b ? 'logged in' : 'anon'} ${p}`);
      }
    }
  }
  assert.equal((await b.get('/admin/')).status, 200, 'the admin still answers');
});

/* One raw request (bytes), the status and headers of its answer. */
async function rawGet(target, headers = '') {
  const head = Buffer.concat([Buffer.from('GET '), Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'),
    Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`, 'latin1')]);
  const out = await rawExchange(srv.url, head);
  const text = out.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const lines = (end < 0 ? text : text.slice(0, end)).split('\r\n');
  const status = Number((/^HTTP\/1\.[01] (\d{3})/.exec(lines[0]) || [])[1] ?? 0);
  return { status, lines, body: end < 0 ? '' : text.slice(end + 4) };
}

test('raw non-UTF-8 bytes, NUL, tabs and backslashes in request paths: 400/404, never 5xx', T, async () => {
  const bytes = [[0xff, 0xfe], [0xc0, 0xaf], [0xc0, 0xae, 0xc0, 0xae], [0xed, 0xa0, 0x80], [0x80], [0xe2, 0x82], [0x00], [0x09], [0x7f],
    [0x5c, 0x2e, 0x2e, 0x5c, 0x2e, 0x2e]];
  for (const prefix of ['/', '/how/', '/static/', '/admin/', '/search/']) {
    for (const b of bytes) {
      const target = Buffer.concat([Buffer.from(prefix), Buffer.from(b), Buffer.from('/x')]);
      const res = await rawGet(target);
      const what = `${prefix} + ${Buffer.from(b).toString('hex')} → ${res.status}`;
      // 0: nginx closed the connection without an answer (a NUL byte), also safe.
      assert.ok([0, 400, 404].includes(res.status) || (prefix === '/admin/' && res.status === 303), what);
      assert.ok(!PASSWD.test(res.body), what);
    }
  }
  assert.equal((await request(srv.url, '/how/runningcode/')).status, 200);
});

/* ======================================================================
 * Header injection, open redirects, session fixation
 * ==================================================================== */

/* No header of res was made by a payload. */
function assertNoInjectedHeader(lines, what) {
  for (const l of lines.slice(1)) {
    assert.ok(!/^(x-injected|evil)\s*:/i.test(l), `${what}: injected header ${l}`);
    assert.ok(!/^set-cookie:\s*(evil|x)=/i.test(l), `${what}: injected cookie ${l}`);
    assert.ok(!/[\r\n]/.test(l), `${what}: a header with a line break`);
  }
}

function headerLines(res) {
  return ['HTTP'].concat(Object.entries(res.headers).flatMap(([k, v]) => [].concat(v).map((x) => `${k}: ${x}`)));
}

const CRLF = ['\r\nX-Injected: 1', '\nX-Injected: 1', '\rX-Injected: 1', '\r\nSet-Cookie: evil=1', '\r\n\r\n<script>alert(1)</script>',
  '\u2028X-Injected: 1', '\u0085X-Injected: 1', '%0d%0aX-Injected:%201'];

test('header injection: CR/LF in login next never reaches a header (Location stays one local line)', T, async () => {
  try {
    for (const c of CRLF) {
      for (const next of [`/admin/${c}`, `/admin/pages${c}`, c]) {
        const res = await new Browser('127.0.0.23').login('alice', USERS.alice, next);
        assert.equal(res.status, 303, `next=${JSON.stringify(next)}`);
        assertNoInjectedHeader(headerLines(res), `next=${JSON.stringify(next)}`);
        assert.deepEqual([].concat(res.headers['set-cookie']).map((c) => c.split('=')[0]), ['rc_session', 'rc_device'],
          'two cookies: the session and the new browser\'s device');
        assert.match(res.headers.location, /^\/admin\/[^\r\n]*$/, `next=${JSON.stringify(next)}: ${res.headers.location}`);
        if (/[\r\n]/.test(next)) assert.equal(res.headers.location, '/admin/', 'a next with a line break is dropped');
        const form = await new Browser('127.0.0.23').get(`/admin/login?next=${encodeURIComponent(next)}`);
        assert.equal(form.status, 200);
        assertNoInjectedHeader(headerLines(form), 'login form');
        const raw = await rawGet(`/admin/login?next=${encodeURIComponent(next)}`);
        assertNoInjectedHeader(raw.lines, `raw GET login next=${JSON.stringify(next)}`);
      }
    }
    // Redirect to the login form: the address asked for is kept, encoded.
    for (const c of CRLF) {
      const res = await new Browser().get(`/admin/pages?x=${encodeURIComponent(c)}`);
      assert.equal(res.status, 303);
      assertNoInjectedHeader(headerLines(res), `login redirect ${JSON.stringify(c)}`);
    }
  } finally {
    clearAttempts();
  }
});

test('header injection: the query kept by the trailing-slash, /search and old-address 301s stays encoded', T, async () => {
  const b = await loggedIn('alice');
  assert.equal((await submitForm(b, '/admin/edit?type=redirect', { path: '/attack/header-old/', page_id: '26' })).status, 303);
  for (const base of ['/how/runningcode', '/search', '/attack/header-old/']) {
    for (const c of CRLF) {
      const u = `${base}?x=${encodeURIComponent(c)}&q=${encodeURIComponent(c)}`;
      const res = await request(srv.url, u);
      assert.equal(res.status, 301, u);
      assertNoInjectedHeader(headerLines(res), u);
      assert.ok(!/[\r\n]/.test(res.headers.location), `${u}: Location on one line`);
      assert.ok(res.headers.location.startsWith(base === '/search' ? '/search/?' : base === '/how/runningcode' ? '/how/runningcode/?' : '/how/runningcode/?'),
        `${u}: ${res.headers.location}`);
    }
    // Raw CR, LF and CRLF in the request line: refused by nginx, or the
    // line ends there; never an injected header.
    for (const raw of ['\r\nX-Injected: 1', '\nX-Injected: 1', '\rX-Injected:1', '%0D%0AX-Injected:%201', '%0AX-Injected:%201']) {
      const res = await rawGet(`${base}?x=a${raw}`);
      assertNoInjectedHeader(res.lines, `raw ${base} ${JSON.stringify(raw)}`);
      assert.ok(res.status === 0 || res.status < 500, `raw ${base} ${JSON.stringify(raw)}: ${res.status}`);
    }
  }
});

test('open redirect: login next accepts only local admin paths', T, async () => {
  const evil = ['//evil.example', '//evil.example/admin/', 'https://evil.example', 'https://evil.example/admin/', 'http:evil.example',
    'http:/admin/', '/\\evil.example', '\\\\evil.example', '/\\/evil.example', '/admin/../x', '/admin/../../evil.example',
    '/admin/..', '/admin//evil.example', '/admin/\\evil.example', '/admin/%2e%2e%2fx', '/admin/..%2fx', '/admin/%5c%5cevil.example', ' //evil.example', '\t//evil.example', '/ /evil.example',
    'javascript:alert(1)', 'data:text/html,x', '/Admin/', '/admin', '/adminx/', 'admin/',
    `/admin/${'a'.repeat(2000)}`, '/admin/\u2028//evil.example'];
  try {
    for (const next of evil) {
      const res = await new Browser('127.0.0.24').login('alice', USERS.alice, next);
      assert.equal(res.status, 303, `next=${JSON.stringify(next)}`);
      const loc = res.headers.location;
      // A browser resolves the Location against the page: it must land on
      // this site, under /admin/.
      const landed = new URL(loc, `${ORIGIN}/admin/login`);
      assert.equal(landed.origin, ORIGIN, `next=${JSON.stringify(next)}: lands on ${landed.href}`);
      assert.ok(landed.pathname.startsWith('/admin/'), `next=${JSON.stringify(next)}: lands on ${landed.pathname} (Location ${loc})`);
      assert.ok(!/\\|\/\/|^[a-z]+:/i.test(loc), `next=${JSON.stringify(next)}: Location ${loc}`);
      const form = await new Browser('127.0.0.24').get(`/admin/login?next=${encodeURIComponent(next)}`);
      const kept = new Map(forms(form.body).find((f) => f.action === '/admin/login').fields).get('next');
      const formLanded = new URL(kept, `${ORIGIN}/admin/login`);
      assert.ok(formLanded.origin === ORIGIN && formLanded.pathname.startsWith('/admin/'),
        `the form keeps next=${JSON.stringify(next)} as ${kept}`);
    }
    for (const ok of ['/admin/menus', '/admin/programs?page=26', '/admin/edit?type=page&id=26']) {
      const res = await new Browser('127.0.0.24').login('alice', USERS.alice, ok);
      assert.equal(res.headers.location, ok, `a local admin path is followed: ${ok}`);
    }
  } finally {
    clearAttempts();
  }
});

/*
 * Browsers resolve a percent-encoded dot segment ("%2e%2e") as "..":
 * same-site.c's same_site_admin_path() refuses those as it refuses "..".
 */
test('open redirect: login next with percent-encoded dot segments does not leave /admin/', {
  ...T,
}, async () => {
  try {
    for (const next of ['/admin/%2e%2e/x', '/admin/%2E%2E/%2E%2E/x', '/admin/.%2e/x', '/admin/%2e./x', '/admin/%2e%2e']) {
      const res = await new Browser('127.0.0.24').login('alice', USERS.alice, next);
      assert.equal(res.status, 303, `next=${next}`);
      const landed = new URL(res.headers.location, `${ORIGIN}/admin/login`);
      assert.ok(landed.pathname.startsWith('/admin/'), `next=${next}: lands on ${landed.pathname} (Location ${res.headers.location})`);
    }
  } finally {
    clearAttempts();
  }
});

test('open redirect: no public redirect leads to another host', T, async () => {
  for (const p of ['//evil.example', '//evil.example/', '/\\evil.example', '/%5cevil.example', '/%2f%2fevil.example',
    '//evil.example/how/runningcode', '/how/runningcode?//evil.example', '/search?q=//evil.example', '/.evil.example',
    '/how/runningcode//evil.example']) {
    const res = await request(srv.url, p);
    assertNot5xx(res, p);
    if (res.headers.location) {
      const landed = new URL(res.headers.location, `${ORIGIN}/x/`);
      assert.equal(landed.origin, ORIGIN, `${p}: redirects to ${res.headers.location}`);
    }
  }
});

test('session fixation: a cookie set before login is never the one used after it', T, async () => {
  const planted = ['a'.repeat(64), '0'.repeat(64), 'deadbeef'.repeat(8)];
  for (const value of planted) {
    const victim = new Browser();
    victim.jar.set('rc_session', value, '/admin');
    assert.equal((await victim.get('/admin/login')).status, 200, 'the login form');
    assert.equal(victim.cookie(), value, 'the form sets no cookie');
    const res = await victim.login('alice');
    assert.equal(res.status, 303);
    assert.match(victim.cookie(), /^[0-9a-f]{64}$/);
    assert.notEqual(victim.cookie(), value, 'a new token');
    assert.equal((await victim.get('/admin/')).status, 200, 'the victim is logged in with the new token');
    const attacker = new Browser();
    attacker.jar.set('rc_session', value, '/admin');
    const res2 = await attacker.get('/admin/');
    assert.equal(res2.status, 303, 'the planted token opens nothing');
  }
  // An attacker's own live session planted in the victim's browser (with
  // its CSRF token, as the login POST then needs): ended at login.
  const attacker = await loggedIn('bob');
  const victim = new Browser();
  victim.jar.set('rc_session', attacker.cookie(), '/admin');
  assert.equal((await victim.get('/admin/')).status, 200);
  const res = await victim.post('/admin/login', { username: 'alice', password: USERS.alice });
  assert.equal(res.status, 303);
  assert.notEqual(victim.cookie(), attacker.cookie(), 'a new token');
  assert.equal((await attacker.get('/admin/')).status, 303, "the attacker's session has ended");
  // Two cookies of the same name: the server picks one, never a mix.
  const twice = new Browser();
  const res3 = await twice.send('/admin/', { headers: { Cookie: `rc_session=${'a'.repeat(64)}; rc_session=${victim.cookie()}` } });
  assert.ok([200, 303].includes(res3.status), `two cookies: ${res3.status}`);
});

/* ======================================================================
 * Oversized requests
 * ==================================================================== */

test('oversized: a body field over 200 KB gets 422 with the form kept; a form over the admin limit (1 MB) 413 naming its size; one over the web server limit 413', T, async () => {
  const b = await loggedIn('alice');
  const form = await openForm(b, '/admin/edit?type=page&id=26');
  const before_ = dump();
  for (const size of [257 * 1024, 600 * 1024, 1000 * 1024]) {
    const res = await b.post('/admin/edit', withChanges(form.fields, { body: 'a'.repeat(size) }));
    assert.equal(res.status, 422, `${size} bytes: the body field refused`);
    assert.match(textOf(res.body), /The body is too long: use at most 200 KB\./, `${size} bytes: says why`);
  }
  for (const [size, shown] of [[1100 * 1024, '1.1'], [1900 * 1024, '1.9']]) {
    const res = await b.post('/admin/edit', withChanges(form.fields, { body: 'a'.repeat(size) }));
    assert.equal(res.status, 413, `${size} bytes`);
    assert.match(textOf(res.body), new RegExp(`The form is ${shown.replace('.', '\\.')} MB; the admin accepts at most 1 MB\\. Nothing was saved\\.`),
      `${size} bytes: says its size and the limit`);
  }
  for (const size of [2100 * 1024, 5 * 1024 * 1024]) {
    const res = await b.post('/admin/edit', withChanges(form.fields, { body: 'a'.repeat(size) }))
      .catch((e) => ({ status: `error ${e.code || e.message}`, body: '', headers: {} }));
    // The web server's own limit (2 MB for the admin): its own 413 page.
    assert.equal(res.status, 413, `${size} bytes`);
    assert.match(textOf(res.body), /Too Large/i, `${size} bytes: says why`);
  }
  // The anonymous login form and the public site the same.
  const login = await new Browser('127.0.0.25').post('/admin/login', { username: 'x', password: 'y'.repeat(300 * 1024) }, { token: false });
  assert.equal(login.status, 422, 'a 300 KB password: refused unchecked');
  const bigLogin = await new Browser('127.0.0.25').post('/admin/login', { username: 'x', password: 'y'.repeat(1200 * 1024) }, { token: false });
  assert.equal(bigLogin.status, 413, 'a 1.2 MB login form');
  const pub = await request(srv.url, '/how/runningcode/', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024),
    headers: { 'Content-Type': FORM, 'Content-Length': String(2 * 1024 * 1024) } }).catch((e) => ({ status: e.message }));
  assert.ok([405, 413].includes(pub.status), `a 2 MB POST to a public page: ${pub.status}`);
  assertSameDump(before_, 'oversized bodies');
  clearAttempts();
});

test('oversized: too many fields → 400; a huge single field → 413, 422 or 400; nothing saved', T, async () => {
  const b = await loggedIn('alice');
  const form = await openForm(b, '/admin/edit?type=page&id=26');
  const before_ = dump();
  const many = [...form.fields, ...Array.from({ length: 70 }, (_, i) => [`f${i}`, '1'])];
  let res = await b.post('/admin/edit', many);
  assert.equal(res.status, 400, 'too many fields');
  assert.match(textOf(res.body), /too many parameters/, 'says why');
  res = await b.post('/admin/edit', [...form.fields, ...Array.from({ length: 5000 }, () => ['title', 'x'])]);
  assert.equal(res.status, 400, '5,000 fields');
  // Names we drop still count: 70 unknown names.
  res = await b.postRaw('/admin/edit', `${new URLSearchParams(form.fields)}&${Array.from({ length: 70 }, (_, i) => `X${i}=1`).join('&')}`);
  assert.equal(res.status, 400, '70 fields of names we drop');
  // A public query with too many parameters.
  res = await request(srv.url, `/search/?${Array.from({ length: 70 }, (_, i) => `q${i}=1`).join('&')}`);
  assert.equal(res.status, 400, 'the worker: too many parameters');
  // One huge field within the limit: the validators refuse it (422).
  res = await b.post('/admin/edit', withChanges(form.fields, { title: 't'.repeat(250 * 1024) }));
  assert.ok([400, 413, 422].includes(res.status), `a 250 KB title: ${res.status}`);
  assert.ok(textOf(res.body).length > 0, 'with a message');
  // One huge field over it.
  res = await b.post('/admin/edit', withChanges(form.fields, { summary: 's'.repeat(400 * 1024) }));
  assert.equal(res.status, 422, 'a 400 KB summary: the field refused');
  res = await b.post('/admin/edit', withChanges(form.fields, { summary: 's'.repeat(1200 * 1024) }));
  assert.equal(res.status, 413, 'a 1.2 MB summary');
  // One huge field name (with an empty title, so that the form cannot
  // save if the name is merely dropped).
  res = await b.postRaw('/admin/edit', `${new URLSearchParams(withChanges(form.fields, { title: '' }))}&${'n'.repeat(200 * 1024)}=1`);
  assert.ok([400, 413, 422].includes(res.status), `a 200 KB field name: ${res.status}`);
  assertSameDump(before_, 'huge fields');
  // Huge query strings and headers.
  res = await b.get(`/admin/edit?type=page&title=${'q'.repeat(9000)}`);
  assert.ok([400, 414].includes(res.status), `a 9,000-byte admin query: ${res.status}`);
  res = await request(srv.url, `/search/?q=${'q'.repeat(9000)}`);
  assert.ok([400, 414].includes(res.status), `a 9,000-byte public query: ${res.status}`);
  res = await request(srv.url, '/how/runningcode/', { headers: { Cookie: `x=${'c'.repeat(20000)}` } });
  assert.ok([400, 431].includes(res.status), `a 20 KB Cookie header: ${res.status}`);
  res = await b.send('/admin/', { headers: { Cookie: `rc_session=${b.cookie()}; x=${'c'.repeat(20000)}` } });
  assert.ok([400, 431].includes(res.status), `a 20 KB Cookie header to the admin: ${res.status}`);
  res = await request(srv.url, '/how/runningcode/', { headers: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`X-H${i}`, 'v'.repeat(100)])) });
  assert.ok([200, 400, 431].includes(res.status), `200 headers: ${res.status}`);
});

/* ---- uploads (/admin/files) ---- */

/* POST a multipart body (Buffer) as an upload form would, with its type. */
function sendUpload(b, body, type, headers = {}) {
  return b.send('/admin/files', { method: 'POST', body, headers: { 'Content-Type': type, Origin: b.origin, ...headers } });
}

const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
const fileRow = (name) => one(`SELECT * FROM file WHERE name = '${name.replace(/'/g, "''")}'`);

test('uploads: a path in the file name or the name field never leaves the files folder; names outside stored ones are never served', T, async () => {
  const b = await loggedIn('alice');
  await b.get('/admin/files');
  const home = (await request(srv.url, '/')).body;
  for (const filename of ['../../public/index.html', '/etc/passwd', '....//....//x.txt']) {
    const text = samples.text(`traversal through ${filename}\n`);
    const { body, type } = multipart([['csrf_token', b.csrf], ['name', ''], ['alt', '']],
      { name: filename, type: 'text/plain', data: text });
    const res = await sendUpload(b, body, type);
    assert.equal(res.status, 303, `${filename}: stored as a plain text`);
    const base = filename.split('/').pop();
    const row = fileRow(base);
    assert.ok(row, `${filename}: named by its last part only (${base})`);
    assert.match(row.stored, /^[0-9a-f]{64}\.txt$/, `${filename}: stored under its hash`);
    assert.ok(fs.readFileSync(path.join(srv.runtime, 'files', row.stored)).equals(text), `${filename}: in the files folder`);
  }
  assert.equal((await request(srv.url, '/')).body, home, 'the published home page is untouched');
  assert.ok(fs.statSync(srv.dbPath).size > 0 && one('PRAGMA integrity_check').integrity_check === 'ok', 'the database is whole');
  for (const p of ['/files/..%2frunningcode.db', '/files/%2e%2e/runningcode.db', '/files/../run/runningcode.conf',
    '/files/.', `/files/${'0'.repeat(64)}.png/..`, '/files/index.html']) {
    const res = await request(srv.url, p);
    assert.ok([400, 403, 404].includes(res.status), `${p}: ${res.status}`);
    assert.ok(!/SQLite format|base_url/.test(res.body), `${p}: nothing outside the stored files`);
  }
});

test('uploads: polyglots are stored by what their bytes are, served with that type, nosniff and a sandbox, never as a page', T, async () => {
  const b = await loggedIn('alice');
  await b.get('/admin/files');
  const script = '<html><body><script>alert(document.domain)</script></body></html>';
  const cases = [
    ['png-html', Buffer.concat([samples.png(2, 2), Buffer.from(script)]), 'image/png'],
    ['pdf-html', Buffer.from(`%PDF-1.4\n${script}\n%%EOF\n`), 'application/pdf'],
    ['jpeg-html', Buffer.concat([samples.jpeg(3, 3), Buffer.from(script)]), 'image/jpeg'],
  ];
  for (const [name, data, expected] of cases) {
    const { body, type } = multipart([['csrf_token', b.csrf], ['name', name], ['alt', 'A polyglot']],
      { name: `${name}.html`, type: 'text/html', data });
    const res = await sendUpload(b, body, type);
    assert.equal(res.status, 303, `${name}: taken as ${expected}`);
    const row = fileRow(name);
    assert.equal(row.media_type, expected, `${name}: typed by its bytes, not its name or the browser's type`);
    const served = await request(srv.url, `/files/${row.stored}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers['content-type'].split(';')[0], expected, `${name}: served as ${expected}`);
    assert.equal(served.headers['x-content-type-options'], 'nosniff', `${name}: never sniffed as HTML`);
    assert.equal(served.headers['content-security-policy'], FILE_CSP, `${name}: sandboxed, no script`);
  }
  // What is HTML or a GIF (an old polyglot carrier) first is refused;
  // an upload without the session's CSRF token or from another site too.
  const before_ = dump();
  const forged = multipart([['name', 'forged']], { name: 'f.png', type: 'image/png', data: samples.png(3, 1) });
  assert.equal((await sendUpload(b, forged.body, forged.type)).status, 403, 'an upload without a token');
  const withToken = multipart([['csrf_token', b.csrf], ['name', 'forged'], ['alt', 'x']], { name: 'f.png', type: 'image/png', data: samples.png(3, 1) });
  assert.equal((await sendUpload(b, withToken.body, withToken.type, { Origin: 'https://evil.example' })).status, 403,
    'an upload from another site');
  for (const [name, data] of [['gif-html', Buffer.from(`GIF89a${script}`)], ['html-png', Buffer.concat([Buffer.from(script), samples.png(2, 2)])],
    ['svg-in-html', Buffer.from(`<!DOCTYPE html>${samples.svg()}`)]]) {
    const { body, type } = multipart([['csrf_token', b.csrf], ['name', name], ['alt', 'x']], { name: `${name}.png`, type: 'image/png', data });
    const res = await sendUpload(b, body, type);
    assert.equal(res.status, 422, `${name}: refused`);
    assert.match(textOf(res.body), /whatever its name says/, `${name}: says why`);
  }
  assertSameDump(before_, 'refused polyglots');
});

test('uploads: an oversized and a truncated multipart body get 413 and 400 with a clear message, and change nothing', T, async () => {
  const b = await loggedIn('alice');
  await b.get('/admin/files');
  const before_ = dump();
  const files = fs.readdirSync(path.join(srv.runtime, 'files')).length;
  // Over upload_max_kib (8 MB): refused before it is read.
  let { body, type } = multipart([['csrf_token', b.csrf], ['name', 'huge']],
    { name: 'huge.txt', type: 'text/plain', data: Buffer.alloc(9 * 1024 * 1024, 0x61) });
  let res = await sendUpload(b, body, type);
  assert.equal(res.status, 413);
  assert.match(textOf(res.body), /The file is too large: the form is 9\.0 MB, and the library takes files of at most 8\.0 MB/);
  // Cut short: without its closing boundary, or in the middle of a part.
  ({ body, type } = multipart([['csrf_token', b.csrf], ['name', 'cut']], { name: 'cut.txt', type: 'text/plain', data: samples.text() }));
  for (const cut of [body.length - 8, Math.floor(body.length / 2), 10]) {
    res = await sendUpload(b, body.subarray(0, cut), type);
    assert.equal(res.status, 400, `cut at ${cut} of ${body.length} bytes`);
    assert.match(textOf(res.body), /The form arrived incomplete/, `cut at ${cut}: says why`);
  }
  // No boundary, a boundary that is never used, too many parts.
  res = await sendUpload(b, body, 'multipart/form-data');
  assert.equal(res.status, 400, 'no boundary');
  res = await sendUpload(b, body, 'multipart/form-data; boundary=other');
  assert.equal(res.status, 400, 'another boundary');
  const many = multipart([['csrf_token', b.csrf], ...Array.from({ length: 80 }, (_, i) => [`f${i}`, 'x'])], null);
  res = await sendUpload(b, many.body, many.type);
  assert.equal(res.status, 400, 'too many parts');
  // Elsewhere than /admin/files, a multipart body is refused unread.
  res = await b.send('/admin/edit', { method: 'POST', body, headers: { 'Content-Type': type, Origin: b.origin } });
  assert.equal(res.status, 415, 'multipart elsewhere');
  assertSameDump(before_, 'oversized and truncated uploads');
  assert.equal(fs.readdirSync(path.join(srv.runtime, 'files')).length, files, 'no file written');
});

test('after every probe the worker and the admin still answer, and no process crashed', T, async () => {
  assert.ok(srv.alive(), 'tools/serve is still running');
  const res = await request(srv.url, '/how/runningcode/');
  assert.equal(res.status, 200);
  assert.equal((await request(srv.url, '/search/?q=running')).status, 200, 'the worker (search)');
  const b = await loggedIn('alice');
  assert.equal((await b.get('/admin/pages')).status, 200, 'the admin');
  const logs = fs.readdirSync(path.join(srv.runtime, 'logs')).map((f) => srv.log(f)).join('\n');
  assert.ok(!/segfault|Segmentation|core dumped|AddressSanitizer|abort|fatal:/i.test(logs),
    `no crash in the logs: ${(/.*(segfault|Segmentation|core dumped|AddressSanitizer|abort|fatal:).*/i.exec(logs) || [''])[0]}`);
  assert.ok(!/upstream prematurely closed|Connection reset by peer|recv\(\) failed/.test(srv.log('nginx-error.log')),
    `nginx saw no upstream die: ${(/.*(upstream prematurely closed|Connection reset by peer|recv\(\) failed).*/.exec(srv.log('nginx-error.log')) || [''])[0]}`);
  assert.equal(one('PRAGMA integrity_check').integrity_check, 'ok');
});
