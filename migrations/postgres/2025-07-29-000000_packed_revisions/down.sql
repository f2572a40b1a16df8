-- Only plain JSON rows can go back: compressed ones need the server to read them.
ALTER TABLE revisions ALTER COLUMN state TYPE text USING convert_from(state, 'UTF8');
