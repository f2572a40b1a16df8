-- PostgreSQL only (its trigger functions' plans); SQLite keeps its per-row triggers.
SELECT 1;
