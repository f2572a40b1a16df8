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
-- entry.
ALTER TABLE changes ADD COLUMN entry_id TEXT;
ALTER TABLE changes DROP CONSTRAINT changes_kind_check;
ALTER TABLE changes ADD CONSTRAINT changes_kind_check
    CHECK (kind IN ('published', 'updated', 'corrected', 'unpublished', 'deleted', 'breaking', 'entry-added', 'entry-updated', 'entry-removed'));
-- A live blog's stream resumes from its own entries of the log.
CREATE INDEX changes_article ON changes (article_id, seq);
