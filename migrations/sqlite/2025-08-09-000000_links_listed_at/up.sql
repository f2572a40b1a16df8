-- A tag's, an author's and an entity's link to an article carries the article's
-- publication time while the article is listed (published or scheduled, not deleted;
-- NULL otherwise), as the quotes do, so that a key's list is read from the key's own
-- index in publication order: a page by number skips entries of that index alone.
-- Walking the public index and probing each article for the key, the middle page of a
-- tag's list took 1.2 s at a million articles. Written with the link by the code that
-- writes links (`db::articles::set_authors_and_tags`, `db::entities::replace_annotations`),
-- kept by the trigger below when the article changes. A mention row holds only the
-- second (Unix time, an integer: `listed_second`): the time as text, in the fifty
-- mention rows of each article and their index again, took 2.1 GB more at a million
-- articles; `db::keyed` puts the articles of one second in order from their own times.
ALTER TABLE article_tags ADD COLUMN listed_at TIMESTAMP;
ALTER TABLE article_authors ADD COLUMN listed_at TIMESTAMP;
ALTER TABLE article_entities ADD COLUMN listed_second BIGINT;
UPDATE article_tags SET listed_at = (
    SELECT a.published_at FROM articles a
    WHERE a.id = article_tags.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled'));
UPDATE article_authors SET listed_at = (
    SELECT a.published_at FROM articles a
    WHERE a.id = article_authors.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled'));
UPDATE article_entities SET listed_second = (
    SELECT CAST(strftime('%s', a.published_at) AS INTEGER) FROM articles a
    WHERE a.seq = article_entities.article_seq AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled'));

DROP INDEX article_tags_tag;
CREATE INDEX article_tags_tag ON article_tags (tag_id, listed_at, article_id);
DROP INDEX article_authors_author;
CREATE INDEX article_authors_author ON article_authors (author_id, listed_at, article_id);
DROP INDEX article_entities_entity;
CREATE INDEX article_entities_entity ON article_entities (entity_seq, listed_second, article_seq);

CREATE TRIGGER articles_links_listed AFTER UPDATE OF status, deleted_at, published_at ON articles
WHEN (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled')) IS NOT (NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled'))
    OR OLD.published_at IS NOT NEW.published_at
BEGIN
    UPDATE article_tags SET listed_at = CASE
        WHEN NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') THEN NEW.published_at END
    WHERE article_id = NEW.id;
    UPDATE article_authors SET listed_at = CASE
        WHEN NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') THEN NEW.published_at END
    WHERE article_id = NEW.id;
    UPDATE article_entities SET listed_second = CASE
        WHEN NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled')
        THEN CAST(strftime('%s', NEW.published_at) AS INTEGER) END
    WHERE article_seq = NEW.seq;
END;
