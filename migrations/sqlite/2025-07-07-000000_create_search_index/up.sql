-- Full-text search. The server writes each article's analyzed terms (stems, stop words
-- removed; backend/src/search) in the same transaction as the article. The index's
-- storage differs by database (FTS5 here, tsvector on PostgreSQL); search_documents is
-- the same in both and says which analyzer version indexed each article.
CREATE TABLE search_documents (
    doc_id           INTEGER PRIMARY KEY NOT NULL,
    article_id       TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
    analyzer_version INTEGER NOT NULL
);

-- Contentless: only the terms' positions are kept; rowid = search_documents.doc_id.
CREATE VIRTUAL TABLE search_index USING fts5 (
    headline, standfirst, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
