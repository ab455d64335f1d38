// citizenfocus --db PATH serve | user add | token create|list|revoke | audit (and audit verify:
// operations_command.cpp)
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <thread>

#include "app/access.hpp"
#include "app/force_settings.hpp"
#include "app/staff_admin.hpp"
#include "cli/context.hpp"
#include "http/request_metrics.hpp"
#include "http/server.hpp"

namespace cf::cli {
namespace {

// "ADDRESS:PORT" as given to `option`: the address and the port. Throws UsageError.
std::pair<std::string, uint16_t> ListenAddress(const std::string& value, const char* option) {
  const auto colon = value.rfind(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no port");
    const int port = std::stoi(value.substr(colon + 1));
    if (port < 1 || port > 65535) throw std::out_of_range("port");
    return {value.substr(0, colon), static_cast<uint16_t>(port)};
  } catch (const std::exception&) {
    throw UsageError{fmt::format("{}: \"{}\" is not ADDRESS:PORT", option, value)};
  }
}

}  // namespace

void AddServerCommands(CLI::App& app, Context& ctx) {
  auto* serve = app.add_subcommand(
      "serve",
      "Serve the staff pages, the JSON API (/api/v1), /healthz, /readyz and /metrics until Ctrl-C");
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  auto public_listen = std::make_shared<std::string>();
  auto today = std::make_shared<std::string>();
  // Each thread holds its own connections, cache and password worker: the cores, up to 8.
  auto threads =
      std::make_shared<unsigned>(std::clamp(std::thread::hardware_concurrency(), 1U, 8U));
  serve->add_option("--listen", *listen, "ADDRESS:PORT")->capture_default_str();
  serve->add_option("--public-listen", *public_listen,
                    "ADDRESS:PORT for the victim and witness portal (its own thread, routes, "
                    "sessions and cookies); default: no portal");
  serve
      ->add_option("--threads", *threads,
                   "Threads serving requests, each with its own database connection "
                   "(default: the number of cores)")
      ->check(CLI::Range(1U, 64U))
      ->capture_default_str();
  serve->add_option(
      "--today", *today,
      "Serve as if today were this London date, YYYY-MM-DD (training copies, benchmarks); "
      "default: the real date");
  auto log_format = std::make_shared<std::string>("text");
  serve
      ->add_option("--log-format", *log_format,
                   "text, or json: one JSON line per request (id, method, route, status, "
                   "milliseconds) and per message, for a log shipper")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve->callback([&ctx, listen, public_listen, today, threads, log_format] {
    http::SetLogFormat(*log_format == "json" ? http::LogFormat::kJson : http::LogFormat::kText);
    http::ServerOptions options;
    std::tie(options.address, options.port) = ListenAddress(*listen, "--listen");
    if (!public_listen->empty()) {
      std::tie(options.public_address, options.public_port) =
          ListenAddress(*public_listen, "--public-listen");
      if (options.public_port == options.port)
        throw UsageError{"--public-listen: the portal needs a port of its own"};
    }
    // A training copy's fixed day is set before anything is opened: the stores stamp rows
    // with the clock they are given.
    if (!today->empty()) {
      // Within the working-day calendar, whose dates every deadline needs (a far-off day
      // would also have the roll-forward job bring every case forward to it).
      const core::Date day = ctx.DateOption(*today, "--today");
      const auto& cal = ctx.Calendar();
      if (day < cal.known_from() || day > cal.known_until()) {
        throw UsageError{fmt::format("--today: {} is outside the working-day calendar ({} to {})",
                                     day.ToString(), cal.known_from().ToString(),
                                     cal.known_until().ToString())};
      }
      ctx.FixToday(day);
    }
    options.db_path = ctx.DbName();
    options.threads = *threads;
    // Every view is audited before it is answered; the threads' records commit together.
    ctx.ShareWriting();
    http::Serve(options, ctx.Services(), [&ctx] { return ctx.OpenMoreServices(); });
  });

  auto* user = app.add_subcommand("user", "Staff accounts");
  user->require_subcommand(1);
  auto* add =
      user->add_subcommand("add", "Create an account; the password is read from standard input");
  struct UserOptions {
    std::string name, role, unit, officer, full_name, collar, phone, email;
  };
  auto u = std::make_shared<UserOptions>();
  add->add_option("--name", u->name, "Sign-in name")->required();
  add->add_option("--role", u->role, app::kRoles)->required();
  add->add_option("--unit", u->unit, "Unit (BCU/team) code")->required();
  add->add_option("--officer", u->officer, "Officer id used on cases (default: the name)");
  add->add_option("--full-name", u->full_name, "Name victims see in letters, e.g. \"Sarah Ahmed\"");
  add->add_option("--collar", u->collar, "Collar number, e.g. \"PC 1003\"");
  add->add_option("--phone", u->phone, "Direct phone number for victims");
  add->add_option("--email", u->email, "Email address for victims");
  add->callback([&ctx, u] {
    if (!app::IsKnownRole(u->role))
      throw UsageError{fmt::format("--role: \"{}\" is not one of {}", u->role, app::kRoles)};
    std::string password;
    std::getline(std::cin, password);
    if (password.size() < app::kMinPasswordLength) {
      throw InvalidInput{
          "the password (one line on standard input) must be at least 12 characters"};
    }
    auto& services = ctx.Services();
    const app::Actor actor = app::CommandLineActor();
    std::vector<std::string> problems;
    // The new unit and the account together or neither (their audit records with them).
    storage::Transaction tx(services.cases);
    const auto units = services.accounts.Units();
    if (std::none_of(units.begin(), units.end(),
                     [&](const storage::Unit& x) { return x.id == u->unit; })) {
      // A new unit, named by its code; its name and BCU can be set on the Units page.
      // Witness Care staff make a Witness Care Unit.
      if (!app::AddUnitAs(services, actor,
                          {u->unit, u->unit, "", u->role == "wcu" ? "wcu" : "police"}, problems))
        throw InvalidInput{"--unit: " + problems.at(0)};
    }
    app::StaffAccount user;
    user.name = u->name;
    user.role = u->role;
    user.unit = u->unit;
    user.officer = u->officer.empty() ? u->name : u->officer;
    user.full_name = u->full_name;
    user.collar = u->collar;
    user.phone = u->phone;
    user.email = u->email;
    if (!app::AddUserAs(services, actor, user, app::PreparePassword(password), problems))
      throw InvalidInput{problems.empty() ? "the account was not added" : problems.at(0)};
    tx.Commit();
    std::cout << fmt::format("created {} ({}, unit {})\n", u->name, u->role, u->unit);
  });

  auto* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* create =
      token->add_subcommand("create", "Create an API token for a user; it is shown once");
  auto name = std::make_shared<std::string>();
  auto label = std::make_shared<std::string>("api");
  auto days = std::make_shared<int>(app::kDefaultTokenDays);
  create->add_option("--user", *name, "Account name")->required();
  create->add_option("--label", *label, "What the token is for")->capture_default_str();
  create->add_option("--days", *days, "Days until it expires")
      ->capture_default_str()
      ->check(CLI::Range(1, app::kMaxTokenDays));
  create->callback([&ctx, name, label, days] {
    const auto secret =
        app::CreateTokenAs(ctx.Services(), app::CommandLineActor(), *name, *label, *days);
    if (!secret) throw InvalidInput{secret.error().message};
    std::cout << *secret << "\n";
  });
  token->add_subcommand("list", "Every API token: id, account, label, created, expires, state")
      ->callback([&ctx] {
        const auto tokens = app::ListTokensAs(ctx.Services(), app::CommandLineActor());
        if (!tokens) throw InvalidInput{tokens.error().message};
        const std::string now = ctx.Services().clock.NowUtc();
        for (const auto& t : *tokens) {
          const char* state = t.revoked ? "revoked" : (t.expires_at > now ? "live" : "expired");
          std::cout << fmt::format("{:>4}  {:<16} {:<20} {}  {}  {}\n", t.id, t.user, t.label,
                                   t.created_at, t.expires_at, state);
        }
      });
  auto* revoke = token->add_subcommand("revoke", "End an API token at once");
  auto id = std::make_shared<int64_t>(0);
  revoke->add_option("id", *id, "The token's id (token list)")->required();
  revoke->callback([&ctx, id] {
    const auto revoked = app::RevokeTokenAs(ctx.Services(), app::CommandLineActor(), *id);
    if (!revoked) throw InvalidInput{revoked.error().message};
    std::cout << fmt::format("revoked token {}\n", *id);
  });

  auto* audit = app.add_subcommand(
      "audit", "Search the audit log of who saw and changed what (newest first)");
  auto who = std::make_shared<std::string>();
  auto crime = std::make_shared<std::string>();
  auto limit = std::make_shared<size_t>(100);
  audit->add_option("--user", *who, "Only this account");
  audit->add_option("--crime", *crime, "Only this crime");
  audit->add_option("--limit", *limit, "At most this many entries")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{100000}));
  audit->callback([&ctx, who, crime, limit, audit] {
    if (audit->get_subcommands().size() > 0) return;  // audit verify (operations_command.cpp)
    storage::AuditQuery query;
    query.user = *who;
    query.crime = *crime;
    query.limit = *limit;
    const auto found = app::SearchAuditAs(ctx.Services(), app::CommandLineActor(), query);
    if (!found) throw InvalidInput{found.error().message};
    for (const auto& e : found->entries) {
      std::cout << fmt::format("{}  {:<12} {:<16} {:<24} {} {}\n", e.at, e.user, e.action, e.crime,
                               e.detail, e.source.empty() ? "" : "from " + e.source);
    }
  });

  auto* settings = app.add_subcommand(
      "settings", "Show the force's settings (settings set KEY VALUE changes one)");
  auto* set = settings->add_subcommand("set", "Change a setting (audited)");
  auto kv = std::make_shared<std::pair<std::string, std::string>>();
  set->add_option("key", kv->first, "The setting")->required();
  set->add_option("value", kv->second, "Its new value")->required();
  set->callback([&ctx, kv] {
    std::vector<std::string> problems;
    const auto changed = app::ChangeSettingsAs(ctx.Services(), app::CommandLineActor(),
                                               {{kv->first, kv->second}}, problems);
    if (!changed) throw InvalidInput{problems.empty() ? changed.error().message : problems[0]};
    std::cout << fmt::format("{} = {}\n", kv->first, kv->second);
  });
  settings->callback([&ctx, set] {
    if (set->parsed()) return;
    for (const auto& s : app::ForceSettings()) {
      std::cout << fmt::format("{:<16} {:<20} {}\n", s.key, app::SettingValue(ctx.Store(), s.key),
                               s.label);
    }
  });
}

}  // namespace cf::cli
