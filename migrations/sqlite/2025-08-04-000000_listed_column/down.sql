DROP INDEX articles_public;
DROP INDEX articles_public_section;
DROP INDEX articles_public_by_id;
ALTER TABLE articles DROP COLUMN listed;
CREATE INDEX articles_public ON articles (status, published_at, id, section_id, language)
    WHERE deleted_at IS NULL;
CREATE INDEX articles_public_section ON articles (section_id, status, published_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX articles_public_by_id ON articles (id, status, published_at, section_id, language)
    WHERE deleted_at IS NULL;
