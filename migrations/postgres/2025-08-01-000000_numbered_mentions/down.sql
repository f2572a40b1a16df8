-- Back to `article_entities` by the UUIDs of article and entity (see up.sql).
CREATE TABLE article_entities_by_id (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
INSERT INTO article_entities_by_id (article_id, entity_id, mentions)
    SELECT a.id, e.id, ae.mentions
    FROM article_entities ae
    JOIN articles a ON a.seq = ae.article_seq
    JOIN entities e ON e.seq = ae.entity_seq;
DROP TABLE article_entities;
ALTER TABLE article_entities_by_id RENAME TO article_entities;
CREATE INDEX article_entities_entity ON article_entities (entity_id);
ALTER TABLE articles DROP COLUMN seq;
ALTER TABLE entities DROP COLUMN seq;
