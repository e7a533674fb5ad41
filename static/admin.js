/* runningcode admin script: no typed text lost, where scripts run.
 *
 * Without it the admin works already, and a form sent after the session
 * ended is kept on the server until its editor signs in again. With it:
 *
 *  - The session. The server ends a session after 30 minutes without a
 *    request. Typing does not reach the server, so while the editor uses
 *    the page (keys, pointer) the session is extended quietly before it
 *    would end; an editor who has been away gets a warning two minutes
 *    before, with "Stay signed in". Tabs share the session's end through
 *    localStorage, so a tab in use keeps the others from warning.
 *  - Edit forms. Every 20 seconds and when the page is left, a changed
 *    form is copied into this browser's localStorage (under the user's
 *    name; logging out removes that user's copies). Opening the form
 *    again with a copy that was never saved offers to restore it.
 *    Leaving a changed form unsaved asks first.
 *  - Files. Beside a Markdown body, "Insert" puts the Markdown of the
 *    file chosen from the library at the cursor (without scripts, the
 *    form lists it to copy).
 *  - Presence. An open edit form tells the server (POST /admin/presence),
 *    so that another editor opening the same record is told who else is
 *    at it.
 *
 * The server's answers are in runningcode-admin(8). No dependencies;
 * loaded with defer, so the document is parsed.
 */
