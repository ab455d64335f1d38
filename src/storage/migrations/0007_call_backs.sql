-- Call-back requests: a victim or witness rang the re-contact bureau for an update the
-- bureau could not give, so the officer in case owes them a call back. The officer is not
-- stored: a call-back follows its case's current officer (reassignment moves it too).
CREATE TABLE call_backs (
  id INTEGER PRIMARY KEY,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  request TEXT NOT NULL,
  raised_by TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  done_at TEXT,
  done_by TEXT,
  outcome TEXT
);
CREATE INDEX call_backs_open ON call_backs (crime) WHERE done_at IS NULL;
CREATE INDEX call_backs_by_crime ON call_backs (crime, raised_at);
