// citizenfocus --db PATH survey import FILE.csv|FILE.xlsx | satisfaction | gap | drivers: the
// user satisfaction survey's results (docs/survey.md), as an analyst works with them.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/survey.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"

namespace cf::cli {
namespace {

// The period: --to (default today) and --from (default a year before it).
std::pair<core::Date, core::Date> Period(Context& ctx, const std::string& from,
                                         const std::string& to) {
  const core::Date end = ctx.DateOption(to, "--to");
  const core::Date start =
      from.empty() ? end.AddMonths(-12).AddDays(1) : ctx.DateOption(from, "--from");
  if (start > end) throw UsageError{"--from is after --to"};
  return {start, end};
}

std::string Points(double share) { return fmt::format("{:.1f}", 100 * share); }

}  // namespace

void AddSurveyCommands(CLI::App& app, Context& ctx) {
  auto* survey = app.add_subcommand("survey", "The user satisfaction survey's results");
  survey->require_subcommand(1);
  struct Options {
    std::string file, stage = "whole_experience", by, from, to, format = "csv", user = "cli";
  };
  auto o = std::make_shared<Options>();

  auto* import_results = survey->add_subcommand(
      "import",
      "Import survey results (CSV or XLSX; columns in docs/survey.md): every problem reported by "
      "line and column and nothing stored when any line is bad; a response id already held is "
      "replaced, so importing a file again changes nothing");
  import_results->add_option("file", o->file, "The results file")->required();
  import_results->add_option("--by", o->user, "Who is importing, for the audit")
      ->capture_default_str();
  import_results->callback([&ctx, o] {
    const auto table = app::ReadSurveyFile(o->file);
    if (!table) throw InvalidInput{table.error().message};
    const auto done =
        app::ImportSurvey(ctx.Services(), app::CommandLineActor(o->user), *table, o->file);
    if (!done) throw InvalidInput{done.error().message};
    std::cout << fmt::format(
        "{} responses: {} added, {} replaced, {} unchanged; {} linked to a case{}\n", done->rows,
        done->written.added, done->written.replaced, done->written.unchanged, done->linked,
        done->not_found == 0
            ? ""
            : fmt::format(", {} naming a crime the store does not hold (kept, and linked once "
                          "the case is imported)",
                          done->not_found));
  });

  auto* satisfaction = survey->add_subcommand(
      "satisfaction",
      "Satisfaction with a stage, with its 95% Wilson interval, overall or by crime_type, unit, "
      "bcu, ethnicity or month: group,satisfied,answered,percent,ci95_low,ci95_high");
  satisfaction
      ->add_option("--stage", o->stage,
                   "ease_of_contact, actions_taken, follow_up, "
                   "treatment or whole_experience")
      ->capture_default_str();
  satisfaction->add_option("--by", o->by, "crime_type, unit, bcu, ethnicity or month");
  satisfaction->add_option("--as", o->user, "Who is asking, for the audit")->capture_default_str();
  satisfaction->add_option("--from", o->from, "First interview day (default: a year before --to)");
  satisfaction->add_option("--to", o->to, "Last interview day (default: today)");
  satisfaction->callback([&ctx, o] {
    if (const auto st = app::CheckStage(o->stage); !st) throw UsageError{st.error().message};
    static const std::vector<std::string> kBy = {"",    "crime_type", "unit",
                                                 "bcu", "ethnicity",  "month"};
    if (std::find(kBy.begin(), kBy.end(), o->by) == kBy.end())
      throw UsageError{
          fmt::format("--by: \"{}\" is not crime_type, unit, bcu, ethnicity or month", o->by)};
    const auto [from, to] = Period(ctx, o->from, o->to);
    const auto responses = app::SurveyResponsesAs(
        ctx.Services(), app::CommandLineActor(o->user), from, to,
        fmt::format("satisfaction with {}{}", o->stage, o->by.empty() ? "" : " by " + o->by));
    if (!responses) throw InvalidInput{responses.error().message};
    const auto rows = app::SatisfactionBy(*responses, o->stage, o->by);
    std::string out = "group,satisfied,answered,percent,ci95_low,ci95_high\n";
    for (const auto& g : rows)
      out += fmt::format("{},{},{},{},{},{}\n", core::CsvField(g.group.empty() ? "all" : g.group),
                         g.satisfied, g.answered,
                         Points(static_cast<double>(g.satisfied) / static_cast<double>(g.answered)),
                         Points(g.wilson.low), Points(g.wilson.high));
    std::cout << out;
  });

  auto* gap = survey->add_subcommand(
      "gap",
      "The gap in whole-experience satisfaction between white and black and minority ethnic "
      "respondents, in percentage points, with its 95% interval (Newcombe) and a two-proportion "
      "z test");
  gap->add_option("--from", o->from, "First interview day (default: a year before --to)");
  gap->add_option("--to", o->to, "Last interview day (default: today)");
  gap->add_option("--format", o->format, "csv or json")->capture_default_str();
  gap->add_option("--by", o->user, "Who is asking, for the audit")->capture_default_str();
  gap->callback([&ctx, o] {
    const Format format = ParseFormat(o->format);
    const auto [from, to] = Period(ctx, o->from, o->to);
    const auto responses = app::SurveyResponsesAs(ctx.Services(), app::CommandLineActor(o->user),
                                                  from, to, "the white/BME gap");
    if (!responses) throw InvalidInput{responses.error().message};
    const auto g = app::WhiteBmeGap(*responses);
    if (!g.comparison)
      throw InvalidInput{
          fmt::format("no gap can be given for {} to {}: {} white and {} black and minority ethnic "
                      "respondents answered the whole-experience question",
                      from.ToString(), to.ToString(), g.white_answered, g.bme_answered)};
    const auto& c = *g.comparison;
    if (format == Format::kJson) {
      const nlohmann::json j = {{"from", from.ToString()},
                                {"to", to.ToString()},
                                {"white",
                                 {{"satisfied", g.white_satisfied},
                                  {"answered", g.white_answered},
                                  {"percent", 100 * c.first}}},
                                {"bme",
                                 {{"satisfied", g.bme_satisfied},
                                  {"answered", g.bme_answered},
                                  {"percent", 100 * c.second}}},
                                {"gap_points", 100 * c.difference},
                                {"gap_ci95_low", 100 * c.difference_ci.low},
                                {"gap_ci95_high", 100 * c.difference_ci.high},
                                {"z", c.z},
                                {"p_value", c.p_value},
                                {"significant", c.significant}};
      std::cout << j.dump(2) << "\n";
      return;
    }
    std::cout << "white_satisfied,white_answered,white_percent,bme_satisfied,bme_answered,"
                 "bme_percent,gap_points,gap_ci95_low,gap_ci95_high,z,p_value,significant\n"
              << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", g.white_satisfied,
                             g.white_answered, Points(c.first), g.bme_satisfied, g.bme_answered,
                             Points(c.second), Points(c.difference), Points(c.difference_ci.low),
                             Points(c.difference_ci.high), c.z, c.p_value,
                             c.significant ? "yes" : "no");
  });

