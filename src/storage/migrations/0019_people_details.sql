-- Search results tell people of one name apart by date of birth and postcode (issue 13).
-- Derived from person.added like the rest of people: `citizenfocus recompute` fills them for
-- cases stored before this migration.
ALTER TABLE people ADD COLUMN date_of_birth TEXT;
ALTER TABLE people ADD COLUMN postcode TEXT;
