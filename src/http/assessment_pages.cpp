// The self-assessment pages (analysts, supervisors, admins): the history per force and BCU,
// the scoring form (a new one starts from the latest scores), the report with the spider
// diagrams, guidance, live evidence and the action plan, and its downloads.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <restinio/helpers/file_upload.hpp>

#include "app/access.hpp"
#include "app/assessments.hpp"
#include "assess/spider.hpp"
#include "auth/credentials.hpp"
#include "http/api.hpp"

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

// ?compare=N, or 0.
int64_t CompareId(const request_handle_t& req) {
  const std::string text = Query(req, "compare");
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  return std::stoll(text);
}

std::string BcuOf(storage::AccountStore& accounts, const std::string& unit) {
  for (const auto& u : accounts.Units()) {
    if (u.id == unit) return u.bcu;
  }
  return "";
}

}  // namespace

void Api::RequireAssessmentViewer() {
  if (!app::MayViewAssessments(*user_)) {
    Audit("denied_assessment", "", "");
    throw Forbidden("the self-assessment is for analysts, supervisors and administrators");
  }
}

void Api::RequireAssessmentEditor(const std::string& scope) {
  RequireAssessmentViewer();
  if (!app::MayEditAssessment(*user_, scope, BcuOf(*accounts_, user_->unit))) {
    Audit("denied_assessment", "", "edit " + scope);
    throw Forbidden("supervisors assess their own BCU; analysts and administrators any");
  }
}

request_handling_status_t Api::AssessmentsPage(const request_handle_t& req) {
  RequireAssessmentViewer();
  const std::string bcu = BcuOf(*accounts_, user_->unit);
  mstch::array scopes, editable, components;
  for (const auto& c : F().components)
    components.push_back(mstch::map{{"number", std::to_string(c.number)}, {"name", c.name}});
  for (const auto& scope : app::AssessmentScopes(*accounts_)) {
    if (app::MayEditAssessment(*user_, scope, bcu)) editable.push_back(scope);
    const auto history = assessments_->Assessments(scope);
    mstch::array rows;
    for (size_t i = 0; i < history.size(); ++i) {
      mstch::array averages;
      for (const auto& s : assess::Summarise(F(), history[i]))
        averages.push_back(assess::FormatAverage(s.average));
      mstch::map row{{"id", std::to_string(history[i].id)},
                     {"date", DateText(history[i].assessed_on)},
                     {"assessor", history[i].assessor},
                     {"averages", averages}};
      if (i + 1 < history.size()) row["previous"] = std::to_string(history[i + 1].id);
      rows.push_back(row);
    }
    // The scope's action plan, against its latest assessment.
    size_t open = 0, overdue = 0;
    const std::string today = today_().ToString();
    for (const auto& p : assessments_->Actions(scope)) {
      if (p.status == "done" || p.status == "dropped") continue;
      ++open;
      overdue += p.due < today ? 1 : 0;
    }
    mstch::map entry{{"name", scope == "force" ? std::string("The force") : scope},
                     {"has_assessments", !rows.empty()},
                     {"assessments", rows},
                     {"components", components},
                     {"open_actions", std::to_string(open)},
                     {"overdue_actions", std::to_string(overdue)},
                     {"has_overdue", overdue > 0}};
    if (!history.empty()) entry["latest"] = std::to_string(history.front().id);
    scopes.push_back(entry);
  }
  auto context = AdminContext(DoneMessage(req), {});
  context["scopes"] = scopes;
  context["editable"] = editable;
  context["may_start"] = !editable.empty();
  context["attribution"] = F().attribution;
  Audit("viewed_assessments", "", "");
  return SendHtml(req, restinio::status_ok(),
                  StaffPage("Self-assessment", Render("assessments", context)));
}

request_handling_status_t Api::AssessmentFormPage(const request_handle_t& req, int64_t id,
                                                  const std::map<std::string, std::string>& form,
                                                  const std::vector<std::string>& problems) {
  RequireAssessmentViewer();
  assess::Assessment a;
  std::string copied_from;
  if (!form.empty()) {
    a = FromForm(form);
  } else if (id != 0) {
    auto found = assessments_->FindAssessment(id);
    if (!found) throw NotFound(fmt::format("no assessment {}", id));
    a = std::move(*found);
  } else {
    a.scope = Query(req, "scope").empty() ? "force" : Query(req, "scope");
    const auto history = assessments_->Assessments(a.scope);
    if (!history.empty()) {
      a.scores = history.front().scores;  // start from the latest: change what has changed
      copied_from =
          fmt::format("{} by {}", DateText(history.front().assessed_on), history.front().assessor);
    }
    a.assessed_on = today_().ToString();
    a.assessor = user_->full_name.empty() ? user_->name : user_->full_name;
  }
  RequireAssessmentEditor(a.scope);
  const std::string bcu = BcuOf(*accounts_, user_->unit);
  mstch::array scopes;
  for (const auto& s : app::AssessmentScopes(*accounts_)) {
    if (app::MayEditAssessment(*user_, s, bcu))
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
  auto context = AdminContext("", problems);
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
      req, problems.empty() ? restinio::status_ok() : restinio::status_unprocessable_entity(),
      StaffPage(problems.empty() ? "Self-assessment" : "Error: self-assessment",
                Render("assessment_form", context)));
}

