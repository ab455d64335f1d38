-- API tokens expire and are revoked by id (issue 12). The table is made again with an id of its
-- own (a rowid can change on VACUUM) and an expiry; a token made before this migration lives
-- 90 more days from it. Sessions past their expiry are deleted by the store
-- (DeleteExpiredSessions), so an index on expires_at keeps that cheap.
CREATE TABLE api_tokens_new (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
INSERT INTO api_tokens_new (token_hash, user_id, label, created_at, expires_at, revoked)
  SELECT token_hash, user_id, label, created_at,
         strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days'), revoked
  FROM api_tokens ORDER BY rowid;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
