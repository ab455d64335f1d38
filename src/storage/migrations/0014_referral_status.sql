-- Victim Support's word on each referral: sent (file drop) or received (HTTP push
-- acknowledged), then accepted, declined, contacted or closed as Victim Support reports it.
ALTER TABLE referrals ADD COLUMN status_at TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN status_note TEXT NOT NULL DEFAULT '';
UPDATE referrals SET status_at = created_at;
