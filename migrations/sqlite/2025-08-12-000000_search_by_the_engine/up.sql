-- Search is the engine's alone (backend/src/search/engine.rs, made from the database
-- and kept current from the change log): the database's own full-text index goes —
-- on PostgreSQL a quarter of a million articles' storage.
--
-- What it also marked — which analyzer derived each article's entities, quotes and
-- subjects — is now one row for all articles: derived by `version`, or, while
-- `walking_to` is set, derived again by that version up to article number `through`
-- (`domain::entities::refresh_stale`, which resumes there after a stop).
CREATE TABLE derivations (
    id         INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version    INTEGER NOT NULL,
    walking_to INTEGER,
    through    BIGINT NOT NULL
);

-- The oldest analyzer any article was derived by; 0 when one never was.
INSERT INTO derivations (id, version, walking_to, through)
SELECT 1,
       CASE WHEN EXISTS (SELECT 1 FROM articles a
                         WHERE NOT EXISTS (SELECT 1 FROM search_documents d
                                           WHERE d.article_id = a.id))
            THEN 0
            ELSE COALESCE((SELECT MIN(analyzer_version) FROM search_documents), 0)
       END,
       NULL, 0;

DROP TABLE search_index;
DROP TABLE search_documents;
