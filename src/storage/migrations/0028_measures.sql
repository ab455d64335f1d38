-- The measures a force is judged by (issue 16), rolled up by month and unit and kept current by
-- the worker (app/measures.hpp), so that the measures pages read a few hundred rows and never
-- scan the cases. A measure's rate is numerator / denominator.
CREATE TABLE measure_rollups (
  month TEXT NOT NULL,           -- YYYY-MM
  unit TEXT NOT NULL,
  measure TEXT NOT NULL,         -- code_on_time, referral, leaflet, ...
  numerator REAL NOT NULL,
  denominator REAL NOT NULL,
  PRIMARY KEY (month, unit, measure)
);
-- When each month was last rolled up.
CREATE TABLE measure_refreshes (
  month TEXT PRIMARY KEY,
  refreshed_at TEXT NOT NULL
);
