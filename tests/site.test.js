'use strict';
/*
 * tests/site.test.js: what a visitor sees of the public site, on real
 * nginx (conf/nginx-site.conf through tools/serve) and runningcode-site,
 * with the seed content. Run by `make check` as
 * `node --test-reporter=tap tests/site.test.js`.
 *
 * One server for the whole file; tests that change the database put it
 * back in a finally block.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { STATIC, STATIC_BUILT, startServer, initDb, sql, query, request, rawExchange, pauseProcess, skipSuiteWithout } = require('./lib/server.js');
const { withoutJsonLd } = require('./lib/html.js');
if (skipSuiteWithout('the public site suite')) return;

const T = { timeout: 30000 };
/* The site's own script (static/site.js): the only <script> a page has. */
const OWN_SCRIPT = `<script src="${STATIC['site.js']}" defer></script>`;
const HTML = 'text/html; charset=utf-8';
const SECTIONS = ['News & blog', 'Contact', 'Search', 'Tools', 'About', 'Topics of interest',
  'How we work', 'Internet standards'];
const INTRO = [
  'An unofficial motto of the IETF is, "We believe in rough consensus and running code." '
  + 'Implementation experience provides critical feedback to the standardization process.',
  'IETF participants are encouraged to develop implementations of standards and pre-standard '
  + 'specifications before, during, and after the IETF standardization process. While many '
  + 'participants write code relevant to IETF standards on their own time for work or pleasure, '
  + 'the IETF also plays host to a number of activities to encourage participants develop, '
  + 'contribute, and promote code directly related to the IETF and IETF standards.',
];

let srv;
let seed;

before(async () => {
  srv = await startServer();
  const entries = (menu) => query(srv.dbPath,
    `SELECT e.id, coalesce(e.parent_id, 0) AS parent, e.label, coalesce(p.path, e.url) AS href
       FROM menu_entry e JOIN menu m ON m.id = e.menu_id LEFT JOIN page p ON p.id = e.page_id
      WHERE m.name = '${menu}' ORDER BY e.position, e.id`);
  seed = {
    main: entries('main'),
    footer: entries('footer'),
    programs: query(srv.dbPath,
      'SELECT title, description FROM program WHERE page_id = 26 ORDER BY position'),
  };
}, { timeout: 20000 });

after(async () => {
  if (srv) await srv.stop();
}, { timeout: 20000 });

const get = (p, opts) => request(srv.url, p, opts);

/* Text of HTML with character references decoded. */
function decode(s) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
    return named[e.toLowerCase()] ?? m;
  });
}

/* The visible text of HTML: tags dropped, references decoded, spaces collapsed. */
function textOf(html) {
  return decode(html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/* The inside of the <nav> whose aria-label is label. */
function nav(html, label) {
  const m = new RegExp(`<nav\\b[^>]*aria-label="${label}"[^>]*>([\\s\\S]*?)</nav>`).exec(html);
  assert.ok(m, `a <nav aria-label="${label}">`);
  return m[1];
}

/* The links of some HTML: [{ href, current, label }] in document order. */
function anchors(html) {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: decode((/\bhref="([^"]*)"/.exec(m[1]) || [])[1] ?? ''),
    current: (/\baria-current="([^"]*)"/.exec(m[1]) || [])[1] ?? null,
    label: textOf(m[2]),
  }));
}

/*
 * The main menu as [{ label, href, current, children: [...] }]: a link in
 * a top-level <li> is a section, a link in an <li> within it an entry.
 */
function mainMenu(html) {
  const sections = [];
  let depth = 0;
  for (const m of nav(html, 'Main').matchAll(/<(\/?)(li|a)\b([^>]*)>([^<]*)/g)) {
    const [, close, tag, attrs, label] = m;
    if (tag === 'li') {
      depth += close ? -1 : 1;
    } else if (!close && depth > 0) {
      const [link] = anchors(`<a${attrs}>${label}</a>`);
      if (depth === 1) sections.push({ ...link, children: [] });
      else sections[sections.length - 1].children.push(link);
    }
  }
  return sections;
}

