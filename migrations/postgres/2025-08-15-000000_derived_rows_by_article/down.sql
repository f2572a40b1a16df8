DROP INDEX entity_suggestions_article;
ALTER TABLE entity_suggestions ADD CONSTRAINT entity_suggestions_pkey PRIMARY KEY (article_id, name_key);
DROP INDEX article_subjects_article;
ALTER TABLE article_subjects ADD CONSTRAINT article_subjects_pkey PRIMARY KEY (article_id, code);
