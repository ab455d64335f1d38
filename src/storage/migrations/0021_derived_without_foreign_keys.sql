-- The derived tables (cases, people, obligations) without foreign keys (issue 14). Only
-- ReplaceCase and AddCase write them, a case whole at a time, and recompute rebuilds them from
-- the log; the keys checked a parent on every row written and made emptying the tables visit
-- every row (SQLite's truncation is off for a table with foreign keys), which was a sixth of
-- a recompute. The rows and indexes are otherwise as they were; tests/crash_test.cpp checks
-- that no row lacks its case.
CREATE TABLE cases_0021 (
  crime TEXT PRIMARY KEY,
  crime_type TEXT NOT NULL,
  unit TEXT NOT NULL,
  officer TEXT NOT NULL,
  recorded_on TEXT NOT NULL,
  last_event_on TEXT NOT NULL,
  computed_as_of TEXT NOT NULL,
  rule_sets TEXT NOT NULL,
  closed INTEGER NOT NULL,
  error TEXT,
  stale_after TEXT
);
INSERT INTO cases_0021 (crime, crime_type, unit, officer, recorded_on, last_event_on,
                        computed_as_of, rule_sets, closed, error, stale_after)
SELECT crime, crime_type, unit, officer, recorded_on, last_event_on, computed_as_of, rule_sets,
       closed, error, stale_after
FROM cases ORDER BY rowid;

CREATE TABLE people_0021 (
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  role TEXT NOT NULL,
  represents TEXT,
  display_name TEXT,
  search_text TEXT,
  date_of_birth TEXT,
  postcode TEXT,
  PRIMARY KEY (crime, person)
);
INSERT INTO people_0021 (crime, person, role, represents, display_name, search_text,
                         date_of_birth, postcode)
SELECT crime, person, role, represents, display_name, search_text, date_of_birth, postcode
FROM people ORDER BY rowid;

CREATE TABLE obligations_0021 (
  crime TEXT NOT NULL,
  n INTEGER NOT NULL,
  person TEXT NOT NULL,
  duty TEXT NOT NULL,
  instance INTEGER NOT NULL,
  rule_set TEXT NOT NULL,
  trigger_event TEXT,
  trigger_date TEXT NOT NULL,
  deadline TEXT NOT NULL,
  enhanced INTEGER NOT NULL,
  met_at TEXT,
  met_by TEXT,
  not_required TEXT,
  remind_on TEXT,
  settled INTEGER NOT NULL,
  officer TEXT NOT NULL,
  unit TEXT NOT NULL,
  crime_type TEXT NOT NULL,
  not_required_on TEXT,
  case_closed INTEGER NOT NULL DEFAULT 0,
  queue_line INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (crime, n)
);
INSERT INTO obligations_0021 (crime, n, person, duty, instance, rule_set, trigger_event,
                              trigger_date, deadline, enhanced, met_at, met_by, not_required,
                              remind_on, settled, officer, unit, crime_type, not_required_on,
                              case_closed, queue_line)
SELECT crime, n, person, duty, instance, rule_set, trigger_event, trigger_date, deadline,
       enhanced, met_at, met_by, not_required, remind_on, settled, officer, unit, crime_type,
       not_required_on, case_closed, queue_line
FROM obligations ORDER BY rowid;

-- Children first, so that dropping cases finds no key pointing at it.
DROP TABLE obligations;
DROP TABLE people;
DROP TABLE cases;
ALTER TABLE cases_0021 RENAME TO cases;
ALTER TABLE people_0021 RENAME TO people;
ALTER TABLE obligations_0021 RENAME TO obligations;

CREATE INDEX cases_by_officer ON cases (officer, last_event_on);
CREATE INDEX cases_by_unit ON cases (unit, last_event_on);
CREATE INDEX cases_stale ON cases (stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX cases_stale_by_officer ON cases (officer, stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX cases_stale_by_unit ON cases (unit, stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX obligations_by_deadline ON obligations (deadline);
CREATE INDEX obligations_missed_by_unit ON obligations (unit, deadline)
  WHERE settled = 0 AND case_closed = 1;
CREATE INDEX obligations_open_by_duty ON obligations (duty, deadline) WHERE settled = 0;
CREATE INDEX obligations_open_by_officer ON obligations (officer, deadline, trigger_date, queue_line)
  WHERE settled = 0 AND case_closed = 0;
CREATE INDEX obligations_open_by_unit ON obligations (unit, deadline, trigger_date, queue_line)
  WHERE settled = 0 AND case_closed = 0;
