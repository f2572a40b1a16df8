-- A revision's state is kept compressed (zstd; the whole article as JSON was a third
-- of the database). Rows written before stay plain JSON, which readers also take.
-- SQLite cannot change a column's type in place: the table is made again.
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
    SELECT id, article_id, version, user_id, action, created_at, CAST(state AS BLOB) FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_packed RENAME TO revisions;
