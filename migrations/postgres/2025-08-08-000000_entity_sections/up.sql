-- How many listed articles (published or scheduled, not deleted, with a time) name each
-- entity in each section, kept as the entities' own counts are: moved once per batch by
-- the one place that writes mention rows (`db::entities::replace_annotations`) and by the
-- articles' triggers below (listed or no longer, moved to another section, deleted). An
-- entity's list within a section is counted from it rather than over the entity's
-- articles.
CREATE TABLE entity_sections (
    entity_seq      BIGINT NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
    section_id      TEXT NOT NULL REFERENCES sections (id),
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (entity_seq, section_id)
);

INSERT INTO entity_sections (entity_seq, section_id, listed_articles)
    SELECT l.entity_seq, a.section_id, count(*)
    FROM article_entities l JOIN articles a ON a.seq = l.article_seq
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
    GROUP BY l.entity_seq, a.section_id;

-- Once per statement, from the statement's rows together.
CREATE FUNCTION articles_entity_sections() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entity_sections AS e (entity_seq, section_id, listed_articles)
        SELECT entity_seq, section_id, sum(n) FROM (
            SELECT l.entity_seq, o.section_id, -1 AS n
                FROM removed o JOIN added a ON a.seq = o.seq
                JOIN article_entities l ON l.article_seq = o.seq
                WHERE o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL
            UNION ALL
            SELECT l.entity_seq, a.section_id, 1
                FROM removed o JOIN added a ON a.seq = o.seq
                JOIN article_entities l ON l.article_seq = a.seq
                WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        ) moved
        GROUP BY entity_seq, section_id
        HAVING sum(n) <> 0
        ON CONFLICT (entity_seq, section_id)
        DO UPDATE SET listed_articles = e.listed_articles + EXCLUDED.listed_articles;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_entity_sections AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION articles_entity_sections();
-- Deleted for good: row by row, before its links go by cascade.
CREATE FUNCTION articles_entity_sections_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL) THEN
        UPDATE entity_sections SET listed_articles = listed_articles - 1
            WHERE section_id = OLD.section_id
            AND entity_seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = OLD.seq);
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER articles_entity_sections_delete BEFORE DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_entity_sections_deleted();
