// citizenfocus obligations | explain | queue: the engine over a JSON Lines event file.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "app/case_derivation.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "events/jsonl_reader.hpp"
#include "rules/explain.hpp"
#include "rules/rag.hpp"

namespace cf::cli {
namespace {

struct EngineOptions {
  std::string ruleset;
  std::string policy;
  std::string as_of;
  std::string file;
};

void AddEngineOptions(CLI::App* cmd, EngineOptions& o, bool file_optional = false) {
  cmd->add_option("--ruleset", o.ruleset,
                  "Judge every case by this rule set (default: the Code in force on each case's "
                  "recording date, with the Witness Charter alongside)");
  cmd->add_option("--policy", o.policy,
                  "Local policy overlay (west-mercia, hertfordshire, dorset, ...)");
  auto* file =
      cmd->add_option("FILE", o.file,
                      file_optional ? "Events, JSON Lines (events.md); - for standard input; "
                                      "omit with --db to read the case store's log"
                                    : "Events, JSON Lines (events.md); - for standard input");
  if (!file_optional) file->required();
}

// The cases of the store's event log at --db (one crime, or all when `crime` is empty).
std::vector<domain::CaseFile> StoredCases(Context& ctx, const std::string& crime) {
  auto& store = ctx.Store();
  std::vector<domain::CaseFile> out;
  if (!crime.empty()) {
    const auto bodies = store.EventBodies(crime);
    if (bodies.empty())
      throw InvalidInput{fmt::format("no crime \"{}\" in the store {}", crime, ctx.DbName())};
    out.push_back(app::ParseStoredCase(crime, bodies));
    return out;
  }
  store.ForEachCase([&](const std::string& c, const std::vector<std::string>& bodies) {
    out.push_back(app::ParseStoredCase(c, bodies));
  });
  return out;
}

// Reads and validates the whole file: any bad line is reported and nothing is computed.
std::vector<domain::CaseFile> LoadCases(const std::string& path) {
  std::string text;
  if (!events::ReadAll(path, text)) throw InvalidInput{fmt::format("cannot read {}", path)};
  events::EventReader reader;
  reader.ReadText(text);
  if (!reader.errors().empty()) {
    for (const auto& e : reader.errors()) {
      std::cerr << fmt::format("{}:{}: {}\n", path, e.line, e.message);
    }
    throw InvalidInput{
        fmt::format("{} bad line(s) in {}; nothing computed", reader.errors().size(), path)};
  }
  return reader.TakeCases();
}

rules::Selection Select(Context& ctx, const EngineOptions& o) {
  rules::Selection s;
  const auto& lib = ctx.Library();
  if (!o.ruleset.empty()) {
    s.rule_set = lib.FindRuleSet(o.ruleset);
    if (s.rule_set == nullptr) {
      throw UsageError{fmt::format("--ruleset: no rule set \"{}\" (known: {})", o.ruleset,
                                   fmt::join(lib.RuleSetIds(), ", "))};
    }
  }
  if (!o.policy.empty()) {
    s.policy = lib.FindPolicy(o.policy);
    if (s.policy == nullptr) {
      throw UsageError{fmt::format("--policy: no policy \"{}\" (known: {})", o.policy,
                                   fmt::join(lib.PolicyIds(), ", "))};
    }
  }
  return s;
}

void ReportCaseError(const domain::CaseFile& file, const core::Error& error) {
  std::cerr << fmt::format("error: crime {}: {}\n", file.crime, error.message);
}

// The officer in case as of a date: crime.recorded's, then any officer.assigned.
std::pair<std::string_view, std::string_view> OfficerAndUnit(const domain::CaseFile& file,
                                                             core::Date as_of) {
  std::string_view officer = file.recorded().officer;
  std::string_view unit = file.recorded().unit;
  for (const auto& e : file.events) {
    if (e.type == domain::EventType::kOfficerAssigned && e.date <= as_of) {
      officer = e.officer;
      if (!e.unit.empty()) unit = e.unit;
    }
  }
  return {officer, unit};
}

}  // namespace

void AddObligationsCommands(CLI::App& app, Context& ctx) {
  auto* obligations =
      app.add_subcommand("obligations", "Every obligation on every case, as of a date");
  auto opts = std::make_shared<EngineOptions>();
  auto format = std::make_shared<std::string>("csv");
  AddEngineOptions(obligations, *opts, /*file_optional=*/true);
  obligations->add_option("--as-of", opts->as_of, "YYYY-MM-DD (default: today in London)");
  obligations->add_option("--format", *format, "csv, json or table")->capture_default_str();
  obligations->callback([&ctx, opts, format] {
    const Format fmt_ = ParseFormat(*format);
    const auto as_of = ctx.DateOption(opts->as_of, "--as-of");
    const auto selection = Select(ctx, *opts);
    if (opts->file.empty() && ctx.db_path.empty())
      throw UsageError{"give FILE, or --db to read the case store"};
    const auto cases = opts->file.empty() ? StoredCases(ctx, "") : LoadCases(opts->file);
    const auto& engine = ctx.Engine();
    ObligationWriter writer(fmt_, stdout);
    writer.Begin();
    bool failed = false;
    for (const auto& file : cases) {
      const auto result = engine.Compute(file, selection, as_of);
      if (!result) {
        ReportCaseError(file, result.error());
        failed = true;
        continue;
      }
      for (const auto& o : *result) writer.Write(file, o);
    }
    writer.End();
    if (failed) throw ExitWith{kExitSomeFailed};
  });

  auto* explain = app.add_subcommand(
      "explain", "Why one obligation exists, its deadline arithmetic and status");
  auto eopts = std::make_shared<EngineOptions>();
  auto crime = std::make_shared<std::string>();
  auto person = std::make_shared<std::string>();
  auto duty = std::make_shared<std::string>();
  auto instance = std::make_shared<int>(0);
  AddEngineOptions(explain, *eopts, /*file_optional=*/true);
  explain->add_option("--crime", *crime, "Crime reference")->required();
  explain->add_option("--person", *person, "Person id on the crime")->required();
  explain->add_option("--duty", *duty, "Duty id (arrest, periodic_update, ...)")->required();
  explain->add_option("--instance", *instance,
                      "Which instance: 1, 2, 3... for periodic updates, or the Nth trigger of an "
                      "event duty (default 1)");
  explain->add_option("--as-of", eopts->as_of, "YYYY-MM-DD (default: today in London)");
  explain->callback([&ctx, eopts, crime, person, duty, instance] {
    const auto as_of = ctx.DateOption(eopts->as_of, "--as-of");
    const auto selection = Select(ctx, *eopts);
    if (!domain::ParseDutyId(*duty)) {
      throw UsageError{fmt::format("--duty: unknown duty \"{}\" (allowed: {})", *duty,
                                   domain::AllowedNames(domain::DutyIdNames()))};
    }
    if (eopts->file.empty() && ctx.db_path.empty())
      throw UsageError{"give FILE, or --db to read the case store"};
    const auto cases = eopts->file.empty() ? StoredCases(ctx, *crime) : LoadCases(eopts->file);
    const auto file =
        std::find_if(cases.begin(), cases.end(), [&](const auto& c) { return c.crime == *crime; });
    if (file == cases.end())
      throw InvalidInput{fmt::format("no crime \"{}\" in {}", *crime, eopts->file)};
    const auto& engine = ctx.Engine();
    const auto result = engine.Compute(*file, selection, as_of);
    if (!result) {
      ReportCaseError(*file, result.error());
      throw ExitWith{kExitSomeFailed};
    }
    // Event duties number their instances 1 each; --instance N picks the Nth trigger.
    int seen = 0;
    const int wanted = *instance > 0 ? *instance : 1;
    for (const auto& o : *result) {
      if (o.person != *person || o.DutyId() != *duty) continue;
      const int number = o.duty == nullptr ? o.instance : ++seen;
      if (number != wanted) continue;
      std::cout << rules::Explain(engine, *file, o, as_of);
      return;
    }
    throw InvalidInput{fmt::format("crime {} has no {} obligation {} for person {} as of {}",
                                   *crime, *duty, wanted, *person, as_of.ToString())};
  });

  auto* queue = app.add_subcommand(
      "queue", "Today's work queue: open and overdue obligations, most urgent first");
  auto qopts = std::make_shared<EngineOptions>();
  auto officer = std::make_shared<std::string>();
  auto unit = std::make_shared<std::string>();
  auto limit = std::make_shared<size_t>(0);
  AddEngineOptions(queue, *qopts);
  queue->add_option("--as-of", qopts->as_of, "YYYY-MM-DD (default: today in London)");
  queue->add_option("--officer", *officer, "Only this officer's cases");
  queue->add_option("--unit", *unit, "Only this unit's cases");
  queue->add_option("--limit", *limit, "Show at most this many rows (0: all)");
  queue->callback([&ctx, qopts, officer, unit, limit] {
    const auto as_of = ctx.DateOption(qopts->as_of, "--as-of");
    const auto selection = Select(ctx, *qopts);
    const auto cases = LoadCases(qopts->file);
    const auto& engine = ctx.Engine();
    const int red_after = selection.policy ? selection.policy->red_after_overdue_working_days : 1;
    struct Row {
      rules::Rag rag;
      int overdue;
      core::Date deadline;
      std::string text;
    };
    std::vector<Row> rows;
    bool failed = false;
    for (const auto& file : cases) {
      const auto [oic, oic_unit] = OfficerAndUnit(file, as_of);
      if (!officer->empty() && oic != *officer) continue;
      if (!unit->empty() && oic_unit != *unit) continue;
      const auto result = engine.Compute(file, selection, as_of);
      if (!result) {
        ReportCaseError(file, result.error());
        failed = true;
        continue;
      }
      for (const auto& o : *result) {
        if (o.status != rules::ObligationStatus::kOpen &&
            o.status != rules::ObligationStatus::kOverdue)
          continue;
        const auto rag = rules::RagFor(o, as_of, ctx.Calendar(), red_after);
        const int overdue = rules::WorkingDaysOverdue(o, as_of, ctx.Calendar());
        const std::string& what =
            o.duty != nullptr ? o.duty->message : o.rule_set->periodic->message;
        rows.push_back(
            {rag, overdue, o.deadline,
             fmt::format("{:<6} {:<15} {:>4} {:<14} {:<8} {:<8} {:<9} {}\n", rules::Name(rag),
                         o.deadline.ToLongString(), overdue, file.crime, o.person, oic,
                         o.enhanced ? "enhanced" : "standard", what)});
      }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      if (a.rag != b.rag) return a.rag < b.rag;
      return a.deadline < b.deadline;
    });
    size_t red = 0, amber = 0;
    for (const auto& r : rows) {
      red += r.rag == rules::Rag::kRed;
      amber += r.rag == rules::Rag::kAmber;
    }
    std::cout << fmt::format(
        "Work queue as of {}{}{}: {} open or overdue ({} red, {} amber, {} green)\n\n",
        as_of.ToLongString(), officer->empty() ? "" : ", officer " + *officer,
        unit->empty() ? "" : ", unit " + *unit, rows.size(), red, amber, rows.size() - red - amber);
    std::cout << fmt::format("{:<6} {:<15} {:>4} {:<14} {:<8} {:<8} {:<9} {}\n", "RAG", "deadline",
                             "late", "crime", "person", "officer", "service", "what to do");
    const size_t shown = *limit == 0 ? rows.size() : std::min(rows.size(), *limit);
    for (size_t i = 0; i < shown; ++i) std::cout << rows[i].text;
    if (shown < rows.size())
      std::cout << fmt::format("... and {} more (--limit 0 shows all)\n", rows.size() - shown);
    if (failed) throw ExitWith{kExitSomeFailed};
  });
}

}  // namespace cf::cli
