ALTER TABLE authors DROP COLUMN language;
ALTER TABLE authors DROP COLUMN links;
ALTER TABLE authors DROP COLUMN photo_id;
ALTER TABLE authors DROP COLUMN job_title;
