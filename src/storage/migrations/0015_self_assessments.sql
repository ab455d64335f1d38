-- The force and BCU self-assessments (the guide's 21 indicators, scored 0-4) and their
-- action plans. An assessment imported from a file keeps a key made from its scope, date
-- One assessment per scope, date and assessor: importing a file again finds the one stored.
CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,            -- "force" or the BCU's name
  assessed_on TEXT NOT NULL,      -- YYYY-MM-DD
  assessor TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (scope, assessed_on, assessor)
);
CREATE TABLE assessment_scores (
  assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  indicator TEXT NOT NULL,        -- "2.6"
  score INTEGER CHECK (score BETWEEN 0 AND 4),  -- NULL: not scored yet
  note TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '',  -- links, one per line
  PRIMARY KEY (assessment_id, indicator)
);
CREATE TABLE assessment_actions (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,
  indicator TEXT NOT NULL,
  action TEXT NOT NULL,
  owner TEXT NOT NULL,
  due TEXT NOT NULL,              -- YYYY-MM-DD
  status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'dropped')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX assessment_actions_by_scope ON assessment_actions (scope, due);
