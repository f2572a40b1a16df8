-- A tag's, an author's and an entity's link to an article carries the article's
-- publication time while the article is listed (published or scheduled, not deleted;
-- NULL otherwise), as the quotes do, so that a key's list is read from the key's own
-- index in publication order: a page by number skips entries of that index alone.
-- Written with the link by the code that writes links
-- (`db::articles::set_authors_and_tags`, `db::entities::replace_annotations`), kept by
-- the trigger below when articles change. A mention row holds only the second (Unix
-- time: `listed_second`), as on SQLite, where the time as text took 2.1 GB more at a
-- million articles; `db::keyed` puts the articles of one second in order.
ALTER TABLE article_tags ADD COLUMN listed_at TIMESTAMP;
ALTER TABLE article_authors ADD COLUMN listed_at TIMESTAMP;
ALTER TABLE article_entities ADD COLUMN listed_second BIGINT;
UPDATE article_tags l SET listed_at = a.published_at FROM articles a
    WHERE a.id = l.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled');
UPDATE article_authors l SET listed_at = a.published_at FROM articles a
    WHERE a.id = l.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled');
UPDATE article_entities l SET listed_second = floor(extract(epoch FROM a.published_at))::bigint FROM articles a
    WHERE a.seq = l.article_seq AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled');

DROP INDEX article_tags_tag;
CREATE INDEX article_tags_tag ON article_tags (tag_id, listed_at, article_id);
DROP INDEX article_authors_author;
CREATE INDEX article_authors_author ON article_authors (author_id, listed_at, article_id);
DROP INDEX article_entities_entity;
CREATE INDEX article_entities_entity ON article_entities (entity_seq, listed_second, article_seq);

-- Once per statement, from the statement's rows together (the two `WITH` updates run
-- whole, as every data-modifying `WITH` does).
CREATE FUNCTION articles_links_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH relisted AS (
        SELECT a.id, a.seq, CASE
            WHEN a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') THEN a.published_at END
            AS listed_at
        FROM removed o JOIN added a ON a.seq = o.seq
        WHERE (o.deleted_at IS NULL AND o.status IN ('published', 'scheduled')) IS DISTINCT FROM (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled'))
           OR o.published_at IS DISTINCT FROM a.published_at
    ), tagged AS (
        UPDATE article_tags l SET listed_at = r.listed_at FROM relisted r WHERE l.article_id = r.id
    ), authored AS (
        UPDATE article_authors l SET listed_at = r.listed_at FROM relisted r WHERE l.article_id = r.id
    )
    UPDATE article_entities l SET listed_second = floor(extract(epoch FROM r.listed_at))::bigint
        FROM relisted r WHERE l.article_seq = r.seq;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_links_listed AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION articles_links_listed();
