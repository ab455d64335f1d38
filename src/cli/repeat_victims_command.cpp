// citizenfocus --db PATH repeat-victims [--format csv|json] [--min-score X]: victims on
// different crimes who look like one person, with the evidence and a score, for supervisors to
// confirm or reject (app/repeat_victims.hpp). Nothing is merged.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/repeat_victims.hpp"
#include "app/staff_actions.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/csv.hpp"

namespace cf::cli {

void AddRepeatVictimsCommand(CLI::App& app, Context& ctx) {
  struct Options {
    std::string format = "csv", by = "cli";
    double min_score = app::kRepeatVictimMinScore;
    bool store = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "repeat-victims",
      "Victims on different crimes who look like one person (name with date of birth, phone, "
      "email, address or postcode), never merged: one row per suggested match, "
      "crime_a,person_a,crime_b,person_b,score,evidence, highest score first");
  cmd->add_option("--format", o->format, "csv or json")->capture_default_str();
  cmd->add_option("--min-score", o->min_score, "Leave out matches scoring less (0 to 1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--by", o->by, "Who is asking, for the audit")->capture_default_str();
  cmd->add_flag("--store", o->store,
                "Store the suggestions for the case page, the queue and the bureau's search, as "
                "the worker does hourly, and print how many (no list)");
  cmd->callback([&ctx, o] {
    if (o->store) {
      const size_t n = app::RefreshRepeatVictims(ctx.Services());
      app::AuditAs(ctx.Services(), app::CommandLineActor(o->by), "stored_repeat_victims", "",
                   fmt::format("{} suggested", n));
      std::cout << fmt::format("{} suggested matches stored\n", n);
      return;
    }
    const Format format = ParseFormat(o->format);
    if (format == Format::kTable) throw UsageError{"--format: repeat-victims writes csv or json"};
    auto& s = ctx.Services();
    const auto matches = app::SuggestRepeatVictims(s, o->min_score);
    app::AuditAs(s, app::CommandLineActor(o->by), "viewed_repeat_victims", "",
                 fmt::format("{} suggested at {} or more", matches.size(), o->min_score));
    if (format == Format::kJson) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& m : matches)
        out.push_back({{"crime_a", m.a.crime},
                       {"person_a", m.a.person},
                       {"crime_b", m.b.crime},
                       {"person_b", m.b.person},
                       {"score", m.score},
                       {"evidence", m.evidence}});
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::string out = "crime_a,person_a,crime_b,person_b,score,evidence\n";
    for (const auto& m : matches) {
      std::string evidence;
      for (const auto& e : m.evidence) evidence += (evidence.empty() ? "" : "; ") + e;
      out += fmt::format("{},{},{},{},{:.3f},{}\n", core::CsvField(m.a.crime),
                         core::CsvField(m.a.person), core::CsvField(m.b.crime),
                         core::CsvField(m.b.person), m.score, core::CsvField(evidence));
    }
    std::cout << out;
  });
}

}  // namespace cf::cli
