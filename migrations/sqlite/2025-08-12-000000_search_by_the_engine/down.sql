-- The database's full-text index back, empty: the server of that version indexes every
-- article without a row in `search_documents` at its start (`refresh_stale`).
CREATE TABLE search_documents (
    doc_id           INTEGER PRIMARY KEY NOT NULL,
    article_id       TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
    analyzer_version INTEGER NOT NULL
);

CREATE VIRTUAL TABLE search_index USING fts5 (
    headline, standfirst, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

DROP TABLE derivations;
