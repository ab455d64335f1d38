#pragma once
// The referral feed to Victim Support. A person is due a referral when their refer_support
// obligation is open or overdue: the rule set in force already decides whether one is owed
// (consent for sexual offences, domestic abuse and bereaved relatives; the 2006 vehicle
// crime exclusion). Anyone who has opted out since their last consent is left out, even
// after the deadline. Each referral carries only what Victim Support needs to make contact
// (who, how to reach them safely, language and needs, the crime type and reference, the
// officer), never a suspect. Sending records a referral.sent event (which meets the duty)
// and a key per person and trigger, in one transaction, so the feed never sends anyone twice.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"
#include "rules/engine.hpp"
#include "rules/rule_set_loader.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

// The organisation id of Victim Support, the Code's referral; events name others in `to`.
inline constexpr std::string_view kVictimSupport = "victim_support";

struct Referral {
  std::string key;  // crime|person|trigger event, or crime|person|to:ORGANISATION
  std::string organisation{kVictimSupport};
  std::string crime;
  std::string crime_type;
  std::string recorded_on;
  std::string person;
  std::string role;
  std::string title, given_name, family_name;
  std::string phone;  // only channels the contact agreement does not mark unsafe
  std::string email;
  std::string address;
  std::string postcode;
  std::string language;
  std::string interpreter_language;
  std::string preferred_contact;
  bool enhanced = false;   // entitled to enhanced services under the Code
  bool consented = false;  // explicit consent was given
  std::string due;         // the refer_support deadline
  std::string officer;
  std::string officer_phone;
};

// Referrals to Victim Support due now and not yet sent, earliest deadline first.
std::vector<Referral> DueReferrals(storage::CaseStore& store, storage::AccountStore& accounts,
                                   size_t limit);

// Referrals to another organisation the force lists (`organisation`, as events name it in
// `to`): one per person on a case who consented to it (referral.consented with that `to`) and
// has not opted out since, not yet sent; in the order the cases were first consented on. No
// Code duty stands behind them (no deadline: `due` is empty), and consent to one organisation
// is never taken as consent to another. None while the organisation is withdrawn or not
// listed. The same details as a Victim Support referral.
std::vector<Referral> DueOrganisationReferrals(storage::CaseStore& store,
                                               storage::AccountStore& accounts,
                                               const std::string& organisation, size_t limit);

std::string ReferralsCsv(const std::vector<Referral>& referrals);
std::string ReferralsJson(const std::vector<Referral>& referrals);

// Records the referrals as sent by `sent_by` ("file:PATH", "http:URL") at `now` with `status`
// ("sent" for a file drop, "received" when Victim Support's endpoint acknowledged them): the
// key and a referral.sent event each, in one transaction. Returns how many were new.
size_t RecordReferralsSent(storage::CaseStore& store, const rules::ObligationEngine& engine,
                           const rules::RuleLibrary& library,
                           const std::vector<Referral>& referrals, const std::string& sent_by,
                           domain::ReferralStatus status, core::Instant now);

// The feed to `organisation` (kVictimSupport, or another the force lists), on demand (CLI) or
// on a schedule (worker). A file drop writes FOLDER/referrals-<time>.<csv|json>
// (referrals-<organisation>-<time>.<format> for another organisation) whole (as a hidden .partial,
// renamed once the referrals are recorded); an HTTP push POSTs the JSON with the bearer token and
// an Idempotency-Key made from the referral keys, and records nothing unless the endpoint answers
// 2xx. Each run is audited as `actor`. Where the feed goes: a folder (file drop) or a URL (HTTP
// push).
struct ReferralFeed {
  std::string folder;  // file drop: referrals-<time>.<format> appear here
  std::string format = "csv";
  std::string push_url;  // HTTP push (JSON)
  std::string token;     // bearer token for push_url, from CF_REFERRAL_TOKEN
  bool enabled() const { return !folder.empty() || !push_url.empty(); }
};

struct FeedRun {
  size_t sent = 0;
  std::string where;  // the file written or the URL
};
core::Result<FeedRun> ExportReferrals(storage::CaseStore& store, storage::AccountStore& accounts,
                                      const rules::ObligationEngine& engine,
                                      const rules::RuleLibrary& library,
                                      const std::string& organisation, const std::string& folder,
                                      const std::string& format, const std::string& actor,
                                      core::Instant now);
