'use strict';
/*
 * tests/lib/browser.js: an editor's browser for the admin, for the
 * attack, fault and privilege suites and tools/load: a cookie jar, the
 * CSRF token of the last admin page seen, forms read from the pages and
 * submitted with what a browser sends (Content-Length, Origin).
 *
 *   const b = new Browser(url, { address: '127.0.0.5' });
 *   await b.login('alice', 'password');
 *   const form = await b.openForm('/admin/edit?type=page&id=26');
 *   await b.submit(form, { title: 'New title' });
 *
 * Every request has a timeout (15 s unless given).
 */
const { request } = require('./server.js');
const { CookieJar } = require('./jar.js');
const { forms, textOf } = require('./html.js');
const { withChanges, FORM } = require('./editor.js');

class Browser {
  /* url: the site; address: the client's address as the server sees it
   * (any 127.0.0.x); timeout: per request, in ms. */
  constructor(url, { address = '127.0.0.1', timeout = 15000 } = {}) {
    this.url = url;
    this.origin = new URL(url).origin;
    this.jar = new CookieJar();
    this.address = address;
    this.timeout = timeout;
    this.csrf = '';
  }

  async send(p, { method = 'GET', headers = {}, body, timeout = this.timeout } = {}) {
    const cookie = this.jar.header(p);
    if (body !== undefined) headers = { 'Content-Length': String(Buffer.byteLength(body)), ...headers };
    const res = await request(this.url, p, {
      method,
      body,
      timeout,
      localAddress: this.address === '127.0.0.1' ? undefined : this.address,
      headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers },
    });
    this.jar.update(res.headers['set-cookie'], p);
    const m = /name="csrf_token" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1];
    return res;
  }

  get(p, headers = {}) {
    return this.send(p, { headers });
  }

  /* POST fields ({} or [[k, v]]) as a form. The page's CSRF token goes
   * along unless token is false or the fields name one; Origin is the
   * site's unless origin says otherwise (null: none). */
  post(p, fields, { origin = this.origin, headers = {}, token = true, timeout } = {}) {
    const params = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
    if (token && !params.has('csrf_token')) params.set('csrf_token', this.csrf);
    return this.postRaw(p, params.toString(), { origin, headers, timeout });
  }

  /* POST a body exactly as given (already urlencoded). */
  postRaw(p, body, { origin = this.origin, headers = {}, timeout } = {}) {
    const h = { 'Content-Type': FORM, ...headers };
    if (origin) h.Origin = origin;
    return this.send(p, { method: 'POST', headers: h, body, timeout });
  }

  /* Log in straight from a POST; resolves to the response (303 on success). */
  login(user, password, next) {
    const fields = { username: user, password };
    if (next !== undefined) fields.next = next;
    return this.post('/admin/login', fields, { token: false });
  }

  /* GET p; its form whose action is action. Throws when there is none. */
  async openForm(p, action = '/admin/edit') {
    const res = await this.get(p);
    const form = forms(res.body).find((f) => f.action === action);
    if (res.status !== 200 || !form) {
      throw new Error(`GET ${p}: ${res.status}, no form to ${action}: ${textOf(res.body).slice(0, 200)}`);
    }
    return form;
  }

  /* Submit form with changes, as a click on its submit button would. */
  submit(form, changes = {}, opts = {}) {
    return this.post(opts.action || form.action, withChanges(form.fields, changes), opts);
  }

  cookie() {
    return this.jar.get('rc_session');
  }
}

module.exports = { Browser, withChanges, FORM };
