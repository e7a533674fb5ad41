-- Schema version 4: a mark that changes whenever anything a visitor sees
-- may have changed.
--
-- The worker keeps rendered pages in memory and starts afresh when the
-- content changes. It used to start afresh at every commit to the
-- database, and most commits change nothing a visitor sees: an editor's
-- login, each admin request (the session's seen_at), a login attempt. So
-- every click in the admin made the worker render every page again.
-- change_mark.value for 'content' is set, by triggers in the same
-- transaction as the change, on any change to a table the public pages
-- read: page, program, menu_entry, menu and redirect. Not on session,
-- login_attempt, user or revision, which only the admin reads, nor on
-- search_index, which follows page and program (its own triggers) and
-- whose results are never kept.
--
-- A later step that changes what visitors see sets the mark itself.
-- Random, not a counter, for the reason given for 'menus' (migrate-3.sql).

INSERT INTO change_mark (name, value) VALUES ('content', random());

CREATE TRIGGER content_page_insert AFTER INSERT ON page BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_page_update AFTER UPDATE ON page BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_page_delete AFTER DELETE ON page BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_program_insert AFTER INSERT ON program BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_program_update AFTER UPDATE ON program BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_program_delete AFTER DELETE ON program BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_menu_entry_insert AFTER INSERT ON menu_entry BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_menu_entry_update AFTER UPDATE ON menu_entry BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_menu_entry_delete AFTER DELETE ON menu_entry BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_menu_insert AFTER INSERT ON menu BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_menu_update AFTER UPDATE ON menu BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_menu_delete AFTER DELETE ON menu BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_redirect_insert AFTER INSERT ON redirect BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_redirect_update AFTER UPDATE ON redirect BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;
CREATE TRIGGER content_redirect_delete AFTER DELETE ON redirect BEGIN
  UPDATE change_mark SET value = random() WHERE name = 'content';
END;

PRAGMA user_version = 4;
