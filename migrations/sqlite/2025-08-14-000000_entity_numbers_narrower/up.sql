-- On PostgreSQL an entity's number is made 32-bit, four bytes of every mention row. On
-- SQLite an integer takes the bytes its value needs, whatever the column's type:
-- nothing to change.
SELECT 1;
