DROP TABLE revisions;
ALTER TABLE articles DROP COLUMN deleted_at;
ALTER TABLE articles DROP COLUMN created_by;
