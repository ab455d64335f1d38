-- Who covers for an officer on leave (issue 13): the cover officer named with the leave, and
-- the officer a call-back was given to when its case's officer was away when it was raised
-- (NULL: the case's current officer, as before).
ALTER TABLE leave ADD COLUMN cover TEXT;
ALTER TABLE call_backs ADD COLUMN assigned_to TEXT;
CREATE INDEX call_backs_assigned ON call_backs (assigned_to) WHERE done_at IS NULL;
