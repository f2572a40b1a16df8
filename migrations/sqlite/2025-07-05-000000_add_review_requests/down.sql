ALTER TABLE articles DROP COLUMN review_requested_at;
