-- An article's HTML and plain text are made from its blocks when it is read
-- (`shared::render`), no longer stored: the two copies were two thirds of the table.
ALTER TABLE articles DROP COLUMN body_html;
ALTER TABLE articles DROP COLUMN body_text;
