-- Work that several worker and server processes share, on one database (issue 18,
-- docs/postgresql.md): a job (a referral feed, the digests, ...) runs in one process at a
-- time, the one holding its lease; a lease not renewed by expires_at (its process died)
-- passes to the next worker that asks. Outbox messages are claimed one by one, each "sending"
-- message with the worker that claimed it and until when: a claim that outlives its lease
-- without an answer from the provider is taken again by another worker, which sends it under
-- the same idempotency key.
CREATE TABLE job_leases (
  job TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until TEXT;
-- Failed portal sign-ins per client address, for the throttle every portal server shares
-- (app/address_throttle.hpp); the worker's hourly tidy deletes those past the window.
CREATE TABLE portal_address_failures (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX portal_address_failures_by_address ON portal_address_failures (address, at);
