DROP INDEX article_subjects_code;
DROP INDEX article_tags_tag;
CREATE INDEX article_tags_tag ON article_tags (tag_id);
DROP INDEX article_entities_entity;
CREATE INDEX article_entities_entity ON article_entities (entity_seq);
