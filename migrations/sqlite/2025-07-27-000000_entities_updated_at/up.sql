-- When each entity last changed. The gazetteer a server keeps in memory (thousands of
-- names, made into one matcher) is made again only when the count of entities or the
-- newest change moves, not for every article written.
ALTER TABLE entities ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE entities SET updated_at = created_at;
CREATE INDEX entities_updated ON entities (updated_at, id);
