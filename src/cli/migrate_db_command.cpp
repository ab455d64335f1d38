// citizenfocus migrate-db --from DB --to DB [--resume] [--batch N] [--checksums]
// Moves a store whole between SQLite and PostgreSQL (storage/copy.hpp, docs/postgresql.md).
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/context.hpp"
#include "storage/copy.hpp"

namespace cf::cli {

void AddMigrateDbCommand(CLI::App& app, Context& ctx) {
  struct Options {
    std::string from;
    std::string to;
    bool resume = false;
    size_t batch = 2000;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "migrate-db",
      "Copy a store whole to another database (SQLite file <-> postgresql:// URL), then verify "
      "every table by count and checksum. Stop the server and workers first.");
  cmd->add_option("--from", opts->from, "The store to copy: an SQLite file or postgresql:// URL")
      ->required();
  cmd->add_option("--to", opts->to, "The store to copy into (created, or migrated, first)")
      ->required();
  cmd->add_flag("--resume", opts->resume,
                "Copy into a target that already holds rows: finishes an earlier copy that "
                "stopped part way (rows already there are kept)");
  cmd->add_option("--batch", opts->batch, "Rows per transaction")
      ->check(CLI::Range(size_t{1}, size_t{100000}))
      ->default_val(2000);
  cmd->callback([&ctx, opts] {
    if (opts->from == opts->to) throw UsageError{"--from and --to name the same store"};
    storage::CopyOptions options;
    options.resume = opts->resume;
    options.batch = opts->batch;
    if (isatty(STDERR_FILENO)) {
      options.progress = [](const std::string& table, int64_t done, int64_t total) {
        std::fprintf(stderr, "\r%-28.28s %10lld of %10lld rows", table.c_str(),
                     static_cast<long long>(done), static_cast<long long>(total));
        std::fflush(stderr);
      };
    }
    const auto report = storage::CopyStore(opts->from, opts->to, options, ctx.Clock());
    if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\r%80s\r", "");
    std::cout << fmt::format("{:<28} {:>10} {:>10} {:>10}  {}\n", "table", "source", "copied",
                             "target", "checksum");
    int64_t rows = 0;
    for (const auto& t : report.tables) {
      rows += t.source_rows;
      std::cout << fmt::format("{:<28} {:>10} {:>10} {:>10}  {}\n", t.table, t.source_rows,
                               t.copied, t.target_rows,
                               t.same() ? t.source_checksum
                                        : fmt::format("DIFFERS: {} in the source, {} in the target",
                                                      t.source_checksum, t.target_checksum));
    }
    if (!report.verified()) {
      std::cout << fmt::format(
          "Not verified: the tables marked DIFFERS do not hold the same rows in both stores.\n");
      throw ExitWith(kExitSomeFailed);
    }
    std::cout << fmt::format("Verified: {} tables, {} rows, the same in both stores.\n",
                             report.tables.size(), rows);
  });
}

}  // namespace cf::cli
