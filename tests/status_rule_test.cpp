// The one status rule, rules::StatusOn, as a table; and its SQL twin, the CASE in the store's
// Compliance(), against the engine: every scenario (tests/scenarios) and worked example
// (tests/examples) is imported into a real SQLite store and, on each of its key dates, the
// store's counts per status must equal the counts of the statuses the engine computes.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "app/case_derivation.hpp"
#include "app/import.hpp"
#include "calendar/calendar_loader.hpp"
#include "events/jsonl_reader.hpp"
#include "rules/engine.hpp"
#include "rules/status.hpp"
#include "storage/case_store.hpp"
#include "support/postgresql.hpp"
#include "support/scenario.hpp"

namespace cf::rules {
namespace {

using core::Date;
using S = ObligationStatus;

// "Fri 2025-01-03": a date with its weekday, which must be right.
Date Day(const std::string& text) {
  const auto d = Date::Parse(text.size() > 4 ? text.substr(4) : "");
  if (!d || text.substr(0, 4) != std::string(d->WeekdayName()) + " ") {
    throw std::invalid_argument(fmt::format("\"{}\" is not a weekday and a date", text));
  }
  return *d;
}

TEST(StatusOn, WeekdayLabelsAreChecked) {
  EXPECT_EQ(Day("Fri 2025-01-03"), Date::FromYmd(2025, 1, 3));
  EXPECT_THROW(Day("Mon 2025-01-03"), std::invalid_argument);
}

struct StatusCase {
  const char* name;
  const char* deadline;
  const char* met_at;  // nullptr: not met
  bool not_required;
  const char* as_of;
  S expected;
};

// victims-code.md section 5: met, else not required, else met late, else open or overdue.
const StatusCase kStatusCases[] = {
    {"met on the deadline day", "Fri 2025-01-03", "Fri 2025-01-03", false, "Fri 2025-01-03",
     S::kMet},
    {"met early stays met long after", "Fri 2025-01-03", "Mon 2024-12-23", false, "Mon 2025-03-31",
     S::kMet},
    {"met in time beats a later opt-out", "Fri 2025-01-03", "Tue 2024-12-31", true,
     "Mon 2025-01-06", S::kMet},
    {"not required beats a late record", "Fri 2025-01-03", "Mon 2025-01-06", true, "Tue 2025-01-07",
     S::kNotRequired},
    {"not required before the deadline", "Fri 2025-01-03", nullptr, true, "Tue 2024-12-24",
     S::kNotRequired},
    {"not required after the deadline", "Fri 2025-01-03", nullptr, true, "Mon 2025-01-06",
     S::kNotRequired},
    {"met the day after the deadline is late", "Fri 2025-01-03", "Sat 2025-01-04", false,
     "Sat 2025-01-04", S::kMetLate},
    {"met late, asked a month on", "Fri 2025-01-03", "Mon 2025-01-13", false, "Mon 2025-02-03",
     S::kMetLate},
    {"open on the deadline day", "Fri 2025-01-03", nullptr, false, "Fri 2025-01-03", S::kOpen},
    {"open before the deadline", "Fri 2025-01-03", nullptr, false, "Tue 2024-12-24", S::kOpen},
    {"overdue the day after the deadline", "Fri 2025-01-03", nullptr, false, "Sat 2025-01-04",
     S::kOverdue},
    // Rows stored as of a later day than the question carry records from the future.
    {"met in time, but not yet on the as-of day", "Fri 2025-01-03", "Thu 2025-01-02", false,
     "Tue 2024-12-31", S::kOpen},
    {"met late, but not yet on the as-of day", "Fri 2025-01-03", "Wed 2025-01-08", false,
     "Mon 2025-01-06", S::kOverdue},
    {"met late, on the as-of day", "Fri 2025-01-03", "Wed 2025-01-08", false, "Wed 2025-01-08",
     S::kMetLate},
};

TEST(StatusOn, FollowsTheCodesOrderOfChecks) {
  for (const auto& c : kStatusCases) {
    SCOPED_TRACE(c.name);
    const std::optional<Date> met_at = c.met_at ? std::optional(Day(c.met_at)) : std::nullopt;
    EXPECT_EQ(Name(StatusOn(Day(c.deadline), met_at, c.not_required, Day(c.as_of))),
              Name(c.expected));
  }
}

TEST(StatusOn, NamesAreTheStoredVocabulary) {
  EXPECT_EQ(Name(S::kMet), "met");
  EXPECT_EQ(Name(S::kMetLate), "met_late");
  EXPECT_EQ(Name(S::kNotRequired), "not_required");
  EXPECT_EQ(Name(S::kOpen), "open");
  EXPECT_EQ(Name(S::kOverdue), "overdue");
}

// --- the SQL against the engine ---

// One case to import, with the rules that judge it.
struct Source {
  std::string name;
  std::string events;  // JSON Lines
  std::string ruleset;
  std::string policy;
  Date as_of;  // the scenario's
};

std::vector<Source> Sources(size_t* scenario_files) {
  std::vector<Source> out;
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CF_TESTS_DIR) + "/scenarios")) {
    if (entry.path().extension() == ".scn") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  *scenario_files = files.size();
  for (const auto& file : files) {
    for (const auto& s : testing::ParseScenarios(file.string())) {
      out.push_back({fmt::format("{}: {}", file.filename().string(), s.name), s.events, s.ruleset,
                     s.policy, *Date::Parse(s.as_of)});
    }
  }
  // The worked examples: four cases in one file, each imported on its own, under the Code
  // in force and under each rule set the examples are checked against.
  std::string text;
  if (!events::ReadAll(std::string(CF_TESTS_DIR) + "/examples/cases.jsonl", text)) {
    throw std::runtime_error("cannot read tests/examples/cases.jsonl");
  }
  events::EventReader reader(nullptr, /*keep_bodies=*/true);
  reader.ReadText(text);
  if (!reader.errors().empty()) throw std::runtime_error("tests/examples/cases.jsonl is invalid");
  std::map<std::string, std::string> by_crime;
  for (const auto& line : reader.accepted()) by_crime[line.crime] += line.body + "\n";
  for (const auto& [crime, lines] : by_crime) {
    for (const char* ruleset : {"", "code-2006", "code-2015", "code-2020"}) {
      out.push_back({fmt::format("examples/cases.jsonl: {} under {}", crime,
                                 *ruleset ? ruleset : "the Code in force"),
                     lines, ruleset, "", Date::FromYmd(2025, 3, 31)});
    }
  }
  return out;
}

