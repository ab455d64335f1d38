#include "app/outbox.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>

#include "app/force_settings.hpp"
#include "app/import.hpp"
#include "app/letters.hpp"
#include "core/hash.hpp"
#include "events/jsonl_writer.hpp"
#include "notify/email.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

constexpr int kMaxAttempts = 6;

std::string Rfc3339(core::Instant t) { return events::FormatInstant(t / 1000 * 1000); }

json LetterJson(const notify::Letter& l) {
  return {{"lang", l.lang},
          {"format", notify::FormatName(l.format)},
          {"force_phone", l.force_phone},
          {"away_name", l.away_name},
          {"away_phone", l.away_phone},
          {"recipient", l.recipient},
          {"sender", l.sender},
          {"date", l.date},
          {"reference", l.reference},
          {"salutation", l.salutation},
          {"subject", l.subject},
          {"paragraphs", l.paragraphs},
          {"officer_name", l.officer_name},
          {"officer_phone", l.officer_phone},
          {"officer_email", l.officer_email},
          {"next_shifts", l.next_shifts}};
}

notify::Letter LetterFrom(const json& j) {
  notify::Letter l;
  l.lang = j.value("lang", "en");
  l.format =
      notify::ParseFormat(j.value("format", "standard")).value_or(notify::LetterFormat::kStandard);
  l.force_phone = j.value("force_phone", "");
  l.away_name = j.value("away_name", "");
  l.away_phone = j.value("away_phone", "");
  l.recipient = j.value("recipient", std::vector<std::string>());
  l.sender = j.value("sender", std::vector<std::string>());
  l.date = j.value("date", "");
  l.reference = j.value("reference", "");
  l.salutation = j.value("salutation", "");
  l.subject = j.value("subject", "");
  l.paragraphs = j.value("paragraphs", std::vector<std::string>());
  l.officer_name = j.value("officer_name", "");
  l.officer_phone = j.value("officer_phone", "");
  l.officer_email = j.value("officer_email", "");
  l.next_shifts = j.value("next_shifts", std::vector<std::string>());
  return l;
}

// "Fri, 27 Nov 2026 16:00:00 +0000"
std::string MailDate(core::Instant t) {
  const core::Date d = core::Date::FromDays(static_cast<int32_t>(t / 86400000));
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t s = (t / 1000) % 86400;
  return fmt::format("{}, {} {} {} {:02}:{:02}:{:02} +0000", d.WeekdayName(), d.day(),
                     kMonths[d.month() - 1], d.year(), s / 3600, s / 60 % 60, s % 60);
}

// The contact.made that records a message as informing the person (idempotent by its id).
void RecordContact(storage::CaseStore& store, const rules::ObligationEngine& engine,
                   const rules::RuleLibrary& library, const storage::OutboxMessage& m,
                   core::Instant at) {
  // An invitation is not news about the case; an alert meets its duty when it is opened; a
  // digest is for staff.
  if (notify::IsPortalMessage(m.template_id) || notify::IsStaffMessage(m.template_id)) return;
  const json e = {{"id", "outbox:" + m.idempotency_key},
                  {"type", "contact.made"},
                  {"crime", m.crime},
                  {"at", Rfc3339(at)},
                  {"person", m.person},
                  {"channel", m.channel},
                  {"outcome", m.channel == "letter" ? "letter_sent"
                              : m.channel == "sms"  ? "sms_sent"
                                                    : "email_sent"},
                  {"summary", fmt::format("{} ({})", notify::Plain(m.subject), m.template_id)},
                  {"by", m.created_by}};
  std::string lines = e.dump();
  // The leaflet's letter gives the person the leaflet's information.
  // Given in writing: by letter or email, not in a text message's two lines.
  if (m.template_id == "information_leaflet" && (m.channel == "letter" || m.channel == "email")) {
    bool witness = false;
    for (const auto& p : store.CasePeople(m.crime))
      witness = witness || (p.person == m.person && p.role == domain::Role::kWitness);
    lines += "\n" + json{{"id", "outbox:" + m.idempotency_key + ":leaflet"},
                         {"type", "information.given"},
                         {"crime", m.crime},
                         {"at", Rfc3339(at)},
                         {"person", m.person},
                         {"item", witness ? "witness_leaflet" : "victims_of_crime_leaflet"},
                         {"by", m.created_by}}
                        .dump();
  }
  ImportOptions options;
  options.source = "outbox";
  options.now = Rfc3339(at);
  const auto report = ImportJsonLines(store, engine, library, lines, options);
  if (!report.written) {
    throw storage::StorageError(fmt::format("outbox {}: the contact could not be recorded: {}",
                                            m.id,
                                            report.errors.empty() ? "" : report.errors[0].message));
  }
}

