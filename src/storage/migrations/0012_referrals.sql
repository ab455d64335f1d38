-- Referrals to Victim Support: one row per referral sent (by file drop or HTTP push), keyed
-- so that running the feed again sends nobody twice.
CREATE TABLE referrals (
  referral_key TEXT PRIMARY KEY,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  sent_by TEXT NOT NULL,      -- file:PATH or http:URL
  status TEXT NOT NULL,       -- sent
  created_at TEXT NOT NULL
);
CREATE INDEX referrals_by_crime ON referrals (crime);
CREATE INDEX obligations_open_by_duty ON obligations (duty, deadline) WHERE settled = 0;
