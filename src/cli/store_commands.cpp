// citizenfocus --db PATH import | import-police-uk | recompute | due | compliance
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "app/case_derivation.hpp"
#include "app/compliance.hpp"
#include "app/import.hpp"
#include "app/police_uk.hpp"
#include "app/work_queue.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/csv.hpp"
#include "core/limits.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::cli {
namespace {

std::string NowText(const Context& ctx) {
  const auto now = ctx.Now();
  return events::FormatInstant(now - now % 1000);
}

// A progress bar on a terminal; nothing when standard error is not one.
std::function<void(const char*, size_t, size_t)> ProgressBar(const std::string& label) {
  if (!isatty(STDERR_FILENO)) return {};
  return [label](const char* phase, size_t done, size_t total) {
    const int width = 30;
    const int filled = total == 0 ? width : static_cast<int>(width * done / total);
    std::fprintf(stderr, "\r%-32.32s %-9s [%s%s] %3d%%", label.c_str(), phase,
                 std::string(filled, '#').c_str(), std::string(width - filled, ' ').c_str(),
                 total == 0 ? 100 : static_cast<int>(100 * done / total));
    std::fflush(stderr);
  };
}
void EndProgress() {
  if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\r%80s\r", "");
}

// The writing thread is busy too: one fewer deriving thread than there are cores.
unsigned DefaultDerivingThreads() {
  return std::clamp(std::thread::hardware_concurrency(), 2U, 17U) - 1U;
}

struct ImportFlags {
  bool skip_invalid = false;
  std::string rejects;
  bool bulk = false;
  bool incremental = false;
  unsigned threads = DefaultDerivingThreads();

