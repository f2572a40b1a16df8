DROP TABLE article_tags;
DROP TABLE article_authors;
DROP TABLE articles;
DROP TABLE authors;
DROP TABLE tags;
DROP TABLE sections;
