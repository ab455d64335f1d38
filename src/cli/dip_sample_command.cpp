// citizenfocus --db PATH dip-sample draw --unit U --month YYYY-MM [--size N] [--seed S]:
// a unit's cases of a month drawn for review (docs/quality.md), reproducibly from the seed.
// citizenfocus --db PATH measures refresh|show: the measures' monthly roll-ups.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/dip_sampling.hpp"
#include "app/measures.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/csv.hpp"

namespace cf::cli {

void AddDipSampleCommands(CLI::App& app, Context& ctx) {
  auto* dip = app.add_subcommand("dip-sample", "Dip samples of a unit's cases for review");
  dip->require_subcommand(1);
  struct Options {
    std::string unit, month, format = "csv", by = "cli", as_of;
    std::optional<int> size;
    std::optional<uint64_t> seed;
  };
  auto o = std::make_shared<Options>();
  auto* draw = dip->add_subcommand(
      "draw",
      "Draw a unit's cases recorded in a month for review, half at random and half weighted "
      "towards risk, leaving out cases of the month's earlier samples; the same seed gives the "
      "same sample. One row per case: crime,unit,month,drawn_as,reasons,weight,officer,"
      "crime_type,seed,sample");
  draw->add_option("--unit", o->unit, "The unit")->required();
  draw->add_option("--month", o->month, "The month its cases were recorded in, YYYY-MM")
      ->required();
  draw->add_option("--size", o->size, "How many cases (default: the force's dip_sample_size)");
  draw->add_option("--seed", o->seed, "The seed (default: a fresh one, printed in each row)");
  draw->add_option("--as-of", o->as_of,
                   "The day risks are judged on (default: the month's last day, or today while "
                   "it runs); give a sample's risks_as_of to draw it again");
  draw->add_option("--format", o->format, "csv or json")->capture_default_str();
  draw->add_option("--by", o->by, "Who is drawing it, for the audit")->capture_default_str();
  draw->callback([&ctx, o] {
    const Format format = ParseFormat(o->format);
    if (format == Format::kTable) throw UsageError{"--format: dip-sample draw writes csv or json"};
    std::optional<core::Date> as_of;
    if (!o->as_of.empty()) as_of = ctx.DateOption(o->as_of, "--as-of");
    const auto sample = app::DrawDipSample(ctx.Services(), app::CommandLineActor(o->by),
                                           {o->unit, o->month, o->size, o->seed, as_of});
    if (!sample) throw InvalidInput{sample.error().message};
    if (format == Format::kJson) {
      nlohmann::json cases = nlohmann::json::array();
      for (const auto& c : sample->cases)
        cases.push_back({{"crime", c.crime},
                         {"drawn_as", c.drawn_as},
                         {"reasons", c.reasons},
                         {"weight", c.weight},
                         {"officer", c.officer},
                         {"crime_type", c.crime_type}});
      std::cout << nlohmann::json{{"sample", sample->id},
                                  {"unit", sample->unit},
                                  {"month", sample->month},
                                  {"seed", sample->seed},
                                  {"size", sample->size},
                                  {"drawn_by", sample->drawn_by},
                                  {"drawn_at", sample->drawn_at},
                                  {"risks_as_of", sample->risks_as_of},
                                  {"cases", cases}}
                       .dump(2)
                << "\n";
      return;
    }
    std::string out =
        "crime,unit,month,drawn_as,reasons,weight,officer,crime_type,seed,sample,risks_as_of\n";
    for (const auto& c : sample->cases)
      out +=
          fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", core::CsvField(c.crime),
                      core::CsvField(sample->unit), sample->month, c.drawn_as,
                      core::CsvField(c.reasons), c.weight, core::CsvField(c.officer),
                      core::CsvField(c.crime_type), sample->seed, sample->id, sample->risks_as_of);
    std::cout << out;
  });
}

void AddMeasuresCommands(CLI::App& app, Context& ctx) {
  auto* measures = app.add_subcommand(
      "measures", "The measures a force is judged by, rolled up by month and unit");
  measures->require_subcommand(1);
  struct Options {
    int months = app::kMeasureMonths;
    std::string by = "force", to, measure;
  };
  auto o = std::make_shared<Options>();
  auto* refresh = measures->add_subcommand(
      "refresh", "Roll up every measure for the last --months months (the worker does it too)");
  refresh->add_option("--months", o->months, "How many months, to this one")
      ->capture_default_str()
      ->check(CLI::Range(1, app::kMeasureMonths));
  refresh->add_option("--to", o->to, "The last month, YYYY-MM (default: this one)");
  refresh->callback([&ctx, o] {
    const core::Date day =
        o->to.empty() ? ctx.Services().Today() : ctx.DateOption(o->to + "-01", "--to");
    const auto [first, last] = app::LastMonths(day, o->months);
    const auto stored = app::RefreshMeasures(ctx.Services(), first, last);
    if (!stored) throw InvalidInput{stored.error().message};
    std::cout << fmt::format("measures {} to {}: {} rows\n", first, last, *stored);
  });
  auto* show = measures->add_subcommand(
      "show",
      "Every measure from the roll-ups, one row per month, group and measure: "
      "month,group,measure,numerator,denominator,rate");
  show->add_option("--by", o->by, "force, bcu or unit")->capture_default_str();
  show->add_option("--to", o->to, "The last month, YYYY-MM (default: this one)");
  show->add_option("--months", o->months, "How many months")
      ->capture_default_str()
      ->check(CLI::Range(1, app::kMeasureMonths));
  show->callback([&ctx, o] {
    const std::string to = o->to.empty() ? ctx.Services().Today().ToString().substr(0, 7) : o->to;
    const auto file =
        app::MeasuresFileAs(ctx.Services(), app::CommandLineActor(), o->by, to, "csv", o->months);
    if (!file) throw InvalidInput{file.error().message};
    std::cout << file->body;
  });
}

}  // namespace cf::cli
