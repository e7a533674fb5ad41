'use strict';
/*
 * tests/search.test.js: site search (/search/), /sitemap.xml, /robots.txt
 * and the canonical, description and Open Graph tags of pages, as a
 * visitor (or a crawler) sees them through real nginx (conf/nginx-site.conf
 * through tools/serve) and runningcode-site. Run by `make check` as
 * `node --test-reporter=tap tests/search.test.js`; tests/search-apache.test.js
 * runs it again behind Apache.
 *
 * One server for the file, with the seed content and one editor (argon2id
 * at its minimum cost, for the admin edit test). Tests that add pages use
 * ids from 1000 up and paths under /search-test/, and remove them, or put
 * back what they changed, in a finally block.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { STATIC, startServer, sql, query, request, SRCDIR, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('search suite')) return;
const { CookieJar } = require('./lib/jar.js');
const { decode, textOf, attributes, forms } = require('./lib/html.js');

const T = { timeout: 30000 };
/* The site's own script (static/site.js): the only <script> a page has. */
const OWN_SCRIPT = `<script src="${STATIC['site.js']}" defer></script>`;
const HTML = 'text/html; charset=utf-8';
const FORM = 'application/x-www-form-urlencoded';
const EDITOR = { name: 'searcher', password: 'searcher: a long enough password' };
const SITEMAP_XSD = path.join(SRCDIR, 'tests', 'data', 'sitemap.xsd');
const EMPTY_TEXT = 'Type one or more words';
const NONE_TEXT = 'No page or program contains all of these words.';
const PAST_END_TEXT = 'There are no results on this page';
// Every worker thread has its own database connection: ask a few times
// so that each of them has seen a change.
const TRIES = 6;

let srv;
let ORIGIN;

before(async () => {
  srv = await startServer({ fastPasswords: true });
  ORIGIN = new URL(srv.url).origin;
  srv.addUser(EDITOR.name, EDITOR.password);
}, { timeout: 30000 });

after(async () => {
  if (srv) await srv.stop();
}, { timeout: 30000 });

const get = (p, opts) => request(srv.url, p, opts);
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;

/* ---- reading the search page ---- */

/*
 * The search page in html as { state, heading, value, count, pastEnd,
 * hits: [{ title, href, context, snippet, snippetHtml }], prev, next }:
 * state is 'empty' (the invitation to type words), 'none' (no hits) or
 * 'hits'; prev and next are the decoded hrefs of the links, or null.
 */