request_handling_status_t Api::SaveAssessmentForm(const request_handle_t& req, int64_t id) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  assess::Assessment a = FromForm(form);
  RequireAssessmentEditor(a.scope);
  if (id != 0) {
    const auto stored = assessments_->FindAssessment(id);
    if (!stored) throw NotFound(fmt::format("no assessment {}", id));
    RequireAssessmentEditor(stored->scope);
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
  const auto known = app::AssessmentScopes(*accounts_);
  if (!a.scope.empty() && std::find(known.begin(), known.end(), a.scope) == known.end()) {
    problems.push_back("Force or BCU: choose the force or one of the BCUs in the list");
  }
  if (problems.empty()) {
    const auto same = assessments_->FindAssessmentId(a.scope, a.assessed_on, a.assessor);
    if (same && *same != id) {
      problems.push_back(fmt::format(
          "Date of the assessment: {} already assessed {} on this date (assessment {}): "
          "change that one",
          a.assessor, a.scope, *same));
    }
  }
  if (!problems.empty()) return AssessmentFormPage(req, id, form, problems);
  if (id == 0) {
    id = assessments_->AddAssessment(a, user_->name);
  } else {
    assessments_->UpdateAssessment(a);
  }
  Audit(a.id == 0 ? "added_assessment" : "changed_assessment", "",
        fmt::format("{} ({}, {})", id, a.scope, a.assessed_on));
  return Redirect(req, fmt::format("/assessments/{}?done=saved", id));
}

