-- Breaking news: the editorial urgency (IPTC / ninjs: 1 = flash, 9 = lowest; 5 is
-- ordinary news) and, while a story is breaking news, until when.
ALTER TABLE articles ADD COLUMN urgency INTEGER NOT NULL DEFAULT 5;
ALTER TABLE articles ADD COLUMN breaking_until TIMESTAMP;
CREATE INDEX articles_breaking ON articles (breaking_until);

-- The change log says when a public story becomes breaking news. SQLite cannot change
-- a CHECK constraint, so the table is made again (nothing refers to it; its rows keep
-- their sequence numbers, and AUTOINCREMENT goes on after the highest).
CREATE TABLE changes_new (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    article_id  TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('published', 'updated', 'corrected', 'unpublished', 'deleted', 'breaking')),
    slug        TEXT NOT NULL,
    version     BIGINT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
INSERT INTO changes_new (seq, article_id, kind, slug, version, occurred_at)
    SELECT seq, article_id, kind, slug, version, occurred_at FROM changes ORDER BY seq;
DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
