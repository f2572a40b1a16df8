-- How many articles each section, tag, author and entity lists, kept by triggers
-- rather than counted over the archive on every read (a second at 100,000 articles for
-- the entities). An article is listed when it is public or will be by the clock alone:
-- not deleted, published or scheduled, with a publication time. A reader's count is
-- this less the listed articles whose time has not come (few: the scheduled ones).
ALTER TABLE sections ADD COLUMN listed_articles BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tags ADD COLUMN listed_articles BIGINT NOT NULL DEFAULT 0;
ALTER TABLE authors ADD COLUMN listed_articles BIGINT NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN listed_articles BIGINT NOT NULL DEFAULT 0;

UPDATE sections SET listed_articles = (
    SELECT count(*) FROM articles a WHERE a.section_id = sections.id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
UPDATE tags SET listed_articles = (
    SELECT count(*) FROM article_tags l JOIN articles a ON a.id = l.article_id
    WHERE l.tag_id = tags.id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
UPDATE authors SET listed_articles = (
    SELECT count(*) FROM article_authors l JOIN articles a ON a.id = l.article_id
    WHERE l.author_id = authors.id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
UPDATE entities SET listed_articles = (
    SELECT count(*) FROM article_entities l JOIN articles a ON a.seq = l.article_seq
    WHERE l.entity_seq = entities.seq AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);

-- Articles written or changed: once per statement, from the statement's rows together
-- (row by row, a statement writing many articles updated its section's row once each).
CREATE FUNCTION articles_listed_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A new article has no links yet: its section only.
    UPDATE sections p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT a.section_id AS key, count(*) AS n FROM added a
              WHERE (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) GROUP BY a.section_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE FUNCTION articles_listed_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Sections: of the rows whose listing or section changed.
    UPDATE sections p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT key, sum(n) AS n FROM (
                  SELECT o.section_id AS key, -1 AS n FROM removed o JOIN added a ON a.seq = o.seq
                  WHERE (o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL) AND (NOT (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) OR a.section_id <> o.section_id)
                  UNION ALL
                  SELECT a.section_id, 1 FROM removed o JOIN added a ON a.seq = o.seq
                  WHERE (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) AND (NOT (o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL) OR a.section_id <> o.section_id)) c
              GROUP BY key) d
        WHERE p.id = d.key;
    -- Listed or no longer: the counts of everything those articles link to.
    WITH steps AS (SELECT a.seq, a.id, CASE WHEN (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) THEN 1 ELSE -1 END AS step
                   FROM removed o JOIN added a ON a.seq = o.seq
                   WHERE (o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL) IS DISTINCT FROM (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL))
    UPDATE tags p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.tag_id AS key, sum(s.step) AS n FROM steps s
              JOIN article_tags l ON l.article_id = s.id GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    WITH steps AS (SELECT a.seq, a.id, CASE WHEN (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) THEN 1 ELSE -1 END AS step
                   FROM removed o JOIN added a ON a.seq = o.seq
                   WHERE (o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL) IS DISTINCT FROM (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL))
    UPDATE authors p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.author_id AS key, sum(s.step) AS n FROM steps s
              JOIN article_authors l ON l.article_id = s.id GROUP BY l.author_id) d
        WHERE p.id = d.key;
    WITH steps AS (SELECT a.seq, a.id, CASE WHEN (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) THEN 1 ELSE -1 END AS step
                   FROM removed o JOIN added a ON a.seq = o.seq
                   WHERE (o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL) IS DISTINCT FROM (a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL))
    UPDATE entities p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.entity_seq AS key, sum(s.step) AS n FROM steps s
              JOIN article_entities l ON l.article_seq = s.seq GROUP BY l.entity_seq) d
        WHERE p.seq = d.key;
    RETURN NULL;
END $$;
-- Deleted for good: row by row, before its links go by cascade (they find no article
-- then). Nothing deletes articles but an operator's SQL.
CREATE FUNCTION articles_listed_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL) THEN
        UPDATE sections SET listed_articles = listed_articles - 1 WHERE id = OLD.section_id;
        UPDATE tags SET listed_articles = listed_articles - 1
            WHERE id IN (SELECT tag_id FROM article_tags WHERE article_id = OLD.id);
        UPDATE authors SET listed_articles = listed_articles - 1
            WHERE id IN (SELECT author_id FROM article_authors WHERE article_id = OLD.id);
        UPDATE entities SET listed_articles = listed_articles - 1
            WHERE seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = OLD.seq);
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER articles_listed_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION articles_listed_added();
CREATE TRIGGER articles_listed_update AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION articles_listed_changed();
CREATE TRIGGER articles_listed_delete BEFORE DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_listed_deleted();

-- Links added or removed: the counts of what they name, once per statement (a new
-- article's mentions are one statement), from the statement's rows together.

CREATE FUNCTION article_tags_listed_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tags p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM added l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE FUNCTION article_tags_listed_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tags p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM removed l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE FUNCTION article_tags_listed_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tags p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM removed l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    UPDATE tags p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM added l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE TRIGGER article_tags_listed_insert AFTER INSERT ON article_tags
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_tags_listed_added();
CREATE TRIGGER article_tags_listed_delete AFTER DELETE ON article_tags
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION article_tags_listed_removed();
CREATE TRIGGER article_tags_listed_update AFTER UPDATE ON article_tags
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION article_tags_listed_changed();

CREATE FUNCTION article_authors_listed_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE authors p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM added l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.author_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE FUNCTION article_authors_listed_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE authors p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM removed l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.author_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE FUNCTION article_authors_listed_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE authors p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM removed l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.author_id) d
        WHERE p.id = d.key;
    UPDATE authors p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM added l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.author_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE TRIGGER article_authors_listed_insert AFTER INSERT ON article_authors
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_authors_listed_added();
CREATE TRIGGER article_authors_listed_delete AFTER DELETE ON article_authors
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION article_authors_listed_removed();
CREATE TRIGGER article_authors_listed_update AFTER UPDATE ON article_authors
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION article_authors_listed_changed();

CREATE FUNCTION article_entities_listed_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entities p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.entity_seq AS key, count(*) AS n FROM added l
              JOIN articles a ON a.seq = l.article_seq
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.entity_seq) d
        WHERE p.seq = d.key;
    RETURN NULL;
END $$;
CREATE FUNCTION article_entities_listed_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entities p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.entity_seq AS key, count(*) AS n FROM removed l
              JOIN articles a ON a.seq = l.article_seq
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.entity_seq) d
        WHERE p.seq = d.key;
    RETURN NULL;
END $$;
CREATE FUNCTION article_entities_listed_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entities p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.entity_seq AS key, count(*) AS n FROM removed l
              JOIN articles a ON a.seq = l.article_seq
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.entity_seq) d
        WHERE p.seq = d.key;
    UPDATE entities p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.entity_seq AS key, count(*) AS n FROM added l
              JOIN articles a ON a.seq = l.article_seq
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.entity_seq) d
        WHERE p.seq = d.key;
    RETURN NULL;
END $$;
CREATE TRIGGER article_entities_listed_insert AFTER INSERT ON article_entities
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_entities_listed_added();
CREATE TRIGGER article_entities_listed_delete AFTER DELETE ON article_entities
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION article_entities_listed_removed();
CREATE TRIGGER article_entities_listed_update AFTER UPDATE ON article_entities
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION article_entities_listed_changed();
