#include "app/needs_assessment.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/case_derivation.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

bool Answered(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean();
}

bool SaysYes(const json& j, const char* key) { return Answered(j, key) && j[key].get<bool>(); }

bool HasAnswerText(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() && !it->get<std::string>().empty();
}

std::string AnswerText(const json& j, const char* key) {
  return HasAnswerText(j, key) ? j[key].get<std::string>() : std::string();
}

// `line` as JSON when it is a needs.assessed (nullopt otherwise).
std::optional<json> AssessmentIn(const std::string& line) {
  json e = json::parse(line, nullptr, false);
  if (!e.is_object() || AnswerText(e, "type") != "needs.assessed") return std::nullopt;
  return e;
}

// What the merged answers `a` leave unasked, in the order the form asks.
std::vector<std::string> Missing(const json& a, domain::Role role) {
  std::vector<std::string> out;
  const json screening =
      a.contains("screening") && a["screening"].is_object() ? a["screening"] : json::object();
  for (const auto& q : ScreeningQuestions()) {
    if (!Answered(screening, q.field)) out.push_back(std::string("screening: ") + q.topic);
  }
  if (!HasAnswerText(a, "preferred_contact")) out.push_back("how they prefer to be contacted");
  if (!Answered(a, "willing_to_attend_court")) out.push_back("whether they will attend court");
  if (!Answered(a, "special_measures_needed")) out.push_back("whether they need special measures");
  if (!Answered(a, "interpreter_needed") && !HasAnswerText(a, "interpreter_language"))
    out.push_back("whether they need an interpreter");
  else if (SaysYes(a, "interpreter_needed") && !HasAnswerText(a, "interpreter_language"))
    out.push_back("which language their interpreter needs");
  const auto dates = a.find("dates_to_avoid");
  const bool dates_given = dates != a.end() && dates->is_array() && !dates->empty();
  if (!dates_given && !SaysYes(a, "none")) out.push_back("dates to avoid (or none)");
  if (role == domain::Role::kVictim && !Answered(a, "vps_offered"))
    out.push_back("whether a Victim Personal Statement was offered");
  return out;
}

bool NeedsAssessment(domain::Role role) {
  return role == domain::Role::kVictim || role == domain::Role::kWitness;
}

}  // namespace

const std::vector<ScreeningQuestion>& ScreeningQuestions() {
  // The Youth Justice and Criminal Evidence Act 1999 (ss. 16, 17) and the Victims' Code (2020)
  // definitions, as questions a call handler or officer can ask. Being under 18 is not asked:
  // the engine reads it from the date of birth.
  static const std::vector<ScreeningQuestion> kQuestions = {
      {"mental_health", "Do they have a mental health condition?", "mental health",
       "needs assessment: has a mental health condition", domain::PersonFlag::kVulnerable},
      {"learning_or_communication",
       "Do they have a learning disability, or find it hard to understand or communicate?",
       "learning disability or communication",
       "needs assessment: learning disability or difficulty understanding or communicating",
       domain::PersonFlag::kVulnerable},
      {"physical_disability", "Do they have a physical disability or illness that affects them?",
       "physical disability or illness", "needs assessment: physical disability or illness",
       domain::PersonFlag::kVulnerable},
      {"fear_or_distress",
       "Are they afraid or distressed about giving evidence, or about the suspect or people close "
       "to them?",
       "fear or distress",
       "needs assessment: fear or distress about giving evidence or about the suspect",
       domain::PersonFlag::kIntimidated},
      {"targeted_repeatedly", "Have they been targeted repeatedly or over a long period?",
       "targeted repeatedly", "needs assessment: targeted repeatedly or over a long period",
       domain::PersonFlag::kPersistentlyTargeted},
  };
  return kQuestions;
}

