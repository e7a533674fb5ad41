-- Schema version 3: a mark that changes whenever the menus as a visitor
-- sees them may have changed.
--
-- Every page shows the main and footer menus. The worker and the
-- publisher keep them in memory and reread them only when
-- change_mark.value for 'menus' differs from the value they were read
-- under. Triggers set it in the same transaction as the change: any
-- change to a menu entry, and a change to a page's path, summary or
-- published flag (menus show those of the pages they link). The menu
-- table only names the two menus, rows the schema made and nothing
-- changes.
--
-- The value is random, not a counter: a database restored from a
-- backup, or another database named by a reloaded configuration, can
-- then never show a value that an unrelated menu state was read under.

CREATE TABLE change_mark (
  name  TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO change_mark (name, value) VALUES ('menus', random());

CREATE TRIGGER menus_entry_insert AFTER INSERT ON menu_entry BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'menus';
END;
CREATE TRIGGER menus_entry_update AFTER UPDATE ON menu_entry BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'menus';
END;
CREATE TRIGGER menus_entry_delete AFTER DELETE ON menu_entry BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'menus';
END;
CREATE TRIGGER menus_page_update AFTER UPDATE ON page
  WHEN old.path IS NOT new.path OR old.summary IS NOT new.summary
    OR old.published IS NOT new.published BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'menus';
END;
CREATE TRIGGER menus_page_delete AFTER DELETE ON page BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'menus';
END;

PRAGMA user_version = 3;
