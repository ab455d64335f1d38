-- Quality and satisfaction (issue 16): the user satisfaction survey's responses (imported, or
-- taken on a quality call-back), and dip samples of a unit's cases for supervisors to review.
-- A sample's cases are found through cases_by_unit: no index is added to the derived tables,
-- which every bulk import rebuilds.
CREATE TABLE survey_responses (
  id TEXT PRIMARY KEY,           -- the survey's own id
  source TEXT NOT NULL,          -- import, call_back
  interviewed_on TEXT NOT NULL,
  crime TEXT NOT NULL,           -- '' when not given
  person TEXT NOT NULL,
  crime_type TEXT NOT NULL,
  unit TEXT NOT NULL,
  bcu TEXT NOT NULL,
  ethnic_group TEXT NOT NULL,
  white INTEGER,                 -- 1 white, 0 black and minority ethnic, NULL not stated
  ease_of_contact INTEGER NOT NULL,  -- 1 completely satisfied .. 7 completely dissatisfied,
  actions_taken INTEGER NOT NULL,    -- 0 don't know, refused or not asked
  follow_up INTEGER NOT NULL,
  treatment INTEGER NOT NULL,
  whole_experience INTEGER NOT NULL,
  diagnostics TEXT NOT NULL,     -- JSON object: question -> 1 yes, 0 no
  comments TEXT NOT NULL,
  stored_by TEXT NOT NULL,
  stored_at TEXT NOT NULL
);
CREATE INDEX survey_responses_by_day ON survey_responses (interviewed_on);
CREATE INDEX survey_responses_by_crime ON survey_responses (crime) WHERE crime <> '';

CREATE TABLE dip_samples (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL,
  month TEXT NOT NULL,           -- YYYY-MM
  seed INTEGER NOT NULL,         -- drawn again with it, the same cases come out
  size INTEGER NOT NULL,
  drawn_by TEXT NOT NULL,
  drawn_at TEXT NOT NULL,
  risks_as_of TEXT NOT NULL,     -- the day the risks were judged on
  UNIQUE (unit, month, seed)
);
CREATE TABLE dip_sample_cases (
  sample_id INTEGER NOT NULL REFERENCES dip_samples (id),
  position INTEGER NOT NULL,
  crime TEXT NOT NULL,
  drawn_as TEXT NOT NULL,        -- random, risk
  reasons TEXT NOT NULL,
  weight REAL NOT NULL,
  officer TEXT NOT NULL,
  crime_type TEXT NOT NULL,
  PRIMARY KEY (sample_id, position)
);
CREATE INDEX dip_sample_cases_by_crime ON dip_sample_cases (crime);
-- A supervisor's review of one sampled case: the rubric's answers, a score and findings for the
-- officer. Reviewed again, it is replaced.
CREATE TABLE dip_sample_reviews (
  sample_id INTEGER NOT NULL REFERENCES dip_samples (id),
  crime TEXT NOT NULL,
  officer TEXT NOT NULL,         -- the case's officer when reviewed: whom the findings are for
  unit TEXT NOT NULL,
  rubric TEXT NOT NULL,          -- JSON object: item -> yes, partly, no or n/a
  score INTEGER NOT NULL,        -- 0 to 100
  findings TEXT NOT NULL,
  reviewed_by TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  PRIMARY KEY (sample_id, crime)
);
CREATE INDEX dip_sample_reviews_by_officer ON dip_sample_reviews (officer, reviewed_at);
CREATE INDEX dip_sample_reviews_by_day ON dip_sample_reviews (reviewed_at);