  std::optional<bool> Path() const {
    if (bulk) return true;
    if (incremental) return false;
    return std::nullopt;
  }
};

void AddImportFlags(CLI::App* cmd, ImportFlags& flags) {
  cmd->add_flag("--skip-invalid", flags.skip_invalid,
                "Import the good lines of a file with bad ones (default: a file with any bad line "
                "imports nothing)");
  cmd->add_option("--rejects", flags.rejects,
                  "With --skip-invalid: write each bad line, with its number and reason, to this "
                  "JSON Lines file");
  auto* bulk = cmd->add_flag("--bulk", flags.bulk,
                             "Take the bulk path whatever the store holds: the derived tables' "
                             "indexes are built once, at the end (default: when the store holds no "
                             "events, or the file adds at least as many as it holds)");
  cmd->add_flag("--incremental", flags.incremental,
                "Take the incremental path whatever the store holds: rows are written through "
                "the indexes")
      ->excludes(bulk);
  cmd->add_option("--threads", flags.threads,
                  "Threads deriving cases while another writes them (default: one fewer than the "
                  "cores; 0: all on one thread); the store is the same whatever the number")
      ->check(CLI::Range(0U, 64U))
      ->capture_default_str();
}

// Reports one file's result; returns false when the file was refused.
bool Report(const std::string& path, const app::ImportReport& r, std::FILE* rejects) {
  for (const auto& e : r.errors) std::cerr << fmt::format("{}:{}: {}\n", path, e.line, e.message);
  if (rejects != nullptr) {
    for (const auto& e : r.errors) {
      const nlohmann::json j = {
          {"file", path}, {"line", e.line}, {"reason", e.message}, {"text", e.text}};
      if (std::fprintf(rejects, "%s\n", j.dump().c_str()) < 0)
        throw InvalidInput{fmt::format("cannot write the rejects file: {}", std::strerror(errno))};
    }
  }
  if (!r.written) {
    std::cerr << fmt::format(
        "{}: {} bad line(s); nothing imported from this file (use --skip-invalid to import "
        "the good lines)\n",
        path, r.errors.size());
    return false;
  }
  std::cout << fmt::format(
      "{}: {} lines, {} new events, {} already stored, {} rejected; {} cases updated, "
      "{} obligations\n",
      path, r.lines, r.accepted, r.duplicates, r.errors.size(), r.cases, r.obligations);
  return true;
}

std::FILE* OpenRejects(const ImportFlags& flags) {
  if (flags.rejects.empty()) return nullptr;
  if (!flags.skip_invalid) throw UsageError{"--rejects goes with --skip-invalid"};
  std::FILE* f = std::fopen(flags.rejects.c_str(), "wb");
  if (f == nullptr) throw InvalidInput{fmt::format("cannot write {}", flags.rejects)};
  return f;
}

// Flushed and closed, checked: a rejects file cut short by a full disk is an error.
void CloseRejects(std::FILE* rejects) {
  if (rejects == nullptr) return;
  const bool flushed =
      std::fflush(rejects) == 0 && (::fsync(fileno(rejects)) == 0 || errno == EINVAL);
  if (std::fclose(rejects) != 0 || !flushed)
    throw InvalidInput{fmt::format("cannot write the rejects file: {}", std::strerror(errno))};
}

// A file to read ("-" for standard input), or InvalidInput saying why it cannot be.
std::FILE* OpenOrFail(const std::string& path) {
  if (path == "-") return stdin;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InvalidInput{fmt::format("{} is a directory: give the files in it", path)};
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw InvalidInput{fmt::format("cannot read {}", path)};
  return f;
}
int CloseInput(std::FILE* f) { return f == stdin ? 0 : std::fclose(f); }

std::string ReadFileOrFail(const std::string& path) {
  std::string text;
  if (!events::ReadAll(path, text)) {
    std::error_code ec;
    throw InvalidInput{std::filesystem::is_directory(path, ec)
                           ? fmt::format("{} is a directory: give the files in it", path)
                           : fmt::format("cannot read {}", path)};
  }
  return text;
}

storage::Scope ScopeOf(const std::string& officer, const std::string& unit) {
  if (!officer.empty() && !unit.empty()) throw UsageError{"give --officer or --unit, not both"};
  return {officer, unit};
}

// `compliance --measure needs-assessments`: the MG11 completion rate for cases recorded in
// the dates.
void PrintAssessmentCompletion(Context& ctx, const app::ComplianceRequest& r, Format format) {
  const auto rows = app::AssessmentCompletion(ctx.Services(), r);
  if (!rows) throw UsageError{"--" + rows.error().message};
  if (format == Format::kCsv) {
    std::cout << app::AssessmentCompletionCsv(r, *rows);
    return;
  }
  if (format == Format::kJson) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& row : *rows) {
      nlohmann::json o = {{r.by[0], row.group}};
      if (r.by.size() > 1) o[r.by[1]] = row.group2;
      o.update(
          {{"complete", row.complete},
           {"not_complete", row.incomplete},
           {"completion_rate", row.rate ? nlohmann::json(*row.rate) : nlohmann::json()},
           {"ci95", row.rate ? nlohmann::json::array({row.low, row.high}) : nlohmann::json()}});
      j.push_back(std::move(o));
    }
    std::cout << j.dump(1) << "\n";
    return;
  }
  std::cout << fmt::format(
      "Needs assessments (MG11) of victims and witnesses on cases recorded {} to {}\n\n",
      r.from.ToString(), r.to.ToString());
  const bool two = r.by.size() > 1;
  std::cout << fmt::format("{:<30} {:>9} {:>13} {:>9}  {}\n",
                           two ? r.by[0] + " / " + r.by[1] : r.by[0], "complete", "not complete",
                           "rate", "95% CI");
  auto pct = [](double v) { return fmt::format("{:.1f}%", v * 100); };
  for (const auto& row : *rows) {
    const std::string label = two ? row.group + " / " + row.group2 : row.group;
    std::cout << fmt::format("{:<30} {:>9} {:>13} {:>9}  {}\n", label.substr(0, 30), row.complete,
                             row.incomplete, row.rate ? pct(*row.rate) : "-",
                             row.rate ? pct(row.low) + "-" + pct(row.high) : "-");
  }
}

}  // namespace

