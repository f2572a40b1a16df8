-- What articles mention, kept in its key's order (WITHOUT ROWID): the table is its
-- primary key's B-tree, not a rowid table beside a second B-tree of the same key. An
-- article names some twenty to fifty entities, so this was a fifth of the database.
CREATE TABLE article_entities_by_key (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    -- Times named in the article; 0 when an editor added it.
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
INSERT INTO article_entities_by_key (article_id, entity_id, mentions)
    SELECT article_id, entity_id, mentions FROM article_entities;
DROP TABLE article_entities;
ALTER TABLE article_entities_by_key RENAME TO article_entities;
CREATE INDEX article_entities_entity ON article_entities (entity_id);
