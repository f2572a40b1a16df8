-- How many listed articles (published or scheduled, not deleted, with a time) name each
-- entity in each section, kept as the entities' own counts are: moved once per batch by
-- the one place that writes mention rows (`db::entities::replace_annotations`) and by the
-- articles' triggers below (listed or no longer, moved to another section, deleted). An
-- entity's list within a section is counted from it: counted over the entity's articles,
-- an entity named in 70,000 of a million took 360 ms.
CREATE TABLE entity_sections (
    entity_seq      INTEGER NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
    section_id      TEXT NOT NULL REFERENCES sections (id),
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (entity_seq, section_id)
) WITHOUT ROWID;

-- From the public index (which holds each article's section) to its mentions.
INSERT INTO entity_sections (entity_seq, section_id, listed_articles)
    SELECT l.entity_seq, a.section_id, count(*)
    FROM articles a INDEXED BY articles_public JOIN article_entities l ON l.article_seq = a.seq
    WHERE a.listed = 1 AND a.published_at IS NOT NULL
    GROUP BY l.entity_seq, a.section_id;

CREATE TRIGGER articles_entity_sections AFTER UPDATE OF status, deleted_at, published_at, section_id ON articles
WHEN (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL) IS NOT (NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL)
    OR OLD.section_id IS NOT NEW.section_id
BEGIN
    UPDATE entity_sections SET listed_articles = listed_articles - 1
        WHERE section_id = OLD.section_id
        AND entity_seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = OLD.seq)
        AND OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL;
    INSERT INTO entity_sections (entity_seq, section_id, listed_articles)
        SELECT entity_seq, NEW.section_id, 1 FROM article_entities
        WHERE article_seq = NEW.seq
        AND NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL
        ON CONFLICT (entity_seq, section_id) DO UPDATE SET listed_articles = listed_articles + 1;
END;
-- Deleted for good: before its links go by cascade.
CREATE TRIGGER articles_entity_sections_delete BEFORE DELETE ON articles
WHEN OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL
BEGIN
    UPDATE entity_sections SET listed_articles = listed_articles - 1
        WHERE section_id = OLD.section_id
        AND entity_seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = OLD.seq);
END;
