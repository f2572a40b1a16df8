-- How many listed articles (published or scheduled, not deleted, with a time) each tag,
-- author and entity has in each month (`YYYY-MM`, UTC), kept as the sections' months
-- are (`listed_months`): by triggers on the links of tags and authors and on the articles,
-- and for entities' mention rows by the one place that writes them
-- (`db::entities::replace_annotations`), once per batch. A deep page of a tag's, an
-- author's or an entity's list skips whole months by them.

CREATE TABLE tag_months (
    tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    month  TEXT NOT NULL,
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (tag_id, month)
);
INSERT INTO tag_months (tag_id, month, listed_articles)
    SELECT l.tag_id, to_char(a.published_at, 'YYYY-MM'), count(*)
    FROM article_tags l JOIN articles a ON l.article_id = a.id
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
    GROUP BY l.tag_id, to_char(a.published_at, 'YYYY-MM');

CREATE TABLE author_months (
    author_id TEXT NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    month     TEXT NOT NULL,
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (author_id, month)
);
INSERT INTO author_months (author_id, month, listed_articles)
    SELECT l.author_id, to_char(a.published_at, 'YYYY-MM'), count(*)
    FROM article_authors l JOIN articles a ON l.article_id = a.id
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
    GROUP BY l.author_id, to_char(a.published_at, 'YYYY-MM');

CREATE TABLE entity_months (
    entity_seq BIGINT NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
    month      TEXT NOT NULL,
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (entity_seq, month)
);
INSERT INTO entity_months (entity_seq, month, listed_articles)
    SELECT l.entity_seq, to_char(a.published_at, 'YYYY-MM'), count(*)
    FROM article_entities l JOIN articles a ON l.article_seq = a.seq
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
    GROUP BY l.entity_seq, to_char(a.published_at, 'YYYY-MM');

CREATE FUNCTION article_tags_month_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- (A link removed with its article, by cascade, finds no article: the article's own
    -- trigger took its months down.)
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE tag_months t SET listed_articles = t.listed_articles - d.n
            FROM (SELECT l.tag_id, to_char(a.published_at, 'YYYY-MM') AS month, count(*) AS n FROM removed l
                  JOIN articles a ON a.id = l.article_id
                  WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY 1, 2) d
            WHERE t.tag_id = d.tag_id AND t.month = d.month;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO tag_months AS t (tag_id, month, listed_articles)
            SELECT l.tag_id, to_char(a.published_at, 'YYYY-MM'), count(*) FROM added l
            JOIN articles a ON a.id = l.article_id
            WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY 1, 2
            ON CONFLICT (tag_id, month) DO UPDATE SET listed_articles = t.listed_articles + EXCLUDED.listed_articles;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER article_tags_month_insert AFTER INSERT ON article_tags
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_tags_month_moved();
CREATE TRIGGER article_tags_month_delete AFTER DELETE ON article_tags
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION article_tags_month_moved();
CREATE TRIGGER article_tags_month_update AFTER UPDATE ON article_tags
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION article_tags_month_moved();

CREATE FUNCTION article_authors_month_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- (A link removed with its article, by cascade, finds no article: the article's own
    -- trigger took its months down.)
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE author_months t SET listed_articles = t.listed_articles - d.n
            FROM (SELECT l.author_id, to_char(a.published_at, 'YYYY-MM') AS month, count(*) AS n FROM removed l
                  JOIN articles a ON a.id = l.article_id
                  WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY 1, 2) d
            WHERE t.author_id = d.author_id AND t.month = d.month;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO author_months AS t (author_id, month, listed_articles)
            SELECT l.author_id, to_char(a.published_at, 'YYYY-MM'), count(*) FROM added l
            JOIN articles a ON a.id = l.article_id
            WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY 1, 2
            ON CONFLICT (author_id, month) DO UPDATE SET listed_articles = t.listed_articles + EXCLUDED.listed_articles;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER article_authors_month_insert AFTER INSERT ON article_authors
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_authors_month_moved();
CREATE TRIGGER article_authors_month_delete AFTER DELETE ON article_authors
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION article_authors_month_moved();
CREATE TRIGGER article_authors_month_update AFTER UPDATE ON article_authors
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION article_authors_month_moved();

-- Articles listed or no longer, or moved to another month: once per statement.
CREATE FUNCTION articles_key_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tag_months AS t (tag_id, month, listed_articles)
        SELECT tag_id, month, sum(n) FROM (
            SELECT l.tag_id, to_char(o.published_at, 'YYYY-MM') AS month, -1 AS n
                FROM removed o JOIN added a ON a.seq = o.seq JOIN article_tags l ON l.article_id = o.id
                WHERE o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL
            UNION ALL
            SELECT l.tag_id, to_char(a.published_at, 'YYYY-MM'), 1
                FROM removed o JOIN added a ON a.seq = o.seq JOIN article_tags l ON l.article_id = a.id
                WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        ) moved
        GROUP BY tag_id, month
        HAVING sum(n) <> 0
        ON CONFLICT (tag_id, month) DO UPDATE SET listed_articles = t.listed_articles + EXCLUDED.listed_articles;
    INSERT INTO author_months AS t (author_id, month, listed_articles)
        SELECT author_id, month, sum(n) FROM (
            SELECT l.author_id, to_char(o.published_at, 'YYYY-MM') AS month, -1 AS n
                FROM removed o JOIN added a ON a.seq = o.seq JOIN article_authors l ON l.article_id = o.id
                WHERE o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL
            UNION ALL
            SELECT l.author_id, to_char(a.published_at, 'YYYY-MM'), 1
                FROM removed o JOIN added a ON a.seq = o.seq JOIN article_authors l ON l.article_id = a.id
                WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        ) moved
        GROUP BY author_id, month
        HAVING sum(n) <> 0
        ON CONFLICT (author_id, month) DO UPDATE SET listed_articles = t.listed_articles + EXCLUDED.listed_articles;
    INSERT INTO entity_months AS t (entity_seq, month, listed_articles)
        SELECT entity_seq, month, sum(n) FROM (
            SELECT l.entity_seq, to_char(o.published_at, 'YYYY-MM') AS month, -1 AS n
                FROM removed o JOIN added a ON a.seq = o.seq JOIN article_entities l ON l.article_seq = o.seq
                WHERE o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL
            UNION ALL
            SELECT l.entity_seq, to_char(a.published_at, 'YYYY-MM'), 1
                FROM removed o JOIN added a ON a.seq = o.seq JOIN article_entities l ON l.article_seq = a.seq
                WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        ) moved
        GROUP BY entity_seq, month
        HAVING sum(n) <> 0
        ON CONFLICT (entity_seq, month) DO UPDATE SET listed_articles = t.listed_articles + EXCLUDED.listed_articles;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_key_months AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION articles_key_months();

-- Deleted for good: row by row, before its links go by cascade.
CREATE FUNCTION articles_key_months_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL) THEN
        UPDATE tag_months SET listed_articles = listed_articles - 1
            WHERE month = to_char(OLD.published_at, 'YYYY-MM')
            AND tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = OLD.id);
        UPDATE author_months SET listed_articles = listed_articles - 1
            WHERE month = to_char(OLD.published_at, 'YYYY-MM')
            AND author_id IN (SELECT author_id FROM article_authors WHERE article_id = OLD.id);
        UPDATE entity_months SET listed_articles = listed_articles - 1
            WHERE month = to_char(OLD.published_at, 'YYYY-MM')
            AND entity_seq IN (SELECT entity_seq FROM article_entities WHERE article_seq = OLD.seq);
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER articles_key_months_delete BEFORE DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_key_months_deleted();
