-- What readers get of an image: renditions made from its original by the background
-- worker (`media_jobs`, a queue like webhook deliveries: a job claimed with
-- `claimed_until`, so an instance that dies mid-way leaves it for another).
CREATE TABLE media_renditions (
    media_id     TEXT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    -- Its file name: `w640.webp`, `16x9-1024.jpg`.
    name         TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    bytes        BIGINT NOT NULL,
    -- SHA-256 of the file, hex: its ETag.
    content_hash TEXT NOT NULL,
    PRIMARY KEY (media_id, name)
);

CREATE TABLE media_jobs (
    media_id        TEXT PRIMARY KEY NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until   TIMESTAMP,
    last_error      TEXT,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX media_jobs_due ON media_jobs (next_attempt_at);
