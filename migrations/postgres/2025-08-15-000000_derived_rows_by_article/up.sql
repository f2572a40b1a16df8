-- An article's subjects and suggested names are found by the article alone, as its
-- mentions are (migration `rows_packed_closer`): every read and every delete asks
-- `article_id = …` (they are derived from the article and replaced whole,
-- `db::entities::replace_annotations`). Their primary keys held the article's id with
-- the code or name again in every entry; an index on the id alone keeps an article's
-- entries as one (a B-tree's deduplication): at a million articles 128 → 70 MiB and
-- 189 → 62 MiB. That an article has a subject or a name once is kept by the one place
-- that derives them (a set of codes; names by key, the one named more), as on SQLite's
-- side its key still holds.
ALTER TABLE article_subjects DROP CONSTRAINT article_subjects_pkey;
CREATE INDEX article_subjects_article ON article_subjects (article_id);
ALTER TABLE entity_suggestions DROP CONSTRAINT entity_suggestions_pkey;
CREATE INDEX entity_suggestions_article ON entity_suggestions (article_id);