using Counts = std::map<std::string, int64_t>;  // status name -> count

std::string Show(const Counts& counts) {
  std::string out;
  for (const auto& [status, n] : counts)
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", status, n);
  return out.empty() ? "none" : out;
}

// A fresh store folder for the test, removed afterwards.
class ComplianceSql : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::path(::testing::TempDir()) / fmt::format("cf_status_rule_{}", ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    CF_SKIP_WITHOUT_TEST_BACKEND();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  const RuleLibrary lib_ = RuleLibrary::BuiltIn().value();
  const ObligationEngine engine_{lib_, calendar::EnglandAndWales()};
};

// One obligation as the engine computes it, or as the CASE reads its stored row.
struct Seen {
  Date deadline;
  std::string status;
  std::string reason;  // the stored row's not_required reason and since when
  bool operator==(const Seen& o) const { return deadline == o.deadline && status == o.status; }
};

// An obligation (person, duty, start date) the two see differently.
struct Difference {
  std::string obligation;
  std::vector<Seen> engine, stored;

  std::string ToString() const {
    auto show = [](const std::vector<Seen>& all) {
      std::vector<std::string> out;
      for (const auto& x : all) {
        out.push_back(fmt::format("due {}, {}{}", x.deadline.ToLongString(), x.status,
                                  x.reason.empty() ? "" : " (" + x.reason + ")"));
      }
      return fmt::format("[{}]", fmt::join(out, "; "));
    };
    return fmt::format("{}: engine {}, stored row {}", obligation, show(engine), show(stored));
  }
};

// A date and window on which the SQL and the engine counted differently.
struct Disagreement {
  std::string source;
  Date as_of, from, to;
  Counts sql, engine;
  std::vector<Difference> obligations;
};

struct Comparison {
  size_t sources = 0;
  size_t dates = 0;
  int64_t obligations = 0;  // engine obligations counted, summed over dates and windows
  Counts statuses;          // engine statuses, summed likewise
  // Stored not-required rows asked about a day before their not_required_on, summed over
  // dates: the comparisons in which the CASE must not yet count them not required.
  int64_t not_yet_not_required = 0;
  std::vector<Disagreement> from_storage_day;  // as of the day the case was stored, or later
  std::vector<Disagreement> before_storage_day;
};