void AddStoreCommands(CLI::App& app, Context& ctx) {
  // import
  auto* import =
      app.add_subcommand("import", "Import case events (JSON Lines) into the store; idempotent");
  auto files = std::make_shared<std::vector<std::string>>();
  auto flags = std::make_shared<ImportFlags>();
  import->add_option("FILE", *files, "JSON Lines files (events.md); - for standard input")
      ->required();
  AddImportFlags(import, *flags);
  import->callback([&ctx, files, flags] {
    auto& store = ctx.Store();
  const auto& engine = ctx.Engine();
  std::FILE* rejects = OpenRejects(*flags);
  bool ok = true;
  for (const auto& path : *files) {
    app::ImportOptions options;
    options.source = path;
    options.now = NowText(ctx);
    options.skip_invalid = flags->skip_invalid;
    options.progress = ProgressBar(path);
    options.bulk = flags->Path();
    options.threads = flags->threads;
    // Read as it is imported, a block at a time: a file may be larger than memory.
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(OpenOrFail(path), CloseInput);
    app::ImportReport report;
    try {
      report = app::ImportJsonLines(store, engine, ctx.Library(), file.get(), options);
    } catch (const app::InputReadError& e) {
      throw InvalidInput{fmt::format("{}: {} (nothing imported from this file)", path, e.what())};
    }
    EndProgress();
    ok &= Report(path, report, rejects);
  }
  CloseRejects(rejects);
  if (!ok) throw ExitWith{kExitInvalidInput};
});

// import-police-uk
auto* pu = app.add_subcommand("import-police-uk",
                              "Import data.police.uk street-level and outcomes CSV files");
auto street = std::make_shared<std::vector<std::string>>();
auto outcomes = std::make_shared<std::vector<std::string>>();
auto pflags = std::make_shared<ImportFlags>();
pu->add_option("--street", *street, "Street-level crime files (YYYY-MM-force-street.csv)");
pu->add_option("--outcomes", *outcomes, "Outcomes files (YYYY-MM-force-outcomes.csv)");
AddImportFlags(pu, *pflags);
pu->callback([&ctx, street, outcomes, pflags] {
  if (street->empty() && outcomes->empty())
    throw UsageError{"give --street and/or --outcomes files"};
  auto& store = ctx.Store();
  const auto& engine = ctx.Engine();
  std::FILE* rejects = OpenRejects(*pflags);
  bool ok = true;
  auto run = [&](const std::string& path, app::PoliceUkFile kind) {
    const std::string text = ReadFileOrFail(path);
    app::ImportOptions options;
    options.source = path;
    options.now = NowText(ctx);
    options.skip_invalid = pflags->skip_invalid;
    options.progress = ProgressBar(path);
    options.bulk = pflags->Path();
    options.threads = pflags->threads;
    const auto r = app::ImportPoliceUk(store, engine, ctx.Library(), kind, text, options);
    EndProgress();
    if (Report(path, r.import, rejects)) {
      if (kind == app::PoliceUkFile::kStreet) {
        std::cout << fmt::format(
            "  {} rows: {} new crimes, {} repeating a Crime ID, {} not crimes "
            "(anti-social behaviour or no Crime ID)\n",
            r.rows, r.crimes, r.repeated, r.not_crimes);
      } else {
        std::cout << fmt::format(
            "  {} rows: {} outcome events, {} for crimes not stored, {} with no event "
            "(e.g. under investigation)\n",
            r.rows, r.outcome_events, r.outcomes_without_crime, r.outcomes_without_event);
      }
    } else {
      ok = false;
    }
  };
  for (const auto& path : *street) run(path, app::PoliceUkFile::kStreet);
  for (const auto& path : *outcomes) run(path, app::PoliceUkFile::kOutcomes);
  CloseRejects(rejects);
  if (!ok) throw ExitWith{kExitInvalidInput};
});

// recompute
auto* recompute = app.add_subcommand("recompute", "Rebuild all derived data from the event log");
auto ruleset = std::make_shared<std::string>();
auto policy = std::make_shared<std::string>();
recompute->add_option("--ruleset", *ruleset,
                      "Judge every case by this rule set from now on (\"what if\"); "
                      "empty: the Code in force on each recording date");
recompute->add_option("--policy", *policy, "Local policy overlay from now on");
auto threads = std::make_shared<unsigned>(DefaultDerivingThreads());
auto incremental = std::make_shared<bool>(false);
recompute->add_flag("--incremental", *incremental,
                    "Write through the derived tables' indexes (default: build them once, at "
                    "the end); the store is the same either way");
recompute
    ->add_option("--threads", *threads,
                 "Threads parsing and deriving cases while another writes them (default: one "
                 "fewer than the cores; 0: all on one thread); the store is the same whatever "
                 "the number")
    ->check(CLI::Range(0U, 64U))
    ->capture_default_str();
recompute->callback([&ctx, ruleset, policy, threads, incremental] {
  auto& store = ctx.Store();
  const auto& lib = ctx.Library();
  rules::Selection s;
  if (!ruleset->empty() && (s.rule_set = lib.FindRuleSet(*ruleset)) == nullptr) {
    throw UsageError{fmt::format("--ruleset: no rule set \"{}\"", *ruleset)};
  }
  if (!policy->empty() && (s.policy = lib.FindPolicy(*policy)) == nullptr) {
    throw UsageError{fmt::format("--policy: no policy \"{}\"", *policy)};
  }
  const auto& engine = ctx.Engine();
  const auto bar = ProgressBar("recompute");
  const int64_t total = store.CaseCount();
  const auto start = std::chrono::steady_clock::now();
  const size_t n = app::Recompute(
      store, engine, s,
      [&](size_t done) {
        if (bar)
          bar("deriving", done,
              static_cast<size_t>(std::max<int64_t>(total, static_cast<int64_t>(done))));
      },
      *threads, !*incremental);
  EndProgress();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << fmt::format(
      "recomputed {} cases under {} in {:.1f} s\n", n,
      s.rule_set ? s.rule_set->id : std::string("the Code in force on each recording date"), secs);
});

// advance
auto* advance = app.add_subcommand("advance",
                                   "Bring every case forward to a date (a nightly job): periodic "
                                   "updates that have since fallen due");
auto to = std::make_shared<std::string>();
advance->add_option("--to", *to, "YYYY-MM-DD (default: today in London)");
advance->callback([&ctx, to] {
  const auto date = ctx.DateOption(*to, "--to");
  // What it stores is read as today's state: no further ahead than anyone plans.
  if (date > ctx.Today().AddDays(core::kDaysAhead))
    throw UsageError{fmt::format("--to: at most {} days ahead", core::kDaysAhead)};
  const auto& engine = ctx.Engine();
  const size_t n = app::RollForward(ctx.Store(), engine, ctx.Library(), {}, date);
  std::cout << fmt::format("brought {} cases forward to {}\n", n, date.ToString());
});

// due
auto* due =
    app.add_subcommand("due", "Open and overdue obligations, most urgent first, with RAG status");
struct DueOptions {
  std::string as_of, officer, unit, format = "table";
  size_t limit = 100;
};
auto d = std::make_shared<DueOptions>();
due->add_option("--as-of", d->as_of, "YYYY-MM-DD (default: today in London)");
due->add_option("--officer", d->officer, "Only this officer's cases");
due->add_option("--unit", d->unit, "Only this unit's cases");
due->add_option("--format", d->format, "csv, json or table")->capture_default_str();
due->add_option("--limit", d->limit, "At most this many rows (0: all)")->capture_default_str();
due->callback([&ctx, d] {
  const Format format = ParseFormat(d->format);
  const auto as_of = ctx.DateOption(d->as_of, "--as-of");
  const auto scope = ScopeOf(d->officer, d->unit);
  const auto& engine = ctx.Engine();
  const auto list = app::Due(ctx.Store(), engine, ctx.Library(), scope, as_of, d->limit);
  if (format == Format::kCsv) {
    std::cout << "rag,status,deadline,working_days_overdue,crime,person,duty,instance,enhanced,"
                 "officer,unit,what\n";
    for (const auto& i : list.items) {
      std::cout << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", rules::Name(i.rag),
                               i.overdue ? "overdue" : "open", i.row.deadline.ToString(),
                               i.working_days_overdue, core::CsvField(i.row.crime),
                               core::CsvField(i.row.person), i.row.duty, i.row.instance,
                               i.row.enhanced ? "true" : "false", core::CsvField(i.row.officer),
                               core::CsvField(i.row.unit), core::CsvField(i.what));
    }
  } else if (format == Format::kJson) {
    std::cout << app::DueListJson(list, as_of, 1) << "\n";
  } else {
    std::cout << fmt::format("Due as of {}{}: {} open or overdue ({} red, {} amber, {} green)\n\n",
                             as_of.ToLongString(),
                             !d->officer.empty() ? ", officer " + d->officer
                             : !d->unit.empty()  ? ", unit " + d->unit
                                                 : "",
                             list.total, list.red, list.amber, list.green);
    std::cout << fmt::format("{:<6} {:<10} {:>4} {:<22} {:<6} {:<16} {:<12} {}\n", "RAG",
                             "deadline", "late", "crime", "person", "duty", "officer",
                             "what to do");
    for (const auto& i : list.items) {
      std::cout << fmt::format(
          "{:<6} {:<10} {:>4} {:<22} {:<6} {:<16} {:<12} {}\n", rules::Name(i.rag),
          i.row.deadline.ToString(), i.working_days_overdue, i.row.crime.substr(0, 22),
          i.row.person, i.row.duty.substr(0, 16), i.row.officer,
          i.more_updates > 0
              ? fmt::format("{} (this also covers {} later updates)", i.what, i.more_updates)
              : i.what);
    }
    if (const int64_t shown = app::ObligationsShown(list); shown < list.total) {
      std::cout << fmt::format("... {} more obligations (--limit 0 shows all)\n",
                               list.total - shown);
    }
  }
});

