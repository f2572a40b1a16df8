DELETE FROM changes WHERE kind = 'breaking';
ALTER TABLE changes DROP CONSTRAINT changes_kind_check;
ALTER TABLE changes ADD CONSTRAINT changes_kind_check
    CHECK (kind IN ('published', 'updated', 'corrected', 'unpublished', 'deleted'));
DROP INDEX articles_breaking;
ALTER TABLE articles DROP COLUMN breaking_until;
ALTER TABLE articles DROP COLUMN urgency;