// Does the CASE count a stored row not required on `as_of`? An empty not_required_on (a
// row stored before migration 0016) means always.
bool NotRequiredOn(const storage::ObligationRow& r, Date as_of) {
  return !r.not_required.empty() && (!r.not_required_on || *r.not_required_on <= as_of);
}

// The obligations behind a disagreement: the engine's as of `as_of`, and the stored rows as
// the CASE reads them (StatusOn on the row), matched by person, duty and start date.
std::vector<Difference> Differences(const std::vector<Obligation>& computed,
                                    const std::vector<storage::ObligationRow>& rows, Date as_of,
                                    Date from, Date to) {
  auto in_window = [&](Date trigger, Date deadline) {
    return trigger <= as_of && deadline >= from && deadline <= to;
  };
  std::map<std::string, Difference> all;
  for (const auto& o : computed) {
    if (!in_window(o.trigger_date, o.deadline)) continue;
    all[fmt::format("{} {} from {}", o.person, o.DutyId(), o.trigger_date.ToLongString())]
        .engine.push_back({o.deadline, std::string(Name(o.status)), ""});
  }
  for (const auto& r : rows) {
    const Date trigger = r.trigger_date;
    const Date deadline = r.deadline;
    if (!in_window(trigger, deadline)) continue;
    const auto met_at = r.met_at;
    all[fmt::format("{} {} from {}", r.person, r.duty, trigger.ToLongString())].stored.push_back(
        {deadline, std::string(Name(StatusOn(deadline, met_at, NotRequiredOn(r, as_of), as_of))),
         r.not_required.empty()
             ? ""
             : fmt::format("{} from {}", r.not_required,
                           r.not_required_on ? r.not_required_on->ToString() : "always")});
  }
  std::vector<Difference> out;
  for (auto& [obligation, d] : all) {
    if (d.engine == d.stored) continue;
    d.obligation = obligation;
    out.push_back(std::move(d));
  }
  return out;
}

Comparison CompareAll(const std::filesystem::path& dir, const RuleLibrary& lib,
                      const ObligationEngine& engine, size_t* scenario_files) {
  Comparison result;
  const auto sources = Sources(scenario_files);
  for (size_t i = 0; i < sources.size(); ++i) {
    const Source& src = sources[i];
    SCOPED_TRACE(src.name);
    Selection selection;
    if (!src.ruleset.empty()) selection.rule_set = lib.FindRuleSet(src.ruleset);
    if (!src.policy.empty()) selection.policy = lib.FindPolicy(src.policy);
    EXPECT_TRUE(src.ruleset.empty() || selection.rule_set) << src.ruleset;
    EXPECT_TRUE(src.policy.empty() || selection.policy) << src.policy;

    // A file, or with CF_TEST_BACKEND=postgresql a schema of its own (support/postgresql.hpp).
    auto store =
        cf::testing::OpenTestStore(cf::testing::TestDb((dir / fmt::format("{}.db", i)).string()));
    app::Recompute(*store, engine, selection);  // records the selection for the import
    app::ImportOptions options;
    options.source = src.name;
    options.now = "2025-04-01T00:00:00Z";
    const auto report = app::ImportJsonLines(*store, engine, lib, src.events, options);
    EXPECT_TRUE(report.written && report.errors.empty())
        << (report.errors.empty() ? "not written" : report.errors[0].message);

    events::EventReader reader;
    reader.ReadText(src.events);
    auto cases = reader.TakeCases();
    if (cases.size() != 1) {
      ADD_FAILURE() << cases.size() << " cases, expected 1";
      continue;
    }
    const domain::CaseFile& file = cases[0];
    const Date stored_on = app::ComputeAsOf(file);
    const Date recorded = file.recorded().date;

    // Key dates: the day before the recording, every event's date, every start, deadline,
    // the day after each deadline, every met date; the scenario's as-of date and a year on.
    std::set<Date> dates = {recorded.AddDays(-1), stored_on, src.as_of, src.as_of.AddDays(365)};
    for (const auto& e : file.events) dates.insert(e.date);
    const auto late = engine.Compute(file, selection, src.as_of.AddDays(400));
    EXPECT_TRUE(late.ok()) << late.error().message;
    if (!late.ok()) continue;
    for (const auto& o : *late) {
      dates.insert(o.trigger_date);
      dates.insert(o.deadline);
      dates.insert(o.deadline.AddDays(1));
      if (o.met_at) dates.insert(*o.met_at);
    }
    ++result.sources;
    for (const Date as_of : dates) {  // ascending: the store is only ever brought forward
      app::RollForward(*store, engine, lib, {}, as_of);
      const auto computed = engine.Compute(file, selection, as_of);
      EXPECT_TRUE(computed.ok()) << computed.error().message;
      if (!computed.ok()) continue;
      ++result.dates;
      for (const auto& r : store->CaseObligations(file.crime)) {
        result.not_yet_not_required +=
            !r.not_required.empty() && r.trigger_date <= as_of && !NotRequiredOn(r, as_of);
      }
      // Everything, and what fell due from the recording to the as-of day (the
      // self-assessment's window).
      const std::pair<Date, Date> windows[] = {
          {Date::FromYmd(1990, 1, 1), Date::FromYmd(2100, 12, 31)}, {recorded, as_of}};
      for (const auto& [from, to] : windows) {
        Counts sql, counted;
        for (const auto& c : store->Compliance(from, to, as_of, "force", {})) {
          EXPECT_EQ(c.group, "force");
          sql[c.status] += c.count;
        }
        for (const auto& o : *computed) {
          if (o.trigger_date > as_of || o.deadline < from || o.deadline > to) continue;
          ++counted[std::string(Name(o.status))];
        }
        const bool from_storage_day = as_of >= stored_on;
        if (from_storage_day) {
          for (const auto& [status, n] : counted) {
            result.statuses[status] += n;
            result.obligations += n;
          }
        }
        if (sql == counted) continue;
        Disagreement d{src.name,
                       as_of,
                       from,
                       to,
                       sql,
                       counted,
                       Differences(*computed, store->CaseObligations(file.crime), as_of, from, to)};
        (from_storage_day ? result.from_storage_day : result.before_storage_day)
            .push_back(std::move(d));
      }
    }
  }
  return result;
}