// A queued letter to Notify as our own PDF, to print and post.
core::Result<notify::NotifyOutcome> NotifyLetter(const notify::NotifyConfig& config,
                                                 const storage::OutboxMessage& m,
                                                 core::Instant at) {
  const auto pdf = notify::LettersPdf({LetterFrom(json::parse(m.body_text))}, {});
  if (!pdf) return pdf.error();
  return notify::NotifySendLetter(config, *pdf, m.idempotency_key, at / 1000);
}

// A portal invitation's one-time link, taken out of the stored message once it has been sent
// (or has failed for good): the person has it, or is sent a new one, and the store keeps only
// its hash. The link's path is plain in text and escaped ("&#x2F;") in HTML and letters.
void ForgetPortalLink(storage::CaseStore& store, storage::OutboxMessage& m) {
  if (m.template_id != "portal_invitation") return;
  bool found = false;
  for (std::string* text : {&m.body_text, &m.body_html}) {
    for (const std::string_view marker : {"/invitation/", "&#x2F;invitation&#x2F;"}) {
      for (size_t at = text->find(marker); at != std::string::npos;
           at = text->find(marker, at + 1)) {
        const size_t from = at + marker.size();
        size_t to = from;
        while (to < text->size() && (std::isalnum(static_cast<unsigned char>((*text)[to])) ||
                                     (*text)[to] == '_' || (*text)[to] == '-'))
          ++to;
        if (to == from) continue;  // no token here (removed already)
        text->replace(from, to - from, "(removed once sent)");
        found = true;
      }
    }
  }
  if (found) store.ReplaceOutboxBody(m.id, m.body_text, m.body_html);
}

bool CountsWhenSent(storage::CaseStore& store) {
  return SettingValue(store, "contacts_count") == "sent";
}

}  // namespace

core::Result<SendResult> QueueMessage(storage::CaseStore& store, storage::AccountStore& accounts,
                                      const rules::ObligationEngine& engine,
                                      const rules::RuleLibrary& library, const SendRequest& r) {
  if (r.channel != "email" && r.channel != "sms" && r.channel != "letter") {
    return core::InvalidArgument(
        fmt::format("channel: \"{}\" is not email, sms or letter", r.channel));
  }
  if (notify::IsPortalMessage(r.template_id) && r.link.empty()) {
    return core::InvalidArgument(fmt::format(
        "template: {} is sent by the portal (it carries the person's own link)", r.template_id));
  }
  auto prepared = PrepareLetter(store, accounts,
                                {r.crime, r.person, r.template_id, r.lang, r.update, r.now, r.link,
                                 r.link_expires, r.news, r.format, r.trigger_event});
  if (!prepared) return prepared.error();
  storage::OutboxMessage m;
  m.idempotency_key =
      !r.idempotency_key.empty()
          ? r.idempotency_key
          : fmt::format("m{:016x}", core::Fnv1a64(fmt::format("{}|{}|{}|{}|{}|{}", r.crime,
                                                              r.person, r.template_id, r.channel,
                                                              prepared->template_lang, r.now)));
  m.crime = r.crime;
  m.person = r.person;
  m.channel = r.channel;
  m.template_id = r.template_id;
  m.lang = prepared->template_lang;
  m.subject = prepared->message.subject;
  m.created_by = r.by;
  m.created_at = Rfc3339(r.now);
  m.updated_at = m.created_at;
  m.next_attempt_at = r.not_before > r.now ? Rfc3339(r.not_before) : m.created_at;
  const auto& letter = prepared->letter;
  if (r.channel == "email") {
    m.recipient = prepared->email;
    std::vector<std::string> closing = {m.lang == "cy" ? "Yn gywir" : "Yours sincerely",
                                        letter.officer_name};
    if (!letter.officer_phone.empty()) closing.push_back(letter.officer_phone);
    if (!letter.officer_email.empty()) closing.push_back(letter.officer_email);
    std::vector<std::string> paragraphs = {notify::EscapeHtml(letter.salutation)};
    paragraphs.insert(paragraphs.end(), letter.paragraphs.begin(), letter.paragraphs.end());
    m.body_text = notify::EmailText(paragraphs, closing);
    m.body_html = notify::EmailHtml(letter.subject, paragraphs, closing);
  } else if (r.channel == "sms") {
    m.recipient = prepared->mobile;
    m.body_text = notify::Plain(prepared->message.sms);
  } else {
    for (size_t i = 1; i < letter.recipient.size(); ++i)
      m.recipient += (i > 1 ? ", " : "") + letter.recipient[i];
    m.body_text = LetterJson(letter).dump();
  }

  // The safety gate, before anything is stored.
  SendResult result;
  if (prepared->unsafe_channels.count(r.channel)) {
    m.status = domain::OutboxStatus::kSuppressed;
    m.last_error = fmt::format("the contact agreement says {} is not safe for {}",
                               r.channel == "email" ? "email"
                               : r.channel == "sms" ? "text messages"
                                                    : "post",
                               r.person);
    result = {SendResult::kSuppressed, store.AddOutbox(m), m.last_error};
    return result;
  }
  if ((prepared->domestic_abuse || prepared->intimidated) && !r.confirmed) {
    return SendResult{
        SendResult::kNeedsConfirmation, 0,
        prepared->domestic_abuse
            ? "the case is flagged domestic abuse: an officer must confirm each message"
            : fmt::format("{} is flagged intimidated: an officer must confirm each message",
                          r.person)};
  }
  if (m.recipient.empty()) {
    return core::InvalidArgument(fmt::format("{} has no {} on record", r.person,
                                             r.channel == "email" ? "email address"
                                             : r.channel == "sms" ? "mobile number"
                                                                  : "postal address"));
  }
  m.status = domain::OutboxStatus::kCreated;
  storage::Transaction tx(store);
  result.outbox_id = store.AddOutbox(m);
  if (CountsWhenSent(store)) RecordContact(store, engine, library, m, r.now);
  tx.Commit();
  return result;
}

