DROP TRIGGER articles_month_insert;
DROP TRIGGER articles_month_update;
DROP TRIGGER articles_month_delete;
DROP TABLE listed_months;
DROP INDEX articles_public_section;
CREATE INDEX articles_public_section ON articles (section_id, listed, published_at, id);
