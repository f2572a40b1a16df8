-- PostgreSQL's two largest tables, packed closer.
--
-- An article's mention rows are found by the article's number alone: every read and
-- every delete by article asks `article_seq = …` (the rows of an article are replaced
-- whole, `db::entities::replace_annotations`), and the other index, by entity, serves
-- the rest. The primary key (article_seq, entity_seq) held a 30-byte entry a row —
-- 1.5 GB at a million articles of some fifty mentions each; an index on the number
-- alone keeps each article's entries as one (a B-tree's deduplication: the key once,
-- then the rows' addresses): 338 MB. That an article names an entity once is kept by
-- the one place that writes them, as on SQLite, where the key is the table itself.
ALTER TABLE article_entities DROP CONSTRAINT article_entities_numbered_pkey;
CREATE INDEX article_entities_article ON article_entities (article_seq);

-- An article's row is compressed in place (lz4 where the server has it, from the
-- migration before) once it passes 2 KB, and is moved out to TOAST only past a page:
-- every text column `MAIN`. A row of ~3 KB, left whole up to 4 KB (the migration
-- before), put two rows on a page of 8 KB; compressed (~2.6 KB) it often puts three —
-- the articles 378 → 323 MB at 100,000. What it costs: a search page's statement of
-- 20 articles 0.92 × (`pgbench`), each body decompressed (~0.7 µs). Every text column,
-- since a row still past the target after its `EXTENDED` columns are compressed has
-- them moved out to TOAST before a `MAIN` one is compressed: a text column added to
-- `articles` later is made `MAIN` too (a test holds them so). Rows stored before keep
-- their form until rewritten (`VACUUM FULL articles`).
ALTER TABLE articles RESET (toast_tuple_target);
ALTER TABLE articles
    ALTER COLUMN id SET STORAGE MAIN,
    ALTER COLUMN slug SET STORAGE MAIN,
    ALTER COLUMN source_key SET STORAGE MAIN,
    ALTER COLUMN language SET STORAGE MAIN,
    ALTER COLUMN headline SET STORAGE MAIN,
    ALTER COLUMN standfirst SET STORAGE MAIN,
    ALTER COLUMN dateline_text SET STORAGE MAIN,
    ALTER COLUMN dateline_city SET STORAGE MAIN,
    ALTER COLUMN dateline_country SET STORAGE MAIN,
    ALTER COLUMN byline SET STORAGE MAIN,
    ALTER COLUMN section_id SET STORAGE MAIN,
    ALTER COLUMN body SET STORAGE MAIN,
    ALTER COLUMN status SET STORAGE MAIN,
    ALTER COLUMN created_by SET STORAGE MAIN,
    ALTER COLUMN featured_image_id SET STORAGE MAIN,
    ALTER COLUMN featured_image_alt SET STORAGE MAIN,
    ALTER COLUMN featured_image_caption SET STORAGE MAIN,
    ALTER COLUMN featured_image_credit SET STORAGE MAIN;
