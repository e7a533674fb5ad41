'use strict';
/*
 * tests/lib/editor.js: an editor's browser for the admin suites (moved
 * here from tests/admin.test.js, unchanged but for what it is bound to):
 * a cookie jar, forms read from the pages and submitted with what a
 * browser would send (Content-Length, Origin, the CSRF token of the
 * page).
 *
 *   const { Browser, loggedIn, create, edit, remove, move, restore } =
 *     browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, seen, passwords });
 *
 * url() gives the site's base URL when a request goes out (the server
 * usually starts in a before() hook); dbPath() its database (create()
 * reads the new record's id from the newest revision); seen, when given,
 * receives every admin response as { method, path, status, headers };
 * passwords maps a user name to the password login() sends when given
 * none.
 *
 * Also complaint(html), the error an admin page shows,
 * revisionsOf(html), the revisions an /admin/history page lists, and
 * diffOf(html), the fields of a word diff.
 */
const assert = require('node:assert/strict');
const { request, query } = require('./server.js');
const { CookieJar } = require('./jar.js');
const { decode, textOf, forms } = require('./html.js');
const { multipart } = require('./upload.js');

const FORM = 'application/x-www-form-urlencoded';

/* fields with changes applied: name -> value replaces (in place) every
 * field of that name; name -> null removes them. */
function withChanges(fields, changes = {}) {
  const out = [];
  const done = new Set();
  for (const [k, v] of fields) {
    if (!(k in changes)) out.push([k, v]);
    else if (!done.has(k)) {
      done.add(k);
      if (changes[k] !== null) out.push([k, String(changes[k])]);
    }
  }
  for (const [k, v] of Object.entries(changes)) if (!done.has(k) && v !== null) out.push([k, String(v)]);
  return out;
}

/* The text of an admin page's error summary and message, for failures. */
function complaint(html) {
  const m = /<div class="error-summary"[\s\S]*?<\/div>|<p class="message"[\s\S]*?<\/p>/.exec(html);
  return m ? textOf(m[0]) : textOf(html).slice(0, 300);
}

function browserKit({ url, dbPath = null, seen = null, passwords = {} }) {
  const lastRevision = () => query(dbPath(), 'SELECT * FROM revision ORDER BY id DESC LIMIT 1')[0];

  class Browser {
    /* address: the client's address as the server sees it. */
    constructor(address = '127.0.0.1') {
      this.jar = new CookieJar();
      this.address = address;
      this.csrf = '';
    }

    async send(p, { method = 'GET', headers = {}, body } = {}) {
      const cookie = this.jar.header(p);
      // A browser sends a form with its length (Node would chunk it).
      if (body !== undefined) headers = { 'Content-Length': String(Buffer.byteLength(body)), ...headers };
      const res = await request(url(), p, {
        method,
        body,
        localAddress: this.address === '127.0.0.1' ? undefined : this.address,
        headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers },
      });
      this.jar.update(res.headers['set-cookie'], p);
      if (p.startsWith('/admin')) {
        if (seen) seen.push({ method, path: p, status: res.status, headers: res.headers });
        const m = /name="csrf_token" value="([^"]+)"/.exec(res.body);
        if (m) this.csrf = m[1];
      }
      return res;
    }

    get(p, headers = {}) {
      return this.send(p, { headers });
    }

    /* POST fields (an object or [[name, value]]) as a form. The page's CSRF
     * token goes along unless the fields name one or token is false; the
     * Origin is the site's unless origin says otherwise (null: none). */
    post(p, fields, { origin = new URL(url()).origin, headers = {}, token = true } = {}) {
      const params = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
      if (token && !params.has('csrf_token')) params.set('csrf_token', this.csrf);
      const h = { 'Content-Type': FORM, ...headers };
      if (origin) h.Origin = origin;
      return this.send(p, { method: 'POST', headers: h, body: params.toString() });
    }

    /* POST fields and a file ({ name, type, data: Buffer }, or null) as
     * multipart/form-data, as an upload form sends them; the CSRF token
     * and Origin as post() sends them. */
    upload(p, fields, file, { origin = new URL(url()).origin, token = true } = {}) {
      const all = Array.isArray(fields) ? [...fields] : Object.entries(fields);
      if (token && !all.some(([k]) => k === 'csrf_token')) all.unshift(['csrf_token', this.csrf]);
      const { body, type } = multipart(all, file);
      const h = { 'Content-Type': type };
      if (origin) h.Origin = origin;
      return this.send(p, { method: 'POST', headers: h, body });
    }

    /* GET p and return { res, form }: its form whose action is action
     * (the index-th of them). */
    async openForm(p, action = '/admin/edit', index = 0) {
      const res = await this.get(p);
      assert.equal(res.status, 200, `GET ${p}: ${textOf(res.body).slice(0, 300)}`);
      const form = forms(res.body).filter((f) => f.action === action)[index];
      assert.ok(form, `GET ${p} has a form to ${action}`);
      return { res, form };
    }

    /* Submit form with changes, as a click on its submit button would. */
    submit(form, changes = {}, opts = {}) {
      return this.post(opts.action || form.action, withChanges(form.fields, changes), opts);
    }

    /* Log in straight from a POST (no form GET first). */
    login(user, password = passwords[user], next) {
      const fields = { username: user, password };
      if (next !== undefined) fields.next = next;
      return this.post('/admin/login', fields, { token: false });
    }

    cookie() {
      return this.jar.get('rc_session');
    }
  }

  /* A browser logged in as user, holding a CSRF token. */
  async function loggedIn(user, address) {
    const b = new Browser(address);
    const res = await b.login(user);
    assert.equal(res.status, 303, `${user} logs in`);
    const home = await b.get('/admin/');
    assert.equal(home.status, 200, `${user} sees the dashboard`);
    assert.ok(b.csrf, 'the dashboard carries a CSRF token');
    return b;
  }

  /* Create a record through its form; returns its id (from the newest
   * revision: needs dbPath). */
  async function create(b, type, params, values) {
    const { form } = await b.openForm(`/admin/edit?type=${type}${params}`);
    const res = await b.submit(form, values);
    assert.equal(res.status, 303, `create ${type}: ${complaint(res.body)}`);
    const rev = lastRevision();
    assert.equal(rev.entity, type);
    assert.equal(rev.action, 'create');
    return rev.record_id;
  }

  /* Edit record id through its form; returns the response. */
  async function edit(b, type, id, values, status = 303) {
    const { form } = await b.openForm(`/admin/edit?type=${type}&id=${encodeURIComponent(id)}`);
    const res = await b.submit(form, values);
    assert.equal(res.status, status, `edit ${type} ${id}: ${complaint(res.body)}`);
    return res;
  }

  /* Delete record id through the confirmation page; returns the response. */
  async function remove(b, type, id, status = 303) {
    const { form } = await b.openForm(`/admin/delete?type=${type}&id=${encodeURIComponent(id)}`, '/admin/delete');
    const res = await b.submit(form);
    assert.equal(res.status, status, `delete ${type} ${id}: ${complaint(res.body)}`);
    return res;
  }

  function move(b, type, id, direction) {
    return b.post('/admin/move', { type, id, direction });
  }

  /* Restore through the confirmation at href (a restore link of the
   * history or of Recently deleted): open it, submit its form; returns
   * the response. */
  async function restore(b, href, status = 303) {
    const { form } = await b.openForm(href, '/admin/restore');
    const res = await b.submit(form);
    assert.equal(res.status, status, `restore ${href}: ${complaint(res.body)}`);
    return res;
  }

  return { Browser, loggedIn, create, edit, remove, move, restore };
}