function results(html) {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  assert.ok(main.includes('<article class="page search">'), 'the search page');
  const count = /<p class="search-count"[^>]*>([\s\S]*?)<\/p>/.exec(main);
  const list = /<ol class="search-results">([\s\S]*?)<\/ol>/.exec(main);
  const hits = list ? [...list[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => {
    const a = /<h2><a\b([^>]*)>([\s\S]*?)<\/a><\/h2>/.exec(m[1]);
    assert.ok(a, `a hit has a linked title: ${m[1].slice(0, 200)}`);
    const ctx = /<p class="search-context">([\s\S]*?)<\/p>/.exec(m[1]);
    const snip = /<p class="search-snippet">([\s\S]*?)<\/p>/.exec(m[1]);
    return {
      title: textOf(a[2]),
      href: attributes(a[1]).href,
      context: ctx ? textOf(ctx[1]) : null,
      snippetHtml: snip ? snip[1] : '',
      snippet: snip ? textOf(snip[1]) : '',
    };
  }) : [];
  const link = (cls) => {
    const m = new RegExp(`<a class="${cls}"([^>]*)>`).exec(main);
    return m ? attributes(m[1]).href : null;
  };
  const input = /<input id="search-q"([^>]*)>/.exec(main);
  const text = textOf(main);
  let state = 'hits';
  if (text.includes(EMPTY_TEXT)) state = 'empty';
  else if (main.includes('class="search-none"')) state = 'none';
  return {
    state,
    heading: textOf((/<h1>([\s\S]*?)<\/h1>/.exec(main) || ['', ''])[1]),
    value: input ? attributes(input[1]).value : null,
    count: count ? textOf(count[1]) : null,
    pastEnd: text.includes(PAST_END_TEXT),
    hits,
    prev: link('search-prev'),
    next: link('search-next'),
  };
}

/* The address of the search for q (page: appended as given, if any). */
function searchPath(q, page) {
  let p = '/search/';
  if (q !== undefined) p += `?q=${encodeURIComponent(q)}`;
  if (page !== undefined) p += `${q === undefined ? '?' : '&'}page=${page}`;
  return p;
}

/* GET a search page (an address, or q and page); asserts a 200 HTML answer. */
async function search(q, page, { raw = false } = {}) {
  const p = raw ? q : searchPath(q, page);
  const res = await get(p);
  assert.equal(res.status, 200, `GET ${p.slice(0, 80)} is 200 (${textOf(res.body).slice(0, 200)})`);
  assert.equal(res.headers['content-type'], HTML, `GET ${p.slice(0, 80)}: Content-Type`);
  return { res, ...results(res.body) };
}

/* The hrefs of the hits of a search for q, page 1. */
const hrefs = async (q) => (await search(q)).hits.map((h) => h.href);

/* Run fn(i) TRIES times, so that every worker thread answers. */
async function everyWorker(fn) {
  for (let i = 0; i < TRIES; i++) await fn(i);
}

/* Insert pages [{ id, path, title, summary, body, published }]. */
function insertPages(pages) {
  sql(srv.dbPath, `INSERT INTO page (id, path, title, summary, body, published) VALUES ${pages.map((p) =>
    `(${p.id}, ${lit(p.path)}, ${lit(p.title)}, ${lit(p.summary ?? '')}, ${lit(p.body ?? '')}, ${p.published ?? 1})`).join(',\n')};`);
}

function deleteTestPages() {
  sql(srv.dbPath, 'PRAGMA foreign_keys = ON; DELETE FROM page WHERE id >= 1000;');
}

/* `runningcode check` on the server's config: { status, stdout, stderr }. */
const check = (...args) => srv.cli(['check', ...args]);
const INDEX_LINE = /^(\S+)\s+search index matches the pages and programs/m;

function assertCheckPasses(what) {
  const r = check();
  assert.equal(r.status, 0, `${what}: check passes:\n${r.stdout}${r.stderr}`);
  assert.equal(INDEX_LINE.exec(r.stdout)?.[1], 'ok', `${what}: the search index line says ok`);
}

/* ======================================================================
 * Search: ranking, counts, programs, snippets
 * ==================================================================== */

test('a title hit ranks before a summary hit, which ranks before a body hit', T, async () => {
  // Inserted body first, so that the order of the rows is the reverse
  // of the expected ranking: only the weights can put them in order.
  insertPages([
    { id: 1001, path: '/search-test/body/', title: 'Body page', summary: 'A page about other things.',
      body: 'Some text with quokka in the body among many other words.' },
    { id: 1002, path: '/search-test/summary/', title: 'Summary page', summary: 'A page about the quokka.',
      body: 'Some text about other matters entirely, nothing to see here.' },
    { id: 1003, path: '/search-test/title/', title: 'Title quokka page', summary: 'A page about other things.',
      body: 'Some text about other matters entirely, nothing to see here.' },
  ]);
  try {
    await everyWorker(async () => {
      const r = await search('quokka');
      assert.equal(r.state, 'hits');
      assert.deepEqual(r.hits.map((h) => h.href), ['/search-test/title/', '/search-test/summary/', '/search-test/body/'],
        'title, then summary, then body');
      assert.deepEqual(r.hits.map((h) => h.title), ['Title quokka page', 'Summary page', 'Body page']);
      assert.equal(r.count, '3 results, page 1 of 1');
      assert.equal(r.heading, 'Search results for “quokka”');
      assert.match(r.res.body, /<title>Search results for “quokka” \| IETF<\/title>/);
      assert.equal(r.value, 'quokka', 'the form keeps the query');
      assert.ok(r.hits.every((h) => h.context === null), 'pages have no "A program on" line');
      assert.equal(r.prev, null);
      assert.equal(r.next, null);
    });
    // Case and diacritics do not matter; all words must match.
    assert.deepEqual(await hrefs('QUOKKA'), ['/search-test/title/', '/search-test/summary/', '/search-test/body/']);
    assert.deepEqual(await hrefs('quökka'), ['/search-test/title/', '/search-test/summary/', '/search-test/body/']);
    const one = await search('quokka body');
    assert.deepEqual(one.hits.map((h) => h.href), ['/search-test/body/'], 'every word must match');
    assert.equal(one.count, '1 result, page 1 of 1', 'one result: singular');
    for (const h of (await search('quokka')).hits) {
      assert.equal((await get(h.href)).status, 200, `${h.href} answers 200`);
    }
  } finally {
    deleteTestPages();
  }
});

/* The seed's programs each link to a page of their own, where search
   finds them. Run fn with the programs ids linking to no page, so that
   they are found on their own, at their anchors; then link them again. */
async function withUnlinkedPrograms(ids, fn) {
  const links = query(srv.dbPath, `SELECT id, link_page_id FROM program WHERE id IN (${ids.join(',')})`);
  sql(srv.dbPath, `UPDATE program SET link_page_id = NULL WHERE id IN (${ids.join(',')});`);
  try {
    await fn();
  } finally {
    sql(srv.dbPath, links.map((l) => `UPDATE program SET link_page_id = ${l.link_page_id} WHERE id = ${l.id};`).join('\n'));
  }
}

test('each program is found once: as the page it links to, else at its anchor on its page', T, async () => {
  const progs = query(srv.dbPath,
    `SELECT g.id, g.title, p.path, p.title AS page_title, l.path AS link_path FROM program g
     JOIN page p ON p.id = g.page_id JOIN page l ON l.id = g.link_page_id ORDER BY g.id`);
  assert.equal(progs.length, 4, 'the seed has four programs, each linking to a page');
  for (const g of progs) {
    const found = await hrefs(g.title);
    assert.ok(found.includes(g.link_path), `${g.title}: found as ${g.link_path} (got ${JSON.stringify(found)})`);
    assert.ok(!found.some((h) => h.includes('#program-')), `${g.title}: not a second time, as a program: ${found}`);
  }
  // A word only the program's description has finds its page, once.
  assert.deepEqual(await hrefs('marketplace'), ['/how/runningcode/codestand/']);

  const pageHtml = (await get('/how/runningcode/')).body;
  await withUnlinkedPrograms(progs.map((g) => g.id), async () => {
    for (const g of progs) {
      const r = await search(g.title);
      const hit = r.hits.find((h) => h.href === `${g.path}#program-${g.id}`);
      assert.ok(hit, `${g.title}: a hit links to ${g.path}#program-${g.id} (got ${JSON.stringify(r.hits.map((h) => h.href))})`);
      assert.equal(hit.title, g.title, `${g.title}: its title`);
      assert.equal(hit.context, `A program on ${g.page_title}`, `${g.title}: names its page`);
      assert.ok(pageHtml.includes(`id="program-${g.id}"`), `${g.path} has the anchor program-${g.id}`);
    }
    // Its text is the linked page's summary, kept there once.
    assert.deepEqual(await hrefs('marketplace'), ['/how/runningcode/codestand/']);
  });
  assertCheckPasses('after programs were unlinked and linked again');
});

test('English stemming and the last word as a prefix find what people type; titles rank first', T, async () => {
  for (const [q, href] of [
    ['hackathon', '/how/runningcode/hackathons/'],
    ['hack', '/how/runningcode/hackathons/'],
    ['implementations', '/how/runningcode/implementation-reports/'],
    ['codest', '/how/runningcode/codestand/'],
    ['running cod', '/how/runningcode/'],
  ]) {
    const found = await hrefs(q);
    assert.ok(found.includes(href), `${q}: finds ${href} (got ${JSON.stringify(found)})`);
  }
  // The prefix is only the last word's: a finished word is matched whole,
  // stemmed ("hackathons" and "hackathon" alike).
  assert.deepEqual(await hrefs('hack code'), await hrefs('hack code'), 'stable');
  assert.deepEqual(await hrefs('zqhack'), [], 'a prefix no word has');
  assert.equal((await hrefs('hackathons'))[0], (await hrefs('hackathon'))[0], 'plural and singular alike');
  // Titles first: the page titled Hackathons before pages that only
  // mention hackathons in their text.
  assert.equal((await hrefs('hackathon'))[0], '/how/runningcode/hackathons/');
});

test('snippets mark the matched words and escape the text around them', T, async () => {
  insertPages([
    { id: 1004, path: '/search-test/escape/', title: 'Zebra <b>crossing</b> & "friends"',
      summary: 'Stripes.', body: '<script>alert(1)</script> zebra crossing, then another Zebra.' },
  ]);
  try {
    await everyWorker(async () => {
      const r = await search('zebra');
      assert.equal(r.hits.length, 1);
      const [hit] = r.hits;
      assert.equal(hit.title, 'Zebra <b>crossing</b> & "friends"', 'the title reads as typed');
      assert.ok(hit.snippetHtml.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `escaped: ${hit.snippetHtml}`);
      assert.match(hit.snippetHtml, /<mark>zebra<\/mark>/, 'the match is marked');
      assert.match(hit.snippetHtml, /<mark>Zebra<\/mark>/, 'as it is written in the text');
      assert.ok(!/<mark>(?!zebra<|Zebra<)/i.test(hit.snippetHtml), 'nothing else is marked');
      assert.ok(hit.snippet.includes('<script>alert(1)</script> zebra crossing'), 'the snippet reads as the text');
      assert.ok(!/<script/i.test(r.res.body.replace(OWN_SCRIPT, '')), 'no <script> element anywhere on the page but the site\'s own');
      assert.ok(!/<b>crossing/.test(r.res.body), 'no <b> from the data');
      const tags = [...hit.snippetHtml.matchAll(/<\/?([a-z]+)/gi)].map((m) => m[1].toLowerCase());
      assert.ok(tags.every((t) => t === 'mark'), `only <mark> tags in the snippet: ${tags}`);
    });
    // The query itself comes back escaped in the heading, title and form.
    const q = 'zebra <script>"';
    const r = await search(q);
    assert.equal(r.hits.length, 1, 'both words match');
    assert.equal(r.value, q, 'the form keeps the query as typed');
    assert.equal(r.heading, `Search results for “${q}”`);
    assert.ok(r.res.body.includes('value="zebra &lt;script&gt;&quot;"'), 'escaped in the value attribute');
    assert.ok(!/<script/i.test(r.res.body.replace(OWN_SCRIPT, '')), 'no <script> element but the site\'s own');
  } finally {
    deleteTestPages();
  }
});

/* ======================================================================
 * Search: what visitors type
 * ==================================================================== */

test('hostile and odd queries answer 200 with the empty-query or no-hits page', T, async () => {
  const cases = [
    ['"', 'empty'], ['*', 'empty'], ['(', 'empty'], ['^', 'empty'], ['', 'empty'], [undefined, 'empty'],
    ['!?.,;:-+*/\\"\'()[]{}<>&|~^$#@%=`', 'empty'], ['   ', 'empty'], ['\t\n', 'empty'],
    // FTS5 syntax is only text: words no page has find nothing.
    ['NEAR(zq xj)', 'none'], ['zq -xj', 'none'], ['title:zqfoo', 'none'], ['AND OR NOT zqx', 'none'],
    ['"unbalanced', 'none'], ['foo*', 'none'], ['{title summary}: foo', 'none'], ['rank:bm25', 'none'],
    ['\u200b', 'empty|none'], ['“”', 'empty|none'], ['—', 'empty|none'], ['🦓', 'none'],
    // Long, but within what request intake takes (a query string of at
    // most 4096 bytes): dots need no URL-encoding.
    ['lorem.ipsum.dolor.'.repeat(223).slice(0, 4000), 'none'],
  ];
  for (const [q, want] of cases) {
    const what = JSON.stringify(q === undefined ? 'q missing' : q.slice(0, 40));
    const r = await search(q);
    assert.ok(want.split('|').includes(r.state), `${what}: ${want} page, not ${r.state}`);
    assert.equal(r.hits.length, 0, `${what}: no hits`);
    assert.match(r.res.body, /<input id="search-q" name="q" type="search" value="[^"<>]*" maxlength="200">/,
      `${what}: the form, to try again`);
    if (q !== undefined && want === 'none') {
      assert.equal(r.value, q.replace(/[\t\r\n]/g, ' ').slice(0, 200), `${what}: the form keeps the query (200 characters at most)`);
    }
  }
  // Typed punctuation around words does not get in the way of a search.
  for (const q of ['"running code"', 'running -code', 'running* code', '(running) AND code', 'running code — IETF',
    'running:code', 'running^ code)', '“running code”']) {
    const r = await search(q);
    assert.ok(r.hits.some((h) => h.href === '/how/runningcode/'), `${q}: finds the running code page`);
  }
  assert.ok(srv.alive(), 'the worker is still running');
});

