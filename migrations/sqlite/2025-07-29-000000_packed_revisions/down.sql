-- Only plain JSON rows can go back: compressed ones need the server to read them.
CREATE TABLE revisions_plain (
    id         TEXT PRIMARY KEY NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    user_id    TEXT REFERENCES users (id),
    action     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    state      TEXT NOT NULL,
    UNIQUE (article_id, version)
);
INSERT INTO revisions_plain (id, article_id, version, user_id, action, created_at, state)
    SELECT id, article_id, version, user_id, action, created_at, CAST(state AS TEXT) FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_plain RENAME TO revisions;
