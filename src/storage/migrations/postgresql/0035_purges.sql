-- Personal data removed from closed cases under the force's retention rules (issue 19,
-- app/retention.hpp, docs/operations.md): a row per case and kind of record (portal,
-- messages, case_details) with the closing it was removed for. A case reopened and closed
-- again is purged again for its new closing, and its row replaced.
CREATE TABLE purges (
  crime TEXT NOT NULL,
  kind TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  purged_at TEXT NOT NULL,
  records INTEGER NOT NULL,
  PRIMARY KEY (crime, kind)
);
