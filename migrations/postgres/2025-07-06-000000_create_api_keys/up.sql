-- Keys partners send as `X-API-Key` for a higher rate limit. Only a hash is kept;
-- the prefix lets an admin tell keys apart.
CREATE TABLE api_keys (
    id                  TEXT PRIMARY KEY NOT NULL,
    name                TEXT NOT NULL,
    key_hash            TEXT NOT NULL UNIQUE,
    prefix              TEXT NOT NULL,
    requests_per_window INTEGER NOT NULL,
    created_by          TEXT NOT NULL REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    revoked_at          TIMESTAMP
);
