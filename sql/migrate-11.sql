-- Schema version 11: users' roles, disabled users, and one-time links
-- to set a password. Needs nothing of version 10.
--
-- role: what the user may do (src/role.h); every user from before roles
-- keeps the rights they had, an administrator's. disabled: the user
-- cannot sign in (their sessions are ended when it is set).
ALTER TABLE user ADD COLUMN role TEXT NOT NULL DEFAULT 'administrator'
  CHECK (role IN ('administrator', 'editor', 'contributor'));
ALTER TABLE user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));

-- Links to set a user's password, made by an administrator and shown
-- once: the link's token is a selector (looked up) and the rest, of
-- which only a BLAKE2b hash is kept, compared in constant time. A link
-- works once (it is deleted when used), until expires_at (unix time);
-- a new link for the same user replaces the old one.
CREATE TABLE password_reset (
  selector    TEXT    PRIMARY KEY,
  token_hash  TEXT    NOT NULL,
  user_id     INTEGER NOT NULL UNIQUE REFERENCES user(id) ON DELETE CASCADE,
  created_by  TEXT    NOT NULL,
  expires_at  INTEGER NOT NULL
) WITHOUT ROWID;

PRAGMA user_version = 11;
