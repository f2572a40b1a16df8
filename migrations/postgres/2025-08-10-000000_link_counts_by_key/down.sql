-- The joined form of 2025-08-03-000000_listed_counts.

CREATE OR REPLACE FUNCTION article_tags_listed_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tags p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM added l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION article_tags_listed_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tags p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM removed l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION article_tags_listed_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE OR REPLACE FUNCTION article_authors_listed_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE authors p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM added l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.author_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION article_authors_listed_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE authors p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM removed l
              JOIN articles a ON a.id = l.article_id
              WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL GROUP BY l.author_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION article_authors_listed_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