void MergeAssessment(json& merged, const json& e) {
  if (!merged.is_object()) merged = json::object();
  if (SaysYes(e, "none")) merged.erase("dates_to_avoid");
  if (const auto d = e.find("dates_to_avoid"); d != e.end() && d->is_array() && !d->empty())
    merged.erase("none");
  if (Answered(e, "interpreter_needed") && !SaysYes(e, "interpreter_needed"))
    merged.erase("interpreter_language");
  if (Answered(e, "special_measures_needed") && !SaysYes(e, "special_measures_needed"))
    merged.erase("special_measures");
  merged.merge_patch(e);
}

std::vector<AssessmentStatus> NeedsAssessments(const std::string& crime,
                                               const std::vector<std::string>& bodies) {
  return NeedsAssessments(ParseStoredCase(crime, bodies), bodies);
}

std::vector<AssessmentStatus> NeedsAssessments(const domain::CaseFile& file,
                                               const std::vector<std::string>& bodies) {
  std::vector<AssessmentStatus> out;
  std::map<std::string, size_t> index;
  for (const auto& e : file.events) {
    if (e.type != domain::EventType::kPersonAdded || !NeedsAssessment(e.role)) continue;
    index[e.person] = out.size();
    out.push_back(
        {e.person, e.display_name.empty() ? e.person : e.display_name, e.role, false, {}});
  }
  std::map<std::string, json> answers;
  for (const auto& body : bodies) {
    if (body.find("needs.assessed") == std::string::npos) continue;  // most events: no parse
    const auto e = AssessmentIn(body);
    if (!e || !index.count(AnswerText(*e, "person"))) continue;
    MergeAssessment(answers[AnswerText(*e, "person")], *e);
  }
  for (auto& status : out) {
    const auto it = answers.find(status.person);
    status.assessed = it != answers.end();
    status.missing = Missing(status.assessed ? it->second : json::object(), status.role);
  }
  return out;
}

std::vector<AssessmentStatus> IncompleteAssessments(const domain::CaseFile& file,
                                                    const std::vector<std::string>& bodies) {
  auto all = NeedsAssessments(file, bodies);
  std::erase_if(all, [](const AssessmentStatus& s) { return s.Complete(); });
  return all;
}

std::vector<std::string> AssessmentProblems(const domain::CaseFile& file, const std::string& line) {
  const auto assessment = AssessmentIn(line);
  if (!assessment) return {};
  const json& e = *assessment;
  std::vector<std::string> out;
  if (SaysYes(e, "interpreter_needed") && !HasAnswerText(e, "interpreter_language"))
    out.push_back("field \"interpreter_language\": say which language they need");
  const std::string person = AnswerText(e, "person");
  for (const auto& ev : file.events) {
    if (ev.type == domain::EventType::kPersonAdded && ev.person == person &&
        ev.role == domain::Role::kVictim && !Answered(e, "vps_offered"))
      out.push_back("field \"vps_offered\": answer yes or no (they are a victim)");
  }
  return out;
}

std::vector<ScreeningFlag> ScreeningFlagLines(const domain::CaseFile& file,
                                              const std::string& line) {
  const auto assessment = AssessmentIn(line);
  if (!assessment) return {};
  const json& e = *assessment;
  const auto screening = e.find("screening");
  if (screening == e.end() || !screening->is_object()) return {};
  const std::string person = AnswerText(e, "person");
  auto flags = PersonFlags(file, person);  // as they stand
  if (!flags) return {};
  std::vector<ScreeningFlag> out;
  for (const auto& q : ScreeningQuestions()) {
    const auto answer = screening->find(q.field);
    if (answer == screening->end() || !answer->is_boolean() || !answer->get<bool>()) continue;
    if ((*flags & domain::Bit(q.flag)) != 0) continue;
    *flags |= domain::Bit(q.flag);  // two questions for one flag record it once
    const std::string flag(domain::Name(q.flag));
    json f = {{"id", AnswerText(e, "id") + ":flag:" + flag},
              {"type", "person.flagged"},
              {"crime", file.crime},
              {"at", AnswerText(e, "at")},
              {"person", person},
              {"flag", flag},
              {"reason", q.reason}};
    if (e.contains("by")) f["by"] = e["by"];
    out.push_back({q.flag, f.dump()});
  }
  return out;
}

}  // namespace cf::app
