// The self-assessment's forms (analysts, supervisors, admins): the scoring form (a new one
// starts from the latest scores) and the action plan. Every change is audited.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "app/access.hpp"
#include "app/assessments.hpp"
#include "assess/spider.hpp"
#include "auth/credentials.hpp"
#include "http/handlers.hpp"

namespace cf::http {

namespace {

const assess::Framework& F() { return assess::BuiltInFramework(); }

// "2.6" -> "2-6", for element ids.
std::string Key(std::string id) {
  for (char& c : id) c = c == '.' ? '-' : c;
  return id;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

std::string DateText(const std::string& iso) {
  const auto d = core::Date::Parse(iso);
  return d ? d->ToLongString() : iso;
}

// The form's fields as an assessment.
assess::Assessment FromForm(const std::map<std::string, std::string>& form) {
  assess::Assessment a;
  a.scope = FormValue(form, "scope");
  a.assessed_on = FormValue(form, "assessed_on");
  a.assessor = FormValue(form, "assessor");
  a.notes = FormValue(form, "notes");
  for (const auto& c : F().components) {
    for (const auto& i : c.indicators) {
      assess::IndicatorScore s;
      const std::string score = FormValue(form, "score-" + i.id);
      if (!score.empty()) {  // the radios offer 0-4; anything else is reported by Validate
        s.score = score.size() <= 3 && score.find_first_not_of("0123456789") == std::string::npos
                      ? std::stoi(score)
                      : -1;
      }
      s.note = FormValue(form, "note-" + i.id);
      std::string links = FormValue(form, "evidence-" + i.id);
      size_t start = 0;
      while (start < links.size()) {
        size_t end = std::min(links.find('\n', start), links.size());
        std::string link = links.substr(start, end - start);
        while (!link.empty() && (link.back() == '\r' || link.back() == ' ')) link.pop_back();
        while (!link.empty() && link.front() == ' ') link.erase(0, 1);
        if (!link.empty()) s.evidence.push_back(link);
        start = end + 1;
      }
      if (s.score || !s.note.empty() || !s.evidence.empty()) a.scores[i.id] = std::move(s);
    }
  }
  return a;
}

std::string BcuOf(storage::AccountStore& accounts, const std::string& unit) {
  for (const auto& u : accounts.Units()) {
    if (u.id == unit) return u.bcu;
  }
  return "";
}

}  // namespace

request_handling_status_t AssessmentHandlers::AssessmentFormPage(
    RequestContext& rc, const request_handle_t& req, int64_t id,
    const std::map<std::string, std::string>& form, const std::vector<std::string>& problems) {
  RequireAssessmentViewer(rc);
  assess::Assessment a;
  std::string copied_from;
  if (!form.empty()) {
    a = FromForm(form);
  } else if (id != 0) {
    auto found = s_.assessments.FindAssessment(id);
    if (!found) throw NotFound(fmt::format("no assessment {}", id));
    a = std::move(*found);
  } else {
    a.scope = Query(req, "scope").empty() ? "force" : Query(req, "scope");
    const auto history = s_.assessments.Assessments(a.scope);
    if (!history.empty()) {
      a.scores = history.front().scores;  // start from the latest: change what has changed
      copied_from =
          fmt::format("{} by {}", DateText(history.front().assessed_on), history.front().assessor);
    }
    a.assessed_on = s_.Today().ToString();
    a.assessor = rc.user->full_name.empty() ? rc.user->name : rc.user->full_name;
  }
  RequireAssessmentEditor(rc, a.scope);
  const std::string bcu = BcuOf(s_.accounts, rc.user->unit);
  mstch::array scopes;
  for (const auto& s : app::AssessmentScopes(s_.accounts)) {
    if (app::MayEditAssessment(*rc.user, s, bcu))
      scopes.push_back(mstch::map{{"value", s}, {"selected", s == a.scope}});
  }
  mstch::array components;
  for (const auto& c : F().components) {
    mstch::array indicators;
    for (const auto& i : c.indicators) {
      const auto it = a.scores.find(i.id);
      const int score =
          it != a.scores.end() && it->second.score ? *it->second.score : -1;  // -1: not scored
      mstch::array levels;
      levels.push_back(mstch::map{{"input_id", "score-" + Key(i.id) + "-none"},
                                  {"indicator", i.id},
                                  {"value", std::string()},
                                  {"label", std::string("Not scored yet")},
                                  {"checked", score < 0}});
      for (int s = 0; s <= assess::kMaxScore; ++s) {
        levels.push_back(mstch::map{{"input_id", fmt::format("score-{}-{}", Key(i.id), s)},
                                    {"indicator", i.id},
                                    {"value", std::to_string(s)},
                                    {"label", fmt::format("{}: {}", s, i.levels[s])},
                                    {"checked", score == s}});
      }
      indicators.push_back(mstch::map{
          {"id", i.id},
          {"key", Key(i.id)},
          {"title", i.title},
          {"levels", levels},
          {"note", it == a.scores.end() ? std::string() : it->second.note},
          {"evidence", it == a.scores.end() ? std::string() : Joined(it->second.evidence)}});
    }
    components.push_back(mstch::map{{"number", std::to_string(c.number)},
                                    {"name", c.name},
                                    {"pages", c.guide_pages},
                                    {"indicators", indicators}});
  }
  auto context = AdminContext(rc, "", problems);
  context["heading"] =
      id == 0 ? std::string("New self-assessment") : std::string("Change the self-assessment");
  context["action"] = id == 0 ? std::string("/assessments") : fmt::format("/assessments/{}", id);
  context["scopes"] = scopes;
  context["assessed_on"] = a.assessed_on;
  context["assessor"] = a.assessor;
  context["notes"] = a.notes;
  context["components"] = components;
  context["attribution"] = F().attribution;
  if (!copied_from.empty()) context["copied_from"] = copied_from;
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, problems.empty() ? "Self-assessment" : "Error: self-assessment",
                Render("assessment_form", context)));
}

