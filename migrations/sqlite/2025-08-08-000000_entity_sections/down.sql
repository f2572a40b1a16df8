DROP TRIGGER articles_entity_sections;
DROP TRIGGER articles_entity_sections_delete;
DROP TABLE entity_sections;
