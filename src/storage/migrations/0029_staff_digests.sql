-- Digests emailed to staff (the officer's dip-sample findings; issue 17's shift and team
-- digests): each one sent, what it covered up to, and its outbox message, so that the next
-- digest starts where this one stopped and none is sent twice.
CREATE TABLE staff_digests (
  user_name TEXT NOT NULL,
  kind TEXT NOT NULL,        -- findings
  through TEXT NOT NULL,     -- what it covered up to (for findings: the newest review's time)
  sent_on TEXT NOT NULL,     -- the London date it was queued
  outbox_id INTEGER NOT NULL,
  PRIMARY KEY (user_name, kind, through)
);
