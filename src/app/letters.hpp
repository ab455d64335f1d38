#pragma once
// A standard letter (and its text message) for one person on one case, filled from the case's
// event log and the officer's profile and rota: the person's name and address, what happened
// (bail conditions, charges, the decision and whether the Victims' Right to Review applies,
// the hearing), how often they asked to hear from us, and the officer's name, collar number,
// direct contact details and next three shifts. Suspects are never named: no template has a
// field for them. The safety gate: when the person's contact agreement says letters are not
// safe, the letter is marked unsafe and the caller must not post it without a recorded reason.
//
// The person's recorded needs choose the language and format unless the request says otherwise:
// Welsh when their language is Welsh; large print or easy read as their details
// (person.details_changed "format") or latest needs assessment (MG11) ask. Easy read exists in
// English only: a Welsh speaker who asked for easy read gets Welsh in large print.

#include <optional>
#include <set>
#include <string>
#include <string_view>

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
  std::string lang = "en";  // en, cy, easy (easy-read English), or "": as their needs say
  std::string update;       // periodic_update: what to tell them (optional)
  core::Instant now = 0;
  std::string link{};          // portal_invitation: the one-time link
  std::string link_expires{};  // portal_invitation: the link's last day, written out
  std::string news{};          // portal_alert: what happened, in the portal's words
  std::optional<notify::LetterFormat> format{};  // none: as their needs say
  // The event that started the duty the letter meets: its bail conditions, charges or hearing
  // rather than the latest ("": the latest of each).
  std::string trigger_event{};
};

// The needs a person's record states for letters.
struct LetterNeeds {
  std::string lang = "en";  // en or cy
  notify::LetterFormat format = notify::LetterFormat::kStandard;
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
  LetterNeeds needs;            // as recorded, whatever the request chose
  std::string template_lang;    // the template used: en, cy or easy

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

// The standard message for a duty of a rule set, or "" when there is none. refer_support is met
// by the referral itself; its letter, referral_notice, tells the person it was made.
std::string LetterForDuty(std::string_view duty);

// The duty `duty` owed to `person` on `crime` (instance `instance`; 0: the latest), for the
// letter that meets it. Errors: kNotFound naming the duties the person is owed when there is
// no such duty; kInvalidArgument when no letter meets that duty.
core::Result<storage::ObligationRow> DutyForLetter(storage::CaseStore& store,
                                                   const std::string& crime,
                                                   const std::string& person,
                                                   const std::string& duty, int instance);

// "Friday 27 November 2026" or "Dydd Gwener 27 Tachwedd 2026".
std::string WrittenDate(core::Date date, const std::string& lang);

// "10am", "7:30pm", "midday", "midnight" ("canol dydd", "hanner nos" in Welsh) from "HH:MM".
std::string ClockWords(std::string_view hhmm, const std::string& lang);

// "standard print", "large print", "easy read"; with the language: "Welsh, large print".
std::string NeedsWords(const LetterNeeds& needs);

}  // namespace cf::app
