#include "app/portal_alerts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "app/call_backs.hpp"
#include "app/case_actions.hpp"
#include "app/force_settings.hpp"
#include "app/outbox.hpp"
#include "app/portal.hpp"
#include "app/portal_words.hpp"
#include "app/rota.hpp"
#include "app/sign_in.hpp"
#include "auth/credentials.hpp"
#include "core/hash.hpp"
#include "core/london_time.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

constexpr const char* kPosition = "portal_alerts_after";

void AuditPortal(Services& s, const std::string& action, const storage::PortalAccount& account,
                 const std::string& detail, const std::string& source) {
  s.accounts.Audit({"", "portal", action, account.crime, account.person, detail, source});
}

bool IsAlertEvent(std::string_view type) {
  return std::find(kAlertEvents.begin(), kAlertEvents.end(), type) != kAlertEvents.end();
}

// A release of the suspect: the alert a force may say cannot wait for the morning.
bool IsRelease(std::string_view type) {
  return type == "suspect.bailed" || type == "suspect.bail_changed" ||
         type == "suspect.released_under_investigation" || type == "suspect.released_nfa";
}

// "HH:MM" as minutes of the day, or -1.
int Minutes(std::string_view clock) {
  if (clock.size() != 5 || clock[2] != ':') return -1;
  for (const size_t i : {0, 1, 3, 4}) {
    if (clock[i] < '0' || clock[i] > '9') return -1;
  }
  const int h = (clock[0] - '0') * 10 + (clock[1] - '0');
  const int m = (clock[3] - '0') * 10 + (clock[4] - '0');
  return h < 24 && m < 60 ? h * 60 + m : -1;
}

// When an email or text message of an event of `type` may go at `now`: now, or the end of the
// force's quiet hours.
core::Instant NotBefore(Services& s, std::string_view type, core::Instant now) {
  if (IsRelease(type) && SettingValue(s.cases, "alerts_that_may_not_wait") != "none") return now;
  const std::string quiet = SettingValue(s.cases, "quiet_hours");
  const int start = Minutes(std::string_view(quiet).substr(0, 5));
  const int end = quiet.size() == 11 ? Minutes(std::string_view(quiet).substr(6, 5)) : -1;
  if (start < 0 || end < 0 || start == end) return now;  // "none"
  core::LondonDates london;
  const core::Date today = london.DateOf(now);
  const int minute = Minutes(london.ClockOf(now));  // the wall clock's, on clock-change days too
  const bool overnight = start > end;
  const bool quiet_now =
      overnight ? (minute >= start || minute < end) : (minute >= start && minute < end);
  if (!quiet_now) return now;
  // Ends today, or (late in an overnight stretch) tomorrow.
  return london.At(overnight && minute >= start ? today.AddDays(1) : today, end);
}

// The portal_alert message to a person (`prepared`, PrepareLetter's) on `channel`: `news` in
// their language and `link`, sent now by post, else once quiet hours allow for `type`.
SendRequest AlertTo(Services& s, const std::string& crime, const std::string& person,
                    const PreparedLetter& prepared, const std::string& channel,
                    const std::string& link, std::string news, std::string_view type) {
  const core::Instant now = s.Now();
  SendRequest send;
  send.crime = crime;
  send.person = person;
  send.template_id = "portal_alert";
  send.channel = channel;
  send.lang = prepared.lang;
  send.by = "portal";
  send.now = now;
  send.link = link;
  send.news = std::move(news);
  send.not_before = channel == "letter" ? now : NotBefore(s, type, now);
  return send;
}

std::vector<std::string> Split(const std::string& list) {
  std::vector<std::string> out;
  size_t from = 0;
  while (from <= list.size()) {
    const size_t comma = std::min(list.find(',', from), list.size());
    if (comma > from) out.push_back(list.substr(from, comma - from));
    from = comma + 1;
  }
  return out;
}