request_handling_status_t Api::AssessmentPage(const request_handle_t& req, int64_t id) {
  RequireAssessmentViewer();
  const int64_t compare = CompareId(req);
  auto built = app::BuildReport(*assessments_, *store_, *accounts_, id, compare, today_());
  if (!built) throw NotFound(built.error().message);
  const auto& r = *built;
  const auto& a = r.assessment;
  const assess::Assessment* before = r.compare ? &*r.compare : nullptr;
  const bool may_edit = app::MayEditAssessment(*user_, a.scope, BcuOf(*accounts_, user_->unit));

  mstch::array others;
  for (const auto& o : assessments_->Assessments("")) {
    if (o.id == a.id) continue;
    others.push_back(mstch::map{{"id", std::to_string(o.id)},
                                {"selected", o.id == compare},
                                {"label", assess::SeriesName(o)}});
  }
  const auto now = assess::Summarise(F(), a);
  std::vector<assess::ComponentSummary> then;
  if (before) then = assess::Summarise(F(), *before);
  mstch::array averages;
  for (size_t i = 0; i < now.size(); ++i) {
    averages.push_back(
        mstch::map{{"number", std::to_string(now[i].component->number)},
                   {"name", now[i].component->name},
                   {"average", assess::FormatAverage(now[i].average)},
                   {"scored", std::to_string(now[i].scored)},
                   {"total", std::to_string(now[i].total)},
                   {"before", before ? assess::FormatAverage(then[i].average) : std::string()}});
  }
  mstch::array development;
  for (const auto& g : assess::Guidance(F(), a)) {
    if (!g.development) continue;
    development.push_back(mstch::map{{"number", std::to_string(g.component->number)},
                                     {"name", g.component->name},
                                     {"average", assess::FormatAverage(g.average)},
                                     {"pages", g.component->guide_pages}});
  }
  mstch::array components;
  for (size_t c = 0; c < F().components.size(); ++c) {
    const auto& component = F().components[c];
    mstch::array indicators;
    for (const auto& i : component.indicators) {
      const auto it = a.scores.find(i.id);
      const int score =
          it != a.scores.end() && it->second.score ? *it->second.score : -1;  // -1: not scored
      mstch::array evidence, live;
      if (it != a.scores.end()) {
        for (const auto& link : it->second.evidence) {
          const bool url = link.rfind("https://", 0) == 0 || link.rfind("http://", 0) == 0;
          evidence.push_back(mstch::map{{"text", link}, {"url", url ? link : std::string()}});
        }
      }
      for (const auto& e : r.evidence) {
        if (e.indicator == i.id) {
          live.push_back(
              mstch::map{{"measure", e.measure}, {"value", e.value}, {"detail", e.detail}});
        }
      }
      std::string was;
      if (before) {
        const auto b = before->scores.find(i.id);
        was = b != before->scores.end() && b->second.score ? std::to_string(*b->second.score)
                                                           : "Not scored";
      }
      indicators.push_back(mstch::map{
          {"id", i.id},
          {"title", i.title},
          {"score", score >= 0 ? std::to_string(score) : std::string("Not scored")},
          {"level", score >= 0 ? i.levels[score] : std::string()},
          {"before", was},
          {"note", it == a.scores.end() ? std::string() : it->second.note},
          {"evidence", evidence},
          {"live", live},
          {"next", score >= assess::kMaxScore ? std::string("Keep it up and share what works.")
                                              : "Next: " + i.levels[score >= 0 ? score + 1 : 1]}});
    }
    components.push_back(
        mstch::map{{"number", std::to_string(component.number)},
                   {"name", component.name},
                   {"pages", component.guide_pages},
                   {"average", assess::FormatAverage(now[c].average)},
                   {"svg", assess::SpiderSvg(assess::ComponentChart(F(), component, a, before), {},
                                             fmt::format("c{}", component.number))},
                   {"indicators", indicators},
                   {"comparing", before != nullptr}});
  }
  mstch::array actions;
  const std::string today = today_().ToString();
  for (const auto& p : r.actions) {
    mstch::array statuses;
    for (const char* s : assess::kActionStatuses) {
      statuses.push_back(mstch::map{{"value", std::string(s)},
                                    {"label", assess::ActionStatusText(s)},
                                    {"selected", p.status == s}});
    }
    const auto sc = a.scores.find(p.indicator);
    actions.push_back(
        mstch::map{{"id", std::to_string(p.id)},
                   {"assessment", std::to_string(a.id)},
                   {"indicator", p.indicator},
                   {"score", sc != a.scores.end() && sc->second.score
                                 ? "scored " + std::to_string(*sc->second.score)
                                 : std::string("not scored")},
                   {"action", p.action},
                   {"owner", p.owner},
                   {"due", p.due},
                   {"overdue", p.due < today && p.status != "done" && p.status != "dropped"},
                   {"status", assess::ActionStatusText(p.status)},
                   {"statuses", statuses},
                   {"may_edit", may_edit},
                   {"csrf", session_->csrf}});
  }
  mstch::array indicator_options;
  for (const auto& c : F().components) {
    for (const auto& i : c.indicators)
      indicator_options.push_back(mstch::map{{"id", i.id}, {"title", i.title}});
  }
  auto context = AdminContext(DoneMessage(req), {});
  context["id"] = std::to_string(a.id);
  context["scope_name"] = a.scope == "force" ? std::string("The force") : a.scope;
  context["date"] = DateText(a.assessed_on);
  context["assessor"] = a.assessor;
  context["notes"] = a.notes;
  context["may_edit"] = may_edit;
  context["others"] = others;
  context["compare_query"] = before ? fmt::format("?compare={}", before->id) : std::string();
  context["comparing"] = before != nullptr;
  context["compare_date"] = before ? DateText(before->assessed_on) : std::string();
  context["overall_svg"] = assess::SpiderSvg(assess::OverallChart(F(), a, before), {}, "overall");
  context["averages"] = averages;
  context["has_development"] = !development.empty();
  context["development"] = development;
  context["components"] = components;
  context["has_actions"] = !actions.empty();
  context["actions"] = actions;
  context["indicator_options"] = indicator_options;
  context["attribution"] = F().attribution;
  Audit("viewed_assessment", "", std::to_string(a.id));
  return SendHtml(req, restinio::status_ok(),
                  StaffPage(fmt::format("Self-assessment: {}", assess::SeriesName(a)),
                            Render("assessment", context)));
}

