DROP TABLE article_subjects;
DROP TABLE quotes;
DROP TABLE entity_overrides;
DROP TABLE article_entities;
DROP TABLE entities;
