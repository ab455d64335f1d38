-- API tokens expire (issue 12): a token made before this migration lives 90 more days from it.
-- Sessions past their expiry are deleted by the store (DeleteExpiredSessions), so an index on
-- expires_at keeps that cheap.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days');
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
