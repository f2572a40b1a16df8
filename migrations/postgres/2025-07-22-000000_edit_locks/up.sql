-- Soft edit locks: who has an article open in the editor, renewed by the editor's
-- heartbeat and gone when it stops (or on closing). Others are told and may take over;
-- the If-Match check on saving stays the last line of defence.
CREATE TABLE edit_locks (
    article_id  TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    acquired_at TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
