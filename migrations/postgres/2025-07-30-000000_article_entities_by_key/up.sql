-- SQLite keeps article_entities in its key's order (WITHOUT ROWID); PostgreSQL's
-- table and primary key index stay as they are.
SELECT 1;
