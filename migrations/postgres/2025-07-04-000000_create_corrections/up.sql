-- Public corrections attached to published articles by editors.
CREATE TABLE corrections (
    id           TEXT PRIMARY KEY NOT NULL,
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    user_id      TEXT REFERENCES users (id),
    published_at TIMESTAMP NOT NULL
);
CREATE INDEX corrections_article ON corrections (article_id, published_at);
CREATE INDEX corrections_published_at ON corrections (published_at, id);
