-- An article's featured image: an image of the library, with the article's own alt
-- text and caption when they differ from the image's. Deleting the image takes it off
-- drafts (a published article's image cannot be deleted: the API refuses).
ALTER TABLE articles ADD COLUMN featured_image_id TEXT REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN featured_image_alt TEXT;
ALTER TABLE articles ADD COLUMN featured_image_caption TEXT;
