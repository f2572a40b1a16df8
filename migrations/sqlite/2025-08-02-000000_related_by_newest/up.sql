-- Related stories read the newest links of each of an article's tags and subjects:
-- a tag's links in the order of the articles' ids (UUIDv7, so the order they were
-- written in), and a subject's, which had no index of their own. (A WITHOUT ROWID
-- table's index holds its key, so `article_entities_entity` is (entity_seq,
-- article_seq) already.)
DROP INDEX article_tags_tag;
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);
CREATE INDEX article_subjects_code ON article_subjects (code, article_id);
