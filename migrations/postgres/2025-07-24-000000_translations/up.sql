-- Translations: the same story in other languages, linked as one group (Superdesk's
-- `translations`). An article alone has no row; `source_id` is the article it was
-- translated from (`translated_from`).
CREATE TABLE translations (
    article_id  TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    group_id    TEXT NOT NULL,
    source_id   TEXT REFERENCES articles (id) ON DELETE SET NULL
);
CREATE INDEX translations_group ON translations (group_id);
