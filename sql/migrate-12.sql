-- Schema version 12: a placeholder on the two-factor branch (i-totp),
-- whose step is 13: the store takes the steps one by one. Another
-- branch brings the real version 12; drop this file when merging it.
PRAGMA user_version = 12;