// compliance
auto* comp = app.add_subcommand("compliance", "On-time rates for obligations due in a period");
struct CompOptions {
  std::string from, to, as_of, preset, format = "table", audience = "victims", measure = "on-time";
  std::vector<std::string> by;
};
auto c = std::make_shared<CompOptions>();
comp->add_option("--from", c->from, "First deadline date (YYYY-MM-DD)")->required();
comp->add_option("--to", c->to, "Last deadline date (YYYY-MM-DD)")->required();
comp->add_option("--by", c->by,
                 "force (default), bcu, unit, officer, duty, crime_type or month; give two for "
                 "a table of one by the other (--by unit --by duty)")
    ->expected(1)
    ->take_all()
    ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
comp->add_option("--for", c->audience,
                 "victims (the Victims' Code), witnesses (the Witness Charter) or all")
    ->capture_default_str();
comp->add_option("--preset", c->preset,
                 "met-priority: the Metropolitan Police's four priority measures, by duty");
comp->add_option("--as-of", c->as_of, "Judge statuses as of this date (default: today in London)");
comp->add_option("--format", c->format, "csv, json or table")->capture_default_str();
comp->add_option("--measure", c->measure,
                 "on-time (duties met by their deadline) or needs-assessments (victims and "
                 "witnesses on cases recorded from --from to --to whose MG11 needs assessment "
                 "is complete; --for and --as-of do not apply)")
    ->capture_default_str();
