#pragma once
// Sending standard messages to victims and witnesses, and proving it.
//
// QueueMessage fills a template for one person and writes it to the outbox; the safety gate
// comes first: nothing goes on a channel the person's contact agreement marks unsafe (the
// suppression is stored with its reason), and a message on a case flagged domestic abuse, or
// to a person flagged intimidated, waits for an officer's confirmation. DispatchOutbox sends
// what is due: email over SMTP, or email and text messages through GOV.UK Notify when it is
// configured (then RefreshOutbox asks Notify whether they were delivered); letters wait for a
// print run (PrintRun), which marks them posted. A failure is retried with backoff (1, 2, 4...
// minutes, at most 6 attempts), then marked failed, which the officer's queue shows. Delivery is at
// least once: a message found "sending" after a crash is sent again with the same idempotency key
// (the email's Message-ID), so a provider can drop the repeat.
//
// Whether only delivered messages count as informing the person is the store setting
// "contacts_count" ("delivered", the default, or "sent"): the contact.made event is recorded
// in the same transaction as the delivery (or as the outbox row).

#include <functional>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "notify/letter_pdf.hpp"
#include "notify/notify_api.hpp"
#include "notify/smtp.hpp"
#include "rules/engine.hpp"
#include "rules/rule_set_loader.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct SendRequest {
  std::string crime;
  std::string person;
  std::string template_id;
  std::string channel;          // email, sms, letter
  std::string lang = "en";      // en, cy, easy, or "": as the person's needs say
  std::string update;           // periodic_update text
  std::string by;               // staff id
  bool confirmed = false;       // an officer confirmed a message the gate holds for confirmation
  std::string idempotency_key;  // empty: made from the request; the same key is never queued twice
  core::Instant now = 0;
  std::string link{};  // portal_invitation: the one-time link, and its last day
  std::string link_expires{};
  std::string news{};            // portal_alert: what happened, in the portal's words
  core::Instant not_before = 0;  // not sent before (quiet hours); 0: at once
  std::optional<notify::LetterFormat> format{};  // letters: none: as the person's needs say
  std::string trigger_event{};  // the event that started the duty the message meets, if any
};

struct SendResult {
  enum Kind { kQueued, kSuppressed, kNeedsConfirmation } kind = kQueued;
  int64_t outbox_id = 0;  // the queued or suppressed message
  std::string reason;     // why suppressed or held
};

// Errors: unknown case, person, template or channel; no address for the channel.
core::Result<SendResult> QueueMessage(storage::CaseStore& store, storage::AccountStore& accounts,
                                      const rules::ObligationEngine& engine,
                                      const rules::RuleLibrary& library,
                                      const SendRequest& request);

struct DispatchOptions {
  notify::SmtpServer smtp;
  notify::NotifyConfig notify;  // when enabled, email and text messages go through Notify
  std::string from = "no-reply@police.example";
  size_t max = 1000;  // messages per run
  // Who claims the messages (storage::OutboxRepository::ClaimOutbox): one name per worker
  // process; several may dispatch from one database at once. A claim lasts `lease_seconds`:
  // a message its worker has not finished by then (it died) is claimed again by another.
  std::string worker = "dispatch";
  int lease_seconds = 300;
  size_t batch = 20;  // messages claimed at a time, each batch well inside its lease
};

struct DispatchReport {
  size_t sent = 0;
  size_t retrying = 0;
  size_t failed = 0;
  size_t recovered = 0;  // found "sending" past its lease (its worker died) and sent again
};

// Sends what is due at `now()`. `now` is called per message (time passes as it works).
DispatchReport DispatchOutbox(storage::CaseStore& store, const rules::ObligationEngine& engine,
                              const rules::RuleLibrary& library, const DispatchOptions& options,
                              const std::function<core::Instant()>& now);

// Asks Notify how the messages it accepted ("sending") got on: delivered ones are recorded as
// contacts (in the same transaction), failed ones marked failed.
struct RefreshReport {
  size_t delivered = 0;
  size_t failed = 0;
  size_t pending = 0;
};
RefreshReport RefreshOutbox(storage::CaseStore& store, const rules::ObligationEngine& engine,
                            const rules::RuleLibrary& library, const notify::NotifyConfig& notify,
                            core::Instant now);

// The PDF of one letter in the outbox, as it was printed (or will be). Errors: kNotFound when
// `message` is not a letter.
core::Result<std::string> LetterPdfOf(const storage::OutboxMessage& message, bool large_print);

// Every queued letter into one PDF for the post room, each then marked delivered (posted).
// Returns how many. Errors: the PDF cannot be written (nothing is marked).
core::Result<size_t> PrintRun(storage::CaseStore& store, const rules::ObligationEngine& engine,
                              const rules::RuleLibrary& library, const std::string& pdf_path,
                              bool large_print, core::Instant now);

}  // namespace cf::app
