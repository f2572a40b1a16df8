DROP TRIGGER articles_entity_sections ON articles;
DROP TRIGGER articles_entity_sections_delete ON articles;
DROP FUNCTION articles_entity_sections();
DROP FUNCTION articles_entity_sections_deleted();
DROP TABLE entity_sections;
