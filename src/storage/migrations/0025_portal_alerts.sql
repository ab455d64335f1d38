-- Alerts to people enrolled on the portal (issue 15): when a key event gives them a duty, a
-- message through the outbox links to the portal with a one-time token of its own (kept as a
-- hash); opening it, signed in, records the contact that meets the duty. An enhanced
-- victim's alert not opened within a working day becomes a call-back for the officer.
CREATE TABLE portal_alerts (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  event_id TEXT NOT NULL,
  duty TEXT NOT NULL,
  enhanced INTEGER NOT NULL,
  outbox_id INTEGER,           -- the message; NULL when it was not sent (see held)
  held TEXT NOT NULL,          -- why it was not sent ('' when it was)
  created_at TEXT NOT NULL,
  opened_at TEXT,
  task_at TEXT,                -- when the officer was asked to phone instead
  UNIQUE (crime, person, event_id, duty)
);
CREATE INDEX portal_alerts_unopened ON portal_alerts (created_at)
  WHERE opened_at IS NULL AND task_at IS NULL AND enhanced = 1 AND outbox_id IS NOT NULL;
