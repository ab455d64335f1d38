#include "app/case_record.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/case_derivation.hpp"
#include "app/needs_assessment.hpp"
#include "app/work_queue.hpp"
#include "core/london_time.hpp"
#include "rules/explain.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

// "domestic_abuse" -> "domestic abuse": vocabulary words as people read them.
std::string Words(std::string_view id) {
  std::string out(id);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string Str(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "yes" : "no";
  if (it->is_array()) {
    std::string out;
    for (const auto& v : *it)
      out += (out.empty() ? "" : ", ") + Words(v.is_string() ? v.get<std::string>() : v.dump());
    return out;
  }
  return it->dump();
}

void Add(std::vector<LabelledValue>& out, const char* label, std::string value) {
  if (!value.empty()) out.push_back({label, std::move(value)});
}

void AddDetail(std::vector<std::string>& out, const char* label, const std::string& value) {
  if (!value.empty()) out.push_back(fmt::format("{}: {}", label, value));
}

std::vector<LabelledValue> Needs(const json& j) {
  std::vector<LabelledValue> out;
  if (const auto screening = j.find("screening"); screening != j.end() && screening->is_object()) {
    std::string yes;
    std::string no;
    for (const auto& q : ScreeningQuestions()) {
      const auto a = screening->find(q.field);
      if (a == screening->end() || !a->is_boolean()) continue;
      std::string& list = a->get<bool>() ? yes : no;
      list += (list.empty() ? "" : ", ") + std::string(q.topic);
    }
    Add(out, "Screening: yes", yes);
    Add(out, "Screening: no", no);
  }
  Add(out, "Preferred contact", Words(Str(j, "preferred_contact")));
  Add(out, "Best times", Str(j, "contact_times"));
  if (const auto none = j.find("none"); none != j.end() && none->is_boolean() && *none) {
    Add(out, "Dates to avoid", "none");
  } else {
    std::string dates;  // "14 Apr 2027, 1 May 2027"
    if (const auto d = j.find("dates_to_avoid"); d != j.end() && d->is_array()) {
      for (const auto& v : *d) {
        const auto date = v.is_string() ? core::Date::Parse(v.get<std::string>()) : std::nullopt;
        dates += (dates.empty() ? "" : ", ") + (date ? date->ToDayMonthYear() : v.dump());
      }
    }
    Add(out, "Dates to avoid", dates);
  }
  Add(out, "Willing to attend court", Str(j, "willing_to_attend_court"));
  Add(out, "Special measures needed", Str(j, "special_measures_needed"));
  Add(out, "Special measures", Str(j, "special_measures"));
  std::string needs = Str(j, "particular_needs");
  if (const std::string notes = Str(j, "notes"); !notes.empty())
    needs += (needs.empty() ? "" : " (") + notes + (needs.empty() ? "" : ")");
  Add(out, "Particular needs", needs);
  Add(out, "Interpreter needed", Str(j, "interpreter_needed"));
  Add(out, "Interpreter", Str(j, "interpreter_language"));
  Add(out, "Large print", Str(j, "large_print"));
  Add(out, "Easy read", Str(j, "easy_read"));
  Add(out, "Victim Personal Statement offered", Str(j, "vps_offered"));
  Add(out, "Criminal justice system and personal statement explained",
      Str(j, "cjs_and_vps_explained"));
  Add(out, "Leaflet given", Str(j, "leaflet_given"));
  Add(out, "Medical records consent", Str(j, "medical_records_consent"));
  Add(out, "Witness Service declined", Str(j, "witness_service_declined"));
  return out;
}

std::vector<LabelledValue> Contract(const json& j) {
  std::vector<LabelledValue> out;
  if (!j.value("wants_updates", true)) {
    Add(out, "Updates", "does not want updates");
  } else if (const auto f = j.find("frequency_days"); f != j.end() && f->is_number_integer()) {
    Add(out, "Updates", fmt::format("every {} days", f->get<int64_t>()));
  } else {
    Add(out, "Updates", "wants updates (no frequency agreed)");
  }
  Add(out, "How", Words(Str(j, "channel")));
  Add(out, "When", Str(j, "times"));
  if (const auto safe = j.find("safe_to_contact"); safe != j.end() && safe->is_object()) {
    std::string yes, no;
    for (const auto& [channel, ok] : safe->items()) {
      std::string& list = ok.is_boolean() && ok.get<bool>() ? yes : no;
      list += (list.empty() ? "" : ", ") + Words(channel);
    }
    Add(out, "Safe to use", yes);
    Add(out, "Not safe to use", no);
  }
  Add(out, "Notes", Str(j, "notes"));
  return out;
}

std::vector<LabelledValue> ContactDetails(const domain::PersonDetails& d) {
  std::vector<LabelledValue> out;
  Add(out, "Address", d.address.value_or(""));
  Add(out, "Postcode", d.postcode.value_or(""));
  Add(out, "Mobile", d.phone_mobile.value_or(""));
  Add(out, "Home phone", d.phone_home.value_or(""));
  Add(out, "Work phone", d.phone_work.value_or(""));
  Add(out, "Email", d.email.value_or(""));
  Add(out, "Date of birth", d.date_of_birth ? d.date_of_birth->ToDayMonthYear() : "");
  Add(out, "Language", d.language.value_or(""));
  Add(out, "Letters in", Words(d.format.value_or("")));
  return out;
}

// What a person.details_changed changed, in words, for the timeline.
std::vector<std::string> ChangedDetails(const domain::PersonDetails& d) {
  std::vector<std::string> out;
  auto said = [&](const char* label, const std::optional<std::string>& v) {
    if (v)
      out.push_back(v->empty() ? fmt::format("{}: removed", label)
                               : fmt::format("{}: {}", label, *v));
  };
  const std::string name = domain::DisplayName(d);
  if (!name.empty()) out.push_back("Name: " + name);
  if (d.date_of_birth) out.push_back("Date of birth: " + d.date_of_birth->ToDayMonthYear());
  said("Address", d.address);
  said("Postcode", d.postcode);
  said("Mobile", d.phone_mobile);
  said("Home phone", d.phone_home);
  said("Work phone", d.phone_work);
  said("Email", d.email);
  said("Language", d.language);
  if (d.format) out.push_back("Letters in: " + Words(*d.format));
  return out;
}

// One line of the timeline, in plain words.
// A hearing's time as London reads it ("Mon 23 Aug 2026 at 10:00"); as given when it is not a
// timestamp (court.hearing_set takes free text).
std::string HearingText(core::LondonDates& london, const std::string& given) {
  const auto at = core::ParseRfc3339(given);
  if (!at) return given;
  return london.DateOf(*at).ToLongString() + " at " + london.ClockOf(*at);
}

TimelineEntry Entry(const json& j, const domain::Event& e, const std::string& name_of_person,
                    core::LondonDates& london) {
  TimelineEntry t;
  t.type = e.type;
  t.by = Str(j, "by");
  const std::string who = name_of_person.empty() ? e.person : name_of_person;
  const std::string suspect = Str(j, "suspect");
  const std::string s = suspect.empty() ? "Suspect" : "Suspect " + suspect;
  using T = domain::EventType;
  switch (e.type) {
    case T::kCrimeRecorded:
      t.title = "Crime recorded: " + Str(j, "crime_type");
      AddDetail(t.details, "Unit", Str(j, "unit"));
      AddDetail(t.details, "Officer in case", Str(j, "officer"));
      AddDetail(t.details, "Offence date", Str(j, "offence_date"));
      AddDetail(t.details, "Flags", Str(j, "flags"));
      break;
    case T::kPersonAdded:
      t.title = fmt::format("{} added as {}", who, Words(Str(j, "role")));
      AddDetail(t.details, "Flags", Str(j, "flags"));
      break;
    case T::kPersonDetailsChanged:
      t.title = fmt::format("Contact details of {} changed", who);
      if (e.details) t.details = ChangedDetails(*e.details);
      break;
    case T::kPersonFlagged:
      t.title = fmt::format("{} flagged {}", who, Words(Str(j, "flag")));
      break;
    case T::kPersonUnflagged:
      t.title = fmt::format("{} no longer flagged {}", who, Words(Str(j, "flag")));
      break;
    case T::kNeedsAssessed:
      t.title = "Needs assessed for " + who;
      break;
    case T::kContractAgreed:
      t.title = "Contact agreement with " + who;
      for (const auto& f : Contract(j)) t.details.push_back(f.label + ": " + f.value);
      break;
    case T::kReferralConsented:
      t.title = who + " agreed to a referral to Victim Support";
      break;
    case T::kReferralOptedOut:
      t.title = who + " opted out of a referral to Victim Support";
      break;
    case T::kReferralSent:
      t.title = "Referral sent to Victim Support for " + who;
      break;
    case T::kInformationGiven:
      t.title = fmt::format("{} given to {}", Words(Str(j, "item")), who);
      break;
    case T::kOfficerAssigned:
      t.title = fmt::format("Case assigned to officer {}", Str(j, "officer"));
      AddDetail(t.details, "Unit", Str(j, "unit"));
      break;
    case T::kInvestigationNotPursued:
      t.title = "Investigation not pursued";
      break;
    case T::kSuspectArrested:
      t.title = s + " arrested";
      break;
    case T::kSuspectInterviewed:
      t.title = s + " interviewed";
      break;
    case T::kSuspectReleasedNfa:
      t.title = s + " released with no further action";
      break;
    case T::kSuspectReleasedUnderInvestigation:
      t.title = s + " released under investigation";
      break;
    case T::kSuspectBailed:
      t.title = s + " bailed";
      break;
    case T::kSuspectBailChanged:
      t.title = s + ": bail changed";
      break;
    case T::kSuspectCharged:
      t.title = s + " charged";
      break;
    case T::kSuspectOutOfCourtDisposal:
      t.title = s + " dealt with out of court";
      break;
    case T::kDecisionNoCharge:
      t.title = "Decision not to charge";
      if (e.vrr_eligible) t.details.push_back("Eligible for the Victims' Right to Review");
      break;
    case T::kCourtHearingSet:
      t.title = "Court hearing set";
      break;
    case T::kCaseClosed:
      t.title = "Case closed: " + Words(Str(j, "outcome"));
      AddDetail(t.details, "What the victim is told", Str(j, "reason"));
      AddDetail(t.details, "Internal note (staff only)", Str(j, "internal_note"));
      break;
    case T::kCaseReopened:
      t.title = "Case reopened";
      break;
    case T::kCaseHandedToWcu:
      t.title = "Handed to the Witness Care Unit " + Str(j, "unit");
      AddDetail(t.details, "Supervisor override", Str(j, "gate_override"));
      break;
    case T::kWcuHearingReceived:
      t.title = "Witness Care: hearing details received";
      break;
    case T::kWcuBailOutcomeReceived:
      t.title = "Witness Care: bail decision received: " + Words(Str(j, "outcome"));
      break;
    case T::kWcuEvidenceRequired:
      t.title = "Witness Care: witnesses needed to give evidence";
      AddDetail(t.details, "Plea", Words(Str(j, "plea")));
      break;
    case T::kWcuSpecialMeasuresDecided:
      t.title = "Witness Care: special measures " + Words(Str(j, "decision"));
      AddDetail(t.details, "Measures", Str(j, "measures"));
      break;
    case T::kWcuCourtResultReceived:
      t.title = "Witness Care: court result received: " + Words(Str(j, "result"));
      AddDetail(t.details, "Sentence", Str(j, "sentence"));
      break;
    case T::kVrrRequested:
      t.title = fmt::format("{} asked for a review of the {} decision not to charge", who,
                            Str(j, "decision_by") == "cps" ? "CPS's" : "police's");
      break;
    case T::kVrrDecided:
      t.title = fmt::format("Review for {}: decision {}", who,
                            Str(j, "outcome") == "overturned" ? "overturned" : "upheld");
      break;
    case T::kCpsChargeAltered:
      t.title = Str(j, "change") == "dropped" ? "The CPS dropped the charges"
                                              : "The CPS changed the charges";
      break;
    case T::kContactMade:
      t.contact = true;
      t.title =
          fmt::format("{} with {}: {}", Words(Str(j, "channel")), who, Words(Str(j, "outcome")));
      AddDetail(t.details, "Covers", Str(j, "covers"));
      AddDetail(t.details, "Summary", Str(j, "summary"));
      break;
  }
  AddDetail(t.details, "Conditions", Str(j, "conditions"));
  AddDetail(t.details, "Return date", Str(j, "return_date"));
  AddDetail(t.details, "Charges", Str(j, "charges"));
  AddDetail(t.details, "Disposal", Words(Str(j, "disposal")));
  AddDetail(t.details, "Court", Str(j, "court"));
  AddDetail(t.details, "Hearing", HearingText(london, Str(j, "hearing_at")));
  AddDetail(t.details, "Reason", Str(j, "reason"));
  if (e.type != T::kContactMade) AddDetail(t.details, "Notes", Str(j, "notes"));
  if (!t.title.empty())
    t.title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t.title[0])));
  return t;
}

}  // namespace