test('invalid bytes in q: 400 for invalid UTF-8 or controls, never 5xx; valid Unicode is searched', T, async () => {
  for (const q of ['%ff', '%C3', 'code%ff', '%ED%A0%80', '%C0%AE', '%00', 'code%00', '%01', '%7F', '%', '%zz', '%%41']) {
    const res = await get(`/search/?q=${q}`);
    assert.ok([200, 400].includes(res.status), `q=${q}: ${res.status}`);
    assert.equal(res.headers['content-type'], HTML, `q=${q}: HTML`);
    if (res.status === 200) assert.ok(['empty', 'none', 'hits'].includes(results(res.body).state), `q=${q}: a search page`);
  }
  assert.equal((await get('/search/?q=%ff')).status, 400, '%ff is refused as invalid UTF-8');
  for (const q of ['%E2%80%8B', '%F0%9F%A6%93', '%EF%BF%BF', 'caf%C3%A9', 'code+sprint', 'code%09sprint']) {
    const r = await search(`/search/?q=${q}`, undefined, { raw: true });
    assert.ok(['empty', 'none', 'hits'].includes(r.state), `q=${q}`);
  }
  assert.ok((await search('/search/?q=code%09sprint', undefined, { raw: true })).hits.length > 0, 'a tab separates words');
  assert.ok(srv.alive(), 'the worker is still running');
});

test('a 5,000-character query answers 200, the query cut to 200 characters', {
  ...T,
}, async () => {
  const q = 'lorem.ipsum.dolor.sit.amet.'.repeat(200).slice(0, 5000);
  const res = await get(searchPath(q));
  assert.ok(res.status < 500, `never 5xx (${res.status})`);
  assert.equal(res.status, 200, `GET /search/?q=<5000 characters> is 200, not ${res.status}`);
  const r = results(res.body);
  assert.equal(r.state, 'none');
  assert.equal(r.value, q.slice(0, 200));
});

