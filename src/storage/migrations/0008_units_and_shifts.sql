-- Units (teams) and the BCU each belongs to; staff belong to a unit. Backfilled from the
-- units staff are already in (their BCU is not known yet: an admin sets it).
CREATE TABLE units (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  bcu TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO units (id, name, bcu, created_at)
  SELECT DISTINCT unit, unit, '', '1970-01-01T00:00:00Z' FROM users;

-- When each member of staff is on duty, in London wall-clock time ("2026-11-27T07:00"):
-- for the rota, for the bureau telling a caller when their officer is next in, and for the
-- officer's next shifts in letters.
CREATE TABLE shifts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX shifts_by_user ON shifts (user_id, starts_at);
