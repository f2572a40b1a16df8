-- An article's newest revision stores no state: its state is the article as it is,
-- packed into the revision when the next change supersedes it. Rows written before
-- keep theirs. SQLite cannot drop a NOT NULL in place: the table is made again
-- (nothing refers to it).
CREATE TABLE revisions_unpacked (
    id         TEXT PRIMARY KEY NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    -- NULL for changes made by the importer or the system.
    user_id    TEXT REFERENCES users (id),
    action     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- The whole article as the staff API showed it after the change: JSON, compressed
    -- as a zstd frame (rows from before 2025-07-29: the JSON's bytes); NULL while this
    -- is the article's newest revision.
    state      BLOB,
    UNIQUE (article_id, version)
);
INSERT INTO revisions_unpacked (id, article_id, version, user_id, action, created_at, state)
    SELECT id, article_id, version, user_id, action, created_at, state FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_unpacked RENAME TO revisions;
