-- Schema version 5: login throttling that cannot be turned against
-- editors (OWASP's "device cookies").
--
-- Failures used to count per user name from any address, so anyone who
-- knew a name could keep its editor out for ever. Now failures count
-- per user and address, per address and per user name, but only those
-- of browsers without a device cookie; a browser that has signed in
-- before carries one, is counted on its own (login_attempt.device) and
-- is not held by a lock on its user name.
--
-- device: the browsers that have signed in, by the hash of their
-- cookie's token (the token itself is never stored).
CREATE TABLE device (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,                     -- unix time
  seen_at    INTEGER NOT NULL
);
CREATE INDEX device_user ON device(user_id);

-- The device an attempt came from ('' for a browser without one). An
-- attempt is recorded as failed before its password is checked and
-- marked succeeded after: parallel attempts count at once.
ALTER TABLE login_attempt ADD COLUMN device TEXT NOT NULL DEFAULT '';
CREATE INDEX login_attempt_device ON login_attempt(device, at);

-- A lock-out of a scope ('user_address', 'user', 'address' or
-- 'device': what the failures were counted by, see login_attempt) from
-- started_at to until. Attempts during a lock are refused unchecked and
-- not counted, so they never extend it; after it, failures count afresh.
CREATE TABLE login_lock (
  id         INTEGER PRIMARY KEY,
  scope      TEXT    NOT NULL,
  username   TEXT    NOT NULL,
  address    TEXT    NOT NULL,
  device     TEXT    NOT NULL,
  started_at INTEGER NOT NULL,                     -- unix time
  until      INTEGER NOT NULL,
  ended      INTEGER NOT NULL DEFAULT 0            -- its end is in the audit log
);
CREATE INDEX login_lock_until ON login_lock(until);

-- The audit log: what an operator may need to know about sign-ins, one
-- row per event ('lockout', 'lockout ended', 'new device'), kept a year.
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,                     -- unix time
  event      TEXT    NOT NULL,
  username   TEXT    NOT NULL DEFAULT '',
  address    TEXT    NOT NULL DEFAULT '',
  detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);

PRAGMA user_version = 5;
