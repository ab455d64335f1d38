#pragma once
// The victim and witness portal's way in (issue 15): by invitation only, one account per
// person per case, and its own sessions, never the staff app's.
//
// - An invitation is a one-time link (a random token, stored only as a hash) for one person of
//   one case, open for kPortalInvitationDays. A new invitation ends the person's earlier open
//   ones; using one ends it.
// - Accepting sets the person's password (Argon2id, at least kMinPasswordLength characters)
//   and signs them in. A revoked account is given back by a new invitation.
// - Signing in takes the crime reference and the password, and refuses in one message, at one
//   cost, whether the reference is unknown, the password wrong or the account locked or
//   revoked: every attempt checks kPortalPasswordChecks Argon2id hashes (the crime's accounts',
//   then dummies), so its time does not say how many people of a crime are enrolled (up to
//   that many). A wrong password counts against every account of the crime, and
//   kPortalMaxFailures of them lock every account of the crime for kPortalLockMinutes, doubled
//   for each lock that follows (up to a day); a success starts only its own account's count
//   again, so that one person of a case cannot keep guessing another's password.
// - A session lasts at most kPortalSessionHours and ends after kPortalIdleMinutes unused.
// Every invitation, acceptance, revocation, sign-in, refusal and sign-out is audited (user
// "portal" for the person's own acts, with the crime and person).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/letters.hpp"
#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"
#include "storage/portal_store.hpp"

