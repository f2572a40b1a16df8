-- The article's own credit for its featured image, as image blocks have.
ALTER TABLE articles ADD COLUMN featured_image_credit TEXT;
