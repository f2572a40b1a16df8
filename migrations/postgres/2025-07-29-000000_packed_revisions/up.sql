-- A revision's state is kept compressed (zstd; the whole article as JSON was a third
-- of the database). Rows written before stay plain JSON, which readers also take.
ALTER TABLE revisions ALTER COLUMN state TYPE bytea USING convert_to(state, 'UTF8');
