#include "app/subject_access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>
#include <vector>

#include "app/case_derivation.hpp"
#include "app/retention.hpp"
#include "domain/person_details.hpp"

namespace cf::app {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMostPeople = 200;

std::string FoldedText(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string PhoneDigits(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

Json Details(const domain::PersonDetails& d) {
  Json out = Json::object();
  const auto put = [&](const char* key, const std::optional<std::string>& v) {
    if (v && !v->empty()) out[key] = *v;
  };
  put("title", d.title);
  put("given", d.given);
  put("family", d.family);
  if (d.date_of_birth) out["date_of_birth"] = d.date_of_birth->ToString();
  for (const auto& field : domain::ContactFields())
    put(std::string(field.name).c_str(), d.*field.slot);
  put("language", d.language);
  put("format", d.format);
  return out;
}

// Whether the person `details` describe is the one the query asks about.
bool Matches(const SubjectQuery& q, const domain::PersonDetails& d) {
  if (q.date_of_birth && d.date_of_birth != q.date_of_birth) return false;
  if (!q.email.empty()) return d.email && FoldedText(*d.email) == FoldedText(q.email);
  if (!q.phone.empty()) {
    const std::string want = PhoneDigits(q.phone);
    for (const auto* phone : {&d.phone_home, &d.phone_work, &d.phone_mobile}) {
      if (*phone && PhoneDigits(**phone) == want) return true;
    }
    return false;
  }
  const std::string name = FoldedText(d.given.value_or("") + " " + d.family.value_or(""));
  return !q.name.empty() && name == FoldedText(q.name);
}

// Everything held on `person` of `crime`; `withheld` counts what is left out, and why.
Json SubjectRecord(Services& s, const std::string& crime, const std::string& person,
                   const domain::CaseFile& file, const std::vector<std::string>& bodies) {
  Json out;
  out["crime"] = crime;
  if (const auto row = s.cases.FindCase(crime)) {
    out["case"] = {{"crime_type", row->crime_type},
                   {"recorded_on", row->recorded_on.ToString()},
                   {"unit", row->unit},
                   {"officer", row->officer},
                   {"closed", row->closed}};
  }
  out["person"] = person;
  for (const auto& p : s.cases.CasePeople(crime)) {
    if (p.person == person) out["role"] = domain::Name(p.role);
  }
  if (const auto held = CurrentDetails(file, person)) out["details_held"] = Details(*held);
  if (const auto flags = PersonFlags(file, person)) {
    out["flags"] = Json::array();
    for (int f = 0; f < domain::kPersonFlagCount; ++f) {
      if (*flags & (1u << f))
        out["flags"].push_back(domain::Name(static_cast<domain::PersonFlag>(f)));
    }
  }

  Json events = Json::array();
  int suspects = 0;
  int others = 0;
  int case_fields = 0;
  for (const auto& body : bodies) {
    Json e = Json::parse(body);
    const std::string type = e.value("type", "");
    const std::string named = e.contains("person") && e["person"].is_string()
                                  ? e["person"].get<std::string>()
                                  : std::string();
    if (type.starts_with("suspect.")) {
      ++suspects;
      continue;
    }
    if (!named.empty() && named != person) {
      ++others;
      continue;
    }
    e.erase("suspect");
    if (named.empty()) {
      // The case's own event: only its codes, times and answers. Its words (a closing's
      // reason, bail conditions, charges) and fields from outside may name others.
      Json kept = Json::object();
      for (auto& [key, value] : e.items()) {
        if (IsKeptField(key)) {
          kept[key] = std::move(value);
        } else if (!value.is_null() && !(value.is_string() && value.get<std::string>().empty())) {
          ++case_fields;
        }
      }
      e = std::move(kept);
    }
    events.push_back(std::move(e));
  }
  out["events"] = std::move(events);

  Json duties = Json::array();
  for (const auto& o : s.cases.CaseObligations(crime)) {
    if (o.person != person) continue;
    Json d = {{"duty", o.duty},
              {"instance", o.instance},
              {"rule_set", o.rule_set},
              {"deadline", o.deadline.ToString()},
              {"enhanced", o.enhanced}};
    if (o.met_at) d["met_on"] = o.met_at->ToString();
    if (!o.not_required.empty()) d["not_required"] = o.not_required;
    duties.push_back(std::move(d));
  }
  out["duties"] = std::move(duties);

  Json messages = Json::array();
  for (const auto& m : s.cases.CaseOutbox(crime)) {
    if (m.person != person) continue;
    messages.push_back({{"channel", m.channel},
                        {"to", m.recipient},
                        {"subject", m.subject},
                        {"words", m.body_text},
                        {"status", domain::Name(m.status)},
                        {"created_at", m.created_at},
                        {"updated_at", m.updated_at}});
  }
  out["messages"] = std::move(messages);

  Json referrals = Json::array();
  for (const auto& r : s.cases.CaseReferrals(crime)) {
    if (r.person != person) continue;
    referrals.push_back({{"organisation", r.organisation},
                         {"sent_at", r.created_at},
                         {"status", domain::Name(r.status)},
                         {"status_at", r.status_at},
                         {"note", r.note}});
  }
  out["referrals"] = std::move(referrals);

  Json call_backs = Json::array();
  for (const auto& c : s.cases.CaseCallBacks(crime)) {
    if (c.person != person) continue;
    call_backs.push_back({{"asked", c.request},
                          {"raised_at", c.raised_at},
                          {"done_at", c.done_at},
                          {"outcome", c.outcome}});
  }
  out["call_backs"] = std::move(call_backs);

  Json portal = Json::array();
  for (const auto& m : s.portal.PortalMessages(crime, person, 100000)) {
    portal.push_back(
        {{"from", m.from_person ? "you" : (m.author_name.empty() ? "the team" : m.author_name)},
         {"sent_at", m.sent_at},
         {"words", m.body}});
  }
  out["portal_messages"] = std::move(portal);

  Json survey = Json::array();
  int unnamed_surveys = 0;
  for (const auto& r : s.quality.SurveyResponses(core::Date::FromYmd(2000, 1, 1),
                                                 core::Date::FromYmd(2100, 12, 31))) {
    if (r.crime != crime) continue;
    if (r.person.empty()) {
      ++unnamed_surveys;  // whose it is, the file did not say
      continue;
    }
    if (r.person != person) continue;
    survey.push_back({{"interviewed_on", r.interviewed_on.ToString()},
                      {"answers", r.stages},
                      {"comments", r.comments}});
  }
  out["survey_responses"] = std::move(survey);

  Json removed = Json::array();
  for (const auto& p : s.cases.Purges()) {
    if (p.crime != crime) continue;
    removed.push_back({{"kind", storage::RetainedKindName(p.kind)}, {"removed_at", p.purged_at}});
  }
  out["removed_by_retention"] = std::move(removed);
  out["withheld"] = {{"suspects_events", suspects},
                     {"other_peoples_events", others},
                     {"case_events_words_and_other_fields", case_fields},
                     {"survey_responses_naming_no_one", unnamed_surveys}};
  return out;
}

}  // namespace

void AuditSubjectAccess(Services& s, const Json& export_document, const std::string& by) {
  for (const auto& p : export_document.at("people")) {
    s.accounts.Audit(
        {"", by, "subject_access_export", p["crime"].get<std::string>(),
         p["person"].get<std::string>(),
         fmt::format("{} events, {} messages", p["events"].size(), p["messages"].size()), "cli"});
  }
}

core::Result<Json> ExportSubjectAccess(Services& s, const SubjectQuery& q, const std::string& by) {
  const bool by_person = !q.crime.empty() || !q.person.empty();
  if (by_person && (q.crime.empty() || q.person.empty())) {
    return core::InvalidArgument("give both the crime and the person on it");
  }
  if (!by_person && q.email.empty() && PhoneDigits(q.phone).empty() && FoldedText(q.name).empty()) {
    return core::InvalidArgument("say whose data: a crime and person, an email, a phone or a name");
  }
  if (!by_person && PhoneDigits(q.phone).size() < 7 && !q.phone.empty()) {
    return core::InvalidArgument(
        fmt::format("\"{}\" is not a phone number (7 to 15 digits)", q.phone));
  }

  std::vector<std::string> crimes;
  if (by_person) {
    if (!s.cases.PersonExists(q.crime, q.person)) {
      return core::NotFound(fmt::format("no person {} on {}", q.person, q.crime));
    }
    crimes.push_back(q.crime);
  } else {
    const std::string term = !q.email.empty()   ? q.email
                             : !q.phone.empty() ? PhoneDigits(q.phone)
                                                : q.name;
    crimes = s.cases.SearchCases(term, 10 * kMostPeople + 1);
    if (crimes.size() > 10 * kMostPeople) {  // some would go unread
      return core::OutOfRange(fmt::format(
          "more than {} cases match: narrow it (a date of birth, or the crime and person)",
          10 * kMostPeople));
    }
  }

  Json people = Json::array();
  for (const auto& crime : crimes) {
    const auto bodies = s.cases.EventBodies(crime);
    const domain::CaseFile file = ParseStoredCase(crime, bodies);
    std::set<std::string> seen;
    for (const auto& e : file.events) {
      if (e.type != domain::EventType::kPersonAdded || !seen.insert(e.person).second) continue;
      if (by_person ? e.person != q.person : !Matches(q, CurrentDetails(file, e.person).value()))
        continue;
      if (people.size() == kMostPeople) {
        return core::OutOfRange(fmt::format(
            "more than {} people match: narrow it (a date of birth, or the crime and person)",
            kMostPeople));
      }
      people.push_back(SubjectRecord(s, crime, e.person, file, bodies));
    }
  }
  if (people.empty()) return core::NotFound("nothing is held on such a person");

  Json out;
  out["exported_at"] = s.clock.NowUtc();
  out["exported_by"] = by;
  out["note"] =
      "For the data protection officer: review before release. Suspects' events and other "
      "people on each case are left out (withheld counts them); staff names and free text may "
      "still need redaction under DPA 2018 s.45(4).";
  out["people"] = std::move(people);
  return out;
}

}  // namespace cf::app