(function () {
  'use strict';

  var logout = document.querySelector('form.admin-logout');
  var main = document.getElementById('content');
  if (!logout || !main || !window.fetch || !window.localStorage || !window.JSON) {
    return;
  }
  var user = logout.getAttribute('data-user') || '';
  var csrf = logout.querySelector('input[name="csrf_token"]').value;
  var PREFIX = 'runningcode.';

  /* Each file picker's "Insert": the chosen file's Markdown at the
     cursor of its textarea, as a paragraph of its own. */
  Array.prototype.forEach.call(document.querySelectorAll('button[data-insert-from]'), function (button) {
    var select = document.getElementById(button.getAttribute('data-insert-from'));
    var area = select && document.getElementById(select.getAttribute('data-insert-into'));
    if (!area) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var before = area.value.slice(0, area.selectionStart);
      var after = area.value.slice(area.selectionEnd);
      var lead = before === '' || /\n\n$/.test(before) ? '' : /\n$/.test(before) ? '\n' : '\n\n';
      var text = lead + select.value + '\n';
      area.value = before + text + after;
      area.focus();
      area.selectionStart = area.selectionEnd = before.length + text.length;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
  });

  /* localStorage, which throws when full or disabled: best effort. */
  function load(key) {
    try {
      return JSON.parse(localStorage.getItem(PREFIX + key) || 'null');
    } catch (e) {
      return null;
    }
  }
  function store(key, value) {
    try {
      localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch (e) { /* the copy is lost, the form is not */ }
  }
  function remove(key) {
    try {
      localStorage.removeItem(PREFIX + key);
    } catch (e) { /* nothing to do */ }
  }

  /* sessionStorage, which throws when disabled: best effort too. */
  function sessionGet(key) {
    try {
      return sessionStorage.getItem(PREFIX + key);
    } catch (e) {
      return null;
    }
  }
  function sessionSet(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(PREFIX + key);
      else sessionStorage.setItem(PREFIX + key, value);
    } catch (e) { /* the copy stays until the next save clears it */ }
  }

  /* "17:05" for a time in ms, in the browser's zone. */
  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  /* A notice at the top of the page's content: role, class, the text's
     paragraph, then buttons ([label, onclick] pairs). Returns it. */
  function notice(role, className, text, buttons) {
    var box = document.createElement('div');
    var p = document.createElement('p');
    box.className = className;
    box.setAttribute('role', role);
    p.textContent = text;
    box.appendChild(p);
    buttons.forEach(function (b) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = b[0];
      if (b[2]) button.className = b[2];
      button.addEventListener('click', b[1]);
      box.appendChild(button);
      box.appendChild(document.createTextNode(' '));
    });
    main.insertBefore(box, main.firstChild);
    return box;
  }

  /* ---- the session ------------------------------------------------ */

  var WARN_MS = 2 * 60 * 1000;
  var sessionKey = 'session-ends:' + user;
  var endsAt = Date.now() + Number(logout.getAttribute('data-session-left')) * 1000;
  var usedSince = false;	// a key or the pointer used since the server last heard of us
  var warning = null;
  var timer = null;

  /* The session's end as the latest tab knows it. */
  function sessionEnd() {
    var shared = load(sessionKey);
    return typeof shared === 'number' && shared > endsAt ? shared : endsAt;
  }

  function hideWarning() {
    if (warning) warning.parentNode.removeChild(warning);
    warning = null;
  }

  function showEnded() {
    hideWarning();
    warning = notice('alert', 'session-warning',
      'Your session has ended. What you typed is still here: when you save, ' +
      'the admin asks you to sign in again, then brings the form back as you left it.', []);
  }

  function showWarning(end) {
    hideWarning();
    warning = notice('alert', 'session-warning',
      'You have been away for a while: your session ends at ' + clock(end) +
      ', in ' + Math.max(1, Math.round((end - Date.now()) / 60000)) + ' minutes.',
      [['Stay signed in', stay]]);
  }

  /* Ask the server to note the session's use now. */
  function stay() {
    var body = 'csrf_token=' + encodeURIComponent(csrf);
    usedSince = false;
    fetch('/admin/keepalive', {
      method: 'POST', credentials: 'same-origin', body: body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    }).then(function (res) {
      return res.ok ? res.text() : Promise.reject(new Error(String(res.status)));
    }).then(function (text) {
      endsAt = Date.now() + Number(text) * 1000;
      store(sessionKey, endsAt);
      hideWarning();
      schedule();
    }).catch(showEnded);
  }

  function check() {
    var end = sessionEnd();
    if (Date.now() >= end) {
      showEnded();
    } else if (end - Date.now() > WARN_MS) {
      schedule();	// another tab extended it
    } else if (usedSince) {
      stay();
    } else if (!warning) {
      showWarning(end);
      schedule();
    } else {
      schedule();
    }
  }

  /* Wake up at the warning time, or at the end once warned. */
  function schedule() {
    var end = sessionEnd();
    var at = warning || end - Date.now() <= WARN_MS ? end : end - WARN_MS;
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(1000, at - Date.now()));
  }

  if (isFinite(endsAt)) {
    store(sessionKey, endsAt);
    ['keydown', 'pointerdown', 'input'].forEach(function (type) {
      document.addEventListener(type, function () { usedSince = true; }, true);
    });
    schedule();
  }

  /* Logging out: this user's copies go too (a shared computer). */
  logout.addEventListener('submit', function () {
    var mine = PREFIX + 'copy:' + user + ':';
    var keys = [];
    var i;
    for (i = 0; i < localStorage.length; i++) {
      if (localStorage.key(i).indexOf(mine) === 0) keys.push(localStorage.key(i));
    }
    keys.forEach(function (k) { localStorage.removeItem(k); });
    remove(sessionKey);
  });

  /* ---- edit forms: a copy in this browser ------------------------- */

  /* After a save that worked (its confirmation shows), the copy of the
     form that was sent is no longer needed. */
  var sent = sessionGet('sent');
  if (sent && document.querySelector('[data-change-done]')) remove(sent);
  sessionSet('sent', null);

  var form = document.querySelector('form.admin-form');
  if (!form) return;

  /* Tell the server this record's form is open, so that another editor
     who opens it is told: now, then every 5 minutes in which the editor
     used the page (not while it sits idle: each request extends the
     session, which must still end after 30 idle minutes). */
  var recordId = form.elements.id ? form.elements.id.value : '';
  var activeSince = false;
  function present() {
    fetch('/admin/presence', {
      method: 'POST', credentials: 'same-origin',
      body: 'csrf_token=' + encodeURIComponent(csrf) + '&type=' +
        encodeURIComponent(form.elements.type.value) + '&id=' + encodeURIComponent(recordId),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    }).catch(function () { /* advice only */ });
  }
  if (recordId) {
    present();
    form.addEventListener('input', function () { activeSince = true; });
    setInterval(function () {
      if (activeSince) present();
      activeSince = false;
    }, 300000);
  }

  /* The form's visible fields, name -> value (a checkbox: its value or ''). */
  function fieldsOf() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (e) {
      if (!e.name || e.type === 'hidden' || e.type === 'submit' || e.type === 'button') return;
      out[e.name] = e.type === 'checkbox' ? (e.checked ? e.value : '') : e.value;
    });
    return out;
  }
  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  function fill(fields) {
    Array.prototype.forEach.call(form.elements, function (e) {
      if (!e.name || !Object.prototype.hasOwnProperty.call(fields, e.name)) return;
      if (e.type === 'checkbox') e.checked = fields[e.name] !== '';
      else if (e.type !== 'hidden') e.value = fields[e.name];
    });
  }

  var type = form.elements.type ? form.elements.type.value : '';
  var id = form.elements.id ? form.elements.id.value : '';
  var copyKey = 'copy:' + user + ':' + type + ':' + (id || 'new' + location.search);
  var initial = fieldsOf();
  var saved = initial;	// what the last copy holds
  var submitting = false;

  function keepCopy() {
    var now = fieldsOf();
    if (same(now, saved)) return;
    store(copyKey, { at: Date.now(), fields: now });
    saved = now;
  }

  var copy = load(copyKey);
  if (copy && copy.fields && !same(copy.fields, initial)) {
    var offer = notice('status', 'note copy-offer',
      'This browser kept a copy of this form from ' + new Date(copy.at).toLocaleString([],
        { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) +
      ' that was never saved.',
      [['Restore the copy', function () {
        fill(copy.fields);
        offer.parentNode.removeChild(offer);
        form.querySelector('input:not([type="hidden"]), textarea, select').focus();
      }], ['Discard it', function () {
        remove(copyKey);
        saved = initial;
        offer.parentNode.removeChild(offer);
      }, 'secondary']]);
  } else if (copy) {
    remove(copyKey);
  }

  setInterval(keepCopy, 20000);
  window.addEventListener('pagehide', keepCopy);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') keepCopy();
  });
  form.addEventListener('submit', function (e) {
    // Preview opens a new tab: this page stays, unsaved.
    if (e.submitter && e.submitter.formTarget === '_blank') return;
    submitting = true;
    keepCopy();
    sessionSet('sent', copyKey);
  });
  window.addEventListener('beforeunload', function (e) {
    if (submitting || same(fieldsOf(), initial)) return;
    keepCopy();
    e.preventDefault();
    e.returnValue = '';
  });
}());
