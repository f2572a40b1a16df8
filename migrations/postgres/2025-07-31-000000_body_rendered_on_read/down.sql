-- The columns come back empty: SQL cannot render the blocks. An article's HTML and
-- text are filled again when it is next written.
ALTER TABLE articles ADD COLUMN body_html TEXT NOT NULL DEFAULT '',
    ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
