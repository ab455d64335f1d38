-- Officers' leave, so that supervisors see which cases fall due while their officer is away.
CREATE TABLE leave (
  id INTEGER PRIMARY KEY,
  officer TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  reason TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX leave_by_officer ON leave (officer, ends_on);
