#include "app/portal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "app/access.hpp"
#include "app/address_throttle.hpp"
#include "app/case_actions.hpp"
#include "app/case_derivation.hpp"
#include "app/case_record.hpp"
#include "app/force_settings.hpp"
#include "app/import.hpp"
#include "app/letters.hpp"
#include "app/outbox.hpp"
#include "app/portal_alerts.hpp"
#include "app/portal_words.hpp"
#include "app/rota.hpp"
#include "app/sign_in.hpp"
#include "app/staff_admin.hpp"
#include "auth/credentials.hpp"
#include "core/london_time.hpp"
#include "core/utf8.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

const std::string kLinkNotUsable =
    "This link cannot be used. It may have been used already, or be too old. Ask the officer "
    "in your case to send you a new one.";

// The person's own acts: audited as "portal", with their crime and person.
void AuditPortal(Services& s, const std::string& action, const std::string& crime,
                 const std::string& person, const std::string& detail, const std::string& source) {
  s.accounts.Audit({"", "portal", action, crime, person, detail, source});
}

bool Locked(const Services& s, const storage::PortalAccount& a) {
  return !a.locked_until.empty() && a.locked_until > UtcPlus(s, 0);
}

std::string NewSession(Services& s, const storage::PortalAccount& account) {
  std::string token = auth::NewToken();
  s.portal.CreatePortalSession(auth::TokenHash(token), account.id, auth::NewToken().substr(3),
                               UtcPlus(s, 0), UtcPlus(s, int64_t{kPortalSessionHours} * 3600));
  return token;
}

// An officer as a victim may see them: "PC 1402 Zara Patel" from their profile, or "" when it
// has no name (never the staff account's sign-in name).
std::string PublicName(const std::optional<storage::User>& user) {
  if (!user || user->full_name.empty()) return "";
  return user->collar.empty() ? user->full_name : user->collar + " " + user->full_name;
}

// Who answers a person's request today (`taker`, WhoCallsBack): the officer in case (`officer`,
// their account), or their cover or a sergeant when they are away, by name; "your officer" or
// "another officer" in `lang` when unnamed.
std::string Responder(Services& s, const CallBackTaker& taker,
                      const std::optional<storage::User>& officer, std::string_view lang) {
  std::string name =
      PublicName(taker.officer.empty() ? officer : s.accounts.UserForOfficer(taker.officer));
  if (!name.empty()) return name;
  return PortalWords(lang, taker.officer.empty() ? "officer.yours" : "officer.another");
}

// The case's person, checked as an invitation or revocation needs.
core::Result<storage::PersonRow> PersonFor(Services& s, const Actor& by, const std::string& crime,
                                           const std::string& person, const std::string& action) {
  auto row = CaseFor(s, by, crime, action);
  if (!row) return row.error();
  if (!MayRecordContacts(by.user)) {
    AuditAs(s, by, "denied_" + action, crime, "");
    return core::PermissionDenied("Your role does not record contacts with victims and witnesses.");
  }
  for (const auto& p : s.cases.CasePeople(crime)) {
    if (p.person == person) return p;
  }
  return core::NotFound(fmt::format("Case {} has no person {}.", crime, person));
}

}  // namespace

bool MayUsePortal(domain::Role role) { return role != domain::Role::kBusinessContact; }

core::Result<PortalInvitationLink> InviteToPortal(Services& s, const Actor& by,
                                                  const std::string& crime,
                                                  const std::string& person,
                                                  const std::string& base_url) {
  const auto p = PersonFor(s, by, crime, person, "portal_invited");
  if (!p) return p.error();
  if (!MayUsePortal(p->role)) {
    return core::Error{core::ErrorCode::kConflict,
                       fmt::format("{} is a business contact: the portal is for victims, "
                                   "witnesses and those who speak for them.",
                                   person)};
  }
  const core::Instant at = s.Now();
  const core::Instant expires = at + int64_t{kPortalInvitationDays} * 24 * 3600 * 1000;
  PortalInvitationLink link;
  link.token = auth::NewToken();
  link.expires_at = UtcPlus(s, int64_t{kPortalInvitationDays} * 24 * 3600);
  link.url = InvitationLink(s, link.token, base_url);

  // The message, on the first channel that is safe and has an address.
  auto prepared =
      PrepareLetter(s.cases, s.accounts, {crime, person, "portal_invitation", "en", "", at});
  if (!prepared) return prepared.error();
  link.channel = PortalChannelFor(*prepared);
  if (link.channel.empty()) {
    link.not_sent =
        "We hold no email address, mobile number or postal address that their "
        "contact agreement says is safe to use.";
  }

  const std::string now = UtcPlus(s, 0);
  storage::Transaction tx(s.cases);
  const size_t replaced = s.portal.EndInvitationsOf(crime, person, now);
  s.portal.AddInvitation(
      {auth::TokenHash(link.token), crime, person, by.user.name, now, link.expires_at, ""});
  if (!link.channel.empty()) {
    SendRequest send;
    send.crime = crime;
    send.person = person;
    send.template_id = "portal_invitation";
    send.channel = link.channel;
    send.lang = prepared->lang;
    send.link = link.url;
    core::LondonDates london;
    send.link_expires = fmt::format("{} {} {}", ClockWords(london.ClockOf(expires), prepared->lang),
                                    prepared->lang == "cy" ? "ar" : "on",
                                    WrittenDate(london.DateOf(expires), prepared->lang));
    send.by = by.user.name;
    send.now = at;
    const auto queued = QueueMessage(s.cases, s.accounts, s.engine, s.library, send);
    if (!queued) return queued.error();
    if (queued->kind == SendResult::kQueued) {
      link.outbox_id = queued->outbox_id;
    } else {
      link.not_sent = queued->reason + ".";
      link.not_sent[0] =
          static_cast<char>(std::toupper(static_cast<unsigned char>(link.not_sent[0])));
      link.channel.clear();
    }
  }
  std::string detail =
      link.channel.empty() ? "not sent: " + link.not_sent : fmt::format("sent by {}", link.channel);
  if (replaced != 0) detail += fmt::format("; {} earlier link(s) ended", replaced);
  s.accounts.Audit({"", by.user.name, "portal_invited", crime, person, detail, by.source});
  tx.Commit();
  return link;
}

