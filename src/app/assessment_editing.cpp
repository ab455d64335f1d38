#include "app/assessment_editing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "app/access.hpp"
#include "assess/framework.hpp"
#include "assess/spider.hpp"
#include "auth/credentials.hpp"

namespace cf::app {
namespace {

const assess::Framework& F() { return assess::BuiltInFramework(); }

// assess::Validate's "field: problem" as the scoring form labels the field:
// "assessed_on: ..." -> "Date of the assessment: ...", "scores.2.6.note: ..." -> "Note on 2.6:
// ...".
std::string FormProblem(const std::string& p) {
  static const std::map<std::string, std::string> kLabels = {
      {"scope", "Force or BCU"},
      {"assessed_on", "Date of the assessment"},
      {"assessor", "Assessor"},
      {"notes", "Notes"}};
  const size_t colon = p.find(':');
  const std::string field = p.substr(0, colon);
  const std::string rest = colon == std::string::npos ? "" : p.substr(colon);
  if (const auto label = kLabels.find(field); label != kLabels.end()) return label->second + rest;
  if (field.rfind("scores.", 0) != 0) return p;
  const std::string path = field.substr(7);
  const size_t dot = path.rfind('.');
  const std::string id = path.substr(0, dot), part = path.substr(dot + 1);
  return (part == "note"       ? "Note on "
          : part == "evidence" ? "Evidence for "
                               : "Indicator ") +
         id + rest;
}

}  // namespace

std::string BcuOfUnit(Services& s, const std::string& unit) {
  for (const auto& u : s.accounts.Units()) {
    if (u.id == unit) return u.bcu;
  }
  return "";
}

core::Status MayViewAssessmentsAs(Services& s, const Actor& actor) {
  if (MayViewAssessments(actor.user)) return {};
  AuditAs(s, actor, "denied_assessment", "", "");
  return core::PermissionDenied(
      "the self-assessment is for analysts, supervisors and administrators");
}

core::Status MayEditAssessmentAs(Services& s, const Actor& actor, const std::string& scope) {
  if (auto viewer = MayViewAssessmentsAs(s, actor); !viewer) return viewer;
  if (MayEditAssessment(actor.user, scope, BcuOfUnit(s, actor.user.unit))) return {};
  AuditAs(s, actor, "denied_assessment", "", "edit " + scope);
  return core::PermissionDenied(
      "supervisors assess their own BCU; analysts and administrators any");
}

core::Result<int64_t> SaveAssessmentAs(Services& s, const Actor& actor, assess::Assessment a,
                                       int64_t id, std::vector<std::string>& problems) {
  if (auto allowed = MayEditAssessmentAs(s, actor, a.scope); !allowed) return allowed.error();
  if (id != 0) {
    const auto stored = s.assessments.FindAssessment(id);
    if (!stored) return core::NotFound(fmt::format("no assessment {}", id));
    if (auto allowed = MayEditAssessmentAs(s, actor, stored->scope); !allowed)
      return allowed.error();
  }
  a.id = id;
  for (const auto& p : assess::Validate(F(), a)) problems.push_back(FormProblem(p));
  const auto known = AssessmentScopes(s.accounts);
  if (!a.scope.empty() && std::find(known.begin(), known.end(), a.scope) == known.end())
    problems.push_back("Force or BCU: choose the force or one of the BCUs in the list");
  if (problems.empty()) {
    const auto same = s.assessments.FindAssessmentId(a.scope, a.assessed_on, a.assessor);
    if (same && *same != id) {
      problems.push_back(fmt::format(
          "Date of the assessment: {} already assessed {} on this date (assessment {}): "
          "change that one",
          a.assessor, a.scope, *same));
    }
  }
  if (!problems.empty())
    return core::InvalidArgument(fmt::format("{} problem(s): nothing was saved", problems.size()));
  if (id == 0) {
    id = s.assessments.AddAssessment(a, actor.user.name);
  } else {
    s.assessments.UpdateAssessment(a);
  }
  AuditAs(s, actor, a.id == 0 ? "added_assessment" : "changed_assessment", "",
          fmt::format("{} ({}, {})", id, a.scope, a.assessed_on));
  return id;
}

core::Result<int64_t> SaveActionAs(Services& s, const Actor& actor, int64_t assessment_id,
                                   const ActionRequest& request) {
  const auto a = s.assessments.FindAssessment(assessment_id);
  if (!a) return core::NotFound(fmt::format("no assessment {}", assessment_id));
  if (auto allowed = MayEditAssessmentAs(s, actor, a->scope); !allowed) return allowed.error();
  assess::PlanAction p;
  if (!request.action_id.empty()) {
    const auto& id = request.action_id;
    const auto found = id.find_first_not_of("0123456789") == std::string::npos && id.size() < 16
                           ? s.assessments.FindAction(std::stoll(id))
                           : std::nullopt;
    if (!found || found->scope != a->scope) return core::NotFound("no such action in this plan");
    p = *found;
    p.status = request.status;
  } else {
    p.scope = a->scope;
    p.indicator = request.indicator;
    p.action = request.action;
    p.owner = request.owner;
    p.due = request.due;
    p.status = "not_started";
    p.created_by = actor.user.name;
  }
  if (const auto problems = assess::ValidateAction(F(), p); !problems.empty())
    return core::InvalidArgument(problems.front());
  if (p.id == 0) {
    p.id = s.assessments.AddAction(p);
    AuditAs(s, actor, "added_action", "", fmt::format("{} for {} {}", p.id, p.scope, p.indicator));
  } else {
    s.assessments.UpdateAction(p);
    AuditAs(s, actor, "changed_action", "", fmt::format("{}: {}", p.id, p.status));
  }
  return p.id;
}

core::Result<ImportedAssessment> ImportAssessmentAs(Services& s, const Actor& actor,
                                                    assess::Assessment a,
                                                    const std::string& filename) {
  if (auto allowed = MayEditAssessmentAs(s, actor, a.scope); !allowed) return allowed.error();
  auto imported =
      StoreImportedAssessment(s.assessments, std::move(a), actor.user.name, false, filename);
  if (imported)
    AuditAs(s, actor, "imported_assessment", "", fmt::format("{} from {}", imported->id, filename));
  return imported;
}

namespace {

// The report, for an actor who may see the self-assessment; not audited.
core::Result<assess::Report> Report(Services& s, const Actor& actor, int64_t id, int64_t compare_id,
                                    bool with_evidence) {
  if (auto allowed = MayViewAssessmentsAs(s, actor); !allowed) return allowed.error();
  auto built = BuildReport(s.assessments, s.cases, s.accounts, id, compare_id, s.Today(),
                           with_evidence, &s.quality);
  if (!built) return core::NotFound(built.error().message);
  return built;
}

// The PDF or XLSX file of a report, made through a private temporary file.
std::string ReportFile(const assess::Report& report, const std::string& format) {
  const std::string path = std::filesystem::temp_directory_path() /
                           ("cf-assessment-" + auth::NewToken().substr(3, 16) + "." + format);
  const auto written =
      format == "pdf" ? assess::WritePdf(report, path) : assess::WriteXlsx(report, path);
  if (!written) throw std::runtime_error(written.error().message);
  std::ifstream in(path, std::ios::binary);
  std::string body((std::istreambuf_iterator<char>(in)), {});
  const bool read = !in.bad() && !body.empty();
  in.close();
  std::filesystem::remove(path);
  if (!read) throw std::runtime_error("the " + format + " report could not be read back");
  return body;
}

}  // namespace

core::Result<assess::Report> ReportAs(Services& s, const Actor& actor, int64_t id,
                                      int64_t compare_id, bool with_evidence,
                                      const std::string& action, const std::string& detail) {
  auto built = Report(s, actor, id, compare_id, with_evidence);
  if (built) AuditAs(s, actor, action, "", detail);
  return built;
}

core::Result<AssessmentFile> DownloadAssessmentAs(Services& s, const Actor& actor, int64_t id,
                                                  int64_t compare_id, const std::string& format) {
  static const std::map<std::string, std::string> kTypes = {
      {"json", "application/json"},
      {"csv", "text/csv; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"pdf", "application/pdf"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
  const auto type = kTypes.find(format);
  if (type == kTypes.end())
    return core::InvalidArgument("format: one of json, csv, svg, pdf or xlsx");
  // CSV and SVG do not show the live evidence: no need to measure it.
  const auto built = Report(s, actor, id, compare_id, format != "csv" && format != "svg");
  if (!built) return built.error();
  AssessmentFile file{
      "", type->second,
      fmt::format("self-assessment-{}-{}.{}", id, built->assessment.assessed_on, format)};
  if (format == "json") {
    file.body = assess::ReportJson(*built);
  } else if (format == "csv") {
    file.body = assess::ScoresCsv(F(), built->assessment);
  } else if (format == "svg") {
    file.body = assess::SpiderSvg(
        assess::OverallChart(F(), built->assessment, built->compare ? &*built->compare : nullptr),
        {}, "overall");
  } else {
    file.body = ReportFile(*built, format);
  }
  AuditAs(s, actor, "downloaded_assessment", "", fmt::format("{} as {}", id, format));
  return file;
}

std::vector<std::string> EditableScopes(Services& s, const Actor& actor) {
  const std::string bcu = BcuOfUnit(s, actor.user.unit);
  std::vector<std::string> out;
  for (auto& scope : AssessmentScopes(s.accounts)) {
    if (MayEditAssessment(actor.user, scope, bcu)) out.push_back(std::move(scope));
  }
  return out;
}

core::Result<std::vector<ScopeOverview>> AssessmentOverviewAs(Services& s, const Actor& actor) {
  if (auto allowed = MayViewAssessmentsAs(s, actor); !allowed) return allowed.error();
  const std::string bcu = BcuOfUnit(s, actor.user.unit);
  const std::string today = s.Today().ToString();
  std::vector<ScopeOverview> out;
  for (const auto& scope : AssessmentScopes(s.accounts)) {
    ScopeOverview o;
    o.scope = scope;
    o.history = s.assessments.Assessments(scope);
    o.editable = MayEditAssessment(actor.user, scope, bcu);
    for (const auto& p : s.assessments.Actions(scope)) {
      if (p.status == "done" || p.status == "dropped") continue;
      ++o.open_actions;
      o.overdue_actions += p.due < today ? 1 : 0;
    }
    out.push_back(std::move(o));
  }
  AuditAs(s, actor, "viewed_assessments", "", "");
  return out;
}

core::Result<AssessmentDraft> AssessmentDraftAs(Services& s, const Actor& actor, int64_t id,
                                                const std::string& scope) {
  if (auto allowed = MayViewAssessmentsAs(s, actor); !allowed) return allowed.error();
  AssessmentDraft draft;
  if (id != 0) {
    auto found = s.assessments.FindAssessment(id);
    if (!found) return core::NotFound(fmt::format("no assessment {}", id));
    draft.assessment = std::move(*found);
  } else {
    draft.assessment.scope = scope;
    const auto history = s.assessments.Assessments(scope);
    if (!history.empty()) {
      draft.assessment.scores = history.front().scores;  // change what has changed
      draft.copied_from = history.front();
    }
    draft.assessment.assessed_on = s.Today().ToString();
    draft.assessment.assessor =
        actor.user.full_name.empty() ? actor.user.name : actor.user.full_name;
  }
  if (auto allowed = MayEditAssessmentAs(s, actor, draft.assessment.scope); !allowed)
    return allowed.error();
  return draft;
}

core::Result<AssessmentView> ViewAssessmentAs(Services& s, const Actor& actor, int64_t id,
                                              int64_t compare_id) {
  auto report = ReportAs(s, actor, id, compare_id, true, "viewed_assessment", std::to_string(id));
  if (!report) return report.error();
  AssessmentView view;
  view.report = std::move(report).value();
  for (auto& o : s.assessments.Assessments("")) {
    if (o.id != id) view.others.push_back(std::move(o));
  }
  view.may_edit =
      MayEditAssessment(actor.user, view.report.assessment.scope, BcuOfUnit(s, actor.user.unit));
  return view;
}

}  // namespace cf::app
