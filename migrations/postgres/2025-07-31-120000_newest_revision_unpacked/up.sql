-- An article's newest revision stores no state: its state is the article as it is,
-- packed into the revision when the next change supersedes it. Rows written before
-- keep theirs.
ALTER TABLE revisions ALTER COLUMN state DROP NOT NULL;