  auto* drivers = survey->add_subcommand(
      "drivers",
      "Key driver analysis of satisfaction with a stage: the diagnostic answers and each "
      "response's case record (enhanced, duties missed, informing contacts, working days to the "
      "first update, crime type); one row per term as `stats logit` prints them");
  drivers->add_option("--stage", o->stage, "follow_up or whole_experience (or another stage)")
      ->required();
  drivers->add_option("--from", o->from, "First interview day (default: a year before --to)");
  drivers->add_option("--to", o->to, "Last interview day (default: today)");
  drivers->add_option("--format", o->format, "csv or json")->capture_default_str();
  drivers->add_option("--by", o->user, "Who is asking, for the audit")->capture_default_str();
  drivers->callback([&ctx, o] {
    const Format format = ParseFormat(o->format);
    if (format == Format::kTable) throw UsageError{"--format: survey drivers writes csv or json"};
    if (const auto st = app::CheckStage(o->stage); !st) throw UsageError{st.error().message};
    const auto [from, to] = Period(ctx, o->from, o->to);
    const auto analysis = app::AnalyseSurveyDrivers(ctx.Services(), app::CommandLineActor(o->user),
                                                    o->stage, from, to);
    if (!analysis) throw InvalidInput{analysis.error().message};
    const auto& fit = *analysis->fit;
    if (!fit) {
      std::string message = fit.error().message;
      for (const auto& n : analysis->notes) message += "\nnote: " + n;
      throw InvalidInput{message};
    }
    if (format == Format::kCsv) {
      for (const auto& n : analysis->notes) std::cerr << "note: " << n << "\n";
      for (const auto& w : fit->warnings) std::cerr << "warning: " << w << "\n";
    }
    std::cout << LogitFitText(*fit, format, 0, analysis->notes);
  });
}  // namespace cf::cli

}  // namespace cf::cli
