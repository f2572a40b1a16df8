-- Partners' webhook endpoints and the deliveries queued for them. The worker fans the
-- change log out into deliveries (one per endpoint and change: the unique key makes
-- a second instance's fan-out a no-op) and sends due ones; a claim keeps two
-- instances from sending the same delivery at once.
CREATE TABLE webhooks (
    id                   TEXT PRIMARY KEY NOT NULL,
    url                  TEXT NOT NULL,
    -- The signing secret (`whsec_…`); needed to sign, so kept as is.
    secret               TEXT NOT NULL,
    -- A JSON array of event types.
    events               TEXT NOT NULL,
    owner_user_id        TEXT REFERENCES users (id),
    owner_api_key_id     TEXT REFERENCES api_keys (id),
    active               BOOLEAN NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    disabled_at          TIMESTAMP,
    -- The last change-log entry fanned out to this endpoint.
    cursor               BIGINT NOT NULL,
    created_at           TIMESTAMP NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY NOT NULL,
    webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    change_seq      BIGINT NOT NULL,
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until   TIMESTAMP,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TIMESTAMP NOT NULL,
    delivered_at    TIMESTAMP,
    UNIQUE (webhook_id, change_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
