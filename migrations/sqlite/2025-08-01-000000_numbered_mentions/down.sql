-- Back to `article_entities` by the UUIDs of article and entity (see up.sql).
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE articles_by_id (
    id                     TEXT PRIMARY KEY NOT NULL,
    slug                   TEXT NOT NULL UNIQUE,
    source_key             TEXT UNIQUE,
    language               TEXT NOT NULL,
    headline               TEXT NOT NULL,
    headline_derived       BOOLEAN NOT NULL,
    standfirst             TEXT,
    dateline_text          TEXT,
    dateline_city          TEXT,
    dateline_country       TEXT,
    byline                 TEXT,
    section_id             TEXT NOT NULL REFERENCES sections (id),
    body                   TEXT NOT NULL,
    word_count             INTEGER NOT NULL,
    reading_time_minutes   INTEGER NOT NULL,
    status                 TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished')),
    first_published_at     TIMESTAMP,
    published_at           TIMESTAMP,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL,
    version                BIGINT NOT NULL,
    created_by             TEXT REFERENCES users (id),
    deleted_at             TIMESTAMP,
    review_requested_at    TIMESTAMP,
    featured_image_id      TEXT REFERENCES media (id) ON DELETE SET NULL,
    featured_image_alt     TEXT,
    featured_image_caption TEXT,
    featured_image_credit  TEXT,
    urgency                INTEGER NOT NULL DEFAULT 5,
    breaking_until         TIMESTAMP
);
INSERT INTO articles_by_id (id, slug, source_key, language, headline,
        headline_derived, standfirst, dateline_text, dateline_city, dateline_country, byline,
        section_id, body, word_count, reading_time_minutes, status, first_published_at,
        published_at, created_at, updated_at, version, created_by, deleted_at,
        review_requested_at, featured_image_id, featured_image_alt, featured_image_caption,
        featured_image_credit, urgency, breaking_until)
    SELECT id, slug, source_key, language, headline,
        headline_derived, standfirst, dateline_text, dateline_city, dateline_country, byline,
        section_id, body, word_count, reading_time_minutes, status, first_published_at,
        published_at, created_at, updated_at, version, created_by, deleted_at,
        review_requested_at, featured_image_id, featured_image_alt, featured_image_caption,
        featured_image_credit, urgency, breaking_until
    FROM articles ORDER BY seq;

CREATE TABLE entities_by_id (
    id         TEXT PRIMARY KEY NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'place', 'organisation')),
    wikidata   TEXT,
    -- A JSON array of the names the entity goes by in copy.
    aliases    TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('gazetteer', 'newsroom')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00'
);
INSERT INTO entities_by_id (id, slug, name, kind, wikidata, aliases, origin, created_at,
        updated_at)
    SELECT id, slug, name, kind, wikidata, aliases, origin, created_at, updated_at
    FROM entities ORDER BY seq;

CREATE TABLE article_entities_by_id (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    -- Times named in the article; 0 when an editor added it.
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
INSERT INTO article_entities_by_id (article_id, entity_id, mentions)
    SELECT a.id, e.id, ae.mentions
    FROM article_entities ae
    JOIN articles a ON a.seq = ae.article_seq
    JOIN entities e ON e.seq = ae.entity_seq;

DROP TABLE article_entities;
DROP TABLE articles;
DROP TABLE entities;
ALTER TABLE articles_by_id RENAME TO articles;
ALTER TABLE entities_by_id RENAME TO entities;
ALTER TABLE article_entities_by_id RENAME TO article_entities;

CREATE INDEX articles_status_published_at ON articles (status, published_at, id);
CREATE INDEX articles_section ON articles (section_id, status, published_at);
CREATE INDEX articles_public_section ON articles (section_id, status, published_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX articles_public ON articles (status, published_at, id, section_id, language)
    WHERE deleted_at IS NULL;
CREATE INDEX articles_public_by_id ON articles (id, status, published_at, section_id, language)
    WHERE deleted_at IS NULL;
CREATE INDEX articles_breaking ON articles (breaking_until);
CREATE INDEX entities_updated ON entities (updated_at, id);
CREATE INDEX article_entities_entity ON article_entities (entity_id);

COMMIT;
PRAGMA foreign_keys = ON;
