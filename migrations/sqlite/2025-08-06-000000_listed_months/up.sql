-- How many articles each section lists in each language and month (UTC, `YYYY-MM` of
-- the publication time), kept by triggers as the sections' own counts are. A list
-- filtered by language or dates is counted from the whole months it spans and counts
-- only the months it cuts (and the one under way); a deep page skips whole months by
-- their counts and walks only inside the month it starts in. An offset walked the
-- public index: page 33,333 of a million articles passed 500,000 entries (32 ms), and
-- `lang=en` over an archive in Indonesian walked all of it to count none (154 ms).
CREATE TABLE listed_months (
    section_id      TEXT NOT NULL REFERENCES sections (id),
    language        TEXT NOT NULL,
    month           TEXT NOT NULL,
    listed_articles BIGINT NOT NULL,
    PRIMARY KEY (section_id, language, month)
) WITHOUT ROWID;

INSERT INTO listed_months (section_id, language, month, listed_articles)
    SELECT section_id, language, substr(published_at, 1, 7), count(*) FROM articles
    WHERE deleted_at IS NULL AND status IN ('published', 'scheduled') AND published_at IS NOT NULL
    GROUP BY section_id, language, substr(published_at, 1, 7);

CREATE TRIGGER articles_month_insert AFTER INSERT ON articles
WHEN NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL
BEGIN
    INSERT INTO listed_months (section_id, language, month, listed_articles)
        VALUES (NEW.section_id, NEW.language, substr(NEW.published_at, 1, 7), 1)
        ON CONFLICT (section_id, language, month) DO UPDATE SET listed_articles = listed_articles + 1;
END;
CREATE TRIGGER articles_month_update AFTER UPDATE OF status, deleted_at, published_at, section_id, language ON articles
WHEN (OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL) IS NOT (NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL)
    OR OLD.section_id IS NOT NEW.section_id OR OLD.language IS NOT NEW.language
    OR substr(OLD.published_at, 1, 7) IS NOT substr(NEW.published_at, 1, 7)
BEGIN
    UPDATE listed_months SET listed_articles = listed_articles - 1
        WHERE section_id = OLD.section_id AND language = OLD.language AND month = substr(OLD.published_at, 1, 7)
        AND OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL;
    INSERT INTO listed_months (section_id, language, month, listed_articles)
        SELECT NEW.section_id, NEW.language, substr(NEW.published_at, 1, 7), 1
        WHERE NEW.deleted_at IS NULL AND NEW.status IN ('published', 'scheduled') AND NEW.published_at IS NOT NULL
        ON CONFLICT (section_id, language, month) DO UPDATE SET listed_articles = listed_articles + 1;
END;
CREATE TRIGGER articles_month_delete AFTER DELETE ON articles
WHEN OLD.deleted_at IS NULL AND OLD.status IN ('published', 'scheduled') AND OLD.published_at IS NOT NULL
BEGIN
    UPDATE listed_months SET listed_articles = listed_articles - 1
        WHERE section_id = OLD.section_id AND language = OLD.language AND month = substr(OLD.published_at, 1, 7);
END;

-- A section's list filtered by language reads the language from the index too.
DROP INDEX articles_public_section;
CREATE INDEX articles_public_section ON articles (section_id, listed, published_at, id, language);
