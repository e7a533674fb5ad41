-- Schema version 8: one copy of each text.
--
-- A program that links to a page of this site shows that page's summary
-- when its own description is empty, so that the text is kept and
-- edited in one place. Descriptions that only repeat the linked page's
-- summary become empty; the program shows the same text as before.

UPDATE program SET description = ''
  WHERE link_page_id IS NOT NULL AND description <> ''
    AND description = (SELECT summary FROM page WHERE id = program.link_page_id);

PRAGMA user_version = 8;
