-- Staff accounts, API tokens and the audit log of who saw and changed what.
-- Passwords are Argon2id strings (libsodium crypto_pwhash_str); tokens are stored only as
-- their BLAKE2b hash, so a copy of the database does not hold usable credentials.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  unit TEXT NOT NULL,
  officer TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  crime TEXT,
  person TEXT,
  detail TEXT,
  source TEXT
);
CREATE INDEX audit_by_crime ON audit_log (crime, at);
CREATE INDEX audit_by_user ON audit_log (user_name, at);
