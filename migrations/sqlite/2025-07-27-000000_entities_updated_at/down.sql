DROP INDEX entities_updated;
ALTER TABLE entities DROP COLUMN updated_at;