std::string StatusText(rules::ObligationStatus s) {
  switch (s) {
    case rules::ObligationStatus::kOpen:
      return "Open";
    case rules::ObligationStatus::kOverdue:
      return "Overdue";
    case rules::ObligationStatus::kMet:
      return "Met";
    case rules::ObligationStatus::kMetLate:
      return "Met late";
    case rules::ObligationStatus::kNotRequired:
      return "Not required";
  }
  return "";
}

core::Result<CaseRecord> ReadCaseRecord(storage::CaseStore& store,
                                        const rules::ObligationEngine& engine,
                                        const rules::RuleLibrary& library, const std::string& crime,
                                        core::Date today) {
  const auto bodies = store.EventBodies(crime);
  if (bodies.empty()) return core::NotFound(fmt::format("no case {}", crime));
  const auto file = ParseStoredCase(crime, bodies);
  CaseRecord record;
  for (int f = 0; f < domain::kCrimeFlagCount; ++f) {
    if (file.recorded().crime_flags & (1u << f))
      record.crime_flags.push_back(Words(domain::Name(static_cast<domain::CrimeFlag>(f))));
  }

  core::LondonDates london;
  // Other organisations by name (as listed; an id no longer listed in words).
  std::map<std::string, std::string> organisation_names;
  for (const auto& o : store.Organisations())
    organisation_names[o.id] = o.active ? o.name : o.name + " (withdrawn)";
  auto organisation = [&](const std::string& id) {
    const auto it = organisation_names.find(id);
    return it != organisation_names.end() ? it->second : Words(id);
  };
  // What each person last said of each other organisation: (person, id) -> words.
  std::map<std::pair<std::string, std::string>, std::string> choices;
  std::map<std::string, size_t> person_index;
  std::map<std::string, domain::PersonDetails> details;  // by person, as corrected so far
  std::map<std::string, json> needs;                     // by person, answers so far
  struct Hearing {
    core::Date day;
    std::string what;    // "the trial at Leeds Crown Court"
    std::string person;  // who is needed; "" everyone
  };
  std::vector<Hearing> hearings;
  std::map<std::string, domain::Role> roles;  // by person
  for (const auto& e : file.events) {
    const json j = json::parse(bodies[e.line - 1]);
    if (e.type == domain::EventType::kPersonAdded) {
      person_index[e.person] = record.people.size();
      roles[e.person] = e.role;
      PersonRecord p;
      p.person = e.person;
      p.role = Words(domain::Name(e.role));
      p.display_name = e.display_name;
      p.represents = e.represents;
      if (e.details) details[e.person] = *e.details;
      p.contact_details = ContactDetails(details[e.person]);
      record.people.push_back(std::move(p));
    } else if (e.type == domain::EventType::kPersonDetailsChanged && person_index.count(e.person)) {
      // Shown as corrected; the timeline keeps what each change said.
      domain::PersonDetails& held = details[e.person];
      if (e.details) domain::Overlay(held, *e.details);
      PersonRecord& p = record.people[person_index[e.person]];
      if (const std::string name = domain::DisplayName(held); !name.empty()) p.display_name = name;
      p.contact_details = ContactDetails(held);
    } else if (e.type == domain::EventType::kNeedsAssessed && person_index.count(e.person)) {
      json& merged = needs[e.person];
      MergeAssessment(merged, j);
      record.people[person_index[e.person]].needs = Needs(merged);
    } else if (e.type == domain::EventType::kContractAgreed && person_index.count(e.person)) {
      record.people[person_index[e.person]].contract = Contract(j);
    } else if (e.type == domain::EventType::kWcuHearingReceived ||
               e.type == domain::EventType::kWcuEvidenceRequired) {
      if (const auto at = core::ParseRfc3339(Str(j, "hearing_at"))) {
        const std::string hearing = Str(j, "hearing");
        hearings.push_back(
            {london.DateOf(*at),
             fmt::format("the {} at {}", hearing.empty() ? "hearing" : hearing, Str(j, "court")),
             e.type == domain::EventType::kWcuEvidenceRequired ? e.person : ""});
      }
    }
    std::string name;
    if (const auto it = person_index.find(e.person); it != person_index.end()) {
      name = record.people[it->second].display_name;
    }
    TimelineEntry entry = Entry(j, e, name, london);
    if (!e.referral_to.empty()) {
      const std::string to = organisation(e.referral_to);
      const std::string who = name.empty() ? e.person : name;
      const std::string on = london.DateOf(e.at).ToLongString();
      if (e.type == domain::EventType::kReferralConsented) {
        entry.title = fmt::format("{} agreed to a referral to {}", who, to);
        choices[{e.person, e.referral_to}] = "agreed on " + on;
      } else if (e.type == domain::EventType::kReferralOptedOut) {
        entry.title = fmt::format("{} does not want a referral to {}", who, to);
        choices[{e.person, e.referral_to}] = "does not want a referral (said on " + on + ")";
      } else {
        entry.title = fmt::format("Referral sent to {} for {}", to, who);
      }
    }
    entry.date = london.DateOf(e.at).ToLongString();
    entry.time = london.ClockOf(e.at);
    record.timeline.push_back(std::move(entry));
  }
  // Hearings to come on a day someone needed there asked to avoid.
  std::set<std::string> clashes;  // one line however many events repeat the hearing
  for (const auto& h : hearings) {
    if (h.day < today) continue;
    for (const auto& [person, answers] : needs) {
      const auto role = roles.find(person);
      if (role == roles.end() ||
          (role->second != domain::Role::kVictim && role->second != domain::Role::kWitness))
        continue;
      if (!h.person.empty() && h.person != person) continue;
      const auto dates = answers.find("dates_to_avoid");
      if (dates == answers.end() || !dates->is_array()) continue;
      for (const auto& d : *dates) {
        if (!d.is_string() || core::Date::Parse(d.get<std::string>()) != h.day) continue;
        const auto& p = record.people[person_index[person]];
        const std::string line = fmt::format(
            "{} ({}) asked to avoid {}, the day of {}: tell the CPS, so that the "
            "court can consider it",
            p.display_name.empty() ? person : p.display_name, person, h.day.ToLongString(), h.what);
        if (clashes.insert(line).second) record.hearing_clashes.push_back(line);
      }
    }
  }
  for (auto& a : NeedsAssessments(file, bodies)) {
    PersonRecord& p = record.people[person_index[a.person]];
    p.assessed_on_mg11 = true;
    p.still_to_ask = std::move(a.missing);
  }
  for (const auto& r : store.CaseReferrals(crime)) {
    const auto it = person_index.find(r.person);
    if (it == person_index.end()) continue;
    const bool victim_support = r.organisation == "victim_support";
    const std::string to =
        victim_support ? std::string("Victim Support") : organisation(r.organisation);
    const auto sent = core::ParseRfc3339(r.created_at);
    const auto said = core::ParseRfc3339(r.status_at);
    std::string line =
        fmt::format("{} on {} by {}", victim_support ? "Referred" : "referred",
                    sent ? london.DateOf(*sent).ToLongString() : r.created_at,
                    r.sent_by.rfind("http:", 0) == 0 ? "electronic referral" : "file transfer");
    if (r.status == domain::ReferralStatus::kSent) {
      line += fmt::format(": {} has not replied yet", to);
    } else {
      line +=
          fmt::format(": {} on {}",
                      r.status == domain::ReferralStatus::kReceived ? "received by " + to
                                                                    : Words(domain::Name(r.status)),
                      said ? london.DateOf(*said).ToLongString() : r.status_at);
    }
    if (!r.note.empty()) line += fmt::format(" (\u201c{}\u201d)", r.note);
    if (victim_support) {
      record.people[it->second].referrals.push_back(std::move(line));
    } else {
      std::string& choice = choices[{r.person, r.organisation}];
      choice += (choice.empty() ? "" : "; ") + line;
    }
  }
  for (const auto& [key, words] : choices) {
    const auto it = person_index.find(key.first);
    if (it == person_index.end()) continue;
    record.people[it->second].other_referrals.push_back(
        fmt::format("{}: {}", organisation(key.second), words));
  }
  // Newest first: events are in the order recorded, which is not always the order they happened.
  std::vector<size_t> order(file.events.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return file.events[a].at > file.events[b].at; });
  std::vector<TimelineEntry> sorted;
  sorted.reserve(order.size());
  for (const size_t i : order) sorted.push_back(std::move(record.timeline[i]));
  record.timeline = std::move(sorted);

  const rules::Selection selection = StoredSelection(store, library);
  const auto rule_sets = engine.RuleSetsFor(file, selection);
  const auto computed = engine.Compute(file, selection, today);
  if (!computed || !rule_sets) {
    record.error = !computed ? computed.error().message : rule_sets.error().message;
    return record;
  }
  for (auto& p : record.people) {
    for (const rules::RuleSet* rs : *rule_sets) {
      for (auto& why : rules::EnhancedReasons(*rs, file, p.person, today))
        p.enhanced.push_back(std::move(why));
    }
    // Flags in force today.
    const uint32_t flags = PersonFlags(file, p.person, today).value_or(0);
    for (int f = 0; f < domain::kPersonFlagCount; ++f) {
      if (flags & (1u << f))
        p.flags.push_back(Words(domain::Name(static_cast<domain::PersonFlag>(f))));
    }
  }
  const auto row = store.FindCase(crime);
  std::map<std::string, std::string> names;
  for (const auto& p : record.people) names[p.person] = p.display_name;
  const storage::CaseRow owner = row.value_or(storage::CaseRow{});
  int n = 0;
  for (const auto& o : *computed) {
    ExplainedObligation x;
    x.row = ToRow(file, o, n++, owner);
    x.what = WhatToDo(library, x.row);
    x.status = o.status;
    x.explanation = rules::Explain(engine, file, o, today, &names);
    record.obligations.push_back(std::move(x));
  }
  return record;
}

}  // namespace cf::app
