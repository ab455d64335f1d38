-- The transactional outbox: each message to a victim or witness is written here in the same
-- transaction as what it records, and a dispatcher sends it, retrying with backoff. The
-- idempotency key goes with the message (Message-ID, Notify reference) so that a provider
-- can drop a repeat if the dispatcher dies between sending and recording it.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  channel TEXT NOT NULL,        -- email, sms, letter
  recipient TEXT NOT NULL,      -- address, number, or postal address
  template TEXT NOT NULL,
  lang TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  status TEXT NOT NULL,         -- created, sending, delivered, failed, suppressed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_crime ON outbox (crime, id);
