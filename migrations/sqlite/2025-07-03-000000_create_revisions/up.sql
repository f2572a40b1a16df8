-- Who owns an article, soft deletion, and the revision written with every change.
ALTER TABLE articles ADD COLUMN created_by TEXT REFERENCES users (id);
ALTER TABLE articles ADD COLUMN deleted_at TIMESTAMP;

CREATE TABLE revisions (
    id         TEXT PRIMARY KEY NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    -- NULL for changes made by the importer or the system.
    user_id    TEXT REFERENCES users (id),
    action     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- The whole article as the staff API showed it after the change (JSON).
    state      TEXT NOT NULL,
    UNIQUE (article_id, version)
);