async function page(p) {
  const res = await get(p);
  assert.equal(res.status, 200, `GET ${p} is 200`);
  return res;
}

test('the running code page shows every menu entry, program and footer entry of the seed', T, async () => {
  const { body, headers } = await page('/how/runningcode/');
  assert.equal(headers['content-type'], HTML);
  const text = textOf(body);
  const menu = mainMenu(body);

  assert.deepEqual(menu.map((s) => s.label), SECTIONS, 'the 8 sections, in order');
  const tops = seed.main.filter((e) => e.parent === 0);
  assert.deepEqual(tops.map((e) => e.label), SECTIONS, 'the seed has these 8 sections');
  for (const top of tops) {
    const shown = menu.find((s) => s.label === top.label);
    assert.equal(shown.href, top.href, `${top.label}: link`);
    const want = seed.main.filter((e) => e.parent === top.id);
    assert.deepEqual(shown.children.map((c) => [c.label, c.href]), want.map((e) => [e.label, e.href]),
      `${top.label}: its entries, in order`);
  }
  assert.equal(menu.reduce((n, s) => n + 1 + s.children.length, 0), seed.main.length,
    'every entry of the main menu, none more');
  for (const e of seed.main) assert.ok(text.includes(e.label), `menu label ${e.label}`);

  assert.equal(seed.programs.length, 4);
  let at = -1;
  for (const g of seed.programs) {
    const i = text.indexOf(`${g.title} ${g.description}`);
    assert.ok(i > at, `program ${g.title}: title then description, after the previous program`);
    at = i;
  }

  const footer = anchors(nav(body, 'Footer'));
  assert.deepEqual(footer.map((a) => [a.label, a.href]), seed.footer.map((e) => [e.label, e.href]),
    'the footer entries, in order');
});

test('the menu marks the current section and page; the breadcrumb leads there', T, async () => {
  const { body } = await page('/how/runningcode/');
  const menu = mainMenu(body);
  const how = menu.find((s) => s.label === 'How we work');
  assert.equal(how.current, 'true', 'How we work: aria-current="true"');
  assert.equal(how.children.find((c) => c.label === 'Running code').current, 'page',
    'Running code: aria-current="page"');
  const marked = menu.flatMap((s) => [s, ...s.children]).filter((l) => l.current !== null);
  assert.equal(marked.length, 2, 'nothing else is marked current');

  const crumbs = anchors(nav(body, 'Breadcrumb'));
  assert.deepEqual(crumbs.map((c) => c.label), ['Home', 'How we work', 'Running code']);
  assert.deepEqual(crumbs.map((c) => c.href), ['/', '/how/', '/how/runningcode/']);
  assert.equal(crumbs[2].current, 'page', 'the last crumb is the current page');
  assert.match(body, /<h1>Running code<\/h1>/);
  assert.match(body, /<title>Running code \| IETF<\/title>/);
});

test('the intro text appears word for word', T, async () => {
  const text = textOf((await page('/how/runningcode/')).body);
  for (const para of INTRO) assert.ok(text.includes(para), `paragraph: ${para.slice(0, 50)}...`);
});

test('the home page answers 200', T, async () => {
  const res = await page('/');
  assert.equal(res.headers['content-type'], HTML);
  assert.match(res.body, /<h1>Internet Engineering Task Force<\/h1>/);
  assert.equal(mainMenu(res.body).length, 8);
});

test('an unknown path is a 404 page with the whole site around it', T, async () => {
  for (const p of ['/no/such/page/', '/how/runningcode/nothing-here/', '/favicon.ico']) {
    const res = await get(p);
    assert.equal(res.status, 404, p);
    assert.equal(res.headers['content-type'], HTML, p);
    assert.match(res.body, /Page not found/, p);
    assert.deepEqual(mainMenu(res.body).map((s) => s.label), SECTIONS, `${p}: main menu`);
    assert.equal(anchors(nav(res.body, 'Footer')).length, seed.footer.length, `${p}: footer`);
    assert.ok(res.body.includes(`<link rel="stylesheet" href="${STATIC['site.css']}">`), `${p}: styles`);
  }
});

