#include "cli/cli.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "calendar/calendar_loader.hpp"
#include "cli/context.hpp"
#include "core/london_time.hpp"

namespace cf::cli {

const calendar::WorkingDayCalendar& Context::Calendar() {
  if (calendar_path.empty()) return calendar::EnglandAndWales();
  if (!calendar_) {
    auto loaded = calendar::LoadCalendarFile(calendar_path);
    if (!loaded) throw InvalidInput{loaded.error().message};
    calendar_.emplace(std::move(loaded).value());
  }
  return *calendar_;
}

const rules::RuleLibrary& Context::Library() {
  if (!library_) {
    auto lib = rules::RuleLibrary::BuiltIn();
    if (!lib) throw std::logic_error(lib.error().message);
    for (const auto& path : rule_files) {
      const auto status = lib.value().LoadFile(path);
      if (!status) throw InvalidInput{status.error().message};
    }
    library_.emplace(std::move(lib).value());
  }
  return *library_;
}

const rules::ObligationEngine& Context::Engine() {
  if (!engine_) engine_.emplace(Library(), Calendar());
  return *engine_;
}

const std::string& Context::DbPath() const {
  if (db_path.empty())
    throw UsageError{
        "this command needs --db PATH (the case store, an SQLite file or a postgresql:// URL)"};
  return db_path;
}

std::string ProcessName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "localhost");
  return fmt::format("{}:{}", host, getpid());
}

std::string Context::DbName() const { return storage::RedactedDb(db_path); }

storage::Stores& Context::Stores() {
  if (!stores_) stores_ = storage::OpenStores(DbPath(), Clock(), shared_writing_);
  return *stores_;
}

storage::CaseStore& Context::Store() { return *Stores().cases; }
storage::AccountStore& Context::Accounts() { return *Stores().accounts; }
storage::AssessmentStore& Context::Assessments() { return *Stores().assessments; }

app::Services& Context::Services() {
  if (!services_) {
    auto& stores = Stores();
    services_.emplace(Clock(), Calendar(), Library(), Engine(), *stores.cases, *stores.accounts,
                      *stores.assessments, *stores.portal, *stores.quality);
  }
  return *services_;
}

std::shared_ptr<app::Services> Context::OpenMoreServices() {
  Stores();  // the first connection applies any migrations and checks --db
  struct Owned {
    storage::Stores stores;
    app::Services services;
  };
  auto stores = storage::OpenStores(db_path, Clock(), shared_writing_);
  // The stores are held by pointer: moving them into Owned leaves the objects where they are.
  auto& cases = *stores.cases;
  auto& accounts = *stores.accounts;
  auto& assessments = *stores.assessments;
  auto& portal = *stores.portal;
  auto& quality = *stores.quality;
  auto owned = std::make_shared<Owned>(
      Owned{std::move(stores), app::Services(Clock(), Calendar(), Library(), Engine(), cases,
                                             accounts, assessments, portal, quality)});
  return {owned, &owned->services};
}

void Context::ShareWriting() {
  if (stores_) throw std::logic_error("ShareWriting after the stores were opened");
  shared_writing_ = storage::ShareWriting(DbPath(), Clock());
}

const core::Clock& Context::Clock() const {
  if (shifted_clock_) return *shifted_clock_;
  return core::SystemClock::Instance();
}

void Context::FixToday(core::Date today) {
  if (stores_) throw std::logic_error("FixToday after the stores were opened");
  shifted_clock_.emplace(core::SystemClock::Instance(), today);
}

app::MessagingConfig& Context::Messaging() {
  if (!messaging_) {
    if (config_path.empty()) {
      messaging_ = app::DefaultMessagingConfig(app::ProcessEnvironment);
    } else {
      auto loaded = app::LoadMessagingConfig(config_path, app::ProcessEnvironment);
      if (!loaded) throw InvalidInput{loaded.error().message};
      messaging_ = std::move(loaded).value();
    }
  }
  return *messaging_;
}

core::Date Context::DateOption(const std::string& text, const char* option) const {
  if (text.empty()) return Today();
  const auto d = core::Date::Parse(text);
  if (!d) throw UsageError{fmt::format("{}: \"{}\" is not a date (YYYY-MM-DD)", option, text)};
  return *d;
}

namespace {

// What a command printed is its result: output lost to a full disk or a closed pipe is a
// failure (74), not a success.
int OutputWritten(int status) {
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0) {
    std::cerr << "citizenfocus: cannot write standard output: " << std::strerror(errno) << "\n";
    return status == kExitOk ? 74 : status;
  }
  return status;
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{"Citizen Focus: keep victims and witnesses informed, and prove it."};
  app.name("citizenfocus");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("citizenfocus ") + CF_VERSION);
  Context ctx;
  app.add_option("--calendar", ctx.calendar_path,
                 "Working-day calendar file (GOV.UK bank-holidays layout) instead of the built-in "
                 "England and Wales one");
  app.add_option("--db", ctx.db_path,
                 "The case store: an SQLite database file (created if missing), or a PostgreSQL "
                 "server as postgresql://USER@HOST[:PORT]/DATABASE (docs/postgresql.md)");
  app.add_option("--config", ctx.config_path,
                 "Messaging settings (TOML: [smtp], [notify], [referrals], [schedule]); secrets "
                 "come from the "
                 "environment")
      ->envname("CF_CONFIG");
  app.add_option(
      "--rules", ctx.rule_files,
      "Rule set or policy TOML file to add (replaces a built-in of the same id); repeatable");
  AddWorkdaysCommand(app, ctx);
  AddObligationsCommands(app, ctx);
  AddGenerateCommand(app, ctx);
  AddRulesCommand(app, ctx);
  AddStoreCommands(app, ctx);
  AddServerCommands(app, ctx);
  AddDemoCommands(app, ctx);
  AddLetterCommands(app, ctx);
  AddReferralCommands(app, ctx);
  AddWorkerCommand(app, ctx);
  AddAssessCommands(app, ctx);
  AddPortalCommands(app, ctx);
  AddStatsCommands(app, ctx);
  AddSurveyCommands(app, ctx);
  AddDipSampleCommands(app, ctx);
  AddMeasuresCommands(app, ctx);
  AddRepeatVictimsCommand(app, ctx);
  AddMigrateDbCommand(app, ctx);
  AddOperationsCommands(app, ctx);
  try {
    app.parse(argc, argv);
    return OutputWritten(kExitOk);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const ExitWith& e) {
    return OutputWritten(e.status);
  } catch (const UsageError& e) {
    std::cerr << "citizenfocus: " << e.message << "\nRun with --help for usage.\n";
    return kExitUsage;
  } catch (const InvalidInput& e) {
    if (!e.message.empty()) std::cerr << "citizenfocus: " << e.message << "\n";
    return kExitInvalidInput;
  } catch (const storage::StorageError& e) {
    std::cerr << "citizenfocus: storage error: " << e.what() << "\n";
    return 74;
  } catch (const std::exception& e) {
    std::cerr << "citizenfocus: internal error: " << e.what() << "\n";
    return 70;
  }
}

}  // namespace cf::cli
