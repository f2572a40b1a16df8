DROP INDEX changes_article;
DELETE FROM changes WHERE kind LIKE 'entry-%';
CREATE TABLE changes_old (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    article_id  TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('published', 'updated', 'corrected', 'unpublished', 'deleted', 'breaking')),
    slug        TEXT NOT NULL,
    version     BIGINT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
INSERT INTO changes_old (seq, article_id, kind, slug, version, occurred_at)
    SELECT seq, article_id, kind, slug, version, occurred_at FROM changes ORDER BY seq;
DROP TABLE changes;
ALTER TABLE changes_old RENAME TO changes;
DROP TABLE live_entries;
DROP TABLE live_blogs;