namespace cf::app {

inline constexpr int kPortalInvitationDays = 7;
inline constexpr int kPortalMaxFailures = 5;
inline constexpr int kPortalLockMinutes = 15;
inline constexpr int kPortalMaxLockMinutes = 24 * 60;
inline constexpr int kPortalIdleMinutes = 30;
inline constexpr int kPortalSessionHours = 12;
inline constexpr size_t kPortalPasswordChecks = 3;
// Every refused sign-in has one message: the words sign_in.refused (app/portal_words.hpp).

// Who may be invited: the case's victims, witnesses and those who speak for them (bereaved
// relatives, parents or guardians, a family's spokesperson), not a business contact.
bool MayUsePortal(domain::Role role);

struct PortalInvitationLink {
  std::string token;  // the link's secret: shown once, stored only as a hash
  std::string expires_at;
  std::string url;  // the link (base_url's, else the force's portal_url setting's)
  // How the outbox sends it: "email", "sms" or "letter"; "" when it does not, and then
  // `not_sent` says why, for whoever invited to hand the link over in person.
  std::string channel;
  int64_t outbox_id = 0;
  std::string not_sent;
};
// Invites one person: a new one-time link (ending their earlier ones), and a message carrying
// it (the portal_invitation template, in Welsh when that is their recorded language) queued
// through the outbox and its safety gate, in the same transaction. The channel: the one their
// contact agreement names, if it is safe and we hold its address; else the first of email,
// text message and letter that is. The gate's domestic-abuse and intimidation hold is not
// lifted: such an invitation is not sent, for the officer to hand it over. The message is not
// an update (it meets no duty). Errors: kPermissionDenied (the actor may not record contacts
// on the case), kNotFound (no such case or person), kConflict (the person's role may not use
// the portal); a failed queue (kInvalidArgument from the outbox) stores nothing.
core::Result<PortalInvitationLink> InviteToPortal(Services& s, const Actor& by,
                                                  const std::string& crime,
                                                  const std::string& person,
                                                  const std::string& base_url = "");

// The invitation `token` opens, if it may still be used.
std::optional<storage::PortalInvitation> OpenInvitation(Services& s, std::string_view token);

// Accepting an invitation: the person's password, then a session (its token). Errors:
// kNotFound (the link is unknown, used, replaced or expired: one message), kInvalidArgument
// (the password is too short or the two differ; `password_hash` is PreparePassword's).
core::Result<std::string> AcceptInvitation(Services& s, std::string_view token,
                                           const std::string& password_hash, size_t password_length,
                                           bool passwords_match, const std::string& source);

// Signing in, in three steps so that the Argon2id checks can run off the serving thread:
// BeginPortalSignIn reads the store, CheckPortalPassword touches nothing shared, and
// FinishPortalSignIn writes the outcome (a session's token, or kUnauthenticated).
struct PortalSignInAttempt {
  std::string crime;
  std::vector<storage::PortalAccount> accounts;  // usable now: not revoked, not locked
  bool locked = false;                           // the crime's accounts are locked
};
PortalSignInAttempt BeginPortalSignIn(Services& s, const std::string& crime);
// The index in `attempt.accounts` of the account whose password this is, if any;
// kPortalPasswordShared when it is more than one's (refused: neither signs in as the other).
inline constexpr size_t kPortalPasswordShared = SIZE_MAX;
std::optional<size_t> CheckPortalPassword(const PortalSignInAttempt& attempt,
                                          const std::string& password);
core::Result<std::string> FinishPortalSignIn(Services& s, const PortalSignInAttempt& attempt,
                                             std::optional<size_t> match,
                                             const std::string& source);
// All three steps on this thread.
core::Result<std::string> PortalSignIn(Services& s, const std::string& crime,
                                       const std::string& password, const std::string& source);

// The live session whose cookie holds `token`, marked as used now.
std::optional<storage::PortalStore::Session> PortalSessionFor(Services& s, std::string_view token);

// Ends the session, or with `everywhere` every session of its account.
void PortalSignOut(Services& s, std::string_view token, bool everywhere, const std::string& source);

// Deletes what can no longer be used: sessions idle or past their end, invitations ended or
// expired more than kPortalSpentDays ago (kept that long to answer "my link did not work"; the
// audit log keeps every invitation, acceptance and sign-in), and failed sign-ins that have aged
// out of the address throttle's window. Returns the rows deleted.
inline constexpr int kPortalSpentDays = 30;
size_t TidyPortal(Services& s);

// Ends the person's access: the account and its sessions, and any open invitation. Errors:
// kPermissionDenied, kNotFound (no such case, or nothing to revoke).
core::Status RevokePortalAccess(Services& s, const Actor& by, const std::string& crime,
                                const std::string& person);

// What a signed-in person sees of their case: an allow-list, built field by field from the
// log, the case row, the officer's profile and the messages sent to them. Never a suspect's
// identity, another person's details, a note or a summary staff wrote.
// How, how often and when a person wants to hear from us, and which ways are not safe (their
// contact agreement's terms, as the portal changes them: SetContactChoice).
inline constexpr size_t kPortalTimesChars = 100;
struct PortalContactChoice {
  std::string channel;           // phone, sms, email, letter or portal
  int frequency_days = 0;        // 7, 14 or 28
  std::string times;             // when suits them (may be empty)
  std::set<std::string> unsafe;  // of phone, sms, email, letter
};
struct PortalMilestone {
  core::Date date;
  std::string text;  // plain words, for the person
};
// Its words (milestones, crime type, responder, shifts) are in `lang`: "en" or "cy".
struct PortalStatus {
  std::string lang = "en";
  std::string crime;
  std::string crime_type;
  core::Date recorded_on;
  std::string now;  // the latest milestone's words: where the case is
  bool closed = false;
  bool witness = false;  // a witness's rights are the Witness Charter's, not the Victims' Code's
  std::vector<PortalMilestone> milestones;  // oldest first
  std::string officer_name;                 // "PC 1003 Sarah Ahmed", or "" when unknown
  std::string officer_phone;
  std::string officer_email;
  std::string responder;  // who answers a request today: "PC 1005 Tom Jones" or "your officer"
  std::vector<std::string>
      officer_shifts;  // their next three: "Monday 8 December 2026, 07:00 to 17:00"
  std::optional<core::Date> officer_away_until;  // on leave today, until then (responder covers)
  bool wants_updates = true;    // their latest contract's (true when none is agreed)
  PortalContactChoice contact;  // their latest contract's (channel "" when none is agreed)
  std::optional<core::Date> next_update;  // the person's next update is due by (today or later)
  bool update_late = false;               // an update they were owed has not been given
  bool may_ask_review = false;  // a victim, and the latest no-charge decision allows a review
  struct Message {
    std::string sent_at;  // RFC 3339
    std::string channel;  // email, sms, letter
    std::string subject;
    int64_t id = 0;  // in the outbox: a letter's PDF is PortalLetter's
  };
  std::vector<Message> messages;  // delivered to this person, newest first
  // The thread with their officer (the newest kPortalThreadShown, oldest first): the person's
  // words and staff replies, each with who the person sees wrote it ("" for their own).
  std::vector<storage::PortalMessage> thread;
};
inline constexpr size_t kPortalThreadShown = 50;
// Errors: kNotFound when the case is no longer stored.
// `lang`: "en" or "cy"; or "" for the person's recorded language, else `fallback`'s.
core::Result<PortalStatus> PortalStatusOf(Services& s, const storage::PortalAccount& account,
                                          std::string_view lang = "en",
                                          std::string_view fallback = "en");
// The person's recorded language as the portal speaks it: "cy" when Welsh, "en" for any other,
// "" when none is recorded.
std::string PortalRecordedLanguage(Services& s, const std::string& crime,
                                   const std::string& person);
// The same page as staff see it ("portal view"): the actor must see the case (CaseFor), and
// the view is audited as portal_view. Errors: kPermissionDenied, kNotFound (no such case or
// person).
core::Result<PortalStatus> PortalViewAs(Services& s, const Actor& by, const std::string& crime,
                                        const std::string& person, std::string_view lang = "en");

// What a signed-in person may ask for: a call back, an update, or a written answer to a
// message. It becomes a call-back of that kind on the officer's queue (to their cover or a
// sergeant when they are away: WhoCallsBack), raised by "portal" with the person's words, due
// by the force's call_back_working_days (app::CallBackDue), and is audited. A message is also kept
// in the person's thread. `text`: what they want to know, up to kPortalRequestChars (may be
// empty, but not for a message). Errors: kInvalidArgument (empty or too long: its message is
// for the person, in `lang`), kNotFound (the case is no longer held).
// Also: a review of a decision not to charge (Victims' Right to Review: only a victim, and
// only where the decision allows it: PortalStatus::may_ask_review), and letters in large
// print, in easy read, or another language (which one, in `text`: required).
inline constexpr size_t kPortalRequestChars = 1000;
enum class PortalAsk { kCallBack, kUpdate, kMessage, kReview, kLargePrint, kEasyRead, kLanguage };
// The form's and the call-back's word for each ("call_back", "update", "message", "review",
// "large_print", "easy_read", "language"), and back.
std::string_view PortalAskKind(PortalAsk ask);
std::optional<PortalAsk> ParsePortalAsk(std::string_view kind);
// What the officer will do, in `lang`, for the page that thanks them: "call you back".
std::string PortalAskDoing(PortalAsk ask, std::string_view lang = "en");
struct PortalAskResult {
  int64_t call_back = 0;
  std::string who;  // who will get back to them: "PC 1005 Tom Jones", or "your officer"
};
core::Result<PortalAskResult> AskFromPortal(Services& s, const storage::PortalAccount& account,
                                            PortalAsk ask, const std::string& text,
                                            const std::string& source,
                                            std::string_view lang = "en");

// A reply from staff to the person's thread, from the case page: the actor must see the case
// and record contacts, and the person must use the portal (kConflict otherwise). The reply is
// recorded as a contact with them (channel portal, outcome portal_message: it informs them,
// as any update does) and ends their open "message" call-backs. Audited as portal_replied.
// Errors: kPermissionDenied, kNotFound (no such case or person), kConflict, kInvalidArgument
// (empty or longer than kPortalRequestChars).
core::Status ReplyInPortal(Services& s, const Actor& by, const std::string& crime,
                           const std::string& person, const std::string& text);

// The PDF of a letter sent to the signed-in person (`outbox_id`, one of PortalStatus::messages
// with channel letter), in large print when asked. Audited as portal_letter_downloaded.
// Errors: kNotFound for any other message (another person's, not a letter, not sent).
core::Result<std::string> PortalLetter(Services& s, const storage::PortalAccount& account,
                                       int64_t outbox_id, bool large_print,
                                       const std::string& source);

// A call-back the portal raises for the person (their request, or a check the officer must
// make), raised by "portal" now and given to `assigned_to` (WhoCallsBack's officer: "" for
// the officer in case). Returns its id.
int64_t RaisePortalCallBack(Services& s, const storage::PortalAccount& account,
                            const std::string& kind, const std::string& request,
                            const std::string& assigned_to);

// Opting out of updates, or back in: a contract.agreed event in the person's name, a copy of
// their latest contract (channel, how often, when, safe channels) with wants_updates changed,
// recorded through the import like any other event, so that the duties are worked out again.
// Audited. Errors: kNotFound (the case is no longer held).
core::Status SetUpdatesWanted(Services& s, const storage::PortalAccount& account, bool wanted,
                              const std::string& source);

// How to reach a person with a portal message (`prepared`, PrepareLetter's): the channel their
// contact agreement names when it is safe and we hold its address, else the first of email,
// text message and letter that is; "" when none is.
std::string PortalChannelFor(const PreparedLetter& prepared);

// What the person is told of one event of their case (its stored JSON), in the portal's plain
// words in `lang`: "" for an event they are not told of, or a body that does not parse.
std::string PortalNewsOf(const std::string& event_body, bool witness, std::string_view lang = "en");

// The portal's address as people reach it: the force's portal_url setting, without a
// trailing "/".
std::string PortalBaseUrl(Services& s);

// How, how often and when the person wants to hear from us, and which ways are not safe (a
// shared phone, a letter an abuser may open): a contract.agreed in their name, a copy of their
// latest contract with these changed (as SetUpdatesWanted records it). Audited as
// portal_contact_changed.
// The portal only adds ways that are not safe: a way the contract already marks not safe
// (perhaps by an officer, because an abuser reads the post) stays so, whoever is signed in,
// and cannot be the chosen way; asking to use it again raises a call-back for the officer to
// check with them. The contract's other ways (a visit) are kept as they were.
// ContactChoiceProblems: each field that is wrong, with what to say in `lang` (field names:
// channel, frequency, times, unsafe), given the ways `recorded_unsafe` already. SetContactChoice
// returns the ways they asked to use again. Errors: kInvalidArgument (the first problem), kNotFound
// (the case is no longer held).
std::vector<std::pair<std::string, std::string>> ContactChoiceProblems(
    const PortalContactChoice& choice, const std::set<std::string>& recorded_unsafe = {},
    std::string_view lang = "en");
core::Result<std::vector<std::string>> SetContactChoice(Services& s,
                                                        const storage::PortalAccount& account,
                                                        const PortalContactChoice& choice,
                                                        const std::string& source);

// The link an invitation's token opens: `base_url` (the force's portal_url setting when empty),
// then the token's path.
std::string InvitationLink(Services& s, const std::string& token, const std::string& base_url = "");

}  // namespace cf::app
