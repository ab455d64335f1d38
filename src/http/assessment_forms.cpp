// The self-assessment's forms (analysts, supervisors, admins): the scoring form (a new one
// starts from the latest scores) and the action plan. Every change is audited.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "app/access.hpp"
#include "app/assessment_editing.hpp"
#include "app/assessments.hpp"
#include "assess/spider.hpp"
#include "auth/credentials.hpp"
#include "http/handlers.hpp"

namespace cf::http {

namespace {

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

// The form's fields as an assessment.
assess::Assessment FromForm(const std::map<std::string, std::string>& form) {
  const assess::Framework& framework = assess::BuiltInFramework();
  assess::Assessment a;
  a.scope = FormValue(form, "scope");
  a.assessed_on = FormValue(form, "assessed_on");
  a.assessor = FormValue(form, "assessor");
  a.notes = FormValue(form, "notes");
  for (const auto& c : framework.components) {
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

}  // namespace

request_handling_status_t AssessmentHandlers::AssessmentFormPage(
    RequestContext& rc, const request_handle_t& req, int64_t id,
    const std::map<std::string, std::string>& form, const std::vector<std::string>& problems) {
  const assess::Framework& framework = assess::BuiltInFramework();
  assess::Assessment a;
  std::string copied_from;
  if (!form.empty()) {
    a = FromForm(form);  // as posted, to be corrected
    if (auto allowed = app::MayEditAssessmentAs(s_, ActorOf(rc), a.scope); !allowed)
      throw ProblemFor(allowed.error(), "Not allowed");
  } else {
    const std::string scope = Query(req, "scope").empty() ? "force" : Query(req, "scope");
    auto draft = app::AssessmentDraftAs(s_, ActorOf(rc), id, scope);
    if (!draft) throw ProblemFor(draft.error(), "Not found");
    a = draft->assessment;
    if (const auto& from = draft->copied_from)
      copied_from = fmt::format("{} by {}", DateText(from->assessed_on), from->assessor);
  }
  mstch::array scopes;
  for (const auto& s : app::EditableScopes(s_, ActorOf(rc)))
    scopes.push_back(mstch::map{{"value", s}, {"selected", s == a.scope}});
  mstch::array components;
  for (const auto& c : framework.components) {
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
  context["attribution"] = framework.attribution;
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
  std::vector<std::string> problems;
  const auto saved = app::SaveAssessmentAs(s_, ActorOf(rc), FromForm(form), id, problems);
  if (!problems.empty()) return AssessmentFormPage(rc, req, id, form, problems);
  if (!saved) throw ProblemFor(saved.error(), "Self-assessment not saved");
  id = *saved;
  return Redirect(req, fmt::format("/assessments/{}?done=saved", id));
}

request_handling_status_t AssessmentHandlers::ActionForm(RequestContext& rc,
                                                         const request_handle_t& req, int64_t id) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const app::ActionRequest request{FormValue(form, "action_id"), FormValue(form, "indicator"),
                                   FormValue(form, "action"),    FormValue(form, "owner"),
                                   FormValue(form, "due"),       FormValue(form, "status")};
  const auto saved = app::SaveActionAs(s_, ActorOf(rc), id, request);
  if (!saved && saved.error().code == core::ErrorCode::kInvalidArgument) {
    throw Problem{HttpStatusFor(core::ErrorCode::kInvalidArgument), "The action was not saved",
                  saved.error().message + ". Go back and correct it."};
  }
  if (!saved) throw ProblemFor(saved.error(), "The action was not saved");
  return Redirect(req, fmt::format("/assessments/{}?done=saved#actions", id));
}

}  // namespace cf::http
