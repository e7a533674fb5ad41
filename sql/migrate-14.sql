-- Schema version 14: the file library (uploaded images and documents).
-- Needs nothing of versions 12 and 13.
--
-- A file's bytes live outside the database, content-addressed: stored
-- is "<BLAKE2b-256 of the bytes, hex>.<extension>", the file's name in
-- the files folder (settings: files) and its address below /files/.
-- The bytes are written (and synced) before the row commits, and are
-- kept when the row is deleted, so that no row ever names missing
-- bytes, a restored one included. media_type is the media type libmagic read
-- from the bytes; width and height are an image's pixels (0: none or
-- unknown, as for SVG).
CREATE TABLE file (
  id          INTEGER PRIMARY KEY,
  version     INTEGER NOT NULL DEFAULT 1,
  name        TEXT    NOT NULL,
  alt         TEXT    NOT NULL DEFAULT '',
  stored      TEXT    NOT NULL UNIQUE,
  media_type  TEXT    NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/webp',
                'image/svg+xml', 'application/pdf', 'text/plain')),
  bytes       INTEGER NOT NULL CHECK (bytes > 0),
  width       INTEGER NOT NULL DEFAULT 0,
  height      INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

PRAGMA user_version = 14;
