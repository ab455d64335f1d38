#pragma once
// Telling people enrolled on the portal of key events without their asking (issue 15).
//
// SendPortalAlerts follows the event log from where its last run stopped (the store setting
// portal_alerts_after; a first run starts at the log's end, so that history is not alerted).
// For each key event (kAlertEvents) it finds every person of the case who uses the portal and
// to whom the event gave a duty not yet met, and queues the portal_alert message to them through
// the outbox on their safe channel (app::PortalChannelFor) with a one-time link of its own.
// - Never an unsafe channel; the outbox's safety gate is kept: on a case flagged domestic abuse,
//   or to a person flagged intimidated, the alert is held (recorded with its reason; the duty
//   stays on the officer's queue).
// - Quiet hours (force setting quiet_hours, "21:00-08:00" unless set, or "none"): an email or
//   text message waits until they end, unless the event is a release of the suspect and the
//   force setting alerts_that_may_not_wait is "safety" (the default).
// - Opening the alert's link, signed in (OpenPortalAlert), records a contact on the portal
//   that covers the alert's duties: an alert delivered and opened meets them. Bail's are kept
//   for the officer (the conditions that protect the person are not in the alert).
// - An enhanced victim's alert (not a witness's, not a letter's) delivered and not opened by
//   the end of the next working day becomes a call-back, while its duty is still owed and the
//   case open: the officer (or their cover) phones instead.
// Each event is handled in one transaction with the moved position, so a run that stops
// half-way loses nothing and sends nothing twice.

#include <array>
#include <string>
#include <string_view>

#include "app/services.hpp"
#include "core/result.hpp"
#include "storage/portal_store.hpp"

namespace cf::app {

// The events a person is alerted of: arrest, bail and its change, release under investigation,
// charge, an out-of-court disposal, a court date, no further action and no charge, and closure.
inline constexpr std::array<std::string_view, 10> kAlertEvents = {
    "suspect.arrested",     "suspect.bailed",
    "suspect.bail_changed", "suspect.released_under_investigation",
    "suspect.charged",      "suspect.out_of_court_disposal",
    "court.hearing_set",    "suspect.released_nfa",
    "decision.no_charge",   "case.closed"};
inline constexpr size_t kAlertEventsPerRun = 5000;

struct AlertRun {
  size_t events = 0;  // key events looked at
  size_t sent = 0;    // alerts queued
  size_t held = 0;    // alerts not sent (the safety gate, or no safe channel)
  size_t tasks = 0;   // unopened alerts given to the officer to phone
};
AlertRun SendPortalAlerts(Services& s);

// Tells the person that staff replied in their thread (message `message_id`): the portal_alert
// message saying so in their language, on their safe channel, after quiet hours, through the
// outbox and its safety gate, with the link to sign in. It is not an update (the reply was) and
// records no contact. Returns "" when queued, else why it was not (the portal's address,
// setting portal_url, is not set; no safe channel; the gate's hold). In the caller's
// transaction.
std::string NoticeOfReply(Services& s, const std::string& crime, const std::string& person,
                          int64_t message_id);

// The signed-in `account` opened an alert's link (`token`). True when it was theirs and not
// opened before: the contact is recorded and audited (portal_alert_opened). False for a token
// that is unknown, another person's or opened already (nothing is said of which).
core::Result<bool> OpenPortalAlert(Services& s, const storage::PortalAccount& account,
                                   std::string_view token, const std::string& source);

}  // namespace cf::app
