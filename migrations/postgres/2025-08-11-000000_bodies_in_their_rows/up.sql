-- An article's body (its blocks as JSON, ~3 KB for 400 words) stays in the article's
-- row up to about 4 KB, and a larger one is compressed there, with lz4 where the
-- server has it. Before, every body past 2 KB was compressed with pglz and moved
-- out to the TOAST table: a search page read its 20 bodies through the TOAST index and
-- decompressed each (a fifth of PostgreSQL's work for a search at a million articles,
-- by profile), and the chunks took a little more room than the bodies kept in their
-- rows (the articles 3,699 MB at a million, 3,534 MB so).
-- Rows stored before keep their form until rewritten (`VACUUM FULL articles`).
ALTER TABLE articles SET (toast_tuple_target = 4080);
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE 'ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4';
    END IF;
EXCEPTION WHEN feature_not_supported THEN
    NULL; -- a server built without lz4 keeps pglz
END $$;
