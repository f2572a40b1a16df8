-- On PostgreSQL the mention rows lose their primary key for an index by article alone,
-- and the articles' text columns are compressed in their rows. On SQLite the mentions'
-- key is the table itself (`WITHOUT ROWID`), and rows are not compressed: nothing to
-- change.
SELECT 1;
