#pragma once
// A standard letter (and its text message) for one person on one case, filled from the case's
// event log and the officer's profile and rota: the person's name and address, what happened
// (bail conditions, charges, the decision and whether the Victims' Right to Review applies,
// the hearing), how often they asked to hear from us, and the officer's name, collar number,
// direct contact details and next three shifts. Suspects are never named: no template has a
// field for them. The safety gate: when the person's contact agreement says letters are not
// safe, the letter is marked unsafe and the caller must not post it without a recorded reason.

#include <set>
#include <string>

#include "core/london_time.hpp"
#include "core/result.hpp"
#include "notify/letter_pdf.hpp"
#include "notify/message_template.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct LetterRequest {
  std::string crime;
  std::string person;
  std::string template_id;  // notify::TemplateIds()
  std::string lang = "en";  // en or cy
  std::string update;       // periodic_update: what to tell them (optional)
  core::Instant now = 0;
  std::string link{};          // portal_invitation: the one-time link
  std::string link_expires{};  // portal_invitation: the link's last day, written out
  std::string news{};          // portal_alert: what happened, in the portal's words
};

struct PreparedLetter {
  notify::Letter letter;
  notify::Message message;
  // For sending (app/outbox.hpp): channels the latest contact agreement marks unsafe, the
  // person's email and mobile, and the flags that make a message wait for confirmation.
  std::set<std::string> unsafe_channels;
  std::string email;
  std::string mobile;
  bool has_address = false;     // a postal address or postcode is on record
  std::string channel;          // how the latest contact agreement says to reach them, if any
  std::string lang;             // "cy" when their recorded language is Welsh, else "en"
  std::string name;             // "Grace Okafor", or the person's id when no name is recorded
  bool domestic_abuse = false;  // the crime is flagged domestic abuse
  bool intimidated = false;     // the person is flagged intimidated (today)

  // The contact agreement says letters are not safe.
  bool LettersUnsafe() const { return unsafe_channels.count("letter") > 0; }
};

// Errors: kNotFound for an unknown case, person, template or language.
core::Result<PreparedLetter> PrepareLetter(storage::CaseStore& store,
                                           storage::AccountStore& accounts,
                                           const LetterRequest& request);

// The template in use: the latest version an admin saved, else the built-in one.
// kNotFound for an unknown id or language.
core::Result<notify::MessageTemplate> EffectiveTemplate(storage::AccountStore& accounts,
                                                        const std::string& id,
                                                        const std::string& lang);

// "Friday 27 November 2026" or "Dydd Gwener 27 Tachwedd 2026".
std::string WrittenDate(core::Date date, const std::string& lang);

}  // namespace cf::app
