// citizenfocus --db PATH --config FILE worker [--once]: the scheduled side of messaging. Queues
// officers' findings digests, sends what the outbox has due, asks GOV.UK Notify how its
// messages got on, and runs the referral feed to Victim Support, each at the interval
// [schedule] gives, until SIGTERM or SIGINT (it finishes the job in hand first). --once runs
// each job once, for cron. Any number of workers may run against one database (issue 18):
// they claim messages one by one and share every other job through a lease.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include "app/digests.hpp"
#include "app/drafts.hpp"
#include "app/measures.hpp"
#include "app/outbox.hpp"
#include "app/portal.hpp"
#include "app/portal_alerts.hpp"
#include "app/referrals.hpp"
#include "app/repeat_victims.hpp"
#include "cli/context.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::cli {
namespace {

std::atomic<bool> g_stop{false};

void Stop(int) { g_stop = true; }

struct Job {
  std::string name;
  int every;                         // seconds; 0 never
  std::function<std::string()> run;  // what it did, for the log
  core::Instant next = 0;
  // Shared by the workers on one database through a lease (storage::LeaseRepository): run by
  // one at a time, and at most once in `every` whichever runs it. Dispatch is not: workers
  // claim messages one by one, so any number dispatch side by side.
  bool leased = true;
};

}  // namespace

