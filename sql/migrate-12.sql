-- Schema version 12: review of drafts (issue 18). Needs nothing of the
-- versions after 11.
--
-- A draft submitted for review waits in the editors' queue (review
-- 'submitted': who submitted it and when); an editor publishes it (the
-- draft row goes, as any draft published) or sends it back to whoever
-- submitted it with a comment (review 'sent back': who, when, why).
-- Saving the draft again keeps its state: a draft in review stays in
-- review, one sent back keeps its comment until it is submitted again.
ALTER TABLE draft ADD COLUMN review TEXT CHECK (review IN ('submitted', 'sent back'));
ALTER TABLE draft ADD COLUMN submitted_by TEXT;
ALTER TABLE draft ADD COLUMN submitted_at TEXT;
ALTER TABLE draft ADD COLUMN sent_back_by TEXT;
ALTER TABLE draft ADD COLUMN sent_back_at TEXT;
ALTER TABLE draft ADD COLUMN comment TEXT;
CREATE INDEX draft_review ON draft(review, submitted_at) WHERE review IS NOT NULL;

-- What the person who made a change said about it: the comment of a
-- draft sent back, shown in the record's history.
ALTER TABLE revision ADD COLUMN note TEXT;

PRAGMA user_version = 12;
