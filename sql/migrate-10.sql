-- Schema version 10: scheduling.
--
-- A draft can be given a time to go live (go_live_at, UTC as every time
-- here): `runningcode publish --due`, run every minute by a systemd
-- timer, publishes it then through the same path as the "Publish draft"
-- button. When that fails (the live record changed after the draft was
-- made, or the draft is no longer valid), the schedule is dropped and
-- go_live_error says why, for the editor to see on the draft.
ALTER TABLE draft ADD COLUMN go_live_at TEXT;
ALTER TABLE draft ADD COLUMN go_live_error TEXT;
CREATE INDEX draft_due ON draft(go_live_at) WHERE go_live_at IS NOT NULL;

-- A page or a program can be given a time to stop being published
-- (expires_at, a field of the record like any other, kept in its
-- revisions): `publish --due` then unpublishes it and clears the time.
ALTER TABLE page ADD COLUMN expires_at TEXT;
ALTER TABLE program ADD COLUMN expires_at TEXT;
CREATE INDEX page_expiry ON page(expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX program_expiry ON program(expires_at) WHERE expires_at IS NOT NULL;

-- Who has a record's edit form open: admin.js notes it when the form
-- opens and every few minutes while it stays open (seen_at, unix time),
-- so that another editor opening the record is told. Rows older than a
-- day are dropped as new ones come.
CREATE TABLE presence (
  entity    TEXT    NOT NULL,
  record_id TEXT    NOT NULL,
  username  TEXT    NOT NULL,
  seen_at   INTEGER NOT NULL,
  PRIMARY KEY (entity, record_id, username)
) WITHOUT ROWID;

PRAGMA user_version = 10;