core::Result<std::string> LetterPdfOf(const storage::OutboxMessage& message, bool large_print) {
  if (message.channel != "letter") return core::NotFound("not a letter");
  const json body = json::parse(message.body_text, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return core::NotFound("the letter is not readable");
  notify::PdfOptions options;
  options.large_print = large_print;
  return notify::LettersPdf({LetterFrom(body)}, options);
}

DispatchReport DispatchOutbox(storage::CaseStore& store, const rules::ObligationEngine& engine,
                              const rules::RuleLibrary& library, const DispatchOptions& options,
                              const std::function<core::Instant()>& now) {
  DispatchReport report;
  const bool counts_when_sent = CountsWhenSent(store);
  const std::string force = SettingValue(store, "force_name");
  // Claimed a batch at a time (each "sending", with this worker's lease), so that workers in
  // other processes take other messages. Each batch first takes those a dead worker left
  // "sending" before any provider took them, once their lease has ended (so that they wait no
  // longer than that, however long this run goes on): sent again, the provider sees the same
  // key. Those Notify accepted wait for RefreshOutbox. Letters wait for a print run unless
  // Notify posts them.
  std::vector<storage::OutboxMessage> claimed;
  size_t next = 0;
  size_t taken = 0;
  auto claim_more = [&] {
    claimed.clear();
    next = 0;
    const size_t n = std::min(options.batch, options.max - taken);
    if (n == 0) return;
    const core::Instant at = now();
    const std::string lease = Rfc3339(at + 1000LL * options.lease_seconds);
    claimed = store.ReclaimOutbox(options.worker, Rfc3339(at), lease, n);
    report.recovered += claimed.size();
    if (claimed.empty()) {
      claimed =
          store.ClaimOutbox(options.worker, Rfc3339(at), lease, n, options.notify.SendsLetters());
    }
    taken += claimed.size();
  };
  while (true) {
    if (next == claimed.size()) {
      claim_more();
      if (claimed.empty()) break;
    }
    auto m = std::move(claimed[next++]);
    const bool letter = m.channel == "letter";
    ++m.attempts;
    m.updated_at = Rfc3339(now());
    store.UpdateOutbox(m);
    const core::Instant at = now();
    core::Status sent;
    bool permanent = false;
    if (options.notify.enabled()) {
      const auto accepted =
          letter
              ? NotifyLetter(options.notify, m, at)
              : notify::NotifySend(options.notify, m.channel, m.recipient,
                                   {{"subject", notify::Plain(m.subject)}, {"body", m.body_text}},
                                   m.idempotency_key, at / 1000);
      if (accepted) {
        m.provider_id = accepted->id;  // sending, until Notify says delivered
      } else {
        sent = accepted.error();
        permanent = accepted.error().code == core::ErrorCode::kConflict;
      }
    } else if (m.channel == "email") {
      notify::Email email{options.from,      force,        m.recipient, notify::Plain(m.subject),
                          m.idempotency_key, MailDate(at), m.body_text, m.body_html};
      sent = notify::SendSmtp(options.smtp, options.from, m.recipient, notify::Rfc5322(email));
    } else {
      sent = core::InvalidArgument("no text message provider is configured (GOV.UK Notify)");
    }
    m.updated_at = Rfc3339(now());
    if (sent && !m.provider_id.empty()) {
      m.last_error.clear();
      store.UpdateOutbox(m);
      ++report.sent;
    } else if (sent) {
      storage::Transaction tx(store);
      m.status = domain::OutboxStatus::kDelivered;
      m.last_error.clear();
      ForgetPortalLink(store, m);
      store.UpdateOutbox(m);
      if (!counts_when_sent) RecordContact(store, engine, library, m, at);
      tx.Commit();
      ++report.sent;
    } else {
      m.last_error = sent.error().message;
      storage::Transaction tx(store);
      if (permanent || m.attempts >= kMaxAttempts) {
        m.status = domain::OutboxStatus::kFailed;
        ForgetPortalLink(store, m);
        ++report.failed;
      } else {
        m.status = domain::OutboxStatus::kCreated;
        m.next_attempt_at = Rfc3339(now() + 60000LL * (1LL << (m.attempts - 1)));
        ++report.retrying;
      }
      store.UpdateOutbox(m);
      tx.Commit();
    }
  }
  return report;
}

RefreshReport RefreshOutbox(storage::CaseStore& store, const rules::ObligationEngine& engine,
                            const rules::RuleLibrary& library, const notify::NotifyConfig& notify,
                            core::Instant now) {
  RefreshReport report;
  const bool counts_when_sent = CountsWhenSent(store);
  for (auto m : store.OutboxWithStatus(domain::OutboxStatus::kSending, {}, 10000)) {
    if (m.provider_id.empty()) continue;
    const auto status = notify::NotifyStatus(notify, m.provider_id, now / 1000);
    if (!status) {
      ++report.pending;  // try again next time
      continue;
    }
    m.updated_at = Rfc3339(now);
    // A letter is "received" when Notify's printer has it: posted, as our own print run.
    if (*status == "delivered" || (m.channel == "letter" && *status == "received")) {
      storage::Transaction tx(store);
      m.status = domain::OutboxStatus::kDelivered;
      ForgetPortalLink(store, m);
      store.UpdateOutbox(m);
      if (!counts_when_sent) RecordContact(store, engine, library, m, now);
      tx.Commit();
      ++report.delivered;
    } else if (status->find("fail") != std::string::npos || *status == "cancelled") {
      storage::Transaction tx(store);
      m.status = domain::OutboxStatus::kFailed;
      m.last_error = "Notify: " + *status;
      ForgetPortalLink(store, m);
      store.UpdateOutbox(m);
      tx.Commit();
      ++report.failed;
    } else {
      ++report.pending;
    }
  }
  return report;
}

core::Result<size_t> PrintRun(storage::CaseStore& store, const rules::ObligationEngine& engine,
                              const rules::RuleLibrary& library, const std::string& pdf_path,
                              bool large_print, core::Instant now) {
  std::vector<storage::OutboxMessage> queued;
  for (auto& m : store.OutboxWithStatus(domain::OutboxStatus::kCreated, {}, 100000)) {
    if (m.channel == "letter") queued.push_back(std::move(m));
  }
  if (queued.empty()) return size_t{0};
  std::vector<notify::Letter> letters;
  letters.reserve(queued.size());
  for (const auto& m : queued) letters.push_back(LetterFrom(json::parse(m.body_text)));
  const auto written = notify::WriteLettersPdf(letters, pdf_path, {large_print});
  if (!written) return written.error();
  const bool counts_when_sent = CountsWhenSent(store);
  storage::Transaction tx(store);
  for (auto& m : queued) {
    m.status = domain::OutboxStatus::kDelivered;
    m.attempts += 1;
    m.updated_at = Rfc3339(now);
    ForgetPortalLink(store, m);
    store.UpdateOutbox(m);
    if (!counts_when_sent) RecordContact(store, engine, library, m, now);
  }
  tx.Commit();
  return queued.size();
}

}  // namespace cf::app
