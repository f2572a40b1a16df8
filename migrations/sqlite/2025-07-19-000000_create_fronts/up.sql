-- Fronts: the home page ("home") and each section's page (its slug), arranged by the
-- editors. A front is a list of slots in order, the lead first; a slot may hold its
-- story only until a time. Readers get the slots whose story is public and whose time
-- has not passed, then the newest stories.
CREATE TABLE fronts (
    name       TEXT PRIMARY KEY NOT NULL,
    -- Goes up by one with every arrangement saved (`If-Match: "v<version>"`).
    version    BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE TABLE front_slots (
    front        TEXT NOT NULL REFERENCES fronts (name) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    pinned_until TIMESTAMP,
    PRIMARY KEY (front, position),
    UNIQUE (front, article_id)
);
CREATE INDEX front_slots_article ON front_slots (article_id);
CREATE INDEX front_slots_until ON front_slots (pinned_until);
