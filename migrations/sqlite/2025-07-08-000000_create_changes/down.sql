DROP TABLE pending_publications;
DROP TABLE changes;
