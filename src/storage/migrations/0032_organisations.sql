-- Referrals to organisations other than Victim Support (issue 17): the ones a force lists
-- (Women's Aid, Citizens Advice, local services), each referral made only with the person's
-- consent to that organisation (referral.consented with its `to`). Listed by admins; where
-- each one's feed goes is the server's configuration, not the store's. An organisation is
-- withdrawn, never deleted, so that the referrals made to it keep their name.
CREATE TABLE organisations (
  id TEXT PRIMARY KEY,          -- as events name it in `to`: womens_aid
  name TEXT NOT NULL,           -- Women's Aid
  offers TEXT NOT NULL,         -- what it offers, in a line, for the officer asking consent
  active INTEGER NOT NULL,      -- 0: withdrawn (no new consent asked)
  updated_at TEXT NOT NULL
);
-- Each referral names its organisation; those before this are Victim Support's.
ALTER TABLE referrals ADD COLUMN organisation TEXT NOT NULL DEFAULT 'victim_support';
-- The feed finds the cases with a consent to another organisation without reading the log.
CREATE INDEX events_referral_consents ON events (case_id) WHERE type = 'referral.consented';