test('a page address without its trailing slash redirects 301, keeping the query', T, async () => {
  let res = await get('/how/runningcode');
  assert.equal(res.status, 301);
  assert.equal(new URL(res.headers.location, srv.url).href, new URL('/how/runningcode/', srv.url).href);
  res = await get('/how/runningcode?x=1&q=a+b%26c');
  assert.equal(res.status, 301);
  assert.equal(new URL(res.headers.location, srv.url).href,
    new URL('/how/runningcode/?x=1&q=a+b%26c', srv.url).href);
  res = await get('/no/such/page');
  assert.equal(res.status, 404, 'no redirect to a page that does not exist');
});

test('HEAD answers the headers of GET without a body', T, async () => {
  const getRes = await page('/how/runningcode/');
  const raw = (await rawExchange(srv.url,
    'HEAD /how/runningcode/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')).toString('latin1');
  const end = raw.indexOf('\r\n\r\n');
  assert.ok(end > 0, 'a complete header block');
  assert.match(raw, /^HTTP\/1\.1 200 /);
  assert.match(raw, /\r\ncontent-type: text\/html; charset=utf-8\r\n/i);
  // Content-Length is optional on HEAD (Apache leaves it out); when
  // present it must be the length GET sends.
  const len = /\r\ncontent-length: (\d+)\r\n/i.exec(raw);
  if (len) assert.equal(Number(len[1]), Buffer.byteLength(getRes.body), 'the length GET sends');
  assert.equal(raw.length, end + 4, 'no body after the headers');

  const res = await get('/how/runningcode/', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(res.body, '');
});

test('POST, PUT and DELETE on a public page answer 405 with Allow', T, async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const res = await get('/how/runningcode/', {
      method,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.allow, 'GET, HEAD', `${method}: Allow`);
    assert.equal(res.headers['content-type'], HTML, `${method}: Content-Type`);
    assert.ok(!res.body.includes('An unofficial motto'), `${method}: not the page`);
  }
});

test('every HTML answer of the site says text/html; charset=utf-8', T, async () => {
  const paths = ['/', '/how/', '/how/runningcode/', '/how/runningcode/hackathons/',
    '/no/such/page/', '/%ff/', `/${'a'.repeat(3000)}`, '/?q=%ff'];
  for (const p of paths) {
    const res = await get(p);
    assert.ok(res.body.length > 0, `${p.slice(0, 40)}: a body`);
    assert.match(res.body, /^\s*<!DOCTYPE html>/i, `${p.slice(0, 40)}: HTML (${res.status})`);
    assert.equal(res.headers['content-type'], HTML, `${p.slice(0, 40)} (${res.status})`);
  }
  const res = await get('/how/runningcode/', { method: 'POST', body: '' });
  assert.equal(res.headers['content-type'], HTML, 'POST (405)');
});

test('the web server\'s own error pages (400 for /%00) say charset=utf-8 too', T, async () => {
  for (const p of ['/%00', '/../etc/passwd']) {
    const res = await get(p);
    assert.equal(res.headers['content-type'], HTML, p);
  }
});

test('static files come from the web server, not the worker', T, async () => {
  // JavaScript's type: application/javascript in nginx's mime.types,
  // text/javascript (RFC 9239) in Debian's /etc/mime.types (Apache).
  const files = [[STATIC['site.css'], ['text/css']], [STATIC['logo.svg'], ['image/svg+xml']],
    [STATIC['site.js'], ['text/javascript', 'application/javascript']]];
  const check = async () => {
    for (const [p, types] of files) {
      const res = await get(p, { timeout: 3000 });
      assert.equal(res.status, 200, p);
      assert.ok(types.includes(res.headers['content-type'].split(';')[0]), `${p}: Content-Type ${res.headers['content-type']}`);
      assert.ok(!res.headers['content-type'].includes('html'), `${p}: not HTML`);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', `${p}: kept a year, never asked again`);
      assert.equal(res.body, fs.readFileSync(path.join(STATIC_BUILT, path.basename(p)), 'utf8'), `${p}: the file`);
    }
  };
  await check();
  // With the worker stopped (SIGSTOP), pages hang but static files still come.
  const pid = srv.workerPid();
  assert.ok(pid, 'found the worker under tools/serve');
  const resume = await pauseProcess(pid);
  try {
    // No page without the worker: the request hangs, or the server gives up (5xx).
    const r = await get('/how/runningcode/', { timeout: 500 }).catch((e) => e);
    assert.ok(r instanceof Error ? /no answer/.test(r.message) : r.status >= 500,
      `pages need the worker (got ${r instanceof Error ? r.message : r.status})`);
    await check();
  } finally {
    resume();
  }
  await page('/how/runningcode/');
});

