-- The provider's id for a message handed to GOV.UK Notify (or a compatible service), to ask
-- for its delivery status later.
ALTER TABLE outbox ADD COLUMN provider_id TEXT NOT NULL DEFAULT '';
