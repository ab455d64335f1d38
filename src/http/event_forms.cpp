#include "http/event_forms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/needs_assessment.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::http {
namespace {

using nlohmann::json;
using Options = std::vector<std::pair<std::string, std::string>>;

FormField Suspect() {
  return {"suspect",
          "Suspect's reference",
          FieldKind::kText,
          {},
          true,
          "As in your records system. Victims and witnesses are never shown it."};
}

const Options kChannels = {{"phone", "Phone"}, {"sms", "Text message"},
                           {"email", "Email"}, {"letter", "Letter"},
                           {"visit", "Visit"}, {"portal", "Online (the case website)"}};

// The MG11's rear: the screening questions first (a "yes" flags the person, app layer), then
// court, communication and what they were told. Required answers are what a complete
// assessment needs (app/needs_assessment); the Victim Personal Statement is asked of victims.
std::vector<std::pair<std::string, std::string>> SpecialMeasureOptions() {
  return {{"screens", "Screens in the courtroom"},
          {"live_link", "Live link from outside the courtroom"},
          {"evidence_in_private", "Evidence given in private"},
          {"wigs_and_gowns_removed", "Wigs and gowns removed"},
          {"video_recorded_interview", "Video-recorded interview as evidence"},
          {"intermediary", "Help from an intermediary"},
          {"communication_aids", "Communication aids"}};
}

std::vector<FormField> NeedsAssessmentFields() {
  std::vector<FormField> fields;
  bool first = true;
  for (const auto& q : app::ScreeningQuestions()) {
    FormField f{std::string("screening.") + q.field, q.question, FieldKind::kYesNo, {}, true, ""};
    if (first) {
      f.section = "Screening: vulnerable or intimidated";
      f.hint =
          "Ask every victim and witness. A yes records them as vulnerable, intimidated or "
          "persistently targeted, which gives them the enhanced service.";
    }
    first = false;
    fields.push_back(std::move(f));
  }
  FormField court{
      "willing_to_attend_court", "Willing to attend court?", FieldKind::kYesNo, {}, true, ""};
  court.section = "Court";
  fields.push_back(std::move(court));
  fields.push_back(
      {"special_measures_needed", "Special measures needed?", FieldKind::kYesNo, {}, true, ""});
  fields.push_back({"special_measures", "Special measures they may need", FieldKind::kChecks,
                    SpecialMeasureOptions(), false,
                    "The court decides whether to allow them: do not promise them."});
  fields.push_back({"dates_to_avoid",
                    "Dates to avoid",
                    FieldKind::kDateList,
                    {},
                    true,
                    "Dates they cannot attend court, as DD/MM/YYYY, separated by commas. Enter "
                    "none if there are none."});
  FormField contact{"preferred_contact",
                    "Preferred way to be contacted",
                    FieldKind::kSelect,
                    kChannels,
                    true,
                    ""};
  contact.section = "Communication and needs";
  fields.push_back(std::move(contact));
  fields.push_back(
      {"contact_times", "Best times to contact them", FieldKind::kText, {}, false, ""});
  fields.push_back(
      {"interpreter_needed", "Do they need an interpreter?", FieldKind::kYesNo, {}, true, ""});
  fields.push_back({"interpreter_language",
                    "Interpreter's language",
                    FieldKind::kText,
                    {},
                    false,
                    "If they need an interpreter: which language, for example Polish or British "
                    "Sign Language."});
  fields.push_back({"particular_needs",
                    "Particular needs",
                    FieldKind::kChecks,
                    {{"disability", "Disability"},
                     {"healthcare", "Healthcare"},
                     {"childcare", "Childcare"},
                     {"transport", "Transport"},
                     {"language", "Language"},
                     {"visual_impairment", "Visual impairment"},
                     {"mobility", "Mobility"},
                     {"other", "Other"}},
                    false,
                    ""});
  fields.push_back({"notes", "About their needs", FieldKind::kLongText, {}, false, ""});
  fields.push_back({"large_print", "Large print?", FieldKind::kYesNo, {}, false, ""});
  fields.push_back({"easy_read", "Easy read?", FieldKind::kYesNo, {}, false, ""});
  FormField vps{"vps_offered",
                "Victim Personal Statement offered?",
                FieldKind::kYesNo,
                {},
                false,
                "Ask this of every victim. Leave it blank for a witness who is not a victim."};
  vps.section = "What they were told";
  fields.push_back(std::move(vps));
  fields.push_back({"cjs_and_vps_explained",
                    "Criminal justice process and personal statement explained?",
                    FieldKind::kYesNo,
                    {},
                    false,
                    ""});
  fields.push_back(
      {"leaflet_given", "Information leaflet given?", FieldKind::kYesNo, {}, false, ""});
  fields.push_back({"witness_service_declined",
                    "Declined the Witness Service?",
                    FieldKind::kYesNo,
                    {},
                    false,
                    ""});
  return fields;
}

// What the Witness Care Unit records as it hears from the court or the CPS (issue 17). Each
// event's time is when the unit received it: its duties count from then.
void AddWitnessCareForms(std::vector<EventForm>& forms) {
  const FormField court{"court", "Court", FieldKind::kText, {}, true, ""};
  const FormField hearing_at{
      "hearing_at", "Date and time of the hearing", FieldKind::kDateTime, {}, true, ""};
  const std::string received = "When the unit received it is the time at the end of the form.";
  forms.push_back({"wcu.hearing_received",
                   "Record hearing details received",
                   "Witness Care: hearing details received",
                   false,
                   false,
                   {court,
                    hearing_at,
                    {"hearing",
                     "What the hearing is",
                     FieldKind::kText,
                     {},
                     false,
                     "For example: plea hearing, trial, sentencing. " + received}},
                   true});
  forms.push_back({"wcu.bail_outcome_received",
                   "Record a bail decision received",
                   "Witness Care: bail decision received",
                   false,
                   false,
                   {{"outcome",
                     "What the court decided",
                     FieldKind::kSelect,
                     {{"remanded_in_custody", "Remanded in custody"},
                      {"bail_granted", "Bail granted"},
                      {"bail_varied", "Bail conditions changed"},
                      {"warrant_issued", "Warrant issued: the defendant did not attend"},
                      {"arrested_on_warrant", "Arrested on the warrant"}},
                     true,
                     received},
                    {"conditions",
                     "Conditions and reasons",
                     FieldKind::kLongText,
                     {},
                     false,
                     "Write what the victim or witness should know, such as conditions that "
                     "protect them."}},
                   true});
  forms.push_back({"wcu.evidence_required",
                   "Record that someone is needed to give evidence",
                   "Witness Care: needed to give evidence",
                   true,
                   false,
                   {court,
                    hearing_at,
                    {"plea",
                     "Plea",
                     FieldKind::kSelect,
                     {{"not_guilty", "Not guilty"}, {"mixed", "Guilty to some charges only"}},
                     false,
                     received}},
                   true});
  forms.push_back(
      {"wcu.special_measures_decided",
       "Record the court's decision on special measures",
       "Witness Care: special measures decided",
       true,
       false,
       {{"decision",
         "What the court decided",
         FieldKind::kSelect,
         {{"granted", "Granted"}, {"partly_granted", "Partly granted"}, {"refused", "Refused"}},
         true,
         received},
        {"measures", "Measures allowed", FieldKind::kChecks, SpecialMeasureOptions(), false, ""}},
       true});
  forms.push_back({"wcu.court_result_received",
                   "Record the court result received",
                   "Witness Care: court result received",
                   false,
                   false,
                   {{"result",
                     "Result",
                     FieldKind::kSelect,
                     {{"convicted", "Convicted"},
                      {"acquitted", "Acquitted (not guilty)"},
                      {"discontinued", "Case discontinued"},
                      {"other", "Other"}},
                     true,
                     received},
                    {"sentence",
                     "Sentence, and what it means",
                     FieldKind::kLongText,
                     {},
                     false,
                     "In words the victim will read, for example: 12 months in prison, of which "
                     "about half is served before release on licence."}},
                   true});
}

// A Victims' Right to Review, asked for and decided (officers and sergeants), and a charge the
// CPS changed or dropped (also the Witness Care Unit, which hears it from the CPS).
void AddReviewForms(std::vector<EventForm>& forms) {
  const std::string victims_words = "In words the victim will read: it goes in their letter.";
  forms.push_back({"vrr.requested",
                   "Record a request for a review (Victims' Right to Review)",
                   "Review asked for (Victims' Right to Review)",
                   true,
                   true,
                   {{"decision_by",
                     "Whose decision not to charge they want reviewed",
                     FieldKind::kSelect,
                     {{"police", "The police's"}, {"cps", "The Crown Prosecution Service's"}},
                     true,
                     "Acknowledge it within 10 working days; the review's decision is due within "
                     "30."}}});
  forms.push_back({"vrr.decided",
                   "Record the review's decision",
                   "Review decided (Victims' Right to Review)",
                   true,
                   true,
                   {{"outcome",
                     "What the review decided",
                     FieldKind::kSelect,
                     {{"upheld", "The decision not to charge stands"},
                      {"overturned", "The decision is overturned"}},
                     true,
                     ""},
                    {"reason", "Why", FieldKind::kLongText, {}, false, victims_words}}});
  forms.push_back(
      {"cps.charge_altered",
       "Record a charge the CPS changed or dropped",
       "Charges changed or dropped by the CPS",
       false,
       true,
       {{"change",
         "What the CPS did",
         FieldKind::kSelect,
         {{"altered", "Changed the charges substantially"}, {"dropped", "Dropped the charges"}},
         true,
         ""},
        {"charges", "The charges now", FieldKind::kLongText, {}, false, ""},
        {"reason", "Why", FieldKind::kLongText, {}, false, victims_words}},
       true});
}

std::vector<EventForm> Build() {
  const FormField reason{"reason", "Reason", FieldKind::kLongText, {}, false, ""};
  const FormField flag{"flag",
                       "Flag",
                       FieldKind::kSelect,
                       {{"vulnerable", "Vulnerable"},
                        {"intimidated", "Intimidated"},
                        {"persistently_targeted", "Persistently targeted"},
                        {"repeat_victim", "Repeat victim"}},
                       true,
                       ""};
  std::vector<EventForm> forms = {
      {"suspect.arrested", "Record an arrest", "Suspect arrested", false, true, {Suspect()}},
      {"suspect.interviewed",
       "Record an interview",
       "Suspect interviewed",
       false,
       true,
       {Suspect()}},
      {"suspect.bailed",
       "Record bail",
       "Suspect bailed",
       false,
       true,
       {Suspect(),
        {"conditions",
         "Bail conditions",
         FieldKind::kLongText,
         {},
         false,
         "Victims must be told of conditions that protect them."},
        {"return_date", "Date to answer bail", FieldKind::kDate, {}, false, ""}}},
      {"suspect.bail_changed",
       "Record a change to bail",
       "Bail changed",
       false,
       true,
       {Suspect(),
        {"conditions", "New bail conditions", FieldKind::kLongText, {}, false, ""},
        {"return_date", "New date to answer bail", FieldKind::kDate, {}, false, ""}}},
      {"suspect.released_under_investigation",
       "Record release under investigation",
       "Suspect released under investigation",
       false,
       true,
       {Suspect()}},
      {"suspect.released_nfa",
       "Record release with no further action",
       "Suspect released, no further action",
       false,
       true,
       {Suspect()}},
      {"suspect.charged",
       "Record a charge",
       "Suspect charged",
       false,
       true,
       {Suspect(), {"charges", "Charges", FieldKind::kLongText, {}, false, ""}}},
      {"suspect.out_of_court_disposal",
       "Record an out-of-court disposal",
       "Dealt with out of court",
       false,
       true,
       {Suspect(),
        {"disposal",
         "Disposal",
         FieldKind::kSelect,
         {{"caution", "Caution"},
          {"conditional_caution", "Conditional caution"},
          {"penalty_notice", "Penalty notice"},
          {"community_resolution", "Community resolution"},
          {"youth_caution", "Youth caution"}},
         true,
         ""}}},
      {"decision.no_charge",
       "Record a decision not to charge",
       "Decision not to charge",
       false,
       true,
       {Suspect(),
        reason,
        {"vrr_eligible",
         "Can the victim ask for this decision to be reviewed (Victims' Right to Review)?",
         FieldKind::kYesNo,
         {},
         true,
         ""}}},
      {"court.hearing_set",
       "Record a court hearing",
       "Court hearing set",
       false,
       true,
       {{"court", "Court", FieldKind::kText, {}, true, ""},
        {"hearing_at", "Date and time of the hearing", FieldKind::kDateTime, {}, true, ""}}},
      {"investigation.not_pursued",
       "Record that the investigation will not be pursued",
       "Investigation not pursued",
       false,
       true,
       {{"reason", "Reason", FieldKind::kLongText, {}, true, ""}}},
      {"case.reopened",
       "Reopen the case",
       "Case reopened",
       false,
       true,
       {{"reason", "Reason", FieldKind::kLongText, {}, true, ""}}},
      {"contract.agreed",
       "Record a contact agreement",
       "Contact agreement (how, when, how often)",
       true,
       false,
       {{"wants_updates", "Do they want to be kept up to date?", FieldKind::kYesNo, {}, true, ""},
        {"channel", "How they want to hear from us", FieldKind::kSelect, kChannels, false, ""},
        {"frequency_days",
         "How often, in days",
         FieldKind::kNumber,
         {},
         false,
         "Leave blank for the Code's standard (monthly, or as the rule set says)."},
        {"times", "Best times", FieldKind::kText, {}, false, "For example: weekdays after 6pm"},
        {"safe_to_contact.phone", "Is it safe to phone them?", FieldKind::kYesNo, {}, false, ""},
        {"safe_to_contact.sms",
         "Is it safe to send them text messages?",
         FieldKind::kYesNo,
         {},
         false,
         ""},
        {"safe_to_contact.email", "Is it safe to email them?", FieldKind::kYesNo, {}, false, ""},
        {"safe_to_contact.letter",
         "Is it safe to write to them?",
         FieldKind::kYesNo,
         {},
         false,
         ""},
        {"notes", "Notes", FieldKind::kLongText, {}, false, ""}}},
      {"needs.assessed", "Record a needs assessment (MG11)", "Needs assessment (MG11)", true, false,
       NeedsAssessmentFields()},
      {"referral.consented",
       "Record consent to a Victim Support referral",
       "Agreed to a Victim Support referral",
       true,
       false,
       {}},
      {"referral.opted_out",
       "Record an opt-out from a Victim Support referral",
       "Opted out of a Victim Support referral",
       true,
       false,
       {}},
      {"referral.sent",
       "Record a referral sent to Victim Support",
       "Referral sent to Victim Support",
       true,
       false,
       {}},
      {"information.given",
       "Record information given",
       "Information given",
       true,
       false,
       {{"item",
         "What was given",
         FieldKind::kSelect,
         {{"victims_of_crime_leaflet", "Information for Victims of Crime leaflet"},
          {"witness_leaflet", "Witness leaflet"},
          {"vps_offered", "Offered a Victim Personal Statement"},
          {"acknowledgement", "Written acknowledgement of the crime"},
          {"crime_prevention_advice", "Crime prevention advice"},
          {"compensation_information", "Information about compensation"}},
         true,
         ""}}},
      {"person.flagged",
       "Flag a person",
       "Person flagged (vulnerable, intimidated...)",
       true,
       false,
       {flag, reason}},
      {"person.unflagged", "Remove a flag", "Flag removed", true, false, {flag, reason}},
      {"person.details_changed",
       "Change contact details",
       "Contact details changed (address, phone, email, language)",
       true,
       false,
       {{"contact.address",
         "Address",
         FieldKind::kText,
         {},
         false,
         "House number and street, town. Leave blank to keep what we have."},
        {"contact.postcode", "Postcode", FieldKind::kText, {}, false, "For example, LL55 4TY"},
        {"contact.phone_mobile", "Mobile phone", FieldKind::kText, {}, false, ""},
        {"contact.phone_home", "Home phone", FieldKind::kText, {}, false, ""},
        {"contact.phone_work", "Work phone", FieldKind::kText, {}, false, ""},
        {"contact.email", "Email address", FieldKind::kText, {}, false, ""},
        {"language", "Preferred language", FieldKind::kText, {}, false, "For example, Welsh"},
        {"format",
         "Letters in",
         FieldKind::kSelect,
         {{"standard", "Standard print"},
          {"large_print", "Large print"},
          {"easy_read", "Easy read"}},
         false,
         ""},
        {"remove",
         "Remove details that are no longer right",
         FieldKind::kChecks,
         {{"address", "Address"},
          {"postcode", "Postcode"},
          {"phone_mobile", "Mobile phone"},
          {"phone_home", "Home phone"},
          {"phone_work", "Work phone"},
          {"email", "Email address"},
          {"language", "Preferred language"}},
         false,
         ""}}},
  };
  AddWitnessCareForms(forms);
  AddReviewForms(forms);
  return forms;
}

std::string Get(const std::map<std::string, std::string>& form, const std::string& name) {
  const auto it = form.find(name);
  if (it == form.end()) return {};
  const auto first = it->second.find_first_not_of(" \t\r\n");
  const auto last = it->second.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? std::string() : it->second.substr(first, last - first + 1);
}

// Minutes after midnight of "HH:MM", or -1.
int ParseClock(const std::string& t) {
  if (t.size() != 5 || t[2] != ':') return -1;
  for (const int i : {0, 1, 3, 4}) {
    if (t[i] < '0' || t[i] > '9') return -1;
  }
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  return h < 24 && m < 60 ? h * 60 + m : -1;
}

// A London date and time from "<name>.date" and "<name>.time"; nullopt for blank.
core::Result<std::optional<core::Instant>> DateTime(const std::map<std::string, std::string>& form,
                                                    const std::string& name,
                                                    const std::string& label,
                                                    core::LondonDates& london) {
  const std::string d = Get(form, name + ".date");
  const std::string t = Get(form, name + ".time");
  if (d.empty() && t.empty()) return std::optional<core::Instant>();
  const auto date = core::Date::Parse(d);
  if (!date) return core::InvalidArgument(fmt::format("{}: enter the date as YYYY-MM-DD", label));
  const int minute = t.empty() ? 0 : ParseClock(t);
  if (minute < 0)
    return core::InvalidArgument(
        fmt::format("{}: enter the time as HH:MM, for example 14:30", label));
  return std::optional<core::Instant>(london.At(*date, minute));
}

// Dates as entered ("DD/MM/YYYY" or "YYYY-MM-DD", separated by commas, semicolons or spaces)
// as a JSON list of YYYY-MM-DD; `true` for "none"; an empty list for blank.
core::Result<json> DateList(const std::string& text, const std::string& label) {
  std::string lower;
  for (const char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "none" || lower == "no" || lower == "none.") return json(true);
  json out = json::array();
  std::string token;
  auto take = [&]() -> core::Status {
    if (token.empty()) return {};
    std::optional<core::Date> d = core::Date::Parse(token);
    if (!d && token.size() == 10 && token[2] == '/' && token[5] == '/') {
      d = core::Date::Parse(token.substr(6, 4) + "-" + token.substr(3, 2) + "-" +
                            token.substr(0, 2));
    }
    if (!d) {
      return core::InvalidArgument(fmt::format(
          "{}: \"{}\" is not a date. Enter dates as DD/MM/YYYY, separated by commas, or none",
          label, token.substr(0, 40)));
    }
    if (out.size() >= 60)
      return core::InvalidArgument(fmt::format("{}: enter at most 60 dates", label));
    out.push_back(d->ToString());
    token.clear();
    return {};
  };
  for (const char c : text) {
    if (c == ',' || c == ';' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      if (auto status = take(); !status) return status.error();
    } else {
      token += c;
    }
  }
  if (auto status = take(); !status) return status.error();
  return out;
}

void Put(json& event, const std::string& name, json value) {
  const auto dot = name.find('.');
  if (dot == std::string::npos) {
    event[name] = std::move(value);
  } else {
    event[name.substr(0, dot)][name.substr(dot + 1)] = std::move(value);
  }
}

// Checks one field's answer and puts it into `event`: the first thing wrong with it, if any.
core::Status PutField(json& event, const FormField& f,
                      const std::map<std::string, std::string>& form, core::LondonDates& london) {
  const std::string value = Get(form, f.name);
  switch (f.kind) {
    case FieldKind::kText:
    case FieldKind::kLongText:
      if (!value.empty()) Put(event, f.name, value);
      break;
    case FieldKind::kDate:
      if (!value.empty()) {
        if (!core::Date::Parse(value))
          return core::InvalidArgument(fmt::format("{}: enter the date as YYYY-MM-DD", f.label));
        Put(event, f.name, value);
      }
      break;
    case FieldKind::kDateTime: {
      const auto at = DateTime(form, f.name, f.label, london);
      if (!at) return at.error();
      if (at->has_value()) Put(event, f.name, events::FormatInstant(**at));
      if (f.required && !at->has_value())
        return core::InvalidArgument(fmt::format("{}: enter a date and time", f.label));
      return {};
    }
    case FieldKind::kDateList: {
      auto dates = DateList(value, f.label);
      if (!dates) return dates.error();
      if (dates->is_boolean()) {
        Put(event, "none", true);  // events.md: `dates_to_avoid` or `none: true`
      } else if (!dates->empty()) {
        Put(event, f.name, *dates);
      }
      break;
    }
    case FieldKind::kNumber:
      if (!value.empty()) {
        // The one number the forms ask for is an agreed interval between updates.
        if (value.size() > 4 || value.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(value) < 1 || std::stoi(value) > domain::kMaxFrequencyDays) {
          return core::InvalidArgument(fmt::format("{}: enter a whole number from 1 to {}", f.label,
                                                   domain::kMaxFrequencyDays));
        }
        Put(event, f.name, std::stoi(value));
      }
      break;
    case FieldKind::kSelect:
      if (!value.empty()) {
        bool offered = false;
        for (const auto& [v, label] : f.options) offered |= v == value;
        if (!offered)
          return core::InvalidArgument(fmt::format("{}: choose one of the options", f.label));
        Put(event, f.name, value);
      }
      break;
    case FieldKind::kYesNo:
      if (value == "yes" || value == "no") {
        Put(event, f.name, value == "yes");
      } else if (!value.empty()) {
        return core::InvalidArgument(fmt::format("{}: answer yes or no", f.label));
      }
      break;
    case FieldKind::kChecks: {
      json chosen = json::array();
      for (const auto& [v, label] : f.options) {
        if (!Get(form, f.name + "." + v).empty()) chosen.push_back(v);
      }
      if (!chosen.empty()) Put(event, f.name, chosen);
      if (f.required && chosen.empty())
        return core::InvalidArgument(fmt::format("{}: choose at least one", f.label));
      return {};
    }
  }
  if (f.required && value.empty()) {
    return core::InvalidArgument(fmt::format("{}: {}", f.label,
                                             f.kind == FieldKind::kYesNo ? "answer yes or no"
                                             : f.kind == FieldKind::kDateList
                                                 ? "enter the dates, or none"
                                                 : "this is required"));
  }
  return {};
}

}  // namespace

