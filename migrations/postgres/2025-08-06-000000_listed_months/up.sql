-- How many articles each section lists in each language and month (UTC, `YYYY-MM` of
-- the publication time), kept by triggers as the sections' own counts are. A list
-- filtered by language or dates is counted from the whole months it spans and counts
-- only the months it cuts (and the one under way); a deep page skips whole months by
-- their counts and walks only inside the month it starts in. An offset walked the
-- public index: page 33,333 of a million articles passed 500,000 entries, and
-- `lang=en` over an archive in Indonesian walked all of it to count none.
CREATE TABLE listed_months (
    section_id      TEXT NOT NULL REFERENCES sections (id),
    language        TEXT NOT NULL,
    month           TEXT NOT NULL,
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (section_id, language, month)
);

INSERT INTO listed_months (section_id, language, month, listed_articles)
    SELECT section_id, language, to_char(published_at, 'YYYY-MM'), count(*) FROM articles
    WHERE deleted_at IS NULL AND status IN ('published', 'scheduled') AND published_at IS NOT NULL
    GROUP BY section_id, language, to_char(published_at, 'YYYY-MM');

-- Once per statement, from the statement's rows together (an import writes a batch of
-- articles in one statement).
CREATE FUNCTION articles_month_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO listed_months AS m (section_id, language, month, listed_articles)
        SELECT section_id, language, month, sum(n) FROM (
            SELECT o.section_id, o.language, to_char(o.published_at, 'YYYY-MM') AS month, -1 AS n
                FROM removed o
                WHERE o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL
            UNION ALL
            SELECT a.section_id, a.language, to_char(a.published_at, 'YYYY-MM'), 1
                FROM added a
                WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        ) moved
        GROUP BY section_id, language, month
        HAVING sum(n) <> 0
        ON CONFLICT (section_id, language, month)
        DO UPDATE SET listed_articles = m.listed_articles + EXCLUDED.listed_articles;
    RETURN NULL;
END $$;
CREATE FUNCTION articles_month_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO listed_months AS m (section_id, language, month, listed_articles)
        SELECT a.section_id, a.language, to_char(a.published_at, 'YYYY-MM'), count(*)
        FROM added a
        WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
        GROUP BY a.section_id, a.language, to_char(a.published_at, 'YYYY-MM')
        ON CONFLICT (section_id, language, month)
        DO UPDATE SET listed_articles = m.listed_articles + EXCLUDED.listed_articles;
    RETURN NULL;
END $$;
CREATE FUNCTION articles_month_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE listed_months m SET listed_articles = m.listed_articles - d.n
        FROM (SELECT o.section_id, o.language, to_char(o.published_at, 'YYYY-MM') AS month, count(*) AS n
              FROM removed o
              WHERE o.deleted_at IS NULL AND o.status IN ('published', 'scheduled') AND o.published_at IS NOT NULL
              GROUP BY o.section_id, o.language, to_char(o.published_at, 'YYYY-MM')) d
        WHERE m.section_id = d.section_id AND m.language = d.language AND m.month = d.month;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_month_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION articles_month_added();
CREATE TRIGGER articles_month_update AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION articles_month_moved();
CREATE TRIGGER articles_month_delete AFTER DELETE ON articles
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION articles_month_removed();

-- A section's list filtered by language reads the language from the index too.
DROP INDEX articles_public_section;
CREATE INDEX articles_public_section ON articles (section_id, listed, published_at, id, language);
