DROP INDEX changes_article;
DELETE FROM changes WHERE kind LIKE 'entry-%';
ALTER TABLE changes DROP CONSTRAINT changes_kind_check;
ALTER TABLE changes ADD CONSTRAINT changes_kind_check
    CHECK (kind IN ('published', 'updated', 'corrected', 'unpublished', 'deleted', 'breaking'));
ALTER TABLE changes DROP COLUMN entry_id;
DROP TABLE live_entries;
DROP TABLE live_blogs;
