-- Names recognition found in an article that no entity has, for the newsroom to accept
-- as an entity, merge into one or reject. Derived on every write, like
-- article_entities; never public. `name_key` is the name in lowercase with single
-- spaces: what decisions are remembered by.
CREATE TABLE entity_suggestions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name_key   TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'place', 'organisation')),
    found_by   TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, name_key)
);
CREATE INDEX entity_suggestions_by_name ON entity_suggestions (name_key);

-- Names editors rejected: never suggested again, in any article.
CREATE TABLE rejected_names (
    name_key    TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    rejected_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    rejected_at TIMESTAMP NOT NULL
);
