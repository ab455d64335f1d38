-- The work queue's speed: find cases whose periodic updates have moved on since they were
-- computed without scanning their obligations, and count an officer's or a unit's open
-- obligations from the index alone.
ALTER TABLE cases ADD COLUMN stale_after TEXT;
UPDATE cases SET stale_after = (
  SELECT min(o.deadline) FROM obligations o
  WHERE o.crime = cases.crime AND o.settled = 0 AND o.duty = 'periodic_update'
    AND o.deadline >= cases.computed_as_of);
CREATE INDEX cases_stale ON cases (stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX cases_stale_by_officer ON cases (officer, stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX cases_stale_by_unit ON cases (unit, stale_after) WHERE stale_after IS NOT NULL;
DROP INDEX obligations_open_by_officer;
DROP INDEX obligations_open_by_unit;
CREATE INDEX obligations_open_by_officer ON obligations (officer, deadline, trigger_date) WHERE settled = 0;
CREATE INDEX obligations_open_by_unit ON obligations (unit, deadline, trigger_date) WHERE settled = 0;
