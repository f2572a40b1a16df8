-- Whether an article is listed — not deleted, published or scheduled: public once its
-- time has come — as a column of its own, first in the public indexes. With the two
-- statuses first, as before, the public lists read each status's articles apart and
-- merged or sorted them to give the newest; on `listed` and then the time, every list
-- walks one index in publication order and stops at its page. Stored (PostgreSQL
-- generates no virtual columns): the table is written again once.
ALTER TABLE articles ADD COLUMN listed BOOLEAN NOT NULL
    GENERATED ALWAYS AS (deleted_at IS NULL AND status IN ('published', 'scheduled')) STORED;
DROP INDEX articles_public;
DROP INDEX articles_public_section;
DROP INDEX articles_public_by_id;
CREATE INDEX articles_public ON articles (listed, published_at, id, section_id, language);
CREATE INDEX articles_public_section ON articles (section_id, listed, published_at, id);
CREATE INDEX articles_public_by_id ON articles (id, listed, published_at, section_id, language);
