-- Schema version 9: drafts of live records, and preview links to them.
--
-- An editor may save a page, a program or a menu entry as a draft: the
-- live row, the published files and every public answer stay as they
-- were until the draft is published (then it goes through the same
-- path as any save) or discarded. One draft per record, whoever saved
-- it last; the worker never reads this table.
-- entity, record_id: the record, as in revision; base_version: the
-- version of the live record the draft was made from (publishing it
-- over a newer one is a conflict); fields: the draft's values as a JSON
-- snapshot (the keys of the kind's snapshot: id, version, each field).
CREATE TABLE draft (
  entity       TEXT    NOT NULL,
  record_id    TEXT    NOT NULL,
  base_version INTEGER NOT NULL,
  fields       TEXT    NOT NULL,
  username     TEXT    NOT NULL,
  saved_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (entity, record_id)
);

-- Private preview links to a page's draft, for a reviewer without an
-- account: only the hash of the link's token is kept (the token is
-- shown once, to the editor who made it); a link works until
-- expires_at (unix time) while its record has a draft; revoking one
-- deletes it.
CREATE TABLE preview_link (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT    NOT NULL UNIQUE,
  entity       TEXT    NOT NULL,
  record_id    TEXT    NOT NULL,
  username     TEXT    NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX preview_link_record ON preview_link(entity, record_id);

PRAGMA user_version = 9;
