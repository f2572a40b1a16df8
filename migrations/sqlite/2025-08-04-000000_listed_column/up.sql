-- Whether an article is listed — not deleted, published or scheduled: public once its
-- time has come — as a column of its own, first in the public indexes. With the two
-- statuses first, as before, the public lists read each status's articles apart and
-- sorted them all to give the newest (a section's first page of 15 read its 20,000
-- articles at 100,000); on `listed` and then the time, every list walks one index in
-- publication order and stops at its page. A virtual column: computed from the row,
-- kept in the indexes.
ALTER TABLE articles ADD COLUMN listed BOOLEAN NOT NULL
    GENERATED ALWAYS AS (deleted_at IS NULL AND status IN ('published', 'scheduled')) VIRTUAL;
DROP INDEX articles_public;
DROP INDEX articles_public_section;
DROP INDEX articles_public_by_id;
CREATE INDEX articles_public ON articles (listed, published_at, id, section_id, language);
CREATE INDEX articles_public_section ON articles (section_id, listed, published_at, id);
CREATE INDEX articles_public_by_id ON articles (id, listed, published_at, section_id, language);