/* ======================================================================
 * Search: pages of results
 * ==================================================================== */

test('25 hits come 10, 10 and 5 a page, with Previous and Next links that keep the query', T, async () => {
  const pages = Array.from({ length: 25 }, (_, i) => ({
    id: 1100 + i,
    path: `/search-test/paging-${i + 1}/`,
    title: `Paging test ${i + 1}`,
    summary: 'One of many.',
    body: `Pagingword number ${i + 1}, café.`,
  }));
  insertPages(pages);
  // Punctuation and a non-ASCII word: the links must carry the query
  // URL-encoded, and it must still find the 25 pages.
  const q = 'pagingword, café & ?!';
  try {
    const expectLink = (href, page, what) => {
      assert.ok(href, `${what}: a link to page ${page}`);
      assert.match(href, /^\/search\/\?q=[A-Za-z0-9%._~-]*&page=\d+$/, `${what}: ${href} is URL-encoded`);
      const u = new URL(href, ORIGIN);
      assert.equal(u.searchParams.get('q'), q, `${what}: keeps q`);
      assert.equal(u.searchParams.get('page'), String(page), `${what}: page ${page}`);
    };
    const seen = [];
    const want = [[1, 10, null, 2], [2, 10, 1, 3], [3, 5, 2, null]];
    for (const [page, n, prev, next] of want) {
      const r = await search(q, page);
      assert.equal(r.count, `25 results, page ${page} of 3`, `page ${page}: count`);
      assert.equal(r.hits.length, n, `page ${page}: ${n} hits`);
      assert.equal(r.pastEnd, false);
      assert.equal(r.value, q, `page ${page}: the form keeps q`);
      if (prev === null) assert.equal(r.prev, null, `page ${page}: no Previous link`);
      else expectLink(r.prev, prev, `page ${page}: Previous`);
      if (next === null) assert.equal(r.next, null, `page ${page}: no Next link`);
      else expectLink(r.next, next, `page ${page}: Next`);
      seen.push(...r.hits.map((h) => h.href));
    }
    assert.deepEqual([...seen].sort(), pages.map((p) => p.path).sort(), 'the three pages list the 25 pages, each once');

    // Following the links, as a visitor does.
    const first = await search(q);
    const second = await search(first.next, undefined, { raw: true });
    assert.equal(second.count, '25 results, page 2 of 3');
    const back = await search(second.prev, undefined, { raw: true });
    assert.deepEqual(back.hits, first.hits, 'Previous leads back to the same first page');

    // Past the end.
    const past = await search(q, 4);
    assert.equal(past.state, 'hits');
    assert.equal(past.hits.length, 0, 'page 4: no hits');
    assert.ok(past.pastEnd, `page 4 says: ${PAST_END_TEXT}`);
    assert.equal(past.next, null, 'page 4: no Next link');
    for (const p of [5, 99, 99999]) {
      const r = await search(q, p);
      assert.equal(r.hits.length, 0, `page ${p}: no hits`);
      assert.ok(r.pastEnd, `page ${p}: ${PAST_END_TEXT}`);
    }

    // Odd page numbers show page 1.
    for (const p of ['0', '-1', 'abc', '', '1e3', '+2', '2.5', '99999999999999999999', '%ff']) {
      const res = await get(`${searchPath(q)}&page=${p}`);
      if (p === '%ff') {
        assert.ok([200, 400].includes(res.status), `page=${p}: ${res.status}`);
        if (res.status === 400) continue;
      }
      assert.equal(res.status, 200, `page=${p}`);
      const r = results(res.body);
      assert.equal(r.count, '25 results, page 1 of 3', `page=${p} shows page 1`);
      assert.deepEqual(r.hits, first.hits, `page=${p}: the hits of page 1`);
    }
  } finally {
    deleteTestPages();
  }
});

/* ======================================================================
 * Search: drafts and changes
 * ==================================================================== */

test('drafts never appear: a draft page, the programs of a draft page, a hidden program', T, async () => {
  // Programs searched on their own (linking to no page).
  await withUnlinkedPrograms([1, 2, 3, 4], async () => {
    insertPages([
      { id: 1003, path: '/search-test/title/', title: 'Title quokka page', summary: 'One.' },
      { id: 1006, path: '/search-test/draft/', title: 'Draft quokka page', summary: 'Two.', published: 0 },
    ]);
    try {
      await everyWorker(async () => {
        assert.deepEqual(await hrefs('quokka'), ['/search-test/title/'], 'a page inserted as a draft is not found');
      });
      sql(srv.dbPath, 'UPDATE page SET published = 0 WHERE id = 1003; UPDATE page SET published = 1 WHERE id = 1006;');
      await everyWorker(async () => {
        assert.deepEqual(await hrefs('quokka'), ['/search-test/draft/'], 'unpublished drops out, published comes in');
      });

      // The running code page as a draft: its programs go with it.
      sql(srv.dbPath, 'UPDATE page SET published = 0 WHERE id = 26;');
      await everyWorker(async () => {
        const found = await hrefs('hackathons');
        assert.ok(found.includes('/how/runningcode/hackathons/'), 'the hackathons page is still found');
        assert.ok(!found.some((h) => h.startsWith('/how/runningcode/#')), `no program of the draft page: ${found}`);
        assert.ok(!(await hrefs('marketplace')).includes('/how/runningcode/#program-3'));
        assert.ok(!(await hrefs('unofficial motto')).includes('/how/runningcode/'), 'nor the draft page itself');
      });
      // A program edited while its page is a draft stays out.
      sql(srv.dbPath, "UPDATE program SET title = 'Hackathons galore' WHERE id = 1;");
      assert.deepEqual(await hrefs('galore'), [], 'edited program of a draft page');
      sql(srv.dbPath, "UPDATE program SET title = 'IETF Hackathons' WHERE id = 1; UPDATE page SET published = 1 WHERE id = 26;");
      await everyWorker(async () => {
        assert.ok((await hrefs('hackathons')).includes('/how/runningcode/#program-1'), 'programs back with their page');
      });

      // A hidden program (published = 0).
      sql(srv.dbPath, 'UPDATE program SET published = 0 WHERE id = 4;');
      await everyWorker(async () => {
        const found = await hrefs('implementation reports');
        assert.ok(!found.includes('/how/runningcode/#program-4'), `hidden program gone: ${found}`);
        assert.ok(found.includes('/how/runningcode/implementation-reports/'), 'its page stays');
      });
      sql(srv.dbPath, 'UPDATE program SET published = 1 WHERE id = 4;');
      assert.ok((await hrefs('implementation reports')).includes('/how/runningcode/#program-4'), 'shown again');
      assertCheckPasses('after drafts came and went');
    } finally {
      sql(srv.dbPath, `UPDATE page SET published = 1 WHERE id = 26 AND published = 0;
        UPDATE program SET published = 1 WHERE id = 4 AND published = 0;
        UPDATE program SET title = 'IETF Hackathons' WHERE id = 1 AND title <> 'IETF Hackathons';`);
      deleteTestPages();
    }
  });
});