core::Result<FeedRun> PushReferrals(storage::CaseStore& store, storage::AccountStore& accounts,
                                    const rules::ObligationEngine& engine,
                                    const rules::RuleLibrary& library,
                                    const std::string& organisation, const std::string& url,
                                    const std::string& token, const std::string& actor,
                                    core::Instant now);

// The feed to `organisation` where `feed` says: a file drop or an HTTP push.
core::Result<FeedRun> RunReferralFeed(storage::CaseStore& store, storage::AccountStore& accounts,
                                      const rules::ObligationEngine& engine,
                                      const rules::RuleLibrary& library,
                                      const std::string& organisation, const ReferralFeed& feed,
                                      const std::string& actor, core::Instant now);

// Sending again referrals already sent (Victim Support lost a file, or its system was down):
// the same keys, so Victim Support can recognise repeats, with today's details; nothing new
// is recorded (the duty was met when first sent). People who opted out since are left out,
// as are referrals the case no longer owes; `left_out` says which and why.
std::vector<Referral> ReferralsToResend(storage::CaseStore& store, storage::AccountStore& accounts,
                                        const std::vector<storage::ReferralRow>& sent,
                                        std::vector<std::string>& left_out);
// Writes them (all to one organisation, the CLI's --organisation) as
// FOLDER/referrals-resent-<time>.<format> (referrals-<organisation>-resent-<time>.<format> for
// another organisation), or POSTs them to the push URL.
core::Result<FeedRun> ResendReferrals(storage::AccountStore& accounts,
                                      const std::vector<Referral>& referrals,
                                      const ReferralFeed& to, const std::string& actor,
                                      core::Instant now);

// Victim Support's word on referrals it has: accepted, declined, contacted (they reached the
// person) or closed, with when and an optional note. From a CSV file (header
// referral_key,status,at,note) or JSON (an array of such objects), or the API.
// The statuses Victim Support reports (every ReferralStatus but sent, which is ours), listed
// for messages: "received, accepted, declined, contacted, closed".
std::string ReportedReferralStatuses();
struct ReferralUpdate {
  std::string key;
  domain::ReferralStatus status = domain::ReferralStatus::kReceived;
  std::string at;  // RFC 3339
  std::string note;
};
struct ReferralUpdateProblem {
  size_t line = 0;  // CSV line, or JSON array index + 1
  std::string field;
  std::string message;
};
struct ReferralUpdates {
  std::vector<ReferralUpdate> updates;
  std::vector<ReferralUpdateProblem> problems;
};
ReferralUpdates ParseReferralUpdatesCsv(std::string_view text);
ReferralUpdates ParseReferralUpdatesJson(std::string_view text);

// Checks every update against the store (unknown referral keys are problems) and, only if
// all are good, applies them in one transaction. An update older than the status already
// held, or repeating it, changes nothing (so a file can be applied twice). A status dated
// after `now` (beyond a few minutes' clock difference) is a problem. Returns how many changed, or
// the problems (nothing applied). Audited as `actor`.
// `organisation` "" accepts any referral's key; one organisation's (Victim Support's system)
// treats another's key as unknown.
core::Result<size_t> ApplyReferralUpdates(storage::CaseStore& store,
                                          storage::AccountStore& accounts,
                                          const std::vector<ReferralUpdate>& updates,
                                          const std::string& actor, core::Instant now,
                                          const std::string& organisation,
                                          std::vector<ReferralUpdateProblem>& problems);

// Whose referrals `user` sees and reports on: Victim Support's for its system (the partner
// role), every organisation's ("") for admins.
std::string ReferralsOrganisationOf(const storage::User& user);

// The referrals sent, with what Victim Support last reported (`status`: only those in it), newest
// first, at most `limit`, for the roles that report referral statuses (MayUpdateReferrals:
// kPermissionDenied). Audited as viewed_referrals.
core::Result<std::vector<storage::ReferralRow>> ListReferralsAs(
    Services& s, const Actor& actor, std::optional<domain::ReferralStatus> status, size_t limit);

}  // namespace cf::app
