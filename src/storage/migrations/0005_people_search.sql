-- The re-contact bureau finds a case from whatever the caller gives: a name, a phone
-- number or an email address. Derived like the rest of `people` (recompute fills it).
ALTER TABLE people ADD COLUMN display_name TEXT;
ALTER TABLE people ADD COLUMN search_text TEXT;
