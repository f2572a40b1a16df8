-- An entity's count of listed articles no longer moves by a trigger on every mention
-- row: the one place that writes mention rows (`db::entities::replace_annotations`)
-- moves each entity's count once per batch. The trigger ran a program per row, four
-- times the rows' own time in an import (50 rows an article). The articles' triggers
-- (listed or no longer, deleted) still move the counts of what an article mentions.
DROP TRIGGER article_entities_listed_insert;
DROP TRIGGER article_entities_listed_delete;
DROP TRIGGER article_entities_listed_update;
