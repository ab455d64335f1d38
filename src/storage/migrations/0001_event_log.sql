-- The append-only event log is the source of truth; cases, people and obligations are
-- derived from it and can be rebuilt at any time (citizenfocus recompute).
-- Portable SQL: TEXT ISO dates, INTEGER booleans, partial indexes (SQLite and PostgreSQL).
-- PostgreSQL twin note: events.seq becomes BIGINT GENERATED ALWAYS AS IDENTITY.
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  lines INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  crime TEXT NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports (id)
);
CREATE INDEX events_by_crime ON events (crime, seq);

CREATE TABLE cases (
  crime TEXT PRIMARY KEY,
  crime_type TEXT NOT NULL,
  unit TEXT NOT NULL,
  officer TEXT NOT NULL,
  recorded_on TEXT NOT NULL,
  last_event_on TEXT NOT NULL,
  computed_as_of TEXT NOT NULL,
  rule_sets TEXT NOT NULL,
  closed INTEGER NOT NULL,
  error TEXT
);
CREATE INDEX cases_by_officer ON cases (officer, last_event_on);
CREATE INDEX cases_by_unit ON cases (unit, last_event_on);

CREATE TABLE people (
  crime TEXT NOT NULL REFERENCES cases (crime) ON DELETE CASCADE,
  person TEXT NOT NULL,
  role TEXT NOT NULL,
  represents TEXT,
  PRIMARY KEY (crime, person)
);

CREATE TABLE obligations (
  crime TEXT NOT NULL REFERENCES cases (crime) ON DELETE CASCADE,
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
  PRIMARY KEY (crime, n)
);
CREATE INDEX obligations_open_by_officer ON obligations (officer, deadline) WHERE settled = 0;
CREATE INDEX obligations_open_by_unit ON obligations (unit, deadline) WHERE settled = 0;
CREATE INDEX obligations_by_deadline ON obligations (deadline);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