std::string Describe(const std::vector<Disagreement>& all) {
  std::string out;
  for (const auto& d : all) {
    out += fmt::format("\n{}\n  as of {}, deadlines {} to {}: SQL {} / engine {}", d.source,
                       d.as_of.ToLongString(), d.from.ToString(), d.to.ToString(), Show(d.sql),
                       Show(d.engine));
    for (const auto& o : d.obligations) out += "\n    " + o.ToString();
  }
  return out;
}

// The store computes each case as of its last event, and the compliance report brings
// cases forward (RollForward) before counting, as `citizenfocus compliance` does. From
// that day on, the CASE must count exactly what the engine computes; and on earlier days
// too, the regression below. One comparison serves both (it stores every scenario and
// worked example, on SQLite or on PostgreSQL: tests/CMakeLists.txt runs it on each).
//
// The regression: obligations stored why they were not required (case_closed,
// opted_out_of_updates, referral_opted_out) but not since when, so Compliance() asked
// about a day before the closure or opt-out already counted them not required, where the
// engine (victims-code.md section 5: "a not-required rule applies by D") says open,
// overdue or met late. Rows now keep not_required_on (migration 0016) and the CASE
// compares it with as_of.
TEST_F(ComplianceSql, CountsWhatTheEngineComputesOnEveryScenarioAndWorkedExampleOnAnyDay) {
  size_t scenario_files = 0;
  const Comparison c = CompareAll(dir_, lib_, engine_, &scenario_files);
  std::cout << fmt::format(
      "compared {} cases ({} scenario files and the worked examples) on {} dates: {} "
      "obligation counts ({}); {} disagreements before a case's storage day; {} stored "
      "not-required rows asked about a day before they were\n",
      c.sources, scenario_files, c.dates, c.obligations, Show(c.statuses),
      c.before_storage_day.size(), c.not_yet_not_required);
  EXPECT_GE(scenario_files, 5u);
  EXPECT_EQ(c.from_storage_day.size(), 0u) << Describe(c.from_storage_day);
  EXPECT_EQ(c.before_storage_day.size(), 0u) << Describe(c.before_storage_day);
  // Not vacuous: many obligations, and every status among them; and the scenarios ask about
  // days before closures and opt-outs.
  EXPECT_GE(c.obligations, 1000);
  for (const S s : {S::kMet, S::kMetLate, S::kNotRequired, S::kOpen, S::kOverdue}) {
    const auto it = c.statuses.find(std::string(Name(s)));
    EXPECT_GT(it == c.statuses.end() ? 0 : it->second, 0)
        << Name(s) << " never occurs: the comparison would not notice the SQL getting it wrong";
  }
  EXPECT_GT(c.not_yet_not_required, 0);
}

}  // namespace
}  // namespace cf::rules
