-- Draft preview links: an unguessable, expiring, revocable address that shows an
-- article as readers would see it to someone without an account. Only the token's
-- SHA-256 is kept; the token is shown once, when the link is made.
CREATE TABLE preview_links (
    id          TEXT PRIMARY KEY NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    revoked_at  TIMESTAMP
);
CREATE INDEX preview_links_article ON preview_links (article_id, created_at);
