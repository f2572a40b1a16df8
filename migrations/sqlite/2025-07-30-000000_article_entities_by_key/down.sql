CREATE TABLE article_entities_by_rowid (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
INSERT INTO article_entities_by_rowid (article_id, entity_id, mentions)
    SELECT article_id, entity_id, mentions FROM article_entities;
DROP TABLE article_entities;
ALTER TABLE article_entities_by_rowid RENAME TO article_entities;
CREATE INDEX article_entities_entity ON article_entities (entity_id);
