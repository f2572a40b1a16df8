-- Breaking news: the editorial urgency (IPTC / ninjs: 1 = flash, 9 = lowest; 5 is
-- ordinary news) and, while a story is breaking news, until when.
ALTER TABLE articles ADD COLUMN urgency INTEGER NOT NULL DEFAULT 5;
ALTER TABLE articles ADD COLUMN breaking_until TIMESTAMP;
CREATE INDEX articles_breaking ON articles (breaking_until);

-- The change log says when a public story becomes breaking news.
ALTER TABLE changes DROP CONSTRAINT changes_kind_check;
ALTER TABLE changes ADD CONSTRAINT changes_kind_check
    CHECK (kind IN ('published', 'updated', 'corrected', 'unpublished', 'deleted', 'breaking'));