test('every local link of the running code page answers 200; others are https URLs', T, async () => {
  const { body } = await page('/how/runningcode/');
  const refs = [...body.matchAll(/<(?:a|link|img|script)\b[^>]*?\b(?:href|src)="([^"]*)"/g)].map((m) => decode(m[1]));
  assert.ok(refs.length > 50, 'the page has its links');
  const local = new Set();
  for (const ref of refs) {
    if (ref.startsWith('#')) {
      if (ref.length > 1) assert.ok(body.includes(`id="${ref.slice(1)}"`), `${ref} names an element of the page`);
    } else if (ref.startsWith('/') && !ref.startsWith('//')) {
      local.add(ref);
    } else if (ref.startsWith(`${new URL(srv.url).origin}/`)) {
      local.add(new URL(ref).pathname);	// the canonical link, under base_url
    } else {
      assert.match(ref, /^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/, `external link ${ref} is an absolute https URL`);
    }
  }
  assert.ok(local.has('/search/'), 'the Search section links to /search/');
  for (const ref of local) {
    const res = await get(ref);
    assert.equal(res.status, 200, `${ref} answers 200`);
  }
});

test('every menu entry, main and footer, leads somewhere: local ones answer 200, /search/ included', T, async () => {
  const entries = [...seed.main, ...seed.footer];
  assert.ok(entries.length > 40, `the seed's menus (${entries.length} entries)`);
  assert.ok(entries.some((e) => e.href === '/search/'), 'one of them is /search/');
  for (const e of entries) {
    if (e.href.startsWith('/')) {
      const res = await get(e.href);
      assert.equal(res.status, 200, `${e.label}: ${e.href} answers 200`);
    } else {
      assert.match(e.href, /^(https:\/\/[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?|mailto:\S+@\S+)$/, `${e.label}: ${e.href} is an https or mailto URL`);
    }
  }
});

test('a page without a body shows its title and the list of its menu entries', T, async () => {
  const { body } = await page('/how/');
  assert.match(body, /<h1>How we work<\/h1>/);
  const how = seed.main.find((e) => e.label === 'How we work');
  const want = seed.main.filter((e) => e.parent === how.id);
  assert.equal(want.length, 6);
  const main = body.slice(body.indexOf('<main'), body.indexOf('</main>'));
  const list = anchors(main.slice(main.indexOf('</h1>')));
  assert.deepEqual(list.map((a) => [a.label, a.href]), want.map((e) => [e.label, e.href]),
    'the entries under How we work, in order, below the title');
  const summaries = query(srv.dbPath, 'SELECT summary FROM page WHERE id IN (23, 28) ORDER BY id');
  for (const { summary } of summaries) assert.ok(textOf(main).includes(summary), `summary: ${summary}`);
});

/* The text of a page's article after its heading (what a visitor reads). */
function textBelowHeading(html) {
  const article = html.slice(html.indexOf('<article'), html.indexOf('</article>'));
  return textOf(article.slice(article.indexOf('</h1>') + 5));
}

test('no empty page: every page a menu or the footer leads to has text beyond its heading, its summary first', T, async () => {
  const local = [...new Set([...seed.main, ...seed.footer].map((e) => e.href)
    .filter((h) => h.startsWith('/') && h !== '/search/'))];
  assert.ok(local.length >= 30, `${local.length} pages`);
  const empty = [];
  for (const href of local) {
    const { body } = await page(href);
    const text = textBelowHeading(body);
    const [{ summary }] = query(srv.dbPath, `SELECT summary FROM page WHERE path = '${href}'`);
    if (text.length < 20) empty.push(href);
    assert.match(body, /<p class="page__lead">/, `${href}: a lead`);
    assert.ok(text.startsWith(textOf(summary)), `${href}: the summary comes first (${text.slice(0, 80)})`);
  }
  assert.deepEqual(empty, [], 'pages with no text beyond their heading');
});

test('a page without a body or menu entries below it lists the pages below its path; a body that repeats the summary shows once', T, async () => {
  const { body } = await page('/how/meetings/');
  const main = body.slice(body.indexOf('<article'), body.indexOf('</article>'));
  const list = anchors(main.slice(main.indexOf('</h1>')));
  const kids = query(srv.dbPath, "SELECT title, path, summary FROM page WHERE path = '/how/meetings/101/'");
  assert.deepEqual(list.map((a) => [a.label, a.href]), kids.map((k) => [k.title, k.path]), 'the page below it, linked');
  assert.ok(textOf(main).includes(kids[0].summary), 'with its summary');
  // The program pages of the seed: body and summary are one sentence.
  const [{ summary }] = query(srv.dbPath, "SELECT summary FROM page WHERE path = '/how/runningcode/hackathons/'");
  const hack = (await page('/how/runningcode/hackathons/')).body;
  assert.equal(textOf(hack).split(textOf(summary)).length - 1, 1, 'the sentence once');
  // An inserted page below a page without body shows there at once.
  sql(srv.dbPath, "INSERT INTO page (id, path, title, summary, body, published) VALUES (1101, '/how/meetings/102/', 'IETF 102', 'The meeting after 101.', '', 1);");
  try {
    const again = (await page('/how/meetings/')).body;
    const titles = anchors(again.slice(again.indexOf('</h1>'), again.indexOf('</article>'))).map((a) => a.label);
    assert.deepEqual(titles, ['IETF 101 London', 'IETF 102'], 'both pages listed, in title order');
  } finally {
    sql(srv.dbPath, 'DELETE FROM page WHERE id = 1101;');
  }
});

test('a section with more entries than the header shows: its first 12, a link to all, its page lists them', T, async () => {
  const about = seed.main.find((e) => e.label === 'About');
  const before = seed.main.filter((e) => e.parent === about.id);
  const extra = Array.from({ length: 9 }, (_, i) => `Extra ${i + 1}`);
  try {
    sql(srv.dbPath, `
      UPDATE page SET body = 'All about the IETF.' WHERE path = '/about/';
      INSERT INTO page (path, title, summary, body) VALUES ('/last-of-about/', 'Last of About', '', 'The last one.');
      ${extra.map((label, i) => `INSERT INTO menu_entry (menu_id, parent_id, position, label, url)
        VALUES (1, ${about.id}, ${100 + i}, '${label}', 'https://example.org/${i + 1}');`).join('\n')}
      INSERT INTO menu_entry (menu_id, parent_id, position, label, page_id)
        SELECT 1, ${about.id}, 200, 'Last of About', id FROM page WHERE path = '/last-of-about/';`);
    const all = [...before.map((e) => e.label), ...extra, 'Last of About'];
    assert.equal(all.length, 15);
    for (const p of ['/how/runningcode/', '/about/', '/last-of-about/']) {
      const { body } = await page(p);
      const menu = mainMenu(body);
      const section = menu.find((s) => s.label === 'About');
      assert.deepEqual(section.children.map((c) => c.label),
        [...all.slice(0, 12), 'All 15 entries in About'], `${p}: the first 12, then the link`);
      assert.equal(section.children.at(-1).href, section.href, 'the link leads to the section\'s page');
      const entriesOf = (label) => seed.main.filter((e) => e.parent === seed.main.find((t) => t.label === label).id);
      for (const other of menu.filter((s) => s !== section)) {
        assert.equal(other.children.length, entriesOf(other.label).length, `${other.label} keeps every entry`);
      }
      if (p === '/last-of-about/') {
        const marked = menu.flatMap((s) => [s, ...s.children]).filter((l) => l.current !== null);
        assert.deepEqual(marked.map((l) => [l.label, l.current]), [['About', 'true']],
          'a page left out of the header marks its section');
      }
    }
    const { body } = await page('/about/');
    const main = body.slice(body.indexOf('<main'), body.indexOf('</main>'));
    assert.ok(textOf(main).includes('All about the IETF.'), 'the section page keeps its body');
    const listed = anchors(main.slice(main.indexOf('</h1>'))).map((a) => a.label);
    assert.deepEqual(listed, all, '/about/ lists every entry of the section, in order, below its body');
  } finally {
    sql(srv.dbPath, `
      UPDATE page SET body = '' WHERE path = '/about/';
      DELETE FROM menu_entry WHERE parent_id = ${about.id} AND position >= 100;
      DELETE FROM page WHERE path = '/last-of-about/';`);
  }
  const section = mainMenu((await page('/about/')).body).find((s) => s.label === 'About');
  assert.equal(section.children.length, before.length, 'back to the seed');
});

test('changes made in the database show on the next request', T, async () => {
  try {
    sql(srv.dbPath, `
      UPDATE page SET title = 'Running code, today' WHERE id = 26;
      UPDATE program SET description = 'Code sprints: now with more code.' WHERE page_id = 26 AND position = 2;
      UPDATE menu_entry SET label = 'How we really work' WHERE id = 7;`);
    // Every worker thread has its own connection: ask a few times.
    for (let i = 0; i < 6; i++) {
      const { body } = await page('/how/runningcode/');
      const text = textOf(body);
      assert.match(body, /<h1>Running code, today<\/h1>/, 'new title');
      assert.match(body, /<title>Running code, today \| IETF<\/title>/, 'new title element');
      assert.ok(text.includes('Code Sprint Code sprints: now with more code.'), 'new program description');
      assert.ok(!text.includes('organized by the Tools team'), 'old description gone');
      assert.equal(mainMenu(body)[6].label, 'How we really work', 'new menu label');
    }
  } finally {
    sql(srv.dbPath, `
      UPDATE page SET title = 'Running code' WHERE id = 26;
      UPDATE program SET description = 'IETF Code Sprints are organized by the Tools team to develop the tools that support the work of the IETF.' WHERE page_id = 26 AND position = 2;
      UPDATE menu_entry SET label = 'How we work' WHERE id = 7;`);
  }
  assert.match((await page('/how/runningcode/')).body, /<h1>Running code<\/h1>/, 'back to the seed');
});

test('a menu label holding <script> comes out escaped', T, async () => {
  try {
    sql(srv.dbPath, "UPDATE menu_entry SET label = '<script>alert(1)</script>' WHERE id = 54;");
    for (const p of ['/how/runningcode/', '/no/such/page/']) {
      const res = await get(p);
      assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${p}: escaped label`);
      assert.ok(!/<script/i.test(withoutJsonLd(res.body).replace(OWN_SCRIPT, '')),
        `${p}: no <script> element but the site's own and its breadcrumb's JSON-LD`);
      assert.ok(mainMenu(res.body)[6].children.some((c) => c.label === '<script>alert(1)</script>'),
        `${p}: the label reads as typed`);
    }
  } finally {
    sql(srv.dbPath, "UPDATE menu_entry SET label = 'Online tools' WHERE id = 54;");
  }
});

test('a draft page answers 404 and leaves the menu', T, async () => {
  try {
    sql(srv.dbPath, 'UPDATE page SET published = 0 WHERE id IN (24, 17);');
    for (const p of ['/how/lists/', '/how/lists', '/topics/', '/topics/iot/']) {
      const res = await get(p);
      assert.equal(res.status, p === '/topics/iot/' ? 200 : 404, p);
    }
    const { body } = await page('/how/runningcode/');
    const menu = mainMenu(body);
    const how = menu.find((s) => s.label === 'How we work');
    assert.ok(!how.children.some((c) => c.label === 'Email lists'), 'draft entry gone');
    assert.equal(how.children.length, 5, 'its siblings stay');
    assert.ok(!menu.some((s) => s.label === 'Topics of interest'), 'draft section gone');
    assert.ok(!body.includes('/topics/'), 'with its entries: no link under /topics/');
    assert.ok(!body.includes('/how/lists/'), 'no link to the draft');
  } finally {
    sql(srv.dbPath, 'UPDATE page SET published = 1 WHERE id IN (24, 17);');
  }
  const { body } = await page('/how/lists/');
  assert.match(body, /<h1>Email lists<\/h1>/, 'published again');
});

test('odd paths answer 400, 404 or 414, never 200 nor 5xx, and the worker goes on', T, async () => {
  const odd = ['/%00', '/how/%00/', '/%ff/', '/%C0%AE%C0%AE/', '/%ED%A0%80/', '/a%0D%0ASet-Cookie:%20x=1/',
    '/a%09b/', '/../etc/passwd', '/how/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd',
    `/${'a'.repeat(4999)}`, `/${'%41'.repeat(1000)}/`, '/?q=%00', '/?q=%ff', `/?q=${'b'.repeat(9000)}`,
    `/?${Array.from({ length: 70 }, (_, i) => `p${i}=1`).join('&')}`, '/how/runningcode/%2e%2e/'];
  for (const p of odd) {
    const res = await get(p);
    const what = `${p.slice(0, 50)} → ${res.status}`;
    assert.ok([400, 404, 414].includes(res.status), what);
    if (res.headers['content-type']?.startsWith('text/html')) {
      assert.ok(!res.body.includes('An unofficial motto'), `${what}: no page content`);
    }
  }
  assert.equal((await get(`/${'a'.repeat(4999)}`)).status, 414, 'a 5000-character path is 414');
  await page('/how/runningcode/');
  assert.ok(srv.alive(), 'tools/serve (and so the worker and nginx) still running');
});

/* Move the database away; returns a function that puts it back. */
function moveAway() {
  const away = `${srv.dbPath}.away`;
  fs.renameSync(srv.dbPath, away);
  let back = false;
  return () => { if (!back) { fs.renameSync(away, srv.dbPath); back = true; } };
}

test('with the database moved away the site answers 503 with a clear page', T, async () => {
  await page('/how/runningcode/');
  const putBack = moveAway();
  try {
    for (let i = 0; i < 8; i++) {
      const res = await get('/how/runningcode/');
      assert.equal(res.status, 503, `request ${i + 1}`);
      assert.equal(res.headers['content-type'], HTML);
      assert.match(textOf(res.body), /temporarily unavailable/i);
    }
  } finally {
    putBack();
  }
});

test('with the database back the site answers 200 again, the worker alive', T, async () => {
  const putBack = moveAway();
  try {
    for (let i = 0; i < 4; i++) {
      const res = await get('/how/runningcode/');
      assert.ok([200, 503].includes(res.status), `while away: ${res.status}`);
    }
  } finally {
    putBack();
  }
  for (let i = 0; i < 8; i++) await page('/how/runningcode/');
  assert.ok(srv.alive(), 'tools/serve (and so the worker) still running');
});

test('a site started before its database exists answers 503, then 200 once it is made', T, async () => {
  const late = await startServer({ createDb: false });
  try {
    for (const p of ['/how/runningcode/', '/no/such/page/']) {
      const res = await request(late.url, p);
      assert.equal(res.status, 503, p);
      assert.equal(res.headers['content-type'], HTML, p);
      assert.equal(res.headers['retry-after'], '5', p);
      assert.match(res.body, /<h1>Service Unavailable<\/h1>/, p);
      assert.match(textOf(res.body), /The site is temporarily unavailable\. Please try again in a moment\./, p);
      assert.equal((await request(late.url, STATIC['site.css'])).status, 200, 'static files still served');
    }
    initDb(late.dbPath);
    const res = await request(late.url, '/how/runningcode/');
    assert.equal(res.status, 200);
    assert.match(res.body, /<h1>Running code<\/h1>/);
    assert.ok(late.alive());
  } finally {
    await late.stop();
  }
});