void AddWorkerCommand(CLI::App& app, Context& ctx) {
  auto* worker =
      app.add_subcommand("worker",
                         "Alert portal users of key events, roll up the measures, email officers "
                         "their findings, send messages, "
                         "refresh their delivery status and run the referral feed on the --config "
                         "file's [schedule], until stopped");
  auto once = std::make_shared<bool>(false);
  worker->add_flag("--once", *once, "Run each job once and exit (for cron or a systemd timer)");
  worker->callback([&ctx, once] {
    auto& config = ctx.Messaging();
    const std::string holder = ProcessName();
    config.dispatch.worker = holder;
    const auto& engine = ctx.Engine();
    auto& store = ctx.Store();
    auto& accounts = ctx.Accounts();
    const auto& library = ctx.Library();
    std::vector<Job> jobs;
    // Alerts first, so that one round queues and sends them.
    jobs.push_back({"alerts", config.schedule.dispatch, [&] {
                      const auto r = app::SendPortalAlerts(ctx.Services());
                      return fmt::format(
                          "key events {}, alerts queued {}, held {}, unopened "
                          "given to officers {}",
                          r.events, r.sent, r.held, r.tasks);
                    }});
    // The measures' roll-ups: this month and last every ten minutes, all of them once a day
    // (duties falling overdue change older months' figures too).
    auto refresh_measures = [&ctx](int months) {
      const auto [first, last] = app::LastMonths(ctx.Services().Today(), months);
      const auto n = app::RefreshMeasures(ctx.Services(), first, last);
      return n ? fmt::format("{} to {}: {} rows", first, last, *n)
               : "not refreshed: " + n.error().message;
    };
    jobs.push_back({"measures", 600, [=] { return refresh_measures(2); }});
    jobs.push_back({"measures-all", 86400, [=] { return refresh_measures(app::kMeasureMonths); }});
    // Digests by email, each at the start of its reader's shift (queued here, sent by
    // "dispatch" below in the same round): officers' dip-sample findings and what falls due
    // in their shift; sergeants' team red items.
    jobs.push_back({"digests", 900, [&] {
                      const auto f = app::SendFindingsDigests(ctx.Services());
                      const auto shift = app::SendShiftDigests(ctx.Services());
                      const auto team = app::SendTeamDigests(ctx.Services());
                      return fmt::format(
                          "queued findings {} ({} reviews), shift {} ({} items), team {} ({} "
                          "red); on leave {}, without an email address {}",
                          f.sent, f.reviews, shift.sent, shift.items, team.sent, team.items,
                          f.on_leave + shift.on_leave + team.on_leave,
                          f.no_email + shift.no_email + team.no_email);
                    }});
    // The force's policy of sending named duties' messages without review (off by default);
    // queued here, sent by "dispatch" below.
    jobs.push_back({"auto-send", 300, [&] {
                      const auto r = app::SendDraftsByPolicy(ctx.Services());
                      return fmt::format("queued {}, held for an officer {}, left for review {}",
                                         r.sent, r.held, r.other);
                    }});
    // Repeat victims suggested across the force, stored hourly for the case page, the queue
    // and the bureau (a supervisor confirms or rejects them there).
    jobs.push_back({"repeat-victims", 3600, [&] {
                      return fmt::format("repeat victim matches stored {}",
                                         app::RefreshRepeatVictims(ctx.Services()));
                    }});
    // Portal sessions and invitations that can no longer be used, deleted hourly.
    jobs.push_back({"tidy", 3600, [&] {
                      return fmt::format("portal sessions and invitations deleted {}",
                                         app::TidyPortal(ctx.Services()));
                    }});
    jobs.push_back({"dispatch", config.schedule.dispatch,
                    [&] {
                      const auto r = app::DispatchOutbox(store, engine, library, config.dispatch,
                                                         [&ctx] { return ctx.Now(); });
                      return fmt::format("sent {}, retrying {}, failed {}, resent {}", r.sent,
                                         r.retrying, r.failed, r.recovered);
                    },
                    0, false});
    if (config.dispatch.notify.enabled()) {
      jobs.push_back({"refresh", config.schedule.refresh, [&] {
                        const auto r = app::RefreshOutbox(store, engine, library,
                                                          config.dispatch.notify, ctx.Now());
                        return fmt::format("delivered {}, failed {}, still sending {}", r.delivered,
                                           r.failed, r.pending);
                      }});
    }
    // Victim Support's feed, then each other organisation's the file names.
    std::vector<std::pair<std::string, app::ReferralFeed>> feeds;
    if (config.referrals.enabled()) feeds.emplace_back(app::kVictimSupport, config.referrals);
    for (const auto& [organisation, feed] : config.organisation_feeds) {
      if (feed.enabled()) feeds.emplace_back(organisation, feed);
    }
    for (const auto& [organisation, feed] : feeds) {
      jobs.push_back(
          {organisation == app::kVictimSupport ? "referrals" : "referrals to " + organisation,
           config.schedule.referrals, [&, organisation = organisation, feed = feed] {
             const auto run = app::RunReferralFeed(store, accounts, engine, library, organisation,
                                                   feed, "worker", ctx.Now());
             if (!run) return "not sent: " + run.error().message;
             return run->sent == 0 ? std::string("none due")
                                   : fmt::format("{} to {}", run->sent, run->where);
           }});
    }
    std::signal(SIGTERM, Stop);
    std::signal(SIGINT, Stop);
    for (const auto& j : jobs) {
      std::cout << fmt::format("worker: {} every {}\n", j.name,
                               j.every > 0 ? fmt::format("{} s", j.every) : std::string("(off)"));
    }
    std::cout.flush();
    while (!g_stop) {
      for (auto& j : jobs) {
        if (g_stop || (j.every == 0 && !*once) || ctx.Now() < j.next) continue;
        std::string what;
        try {
          // The lease covers the run (a generous bound: twice the period, two minutes at least),
          // then lasts until the job is next due, so that no other worker runs it before then.
          const auto rfc = [](core::Instant t) { return events::FormatInstant(t / 1000 * 1000); };
          const core::Instant start = ctx.Now();
          const int64_t bound = 1000LL * std::max(2 * j.every, 120);
          if (j.leased && !store.TakeLease(j.name, holder, rfc(start), rfc(start + bound))) {
            what = "skipped: another worker holds its lease";
          } else {
            what = j.run();
            if (j.leased && j.every > 0)
              store.TakeLease(j.name, holder, rfc(ctx.Now()), rfc(start + 1000LL * j.every));
          }
        } catch (const std::exception& e) {  // a database error: log it and try again next time
          what = std::string("error: ") + e.what();
        }
        std::cout << fmt::format("{} {}: {}\n", events::FormatInstant(ctx.Now() / 1000 * 1000),
                                 j.name, what)
                  << std::flush;
        j.next = ctx.Now() + 1000LL * j.every;
      }
      if (*once) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    // Leases given up, so that another worker takes the jobs at once.
    for (const auto& j : jobs) {
      try {
        if (j.leased) store.ReleaseLease(j.name, holder);
      } catch (const std::exception&) {  // the database is gone: the leases end by themselves
      }
    }
    std::cout << "worker: stopped\n";
  });
}

}  // namespace cf::cli