std::optional<storage::PortalInvitation> OpenInvitation(Services& s, std::string_view token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  auto invitation = s.portal.FindInvitation(auth::TokenHash(std::string(token)));
  if (!invitation || !invitation->ended_at.empty() || invitation->expires_at <= UtcPlus(s, 0))
    return std::nullopt;
  return invitation;
}

core::Result<std::string> AcceptInvitation(Services& s, std::string_view token,
                                           const std::string& password_hash, size_t password_length,
                                           bool passwords_match, const std::string& source) {
  const auto invitation = OpenInvitation(s, token);
  if (!invitation) {
    AuditPortal(s, "portal_invitation_refused", "", "", "unknown, used or expired link", source);
    return core::NotFound(kLinkNotUsable);
  }
  if (password_length < kMinPasswordLength || password_hash.empty()) {
    return core::InvalidArgument(
        fmt::format("Your password must be at least {} characters long. Three words you will "
                    "remember make a good one.",
                    kMinPasswordLength));
  }
  if (!passwords_match) return core::InvalidArgument("The two passwords are not the same.");
  const std::string now = UtcPlus(s, 0);
  storage::Transaction tx(s.cases);
  if (!s.portal.EndInvitation(invitation->token_hash, now)) {
    return core::NotFound(kLinkNotUsable);  // used by another request meanwhile
  }
  const int64_t id =
      s.portal.SetPassword(invitation->crime, invitation->person, password_hash, now);
  s.portal.DeletePortalSessionsOf(id);  // a new password ends the old sessions
  const auto account = s.portal.FindAccount(id);
  if (!account) throw storage::StorageError("portal account vanished after being stored");
  std::string session = NewSession(s, *account);
  AuditPortal(s, "portal_enrolled", account->crime, account->person, "", source);
  tx.Commit();
  return session;
}

PortalSignInAttempt BeginPortalSignIn(Services& s, const std::string& crime) {
  PortalSignInAttempt attempt;
  attempt.crime = crime;
  if (crime.empty() || crime.size() > 64) return attempt;
  for (auto& a : s.portal.AccountsOf(crime)) {
    if (!a.revoked_at.empty()) continue;
    if (Locked(s, a)) {
      attempt.locked = true;
      continue;
    }
    attempt.accounts.push_back(std::move(a));
  }
  if (attempt.locked) attempt.accounts.clear();  // the crime's accounts lock together
  return attempt;
}

std::optional<size_t> CheckPortalPassword(const PortalSignInAttempt& attempt,
                                          const std::string& password) {
  // The same number of checks whoever is enrolled; a crime with more people takes longer.
  std::optional<size_t> match;
  const size_t checks = std::max(kPortalPasswordChecks, attempt.accounts.size());
  for (size_t i = 0; i < checks; ++i) {
    const bool real = i < attempt.accounts.size();
    const bool ok = auth::VerifyPassword(
        real ? attempt.accounts[i].password_hash : auth::DummyPasswordHash(), password);
    if (ok && real) match = match ? kPortalPasswordShared : i;
  }
  return match;
}