// The alerts of one key event, in one transaction with the position after it.
void AlertOf(Services& s, const storage::CaseStore::Appended& e, AlertRun& run) {
  storage::Transaction tx(s.cases);
  std::map<std::string, storage::PortalAccount> enrolled;
  for (auto& a : s.portal.AccountsOf(e.crime)) {
    if (a.revoked_at.empty()) enrolled.emplace(a.person, std::move(a));
  }
  // Each enrolled person's duties from the event that are not met or settled yet.
  std::map<std::string, std::pair<std::string, bool>> owed;  // person -> (duties, enhanced)
  if (!enrolled.empty()) {
    for (const auto& o : s.cases.CaseObligations(e.crime)) {
      if (o.trigger_event != e.id || !enrolled.count(o.person) || o.met_at || o.settled) continue;
      auto& [duties, enhanced] = owed[o.person];
      duties += (duties.empty() ? "" : ",") + o.duty;
      enhanced = enhanced || o.enhanced;
    }
  }
  if (!owed.empty()) {
    std::string body;
    for (auto& b : s.cases.EventBodies(e.crime)) {
      if (b.find(e.id) != std::string::npos &&
          nlohmann::json::parse(b, nullptr, false).value("id", "") == e.id) {
        body = std::move(b);
        break;
      }
    }
    std::map<std::string, bool> witness;
    for (const auto& p : s.cases.CasePeople(e.crime))
      witness[p.person] = p.role == domain::Role::kWitness;
    const core::Instant now = s.Now();
    for (const auto& [person, what] : owed) {
      storage::PortalAlert alert;
      const std::string token = auth::NewToken();
      alert.token_hash = auth::TokenHash(token);
      alert.crime = e.crime;
      alert.person = person;
      alert.event_id = e.id;
      alert.duty = what.first;
      // Chased by phone when unopened: an enhanced victim's, not a witness's (the Witness
      // Charter's care is the Witness Care Unit's), and not a letter's (it takes the post).
      alert.enhanced = what.second && !witness[person];
      alert.created_at = UtcPlus(s, 0);
      const std::string link = fmt::format("{}/alert/{}", PortalBaseUrl(s), token);
      auto prepared = PrepareLetter(s.cases, s.accounts,
                                    {e.crime, person, "portal_alert", "en", "", now, link});
      const std::string channel = prepared ? PortalChannelFor(*prepared) : "";
      if (!prepared) {
        alert.held = prepared.error().message;
      } else if (channel.empty()) {
        alert.held = "no email address, mobile number or postal address that is safe to use";
      } else {
        SendRequest send = AlertTo(s, e.crime, person, *prepared, channel, link,
                                   PortalNewsOf(body, witness[person], prepared->lang), e.type);
        if (channel == "letter") alert.enhanced = false;
        // One message per person and event, whatever retries a crash causes.
        send.idempotency_key =
            fmt::format("a{:016x}", core::Fnv1a64(e.crime + "|" + person + "|" + e.id));
        const auto queued = QueueMessage(s.cases, s.accounts, s.engine, s.library, send);
        if (!queued) {
          alert.held = queued.error().message;
        } else if (queued->kind == SendResult::kQueued) {
          alert.outbox_id = queued->outbox_id;
        } else {
          alert.held = queued->reason;
        }
      }
      if (s.portal.AddPortalAlert(alert) == 0) continue;  // alerted already
      ++(alert.outbox_id != 0 ? run.sent : run.held);
      s.accounts.Audit(
          {"", "portal", alert.outbox_id != 0 ? "portal_alert_sent" : "portal_alert_held", e.crime,
           person,
           alert.outbox_id != 0 ? fmt::format("{} by {} ({})", e.type, channel, alert.duty)
                                : fmt::format("{}: {}", e.type, alert.held),
           "worker"});
    }
  }
  s.cases.SetSetting(kPosition, std::to_string(e.seq));
  tx.Commit();
}

}  // namespace

std::string NoticeOfReply(Services& s, const std::string& crime, const std::string& person,
                          int64_t message_id) {
  const std::string base = PortalBaseUrl(s);
  if (base.empty()) return "the portal's address (setting portal_url) is not set";
  const std::string link = base + "/sign-in";
  const core::Instant now = s.Now();
  auto prepared =
      PrepareLetter(s.cases, s.accounts, {crime, person, "portal_alert", "en", "", now, link});
  if (!prepared) return prepared.error().message;
  const std::string channel = PortalChannelFor(*prepared);
  if (channel.empty()) return "no email address, mobile number or postal address that is safe";
  SendRequest send = AlertTo(s, crime, person, *prepared, channel, link,
                             PortalWords(prepared->lang, "alert.reply"), "portal.reply");
  send.idempotency_key =
      fmt::format("r{:016x}", core::Fnv1a64(fmt::format("{}|{}|{}", crime, person, message_id)));
  const auto queued = QueueMessage(s.cases, s.accounts, s.engine, s.library, send);
  if (!queued) return queued.error().message;
  return queued->kind == SendResult::kQueued ? "" : queued->reason;
}

