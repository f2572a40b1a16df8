-- Most read: article views counted per hour (the hour's start, UTC). A view is a
-- reader's page view reported by the reader app's beacon; nothing about the reader is
-- kept, only the count. Instances add their counts to a row (insert or add).
CREATE TABLE article_views (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    hour        TIMESTAMP NOT NULL,
    views       INTEGER NOT NULL CHECK (views > 0),
    PRIMARY KEY (article_id, hour)
);
-- The ranking reads the hours of a window.
CREATE INDEX article_views_hour ON article_views (hour, article_id);
