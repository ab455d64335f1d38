// citizenfocus --db PATH referrals due | export | push | resend | update | list
// [--organisation ID], and organisations list | save
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/organisations.hpp"
#include "app/referrals.hpp"
#include "cli/context.hpp"

namespace cf::cli {

namespace {

// --organisation: Victim Support unless another the force lists is named.
void AddOrganisationOption(CLI::App* command, std::string& organisation) {
  command
      ->add_option("--organisation", organisation,
                   "Another organisation the force lists (its id: womens_aid) instead of Victim "
                   "Support")
      ->check([](const std::string& id) {
        return domain::IsOrganisationId(id)
                   ? std::string()
                   : "not an organisation's id (lower-case letters, digits and _)";
      });
}

// Where the settings file names the feed to `organisation`.
std::string FeedSection(const std::string& organisation) {
  return organisation == app::kVictimSupport ? std::string("[referrals]")
                                             : "[referrals.to." + organisation + "]";
}

void AddOrganisationsCommand(CLI::App& app, Context& ctx) {
  auto* organisations = app.add_subcommand(
      "organisations", "The organisations other than Victim Support that the force refers to");
  organisations->require_subcommand(1);
  organisations->add_subcommand("list", "Every organisation listed, withdrawn ones too")
      ->callback([&ctx] {
        for (const auto& o : ctx.Store().Organisations()) {
          std::cout << fmt::format("{}  {}{}{}\n", o.id, o.name, o.active ? "" : "  (withdrawn)",
                                   o.offers.empty() ? "" : "  " + o.offers);
        }
      });
  auto* save = organisations->add_subcommand(
      "save", "Add an organisation, or change one's name, what it offers or whether it is listed");
  auto o = std::make_shared<storage::OrganisationRow>();
  auto withdrawn = std::make_shared<bool>(false);
  save->add_option("--id", o->id, "As events name it in `to`: womens_aid")->required();
  save->add_option("--name", o->name, "As staff and letters name it: Women's Aid")->required();
  auto* offers =
      save->add_option("--offers", o->offers,
                       "What it offers, in a line, for the officer asking (kept when not given)");
  save->add_flag("--withdrawn", *withdrawn, "No longer offered (its referrals keep its name)");
  save->callback([&ctx, o, withdrawn, offers] {
    o->active = !*withdrawn;
    if (offers->count() == 0) {  // a change of name or listing keeps what it offers
      for (const auto& held : ctx.Store().Organisations()) {
        if (held.id == o->id) o->offers = held.offers;
      }
    }
    std::vector<std::string> problems;
    const auto saved =
        app::SaveOrganisationAs(ctx.Services(), app::CommandLineActor(), *o, problems);
    for (const auto& p : problems) std::cerr << "citizenfocus: " << p << "\n";
    if (!saved) throw InvalidInput{saved.error().message};
    std::cout << fmt::format("{}: {}\n", o->id, *saved ? "saved" : "unchanged");
  });
}

}  // namespace

void AddReferralCommands(CLI::App& app, Context& ctx) {
  AddOrganisationsCommand(app, ctx);
  auto* referrals = app.add_subcommand(
      "referrals", "The referral feed to Victim Support, and to the other organisations listed");
  referrals->require_subcommand(1);
  auto organisation = std::make_shared<std::string>(app::kVictimSupport);

  auto* due = referrals->add_subcommand(
      "due", "List who is due a referral and not yet sent (nothing is recorded)");
  AddOrganisationOption(due, *organisation);
  due->callback([&ctx, organisation] {
    const auto referrals =
        *organisation == app::kVictimSupport
            ? app::DueReferrals(ctx.Store(), ctx.Accounts(), 100000)
            : app::DueOrganisationReferrals(ctx.Store(), ctx.Accounts(), *organisation, 100000);
    for (const auto& r : referrals) {
      std::cout << fmt::format("{}  {}  {}{}\n", r.crime, r.person,
                               r.due.empty() ? "consented" : "due " + r.due,
                               !r.due.empty() && r.consented ? "  (consented)" : "");
    }
  });

  auto* exp = referrals->add_subcommand(
      "export",
      "Write the referrals due to a file for Victim Support (or --organisation) to collect");
  auto e = std::make_shared<std::pair<std::string, std::string>>();  // folder, format
  exp->add_option("--to", e->first,
                  "Folder to drop the file in (default: [referrals] folder in --config, or "
                  "[referrals.to.ID] folder)");
  exp->add_option("--format", e->second, "csv or json (default: [referrals] format, else csv)");
  AddOrganisationOption(exp, *organisation);
  exp->callback([&ctx, e, organisation] {
    const auto feed = ctx.Messaging().FeedTo(*organisation);
    const std::string folder = e->first.empty() ? feed.folder : e->first;
    const std::string format = e->second.empty() ? feed.format : e->second;
    if (folder.empty()) {
      throw UsageError{
          fmt::format("give --to FOLDER (or {} folder in --config)", FeedSection(*organisation))};
    }
    if (format != "csv" && format != "json") throw UsageError{"--format: csv or json"};
    const auto& engine = ctx.Engine();
    const auto run = app::ExportReferrals(ctx.Store(), ctx.Accounts(), engine, ctx.Library(),
                                          *organisation, folder, format, "cli", ctx.Now());
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
      "Endpoint (default: [referrals] push_url, or [referrals.to.ID]'s; the token comes from "
      "CF_REFERRAL_TOKEN, or CF_REFERRAL_TOKEN_<ID>)");
  AddOrganisationOption(push, *organisation);
  push->callback([&ctx, url, organisation] {
    const auto feed = ctx.Messaging().FeedTo(*organisation);
    const std::string to = url->empty() ? feed.push_url : *url;
    if (to.empty()) {
      throw UsageError{
          fmt::format("give --url (or {} push_url in --config)", FeedSection(*organisation))};
    }
    const auto& engine = ctx.Engine();
    const auto run = app::PushReferrals(ctx.Store(), ctx.Accounts(), engine, ctx.Library(),
                                        *organisation, to, feed.token, "cli", ctx.Now());
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
  AddOrganisationOption(resend, *organisation);
  resend->callback([&ctx, ro, organisation] {
    if (ro->keys.empty() == ro->sent_on.empty())
      throw UsageError{"give --key KEY... or --sent-on DATE"};
    std::vector<storage::ReferralRow> rows;
    for (const auto& key : ro->keys) {
      const auto row = ctx.Store().Referral(key);
      if (!row || row->organisation != *organisation) {
        throw InvalidInput{
            fmt::format("--key: \"{}\" is not a referral we sent to {}", key, *organisation)};
      }
      rows.push_back(*row);
    }
    if (!ro->sent_on.empty()) {
      ctx.DateOption(ro->sent_on, "--sent-on");
      for (auto& row : ctx.Store().Referrals(std::nullopt, *organisation, 1000000)) {
        if (row.created_at.rfind(ro->sent_on, 0) == 0) rows.push_back(std::move(row));
      }
    }
    app::ReferralFeed to = ctx.Messaging().FeedTo(*organisation);
    if (!ro->folder.empty() || !ro->url.empty()) {
      to.folder = ro->folder;
      to.push_url = ro->url;
    }
    if (!ro->format.empty()) to.format = ro->format;
    if (!to.enabled()) {
      throw UsageError{fmt::format("give --to FOLDER or --url URL (or {} in --config)",
                                   FeedSection(*organisation))};
    }
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
      const auto applied =
          app::ApplyReferralUpdates(ctx.Store(), ctx.Accounts(), parsed.updates, "cli:" + *file,
                                    ctx.Now(), "", parsed.problems);
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
      std::cout << fmt::format("{}  {:<9}  {}  {}{}{}\n", r.created_at, domain::Name(r.status),
                               r.status_at, r.key,
                               r.organisation == app::kVictimSupport ? "" : "  " + r.organisation,
                               r.note.empty() ? "" : "  " + r.note);
    }
  });
}

}  // namespace cf::cli
