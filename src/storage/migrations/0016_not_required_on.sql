-- Since when an obligation is not required, beside why (not_required): the first day at
-- whose end the opt-out, closure or referral opt-out applied. Rows are stored as of a
-- case's last event, and the compliance counts asked about an earlier day must count the
-- obligation open, overdue or met late until then, as the engine does (victims-code.md
-- section 5: "a not-required rule applies by D").
-- NULL on a not-required row means "always": rows stored before this migration do not know
-- the day, and are counted not required on every day, as before. Derived like the rest of
-- `obligations`: `citizenfocus recompute` fills it in.
ALTER TABLE obligations ADD COLUMN not_required_on TEXT;
