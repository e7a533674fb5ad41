-- Schema version 10: a step of another branch (scheduling), merged
-- with this one; this placeholder only keeps the numbering whole until
-- then, and changes nothing.
PRAGMA user_version = 10;
