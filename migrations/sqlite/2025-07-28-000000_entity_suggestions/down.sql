DROP TABLE rejected_names;
DROP TABLE entity_suggestions;
