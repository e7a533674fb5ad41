-- Schema version 7: search that finds what people type.
--
-- The index is made again (`runningcode migrate` rebuilds it from the
-- tables) with English stemming: FTS5's porter tokenizer over unicode61
-- with diacritics removed, so "hackathon" finds "Hackathons" and
-- "implementations" finds "implementation"; prefix indexes of 2 and 3
-- characters keep the prefix match of the last word typed quick.
--
-- Each thing is found once: a program that links to a published page of
-- this site is that page's result (its title and description are
-- searched as part of the page's summary), not a second one.
-- search_expected says what the index must hold; triggers keep the
-- index in step with every change, in the same transaction, making
-- again every row a change can alter (search_stale).

DROP TRIGGER search_page_insert;
DROP TRIGGER search_page_delete;
DROP TRIGGER search_page_update;
DROP TRIGGER search_program_insert;
DROP TRIGGER search_program_delete;
DROP TRIGGER search_program_update;
DROP VIEW search_expected;
DROP TABLE search_index;

CREATE VIRTUAL TABLE search_index USING fts5(
  kind UNINDEXED,           -- 'page' or 'program'
  ref UNINDEXED,            -- page.id or program.id
  title, summary, body,
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- The programs of published pages that are searched on their own: those
-- not linking to a published page.
CREATE VIEW search_programs AS
  SELECT g.* FROM program g JOIN page p ON p.id = g.page_id
  WHERE g.published AND p.published
    AND NOT EXISTS (SELECT 1 FROM page l WHERE l.id = g.link_page_id AND l.published);

CREATE VIEW search_expected (rowid, kind, ref, title, summary, body) AS
  SELECT 2 * p.id, 'page', p.id, p.title,
    p.summary || coalesce((SELECT group_concat(' ' || g.title || ' ' || g.description, '')
      FROM program g JOIN page gp ON gp.id = g.page_id
      WHERE g.link_page_id = p.id AND g.published AND gp.published), ''),
    p.body
  FROM page p WHERE p.published
  UNION ALL
  SELECT 2 * id + 1, 'program', id, title, description, '' FROM search_programs;

-- Inserting a search_index rowid here makes its row again from
-- search_expected (or drops it, when nothing is expected there): the
-- one way the triggers below change the index.
CREATE VIEW search_stale (row) AS SELECT NULL WHERE 0;

CREATE TRIGGER search_stale_refresh INSTEAD OF INSERT ON search_stale BEGIN
  DELETE FROM search_index WHERE rowid = new.row;
  INSERT INTO search_index (rowid, kind, ref, title, summary, body)
    SELECT rowid, kind, ref, title, summary, body FROM search_expected WHERE rowid = new.row;
END;

-- The rows a change may alter. A page's: itself, its programs and the
-- pages they link to (they are searched only while it is published),
-- and the programs linking to it. A program's: itself and the pages it
-- linked to and links to.
CREATE TRIGGER search_page_insert AFTER INSERT ON page BEGIN
  INSERT INTO search_stale VALUES (2 * new.id);
END;

CREATE TRIGGER search_page_delete AFTER DELETE ON page BEGIN
  INSERT INTO search_stale VALUES (2 * old.id);
END;

CREATE TRIGGER search_page_update AFTER UPDATE ON page BEGIN
  INSERT INTO search_stale
    SELECT 2 * new.id
    UNION SELECT 2 * id + 1 FROM program WHERE page_id = new.id OR link_page_id = new.id
    UNION SELECT 2 * link_page_id FROM program WHERE page_id = new.id AND link_page_id IS NOT NULL;
END;

CREATE TRIGGER search_program_insert AFTER INSERT ON program BEGIN
  INSERT INTO search_stale
    SELECT 2 * new.id + 1 UNION SELECT 2 * new.link_page_id WHERE new.link_page_id IS NOT NULL;
END;

CREATE TRIGGER search_program_delete AFTER DELETE ON program BEGIN
  INSERT INTO search_stale
    SELECT 2 * old.id + 1 UNION SELECT 2 * old.link_page_id WHERE old.link_page_id IS NOT NULL;
END;

CREATE TRIGGER search_program_update AFTER UPDATE ON program BEGIN
  INSERT INTO search_stale
    SELECT 2 * new.id + 1
    UNION SELECT 2 * old.link_page_id WHERE old.link_page_id IS NOT NULL
    UNION SELECT 2 * new.link_page_id WHERE new.link_page_id IS NOT NULL;
END;

INSERT INTO search_index (rowid, kind, ref, title, summary, body)
  SELECT rowid, kind, ref, title, summary, body FROM search_expected;

PRAGMA user_version = 7;
