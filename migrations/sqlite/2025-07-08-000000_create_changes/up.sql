-- The change log partners mirror from (`GET /api/v1/changes`): every publication,
-- update, correction, unpublication and deletion, in commit order. Entries are only
-- appended, never changed; an article's history outlives the article.
CREATE TABLE changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    article_id  TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('published', 'updated', 'corrected', 'unpublished', 'deleted')),
    slug        TEXT NOT NULL,
    version     BIGINT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);

-- A scheduled article's publication, waiting for its time; moved into `changes` (with
-- the next sequence number) once due, so the log stays in commit order.
CREATE TABLE pending_publications (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    slug       TEXT NOT NULL,
    version    BIGINT NOT NULL,
    due_at     TIMESTAMP NOT NULL
);
CREATE INDEX pending_publications_due ON pending_publications (due_at);
