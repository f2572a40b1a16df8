-- When each entity last changed. The gazetteer a server keeps in memory (thousands of
-- names, made into one matcher) is made again only when the count of entities or the
-- newest change moves, not for every article written.
ALTER TABLE entities ADD COLUMN updated_at TIMESTAMP;
UPDATE entities SET updated_at = created_at;
ALTER TABLE entities ALTER COLUMN updated_at SET NOT NULL;
CREATE INDEX entities_updated ON entities (updated_at, id);
