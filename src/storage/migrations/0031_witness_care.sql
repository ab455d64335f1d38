-- The Witness Care Unit (issue 17). A unit is a police team or a Witness Care Unit; a charged
-- case handed to a Witness Care Unit (case.handed_to_wcu) keeps its officer in case and unit,
-- and records the unit it was handed to: that unit's staff see the case, and the duties of the
-- witness-care rule sets are owed by it. '' while the case has not been handed over.
ALTER TABLE units ADD COLUMN kind TEXT NOT NULL DEFAULT 'police';
ALTER TABLE cases ADD COLUMN wcu_unit TEXT NOT NULL DEFAULT '';