comp->callback([&ctx, c] {
  const Format format = ParseFormat(c->format);
  app::ComplianceRequest r;
  r.from = ctx.DateOption(c->from, "--from");
  r.to = ctx.DateOption(c->to, "--to");
  r.as_of = ctx.DateOption(c->as_of, "--as-of");
  r.audience = c->audience;
  if (!c->by.empty()) r.by = c->by;
  if (c->preset == "met-priority") {
    r.duties = app::MetPriorityDuties();
    if (c->by.empty()) r.by = {"duty"};
  } else if (!c->preset.empty()) {
    throw UsageError{fmt::format("--preset: unknown \"{}\" (known: met-priority)", c->preset)};
  }
  if (const auto checked = app::CheckComplianceRequest(r); !checked)
    throw UsageError{"--" + checked.error().message};
  if (c->measure == "needs-assessments") {
    PrintAssessmentCompletion(ctx, r, format);
    return;
  }
  if (c->measure != "on-time")
    throw UsageError{
        fmt::format("--measure: unknown \"{}\" (known: on-time, needs-assessments)", c->measure)};
  app::RollForward(ctx.Store(), ctx.Engine(), ctx.Library(), {}, r.as_of);
  const auto rows = app::ComplianceReport(ctx.Services(), r);
  if (!rows) throw UsageError{"--" + rows.error().message};
  auto pct = [](const std::optional<double>& v) {
    return v ? fmt::format("{:.1f}", *v * 100) : std::string();
  };
  if (format == Format::kCsv) {
    std::cout << app::ComplianceCsv(r, *rows);
  } else if (format == Format::kJson) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& row : *rows) {
      nlohmann::json o = {{r.by[0], row.group}};
      if (r.by.size() > 1) o[r.by[1]] = row.group2;
      o.update({{"met", row.met},
                {"met_late", row.met_late},
                {"overdue", row.overdue},
                {"not_required", row.not_required},
                {"open", row.open},
                {"on_time_rate", row.rate ? nlohmann::json(*row.rate) : nlohmann::json(nullptr)},
                {"ci95",
                 row.rate ? nlohmann::json::array({row.low, row.high}) : nlohmann::json(nullptr)}});
      j.push_back(std::move(o));
    }
    std::cout << j.dump(1) << "\n";
  } else {
    std::cout << fmt::format("{}: obligations due {} to {}, as of {}\n\n",
                             app::AudienceTitle(r.audience), r.from.ToString(), r.to.ToString(),
                             r.as_of.ToString());
    const bool two = r.by.size() > 1;
    const std::string head = two ? r.by[0] + " / " + r.by[1] : r.by[0];
    std::cout << fmt::format("{:<30} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}  {}\n", head, "met",
                             "late", "overdue", "not req.", "open", "on time", "95% CI");
    for (const auto& row : *rows) {
      const std::string label = two ? row.group + " / " + row.group2 : row.group;
      std::cout << fmt::format(
          "{:<30} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7}%  {}\n", label.substr(0, 30), row.met,
          row.met_late, row.overdue, row.not_required, row.open, pct(row.rate),
          row.rate ? fmt::format("{}-{}%", pct(row.low), pct(row.high)) : std::string("-"));
    }
  }
});
}  // namespace cf::cli

}  // namespace cf::cli