/* The fields of a word diff (templates/admin-diff.tpl) in html:
 * { label: [before, after] }, each side's text as shown (with any
 * "… N unchanged words …" of a collapsed stretch), the words only
 * screen readers hear left out. */
function diffOf(html) {
  const out = {};
  for (const c of html.matchAll(/<dt>([\s\S]*?)<\/dt><dd class="diff">([\s\S]*?)<\/dd>/g)) {
    const label = textOf(c[1].replace(/<span class="same">[\s\S]*?<\/span>/g, ''));
    const runs = c[2].replace(/<span class="visually-hidden">[^<]*<\/span>/g, '');
    const side = (drop) => decode(runs.replace(drop, '').replace(/<[^>]*>/g, ''));
    out[label] = [side(/<ins>[\s\S]*?<\/ins>/g), side(/<del>[\s\S]*?<\/del>/g)];
  }
  return out;
}

/* The revisions of a history page: [{ action, username, changes: {field: [before, after]},
 * restore, restores, view, compareLive }]: restore is the address that restores the
 * state after the change (a confirmation first), restores all its restore addresses
 * as { href, before } (the oldest revision also has one for the state before it),
 * view the address of the version, compareLive that of its comparison with the
 * live version (when the record exists). */
function revisionsOf(html) {
  const list = /<ol class="revisions">([\s\S]*?)<\/ol>/.exec(html);
  assert.ok(list, 'a list of revisions');
  return [...list[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => {
    const p = /<strong>([^<]*)<\/strong> by ([^,<]*),/.exec(m[1]);
    const hrefs = [...m[1].matchAll(/<a href="([^"]*)"/g)].map((a) => decode(a[1]));
    const restores = hrefs.filter((h) => h.startsWith('/admin/restore?'))
      .map((href) => ({ href, before: /[?&]state=before\b/.test(href) }));
    return {
      action: p && decode(p[1]).trim(),
      username: p && decode(p[2]).trim(),
      changes: diffOf(m[1]),
      restore: restores.find((r) => !r.before)?.href,
      restores,
      view: hrefs.find((h) => h.startsWith('/admin/revision?')),
      compareLive: hrefs.find((h) => h.startsWith('/admin/compare?')),
    };
  });
}

module.exports = { browserKit, withChanges, revisionsOf, diffOf, complaint, FORM };
