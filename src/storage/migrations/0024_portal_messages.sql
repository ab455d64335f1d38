-- The portal's requests and messages (issue 15). A call-back says what was asked for: a call
-- back ("call_back", every one raised before this migration), an update ("update"), or a
-- written answer to a message sent through the portal ("message"). The messages between a
-- person and their officer are a thread of their own, the person's words and staff replies.
ALTER TABLE call_backs ADD COLUMN kind TEXT NOT NULL DEFAULT 'call_back';

CREATE TABLE portal_messages (
  id INTEGER PRIMARY KEY,
  crime TEXT NOT NULL,
  person TEXT NOT NULL,
  from_person INTEGER NOT NULL,  -- 1: the person wrote it; 0: a reply from staff
  author TEXT NOT NULL,          -- the staff id of a reply; '' for the person's own
  author_name TEXT NOT NULL,     -- who the person sees wrote it: 'PC 1003 Sarah Ahmed'
  body TEXT NOT NULL,
  sent_at TEXT NOT NULL
);
CREATE INDEX portal_messages_by_person ON portal_messages (crime, person, id);
