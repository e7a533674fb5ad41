-- Schema version 6: forms kept when a session ended before they came.
--
-- An editor who types for longer than the idle limit used to lose it
-- all: the save answered "log in again". Now the form is kept here,
-- bound to the user whose session ended, and given back once that user
-- has signed in again (never to anyone else), for a day at most.
-- key_hash: the hash of the token the login form carries (the token
-- itself is never stored); session_hash: the session it was given to.
CREATE TABLE kept_form (
  id           INTEGER PRIMARY KEY,
  key_hash     TEXT    NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,                   -- unix time
  route        TEXT    NOT NULL,                   -- '/admin/edit'
  fields       TEXT    NOT NULL,                   -- urlencoded, without the CSRF token
  session_hash TEXT
);

PRAGMA user_version = 6;
