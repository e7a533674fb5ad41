-- runningcode database schema, version 1. Later versions are steps from
-- here: sql/migrate-2.sql and on. `runningcode init` runs this file, the
-- steps, then seed.sql, so new and upgraded databases end up alike.
--
-- Every editable record carries a "version" that the admin increments on
-- each save, to detect edits that would overwrite someone else's.
-- Page paths are canonical: they start and end with '/' ("/" is home).
-- Menu entries and programs point either at a page (page_id) or at a URL.
-- Editable records have AUTOINCREMENT ids: an id is never given again
-- after a deletion, so the history of a deleted record stays its own.

PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;

BEGIN;

CREATE TABLE page (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  path       TEXT    NOT NULL UNIQUE
             CHECK (substr(path, 1, 1) = '/' AND substr(path, -1, 1) = '/'),
  title      TEXT    NOT NULL CHECK (title <> ''),
  summary    TEXT    NOT NULL DEFAULT '',
  body       TEXT    NOT NULL DEFAULT '',          -- Markdown
  published  INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
  created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  version    INTEGER NOT NULL DEFAULT 1
);

-- An old page address that answers 301 to the page's current path.
CREATE TABLE redirect (
  path       TEXT    PRIMARY KEY
             CHECK (substr(path, 1, 1) = '/' AND substr(path, -1, 1) = '/'),
  page_id    INTEGER NOT NULL REFERENCES page(id) ON DELETE CASCADE,
  created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  version    INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE menu (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE,              -- 'main', 'footer'
  title      TEXT    NOT NULL
);

CREATE TABLE menu_entry (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  menu_id    INTEGER NOT NULL REFERENCES menu(id),
  parent_id  INTEGER REFERENCES menu_entry(id),    -- NULL: top level
  position   INTEGER NOT NULL,
  label      TEXT    NOT NULL CHECK (label <> ''),
  page_id    INTEGER REFERENCES page(id),
  url        TEXT,
  updated_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  version    INTEGER NOT NULL DEFAULT 1,
  CHECK ((page_id IS NULL) <> (url IS NULL))
);
CREATE INDEX menu_entry_order ON menu_entry(menu_id, parent_id, position);
CREATE INDEX menu_entry_page ON menu_entry(page_id);

CREATE TABLE program (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  page_id     INTEGER NOT NULL REFERENCES page(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  title       TEXT    NOT NULL CHECK (title <> ''),
  description TEXT    NOT NULL DEFAULT '',
  link_page_id INTEGER REFERENCES page(id),
  link_url    TEXT,
  published   INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
  updated_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  version     INTEGER NOT NULL DEFAULT 1,
  CHECK (link_page_id IS NULL OR link_url IS NULL)
);
CREATE INDEX program_order ON program(page_id, position);
CREATE INDEX program_link_page ON program(link_page_id);

-- Editors. Passwords are argon2id strings from libsodium's crypto_pwhash_str.
CREATE TABLE user (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE CHECK (name <> ''),
  password   TEXT    NOT NULL,
  created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Admin sessions. Only a hash of the cookie's token is kept, so a copy
-- of the database does not let anyone in.
CREATE TABLE session (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  csrf_token TEXT    NOT NULL,
  created_at INTEGER NOT NULL,                     -- unix time
  seen_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_user ON session(user_id);

-- Login attempts, for throttling.
CREATE TABLE login_attempt (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,                     -- unix time
  username   TEXT    NOT NULL,
  address    TEXT    NOT NULL,
  succeeded  INTEGER NOT NULL
);
CREATE INDEX login_attempt_user ON login_attempt(username, at);
CREATE INDEX login_attempt_address ON login_attempt(address, at);

-- History: one row per change of an editable record, written in the
-- same transaction as the change. before/after are JSON snapshots of the
-- record (NULL before a creation and after a deletion).
CREATE TABLE revision (
  id         INTEGER PRIMARY KEY,
  entity     TEXT    NOT NULL,                     -- 'page', 'menu_entry', 'program', 'redirect'
  record_id  TEXT    NOT NULL,
  action     TEXT    NOT NULL,                     -- 'create', 'update', 'move', 'delete', 'restore'
  username   TEXT    NOT NULL,
  at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  before     TEXT,
  after      TEXT
);
CREATE INDEX revision_record ON revision(entity, record_id, id);

INSERT INTO menu (id, name, title) VALUES (1, 'main', 'Main menu'), (2, 'footer', 'Footer menu');

PRAGMA user_version = 1;

COMMIT;
