-- Quality call-backs (issue 16): each supervisor's list of victims to phone in a week, drawn
-- from the unit's recent cases, and how each call went. An answered call's answers are a
-- survey response (source call_back), linked here by its id.
CREATE TABLE quality_call_lists (
  id INTEGER PRIMARY KEY,
  supervisor TEXT NOT NULL,      -- staff id: the list is theirs to call
  unit TEXT NOT NULL,
  week TEXT NOT NULL,            -- the Monday the week begins (YYYY-MM-DD)
  seed INTEGER NOT NULL,         -- drawn again with it from the same cases, the same people
  size INTEGER NOT NULL,         -- asked for; a list may hold fewer
  drawn_at TEXT NOT NULL,
  UNIQUE (supervisor, week)
);
CREATE TABLE quality_calls (
  list_id INTEGER NOT NULL REFERENCES quality_call_lists (id),
  position INTEGER NOT NULL,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  status TEXT NOT NULL,          -- to_call, answered, no_answer, declined
  attempts INTEGER NOT NULL,
  last_at TEXT NOT NULL,         -- the latest attempt (RFC 3339 UTC), '' before the first
  response_id TEXT NOT NULL,     -- an answered call's survey response, '' otherwise
  PRIMARY KEY (list_id, position)
);
-- Nobody is put on a list twice: drawing asks whether a person was ever listed.
CREATE INDEX quality_calls_by_person ON quality_calls (crime, person);
