-- Related stories read the newest links of each of an article's entities, tags and
-- subjects: by the articles' numbers, or their ids (UUIDv7, so the order they were
-- written in). Subjects had no index of their own.
DROP INDEX article_entities_entity;
CREATE INDEX article_entities_entity ON article_entities (entity_seq, article_seq);
DROP INDEX article_tags_tag;
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);
CREATE INDEX article_subjects_code ON article_subjects (code, article_id);
