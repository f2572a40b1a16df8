-- Named entities (the gazetteer: content/gazetteer.json, plus what editors add), what
-- each article mentions, editors' corrections to that, the article's direct quotes,
-- and its IPTC Media Topics. All but `entities` are derived from the article when it
-- is written, in the same transaction.
CREATE TABLE entities (
    id         TEXT PRIMARY KEY NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'place', 'organisation')),
    wikidata   TEXT,
    -- A JSON array of the names the entity goes by in copy.
    aliases    TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('gazetteer', 'newsroom')),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    -- Times named in the article; 0 when an editor added it.
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id);

CREATE TABLE entity_overrides (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    -- true: about this entity though not recognised; false: recognised wrongly.
    included   BOOLEAN NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);

CREATE TABLE quotes (
    id         TEXT PRIMARY KEY NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    -- The body block the quote is in.
    block      INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('block', 'inline')),
    text       TEXT NOT NULL,
    -- The speaker as named in the copy, and the entity that name resolves to.
    speaker    TEXT,
    entity_id  TEXT REFERENCES entities (id) ON DELETE SET NULL
);
CREATE INDEX quotes_article ON quotes (article_id, position);
CREATE INDEX quotes_entity ON quotes (entity_id);

CREATE TABLE article_subjects (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    -- An IPTC Media Topic code, e.g. 11000000 (politics).
    code       TEXT NOT NULL,
    PRIMARY KEY (article_id, code)
);
