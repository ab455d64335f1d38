// What a force's IT runs to keep a store safe (docs/operations.md):
//   citizenfocus --db PATH backup --to FILE
//   citizenfocus --db PATH restore --from FILE
//   citizenfocus --db DB audit verify
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

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

}  // namespace

void AddOperationsCommands(CLI::App& app, Context& ctx) {
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