core::Result<std::string> FinishPortalSignIn(Services& s, const PortalSignInAttempt& attempt,
                                             std::optional<size_t> match,
                                             const std::string& source) {
  const std::string& crime = attempt.crime;
  if (match) {
    // Decided on the crime's accounts as they are now, in the transaction: one may have been
    // revoked, given a new password or locked by other attempts while the check ran.
    storage::Transaction tx(s.cases);
    const auto accounts = s.portal.AccountsOf(crime);
    const bool crime_locked = std::any_of(accounts.begin(), accounts.end(), [&](const auto& a) {
      return a.revoked_at.empty() && Locked(s, a);
    });
    if (*match == kPortalPasswordShared) {
      // Two people of the crime chose one password: neither is signed in as the other. Staff
      // re-invite one of them (the audit says so); no failure is counted.
      AuditPortal(s, "portal_sign_in_refused", crime, "",
                  "two accounts of the case have this password: invite one again", source);
      tx.Commit();
      return core::Unauthenticated(PortalWords("en", "sign_in.refused"));
    }
    const auto& matched = attempt.accounts[*match];
    const auto account = std::find_if(accounts.begin(), accounts.end(),
                                      [&](const auto& a) { return a.id == matched.id; });
    if (account == accounts.end() || !account->revoked_at.empty() || crime_locked ||
        account->password_hash != matched.password_hash) {
      AuditPortal(s, "portal_sign_in_refused", crime, "", "the account changed", source);
      tx.Commit();
      return core::Unauthenticated(PortalWords("en", "sign_in.refused"));
    }
    // Only this account's count starts again: a person cannot clear the count that their
    // guesses at another's password ran up on the case (every account locks together).
    s.portal.SetSignInFailures(account->id, 0, "");
    std::string token = NewSession(s, *account);
    AuditPortal(s, "portal_signed_in", crime, account->person, "", source);
    tx.Commit();
    return token;
  }
  const auto accounts = s.portal.AccountsOf(crime);
  if (accounts.empty()) {
    // The reference is not written to the audit: it may be a password typed in the wrong box.
    AuditPortal(s, "portal_sign_in_failed", "", "", "no account for the reference", source);
    return core::Unauthenticated(PortalWords("en", "sign_in.refused"));
  }
  if (attempt.locked) {
    AuditPortal(s, "portal_sign_in_refused", crime, "", "locked", source);
    return core::Unauthenticated(PortalWords("en", "sign_in.refused"));
  }
  // A wrong password counts against every account of the crime, so that guessing cannot
  // spread over its people. A lock run out restarts the count, and each lock that follows
  // another without a success lasts twice as long.
  storage::Transaction tx(s.cases);
  bool locked_now = false;
  for (const auto& a : accounts) {
    if (!a.revoked_at.empty()) continue;
    const int failures = a.failed_sign_ins + 1;
    std::string until;
    if (failures % kPortalMaxFailures == 0) {
      const int locks = failures / kPortalMaxFailures;
      const int minutes =
          std::min(kPortalMaxLockMinutes, kPortalLockMinutes << std::min(locks - 1, 10));
      until = UtcPlus(s, int64_t{minutes} * 60);
      locked_now = true;
    }
    s.portal.SetSignInFailures(a.id, failures, until);
  }
  AuditPortal(s, "portal_sign_in_failed", crime, "",
              locked_now ? "wrong password; locked" : "wrong password", source);
  tx.Commit();
  return core::Unauthenticated(PortalWords("en", "sign_in.refused"));
}

core::Result<std::string> PortalSignIn(Services& s, const std::string& crime,
                                       const std::string& password, const std::string& source) {
  const auto attempt = BeginPortalSignIn(s, crime);
  return FinishPortalSignIn(s, attempt, CheckPortalPassword(attempt, password), source);
}

std::optional<storage::PortalStore::Session> PortalSessionFor(Services& s, std::string_view token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const std::string hash = auth::TokenHash(std::string(token));
  const std::string now = UtcPlus(s, 0);
  auto session =
      s.portal.FindPortalSession(hash, now, UtcPlus(s, -int64_t{kPortalIdleMinutes} * 60));
  // Marked as used at most once a minute: the idle limit is half an hour, and a write (a
  // commit) on every page would cost more than the page.
  if (session && session->last_seen_at <= UtcPlus(s, -60)) s.portal.TouchPortalSession(hash, now);
  return session;
}

size_t TidyPortal(Services& s) {
  storage::Transaction tx(s.cases);
  const size_t gone = s.portal.DeleteSpentPortalRecords(
                          UtcPlus(s, 0), UtcPlus(s, -int64_t{kPortalIdleMinutes} * 60),
                          UtcPlus(s, -int64_t{kPortalSpentDays} * 24 * 3600)) +
                      ForgetAgedAddressFailures(s.portal, s.clock.Now());
  tx.Commit();
  return gone;
}

void PortalSignOut(Services& s, std::string_view token, bool everywhere,
                   const std::string& source) {
  const auto session = PortalSessionFor(s, token);
  if (!session) return;
  if (everywhere) {
    s.portal.DeletePortalSessionsOf(session->account.id);
  } else {
    s.portal.DeletePortalSession(auth::TokenHash(std::string(token)));
  }
  AuditPortal(s, everywhere ? "portal_signed_out_everywhere" : "portal_signed_out",
              session->account.crime, session->account.person, "", source);
}

core::Status RevokePortalAccess(Services& s, const Actor& by, const std::string& crime,
                                const std::string& person) {
  const auto p = PersonFor(s, by, crime, person, "portal_revoked");
  if (!p) return p.error();
  const std::string now = UtcPlus(s, 0);
  storage::Transaction tx(s.cases);
  const size_t links = s.portal.EndInvitationsOf(crime, person, now);
  const auto account = s.portal.FindAccount(crime, person);
  const bool revoked = account && s.portal.RevokeAccount(account->id, now);
  if (account) s.portal.DeletePortalSessionsOf(account->id);
  if (!revoked && links == 0) {
    return core::NotFound(fmt::format("{} of case {} has no portal access to end.", person, crime));
  }
  s.accounts.Audit(
      {"", by.user.name, "portal_revoked", crime, person,
       fmt::format("account {}; {} open link(s) ended", revoked ? "revoked" : "none", links),
       by.source});
  tx.Commit();
  return {};
}

