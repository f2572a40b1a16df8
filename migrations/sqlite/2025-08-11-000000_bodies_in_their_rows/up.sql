-- PostgreSQL only (where its bodies are stored); SQLite keeps a row's text in its page
-- and overflow pages, uncompressed.
SELECT 1;
