-- The image library: one row per distinct image (the same bytes uploaded twice are
-- one image: `content_hash` is unique). The original file is kept privately in the
-- media store under its hash, never served as uploaded; what readers get are
-- renditions made from it without its metadata.
CREATE TABLE media (
    id               TEXT PRIMARY KEY NOT NULL,
    -- SHA-256 of the uploaded bytes, hex.
    content_hash     TEXT NOT NULL UNIQUE,
    -- The type the bytes are (read from them): image/jpeg, image/png, image/webp, image/gif.
    media_type       TEXT NOT NULL,
    -- As shown: after the EXIF orientation is applied.
    width            INTEGER NOT NULL,
    height           INTEGER NOT NULL,
    bytes            BIGINT NOT NULL,
    alt              TEXT,
    caption          TEXT,
    credit           TEXT,
    copyright_holder TEXT,
    usage_terms      TEXT,
    -- The focal point crops are centred on, each in 0..1 from the top left.
    focal_x          DOUBLE PRECISION NOT NULL,
    focal_y          DOUBLE PRECISION NOT NULL,
    uploaded_by      TEXT REFERENCES users (id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX media_newest ON media (created_at, id);
