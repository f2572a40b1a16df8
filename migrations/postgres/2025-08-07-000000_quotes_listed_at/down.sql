DROP TRIGGER quotes_listed_insert ON quotes;
DROP TRIGGER articles_quotes_listed ON articles;
DROP FUNCTION quotes_listed_at();
DROP FUNCTION articles_quotes_listed();
DROP INDEX quotes_listed;
DROP INDEX quotes_speaker;
CREATE INDEX quotes_entity ON quotes (entity_id);
ALTER TABLE quotes DROP COLUMN listed_at;
