DROP INDEX articles_public_by_id;
DROP INDEX articles_public;
CREATE INDEX articles_public ON articles (status, published_at, id) WHERE deleted_at IS NULL;
