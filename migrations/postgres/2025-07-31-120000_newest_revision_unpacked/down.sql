-- Back to a state in every revision. A newest revision without one cannot be filled
-- in SQL (the article is packed by the application): this fails while one exists,
-- rather than lose it.
ALTER TABLE revisions ALTER COLUMN state SET NOT NULL;
