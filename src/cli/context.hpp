#pragma once
// What every subcommand shares: global options, the calendar and the rule library, loaded
// once the options are known. The only place besides main.cpp that reads the clock.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/messaging_config.hpp"
#include "calendar/working_day_calendar.hpp"
#include "core/date.hpp"
#include "rules/rule_set_loader.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace CLI {
class App;
}

namespace cf::cli {

// Exit statuses, documented in docs/cli.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeFailed = 1;  // some cases or lines could not be computed
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInvalidInput = 3;

// A command-line mistake: reported with the usage hint, exit status 2.
struct UsageError {
  std::string message;
};
// Ends the command with this exit status, its output already written.
struct ExitWith {
  int status;
};
// Input that fails validation, already reported line by line: exit status 3.
struct InvalidInput {
  std::string message;
};

class Context {
 public:
  std::string calendar_path;            // --calendar
  std::vector<std::string> rule_files;  // --rules
  std::string db_path;                  // --db
  std::string config_path;              // --config (messaging: SMTP, Notify, referrals, schedule)

  // The store at --db, opened (and migrated) on first use. Throws UsageError without --db.
  storage::CaseStore& Store();
  storage::AccountStore& Accounts();
  storage::AssessmentStore& Assessments();

  const calendar::WorkingDayCalendar& Calendar();
  const rules::RuleLibrary& Library();
  // The --config file's settings (secrets from the environment), or the defaults without one.
  // Throws InvalidInput for a bad file.
  app::MessagingConfig& Messaging();
  // Now, in milliseconds since the epoch.
  static core::Instant Now();

  // Parses a --as-of style date, or today in Europe/London when empty.
  // Throws UsageError naming `option` for a malformed date.
  core::Date DateOption(const std::string& text, const char* option) const;
  static core::Date TodayInLondon();

 private:
  std::optional<calendar::WorkingDayCalendar> calendar_;
  std::optional<rules::RuleLibrary> library_;
  std::optional<app::MessagingConfig> messaging_;
  std::unique_ptr<storage::CaseStore> store_;
  std::unique_ptr<storage::AccountStore> accounts_;
  std::unique_ptr<storage::AssessmentStore> assessments_;
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

}  // namespace cf::cli
