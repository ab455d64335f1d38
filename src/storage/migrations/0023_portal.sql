-- The victim and witness portal (issue 15): one account per person per case, reached only by
-- invitation, and its own sessions (never the staff app's). Secrets are kept as hashes: the
-- invitation's one-time token and the session token as BLAKE2b, the password as Argon2id.
CREATE TABLE portal_invitations (
  token_hash TEXT PRIMARY KEY,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  -- Set when the link is used or when a later invitation or a revocation replaces it.
  ended_at TEXT
);
CREATE INDEX portal_invitations_by_person ON portal_invitations (crime, person);

CREATE TABLE portal_accounts (
  id INTEGER PRIMARY KEY,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  failed_sign_ins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  UNIQUE (crime, person)
);

CREATE TABLE portal_sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES portal_accounts (id),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX portal_sessions_by_account ON portal_sessions (account_id);
