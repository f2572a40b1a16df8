-- Which images each article shows (its featured image and those in its body), kept by
-- every write: what an image's deletion would break, and which public articles change
-- when an image does.
CREATE TABLE article_media (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    media_id   TEXT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, media_id)
);
CREATE INDEX article_media_media ON article_media (media_id);
INSERT INTO article_media (article_id, media_id)
    SELECT id, featured_image_id FROM articles WHERE featured_image_id IS NOT NULL;
