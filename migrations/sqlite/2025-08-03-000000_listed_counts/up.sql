-- How many articles each section, tag, author and entity lists, kept by triggers
-- rather than counted over the archive on every read (a second at 100,000 articles for
-- the entities). An article is listed when it is public or will be by the clock alone:
-- not deleted, published or scheduled, with a publication time. A reader's count is
-- this less the listed articles whose time has not come (few: the scheduled ones).
ALTER TABLE sections ADD COLUMN listed_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tags ADD COLUMN listed_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE authors ADD COLUMN listed_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN listed_articles INTEGER NOT NULL DEFAULT 0;

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

-- An article written, changed or deleted: its section's count.
CREATE TRIGGER articles_listed_insert AFTER INSERT ON articles
WHEN NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL
BEGIN
    UPDATE sections SET listed_articles = listed_articles + 1 WHERE id = NEW.section_id;
END;
CREATE TRIGGER articles_listed_section AFTER UPDATE OF status, deleted_at, published_at, section_id ON articles
WHEN (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL) IS NOT (NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL) OR OLD.section_id IS NOT NEW.section_id
BEGIN
    UPDATE sections SET listed_articles = listed_articles - 1
        WHERE id = OLD.section_id AND OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL;
    UPDATE sections SET listed_articles = listed_articles + 1
        WHERE id = NEW.section_id AND NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL;
END;
-- Listed or no longer: the counts of everything it links to.
CREATE TRIGGER articles_listed_links AFTER UPDATE OF status, deleted_at, published_at ON articles
WHEN (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL) IS NOT (NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL)
BEGIN
    UPDATE tags SET listed_articles = listed_articles + (CASE WHEN NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL THEN 1 ELSE -1 END)
        WHERE id IN (SELECT tag_id FROM article_tags WHERE article_id = NEW.id);
    UPDATE authors SET listed_articles = listed_articles + (CASE WHEN NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL THEN 1 ELSE -1 END)
        WHERE id IN (SELECT author_id FROM article_authors WHERE article_id = NEW.id);
    UPDATE entities SET listed_articles = listed_articles + (CASE WHEN NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL THEN 1 ELSE -1 END)
        WHERE seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = NEW.seq);
END;
-- Deleted for good: before its links go by cascade (they find no article then).
CREATE TRIGGER articles_listed_delete BEFORE DELETE ON articles
WHEN OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL
BEGIN
    UPDATE sections SET listed_articles = listed_articles - 1 WHERE id = OLD.section_id;
    UPDATE tags SET listed_articles = listed_articles - 1
        WHERE id IN (SELECT tag_id FROM article_tags WHERE article_id = OLD.id);
    UPDATE authors SET listed_articles = listed_articles - 1
        WHERE id IN (SELECT author_id FROM article_authors WHERE article_id = OLD.id);
    UPDATE entities SET listed_articles = listed_articles - 1
        WHERE seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = OLD.seq);
END;
CREATE TRIGGER article_tags_listed_insert AFTER INSERT ON article_tags
WHEN EXISTS (SELECT 1 FROM articles a WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL)
BEGIN
    UPDATE tags SET listed_articles = listed_articles + 1 WHERE id = NEW.tag_id;
END;
CREATE TRIGGER article_tags_listed_delete AFTER DELETE ON article_tags
WHEN EXISTS (SELECT 1 FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL)
BEGIN
    UPDATE tags SET listed_articles = listed_articles - 1 WHERE id = OLD.tag_id;
END;
CREATE TRIGGER article_tags_listed_update AFTER UPDATE ON article_tags
BEGIN
    UPDATE tags SET listed_articles = listed_articles - 1 WHERE id = OLD.tag_id
        AND EXISTS (SELECT 1 FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
    UPDATE tags SET listed_articles = listed_articles + 1 WHERE id = NEW.tag_id
        AND EXISTS (SELECT 1 FROM articles a WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
END;
CREATE TRIGGER article_authors_listed_insert AFTER INSERT ON article_authors
WHEN EXISTS (SELECT 1 FROM articles a WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL)
BEGIN
    UPDATE authors SET listed_articles = listed_articles + 1 WHERE id = NEW.author_id;
END;
CREATE TRIGGER article_authors_listed_delete AFTER DELETE ON article_authors
WHEN EXISTS (SELECT 1 FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL)
BEGIN
    UPDATE authors SET listed_articles = listed_articles - 1 WHERE id = OLD.author_id;
END;
CREATE TRIGGER article_authors_listed_update AFTER UPDATE ON article_authors
BEGIN
    UPDATE authors SET listed_articles = listed_articles - 1 WHERE id = OLD.author_id
        AND EXISTS (SELECT 1 FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
    UPDATE authors SET listed_articles = listed_articles + 1 WHERE id = NEW.author_id
        AND EXISTS (SELECT 1 FROM articles a WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
END;
CREATE TRIGGER article_entities_listed_insert AFTER INSERT ON article_entities
WHEN EXISTS (SELECT 1 FROM articles a WHERE a.seq = NEW.article_seq AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL)
BEGIN
    UPDATE entities SET listed_articles = listed_articles + 1 WHERE seq = NEW.entity_seq;
END;
CREATE TRIGGER article_entities_listed_delete AFTER DELETE ON article_entities
WHEN EXISTS (SELECT 1 FROM articles a WHERE a.seq = OLD.article_seq AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL)
BEGIN
    UPDATE entities SET listed_articles = listed_articles - 1 WHERE seq = OLD.entity_seq;
END;
CREATE TRIGGER article_entities_listed_update AFTER UPDATE ON article_entities
BEGIN
    UPDATE entities SET listed_articles = listed_articles - 1 WHERE seq = OLD.entity_seq
        AND EXISTS (SELECT 1 FROM articles a WHERE a.seq = OLD.article_seq AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
    UPDATE entities SET listed_articles = listed_articles + 1 WHERE seq = NEW.entity_seq
        AND EXISTS (SELECT 1 FROM articles a WHERE a.seq = NEW.article_seq AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
END;