test('the index follows inserts, updates and deletes made in the database, on the next request', T, async () => {
  try {
    insertPages([{ id: 1007, path: '/search-test/narwhal/', title: 'The narwhal', summary: 'A whale.', body: 'Tusks.' }]);
    await everyWorker(async () => assert.deepEqual(await hrefs('narwhal'), ['/search-test/narwhal/'], 'inserted'));

    sql(srv.dbPath, "UPDATE page SET title = 'The walrus', body = 'Whiskers and tusks.' WHERE id = 1007;");
    await everyWorker(async () => {
      assert.deepEqual(await hrefs('narwhal'), [], 'the old title is gone');
      assert.deepEqual(await hrefs('walrus'), ['/search-test/narwhal/'], 'the new title is found');
      assert.deepEqual(await hrefs('whiskers'), ['/search-test/narwhal/'], 'the new body is found');
    });

    sql(srv.dbPath, "UPDATE page SET path = '/search-test/walrus/' WHERE id = 1007;");
    await everyWorker(async () => assert.deepEqual(await hrefs('walrus'), ['/search-test/walrus/'], 'the new path'));

    // A program: inserted, renamed, deleted.
    sql(srv.dbPath, `INSERT INTO program (id, page_id, position, title, description) VALUES
      (1001, 1007, 1, 'Walrus watching', 'Off the coast of Svalbard.');`);
    await everyWorker(async () => {
      const r = await search('svalbard');
      assert.deepEqual(r.hits.map((h) => [h.title, h.href, h.context]),
        [['Walrus watching', '/search-test/walrus/#program-1001', 'A program on The walrus']], 'a new program');
    });
    sql(srv.dbPath, "UPDATE program SET title = 'Walrus counting' WHERE id = 1001;");
    await everyWorker(async () => {
      assert.deepEqual(await hrefs('watching'), [], 'the old program title is gone');
      assert.deepEqual(await hrefs('walrus counting'), ['/search-test/walrus/#program-1001']);
    });
    sql(srv.dbPath, 'DELETE FROM program WHERE id = 1001;');
    await everyWorker(async () => assert.deepEqual(await hrefs('svalbard'), [], 'a deleted program'));

    sql(srv.dbPath, 'DELETE FROM page WHERE id = 1007;');
    await everyWorker(async () => assert.deepEqual(await hrefs('walrus'), [], 'a deleted page'));
    assertCheckPasses('after the changes');
  } finally {
    deleteTestPages();
  }
});

/* ======================================================================
 * Search: an edit in the admin
 * ==================================================================== */

/* A browser for the admin: a cookie jar, and forms posted with the
 * page's CSRF token (in the form's fields) and the site's Origin. */
