#pragma once
// Standard messages to victims and witnesses: one template per duty or key event, in English,
// Welsh and easy-read English ("easy": short sentences, one idea to a line), each with a subject
// (letters and emails), a short text message, and a body of paragraphs. Logic-less mustache: every
// {{value}} is escaped (so the result is safe as HTML and as Pango markup); {{#flag}}...{{/flag}}
// shows text only when a value is present. The built-in library is compiled in
// (data/letters/<lang>/<id>.mustache).

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cf::notify {

// What a template is filled with: text values by name, plus names that are true.
struct MessageFields {
  std::map<std::string, std::string> values;
  std::set<std::string> flags;  // e.g. "vrr": eligible for the Victims' Right to Review
};

struct MessageTemplate {
  std::string id;    // e.g. "bail"
  std::string lang;  // "en", "cy" or "easy"
  std::string subject;
  std::string sms;
  std::string body;  // paragraphs separated by blank lines
};

// A filled template. Text is escaped as described above; Plain() undoes it for SMS.
struct Message {
  std::string subject;
  std::string sms;
  std::vector<std::string> paragraphs;  // empty paragraphs dropped
};

// The ids of the built-in templates, in a stable order, and the languages they exist in.
const std::vector<std::string>& TemplateIds();
const std::vector<std::string>& Languages();

// The portal's own messages, each carrying a link of the person's own (field "link"), so
// never chosen by hand, and whose delivery records no contact: "portal_invitation" (with
// "expires"; not news about the case) and "portal_alert" (with "news"; it meets its duty
// when the person opens it: app/portal_alerts.hpp).
bool IsPortalMessage(std::string_view id);

// Digests emailed to staff (app/digests.hpp): in the outbox with no case ("" crime) and
// "staff:NAME" as the person; their delivery records no contact. "findings_digest",
// "shift_digest", "team_digest".
bool IsStaffMessage(std::string_view id);

// Parses "subject: ...\nsms: ...\n---\n<body>". Errors name what is missing.
core::Result<MessageTemplate> ParseTemplate(std::string_view id, std::string_view lang,
                                            std::string_view text);

// The built-in template. kNotFound for an unknown id or language.
core::Result<MessageTemplate> BuiltInTemplate(std::string_view id, std::string_view lang);

Message Fill(const MessageTemplate& t, const MessageFields& fields);

// Typical values for every field, for previews and checks.
MessageFields SampleFields(std::string_view lang);

// Checks that a template can be used: it fills with the sample values and with none, its
// sections are closed, and the result is valid letter markup (a literal & or < must be
// written &amp; or &lt;). Errors say what is wrong.
core::Status ValidateTemplate(const MessageTemplate& t);

// Undoes the escaping of a filled text ("&amp;" -> "&") for channels that are not HTML.
std::string Plain(std::string_view escaped);

}  // namespace cf::notify
