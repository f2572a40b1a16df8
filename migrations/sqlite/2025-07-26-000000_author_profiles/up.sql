-- Author profiles: what the author page, the byline and JSON-LD say of the people
-- (and desks) behind a byline besides the name and bio: a job title ("Koresponden
-- Seoul"), a photo from the image library, links to their profiles elsewhere (JSON:
-- [{"kind": "x", "url": "https://…"}]) and the language they write in.
ALTER TABLE authors ADD COLUMN job_title TEXT;
ALTER TABLE authors ADD COLUMN photo_id TEXT REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE authors ADD COLUMN links TEXT NOT NULL DEFAULT '[]';
ALTER TABLE authors ADD COLUMN language TEXT;
