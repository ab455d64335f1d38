#pragma once
// The forms staff use to record what happened on a case (an arrest, bail, a charge, a
// decision, a victim's contact agreement or needs assessment...), as data: one entry per
// event type of events.md, each with the fields that type carries. A posted form becomes
// one JSON Lines event, which then goes through the same validation as any import.
// Immutable; safe to share.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/access.hpp"
#include "core/london_time.hpp"
#include "core/result.hpp"

namespace cf::http {

enum class FieldKind {
  kText,
  kLongText,
  kDate,      // YYYY-MM-DD
  kDateTime,  // a London date and time, stored as RFC 3339 UTC
  kNumber,    // whole number
  kSelect,    // one of options
  kYesNo,     // radios; absent when not answered
  kChecks,    // any of options, as a JSON list
  kDateList,  // dates separated by commas, as a JSON list; "none" sets `none: true`
};

struct FormField {
  std::string name;  // the JSON field; "a.b" is field b of object a
  std::string label;
  FieldKind kind = FieldKind::kText;
  std::vector<std::pair<std::string, std::string>> options;  // value, label
  bool required = false;
  std::string hint;
  std::string section{};  // a heading shown before the field
};

struct EventForm {
  std::string type;           // events.md event type
  std::string title;          // page heading, "Record an arrest"
  std::string choice;         // in the list of what happened, "Suspect arrested"
  bool about_person = false;  // asks who it is about (a person on the case)
  bool investigative = true;  // about the investigation: the re-contact bureau may not record it
  std::vector<FormField> fields;
  bool court = false;  // what a Witness Care Unit receives from the court or the CPS

  app::CaseEventKind Kind() const {
    return court           ? app::CaseEventKind::kCourt
           : investigative ? app::CaseEventKind::kInvestigative
                           : app::CaseEventKind::kPerson;
  }
};

// The id of the input a problem with `f` links to: "f-" and its name ('.' as '-'), and for
// radios, boxes and dates the first input ("-yes", "-<first option>", "-date").
std::string InputIdOf(const FormField& f);

// A problem with `f` as a sentence: "Do they need an interpreter?: answer yes or no" becomes
// "Do they need an interpreter? Answer yes or no."; other labels' messages are unchanged.
std::string Worded(const FormField& f, const std::string& message);

// Every form, in the order offered.
const std::vector<EventForm>& EventForms();
// nullptr when no form records `type`.
const EventForm* FindEventForm(std::string_view type);

// The event a posted form describes, as one JSON line. `form` holds the fields by name
// (kChecks as "name.value"; kDateTime as "name.date" and "name.time"), "person" when
// about_person, and "when.date" / "when.time" for when it happened (London; now if blank).
// Errors name the field by its label: a missing required answer, a malformed date, time or
// number, or an option that is not offered.
// With `problems`, every field's problem is put there, each with the id of the input it is
// about (for the error summary's links and the message beside the field); the first is the
// error returned.
struct FormProblem {
  std::string input;  // "f-screening-mental_health-yes"
  std::string message;
};
core::Result<std::string> EventLine(const EventForm& spec,
                                    const std::map<std::string, std::string>& form,
                                    const std::string& crime, const std::string& id,
                                    const std::string& by, core::Instant now,
                                    core::LondonDates& london,
                                    std::vector<FormProblem>* problems = nullptr);

}  // namespace cf::http
