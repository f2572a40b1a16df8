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
