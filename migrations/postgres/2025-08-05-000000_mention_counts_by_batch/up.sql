-- An entity's count of listed articles no longer moves by a trigger on mention rows:
-- the one place that writes them (`db::entities::replace_annotations`) moves each
-- entity's count once per batch, as on SQLite. The articles' triggers (listed or no
-- longer, deleted) still move the counts of what an article mentions.
DROP TRIGGER article_entities_listed_insert ON article_entities;
DROP TRIGGER article_entities_listed_delete ON article_entities;
DROP TRIGGER article_entities_listed_update ON article_entities;
DROP FUNCTION article_entities_listed_added();
DROP FUNCTION article_entities_listed_removed();
DROP FUNCTION article_entities_listed_changed();
