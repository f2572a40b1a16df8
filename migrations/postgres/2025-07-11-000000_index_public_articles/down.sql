DROP INDEX articles_public_section;
DROP INDEX articles_public;
