#pragma once
// The composition root: what every subcommand shares (global options, the clock, the
// calendar, the rule library, and the stores of --db over one connection), each built once
// on first use. app::Services bundles them for the server and the use cases.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/messaging_config.hpp"
#include "app/services.hpp"
#include "calendar/working_day_calendar.hpp"
#include "core/clock.hpp"
#include "core/date.hpp"
#include "rules/engine.hpp"
#include "rules/rule_set_loader.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace CLI {
class App;
}

namespace cf::cli {

// Exit statuses, documented in the README.
inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeFailed = 1;  // some cases or lines could not be computed
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInvalidInput = 3;

// A command-line mistake: reported with the usage hint, exit status 2.
struct UsageError : std::exception {
  explicit UsageError(std::string m) : message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
  std::string message;
};
// Ends the command with this exit status, its output already written.
struct ExitWith : std::exception {
  explicit ExitWith(int s) : status(s) {}
  const char* what() const noexcept override { return "exit"; }
  int status;
};
// Input that fails validation, already reported line by line: exit status 3.
struct InvalidInput : std::exception {
  explicit InvalidInput(std::string m) : message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
  std::string message;
};

class Context {
 public:
  std::string calendar_path;            // --calendar
  std::vector<std::string> rule_files;  // --rules
  std::string db_path;                  // --db
  std::string config_path;              // --config (messaging: SMTP, Notify, referrals, schedule)

  // The stores at --db, opened (and migrated) on first use over one connection. Throws
  // UsageError without --db.
  storage::CaseStore& Store();
  storage::AccountStore& Accounts();
  storage::AssessmentStore& Assessments();
  // --db as messages may name it: a PostgreSQL URL's password replaced by "***".
  std::string DbName() const;
  // --db, or UsageError without it.
  const std::string& DbPath() const;

  const calendar::WorkingDayCalendar& Calendar();
  const rules::RuleLibrary& Library();
  // The one engine over Library() and Calendar(), for every command and the server.
  const rules::ObligationEngine& Engine();
  // The --config file's settings (secrets from the environment), or the defaults without one.
  // Throws InvalidInput for a bad file.
  app::MessagingConfig& Messaging();
  // Everything above, for the server and the use cases. Needs --db.
  app::Services& Services();
  // Services like Services() over a connection of their own to --db, for another thread (the
  // server's): the same clock, calendar and rules, and the same audit group commit.
  std::shared_ptr<app::Services> OpenMoreServices();
  // This process's connections share their writing (storage::ShareWriting): audit records
  // written outside a transaction are committed together, and the WAL is checkpointed by a
  // thread of its own, for a server with several threads. REQUIRES: no store is open yet.
  void ShareWriting();

  // The clock every command and the stores read: the system's, or after FixToday one moved
  // to that London date (serve --today: a training copy stamps everything on that day).
  const core::Clock& Clock() const;
  // REQUIRES: no store is open yet (they keep the clock they were opened with).
  void FixToday(core::Date today);
  core::Instant Now() const { return Clock().Now(); }
  core::Date Today() const { return Clock().Today(); }

  // Parses a --as-of style date, or today in Europe/London when empty.
  // Throws UsageError naming `option` for a malformed date.
  core::Date DateOption(const std::string& text, const char* option) const;

 private:
  std::optional<calendar::WorkingDayCalendar> calendar_;
  std::optional<rules::RuleLibrary> library_;
  std::optional<rules::ObligationEngine> engine_;
  std::optional<app::MessagingConfig> messaging_;
  storage::Stores& Stores();

  std::optional<core::ShiftedClock> shifted_clock_;
  std::optional<storage::Stores> stores_;
  std::shared_ptr<storage::SharedWriting> shared_writing_;
  std::optional<app::Services> services_;
};

void AddWorkdaysCommand(CLI::App& app, Context& ctx);
void AddObligationsCommands(CLI::App& app, Context& ctx);
void AddGenerateCommand(CLI::App& app, Context& ctx);
void AddRulesCommand(CLI::App& app, Context& ctx);
void AddStoreCommands(CLI::App& app, Context& ctx);
void AddServerCommands(CLI::App& app, Context& ctx);
void AddDemoCommands(CLI::App& app, Context& ctx);
void AddLetterCommands(CLI::App& app, Context& ctx);
void AddReferralCommands(CLI::App& app, Context& ctx);
void AddWorkerCommand(CLI::App& app, Context& ctx);
void AddAssessCommands(CLI::App& app, Context& ctx);
void AddPortalCommands(CLI::App& app, Context& ctx);
void AddStatsCommands(CLI::App& app, Context& ctx);
void AddSurveyCommands(CLI::App& app, Context& ctx);
void AddDipSampleCommands(CLI::App& app, Context& ctx);
void AddMeasuresCommands(CLI::App& app, Context& ctx);
void AddRepeatVictimsCommand(CLI::App& app, Context& ctx);
void AddMigrateDbCommand(CLI::App& app, Context& ctx);
void AddOperationsCommands(CLI::App& app, Context& ctx);

// This process's name among those sharing one database (a worker's leases, a dispatcher's
// claims on messages): host and process id.
std::string ProcessName();

}  // namespace cf::cli
