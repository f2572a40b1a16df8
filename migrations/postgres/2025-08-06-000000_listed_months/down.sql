DROP TRIGGER articles_month_insert ON articles;
DROP TRIGGER articles_month_update ON articles;
DROP TRIGGER articles_month_delete ON articles;
DROP FUNCTION articles_month_added();
DROP FUNCTION articles_month_moved();
DROP FUNCTION articles_month_removed();
DROP TABLE listed_months;
DROP INDEX articles_public_section;
CREATE INDEX articles_public_section ON articles (section_id, listed, published_at, id);
