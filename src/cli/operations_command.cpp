// What a force's IT runs to keep a store safe (docs/operations.md):
//   citizenfocus --db PATH backup --to FILE
//   citizenfocus --db PATH restore --from FILE
//   citizenfocus --db DB audit verify
//   citizenfocus --db DB purge [--dry-run [--as-of DATE]] [--by NAME]
//   citizenfocus --db DB subject-access (--crime REF --person ID | --email E | --phone P |
//                --name "GIVEN FAMILY") [--date-of-birth DATE] --by NAME [--out FILE]
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <set>

#include "app/retention.hpp"
#include "app/subject_access.hpp"
#include "cli/context.hpp"
#include "storage/audit_chain.hpp"
#include "storage/backup.hpp"

namespace cf::cli {
namespace {

void PrintTables(const std::vector<storage::TableCopy>& tables) {
  for (const auto& t : tables) {
    if (t.source_rows > 0)
      std::cout << fmt::format("  {:<28} {:>10} rows\n", t.table, t.source_rows);
  }
}

struct PurgeOptions {
  bool dry_run = false;
  std::string as_of;
  std::string by;
};

void AddPurgeCommand(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<PurgeOptions>();
  auto* purge = app.add_subcommand(
      "purge",
      "Remove personal data from cases closed longer than the force's retention rules "
      "([retention] in --config: portal, messages, case_details, in months), keeping the "
      "statistics; --dry-run shows what would go and changes nothing");
  purge->add_flag("--dry-run", o->dry_run, "Do each purge and roll it back: change nothing");
  purge->add_option("--as-of", o->as_of,
                    "With --dry-run: what would be purged on this day (default: today in London)");
  purge->add_option("--by", o->by, "Who runs it, for the audit log")
      ->required()
      ->check([](const std::string& v) {
        return v.empty() || v.size() > 100 ? std::string("1 to 100 characters") : std::string();
      });
  purge->callback([&ctx, o] {
    if (!o->as_of.empty() && !o->dry_run) throw UsageError("--as-of needs --dry-run");
    const core::Date today = o->as_of.empty() ? ctx.Today() : ctx.DateOption(o->as_of, "--as-of");
    const auto& rules = ctx.Messaging().retention;
    // Removing data cannot be undone: the force's own rules, never the built-in ones.
    if (!rules.from_file && !o->dry_run) {
      throw UsageError(
          "a purge needs the force's retention rules: give --config with a [retention] section "
          "(--dry-run shows what the defaults would remove)");
    }
    const auto report = app::PurgePersonalData(ctx.Services(), rules, today, o->dry_run, o->by);
    std::cout << fmt::format(
        "Retention rules ({}; months after a case closes or its last event): portal {}, "
        "messages {}, case_details {}\n",
        rules.from_file ? ctx.config_path : "the defaults: no [retention] in --config",
        rules.portal, rules.messages, rules.case_details);
    if (!report.purged.empty()) {
      std::cout << fmt::format("{:<24} {:<13} {:<10} {:<10} {:>7}\n", "crime", "kind", "closed",
                               "due", "records");
    }
    for (const auto& line : report.purged) {
      std::cout << fmt::format("{:<24} {:<13} {:<10} {:<10} {:>7}\n", line.crime,
                               storage::RetainedKindName(line.kind), line.closed_on.ToString(),
                               line.due_on.ToString(), line.records);
    }
    std::set<std::string> cases;
    for (const auto& line : report.purged) cases.insert(line.crime);
    std::cout << fmt::format(
        "{} {} kinds of record from {} of {} closed cases{}; {} not yet due; {} refused\n",
        report.dry_run ? "Would purge" : "Purged", report.purged.size(), cases.size(),
        report.closed_cases,
        report.dry_run ? fmt::format(" on {} (dry run: nothing changed)", today.ToString()) : "",
        report.not_yet_due, report.refused.size());
    for (const auto& why : report.refused) std::cerr << "citizenfocus: " << why << "\n";
    if (!report.refused.empty()) throw ExitWith(kExitSomeFailed);
  });
}

struct SubjectAccessOptions {
  app::SubjectQuery query;
  std::string date_of_birth;
  std::string by;
  std::string out;
};

void AddSubjectAccessCommand(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<SubjectAccessOptions>();
  auto* sar = app.add_subcommand(
      "subject-access",
      "Export everything held on one person, across every case they are on, as JSON for the "
      "data protection officer (a subject access request)");
  const auto bounded = [](const std::string& v) {
    return v.size() > 200 ? std::string("at most 200 characters") : std::string();
  };
  sar->add_option("--crime", o->query.crime, "The crime reference (with --person)")->check(bounded);
  sar->add_option("--person", o->query.person, "The person's id on that crime (V1)")
      ->check(bounded);
  sar->add_option("--email", o->query.email, "Whoever has this email address")->check(bounded);
  sar->add_option("--phone", o->query.phone, "Whoever has this phone number")->check(bounded);
  sar->add_option("--name", o->query.name, "Whoever has this name, \"GIVEN FAMILY\"")
      ->check(bounded);
  sar->add_option("--date-of-birth", o->date_of_birth, "YYYY-MM-DD: only people born that day");
  sar->add_option("--by", o->by, "Who asks, for the audit log")->required()->check(bounded);
  sar->add_option("--out", o->out, "Write the JSON to this new file (default: standard output)");
  sar->callback([&ctx, o] {
    if (!o->date_of_birth.empty())
      o->query.date_of_birth = ctx.DateOption(o->date_of_birth, "--date-of-birth");
    // The file is made first (new, and readable by its owner alone: it is personal data), so
    // that nothing is exported that could not be written; it goes again unless written whole.
    struct OutFile {
      std::string path;
      int fd = -1;
      bool keep = false;
      ~OutFile() {
        if (fd >= 0) ::close(fd);
        if (!path.empty() && !keep) ::unlink(path.c_str());
      }
    } out;
    if (!o->out.empty()) {
      out.fd = ::open(o->out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (out.fd < 0)
        throw UsageError(fmt::format("cannot make {}: {}", o->out, std::strerror(errno)));
      out.path = o->out;
    }
    const auto found = app::ExportSubjectAccess(ctx.Services(), o->query, o->by);
    if (!found.ok()) {
      if (found.error().code == core::ErrorCode::kInvalidArgument)
        throw UsageError(found.error().message);
      std::cerr << "citizenfocus: " << found.error().message << "\n";
      throw ExitWith(kExitSomeFailed);
    }
    // Text from tables other than the log (a message's words, a portal message) that is not
    // valid UTF-8 is shown as U+FFFD rather than failing the export.
    const std::string text =
        found->dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    if (out.fd < 0) {
      std::cout << text << std::flush;
      if (!std::cout) throw std::runtime_error("could not write the export to standard output");
      app::AuditSubjectAccess(ctx.Services(), *found, o->by);
      return;
    }
    size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(out.fd, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    if (written != text.size() || ::fsync(out.fd) != 0)
      throw std::runtime_error(fmt::format("could not write {}: {}", o->out, std::strerror(errno)));
    app::AuditSubjectAccess(ctx.Services(), *found, o->by);  // unaudited, the file goes again
    out.keep = true;
    std::cerr << fmt::format("Wrote the export ({} people) to {}\n", (*found)["people"].size(),
                             o->out);
  });
}

}  // namespace

void AddOperationsCommands(CLI::App& app, Context& ctx) {
  AddPurgeCommand(app, ctx);
  AddSubjectAccessCommand(app, ctx);
  auto to = std::make_shared<std::string>();
  auto* backup = app.add_subcommand(
      "backup",
      "Copy the store (an SQLite file) to a new file while the server and worker run, then "
      "verify the copy: integrity, and every table's rows and checksum");
  backup->add_option("--to", *to, "The backup file to write (never an existing one)")->required();
  backup->callback([&ctx, to] {
    const auto report = storage::BackupStore(ctx.DbPath(), *to, ctx.Clock());
    std::cout << fmt::format(
        "Backed up {} to {}: {} rows in {} tables, {} bytes, in {:.1f} s; "
        "verified (integrity check, and every table's rows and checksum)\n",
        ctx.DbName(), report.file, report.rows, report.tables.size(), report.bytes, report.seconds);
    PrintTables(report.tables);
  });

  auto from = std::make_shared<std::string>();
  auto* restore = app.add_subcommand(
      "restore",
      "Replace the store with a backup made by `backup` (stop the server and worker first); "
      "what the store held is kept beside it first");
  restore->add_option("--from", *from, "The backup file")->required();
  restore->callback([&ctx, from] {
    const auto report = storage::RestoreStore(*from, ctx.DbPath(), ctx.Clock());
    if (!report.kept_as.empty())
      std::cout << fmt::format("The store as it was is kept at {}\n", report.kept_as);
    std::cout << fmt::format(
        "Restored {} from {}: {} rows in {} tables, in {:.1f} s; verified (every table's rows "
        "and checksum equal the backup's)\n",
        ctx.DbName(), *from, report.rows, report.tables.size(), report.seconds);
    PrintTables(report.tables);
  });

  // `audit` itself searches the log (server_commands.cpp).
  auto* verify = app.get_subcommand("audit")->add_subcommand(
      "verify",
      "Walk the audit log's hash chain: exit 0 when it is whole, 1 naming the first record "
      "changed, removed or added from outside");
  verify->callback([&ctx] {
    const auto check = ctx.Accounts().VerifyAuditChain();
    if (check.Whole()) {
      std::cout << fmt::format(
          "The audit log is whole: {} records (#{} to #{}), each chained to the one before.\n"
          "Head of the chain: {}\n"
          "(Keep the head somewhere else, with the date: a later check whose chain does not "
          "pass through it shows records removed from the end.)\n",
          check.records, check.first_id, check.last_id, check.head);
      return;
    }
    const auto& first = check.breaks.front();
    std::cout << fmt::format(
        "The audit log is NOT whole: {} of its {} records break the chain.\n"
        "First broken: record #{} ({} by {} at {}) {}.\n",
        check.broken, check.records, first.id, first.action, first.user, first.at, first.why);
    for (size_t i = 1; i < check.breaks.size(); ++i) {
      const auto& b = check.breaks[i];
      std::cout << fmt::format("Also: record #{} ({} by {} at {}) {}.\n", b.id, b.action, b.user,
                               b.at, b.why);
    }
    if (check.broken > static_cast<int64_t>(check.breaks.size()))
      std::cout << fmt::format("... and {} more.\n",
                               check.broken - static_cast<int64_t>(check.breaks.size()));
    std::cerr << fmt::format("citizenfocus: the audit log's chain is broken at record #{}\n",
                             first.id);
    throw ExitWith{kExitSomeFailed};
  });
}

}  // namespace cf::cli
