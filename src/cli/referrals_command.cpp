// citizenfocus --db PATH referrals due | export | push | update | list
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/referrals.hpp"
#include "cli/context.hpp"

namespace cf::cli {

void AddReferralCommands(CLI::App& app, Context& ctx) {
  auto* referrals = app.add_subcommand("referrals", "The referral feed to Victim Support");
  referrals->require_subcommand(1);

  auto* due = referrals->add_subcommand(
      "due", "List who is due a referral and not yet sent (nothing is recorded)");
  due->callback([&ctx] {
    for (const auto& r : app::DueReferrals(ctx.Store(), ctx.Accounts(), 100000)) {
      std::cout << fmt::format("{}  {}  due {}{}\n", r.crime, r.person, r.due,
                               r.consented ? "  (consented)" : "");
    }
  });

  auto* exp = referrals->add_subcommand(
      "export", "Write the referrals due to a file for Victim Support to collect");
  auto e = std::make_shared<std::pair<std::string, std::string>>();  // folder, format
  exp->add_option("--to", e->first,
                  "Folder to drop the file in (default: [referrals] folder in --config)");
  exp->add_option("--format", e->second, "csv or json (default: [referrals] format, else csv)");
  exp->callback([&ctx, e] {
    const auto& feed = ctx.Messaging().referrals;
    const std::string folder = e->first.empty() ? feed.folder : e->first;
    const std::string format = e->second.empty() ? feed.format : e->second;
    if (folder.empty()) throw UsageError{"give --to FOLDER (or [referrals] folder in --config)"};
    if (format != "csv" && format != "json") throw UsageError{"--format: csv or json"};
    const auto& engine = ctx.Engine();
    const auto run = app::ExportReferrals(ctx.Store(), ctx.Accounts(), engine, ctx.Library(),
                                          folder, format, "cli", ctx.Now());
    if (!run) throw InvalidInput{run.error().message};
    if (run->where.empty()) {
      std::cout << "no referrals due\n";
    } else {
      std::cout << fmt::format("{}: {} referral{}\n", run->where, run->sent,
                               run->sent == 1 ? "" : "s");
    }
  });

  auto* push =
      referrals->add_subcommand("push", "POST the referrals due as JSON to Victim Support's API");
  auto url = std::make_shared<std::string>();
  push->add_option(
      "--url", *url,
      "Endpoint (default: [referrals] push_url; the token comes from CF_REFERRAL_TOKEN)");
  push->callback([&ctx, url] {
    const auto& feed = ctx.Messaging().referrals;
    const std::string to = url->empty() ? feed.push_url : *url;
    if (to.empty()) throw UsageError{"give --url (or [referrals] push_url in --config)"};
    const auto& engine = ctx.Engine();
    const auto run = app::PushReferrals(ctx.Store(), ctx.Accounts(), engine, ctx.Library(), to,
                                        feed.token, "cli", ctx.Now());
    if (!run) throw InvalidInput{run.error().message};
    std::cout << fmt::format("{}: {} referral{} received\n", to, run->sent,
                             run->sent == 1 ? "" : "s");
  });

  auto* resend =
      referrals->add_subcommand("resend",
                                "Send again referrals already sent (same keys, today's details; "
                                "nothing new recorded)");
  struct ResendOptions {
    std::vector<std::string> keys;
    std::string sent_on, folder, format, url;
  };
  auto ro = std::make_shared<ResendOptions>();
  resend->add_option("--key", ro->keys, "A referral key (repeatable)");
  resend->add_option("--sent-on", ro->sent_on,
                     "Every referral first sent on this date (YYYY-MM-DD, UTC)");
  resend->add_option("--to", ro->folder, "Folder for the file (default: [referrals] folder)");
  resend->add_option("--format", ro->format, "csv or json (default: [referrals] format)");
  resend->add_option("--url", ro->url, "POST them here instead (default: [referrals] push_url)");
  resend->callback([&ctx, ro] {
    if (ro->keys.empty() == ro->sent_on.empty())
      throw UsageError{"give --key KEY... or --sent-on DATE"};
    std::vector<storage::ReferralRow> rows;
    for (const auto& key : ro->keys) {
      const auto row = ctx.Store().Referral(key);
      if (!row) throw InvalidInput{fmt::format("--key: \"{}\" is not a referral we sent", key)};
      rows.push_back(*row);
    }
    if (!ro->sent_on.empty()) {
      ctx.DateOption(ro->sent_on, "--sent-on");
      for (auto& row : ctx.Store().Referrals(std::nullopt, 1000000)) {
        if (row.created_at.rfind(ro->sent_on, 0) == 0) rows.push_back(std::move(row));
      }
    }
    app::ReferralFeed to = ctx.Messaging().referrals;
    if (!ro->folder.empty() || !ro->url.empty()) {
      to.folder = ro->folder;
      to.push_url = ro->url;
    }
    if (!ro->format.empty()) to.format = ro->format;
    if (!to.enabled())
      throw UsageError{"give --to FOLDER or --url URL (or [referrals] in --config)"};
    std::vector<std::string> left_out;
    const auto referrals = app::ReferralsToResend(ctx.Store(), ctx.Accounts(), rows, left_out);
    for (const auto& why : left_out) std::cout << "left out: " << why << "\n";
    const auto run = app::ResendReferrals(ctx.Accounts(), referrals, to, "cli", ctx.Now());
    if (!run) throw InvalidInput{run.error().message};
    std::cout << fmt::format("resent {} referral{}{}\n", run->sent, run->sent == 1 ? "" : "s",
                             run->where.empty() ? "" : " to " + run->where);
  });

  auto* update = referrals->add_subcommand(
      "update",
      "Apply Victim Support's statuses (CSV: referral_key,status,at,note; "
      "or JSON); all or nothing, safe to repeat");
  auto file = std::make_shared<std::string>();
  update->add_option("file", *file, "The file Victim Support returned (.csv or .json)")->required();
  update->callback([&ctx, file] {
    std::ifstream in(*file, std::ios::binary);
    if (!in) throw InvalidInput{fmt::format("{}: cannot read", *file)};
    std::ostringstream text;
    text << in.rdbuf();
    const bool json = file->size() >= 5 && file->substr(file->size() - 5) == ".json";
    auto parsed =
        json ? app::ParseReferralUpdatesJson(text.str()) : app::ParseReferralUpdatesCsv(text.str());
    if (parsed.problems.empty()) {
      const auto applied = app::ApplyReferralUpdates(ctx.Store(), ctx.Accounts(), parsed.updates,
                                                     "cli:" + *file, ctx.Now(), parsed.problems);
      if (applied) {
        std::cout << fmt::format("{}: {} update{}, {} changed\n", *file, parsed.updates.size(),
                                 parsed.updates.size() == 1 ? "" : "s", *applied);
        return;
      }
    }
    for (const auto& p : parsed.problems) {
      std::cerr << fmt::format("{}:{}: {}{}{}\n", *file, p.line, p.field,
                               p.field.empty() ? "" : ": ", p.message);
    }
    throw InvalidInput{fmt::format("{}: {} problem{}; nothing applied", *file,
                                   parsed.problems.size(), parsed.problems.size() == 1 ? "" : "s")};
  });

  auto* list = referrals->add_subcommand(
      "list", "Referrals sent and what Victim Support said, newest first");
  auto status = std::make_shared<std::string>();
  list->add_option("--status", *status,
                   fmt::format("Only this status: sent, {}", app::ReportedReferralStatuses()));
  list->callback([&ctx, status] {
    std::optional<domain::ReferralStatus> wanted;
    if (!status->empty()) {
      wanted = domain::ParseReferralStatus(*status);
      if (!wanted) {
        throw InvalidInput{fmt::format("--status: \"{}\" is not one of {}", *status,
                                       domain::AllowedNames(domain::ReferralStatusNames()))};
      }
    }
    const auto rows = app::ListReferralsAs(ctx.Services(), app::CommandLineActor(), wanted, 100000);
    if (!rows) throw InvalidInput{rows.error().message};
    for (const auto& r : *rows) {
      std::cout << fmt::format("{}  {:<9}  {}  {}{}\n", r.created_at, domain::Name(r.status),
                               r.status_at, r.key, r.note.empty() ? "" : "  " + r.note);
    }
  });
}

}  // namespace cf::cli