request_handling_status_t Api::AssessmentDownload(const request_handle_t& req, int64_t id,
                                                  const std::string& format) {
  RequireAssessmentViewer();
  const int64_t compare = CompareId(req);
  auto built = app::BuildReport(*assessments_, *store_, *accounts_, id, compare, today_(),
                                format == "json" || format == "xlsx" || format == "pdf");
  if (!built) throw NotFound(built.error().message);
  std::string body, type;
  if (format == "json") {
    body = assess::ReportJson(*built);
    type = "application/json";
  } else if (format == "csv") {
    body = assess::ScoresCsv(F(), built->assessment);
    type = "text/csv; charset=utf-8";
  } else if (format == "svg") {
    body = assess::SpiderSvg(
        assess::OverallChart(F(), built->assessment, built->compare ? &*built->compare : nullptr),
        {}, "overall");
    type = "image/svg+xml";
  } else {
    const std::string path = std::filesystem::temp_directory_path() /
                             ("cf-assessment-" + auth::NewToken().substr(3, 16) + "." + format);
    const auto written =
        format == "pdf" ? assess::WritePdf(*built, path) : assess::WriteXlsx(*built, path);
    if (!written) throw std::runtime_error(written.error().message);
    std::ifstream in(path, std::ios::binary);
    body.assign(std::istreambuf_iterator<char>(in), {});
    in.close();
    std::filesystem::remove(path);
    type = format == "pdf" ? "application/pdf"
                           : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  Audit("downloaded_assessment", "", fmt::format("{} as {}", id, format));
  return req->create_response()
      .append_header(restinio::http_field::content_type, type)
      .append_header("Content-Disposition",
                     fmt::format("attachment; filename=\"self-assessment-{}-{}.{}\"", id,
                                 built->assessment.assessed_on, format))
      .append_header("Cache-Control", "no-store")
      .append_header("X-Content-Type-Options", "nosniff")
      .set_body(std::move(body))
      .done();
}

request_handling_status_t Api::ActionForm(const request_handle_t& req, int64_t id) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  const auto a = assessments_->FindAssessment(id);
  if (!a) throw NotFound(fmt::format("no assessment {}", id));
  RequireAssessmentEditor(a->scope);
  const std::string action_id = FormValue(form, "action_id");
  assess::PlanAction p;
  if (!action_id.empty()) {
    const auto found =
        action_id.find_first_not_of("0123456789") == std::string::npos && action_id.size() < 16
            ? assessments_->FindAction(std::stoll(action_id))
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
         user_->name,
         "",
         ""};
  }
  const auto problems = assess::ValidateAction(F(), p);
  if (!problems.empty()) {
    throw Problem{restinio::status_unprocessable_entity(), "The action was not saved",
                  problems.front() + ". Go back and correct it."};
  }
  if (p.id == 0) {
    p.id = assessments_->AddAction(p);
    Audit("added_action", "", fmt::format("{} for {} {}", p.id, p.scope, p.indicator));
  } else {
    assessments_->UpdateAction(p);
    Audit("changed_action", "", fmt::format("{}: {}", p.id, p.status));
  }
  return Redirect(req, fmt::format("/assessments/{}?done=saved#actions", id));
}

// An assessment file (CSV or XLSX, as `assess import` reads) uploaded from the history page.
request_handling_status_t Api::ImportAssessmentUpload(const request_handle_t& req) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  RequireAssessmentViewer();
  std::map<std::string, std::string> fields;
  std::string filename, content;
  namespace mb = restinio::multipart_body;
  const auto parsed = mb::enumerate_parts(
      *req,
      [&](mb::parsed_part_t part) {
        const auto disposition =
            part.fields.opt_value_of(restinio::http_field::content_disposition);
        auto file = restinio::file_upload::analyze_part(part);
        if (file && file->filename && !file->filename->empty()) {
          filename = *file->filename;
          content.assign(part.body.data(), part.body.size());
        } else if (disposition &&
                   std::string(*disposition).find("name=\"csrf\"") != std::string::npos) {
          fields["csrf"] = std::string(part.body.data(), part.body.size());
        }
        return mb::handling_result_t::continue_enumeration;
      },
      "multipart", "form-data");
  CheckCsrf(fields);
  const bool xlsx = filename.size() > 5 && filename.substr(filename.size() - 5) == ".xlsx";
  const bool csv = filename.size() > 4 && filename.substr(filename.size() - 4) == ".csv";
  if (!parsed || content.empty() || (!xlsx && !csv)) {
    throw Problem{restinio::status_unprocessable_entity(), "Nothing imported",
                  "Choose a .csv or .xlsx file of scores (as the CSV or Excel download, or `assess "
                  "template`)."};
  }
  const std::string path =
      std::filesystem::temp_directory_path() /
      ("cf-upload-" + auth::NewToken().substr(3, 16) + (xlsx ? ".xlsx" : ".csv"));
  {
    std::ofstream out(path, std::ios::binary);
    out << content;
  }
  auto read = app::ReadAssessmentFile(path, filename);
  std::filesystem::remove(path);
  if (!read)
    throw Problem{restinio::status_unprocessable_entity(), "Nothing imported",
                  read.error().message};
  // Which scope the file is for decides who may import it.
  RequireAssessmentEditor(read->scope);
  auto imported = app::StoreImportedAssessment(*assessments_, std::move(read).value(), user_->name,
                                               false, filename);
  if (!imported)
    throw Problem{restinio::status_unprocessable_entity(), "Nothing imported",
                  imported.error().message};
  Audit("imported_assessment", "", fmt::format("{} from {}", imported->id, filename));
  return Redirect(
      req, fmt::format(
               "/assessments/{}?done={}", imported->id,
               imported->kind == app::ImportedAssessment::kUnchanged ? "unchanged" : "imported"));
}

}  // namespace cf::http
