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

CREATE FUNCTION articles_listed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL;
    is_now BOOLEAN := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL;
    step BIGINT := CASE WHEN is_now THEN 1 ELSE -1 END;
BEGIN
    -- Its section's count.
    IF was AND (NOT is_now OR OLD.section_id IS DISTINCT FROM NEW.section_id) THEN
        UPDATE sections SET listed_articles = listed_articles - 1 WHERE id = OLD.section_id;
    END IF;
    IF is_now AND (NOT was OR OLD.section_id IS DISTINCT FROM NEW.section_id) THEN
        UPDATE sections SET listed_articles = listed_articles + 1 WHERE id = NEW.section_id;
    END IF;
    -- Listed or no longer: the counts of everything it links to. (A new article has no
    -- links yet; a deleted one's go by cascade after this, and find no article then.)
    IF TG_OP <> 'INSERT' AND was IS DISTINCT FROM is_now THEN
        UPDATE tags SET listed_articles = listed_articles + step
            WHERE id IN (SELECT tag_id FROM article_tags WHERE article_id = OLD.id);
        UPDATE authors SET listed_articles = listed_articles + step
            WHERE id IN (SELECT author_id FROM article_authors WHERE article_id = OLD.id);
        UPDATE entities SET listed_articles = listed_articles + step
            WHERE seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = OLD.seq);
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER articles_listed_write AFTER INSERT OR UPDATE OF status, deleted_at, published_at, section_id
    ON articles FOR EACH ROW EXECUTE FUNCTION articles_listed();
CREATE TRIGGER articles_listed_delete BEFORE DELETE
    ON articles FOR EACH ROW EXECUTE FUNCTION articles_listed();

CREATE FUNCTION article_tags_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND EXISTS (
        SELECT 1 FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) THEN
        UPDATE tags SET listed_articles = listed_articles - 1 WHERE id = OLD.tag_id;
    END IF;
    IF TG_OP <> 'DELETE' AND EXISTS (
        SELECT 1 FROM articles a WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) THEN
        UPDATE tags SET listed_articles = listed_articles + 1 WHERE id = NEW.tag_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER article_tags_listed AFTER INSERT OR UPDATE OR DELETE
    ON article_tags FOR EACH ROW EXECUTE FUNCTION article_tags_listed();

CREATE FUNCTION article_authors_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND EXISTS (
        SELECT 1 FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) THEN
        UPDATE authors SET listed_articles = listed_articles - 1 WHERE id = OLD.author_id;
    END IF;
    IF TG_OP <> 'DELETE' AND EXISTS (
        SELECT 1 FROM articles a WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) THEN
        UPDATE authors SET listed_articles = listed_articles + 1 WHERE id = NEW.author_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER article_authors_listed AFTER INSERT OR UPDATE OR DELETE
    ON article_authors FOR EACH ROW EXECUTE FUNCTION article_authors_listed();

CREATE FUNCTION article_entities_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND EXISTS (
        SELECT 1 FROM articles a WHERE a.seq = OLD.article_seq AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) THEN
        UPDATE entities SET listed_articles = listed_articles - 1 WHERE seq = OLD.entity_seq;
    END IF;
    IF TG_OP <> 'DELETE' AND EXISTS (
        SELECT 1 FROM articles a WHERE a.seq = NEW.article_seq AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL) THEN
        UPDATE entities SET listed_articles = listed_articles + 1 WHERE seq = NEW.entity_seq;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER article_entities_listed AFTER INSERT OR UPDATE OR DELETE
    ON article_entities FOR EACH ROW EXECUTE FUNCTION article_entities_listed();
