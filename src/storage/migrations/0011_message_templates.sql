-- Admins' edits of the standard message templates: every saved version is kept; the latest
-- replaces the built-in one (data/letters) for its template and language.
CREATE TABLE message_templates (
  id INTEGER PRIMARY KEY,
  template TEXT NOT NULL,
  lang TEXT NOT NULL,
  version INTEGER NOT NULL,
  text TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (template, lang, version)
);
