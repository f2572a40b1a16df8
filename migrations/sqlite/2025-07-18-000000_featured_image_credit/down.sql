ALTER TABLE articles DROP COLUMN featured_image_credit;
