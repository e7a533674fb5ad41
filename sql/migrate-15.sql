-- Schema version 15: a redirect leads to a page of this site (following
-- it when its path changes, as before) or to an absolute http(s) URL,
-- exactly one of the two, with its status: 301 or 308 (permanent), 302
-- or 307 (temporary); 301 as before unless given.
--
-- SQLite cannot change a column's constraints in place: the table is
-- made anew, filled, and renamed, and the triggers that went with the
-- old one (migrate-4.sql's change mark) are made again. No other table
-- refers to redirect.
CREATE TABLE redirect_new (
  path       TEXT    PRIMARY KEY
             CHECK (substr(path, 1, 1) = '/' AND substr(path, -1, 1) = '/'),
  page_id    INTEGER REFERENCES page(id) ON DELETE CASCADE,
  url        TEXT    CHECK (url IS NULL OR (length(url) <= 2000
               AND (lower(substr(url, 1, 7)) = 'http://' OR lower(substr(url, 1, 8)) = 'https://'))),
  status     INTEGER NOT NULL DEFAULT 301 CHECK (status IN (301, 302, 307, 308)),
  created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  version    INTEGER NOT NULL DEFAULT 1,
  CHECK ((page_id IS NULL) <> (url IS NULL))
) WITHOUT ROWID;

INSERT INTO redirect_new (path, page_id, created_at, version)
  SELECT path, page_id, created_at, version FROM redirect;
DROP TABLE redirect;
ALTER TABLE redirect_new RENAME TO redirect;

-- Deleting a page finds its redirects (ON DELETE CASCADE) by this index.
CREATE INDEX redirect_page ON redirect (page_id);

CREATE TRIGGER content_redirect_insert AFTER INSERT ON redirect BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_redirect_update AFTER UPDATE ON redirect BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_redirect_delete AFTER DELETE ON redirect BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;

PRAGMA user_version = 15;
