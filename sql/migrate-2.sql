-- Schema version 2: full-text search over published pages and programs.
--
-- search_index holds one row per published page (rowid = 2 * page.id)
-- and per published program of a published page (rowid = 2 * id + 1).
-- Triggers keep it in step with every change, in the same transaction,
-- so a draft never appears in it and search never lags an edit.
-- `runningcode check` compares it with the tables.

CREATE VIRTUAL TABLE search_index USING fts5(
  kind UNINDEXED,           -- 'page' or 'program'
  ref UNINDEXED,            -- page.id or program.id
  title, summary, body,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- What the index must hold, as a view: also what `check` compares with.
CREATE VIEW search_expected (rowid, kind, ref, title, summary, body) AS
  SELECT 2 * id, 'page', id, title, summary, body FROM page WHERE published
  UNION ALL
  SELECT 2 * g.id + 1, 'program', g.id, g.title, g.description, ''
  FROM program g JOIN page p ON p.id = g.page_id
  WHERE g.published AND p.published;

INSERT INTO search_index (rowid, kind, ref, title, summary, body)
  SELECT rowid, kind, ref, title, summary, body FROM search_expected;

CREATE TRIGGER search_page_insert AFTER INSERT ON page WHEN new.published BEGIN
  INSERT INTO search_index (rowid, kind, ref, title, summary, body)
    VALUES (2 * new.id, 'page', new.id, new.title, new.summary, new.body);
END;

CREATE TRIGGER search_page_delete AFTER DELETE ON page BEGIN
  DELETE FROM search_index WHERE rowid = 2 * old.id;
END;

-- A page's programs are searchable only while the page is published.
CREATE TRIGGER search_page_update AFTER UPDATE ON page BEGIN
  DELETE FROM search_index WHERE rowid = 2 * old.id
    OR rowid IN (SELECT 2 * id + 1 FROM program WHERE page_id = old.id);
  INSERT INTO search_index (rowid, kind, ref, title, summary, body)
    SELECT rowid, kind, ref, title, summary, body FROM search_expected
    WHERE rowid = 2 * new.id
       OR rowid IN (SELECT 2 * id + 1 FROM program WHERE page_id = new.id);
END;

CREATE TRIGGER search_program_insert AFTER INSERT ON program BEGIN
  INSERT INTO search_index (rowid, kind, ref, title, summary, body)
    SELECT rowid, kind, ref, title, summary, body FROM search_expected
    WHERE rowid = 2 * new.id + 1;
END;

CREATE TRIGGER search_program_delete AFTER DELETE ON program BEGIN
  DELETE FROM search_index WHERE rowid = 2 * old.id + 1;
END;

CREATE TRIGGER search_program_update AFTER UPDATE ON program BEGIN
  DELETE FROM search_index WHERE rowid = 2 * old.id + 1;
  INSERT INTO search_index (rowid, kind, ref, title, summary, body)
    SELECT rowid, kind, ref, title, summary, body FROM search_expected
    WHERE rowid = 2 * new.id + 1;
END;

PRAGMA user_version = 2;
