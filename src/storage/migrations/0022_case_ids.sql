-- Integer case ids (issue 14, ADR 0003): a crime's reference is stored once, in crimes, and
-- the log and the derived tables name the case by its id. A reference is the force's own and
-- may be long (data.police.uk's are 64 characters); it was held in every event, case, person
-- and obligation row and in four of their indexes. People get an id of their own too; an
-- obligation still names its person by the force's short id within the case ("V1"), which
-- is what the rules and the queue compare. crimes is never deleted from, like the log, so a
-- case keeps its id through every recompute.
CREATE TABLE crimes (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL UNIQUE
);
-- The cases in their storage order (so each keeps its rowid's order), then any crime of the
-- log that has no case yet, in the order it first appears.
INSERT INTO crimes (ref) SELECT crime FROM cases ORDER BY rowid;
INSERT INTO crimes (ref)
SELECT crime FROM events WHERE crime NOT IN (SELECT ref FROM crimes)
GROUP BY crime ORDER BY min(seq);
-- And a derived row's crime that neither names (there should be none: the crash test checks),
-- so that no row is lost by the joins below.
INSERT INTO crimes (ref)
SELECT DISTINCT crime FROM people WHERE crime NOT IN (SELECT ref FROM crimes) ORDER BY crime;
INSERT INTO crimes (ref)
SELECT DISTINCT crime FROM obligations WHERE crime NOT IN (SELECT ref FROM crimes) ORDER BY crime;

CREATE TABLE events_0022 (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  case_id INTEGER NOT NULL REFERENCES crimes (id),
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports (id)
);
INSERT INTO events_0022 (seq, id, case_id, type, at, content_hash, body, import_id)
SELECT e.seq, e.id, k.id, e.type, e.at, e.content_hash, e.body, e.import_id
FROM events e JOIN crimes k ON k.ref = e.crime ORDER BY e.seq;

CREATE TABLE cases_0022 (
  id INTEGER PRIMARY KEY,
  crime_type TEXT NOT NULL,
  unit TEXT NOT NULL,
  officer TEXT NOT NULL,
  recorded_on TEXT NOT NULL,
  last_event_on TEXT NOT NULL,
  computed_as_of TEXT NOT NULL,
  rule_sets TEXT NOT NULL,
  closed INTEGER NOT NULL,
  error TEXT,
  stale_after TEXT
);
INSERT INTO cases_0022 (id, crime_type, unit, officer, recorded_on, last_event_on,
                        computed_as_of, rule_sets, closed, error, stale_after)
SELECT k.id, c.crime_type, c.unit, c.officer, c.recorded_on, c.last_event_on, c.computed_as_of,
       c.rule_sets, c.closed, c.error, c.stale_after
FROM cases c JOIN crimes k ON k.ref = c.crime ORDER BY c.rowid;

CREATE TABLE people_0022 (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL,
  person TEXT NOT NULL,
  role TEXT NOT NULL,
  represents TEXT,
  display_name TEXT,
  search_text TEXT,
  date_of_birth TEXT,
  postcode TEXT,
  UNIQUE (case_id, person)
);
INSERT INTO people_0022 (id, case_id, person, role, represents, display_name, search_text,
                         date_of_birth, postcode)
SELECT p.rowid, k.id, p.person, p.role, p.represents, p.display_name, p.search_text,
       p.date_of_birth, p.postcode
FROM people p JOIN crimes k ON k.ref = p.crime ORDER BY p.rowid;

CREATE TABLE obligations_0022 (
  case_id INTEGER NOT NULL,
  n INTEGER NOT NULL,
  person TEXT NOT NULL,
  duty TEXT NOT NULL,
  instance INTEGER NOT NULL,
  rule_set TEXT NOT NULL,
  trigger_event TEXT,
  trigger_date TEXT NOT NULL,
  deadline TEXT NOT NULL,
  enhanced INTEGER NOT NULL,
  met_at TEXT,
  met_by TEXT,
  not_required TEXT,
  remind_on TEXT,
  settled INTEGER NOT NULL,
  officer TEXT NOT NULL,
  unit TEXT NOT NULL,
  crime_type TEXT NOT NULL,
  not_required_on TEXT,
  case_closed INTEGER NOT NULL DEFAULT 0,
  queue_line INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (case_id, n)
);
INSERT INTO obligations_0022 (rowid, case_id, n, person, duty, instance, rule_set,
                              trigger_event, trigger_date, deadline, enhanced, met_at, met_by,
                              not_required, remind_on, settled, officer, unit, crime_type,
                              not_required_on, case_closed, queue_line)
SELECT o.rowid, k.id, o.n, o.person, o.duty, o.instance, o.rule_set, o.trigger_event,
       o.trigger_date, o.deadline, o.enhanced, o.met_at, o.met_by, o.not_required, o.remind_on,
       o.settled, o.officer, o.unit, o.crime_type, o.not_required_on, o.case_closed, o.queue_line
FROM obligations o JOIN crimes k ON k.ref = o.crime ORDER BY o.rowid;

DROP TABLE obligations;
DROP TABLE people;
DROP TABLE cases;
DROP TABLE events;
ALTER TABLE events_0022 RENAME TO events;
ALTER TABLE cases_0022 RENAME TO cases;
ALTER TABLE people_0022 RENAME TO people;
ALTER TABLE obligations_0022 RENAME TO obligations;

CREATE INDEX events_by_case ON events (case_id, seq);
CREATE INDEX cases_by_officer ON cases (officer, last_event_on);
CREATE INDEX cases_by_unit ON cases (unit, last_event_on);
CREATE INDEX cases_stale ON cases (stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX cases_stale_by_officer ON cases (officer, stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX cases_stale_by_unit ON cases (unit, stale_after) WHERE stale_after IS NOT NULL;
CREATE INDEX obligations_by_deadline ON obligations (deadline);
CREATE INDEX obligations_missed_by_unit ON obligations (unit, deadline)
  WHERE settled = 0 AND case_closed = 1;
CREATE INDEX obligations_open_by_duty ON obligations (duty, deadline) WHERE settled = 0;
CREATE INDEX obligations_open_by_officer ON obligations (officer, deadline, trigger_date, queue_line)
  WHERE settled = 0 AND case_closed = 0;
CREATE INDEX obligations_open_by_unit ON obligations (unit, deadline, trigger_date, queue_line)
  WHERE settled = 0 AND case_closed = 0;