function adminBrowser() {
  const jar = new CookieJar();
  const send = async (p, { method = 'GET', headers = {}, body } = {}) => {
    const cookie = jar.header(p);
    const res = await get(p, { method, body, headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
    jar.update(res.headers['set-cookie'], p);
    return res;
  };
  // With a Content-Length, as browsers send forms: a chunked body
  // reaches a CGI under Apache without CONTENT_LENGTH.
  const post = (p, fields) => {
    const body = new URLSearchParams(fields).toString();
    return send(p, {
      method: 'POST',
      headers: { 'Content-Type': FORM, 'Content-Length': String(Buffer.byteLength(body)), Origin: ORIGIN },
      body,
    });
  };
  /* Open the edit form of program id and submit it with a new title. */
  const renameProgram = async (id, title) => {
    const res = await send(`/admin/edit?type=program&id=${id}`);
    assert.equal(res.status, 200, `GET the edit form of program ${id}`);
    const form = forms(res.body).find((f) => f.action === '/admin/edit');
    assert.ok(form, 'the page has the edit form');
    assert.ok(form.fields.some(([k, v]) => k === 'csrf_token' && v), 'with a CSRF token');
    assert.ok(form.fields.some(([k]) => k === 'title'), 'with a title field');
    const saved = await post('/admin/edit', form.fields.map(([k, v]) => [k, k === 'title' ? title : v]));
    assert.equal(saved.status, 303, `saved: ${textOf(saved.body).slice(0, 300)}`);
  };
  return { send, post, renameProgram };
}

test('a program renamed through the admin is found by its new title at once, not by the old', { timeout: 60000 }, async () => {
  const [{ id: sprint }] = query(srv.dbPath, "SELECT id FROM program WHERE title = 'Code Sprint'");
  // Found at its anchor: linking to no page.
  await withUnlinkedPrograms([sprint], async () => {
    const [{ id }] = query(srv.dbPath, "SELECT id FROM program WHERE title = 'Code Sprint'");
    const anchor = `/how/runningcode/#program-${id}`;
    assert.ok((await hrefs('code sprint')).includes(anchor), 'found by its title before the edit');
    const b = adminBrowser();
    const login = await b.post('/admin/login', { username: EDITOR.name, password: EDITOR.password });
    assert.equal(login.status, 303, `logged in: ${textOf(login.body).slice(0, 200)}`);
    try {
      await b.renameProgram(id, 'Zeppelin workshop');
      await everyWorker(async () => {
        const r = await search('zeppelin');
        assert.deepEqual(r.hits.map((h) => [h.title, h.href]), [['Zeppelin workshop', anchor]], 'the new title is found');
        const old = await hrefs('code sprint');
        assert.ok(!old.includes(anchor), `the old title no longer finds the program: ${old}`);
        assert.ok(old.includes('/how/runningcode/code-sprint/'), 'the page of that name still is');
      });
      await b.renameProgram(id, 'Code Sprint');
      await everyWorker(async () => {
        assert.deepEqual(await hrefs('zeppelin'), [], 'renamed back');
        assert.ok((await hrefs('code sprint')).includes(anchor));
      });
      assertCheckPasses('after the admin edits');
    } finally {
      sql(srv.dbPath, `UPDATE program SET title = 'Code Sprint' WHERE id = ${id} AND title <> 'Code Sprint';`);
    }
  });
});

/* ======================================================================
 * runningcode check
 * ==================================================================== */

test('check passes on a fresh database, fails on a tampered search index, and --repair fixes it', T, async () => {
  assertCheckPasses('a fresh database');
  try {
    // A stray row, of no page.
    sql(srv.dbPath, `INSERT INTO search_index (rowid, kind, ref, title, summary, body)
      VALUES (999999, 'page', 999, 'Gryphon', 'A stray row.', '');`);
    let r = check();
    assert.equal(r.status, 1, `a stray row: check fails:\n${r.stdout}`);
    assert.equal(INDEX_LINE.exec(r.stdout)?.[1], 'FAILED', 'on the search index line');
    assert.match(r.stdout, /check --repair/, 'saying what to run');
    r = check('--repair');
    assert.equal(r.status, 0, `--repair: ${r.stdout}${r.stderr}`);
    assertCheckPasses('after --repair');
    await everyWorker(async () => assert.deepEqual(await hrefs('gryphon'), [], 'the stray row is gone from search'));

    // A row changed, and a row missing.
    sql(srv.dbPath, `UPDATE search_index SET title = 'Tampered' WHERE rowid = 2 * 26;
      DELETE FROM search_index WHERE rowid = 2 * 34;`);
    r = check();
    assert.equal(r.status, 1, `a changed and a missing row: check fails:\n${r.stdout}`);
    assert.equal(INDEX_LINE.exec(r.stdout)?.[1], 'FAILED');
    assert.equal(check('--repair').status, 0);
    assertCheckPasses('after the second --repair');
    await everyWorker(async () => {
      assert.deepEqual(await hrefs('tampered'), []);
      const found = await hrefs('running code');
      assert.ok(found.includes('/how/runningcode/'), 'the page is found by its title again');
      assert.ok((await hrefs('hackathons')).includes('/how/runningcode/hackathons/'), 'the missing row is back');
    });
  } finally {
    sql(srv.dbPath, "INSERT INTO search_index (search_index) VALUES ('rebuild');");
  }
});

test('check also runs FTS5\'s integrity check, and --repair rebuilds a broken index', {
  ...T,
}, async () => {
  try {
    // The rows are intact, the inverted index is not: searches fail.
    sql(srv.dbPath, 'DELETE FROM search_index_data WHERE id > 10;');
    const r = check();
    assert.equal(r.status, 1, `a broken FTS5 index: check fails:\n${r.stdout}`);
    assert.equal(check('--repair').status, 0, '--repair');
    assertCheckPasses('after --repair');
    assert.ok((await hrefs('running code')).includes('/how/runningcode/'), 'search works again');
  } finally {
    sql(srv.dbPath, "INSERT INTO search_index (search_index) VALUES ('rebuild');");
  }
});

/* ======================================================================
 * /sitemap.xml
 * ==================================================================== */

/* The <url> entries of a sitemap: [{ loc, lastmod }] (text decoded). */
function sitemapUrls(xml) {
  return [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => ({
    loc: decode((/<loc>([\s\S]*?)<\/loc>/.exec(m[1]) || [])[1] ?? ''),
    lastmod: (/<lastmod>([\s\S]*?)<\/lastmod>/.exec(m[1]) || [])[1] ?? null,
  }));
}

/* Validate xml against tests/data/sitemap.xsd: { status, output }. */
function xmllint(xml) {
  const r = spawnSync('xmllint', ['--noout', '--schema', SITEMAP_XSD, '-'], { input: xml, encoding: 'utf8', timeout: 20000 });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('the sitemap schema of tests/data accepts a sitemap and refuses broken ones', T, () => {
  const doc = (urls) => `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>\n`;
  const good = doc(`<url><loc>https://example.org/</loc><lastmod>2024-01-02</lastmod><changefreq>weekly</changefreq><priority>0.8</priority></url>
<url><loc>http://127.0.0.1:8080/a/</loc><lastmod>2024-01-02T03:04:05Z</lastmod></url><url><loc>https://example.org/b/</loc></url>`);
  const r = xmllint(good);
  assert.equal(r.status, 0, r.output);
  const bad = {
    'no url': '',
    'no loc': '<url><lastmod>2024-01-02</lastmod></url>',
    'a relative loc': '<url><loc>/a/</loc></url>',
    'two locs': '<url><loc>https://a.example/</loc><loc>https://b.example/</loc></url>',
    'a lastmod that is no date': '<url><loc>https://a.example/</loc><lastmod>yesterday</lastmod></url>',
    'an unknown changefreq': '<url><loc>https://a.example/</loc><changefreq>sometimes</changefreq></url>',
    'a priority above 1.0': '<url><loc>https://a.example/</loc><priority>1.5</priority></url>',
    'an unknown element of the namespace': '<url><loc>https://a.example/</loc><title>A</title></url>',
  };
  for (const [what, urls] of Object.entries(bad)) {
    assert.notEqual(xmllint(doc(urls)).status, 0, `${what}: refused`);
  }
  assert.notEqual(xmllint(good.replace('sitemap/0.9', 'sitemap/0.8')).status, 0, 'another namespace: refused');
});

test('/sitemap.xml lists every published page once, absolute, with its lastmod, and is valid', T, async () => {
  const res = await get('/sitemap.xml');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'].split(';')[0].trim(), 'application/xml', `Content-Type: ${res.headers['content-type']}`);
  assert.match(res.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, 'the XML declaration comes first');
  const v = xmllint(res.body);
  assert.equal(v.status, 0, `valid against the sitemaps.org 0.9 schema: ${v.output}`);

  const urls = sitemapUrls(res.body);
  const pages = query(srv.dbPath, 'SELECT path, updated_at FROM page WHERE published ORDER BY path');
  assert.ok(pages.length > 30, 'the seed has its pages');
  assert.equal(urls.length, pages.length, 'one entry per published page');
  assert.equal(new Set(urls.map((u) => u.loc)).size, urls.length, 'each listed once');
  const byLoc = new Map(urls.map((u) => [u.loc, u]));
  for (const p of pages) {
    const u = byLoc.get(`${ORIGIN}${p.path}`);
    assert.ok(u, `${p.path} is listed as ${ORIGIN}${p.path}`);
    assert.equal(u.lastmod, p.updated_at, `${p.path}: lastmod is the page's updated_at`);
    assert.match(u.lastmod, /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$/, `${p.path}: W3C datetime`);
  }
  for (const u of urls) {
    assert.ok(new URL(u.loc).href === u.loc && u.loc.startsWith(`${ORIGIN}/`), `${u.loc} is absolute, on this site`);
  }
  const sample = urls.find((u) => u.loc === `${ORIGIN}/how/runningcode/`);
  assert.ok(sample, 'the running code page is listed');
  assert.equal((await get(new URL(sample.loc).pathname)).status, 200, 'and answers 200');
});

test('drafts are absent from /sitemap.xml; a new page and a change show at once', T, async () => {
  insertPages([
    { id: 1008, path: '/search-test/sitemap-draft/', title: 'Draft', published: 0 },
    { id: 1009, path: '/search-test/sitemap-new/', title: 'New' },
  ]);
  sql(srv.dbPath, "UPDATE page SET published = 0 WHERE id = 24; UPDATE page SET updated_at = '2020-02-03T04:05:06Z' WHERE id = 1009;");
  try {
    await everyWorker(async () => {
      const res = await get('/sitemap.xml');
      assert.equal(res.status, 200);
      const locs = sitemapUrls(res.body).map((u) => u.loc);
      assert.ok(!locs.includes(`${ORIGIN}/how/lists/`), 'a seed page made a draft is gone');
      assert.ok(!locs.includes(`${ORIGIN}/search-test/sitemap-draft/`), 'a page inserted as a draft is absent');
      assert.ok(!locs.some((l) => new URL(l).pathname.startsWith('/admin')), 'nothing of the admin');
      const added = sitemapUrls(res.body).find((u) => u.loc === `${ORIGIN}/search-test/sitemap-new/`);
      assert.deepEqual(added, { loc: `${ORIGIN}/search-test/sitemap-new/`, lastmod: '2020-02-03T04:05:06Z' }, 'a new page');
      assert.equal(locs.length, query(srv.dbPath, 'SELECT count(*) AS n FROM page WHERE published')[0].n);
      const v = xmllint(res.body);
      assert.equal(v.status, 0, v.output);
    });
  } finally {
    sql(srv.dbPath, 'UPDATE page SET published = 1 WHERE id = 24;');
    deleteTestPages();
  }
});

/* ======================================================================
 * /robots.txt and the Host header
 * ==================================================================== */

test('/robots.txt names the sitemap by its absolute address and keeps crawlers out of /admin/', T, async () => {
  const res = await get('/robots.txt');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'].split(';')[0].trim(), 'text/plain');
  const lines = res.body.split(/\r?\n/).map((l) => l.trim());
  const agent = lines.indexOf('User-agent: *');
  assert.ok(agent >= 0, 'a group for every crawler');
  const group = lines.slice(agent + 1, lines.indexOf('', agent) < 0 ? undefined : lines.indexOf('', agent));
  assert.ok(group.includes('Disallow: /admin/'), `that group disallows /admin/: ${JSON.stringify(group)}`);
  assert.ok(!group.includes('Disallow: /'), 'and not the whole site');
  const sitemaps = lines.filter((l) => /^sitemap:/i.test(l));
  assert.deepEqual(sitemaps, [`Sitemap: ${ORIGIN}/sitemap.xml`], 'one Sitemap line, absolute');
  const url = new URL(sitemaps[0].slice('Sitemap: '.length));
  assert.equal((await get(url.pathname)).status, 200, 'the sitemap it names answers 200');
});

test('a forged Host header gets 400 from /robots.txt and /sitemap.xml, never reflected', T, async () => {
  for (const host of ['evil<x>', 'evil"x', 'evil/x', 'evil x']) {
    for (const p of ['/robots.txt', '/sitemap.xml']) {
      let res;
      try {
        res = await get(p, { headers: { Host: host } });
      } catch (e) {
        // The client library may refuse to send some of these at all
        // (not the first: that one must reach the server).
        if (e.code === 'ERR_INVALID_CHAR' && host !== 'evil<x>') continue;
        throw e;
      }
      assert.equal(res.status, 400, `Host: ${host}: ${p}`);
      assert.ok(!res.body.includes('evil'), `Host: ${host}: ${p} does not echo the host`);
      assert.ok(!res.body.includes('Sitemap:') && !res.body.includes('<urlset'), `Host: ${host}: not the document`);
    }
  }
  assert.equal((await get('/robots.txt')).status, 200, 'a plain request still works');
});

/* ======================================================================
 * Canonical, description and Open Graph
 * ==================================================================== */

/* The <head> of html and its tags: { links, metas } as attribute maps. */
function head(html) {
  const h = html.slice(0, html.indexOf('</head>'));
  return {
    links: [...h.matchAll(/<link\b([^>]*)>/g)].map((m) => attributes(m[1])),
    metas: [...h.matchAll(/<meta\b([^>]*)>/g)].map((m) => attributes(m[1])),
  };
}

const metaContent = (h, key, value) => h.metas.filter((m) => m[key] === value).map((m) => m.content);

test('pages carry one canonical link and og:url (their absolute address under base_url), a meta description equal to the summary, og:title and og:description', T, async () => {
  insertPages([{
    id: 1010, path: '/search-test/meta/', title: 'Cats & "mice" <i>too</i>',
    summary: 'Tom & Jerry\'s "best" <b>episodes</b>, in one place.', body: 'Body.',
  }]);
  try {
    const pages = query(srv.dbPath, `SELECT path, title, summary FROM page
      WHERE id IN (1, 26, 34, 37, 1010) ORDER BY id`);
    assert.equal(pages.length, 5);
    for (const p of pages) {
      const res = await get(p.path);
      assert.equal(res.status, 200, p.path);
      const h = head(res.body);
      const canonical = h.links.filter((l) => l.rel === 'canonical');
      assert.equal(canonical.length, 1, `${p.path}: exactly one canonical link`);
      assert.equal(canonical[0].href, `${ORIGIN}${p.path}`, `${p.path}: canonical is absolute, under base_url`);
      assert.deepEqual(metaContent(h, 'property', 'og:url'), [`${ORIGIN}${p.path}`], `${p.path}: og:url is the same address`);
      assert.equal((res.body.match(/rel="canonical"/g) || []).length, 1, `${p.path}: rel="canonical" once in the page`);
      assert.deepEqual(metaContent(h, 'name', 'description'), [p.summary], `${p.path}: meta description is the summary`);
      assert.deepEqual(metaContent(h, 'property', 'og:title'), [p.title], `${p.path}: og:title`);
      assert.deepEqual(metaContent(h, 'property', 'og:description'), [p.summary], `${p.path}: og:description`);
      assert.deepEqual(metaContent(h, 'name', 'robots'), [], `${p.path}: no robots meta`);
    }
    const raw = (await get('/search-test/meta/')).body;
    assert.ok(!/<i>too<\/i>|<b>episodes/.test(raw.slice(0, raw.indexOf('</head>'))), 'tags of the data are escaped in <head>');
    // A query string is not part of the canonical address.
    const withQuery = head((await get('/how/runningcode/?utm_source=x&q=1')).body);
    assert.deepEqual(withQuery.links.filter((l) => l.rel === 'canonical').map((l) => l.href), [`${ORIGIN}/how/runningcode/`],
      'canonical without the query string');
    // A new summary and title show in the head on the next request.
    sql(srv.dbPath, "UPDATE page SET title = 'Cats only', summary = 'Now about cats.' WHERE id = 1010;");
    await everyWorker(async () => {
      const h = head((await get('/search-test/meta/')).body);
      assert.deepEqual(metaContent(h, 'name', 'description'), ['Now about cats.'], 'the new summary');
      assert.deepEqual(metaContent(h, 'property', 'og:description'), ['Now about cats.']);
      assert.deepEqual(metaContent(h, 'property', 'og:title'), ['Cats only'], 'the new title');
    });
    // The address without its slash redirects to the canonical one.
    const res = await get('/search-test/meta');
    assert.equal(res.status, 301);
    assert.equal(new URL(res.headers.location, srv.url).pathname, '/search-test/meta/');
  } finally {
    deleteTestPages();
  }
});

test('the search page and the 404 page have a meta description of their own', T, async () => {
  for (const [p, status, text] of [['/search/', 200, 'Search the pages and programs of IETF.'],
    [searchPath('code'), 200, 'Search the pages and programs of IETF.'],
    ['/no/such/page/', 404, 'There is no page at this address: try the home page, the menu or a search.']]) {
    const res = await get(p);
    assert.equal(res.status, status, p);
    const h = head(res.body);
    assert.deepEqual(metaContent(h, 'name', 'description'), [text], `${p}: meta description`);
    assert.deepEqual(metaContent(h, 'property', 'og:description'), [text], `${p}: og:description`);
  }
});

/* The JSON-LD documents of html's <head>, parsed. */
function jsonLd(html) {
  const h = html.slice(0, html.indexOf('</head>'));
  return [...h.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
}

/* The trail of a page's visible breadcrumb: [{ name, href }], home first. */
function visibleTrail(html) {
  const nav = /<nav class="breadcrumb"[^>]*>([\s\S]*?)<\/nav>/.exec(html);
  return nav ? [...nav[1].matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)]
    .map((m) => ({ name: textOf(m[2]), href: attributes(m[1]).href })) : [];
}

test('every page with a breadcrumb has it as a schema.org BreadcrumbList in JSON-LD, with absolute addresses; others have none', T, async () => {
  const paths = query(srv.dbPath, 'SELECT path FROM page WHERE published ORDER BY id').map((p) => p.path);
  assert.ok(paths.length > 30);
  for (const p of paths) {
    const html = (await get(p)).body;
    const trail = visibleTrail(html);
    const docs = jsonLd(html);
    if (p === '/') {
      assert.deepEqual(trail, [], 'the home page has no breadcrumb');
      assert.deepEqual(docs, [], 'nor a BreadcrumbList');
      continue;
    }
    assert.ok(trail.length >= 2, `${p}: a breadcrumb`);
    assert.equal(docs.length, 1, `${p}: one JSON-LD document`);
    const list = docs[0];
    assert.equal(list['@context'], 'https://schema.org');
    assert.equal(list['@type'], 'BreadcrumbList');
    assert.deepEqual(Object.keys(list).sort(), ['@context', '@type', 'itemListElement']);
    assert.deepEqual(list.itemListElement, trail.map((c, i) => ({
      '@type': 'ListItem', position: i + 1, name: c.name, item: `${ORIGIN}${c.href}`,
    })), `${p}: the ListItems are the visible trail, numbered from 1, at absolute addresses`);
  }
  for (const p of [searchPath('code'), '/no/such/page/']) {
    assert.deepEqual(jsonLd((await get(p)).body), [], `${p}: no breadcrumb, no BreadcrumbList`);
  }
});

test('a page title with </script> or <!-- stays a JSON string in the BreadcrumbList', T, async () => {
  const title = 'Evil </script><script>alert(1)</script> <!-- <script> "q" \\ \u2028 é';
  insertPages([{ id: 1011, path: '/search-test/evil/', title, body: 'Body.' }]);
  try {
    await everyWorker(async () => {
      const html = (await get('/search-test/evil/')).body;
      const h = html.slice(0, html.indexOf('</head>'));
      assert.equal((h.match(/<script\b/g) || []).length, 2, 'the head holds the site\'s script and the JSON-LD, no more');
      assert.ok(!h.includes('<!--'), 'no comment opens in the head');
      const [list] = jsonLd(html);
      assert.deepEqual(list.itemListElement.at(-1),
        { '@type': 'ListItem', position: list.itemListElement.length, name: title, item: `${ORIGIN}/search-test/evil/` },
        'the title, whole, as the last item\'s name');
    });
  } finally {
    deleteTestPages();
  }
});

test('the search page says noindex; content pages do not', T, async () => {
  for (const p of ['/search/', searchPath('code'), searchPath('nothing-matches-this'), searchPath('code', 2)]) {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    const h = head(res.body);
    assert.deepEqual(metaContent(h, 'name', 'robots'), ['noindex'], `${p}: one <meta name="robots" content="noindex">`);
    assert.ok(res.body.includes('<meta name="robots" content="noindex">'), `${p}: as written`);
  }
  for (const p of ['/', '/how/runningcode/']) {
    assert.ok(!(await get(p)).body.includes('noindex'), `${p}: indexable`);
  }
});
