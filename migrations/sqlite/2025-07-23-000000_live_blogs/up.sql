-- Live blogs: an article that is one ('open' while entries come, 'closed' after; when
-- it opened and closed) and its timestamped entries. An entry is public when its
-- article is.
CREATE TABLE live_blogs (
    article_id  TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    state       TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    opened_at   TIMESTAMP NOT NULL,
    closed_at   TIMESTAMP
);

CREATE TABLE live_entries (
    id          TEXT PRIMARY KEY NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    title       TEXT,
    body        TEXT NOT NULL,
    body_html   TEXT NOT NULL,
    key_event   BOOLEAN NOT NULL DEFAULT FALSE,
    pinned      BOOLEAN NOT NULL DEFAULT FALSE,
    created_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     BIGINT NOT NULL
);
CREATE INDEX live_entries_article ON live_entries (article_id, created_at, id);

-- The change log carries a live blog's entries (added, changed, removed), naming the
-- entry. SQLite cannot change a CHECK constraint, so the table is made again (its rows
-- keep their sequence numbers; AUTOINCREMENT goes on after the highest).
CREATE TABLE changes_new (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    article_id  TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('published', 'updated', 'corrected', 'unpublished', 'deleted', 'breaking', 'entry-added', 'entry-updated', 'entry-removed')),
    slug        TEXT NOT NULL,
    version     BIGINT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    entry_id    TEXT
);
INSERT INTO changes_new (seq, article_id, kind, slug, version, occurred_at)
    SELECT seq, article_id, kind, slug, version, occurred_at FROM changes ORDER BY seq;
DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
-- A live blog's stream resumes from its own entries of the log.
CREATE INDEX changes_article ON changes (article_id, seq);
