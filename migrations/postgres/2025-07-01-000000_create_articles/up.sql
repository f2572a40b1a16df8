-- Sections, tags, authors and articles. Ids are UUID text; times are UTC.
CREATE TABLE sections (
    id          TEXT PRIMARY KEY NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE tags (
    id         TEXT PRIMARY KEY NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE authors (
    id         TEXT PRIMARY KEY NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('desk', 'person')),
    bio        TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE articles (
    id                   TEXT PRIMARY KEY NOT NULL,
    slug                 TEXT NOT NULL UNIQUE,
    source_key           TEXT UNIQUE,
    language             TEXT NOT NULL,
    headline             TEXT NOT NULL,
    headline_derived     BOOLEAN NOT NULL,
    standfirst           TEXT,
    dateline_text        TEXT,
    dateline_city        TEXT,
    dateline_country     TEXT,
    byline               TEXT,
    section_id           TEXT NOT NULL REFERENCES sections (id),
    body                 TEXT NOT NULL,
    body_html            TEXT NOT NULL,
    body_text            TEXT NOT NULL,
    word_count           INTEGER NOT NULL,
    reading_time_minutes INTEGER NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished')),
    first_published_at   TIMESTAMP,
    published_at         TIMESTAMP,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    version              BIGINT NOT NULL
);

-- The public list: published articles by publication time, newest first, keyset on (published_at, id).
CREATE INDEX articles_status_published_at ON articles (status, published_at, id);
CREATE INDEX articles_section ON articles (section_id, status, published_at);

CREATE TABLE article_authors (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES authors (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_author ON article_authors (author_id);

CREATE TABLE article_tags (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     TEXT NOT NULL REFERENCES tags (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags (tag_id);
