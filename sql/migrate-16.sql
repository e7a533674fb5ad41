-- Schema version 16: when each user last signed in, for the users list.
-- Set when a session begins (after the second factor, when there is
-- one), so that a right password alone, or a year without signing in
-- (the device cookies' lifetime), never shows as a sign-in. 0: never.
-- Existing users start from their newest live session.
ALTER TABLE user ADD COLUMN signed_in_at INTEGER NOT NULL DEFAULT 0;
UPDATE user SET signed_in_at = coalesce(
  (SELECT max(s.created_at) FROM session s WHERE s.user_id = user.id), 0);

PRAGMA user_version = 16;
