-- On PostgreSQL an article's subjects and suggested names lose their primary keys for
-- an index by article alone, which a B-tree deduplicates. SQLite's B-tree does not:
-- nothing to change.
SELECT 1;
