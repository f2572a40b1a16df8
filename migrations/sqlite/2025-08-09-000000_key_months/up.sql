-- How many listed articles (published or scheduled, not deleted, with a time) each tag,
-- author and entity has in each month (`YYYY-MM`, UTC), kept as the sections' months
-- are (`listed_months`): by triggers on the links of tags and authors and on the articles,
-- and for entities' mention rows by the one place that writes them
-- (`db::entities::replace_annotations`), once per batch. A deep page of a tag's, an
-- author's or an entity's list skips whole months by them: the middle page of a tag's
-- list at a million articles walked 60,000 of its articles (1.2 s).

CREATE TABLE tag_months (
    tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    month  TEXT NOT NULL,
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (tag_id, month)
) WITHOUT ROWID;

CREATE TABLE author_months (
    author_id TEXT NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    month     TEXT NOT NULL,
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (author_id, month)
) WITHOUT ROWID;

CREATE TABLE entity_months (
    entity_seq INTEGER NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
    month      TEXT NOT NULL,
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (entity_seq, month)
) WITHOUT ROWID;

-- From the public index (each article's time) to its links.

INSERT INTO tag_months (tag_id, month, listed_articles)
    SELECT l.tag_id, substr(a.published_at, 1, 7), count(*)
    FROM articles a INDEXED BY articles_public JOIN article_tags l ON l.article_id = a.id
    WHERE a.listed = 1 AND a.published_at IS NOT NULL
    GROUP BY l.tag_id, substr(a.published_at, 1, 7);

INSERT INTO author_months (author_id, month, listed_articles)
    SELECT l.author_id, substr(a.published_at, 1, 7), count(*)
    FROM articles a INDEXED BY articles_public JOIN article_authors l ON l.article_id = a.id
    WHERE a.listed = 1 AND a.published_at IS NOT NULL
    GROUP BY l.author_id, substr(a.published_at, 1, 7);

INSERT INTO entity_months (entity_seq, month, listed_articles)
    SELECT l.entity_seq, substr(a.published_at, 1, 7), count(*)
    FROM articles a INDEXED BY articles_public JOIN article_entities l ON l.article_seq = a.seq
    WHERE a.listed = 1 AND a.published_at IS NOT NULL
    GROUP BY l.entity_seq, substr(a.published_at, 1, 7);

CREATE TRIGGER article_tags_month_insert AFTER INSERT ON article_tags
BEGIN
    INSERT INTO tag_months (tag_id, month, listed_articles)
        SELECT NEW.tag_id, substr(a.published_at, 1, 7), 1 FROM articles a
        WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        ON CONFLICT (tag_id, month) DO UPDATE SET listed_articles = listed_articles + 1;
END;
-- (A link removed with its article, by cascade, finds no article: the article's own
-- trigger took its months down.)
CREATE TRIGGER article_tags_month_delete AFTER DELETE ON article_tags
BEGIN
    UPDATE tag_months SET listed_articles = listed_articles - 1
        WHERE tag_id = OLD.tag_id
        AND month = (SELECT substr(a.published_at, 1, 7) FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
END;
CREATE TRIGGER article_tags_month_update AFTER UPDATE ON article_tags
BEGIN
    UPDATE tag_months SET listed_articles = listed_articles - 1
        WHERE tag_id = OLD.tag_id
        AND month = (SELECT substr(a.published_at, 1, 7) FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
    INSERT INTO tag_months (tag_id, month, listed_articles)
        SELECT NEW.tag_id, substr(a.published_at, 1, 7), 1 FROM articles a
        WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        ON CONFLICT (tag_id, month) DO UPDATE SET listed_articles = listed_articles + 1;
END;

CREATE TRIGGER article_authors_month_insert AFTER INSERT ON article_authors
BEGIN
    INSERT INTO author_months (author_id, month, listed_articles)
        SELECT NEW.author_id, substr(a.published_at, 1, 7), 1 FROM articles a
        WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        ON CONFLICT (author_id, month) DO UPDATE SET listed_articles = listed_articles + 1;
END;
-- (A link removed with its article, by cascade, finds no article: the article's own
-- trigger took its months down.)
CREATE TRIGGER article_authors_month_delete AFTER DELETE ON article_authors
BEGIN
    UPDATE author_months SET listed_articles = listed_articles - 1
        WHERE author_id = OLD.author_id
        AND month = (SELECT substr(a.published_at, 1, 7) FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
END;
CREATE TRIGGER article_authors_month_update AFTER UPDATE ON article_authors
BEGIN
    UPDATE author_months SET listed_articles = listed_articles - 1
        WHERE author_id = OLD.author_id
        AND month = (SELECT substr(a.published_at, 1, 7) FROM articles a WHERE a.id = OLD.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL);
    INSERT INTO author_months (author_id, month, listed_articles)
        SELECT NEW.author_id, substr(a.published_at, 1, 7), 1 FROM articles a
        WHERE a.id = NEW.article_id AND a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        ON CONFLICT (author_id, month) DO UPDATE SET listed_articles = listed_articles + 1;
END;

CREATE TRIGGER articles_key_months AFTER UPDATE OF status, deleted_at, published_at ON articles
WHEN (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL) IS NOT (NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL)
    OR substr(OLD.published_at, 1, 7) IS NOT substr(NEW.published_at, 1, 7)
BEGIN
    UPDATE tag_months SET listed_articles = listed_articles - 1
        WHERE month = substr(OLD.published_at, 1, 7)
        AND tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = OLD.id)
        AND OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL;
    UPDATE author_months SET listed_articles = listed_articles - 1
        WHERE month = substr(OLD.published_at, 1, 7)
        AND author_id IN (SELECT author_id FROM article_authors WHERE article_id = OLD.id)
        AND OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL;
    UPDATE entity_months SET listed_articles = listed_articles - 1
        WHERE month = substr(OLD.published_at, 1, 7)
        AND entity_seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = OLD.seq)
        AND OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL;
    INSERT INTO tag_months (tag_id, month, listed_articles)
        SELECT tag_id, substr(NEW.published_at, 1, 7), 1 FROM article_tags
        WHERE article_id = NEW.id AND NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL
        ON CONFLICT (tag_id, month) DO UPDATE SET listed_articles = listed_articles + 1;
    INSERT INTO author_months (author_id, month, listed_articles)
        SELECT author_id, substr(NEW.published_at, 1, 7), 1 FROM article_authors
        WHERE article_id = NEW.id AND NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL
        ON CONFLICT (author_id, month) DO UPDATE SET listed_articles = listed_articles + 1;
    INSERT INTO entity_months (entity_seq, month, listed_articles)
        SELECT entity_seq, substr(NEW.published_at, 1, 7), 1 FROM article_entities
        WHERE article_seq = NEW.seq AND NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL
        ON CONFLICT (entity_seq, month) DO UPDATE SET listed_articles = listed_articles + 1;
END;

-- Deleted for good: before its links go by cascade.
CREATE TRIGGER articles_key_months_delete BEFORE DELETE ON articles
WHEN OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL
BEGIN
    UPDATE tag_months SET listed_articles = listed_articles - 1
        WHERE month = substr(OLD.published_at, 1, 7)
        AND tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = OLD.id);
    UPDATE author_months SET listed_articles = listed_articles - 1
        WHERE month = substr(OLD.published_at, 1, 7)
        AND author_id IN (SELECT author_id FROM article_authors WHERE article_id = OLD.id);
    UPDATE entity_months SET listed_articles = listed_articles - 1
        WHERE month = substr(OLD.published_at, 1, 7)
        AND entity_seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = OLD.seq);
END;
