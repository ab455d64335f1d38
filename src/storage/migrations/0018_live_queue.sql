-- The work queue shows only work that can still be done, a page at a time (issue 13).
-- case_closed: the case was closed when computed. Its unmet duties leave the officer's queue
-- for the supervisor's "missed before closure" list; compliance still counts them.
-- queue_line: 0 for a periodic update waiting behind an earlier unsettled update of the same
-- person (one update satisfies them all: the queue shows the earliest as one line).
ALTER TABLE obligations ADD COLUMN case_closed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE obligations ADD COLUMN queue_line INTEGER NOT NULL DEFAULT 1;
UPDATE obligations SET case_closed = 1
WHERE crime IN (SELECT crime FROM cases WHERE closed = 1);
UPDATE obligations SET queue_line = 0
WHERE duty = 'periodic_update' AND settled = 0 AND EXISTS (
  SELECT 1 FROM obligations e
  WHERE e.crime = obligations.crime AND e.person = obligations.person
    AND e.duty = 'periodic_update' AND e.settled = 0
    AND (e.deadline < obligations.deadline OR (e.deadline = obligations.deadline AND e.n < obligations.n)));
-- The queue's indexes hold open work only, and whether each row is a line, so that counting
-- lines and finding a page read the index alone.
DROP INDEX obligations_open_by_officer;
DROP INDEX obligations_open_by_unit;
CREATE INDEX obligations_open_by_officer ON obligations (officer, deadline, trigger_date, queue_line)
  WHERE settled = 0 AND case_closed = 0;
CREATE INDEX obligations_open_by_unit ON obligations (unit, deadline, trigger_date, queue_line)
  WHERE settled = 0 AND case_closed = 0;
CREATE INDEX obligations_missed_by_unit ON obligations (unit, deadline)
  WHERE settled = 0 AND case_closed = 1;
-- Acknowledgements outlive recomputing a case: kept by the duty's identity, not its row.
CREATE TABLE missed_acknowledgements (
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  duty TEXT NOT NULL,
  instance INTEGER NOT NULL,
  note TEXT NOT NULL,
  acknowledged_by TEXT NOT NULL,
  acknowledged_at TEXT NOT NULL,
  PRIMARY KEY (crime, person, duty, instance)
);
