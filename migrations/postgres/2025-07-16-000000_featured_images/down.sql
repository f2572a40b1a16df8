ALTER TABLE articles DROP COLUMN featured_image_caption;
ALTER TABLE articles DROP COLUMN featured_image_alt;
ALTER TABLE articles DROP COLUMN featured_image_id;
