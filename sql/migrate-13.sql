-- Schema version 13: two-factor sign-in (TOTP, RFC 6238), optional per
-- user. Needs nothing of version 12.
--
-- user_totp: a user's TOTP secret, encrypted with the key of the file
-- totp.key next to the database (libsodium's secretbox, as hex: nonce
-- then ciphertext), so that a copy of the database alone does not give
-- it. enabled: 0 while the user has not yet confirmed it with a code
-- (the enrolment), 1 once sign-in asks for it. last_step: the last time
-- step (Unix time / 30) whose code was accepted: a code is good once.
CREATE TABLE user_totp (
  user_id     INTEGER PRIMARY KEY REFERENCES user(id) ON DELETE CASCADE,
  secret      TEXT    NOT NULL,
  enabled     INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  last_step   INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
);

-- The ten recovery codes of a user with TOTP on, each kept as a
-- BLAKE2b hash keyed with the same key, deleted when used.
CREATE TABLE totp_recovery (
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  code_hash   TEXT    NOT NULL,
  PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

-- A sign-in whose password was right and whose code is awaited: the
-- browser's cookie holds the token, the database only its hash. It
-- grants nothing but the code's form, for a few minutes; the session is
-- made when the code is right. next and kept: where the sign-in goes.
CREATE TABLE login_pending (
  token_hash  TEXT    PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  next        TEXT    NOT NULL,
  kept        TEXT    NOT NULL,
  expires_at  INTEGER NOT NULL
) WITHOUT ROWID;

PRAGMA user_version = 13;
