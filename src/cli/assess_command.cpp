// citizenfocus --db PATH assess import | list | report | template | action
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <set>

#include "app/assessments.hpp"
#include "assess/spider.hpp"
#include "cli/context.hpp"
#include "core/file_io.hpp"

namespace cf::cli {
namespace {

void WriteText(const std::string& path, const std::string& text) {
  std::cout.flush();
  const auto written =
      path.empty() || path == "-" ? core::WriteStdout(text) : core::WriteFileAtomically(path, text);
  if (!written) throw InvalidInput{written.error().message};
}

}  // namespace

void AddAssessCommands(CLI::App& app, Context& ctx) {
  auto* assess =
      app.add_subcommand("assess", "The force and BCU self-assessment (the guide's 21 indicators)");
  assess->require_subcommand(1);
  const auto& framework = assess::BuiltInFramework();

  auto* import =
      assess->add_subcommand("import", "Store an assessment from a scores file (.csv or .xlsx)");
  struct ImportOptions {
    std::string file, by = "cli";
    bool replace = false;
  };
  auto io = std::make_shared<ImportOptions>();
  import
      ->add_option("file", io->file,
                   "scope,assessed_on,assessor,component,indicator,title,score,note,evidence")
      ->required();
  import->add_option("--by", io->by, "Who is importing it")->capture_default_str();
  import->add_flag("--replace", io->replace,
                   "Overwrite a stored assessment of the same scope, date and assessor");
  import->callback([&ctx, io] {
    const auto r = app::ImportAssessmentFile(ctx.Assessments(), io->file, io->by, io->replace);
  if (!r) {
    std::cerr << r.error().message << "\n";
    throw InvalidInput{fmt::format("{}: nothing imported", io->file)};
  }
  ctx.Accounts().Audit({"", io->by, "imported_assessment", "", "",
                        fmt::format("{} from {}", r->id, io->file), "cli"});
  const char* what = r->kind == app::ImportedAssessment::kAdded      ? "imported"
                     : r->kind == app::ImportedAssessment::kReplaced ? "replaced"
                                                                     : "already stored, unchanged";
  std::cout << fmt::format("assessment {}: {}\n", r->id, what);
});

auto* list = assess->add_subcommand(
    "list", "Saved assessments, newest first, with their component averages");
auto scope = std::make_shared<std::string>();
list->add_option("--scope", *scope, "Only this scope (force, or a BCU's name)");
list->callback([&ctx, scope, &framework] {
  for (const auto& a : ctx.Assessments().Assessments(*scope)) {
    std::string averages;
    for (const auto& s : assess::Summarise(framework, a)) {
      averages +=
          fmt::format(" {}", s.average ? fmt::format("{:.1f}", *s.average) : std::string("-"));
    }
    std::cout << fmt::format("{:>4}  {}  {:<16} {:<24}{}\n", a.id, a.assessed_on, a.scope,
                             a.assessor, averages);
  }
});

auto* report = assess->add_subcommand("report", "One assessment as JSON, CSV, XLSX, SVG or PDF");
struct ReportOptions {
  int64_t id = 0, compare = 0;
  int component = 0;
  std::string format = "json", output, as_of;
};
auto ro = std::make_shared<ReportOptions>();
report->add_option("--id", ro->id, "The assessment")->required();
report->add_option("--compare", ro->compare, "Another assessment to overlay and compare with");
report->add_option("--format", ro->format, "json, csv, xlsx, svg or pdf")->capture_default_str();
report->add_option("--component", ro->component,
                   "svg: one component's diagram (1-6) instead of the hexagon");
report->add_option("-o,--output", ro->output,
                   "File to write (json, csv and svg: standard output without it)");
report->add_option("--as-of", ro->as_of, "Live evidence up to this date (default today)");
report->callback([&ctx, ro, &framework] {
  static const std::set<std::string> kFormats = {"json", "csv", "xlsx", "svg", "pdf"};
  if (!kFormats.count(ro->format)) throw UsageError{"--format: json, csv, xlsx, svg or pdf"};
  if ((ro->format == "xlsx" || ro->format == "pdf") && ro->output.empty())
    throw UsageError{"-o FILE is needed"};
  if (ro->component != 0 && framework.FindComponent(ro->component) == nullptr)
    throw UsageError{"--component: 1 to 6"};
  const core::Date as_of = ctx.DateOption(ro->as_of, "--as-of");
  const bool evidence = ro->format == "json" || ro->format == "xlsx" || ro->format == "pdf";
  auto r = app::BuildReport(ctx.Assessments(), ctx.Store(), ctx.Accounts(), ro->id, ro->compare,
                            as_of, evidence, &ctx.Services().quality);
  if (!r) throw InvalidInput{r.error().message};
  const assess::Assessment* compare = r->compare ? &*r->compare : nullptr;
  if (ro->format == "json") {
    WriteText(ro->output, assess::ReportJson(*r));
  } else if (ro->format == "csv") {
    WriteText(ro->output, assess::ScoresCsv(framework, r->assessment));
  } else if (ro->format == "svg") {
    const auto chart = ro->component == 0 ? assess::OverallChart(framework, r->assessment, compare)
                                          : assess::ComponentChart(
                                                framework, *framework.FindComponent(ro->component),
                                                r->assessment, compare);
    WriteText(ro->output,
              assess::SpiderSvg(
                  chart, {}, ro->component == 0 ? "overall" : fmt::format("c{}", ro->component)));
  } else {
    const auto written =
        ro->format == "xlsx" ? assess::WriteXlsx(*r, ro->output) : assess::WritePdf(*r, ro->output);
    if (!written) throw InvalidInput{written.error().message};
    std::cout << fmt::format("{}: assessment {} ({})\n", ro->output, ro->id, ro->format);
  }
  ctx.Accounts().Audit({"", "cli", "reported_assessment", "", "",
                        fmt::format("{} as {}", ro->id, ro->format), "cli"});
});

auto* blank = assess->add_subcommand(
    "template", "A scores file to fill in (CSV or XLSX) for a scope, date and assessor");
struct BlankOptions {
  std::string scope = "force", date, assessor, output;
};
auto bo = std::make_shared<BlankOptions>();
blank->add_option("--scope", bo->scope, "force, or a BCU's name")->capture_default_str();
blank->add_option("--date", bo->date, "Date of the assessment (default today)");
blank->add_option("--assessor", bo->assessor, "Who is assessing")->required();
blank->add_option("-o,--output", bo->output, "FILE.csv or FILE.xlsx")->required();
blank->callback([&ctx, bo, &framework] {
  assess::Report r;
  r.framework = &framework;
  r.assessment.scope = bo->scope;
  r.assessment.assessed_on = ctx.DateOption(bo->date, "--date").ToString();
  r.assessment.assessor = bo->assessor;
  const bool xlsx = bo->output.size() > 5 && bo->output.substr(bo->output.size() - 5) == ".xlsx";
  if (xlsx) {
    const auto written = assess::WriteXlsx(r, bo->output);
    if (!written) throw InvalidInput{written.error().message};
  } else {
    WriteText(bo->output, assess::ScoresCsv(framework, r.assessment));
  }
  std::cout << fmt::format("{}: fill in the score column (0-4), then `assess import {}`\n",
                           bo->output, bo->output);
});

auto* action = assess->add_subcommand("action", "The action plan: add, list, set status");
action->require_subcommand(1);
auto* add = action->add_subcommand("add", "Add an action linked to an indicator");
auto pa = std::make_shared<assess::PlanAction>();
pa->status = "not_started";
add->add_option("--scope", pa->scope, "force, or a BCU's name")->required();
add->add_option("--indicator", pa->indicator, "e.g. 2.6")->required();
add->add_option("--action", pa->action, "What will be done")->required();
add->add_option("--owner", pa->owner, "Who owns it")->required();
add->add_option("--due", pa->due, "YYYY-MM-DD")->required();
add->callback([&ctx, pa, &framework] {
  pa->created_by = "cli";
  const auto problems = assess::ValidateAction(framework, *pa);
  if (!problems.empty()) {
    for (const auto& p : problems) std::cerr << p << "\n";
    throw InvalidInput{"action not added"};
  }
  const int64_t id = ctx.Assessments().AddAction(*pa);
  ctx.Accounts().Audit({"", "cli", "added_action", "", "",
                        fmt::format("{} for {} {}", id, pa->scope, pa->indicator), "cli"});
  std::cout << fmt::format("action {} added\n", id);
});
auto* actions = action->add_subcommand("list", "The actions, by due date");
auto as = std::make_shared<std::string>();
actions->add_option("--scope", *as, "Only this scope");
actions->callback([&ctx, as] {
  for (const auto& p : ctx.Assessments().Actions(*as)) {
    std::cout << fmt::format("{:>4}  {}  {:<12} {:<4} {:<12} {:<16} {}\n", p.id, p.due, p.scope,
                             p.indicator, assess::ActionStatusText(p.status), p.owner, p.action);
  }
});
auto* set = action->add_subcommand("set", "Change an action's status");
auto st = std::make_shared<std::pair<int64_t, std::string>>();
set->add_option("--id", st->first, "The action")->required();
set->add_option("--status", st->second, "not_started, in_progress, done or dropped")->required();
set->callback([&ctx, st, &framework] {
  auto p = ctx.Assessments().FindAction(st->first);
  if (!p) throw InvalidInput{fmt::format("no action {}", st->first)};
  p->status = st->second;
  const auto problems = assess::ValidateAction(framework, *p);
  if (!problems.empty()) throw InvalidInput{problems.front()};
  ctx.Assessments().UpdateAction(*p);
  ctx.Accounts().Audit(
      {"", "cli", "changed_action", "", "", fmt::format("{}: {}", p->id, p->status), "cli"});
  std::cout << fmt::format("action {}: {}\n", p->id, assess::ActionStatusText(p->status));
});
}  // namespace cf::cli

}  // namespace cf::cli
