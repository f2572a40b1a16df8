-- Back to a state in every revision. A newest revision without one cannot be filled
-- in SQL (the article is packed by the application): the down migration refuses
-- while such a revision exists, rather than lose it (NOT NULL fails the INSERT).
CREATE TABLE revisions_packed (
    id         TEXT PRIMARY KEY NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    -- NULL for changes made by the importer or the system.
    user_id    TEXT REFERENCES users (id),
    action     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- The whole article as the staff API showed it after the change: JSON, compressed
    -- as a zstd frame (rows from before this migration: the JSON's bytes).
    state      BLOB NOT NULL,
    UNIQUE (article_id, version)
);
INSERT INTO revisions_packed (id, article_id, version, user_id, action, created_at, state)
    SELECT id, article_id, version, user_id, action, created_at, state FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_packed RENAME TO revisions;
