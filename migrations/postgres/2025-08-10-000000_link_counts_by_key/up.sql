-- A tag's and an author's kept counts, moved by a statement's links: each link's
-- article is looked up by its key, one row each, rather than joined. Joined, the
-- planner chose by the articles' statistics, which lag behind a bulk import: with
-- "one listed article" estimated for thousands it scanned every listed article once per
-- link (a batch of 1,000 author links took 230-500 ms, 4 million comparisons, and would
-- grow with the archive). A lookup per link is the same cost at any size.

CREATE OR REPLACE FUNCTION article_tags_listed_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tags p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM added l
              WHERE (SELECT a.deleted_at IS NULL AND a.status IN ('published', 'scheduled')
                             AND a.published_at IS NOT NULL
                      FROM articles a WHERE a.id = l.article_id)
              GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION article_tags_listed_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tags p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM removed l
              WHERE (SELECT a.deleted_at IS NULL AND a.status IN ('published', 'scheduled')
                             AND a.published_at IS NOT NULL
                      FROM articles a WHERE a.id = l.article_id)
              GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION article_tags_listed_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tags p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM removed l
              WHERE (SELECT a.deleted_at IS NULL AND a.status IN ('published', 'scheduled')
                             AND a.published_at IS NOT NULL
                      FROM articles a WHERE a.id = l.article_id)
              GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    UPDATE tags p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.tag_id AS key, count(*) AS n FROM added l
              WHERE (SELECT a.deleted_at IS NULL AND a.status IN ('published', 'scheduled')
                             AND a.published_at IS NOT NULL
                      FROM articles a WHERE a.id = l.article_id)
              GROUP BY l.tag_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION article_authors_listed_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE authors p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM added l
              WHERE (SELECT a.deleted_at IS NULL AND a.status IN ('published', 'scheduled')
                             AND a.published_at IS NOT NULL
                      FROM articles a WHERE a.id = l.article_id)
              GROUP BY l.author_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION article_authors_listed_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE authors p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM removed l
              WHERE (SELECT a.deleted_at IS NULL AND a.status IN ('published', 'scheduled')
                             AND a.published_at IS NOT NULL
                      FROM articles a WHERE a.id = l.article_id)
              GROUP BY l.author_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION article_authors_listed_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE authors p SET listed_articles = p.listed_articles - d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM removed l
              WHERE (SELECT a.deleted_at IS NULL AND a.status IN ('published', 'scheduled')
                             AND a.published_at IS NOT NULL
                      FROM articles a WHERE a.id = l.article_id)
              GROUP BY l.author_id) d
        WHERE p.id = d.key;
    UPDATE authors p SET listed_articles = p.listed_articles + d.n
        FROM (SELECT l.author_id AS key, count(*) AS n FROM added l
              WHERE (SELECT a.deleted_at IS NULL AND a.status IN ('published', 'scheduled')
                             AND a.published_at IS NOT NULL
                      FROM articles a WHERE a.id = l.article_id)
              GROUP BY l.author_id) d
        WHERE p.id = d.key;
    RETURN NULL;
END $$;