namespace {

std::string TextOf(const nlohmann::json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

// The person's latest contract.agreed, as stored; nullopt when none was agreed.
std::optional<nlohmann::json> LatestContract(Services& s, const std::string& crime,
                                             const std::string& person) {
  std::optional<nlohmann::json> latest;
  for (const auto& text : s.cases.EventBodies(crime)) {
    auto body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (body.is_object() && TextOf(body, "type") == "contract.agreed" &&
        TextOf(body, "person") == person)
      latest = std::move(body);
  }
  return latest;
}

// The words key of a closure's outcome.
std::string_view ClosedKey(const std::string& outcome) {
  if (outcome == "charged") return "milestone.closed_charged";
  if (outcome == "no_suspect") return "milestone.closed_no_suspect";
  if (outcome == "evidential_difficulties") return "milestone.closed_evidence";
  if (outcome == "not_in_public_interest") return "milestone.closed_public_interest";
  // victim_withdrew: said as plainly as any other closure, since another person of the case
  // may be the one who withdrew.
  return "milestone.closed";
}

// The words, in `lang`, for one event a person may be told of; "" for any other. A witness is
// not told of the Victims' Right to Review, which is a victim's.
std::string MilestoneText(const std::string& type, const nlohmann::json& body, bool witness,
                          core::LondonDates& london, std::string_view lang) {
  static const std::map<std::string_view, std::string_view> kPlain = {
      {"crime.recorded", "milestone.recorded"},
      {"investigation.not_pursued", "milestone.not_pursued"},
      {"suspect.arrested", "milestone.arrested"},
      {"suspect.interviewed", "milestone.interviewed"},
      {"suspect.released_nfa", "milestone.released_nfa"},
      {"suspect.released_under_investigation", "milestone.released_under_investigation"},
      {"suspect.bailed", "milestone.bailed"},
      {"suspect.bail_changed", "milestone.bail_changed"},
      {"suspect.charged", "milestone.charged"},
      {"suspect.out_of_court_disposal", "milestone.out_of_court"},
      {"case.reopened", "milestone.reopened"}};
  if (const auto it = kPlain.find(type); it != kPlain.end()) return PortalWords(lang, it->second);
  if (type == "decision.no_charge") {
    const auto vrr = body.find("vrr_eligible");
    const bool review = !witness && vrr != body.end() && vrr->is_boolean() && vrr->get<bool>();
    return PortalWords(lang, review ? "milestone.no_charge_review" : "milestone.no_charge");
  }
  if (type == "court.hearing_set") {
    const auto at = core::ParseRfc3339(TextOf(body, "hearing_at"));
    std::string court = TextOf(body, "court");
    if (court.size() > 100) court.clear();
    const std::string date = at ? WrittenDate(london.DateOf(*at), std::string(lang)) : "";
    const std::string time = at ? london.ClockOf(*at) : "";
    const std::string_view key =
        at ? (court.empty() ? "milestone.hearing_when" : "milestone.hearing_when_court")
           : (court.empty() ? "milestone.hearing" : "milestone.hearing_court");
    return PortalSay(lang, key, {{"date", date}, {"time", time}, {"court", court}});
  }
  if (type == "case.closed") return PortalWords(lang, ClosedKey(TextOf(body, "outcome")));
  return "";
}

// The person's language as their events record it, as CurrentDetails reads it (person.added,
// then each person.details_changed that gives or removes it; trimmed): "" when none does.
std::string RecordedLanguageIn(const std::vector<nlohmann::json>& events,
                               const std::string& person) {
  std::string language;
  for (const auto& body : events) {
    const std::string type = TextOf(body, "type");
    if ((type != "person.added" && type != "person.details_changed") ||
        TextOf(body, "person") != person)
      continue;
    if (type == "person.added") language.clear();
    if (body.contains("language")) language = TextOf(body, "language");
    if (const auto removed = body.find("remove"); removed != body.end() && removed->is_array()) {
      for (const auto& field : *removed) {
        if (field.is_string() && field.get<std::string>() == "language") language.clear();
      }
    }
  }
  const size_t from = language.find_first_not_of(" \t\r\n");
  if (from == std::string::npos) return "";
  language = language.substr(from, language.find_last_not_of(" \t\r\n") - from + 1);
  return PortalLanguage(language);
}

core::Result<PortalStatus> StatusOf(Services& s, const storage::PortalAccount& account,
                                    std::string_view chosen, std::string_view fallback) {
  const auto row = s.cases.FindCase(account.crime);
  if (!row) return core::NotFound(PortalWords(chosen, "problem.case"));
  // Each event parsed once: for the person's language, then for what the page says.
  std::vector<nlohmann::json> events;
  for (const auto& text : s.cases.EventBodies(account.crime)) {
    auto body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (body.is_object()) events.push_back(std::move(body));
  }
  PortalStatus out;
  if (chosen == "en" || chosen == "cy") {
    out.lang = chosen;
  } else {
    out.lang = RecordedLanguageIn(events, account.person);
    if (out.lang.empty()) out.lang = fallback == "cy" ? "cy" : "en";
  }
  const std::string_view lang = out.lang;
  out.crime = account.crime;
  out.crime_type = PortalCrimeType(lang, row->crime_type);
  out.recorded_on = row->recorded_on;
  out.closed = row->closed;
  for (const auto& p : s.cases.CasePeople(account.crime)) {
    if (p.person == account.person) out.witness = p.role == domain::Role::kWitness;
  }
  core::LondonDates london;
  for (const auto& body : events) {
    const std::string type = TextOf(body, "type");
    if (type == "contract.agreed" && TextOf(body, "person") == account.person) {
      const auto wanted = body.find("wants_updates");
      out.wants_updates = wanted == body.end() || !wanted->is_boolean() || wanted->get<bool>();
      const auto every = body.find("frequency_days");
      out.contact = {TextOf(body, "channel"),
                     every != body.end() && every->is_number_integer() &&
                             every->get<int64_t>() > 0 && every->get<int64_t>() < 1000
                         ? static_cast<int>(every->get<int64_t>())
                         : 0,
                     TextOf(body, "times"),
                     {}};
      if (const auto safe = body.find("safe_to_contact"); safe != body.end() && safe->is_object()) {
        for (const auto& [way, ok] : safe->items()) {
          if (ok.is_boolean() && !ok.get<bool>()) out.contact.unsafe.insert(way);
        }
      }
    }
    if (type == "decision.no_charge") {
      const auto vrr = body.find("vrr_eligible");
      out.may_ask_review =
          !out.witness && vrr != body.end() && vrr->is_boolean() && vrr->get<bool>();
    } else if (type == "suspect.charged" || type == "case.reopened" ||
               (type == "vrr.requested" && TextOf(body, "person") == account.person)) {
      // A later decision, the case looked at again, or a review already asked for.
      out.may_ask_review = false;
    }
    const auto at = core::ParseRfc3339(TextOf(body, "at"));
    std::string words = MilestoneText(type, body, out.witness, london, lang);
    if (!at || words.empty()) continue;
    out.milestones.push_back({london.DateOf(*at), std::move(words)});
  }
  if (!out.milestones.empty()) out.now = out.milestones.back().text;
  const auto officer = s.accounts.UserForOfficer(row->officer);
  out.responder = Responder(s, WhoCallsBack(s, *row), officer, lang);
  out.officer_name = PublicName(officer);
  if (officer) {
    out.officer_phone = officer->phone;
    out.officer_email = officer->email;
    const core::Instant now = s.Now();
    const std::string wall_clock = london.DateOf(now).ToString() + "T" + london.ClockOf(now);
    for (const auto& shift : s.accounts.NextShifts(officer->name, wall_clock, 3)) {
      const auto day = core::Date::Parse(shift.starts_at.substr(0, 10));
      if (!day || shift.starts_at.size() < 16 || shift.ends_at.size() < 16) continue;
      out.officer_shifts.push_back(PortalSay(lang, "officer.shift",
                                             {{"date", WrittenDate(*day, out.lang)},
                                              {"from", shift.starts_at.substr(11, 5)},
                                              {"to", shift.ends_at.substr(11, 5)}}));
    }
  }
  if (const auto leave = LeaveToday(s, row->officer)) out.officer_away_until = leave->ends_on;
  // The next update still to come, and whether one is already late (a past deadline is not
  // "next": the page says it is late instead), as of today: from the stored rows while they
  // hold for today (the case needs no bringing forward: docs/store.md), else from the engine.
  using rules::ObligationStatus;
  const core::Date today = s.Today();
  auto note = [&](const storage::ObligationRow& o, ObligationStatus status) {
    if (o.person != account.person || o.duty != "periodic_update") return;
    if (status == ObligationStatus::kOverdue) {
      out.update_late = true;
    } else if (status == ObligationStatus::kOpen &&
               (!out.next_update || o.deadline < *out.next_update)) {
      out.next_update = o.deadline;
    }
  };
  if (!row->stale_after || *row->stale_after >= today) {
    for (const auto& o : s.cases.CaseObligations(account.crime)) {
      if (o.settled || o.trigger_date > today) continue;
      note(o, o.deadline < today ? ObligationStatus::kOverdue : ObligationStatus::kOpen);
    }
  } else if (const auto record =
                 ReadCaseRecord(s.cases, s.engine, s.library, account.crime, today)) {
    for (const auto& o : record->obligations) note(o.row, o.status);
  }
  for (const auto& m : s.cases.CaseOutbox(account.crime)) {
    if (m.person != account.person || m.status != domain::OutboxStatus::kDelivered) continue;
    out.messages.push_back({m.created_at, m.channel, m.subject, m.id});
  }
  out.thread = s.portal.PortalMessages(account.crime, account.person, kPortalThreadShown);
  return out;
}

}  // namespace

core::Result<PortalStatus> PortalStatusOf(Services& s, const storage::PortalAccount& account,
                                          std::string_view lang, std::string_view fallback) {
  return StatusOf(s, account, lang, fallback);
}

std::string PortalRecordedLanguage(Services& s, const std::string& crime,
                                   const std::string& person) {
  std::vector<nlohmann::json> events;
  for (const auto& text : s.cases.EventBodies(crime)) {
    auto body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (body.is_object()) events.push_back(std::move(body));
  }
  return RecordedLanguageIn(events, person);
}

core::Result<PortalStatus> PortalViewAs(Services& s, const Actor& by, const std::string& crime,
                                        const std::string& person, std::string_view lang) {
  const auto row = CaseFor(s, by, crime, "portal_view");
  if (!row) return row.error();
  const auto people = s.cases.CasePeople(crime);
  if (std::none_of(people.begin(), people.end(),
                   [&](const storage::PersonRow& p) { return p.person == person; })) {
    return core::NotFound(fmt::format("Case {} has no person {}.", crime, person));
  }
  storage::PortalAccount as_them;
  as_them.crime = crime;
  as_them.person = person;
  auto status = StatusOf(s, as_them, lang == "cy" ? "cy" : "en", "en");
  if (status) s.accounts.Audit({"", by.user.name, "portal_view", crime, person, "", by.source});
  return status;
}

std::string PortalChannelFor(const PreparedLetter& prepared) {
  std::vector<std::string> channels;
  if (prepared.channel == "email" || prepared.channel == "sms" || prepared.channel == "letter")
    channels.push_back(prepared.channel);
  for (const char* c : {"email", "sms", "letter"}) channels.emplace_back(c);
  for (const auto& c : channels) {
    const bool reachable = c == "email" ? !prepared.email.empty()
                           : c == "sms" ? !prepared.mobile.empty()
                                        : prepared.has_address;
    if (reachable && prepared.unsafe_channels.count(c) == 0) return c;
  }
  return "";
}

std::string PortalNewsOf(const std::string& event_body, bool witness, std::string_view lang) {
  const auto body = nlohmann::json::parse(event_body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return "";
  core::LondonDates london;
  return MilestoneText(TextOf(body, "type"), body, witness, london, lang);
}

std::string PortalBaseUrl(Services& s) {
  std::string base = SettingValue(s.cases, "portal_url");
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string InvitationLink(Services& s, const std::string& token, const std::string& base_url) {
  std::string base = base_url.empty() ? PortalBaseUrl(s) : base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return fmt::format("{}/invitation/{}", base, token);
}

namespace {

struct AskWords {
  PortalAsk ask;
  std::string_view kind;
  std::string_view request;  // in the officer's queue (staff read English)
};
constexpr AskWords kAsks[] = {
    {PortalAsk::kCallBack, "call_back", "Please call me back"},
    {PortalAsk::kUpdate, "update", "Please update me"},
    {PortalAsk::kMessage, "message", "A message on the portal"},
    {PortalAsk::kReview, "review",
     "Please review the decision not to charge (the Victims' Right to Review)"},
    {PortalAsk::kLargePrint, "large_print", "Please send me letters in large print"},
    {PortalAsk::kEasyRead, "easy_read", "Please send me letters in easy read"},
    {PortalAsk::kLanguage, "language", "Please contact me in another language"},
};

const AskWords& WordsOf(PortalAsk ask) {
  for (const auto& w : kAsks) {
    if (w.ask == ask) return w;
  }
  return kAsks[0];
}

}  // namespace

std::string_view PortalAskKind(PortalAsk ask) { return WordsOf(ask).kind; }
std::string PortalAskDoing(PortalAsk ask, std::string_view lang) {
  return PortalWords(lang, "ask.doing_" + std::string(WordsOf(ask).kind));
}
std::optional<PortalAsk> ParsePortalAsk(std::string_view kind) {
  for (const auto& w : kAsks) {
    if (w.kind == kind) return w.ask;
  }
  return std::nullopt;
}

core::Result<PortalAskResult> AskFromPortal(Services& s, const storage::PortalAccount& account,
                                            PortalAsk ask, const std::string& text,
                                            const std::string& source, std::string_view lang) {
  if (core::CharacterCount(text) > kPortalRequestChars) {
    return core::InvalidArgument(
        PortalSay(lang, "ask.too_long", {{"limit", std::to_string(kPortalRequestChars)}}));
  }
  const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (ask == PortalAsk::kMessage && blank)
    return core::InvalidArgument(PortalWords(lang, "ask.write"));
  if (ask == PortalAsk::kLanguage && blank)
    return core::InvalidArgument(PortalWords(lang, "ask.which_language"));
  if (ask == PortalAsk::kReview) {
    const auto status = StatusOf(s, account, lang == "cy" ? "cy" : "en", "en");
    if (!status) return status.error();
    if (!status->may_ask_review) return core::InvalidArgument(PortalWords(lang, "ask.no_review"));
  }
  const auto row = s.cases.FindCase(account.crime);
  if (!row) return core::NotFound(PortalWords(lang, "problem.case"));
  const auto taker = WhoCallsBack(s, *row);
  const std::string kind(PortalAskKind(ask));
  storage::Transaction tx(s.cases);
  PortalAskResult result;
  result.call_back = RaisePortalCallBack(
      s, account, kind,
      ask == PortalAsk::kMessage ? "A message on the portal: " + text
                                 : fmt::format("{} (asked on the portal){}", WordsOf(ask).request,
                                               text.empty() ? "" : ": " + text),
      taker.officer);
  if (ask == PortalAsk::kReview) {
    // The request starts the review's duties (acknowledge it, then its decision), counted
    // from today; the police decided not to charge, as the portal offers it.
    const nlohmann::json request = {{"id", fmt::format("portal:review:{}", result.call_back)},
                                    {"type", "vrr.requested"},
                                    {"crime", account.crime},
                                    {"at", events::FormatInstant(s.Now())},
                                    {"person", account.person},
                                    {"decision_by", "police"},
                                    {"by", "portal"}};
    if (auto recorded =
            RecordEventLine(s.cases, s.engine, s.library, "portal", s.Now(), request.dump());
        !recorded)
      return recorded.error();
  }
  if (ask == PortalAsk::kMessage) {
    s.portal.AddPortalMessage(
        {0, account.crime, account.person, true, "", "", text, UtcPlus(s, 0)});
  }
  result.who = Responder(s, taker, s.accounts.UserForOfficer(row->officer), lang);
  AuditPortal(s, "portal_asked_" + kind, account.crime, account.person,
              fmt::format("call-back {}", result.call_back), source);
  tx.Commit();
  return result;
}

core::Result<std::string> PortalLetter(Services& s, const storage::PortalAccount& account,
                                       int64_t outbox_id, bool large_print,
                                       const std::string& source) {
  const auto m = s.cases.Outbox(outbox_id);
  if (!m || m->crime != account.crime || m->person != account.person || m->channel != "letter" ||
      m->status != domain::OutboxStatus::kDelivered) {
    return core::NotFound("There is no such letter to you.");
  }
  auto pdf = LetterPdfOf(*m, large_print);
  if (!pdf) return pdf.error();
  AuditPortal(s, "portal_letter_downloaded", account.crime, account.person,
              fmt::format("outbox {}{}", outbox_id, large_print ? ", large print" : ""), source);
  return pdf;
}

int64_t RaisePortalCallBack(Services& s, const storage::PortalAccount& account,
                            const std::string& kind, const std::string& request,
                            const std::string& assigned_to) {
  storage::CallBack c;
  c.crime = account.crime;
  c.person = account.person;
  c.kind = kind;
  c.request = request;
  c.raised_by = "portal";
  c.raised_at = UtcPlus(s, 0);
  c.assigned_to = assigned_to;
  return s.cases.AddCallBack(c);
}

core::Status ReplyInPortal(Services& s, const Actor& by, const std::string& crime,
                           const std::string& person, const std::string& text) {
  const auto p = PersonFor(s, by, crime, person, "portal_replied");
  if (!p) return p.error();
  const auto account = s.portal.FindAccount(crime, person);
  if (!account || !account->revoked_at.empty()) {
    return core::Error{
        core::ErrorCode::kConflict,
        fmt::format("{} does not use the portal: contact them another way.", person)};
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return core::InvalidArgument("Write your reply");
  if (core::CharacterCount(text) > kPortalRequestChars) {
    return core::InvalidArgument(
        fmt::format("The reply must be {} characters or fewer", kPortalRequestChars));
  }
  const std::string now = UtcPlus(s, 0);
  // Unnamed staff: the person's page says "Your officer's team" in their language.
  const std::string name = PublicName(by.user);
  storage::Transaction tx(s.cases);
  const int64_t id =
      s.portal.AddPortalMessage({0, crime, person, false, by.user.name, name, text, now});
  ContactRequest contact;
  contact.event_id = fmt::format("portal-reply:{}:{}", crime, id);
  contact.crime = crime;
  contact.person = person;
  contact.channel = "portal";
  contact.outcome = "portal_message";
  // An update (which counts whatever it covers), but it meets no event duty: what the reply
  // says is the officer's words, not a decision told.
  contact.covers = {"periodic_update"};
  contact.summary = "Replied in the portal";
  contact.by = by.user.name;
  contact.at = s.Now();
  const auto recorded = RecordContact(s.cases, s.engine, s.library, contact);
  if (!recorded) return recorded.error();
  for (const auto& c : s.cases.CaseCallBacks(crime)) {
    if (c.person == person && c.kind == "message" && c.done_at.empty())
      s.cases.CompleteCallBacks(crime, c.id, "", by.user.name, now, "Replied in the portal");
  }
  // Told there is a reply, on their safe channel (or why not, in the audit).
  const std::string not_told = NoticeOfReply(s, crime, person, id);
  s.accounts.Audit({"", by.user.name, "portal_replied", crime, person,
                    not_told.empty() ? fmt::format("message {}; they were told", id)
                                     : fmt::format("message {}; not told: {}", id, not_told),
                    by.source});
  tx.Commit();
  return {};
}

namespace {

// A copy of the person's latest contract.agreed (or a new one), changed by `change`, recorded
// through the import like any other event so that the duties are worked out again, and audited.
core::Status RecordContract(Services& s, const storage::PortalAccount& account,
                            const std::function<void(nlohmann::json&)>& change,
                            const std::string& action, const std::string& detail,
                            const std::string& source) {
  if (!s.cases.FindCase(account.crime)) return core::NotFound("This case is no longer held.");
  nlohmann::json e =
      LatestContract(s, account.crime, account.person)
          .value_or(nlohmann::json{{"type", "contract.agreed"}, {"person", account.person}});
  const std::string now = UtcPlus(s, 0);
  e["id"] = "portal:" + auth::NewToken().substr(3, 32);
  e["crime"] = account.crime;
  e["at"] = now;
  e["by"] = "portal";
  change(e);
  ImportOptions options;
  options.source = "portal";
  options.now = now;
  const auto report = ImportJsonLines(s.cases, s.engine, s.library, e.dump(), options);
  if (!report.written) {
    throw storage::StorageError(
        fmt::format("portal: the contract could not be recorded: {}",
                    report.errors.empty() ? "" : report.errors.front().message));
  }
  AuditPortal(s, action, account.crime, account.person, detail, source);
  return {};
}

}  // namespace

core::Status SetUpdatesWanted(Services& s, const storage::PortalAccount& account, bool wanted,
                              const std::string& source) {
  return RecordContract(
      s, account, [&](nlohmann::json& e) { e["wants_updates"] = wanted; },
      wanted ? "portal_updates_wanted" : "portal_updates_stopped", "", source);
}

std::vector<std::pair<std::string, std::string>> ContactChoiceProblems(
    const PortalContactChoice& c, const std::set<std::string>& recorded_unsafe,
    std::string_view lang) {
  std::vector<std::pair<std::string, std::string>> problems;
  static const std::set<std::string> kChannels = {"phone", "sms", "email", "letter", "portal"};
  if (!kChannels.count(c.channel)) {
    problems.emplace_back("channel", PortalWords(lang, "updates.choose_channel"));
  } else if (c.unsafe.count(c.channel)) {
    problems.emplace_back("channel", PortalWords(lang, "updates.channel_unsafe"));
  } else if (recorded_unsafe.count(c.channel)) {
    problems.emplace_back("channel", PortalWords(lang, "updates.channel_recorded_unsafe"));
  }
  if (c.frequency_days != 7 && c.frequency_days != 14 && c.frequency_days != 28)
    problems.emplace_back("frequency", PortalWords(lang, "updates.choose_often"));
  if (core::CharacterCount(c.times) > kPortalTimesChars) {
    problems.emplace_back("times", PortalSay(lang, "updates.times_too_long",
                                             {{"limit", std::to_string(kPortalTimesChars)}}));
  }
  for (const auto& u : c.unsafe) {
    if (u != "phone" && u != "sms" && u != "email" && u != "letter") {
      problems.emplace_back("unsafe", PortalWords(lang, "updates.choose_listed"));
      break;
    }
  }
  return problems;
}

core::Result<std::vector<std::string>> SetContactChoice(Services& s,
                                                        const storage::PortalAccount& account,
                                                        const PortalContactChoice& choice,
                                                        const std::string& source) {
  const auto latest = LatestContract(s, account.crime, account.person);
  std::set<std::string> recorded;
  nlohmann::json safe = nlohmann::json::object();
  if (latest) {
    if (const auto it = latest->find("safe_to_contact"); it != latest->end() && it->is_object()) {
      safe = *it;
      for (const auto& [way, ok] : it->items()) {
        if (ok.is_boolean() && !ok.get<bool>()) recorded.insert(way);
      }
    }
  }
  const auto problems = ContactChoiceProblems(choice, recorded);
  if (!problems.empty()) return core::InvalidArgument(problems.front().second);
  std::vector<std::string> asked_again;
  for (const char* way : {"phone", "sms", "email", "letter"}) {
    if (choice.unsafe.count(way)) {
      safe[way] = false;
    } else if (recorded.count(way)) {
      asked_again.emplace_back(way);  // stays not safe until an officer checks
    } else {
      safe[way] = true;
    }
  }
  storage::Transaction tx(s.cases);
  auto done = RecordContract(
      s, account,
      [&](nlohmann::json& e) {
        e["channel"] = choice.channel;
        e["frequency_days"] = choice.frequency_days;
        e["times"] = choice.times;
        e["safe_to_contact"] = safe;
        if (!e.contains("wants_updates")) e["wants_updates"] = true;
      },
      "portal_contact_changed",
      fmt::format("{}, every {} days{}", choice.channel, choice.frequency_days,
                  choice.unsafe.empty() ? "" : ", some ways marked not safe"),
      source);
  if (!done) return done.error();
  if (!asked_again.empty()) {
    const auto row = s.cases.FindCase(account.crime);
    if (!row) return core::NotFound("This case is no longer held.");
    std::string ways;
    for (const auto& w : asked_again) ways += (ways.empty() ? "" : ", ") + w;
    RaisePortalCallBack(
        s, account, "call_back",
        fmt::format("Asked on the portal to be contacted again by {}, which the contact "
                    "agreement says is not safe: check with them that it is safe before "
                    "changing it",
                    ways),
        WhoCallsBack(s, *row).officer);
    AuditPortal(s, "portal_asked_safe_again", account.crime, account.person, ways, source);
  }
  tx.Commit();
  return asked_again;
}

}  // namespace cf::app