std::string Worded(const FormField& f, const std::string& message) {
  const std::string prefix = f.label + ": ";
  if (f.label.empty() || f.label.back() != '?' || message.rfind(prefix, 0) != 0) return message;
  std::string rest = message.substr(prefix.size());
  if (rest.empty()) return message;
  rest[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0])));
  return f.label + " " + rest + (rest.back() == '.' ? "" : ".");
}

std::string InputIdOf(const FormField& f) {
  std::string id = "f-" + f.name;
  std::replace(id.begin(), id.end(), '.', '-');
  switch (f.kind) {
    case FieldKind::kYesNo:
      return id + "-yes";
    case FieldKind::kChecks:
      return f.options.empty() ? id : id + "-" + f.options.front().first;
    case FieldKind::kDateTime:
      return id + "-date";
    default:
      return id;
  }
}

const std::vector<EventForm>& EventForms() {
  static const std::vector<EventForm> forms = Build();
  return forms;
}

const EventForm* FindEventForm(std::string_view type) {
  for (const auto& f : EventForms()) {
    if (f.type == type) return &f;
  }
  return nullptr;
}

core::Result<std::string> EventLine(const EventForm& spec,
                                    const std::map<std::string, std::string>& form,
                                    const std::string& crime, const std::string& id,
                                    const std::string& by, core::Instant now,
                                    core::LondonDates& london, std::vector<FormProblem>* problems) {
  json event = {{"id", id}, {"type", spec.type}, {"crime", crime}, {"by", by}};
  const auto when = DateTime(form, "when", "When it happened", london);
  if (!when) return when.error();
  if (when->has_value() && **when > now + 60000) {
    return core::InvalidArgument("When it happened: the date and time cannot be in the future");
  }
  event["at"] = events::FormatInstant(when->value_or(now));
  if (spec.about_person) {
    const std::string person = Get(form, "person");
    if (person.empty()) return core::InvalidArgument("Who it is about: choose a person");
    event["person"] = person;
  }
  std::vector<FormProblem> found;
  for (const auto& f : spec.fields) {
    if (auto status = PutField(event, f, form, london); !status)
      found.push_back({InputIdOf(f), Worded(f, status.error().message)});
  }
  if (!found.empty()) {
    const std::string first = found.front().message;
    if (problems != nullptr) *problems = std::move(found);
    return core::InvalidArgument(first);
  }
  return event.dump();
}

}  // namespace cf::http
