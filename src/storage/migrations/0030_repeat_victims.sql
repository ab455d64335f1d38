-- Repeat victims (issue 17). The suggested matches, as the latest refresh found them
-- (replaced whole by each), with when that was:
CREATE TABLE repeat_victim_matches (
  crime_a TEXT NOT NULL,
  person_a TEXT NOT NULL,
  crime_b TEXT NOT NULL,
  person_b TEXT NOT NULL,
  score REAL NOT NULL,
  evidence TEXT NOT NULL,
  PRIMARY KEY (crime_a, person_a, crime_b, person_b)
);
CREATE INDEX repeat_victim_matches_by_b ON repeat_victim_matches (crime_b, person_b);
CREATE TABLE repeat_victim_refreshes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  found_at TEXT NOT NULL
);

-- A supervisor's decision on a suggested repeat victim match (issue 17): the two victims, on
-- two crimes, are (same_person 1) or are not (0) one person. Nothing is merged; a confirmed
-- match also flags both people repeat_victim in their cases' event logs.
CREATE TABLE repeat_victim_decisions (
  crime_a TEXT NOT NULL,
  person_a TEXT NOT NULL,
  crime_b TEXT NOT NULL,
  person_b TEXT NOT NULL,
  same_person INTEGER NOT NULL CHECK (same_person IN (0, 1)),
  score REAL NOT NULL,
  evidence TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (crime_a, person_a, crime_b, person_b)
);
CREATE INDEX repeat_victim_decisions_by_b ON repeat_victim_decisions (crime_b, person_b);