namespace {

// Whether the alert's duties are still owed: the case open, the account in use, and one of
// its duties from that event neither met nor settled.
bool StillOwed(Services& s, const storage::PortalAlert& a, const storage::CaseRow& row) {
  if (row.closed) return false;
  const auto account = s.portal.FindAccount(a.crime, a.person);
  if (!account || !account->revoked_at.empty()) return false;
  const auto duties = Split(a.duty);
  for (const auto& o : s.cases.CaseObligations(a.crime)) {
    if (o.trigger_event == a.event_id && o.person == a.person && !o.met_at && !o.settled &&
        std::find(duties.begin(), duties.end(), o.duty) != duties.end())
      return true;
  }
  return false;
}

// Enhanced victims' alerts delivered and not opened by the end of the next working day: a
// call-back each, while the duty is still owed.
void RaiseUnopened(Services& s, AlertRun& run) {
  const core::Date today = s.Today();
  for (const auto& a : s.portal.UnopenedPortalAlerts(UtcPlus(s, int64_t{-24} * 3600), 500)) {
    const auto message = s.cases.Outbox(a.outbox_id);
    if (message && (message->status == domain::OutboxStatus::kCreated ||
                    message->status == domain::OutboxStatus::kSending))
      continue;  // not delivered yet (quiet hours, retries): its day has not begun
    const std::string sent = message ? message->updated_at : a.created_at;
    if (!(CallBackDue(s.calendar, 1, sent) < today)) continue;
    storage::Transaction tx(s.cases);
    const auto row = s.cases.FindCase(a.crime);
    if (row && StillOwed(s, a, *row)) {
      storage::PortalAccount whose;
      whose.crime = a.crime;
      whose.person = a.person;
      RaisePortalCallBack(s, whose, "call_back",
                          fmt::format("The portal alert sent {} was not opened within a working "
                                      "day: please phone them about it ({}).",
                                      sent.substr(0, 10), a.duty),
                          WhoCallsBack(s, *row).officer);
      ++run.tasks;
    }
    s.portal.MarkPortalAlertTask(a.id, UtcPlus(s, 0));
    tx.Commit();
  }
}

}  // namespace

AlertRun SendPortalAlerts(Services& s) {
  AlertRun run;
  const auto position = s.cases.Setting(kPosition);
  if (!position) {  // the first run: from the log's end
    s.cases.SetSetting(kPosition, std::to_string(s.cases.ApproxEventCount()));
    RaiseUnopened(s, run);
    return run;
  }
  int64_t after = 0;
  try {
    after = std::stoll(*position);
  } catch (const std::exception&) {
    throw storage::StorageError(
        fmt::format("setting {}: \"{}\" is not a position of the log", kPosition, *position));
  }
  const auto appended = s.cases.EventsAfter(after, kAlertEventsPerRun);
  for (const auto& e : appended) {
    if (!IsAlertEvent(e.type)) continue;
    ++run.events;
    AlertOf(s, e, run);
  }
  if (!appended.empty()) s.cases.SetSetting(kPosition, std::to_string(appended.back().seq));
  RaiseUnopened(s, run);
  return run;
}

core::Result<bool> OpenPortalAlert(Services& s, const storage::PortalAccount& account,
                                   std::string_view token, const std::string& source) {
  const auto alert = token.empty() || token.size() > 128
                         ? std::nullopt
                         : s.portal.FindPortalAlert(auth::TokenHash(std::string(token)));
  if (!alert || alert->crime != account.crime || alert->person != account.person) {
    AuditPortal(s, "portal_alert_refused", account, "an unknown link, or another person's", source);
    return false;
  }
  storage::Transaction tx(s.cases);
  if (!s.portal.MarkPortalAlertOpened(alert->id, UtcPlus(s, 0))) return false;
  // What the alert told them meets its duties, but bail's: the conditions that protect them
  // are the officer's to explain, so those duties stay on the queue.
  std::vector<std::string> covers;
  for (auto& duty : Split(alert->duty)) {
    if (duty != "bail" && duty != "bail_changed") covers.push_back(std::move(duty));
  }
  if (covers.empty()) covers = {"periodic_update"};  // an update, whatever it covers
  ContactRequest contact;
  contact.event_id = fmt::format("portal-alert:{}:{}", alert->crime, alert->id);
  contact.crime = alert->crime;
  contact.person = alert->person;
  contact.channel = "portal";
  contact.outcome = "portal_message";
  contact.covers = covers;
  contact.summary = "Opened the portal alert";
  contact.by = "portal";
  contact.at = s.Now();
  const auto recorded = RecordContact(s.cases, s.engine, s.library, contact);
  if (!recorded) return recorded.error();
  AuditPortal(s, "portal_alert_opened", account, alert->duty, source);
  tx.Commit();
  return true;
}

}  // namespace cf::app
