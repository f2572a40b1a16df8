-- A quote carries its article's publication time while the article is listed (published
-- or scheduled, not deleted; NULL otherwise), kept by triggers, so that the lists of
-- quotes are read from their own indexes in order: the newest article first, in order
-- within one. Read through the articles, a speaker's 15,735 quotes at a million
-- articles were all read and sorted for a page of 20 (95–163 ms), and every quote was
-- counted through its article.
ALTER TABLE quotes ADD COLUMN listed_at TIMESTAMP;
UPDATE quotes SET listed_at = (
    SELECT a.published_at FROM articles a
    WHERE a.id = quotes.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled'));
CREATE INDEX quotes_listed ON quotes (listed_at, article_id, position DESC);
DROP INDEX quotes_entity;
CREATE INDEX quotes_speaker ON quotes (entity_id, listed_at, article_id, position DESC);

CREATE TRIGGER quotes_listed_insert AFTER INSERT ON quotes
BEGIN
    UPDATE quotes SET listed_at = (
        SELECT a.published_at FROM articles a
        WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled'))
    WHERE id = NEW.id;
END;
CREATE TRIGGER articles_quotes_listed AFTER UPDATE OF status, deleted_at, published_at ON articles
WHEN (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled')) IS NOT (NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled'))
    OR OLD.published_at IS NOT NEW.published_at
BEGIN
    UPDATE quotes SET listed_at = CASE
        WHEN NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') THEN NEW.published_at END
    WHERE article_id = NEW.id;
END;
