-- When an author submitted a draft for review; cleared when it is published.
ALTER TABLE articles ADD COLUMN review_requested_at TIMESTAMP;