request_handling_status_t AssessmentHandlers::SaveAssessmentForm(RequestContext& rc,
                                                                 const request_handle_t& req,
                                                                 int64_t id) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  assess::Assessment a = FromForm(form);
  RequireAssessmentEditor(rc, a.scope);
  if (id != 0) {
    const auto stored = s_.assessments.FindAssessment(id);
    if (!stored) throw NotFound(fmt::format("no assessment {}", id));
    RequireAssessmentEditor(rc, stored->scope);
    a.id = id;
  }
  std::vector<std::string> problems;
  for (const auto& p : assess::Validate(F(), a)) {
    // "assessed_on: ..." -> "Date of the assessment: ..." as the form labels it
    static const std::map<std::string, std::string> kLabels = {
        {"scope", "Force or BCU"},
        {"assessed_on", "Date of the assessment"},
        {"assessor", "Assessor"},
        {"notes", "Notes"}};
    const std::string field = p.substr(0, p.find(':'));
    const auto label = kLabels.find(field);
    if (label != kLabels.end()) {
      problems.push_back(label->second + p.substr(p.find(':')));
      continue;
    }
    // "scores.2.6.note: ..." -> "Note on 2.6: ..."
    const std::string path = field.substr(7);
    const size_t dot = path.rfind('.');
    const std::string id = path.substr(0, dot), part = path.substr(dot + 1);
    problems.push_back((part == "note"       ? "Note on "
                        : part == "evidence" ? "Evidence for "
                                             : "Indicator ") +
                       id + p.substr(p.find(':')));
  }
  const auto known = app::AssessmentScopes(s_.accounts);
  if (!a.scope.empty() && std::find(known.begin(), known.end(), a.scope) == known.end()) {
    problems.push_back("Force or BCU: choose the force or one of the BCUs in the list");
  }
  if (problems.empty()) {
    const auto same = s_.assessments.FindAssessmentId(a.scope, a.assessed_on, a.assessor);
    if (same && *same != id) {
      problems.push_back(fmt::format(
          "Date of the assessment: {} already assessed {} on this date (assessment {}): "
          "change that one",
          a.assessor, a.scope, *same));
    }
  }
  if (!problems.empty()) return AssessmentFormPage(rc, req, id, form, problems);
  if (id == 0) {
    id = s_.assessments.AddAssessment(a, rc.user->name);
  } else {
    s_.assessments.UpdateAssessment(a);
  }
  Audit(rc, a.id == 0 ? "added_assessment" : "changed_assessment", "",
        fmt::format("{} ({}, {})", id, a.scope, a.assessed_on));
  return Redirect(req, fmt::format("/assessments/{}?done=saved", id));
}

request_handling_status_t AssessmentHandlers::ActionForm(RequestContext& rc,
                                                         const request_handle_t& req, int64_t id) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const auto a = s_.assessments.FindAssessment(id);
  if (!a) throw NotFound(fmt::format("no assessment {}", id));
  RequireAssessmentEditor(rc, a->scope);
  const std::string action_id = FormValue(form, "action_id");
  assess::PlanAction p;
  if (!action_id.empty()) {
    const auto found =
        action_id.find_first_not_of("0123456789") == std::string::npos && action_id.size() < 16
            ? s_.assessments.FindAction(std::stoll(action_id))
            : std::nullopt;
    if (!found || found->scope != a->scope) throw NotFound("no such action in this plan");
    p = *found;
    p.status = FormValue(form, "status");
  } else {
    p = {0,
         a->scope,
         FormValue(form, "indicator"),
         FormValue(form, "action"),
         FormValue(form, "owner"),
         FormValue(form, "due"),
         "not_started",
         rc.user->name,
         "",
         ""};
  }
  const auto problems = assess::ValidateAction(F(), p);
  if (!problems.empty()) {
    throw Problem{HttpStatusFor(core::ErrorCode::kInvalidArgument), "The action was not saved",
                  problems.front() + ". Go back and correct it."};
  }
  if (p.id == 0) {
    p.id = s_.assessments.AddAction(p);
    Audit(rc, "added_action", "", fmt::format("{} for {} {}", p.id, p.scope, p.indicator));
  } else {
    s_.assessments.UpdateAction(p);
    Audit(rc, "changed_action", "", fmt::format("{}: {}", p.id, p.status));
  }
  return Redirect(req, fmt::format("/assessments/{}?done=saved#actions", id));
}

}  // namespace cf::http
