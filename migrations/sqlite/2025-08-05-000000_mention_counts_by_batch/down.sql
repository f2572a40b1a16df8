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
