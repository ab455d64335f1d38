// The self-assessment pages (analysts, supervisors, admins): the history per force and BCU,
// the report with the spider diagrams, guidance, live evidence and the action plan, and its
// downloads. Every view is audited.
#include <fmt/format.h>

#include "app/access.hpp"
#include "app/assessment_editing.hpp"
#include "app/assessments.hpp"
#include "assess/spider.hpp"
#include "http/handlers.hpp"

namespace cf::http {
namespace {

// ?compare=N, or 0.
int64_t CompareId(const request_handle_t& req) {
  const std::string text = Query(req, "compare");
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  return std::stoll(text);
}

}  // namespace

void AssessmentHandlers::RequireAssessmentViewer(RequestContext& rc) {
  if (auto allowed = app::MayViewAssessmentsAs(s_, ActorOf(rc)); !allowed)
    throw ProblemFor(allowed.error(), "Not allowed");
}

request_handling_status_t AssessmentHandlers::AssessmentsPage(RequestContext& rc,
                                                              const request_handle_t& req) {
  const assess::Framework& framework = assess::BuiltInFramework();
  const auto overview = app::AssessmentOverviewAs(s_, ActorOf(rc));
  if (!overview) throw ProblemFor(overview.error(), "Not allowed");
  mstch::array scopes, editable, components;
  for (const auto& c : framework.components)
    components.push_back(mstch::map{{"number", std::to_string(c.number)}, {"name", c.name}});
  for (const auto& o : *overview) {
    if (o.editable) editable.push_back(o.scope);
    const auto& history = o.history;
    mstch::array rows;
    for (size_t i = 0; i < history.size(); ++i) {
      mstch::array averages;
      for (const auto& s : assess::Summarise(framework, history[i])) {
        averages.push_back(mstch::map{{"label", fmt::format("C{} average", s.component->number)},
                                      {"value", assess::FormatAverage(s.average)}});
      }
      mstch::map row{{"id", std::to_string(history[i].id)},
                     {"date", DateText(history[i].assessed_on)},
                     {"assessor", history[i].assessor},
                     {"averages", averages}};
      if (i + 1 < history.size()) row["previous"] = std::to_string(history[i + 1].id);
      rows.push_back(row);
    }
    mstch::map entry{{"name", o.scope == "force" ? std::string("The force") : o.scope},
                     {"has_assessments", !rows.empty()},
                     {"assessments", rows},
                     {"components", components},
                     {"open_actions", std::to_string(o.open_actions)},
                     {"overdue_actions", std::to_string(o.overdue_actions)},
                     {"has_overdue", o.overdue_actions > 0}};
    if (!history.empty()) entry["latest"] = std::to_string(history.front().id);
    scopes.push_back(entry);
  }
  auto context = AdminContext(rc, DoneMessage(req), {});
  context["scopes"] = scopes;
  context["editable"] = editable;
  context["may_start"] = !editable.empty();
  context["attribution"] = framework.attribution;
  return SendHtml(req, restinio::status_ok(),
                  StaffPage(rc, "Self-assessment", Render("assessments", context)));
}

request_handling_status_t AssessmentHandlers::AssessmentPage(RequestContext& rc,
                                                             const request_handle_t& req,
                                                             int64_t id) {
  const assess::Framework& framework = assess::BuiltInFramework();
  const int64_t compare = CompareId(req);
  const auto view = app::ViewAssessmentAs(s_, ActorOf(rc), id, compare);
  if (!view) throw ProblemFor(view.error(), "Not found");
  const auto& r = view->report;
  const auto& a = r.assessment;
  const assess::Assessment* before = r.compare ? &*r.compare : nullptr;
  const bool may_edit = view->may_edit;

  mstch::array others;
  for (const auto& o : view->others) {
    others.push_back(mstch::map{{"id", std::to_string(o.id)},
                                {"selected", o.id == compare},
                                {"label", assess::SeriesName(o)}});
  }
  const auto now = assess::Summarise(framework, a);
  std::vector<assess::ComponentSummary> then;
  if (before) then = assess::Summarise(framework, *before);
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
  for (const auto& g : assess::Guidance(framework, a)) {
    if (!g.development) continue;
    development.push_back(mstch::map{{"number", std::to_string(g.component->number)},
                                     {"name", g.component->name},
                                     {"average", assess::FormatAverage(g.average)},
                                     {"pages", g.component->guide_pages}});
  }
  mstch::array components;
  for (size_t c = 0; c < framework.components.size(); ++c) {
    const auto& component = framework.components[c];
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
    components.push_back(mstch::map{
        {"number", std::to_string(component.number)},
        {"name", component.name},
        {"pages", component.guide_pages},
        {"average", assess::FormatAverage(now[c].average)},
        {"svg", assess::SpiderSvg(assess::ComponentChart(framework, component, a, before), {},
                                  fmt::format("c{}", component.number))},
        {"indicators", indicators},
        {"comparing", before != nullptr}});
  }
  mstch::array actions;
  const std::string today = s_.Today().ToString();
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
                   {"csrf", rc.session->csrf}});
  }
  mstch::array indicator_options;
  for (const auto& c : framework.components) {
    for (const auto& i : c.indicators)
      indicator_options.push_back(mstch::map{{"id", i.id}, {"title", i.title}});
  }
  auto context = AdminContext(rc, DoneMessage(req), {});
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
  context["overall_svg"] =
      assess::SpiderSvg(assess::OverallChart(framework, a, before), {}, "overall");
  context["averages"] = averages;
  context["has_development"] = !development.empty();
  context["development"] = development;
  context["components"] = components;
  context["has_actions"] = !actions.empty();
  context["actions"] = actions;
  context["indicator_options"] = indicator_options;
  context["attribution"] = framework.attribution;
  return SendHtml(req, restinio::status_ok(),
                  StaffPage(rc, fmt::format("Self-assessment: {}", assess::SeriesName(a)),
                            Render("assessment", context)));
}

request_handling_status_t AssessmentHandlers::AssessmentDownload(RequestContext& rc,
                                                                 const request_handle_t& req,
                                                                 int64_t id,
                                                                 const std::string& format) {
  const auto file = app::DownloadAssessmentAs(s_, ActorOf(rc), id, CompareId(req), format);
  if (!file) throw ProblemFor(file.error(), "Not found");
  return SendDownload(req, file->content_type, file->filename, file->body);
}

}  // namespace cf::http
