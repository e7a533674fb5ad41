'use strict';
/*
 * tests/files.test.js: the file library (/admin/files) as an editor uses
 * it, behind nginx (tests/files-apache.test.js: behind Apache): uploads
 * of each type the library takes, served by the web server itself with
 * their type, long-lived caching and the headers that keep an upload
 * from ever acting as a page of the site; each refused type and size
 * with a clear answer and the form kept; the library's search, where a
 * file is used, and its deletion only after seeing where. Run by `make
 * check` as `node --test-reporter=tap tests/files.test.js`.
 */
const { test } = require('node:test');
const { spawnSync } = require('node:child_process');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { serveSuite, query, request, skipSuiteWithout } = require('./lib/server.js');
if (skipSuiteWithout('the files suite')) return;
const { browserKit, complaint } = require('./lib/editor.js');
const { textOf, forms, heading, anchors } = require('./lib/html.js');
const { samples, multipart } = require('./lib/upload.js');

const T = { timeout: 60000 };
const BUILDDIR = process.env.RC_BUILDDIR || path.join(__dirname, '..');
const USERS = { alice: 'alice: file library', cora: 'cora: contributes' };
const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
const IMMUTABLE = 'public, max-age=31536000, immutable';

let srv;
serveSuite({ fastPasswords: true, publish: true }, USERS, (s) => {
  srv = s;
  s.cli(['user', 'role', 'cora', 'contributor']);
});

const db = (text) => query(srv.dbPath, text);
const { loggedIn, edit, restore } = browserKit({ url: () => srv.url, dbPath: () => srv.dbPath, passwords: USERS });
const blake2b = (data) => crypto.createHash('blake2b512').update(data).digest('hex');	// 512: only for distinctness
const fileRow = (name) => db(`SELECT * FROM file WHERE name = '${name.replace(/'/g, "''")}'`)[0];
const filesDir = () => path.join(srv.runtime, 'files');

/* Upload file as alice; the response. */
async function upload(b, fields, file) {
  await b.get('/admin/files');
  return b.upload('/admin/files', fields, file);
}

