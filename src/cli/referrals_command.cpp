// citizenfocus --db PATH referrals export | push
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/referrals.hpp"
#include "cli/context.hpp"
#include "notify/http_post.hpp"

namespace cf::cli {
namespace {

core::Instant Now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void AddReferralCommands(CLI::App& app, Context& ctx) {
  auto* referrals = app.add_subcommand("referrals", "The referral feed to Victim Support");
  referrals->require_subcommand(1);

  auto* list = referrals->add_subcommand("due", "List who is due a referral and not yet sent (nothing is recorded)");
  list->callback([&ctx] {
    for (const auto& r : app::DueReferrals(ctx.Store(), ctx.Accounts(), 100000)) {
      std::cout << fmt::format("{}  {}  due {}{}\n", r.crime, r.person, r.due, r.consented ? "  (consented)" : "");
    }
  });

  auto* exp = referrals->add_subcommand("export", "Write the referrals due to a file for Victim Support to collect");
  struct ExportOptions {
    std::string dir, format = "csv";
  };
  auto e = std::make_shared<ExportOptions>();
  exp->add_option("--to", e->dir, "Folder to drop the file in")->required();
  exp->add_option("--format", e->format, "csv or json")->capture_default_str();
  exp->callback([&ctx, e] {
    if (e->format != "csv" && e->format != "json") throw UsageError{"--format: csv or json"};
    const auto due = app::DueReferrals(ctx.Store(), ctx.Accounts(), 100000);
    if (due.empty()) {
      std::cout << "no referrals due\n";
      return;
    }
    std::filesystem::create_directories(e->dir);
    const core::Instant now = Now();
    const std::string name = fmt::format("referrals-{}.{}", now, e->format);
    const std::filesystem::path path = std::filesystem::path(e->dir) / name;
    const std::filesystem::path partial = std::filesystem::path(e->dir) / ("." + name + ".partial");
    {
      std::ofstream out(partial, std::ios::binary);
      out << (e->format == "csv" ? app::ReferralsCsv(due) : app::ReferralsJson(due));
      if (!out) throw InvalidInput{fmt::format("{}: cannot write", partial.string())};
    }
    // Recorded first, then the file appears whole: a crash between leaves a .partial file and
    // the referrals recorded, which `export` does not send again; the file can be renamed by hand.
    rules::ObligationEngine engine(ctx.Library(), ctx.Calendar());
    const size_t n = app::RecordReferralsSent(ctx.Store(), engine, ctx.Library(), due, "file:" + path.string(), now);
    std::filesystem::rename(partial, path);
    ctx.Accounts().Audit({"", "cli", "exported_referrals", "", "", fmt::format("{} to {}", n, path.string()), "cli"});
    std::cout << fmt::format("{}: {} referral{}\n", path.string(), n, n == 1 ? "" : "s");
  });

  auto* push = referrals->add_subcommand("push", "POST the referrals due as JSON to Victim Support's API");
  auto url = std::make_shared<std::string>();
  push->add_option("--url", *url, "Endpoint (the bearer token comes from CF_REFERRAL_TOKEN)")->required();
  push->callback([&ctx, url] {
    const auto due = app::DueReferrals(ctx.Store(), ctx.Accounts(), 1000);
    if (due.empty()) {
      std::cout << "no referrals due\n";
      return;
    }
    std::vector<std::string> headers;
    if (const char* token = std::getenv("CF_REFERRAL_TOKEN")) headers.push_back(std::string("Authorization: Bearer ") + token);
    std::string keys;
    for (const auto& r : due) keys += r.key;
    headers.push_back(fmt::format("Idempotency-Key: {:016x}", std::hash<std::string>{}(keys)));
    const auto reply = notify::PostJson(*url, app::ReferralsJson(due), headers);
    if (!reply) throw InvalidInput{reply.error().message};
    if (reply->status < 200 || reply->status >= 300) {
      throw InvalidInput{fmt::format("POST {}: HTTP {}: nothing recorded; run push again", *url, reply->status)};
    }
    rules::ObligationEngine engine(ctx.Library(), ctx.Calendar());
    const size_t n = app::RecordReferralsSent(ctx.Store(), engine, ctx.Library(), due, "http:" + *url, Now());
    ctx.Accounts().Audit({"", "cli", "pushed_referrals", "", "", fmt::format("{} to {}", n, *url), "cli"});
    std::cout << fmt::format("{}: {} referral{} accepted (HTTP {})\n", *url, n, n == 1 ? "" : "s", reply->status);
  });
}

}  // namespace cf::cli
