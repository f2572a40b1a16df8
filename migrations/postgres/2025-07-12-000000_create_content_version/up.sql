-- One row counting committed write transactions: every `db::write_transaction` adds one
-- before it commits. A server keeps public answers in memory while this number (and
-- the next scheduled publication time) is what it was when they were made, so a write
-- by any process or instance on this database retires them.
CREATE TABLE content_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    counter BIGINT NOT NULL
);
INSERT INTO content_version (id, counter) VALUES (1, 0);