/* The headers every served upload has, whatever its type. */
function assertSafeHeaders(res, what) {
  assert.equal(res.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(res.headers['content-security-policy'], FILE_CSP, `${what}: sandboxed`);
}

const ACCEPTED = [
  { what: 'a PNG image', name: 'chart.png', data: samples.png(40, 30), type: 'image/png', ext: 'png', size: [40, 30] },
  { what: 'a JPEG image', name: 'photo.jpeg', data: samples.jpeg(640, 480), type: 'image/jpeg', ext: 'jpg', size: [640, 480] },
  { what: 'a WebP image', name: 'logo.webp', data: samples.webp(300, 200), type: 'image/webp', ext: 'webp', size: [300, 200] },
  { what: 'a PDF document', name: 'report.pdf', data: samples.pdf(), type: 'application/pdf', ext: 'pdf', size: [0, 0] },
  { what: 'a plain text', name: 'notes.txt', data: samples.text(), type: 'text/plain', ext: 'txt', size: [0, 0] },
  { what: 'an SVG image', name: 'diagram.svg', data: samples.svg(), type: 'image/svg+xml', ext: 'svg', size: [0, 0] },
];

for (const f of ACCEPTED) {
  test(`upload ${f.what}: stored under its hash, listed, served by the web server with its type, cached a year, never sniffed`, T, async () => {
    const b = await loggedIn('alice');
    const image = f.type.startsWith('image/');
    const res = await upload(b, { name: '', alt: image ? `The ${f.name} picture` : '' },
      { name: f.name, type: 'application/octet-stream', data: f.data });
    assert.equal(res.status, 303, `${f.what}: uploaded: ${complaint(res.body)}`);
    const row = fileRow(f.name);
    assert.ok(row, `${f.what}: in the library under its own name`);
    assert.equal(row.media_type, f.type, `${f.what}: the type read from its bytes`);
    assert.match(row.stored, new RegExp(`^[0-9a-f]{64}\\.${f.ext}$`), `${f.what}: stored under its hash`);
    assert.equal(row.bytes, f.data.length);
    assert.deepEqual([row.width, row.height], f.size, `${f.what}: its pixels`);
    assert.ok(fs.readFileSync(path.join(filesDir(), row.stored)).equals(f.data), `${f.what}: the bytes on disk`);
    assert.equal(db(`SELECT count(*) AS n FROM revision WHERE entity = 'file' AND record_id = '${row.id}'`)[0].n, 1,
      `${f.what}: its revision`);

    const list = await b.get('/admin/files');
    assert.ok(textOf(list.body).includes(`/files/${row.stored}`), `${f.what}: the library lists it`);
    const snippet = image ? `![The ${f.name} picture](/files/${row.stored})` : `[${f.name}](/files/${row.stored})`;
    assert.ok(textOf(list.body).includes(snippet), `${f.what}: with the Markdown that inserts it`);

    const served = await request(srv.url, `/files/${row.stored}`);
    assert.equal(served.status, 200, `${f.what}: served`);
    assert.ok(served.bytes.equals(f.data), `${f.what}: the same bytes`);
    assert.equal(served.headers['content-type'].split(';')[0], f.type, `${f.what}: its type`);
    assert.equal(served.headers['cache-control'], IMMUTABLE, `${f.what}: cached a year`);
    assert.equal(served.headers.xkey, `rc-page:/files/${row.stored}`, `${f.what}: its cache tag, its address`);
    assertSafeHeaders(served, f.what);
    if (f.type === 'image/svg+xml') {
      assert.match(served.headers['content-disposition'] || '', /^attachment/, 'an SVG is only ever a download');
    } else {
      assert.equal(served.headers['content-disposition'], undefined, `${f.what}: shown in the browser`);
    }
  });
}

test('refused: an HTML page named .png, a file of no accepted type, an empty form, a damaged image: 422, the form kept, nothing stored', T, async () => {
  const b = await loggedIn('alice');
  const before = fs.readdirSync(filesDir()).length;
  const cases = [
    [{ name: 'page.png', type: 'image/png', data: samples.html() }, /content is text\/html, whatever its name says/],
    [{ name: 'archive.zip', type: 'application/zip', data: Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1') }, /whatever its name says/],
    [null, /Choose a file to upload/],
    [{ name: 'cut.png', type: 'image/png', data: samples.png(10, 10).subarray(0, 20) }, /damaged or cut short/],
  ];
  for (const [file, why] of cases) {
    const res = await upload(b, { name: 'Kept name', alt: 'Kept text' }, file);
    const what = file ? file.name : 'no file';
    assert.equal(res.status, 422, `${what}: refused`);
    assert.match(textOf(res.body), why, `${what}: says why`);
    const form = forms(res.body).find((x) => x.action === '/admin/files' && x.method === 'post');
    assert.ok(form, `${what}: the upload form again`);
    assert.deepEqual(form.fields.filter(([k]) => k === 'name' || k === 'alt'), [['name', 'Kept name'], ['alt', 'Kept text']],
      `${what}: with what was typed`);
  }
  assert.equal(db("SELECT count(*) AS n FROM file WHERE name = 'Kept name'")[0].n, 0, 'no record');
  assert.equal(fs.readdirSync(filesDir()).length, before, 'no file written');
});

test('an image needs its alternative text (422, form kept); the same bytes twice are refused, naming the file', T, async () => {
  const b = await loggedIn('alice');
  const data = samples.png(12, 7);
  let res = await upload(b, { name: 'No alt', alt: '' }, { name: 'x.png', type: 'image/png', data });
  assert.equal(res.status, 422);
  assert.match(textOf(res.body), /Describe the image for people who cannot see it/);
  assert.equal(fileRow('No alt'), undefined, 'not saved');
  res = await upload(b, { name: 'With alt', alt: 'Seven rows' }, { name: 'x.png', type: 'image/png', data });
  assert.equal(res.status, 303, complaint(res.body));
  res = await upload(b, { name: 'Again', alt: 'Seven rows' }, { name: 'y.png', type: 'image/png', data });
  assert.equal(res.status, 422);
  assert.match(textOf(res.body), /in the library already, as “With alt”/);
});

test('size limits: a file over upload_max_kib and a library over files_max_mib get 413 with a clear message', T, async () => {
  const b = await loggedIn('alice');
  // 8 MB by default: 9 MB is over it.
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(9 * 1024 * 1024, 0x20)]);
  let res = await upload(b, { name: 'Big' }, { name: 'big.pdf', type: 'application/pdf', data: big });
  assert.equal(res.status, 413);
  assert.match(textOf(res.body), /The file is too large: the form is 9\.0 MB, and the library takes files of at most 8\.0 MB\. Nothing was saved\./);
  assert.equal(fileRow('Big'), undefined);
  // The library full: shrink its room to what it holds.
  const conf = fs.readFileSync(srv.configPath, 'utf8');
  fs.writeFileSync(srv.configPath, `${conf}files_max_mib = 1\n`);
  try {
    await upload(b, { name: 'Filler' }, { name: 'filler.txt', type: 'text/plain', data: Buffer.alloc(1000 * 1024, 0x61) });
    res = await upload(b, { name: 'One too many', alt: '' }, { name: 'more.txt', type: 'text/plain', data: samples.text('more '.repeat(20000)) });
    assert.equal(res.status, 413);
    assert.match(textOf(res.body), /The library is full/);
    assert.ok(forms(res.body).some((x) => x.action === '/admin/files'), 'the form again');
  } finally {
    fs.writeFileSync(srv.configPath, conf);
    const filler = fileRow('Filler');
    if (filler) db(`DELETE FROM file WHERE id = ${filler.id}`);
  }
});

test('search, where used, and a file in use is deleted only after seeing where', T, async () => {
  const b = await loggedIn('alice');
  const data = samples.png(20, 20);
  let res = await upload(b, { name: 'Searchable square', alt: 'A blue square' }, { name: 's.png', type: 'image/png', data });
  assert.equal(res.status, 303, complaint(res.body));
  const row = fileRow('Searchable square');
  let list = await b.get('/admin/files?q=blue+SQUARE');
  assert.ok(textOf(list.body).includes('Searchable square'), 'found by its alternative text, any case');
  list = await b.get('/admin/files?q=no-such-file-anywhere');
  assert.ok(!textOf(list.body).includes('Searchable square'), 'not by other words');
  assert.match(textOf(list.body), /No file matches/);

  // Used by a page: the library says where, the deletion asks first.
  const page = db("SELECT * FROM page WHERE path = '/how/runningcode/'")[0];
  const body = `${page.body}\n\n![A blue square](/files/${row.stored})\n`;
  await edit(b, 'page', page.id, { body });
  list = await b.get('/admin/files?q=Searchable');
  assert.match(textOf(list.body), /Used in 1 place/);
  assert.match(textOf(list.body), /the text of the page \/how\/runningcode\//);
  const asked = await b.get(`/admin/delete?type=file&id=${row.id}`);
  assert.equal(asked.status, 200);
  assert.match(textOf(asked.body), /used in these places/i);
  assert.match(textOf(asked.body), /the text of the page \/how\/runningcode\//);
  res = await b.post('/admin/delete', { type: 'file', id: String(row.id), version: String(row.version) });
  assert.equal(res.status, 409, 'a deletion that did not see where is refused');
  assert.ok(fileRow('Searchable square'), 'kept');
  // Nor in bulk, which would not show where: the library has no checkboxes.
  assert.ok(!list.body.includes('name="id"'), 'no bulk checkbox in the library');
  for (const form of [{ type: 'file', do: 'delete', id: String(row.id) },
    { type: 'file', do: 'delete', confirm: '1', item: `${row.id}@${row.version}` }]) {
    res = await b.post('/admin/bulk', form);
    assert.equal(res.status, 400, `files are not deleted in bulk: ${complaint(res.body)}`);
  }
  assert.ok(fileRow('Searchable square'), 'still kept');
  res = await b.post('/admin/delete', { type: 'file', id: String(row.id), version: String(row.version), confirm_in_use: '1' });
  assert.equal(res.status, 303, complaint(res.body));
  assert.equal(fileRow('Searchable square'), undefined, 'deleted once confirmed');
  const gone = await request(srv.url, `/files/${row.stored}`);
  assert.equal(gone.status, 404, 'no longer served');
  assert.equal(gone.headers.xkey, `rc-page:/files/${row.stored}`, 'its 404 under its address, purged when it is restored');
  assert.ok(!fs.existsSync(path.join(filesDir(), row.stored)), 'its bytes left the served folder');
  assert.ok(fs.existsSync(path.join(`${filesDir()}.deleted`, row.stored)), 'kept aside, so that a restore finds them');

  // Restored from Recently deleted: served again, the same bytes.
  const deleted = await b.get('/admin/deleted');
  const link = anchors(deleted.body).find((a) => a.href.startsWith('/admin/restore?') && a.label.includes('Searchable square'));
  assert.ok(link, 'listed among the deleted');
  await restore(b, link.href);
  const back = await request(srv.url, `/files/${row.stored}`);
  assert.equal(back.status, 200, 'served again once restored');
  assert.ok(back.bytes.equals(data), 'its very bytes');
  assert.ok(!fs.existsSync(path.join(`${filesDir()}.deleted`, row.stored)), 'nothing left aside');
  await edit(b, 'page', page.id, { body: page.body });
});

test("a file whose bytes cannot be moved: the editor is told, runningcode check names it, runningcode publish moves it", T, async () => {
  const b = await loggedIn('alice');
  let res = await upload(b, { name: 'Unmovable', alt: 'Stuck' }, { name: 'u.png', type: 'image/png', data: samples.png(14, 14) });
  assert.equal(res.status, 303, complaint(res.body));
  const row = fileRow('Unmovable');
  const address = `/files/${row.stored}`;
  // Where a deleted file's bytes go is taken by a file: they cannot move.
  const aside = `${filesDir()}.deleted`;
  const kept = `${aside}.kept-by-test`;
  const hadAside = fs.existsSync(aside);
  if (hadAside) fs.renameSync(aside, kept);
  fs.writeFileSync(aside, 'not a folder\n');
  try {
    res = await b.post('/admin/delete', { type: 'file', id: String(row.id), version: String(row.version) });
    assert.equal(res.status, 200, 'no redirect to "done": the editor reads what happened');
    assert.equal(heading(res.body), 'Saved; an uploaded file was not moved');
    assert.match(textOf(res.body), /visitors may still get a deleted file at its address/);
    assert.match(textOf(res.body), /'runningcode publish' moves them again/);
    assert.equal(fileRow('Unmovable'), undefined, 'the deletion stands');
    assert.equal((await request(srv.url, address)).status, 200, 'its bytes are still served, as the editor was told');
    const check = srv.cli(['check']);
    assert.notEqual(check.status, 0, 'runningcode check fails');
    assert.match(check.stdout, /^FAILED\s+uploaded files served match the library: they differ/m);
    assert.ok(check.stdout.includes(`served, but not in the library: ${address}`), check.stdout);
    const stuck = srv.cli(['publish']);
    assert.notEqual(stuck.status, 0, 'runningcode publish fails while the bytes cannot move');
    assert.match(stuck.stderr, /an uploaded file could not be moved as the library says/, 'and says why');
  } finally {
    fs.rmSync(aside, { force: true });
    if (hadAside) fs.renameSync(kept, aside);
  }
  const publish = srv.cli(['publish']);
  assert.equal(publish.status, 0, publish.stdout + publish.stderr);
  assert.equal((await request(srv.url, address)).status, 404, 'runningcode publish set the bytes aside');
  assert.ok(fs.existsSync(path.join(aside, row.stored)), 'where a restore finds them');
  assert.match(srv.cli(['check']).stdout, /^ok\s+uploaded files served match the library$/m);

  // With publishing off, runningcode publish still moves the files, and
  // only them: as after a deletion killed before its bytes moved.
  fs.renameSync(path.join(aside, row.stored), path.join(filesDir(), row.stored));
  assert.match(srv.cli(['check']).stdout, /^FAILED\s+uploaded files served match the library/m);
  const offConf = path.join(srv.runtime, 'publishing-off.conf');
  fs.writeFileSync(offConf, fs.readFileSync(srv.configPath, 'utf8').replace(/^publish = .*$/m, 'publish ='));
  const off = spawnSync(path.join(BUILDDIR, 'runningcode'), ['-c', offConf, 'publish'], { encoding: 'utf8', timeout: 60000 });
  fs.rmSync(offConf);
  assert.equal(off.status, 0, off.stdout + off.stderr);
  assert.match(off.stdout, /publishing is off .*: no pages to write/);
  assert.match(off.stdout, /the uploaded files in .* are as the library says/);
  assert.equal((await request(srv.url, address)).status, 404, 'set aside again');
  assert.match(srv.cli(['check']).stdout, /^ok\s+uploaded files served match the library$/m);
});

test('editing a file changes its name and text only; new files come from the upload form', T, async () => {
  const b = await loggedIn('alice');
  const res = await upload(b, { name: 'Editable', alt: '' }, { name: 'e.txt', type: 'text/plain', data: samples.text('editable\n') });
  assert.equal(res.status, 303, complaint(res.body));
  const row = fileRow('Editable');
  const forged = await edit(b, 'file', row.id, { name: 'Edited', stored: `${'a'.repeat(64)}.txt` }, 422);
  assert.match(textOf(forged.body), /A file's content never changes/);
  await edit(b, 'file', row.id, { name: 'Edited' });
  const after = db(`SELECT * FROM file WHERE id = ${row.id}`)[0];
  assert.equal(after.name, 'Edited');
  assert.equal(after.stored, row.stored, 'where it is stored never changes');
  const fresh = await b.get('/admin/edit?type=file');
  assert.equal(fresh.status, 303);
  assert.equal(fresh.headers.location.replace(/^https?:\/\/[^/]+/, ''), '/admin/files');
});

test("a page's edit form offers the library's files to insert, with their Markdown to copy (no script needed), to contributors too", T, async () => {
  const b = await loggedIn('alice');
  const res = await upload(b, { name: 'Pickable', alt: 'A pickable picture' }, { name: 'p.png', type: 'image/png', data: samples.png(9, 9) });
  assert.equal(res.status, 303, complaint(res.body));
  const row = fileRow('Pickable');
  const snippet = `![A pickable picture](/files/${row.stored})`;
  for (const user of ['alice', 'cora']) {
    const form = await (await loggedIn(user)).get('/admin/edit?type=page&id=26');
    assert.equal(form.status, 200);
    assert.ok(textOf(form.body).includes(`Pickable (image/png): ${snippet}`), `${user}: the line to copy`);
    assert.ok(form.body.includes(`<option value="${snippet}">Pickable (image/png)</option>`), `${user}: the picker's option`);
  }
  const menu = await b.get('/admin/edit?type=menu_entry');
  assert.ok(!menu.body.includes('insert-file'), 'no picker where there is no Markdown body');
});

test('runningcode export copies the uploaded files beside the pages that link to them', T, async () => {
  const b = await loggedIn('alice');
  const data = samples.text('exported with the site\n');
  const res = await upload(b, { name: 'Exported' }, { name: 'x.txt', type: 'text/plain', data });
  assert.equal(res.status, 303, complaint(res.body));
  const row = fileRow('Exported');
  const out = path.join(srv.dir, 'export');
  const r = srv.cli(['export', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.readFileSync(path.join(out, 'files', row.stored)).equals(data), 'DIR/files/<stored>');
  assert.ok(fs.readdirSync(path.join(out, 'files')).every((f) => /^[0-9a-f]{64}\.(png|jpg|webp|svg|pdf|txt)$/.test(f)),
    'only stored files');
});

test('roles: a contributor may not open the library, upload, edit or delete files', T, async () => {
  const cora = await loggedIn('cora');
  assert.equal((await cora.get('/admin/files')).status, 403);
  const res = await cora.upload('/admin/files', { name: 'By cora' }, { name: 'c.txt', type: 'text/plain', data: samples.text('c\n') });
  assert.equal(res.status, 403);
  assert.equal(heading(res.body), 'Not allowed for your role');
  assert.equal(fileRow('By cora'), undefined);
});

test('files outside the stored names are never served: traversal, other names, other folders; a refused name is sandboxed too', T, async () => {
  for (const p of ['/files/', '/files/../runningcode.db', '/files/%2e%2e/runningcode.db', '/files/x.png',
    `/files/${'A'.repeat(64)}.png`, `/files/${'a'.repeat(64)}.html`, `/files/${'a'.repeat(64)}.png`]) {
    const res = await request(srv.url, p);
    assert.ok([400, 403, 404].includes(res.status), `${p}: ${res.status}`);
    assert.ok(!res.body.includes('SQLite format'), `${p}: never the database`);
    // A name under /files/ (a path with ".." leaves it once resolved;
    // the folder's own address is a page address, whose 404 is the site's).
    if (!/\.\.|%2e|\/$/i.test(p))
      assertSafeHeaders(res, p);
  }
});

test('GMime is loaded by an upload alone: with its module broken, the dashboard and the library still answer, and an upload gets a clear 500 with nothing stored', T, async () => {
  const b = await loggedIn('alice');
  // The admin alone in a folder, with a module file beside it that is no
  // shared object: the admin takes a module from beside itself (src/module.h).
  const lonely = path.join(srv.dir, 'lonely-admin');
  fs.mkdirSync(lonely, { recursive: true });
  fs.copyFileSync(path.join(BUILDDIR, 'runningcode-admin'), path.join(lonely, 'runningcode-admin'));
  fs.writeFileSync(path.join(lonely, 'runningcode-multipart.so'), 'not a shared object\n');
  const cgi = (method, uri, body, type) => spawnSync(path.join(lonely, 'runningcode-admin'), [], {
    input: body ?? '', timeout: 10000,
    env: { PATH: process.env.PATH, RUNNINGCODE_CONFIG: srv.configPath, GATEWAY_INTERFACE: 'CGI/1.1',
      REQUEST_METHOD: method, REQUEST_URI: uri, SCRIPT_NAME: '', PATH_INFO: uri, QUERY_STRING: '',
      HTTP_HOST: new URL(srv.url).host, HTTP_ORIGIN: srv.url.replace(/\/$/, ''), REMOTE_ADDR: '127.0.0.1',
      HTTP_COOKIE: `rc_session=${b.cookie()}`,
      ...(body ? { CONTENT_TYPE: type, CONTENT_LENGTH: String(body.length) } : {}) },
  });
  const status = (r) => Number((/^Status: (\d+)/m.exec(r.stdout.toString()) ?? [, 200])[1]);
  try {
    for (const uri of ['/admin/', '/admin/files']) {
      const r = cgi('GET', uri);
      assert.equal(status(r), 200, `${uri} answers without the module: ${r.stderr}`);
      assert.doesNotMatch(r.stderr.toString(), /module/, `${uri} never loads it`);
    }
    const files = db('SELECT count(*) AS n FROM file')[0].n;
    const form = multipart({ name: 'Unread', alt: '' }, { name: 'u.txt', type: 'text/plain', data: samples.text('u\n') });
    const r = cgi('POST', '/admin/files', form.body, form.type);
    assert.equal(status(r), 500, 'an upload the server cannot read');
    assert.match(textOf(r.stdout.toString()), /Uploads cannot be read on this server now; the administrator has been told\./);
    assert.match(r.stderr.toString(), /module runningcode-multipart\.so cannot be loaded: .*lonely-admin\/runningcode-multipart\.so/,
      'the log says which module and why');
    assert.equal(db('SELECT count(*) AS n FROM file')[0].n, files, 'nothing stored');
    assert.equal(fileRow('Unread'), undefined);
  } finally {
    fs.rmSync(lonely, { recursive: true, force: true });
  }
});
