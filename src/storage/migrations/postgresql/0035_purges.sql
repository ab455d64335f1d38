-- Personal data removed from closed cases under the force's retention rules (issue 19,
-- app/retention.hpp, docs/operations.md): a row per case and kind of record (portal,
-- messages, case_details) with the closing it was removed for and the case's last event then
-- (its log sequence). A case closed again, or given events since, is purged again and its
-- row replaced.
CREATE TABLE purges (
  crime TEXT NOT NULL,
  kind TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  purged_at TEXT NOT NULL,
  records BIGINT NOT NULL,
  through_seq BIGINT NOT NULL,
  PRIMARY KEY (crime, kind)
);
