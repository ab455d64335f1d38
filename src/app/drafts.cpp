#include "app/drafts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/access.hpp"
#include "app/case_derivation.hpp"
#include "app/force_settings.hpp"
#include "app/letters.hpp"
#include "app/outbox.hpp"
#include "domain/vocabulary.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

std::string StringIn(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool IsWrittenChannel(const std::string& channel) {
  return channel == "email" || channel == "sms" || channel == "letter";
}

std::string Trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

core::Result<Draft> DraftFor(const std::string& crime, const std::vector<std::string>& bodies,
                             const std::string& person, const std::string& duty) {
  Draft d;
  d.template_id = LetterForDuty(duty);
  if (d.template_id.empty())
    return core::NotFound(fmt::format("no standard message meets \"{}\"", duty));
  const auto details = CurrentDetails(ParseStoredCase(crime, bodies), person);
  if (!details) return core::NotFound(fmt::format("{} is not on case {}", person, crime));
  // What they asked for: the latest contact agreement's channel, else the latest needs
  // assessment's preferred contact.
  std::string agreed;
  std::string preferred;
  for (const auto& body : bodies) {
    if (body.find("contract.agreed") == std::string::npos &&
        body.find("needs.assessed") == std::string::npos)
      continue;
    const json e = json::parse(body, nullptr, false);
    if (!e.is_object() || StringIn(e, "person") != person) continue;
    const std::string type = StringIn(e, "type");
    if (type == "contract.agreed" && !StringIn(e, "channel").empty())
      agreed = StringIn(e, "channel");
    if (type == "needs.assessed" && !StringIn(e, "preferred_contact").empty())
      preferred = StringIn(e, "preferred_contact");
  }
  const std::string asked = !agreed.empty() ? agreed : preferred;
  const char* source = !agreed.empty() ? "their contact agreement" : "their needs assessment";
  if (IsWrittenChannel(asked)) {
    d.channel = asked;
    d.why = fmt::format("{} asks for {}", source,
                        asked == "sms"     ? "text messages"
                        : asked == "email" ? "email"
                                           : "letters");
    return d;
  }
  if (asked == "phone" || asked == "visit") d.prefers = asked;
  // Otherwise what is on record: email, then a mobile, then the post.
  if (details->email && !details->email->empty()) {
    d.channel = "email";
    d.why = "their email address is on record";
  } else if (details->phone_mobile && !details->phone_mobile->empty()) {
    d.channel = "sms";
    d.why = "their mobile number is on record";
  } else {
    d.channel = "letter";
    d.why = "no email address or mobile number is on record";
  }
  return d;
}

core::Result<Draft> DraftAs(Services& s, const Actor& actor, const std::string& crime,
                            const std::string& person, const std::string& duty) {
  if (!MayRecordContacts(actor.user))
    return core::PermissionDenied("analysts do not send messages");
  const auto row = CaseFor(s, actor, crime, "message");
  if (!row) return row.error();
  return DraftFor(crime, s.cases.EventBodies(crime), person, duty);
}

core::Result<std::map<std::string, std::string>> ParseAutoSend(const std::string& text) {
  std::map<std::string, std::string> out;
  if (Trimmed(text) == "none") return out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string pair = Trimmed(text.substr(start, comma - start));
    start = comma + 1;
    if (pair.empty()) continue;
    const auto colon = pair.find(':');
    const std::string duty = Trimmed(pair.substr(0, colon));
    const std::string channel = colon == std::string::npos ? "" : Trimmed(pair.substr(colon + 1));
    if (LetterForDuty(duty).empty()) {
      return core::InvalidArgument(fmt::format(
          "\"{}\": \"{}\" is not a duty a standard message meets (for example arrest, bail, "
          "charge)",
          pair, duty));
    }
    if (!IsWrittenChannel(channel))
      return core::InvalidArgument(
          fmt::format("\"{}\": give the channel after a colon: email, sms or letter", pair));
    out[duty] = channel;
  }
  if (out.empty())
    return core::InvalidArgument("give none, or duty:channel pairs such as arrest:sms");
  return out;
}

AutoSendReport SendDraftsByPolicy(Services& s) {
  AutoSendReport report;
  const auto policy = ParseAutoSend(SettingValue(s.cases, "auto_send"));
  if (!policy) return report;  // refused when it was stored; nothing to do
  const core::Date today = s.Today();
  for (const auto& [duty, channel] : *policy) {
    for (const auto& o : s.cases.OpenObligationsOfDuty(duty, 5000)) {
      if (o.case_closed || today < o.trigger_date) continue;
      const std::string key = fmt::format("auto:{}:{}:{}:{}", o.crime, o.person, duty, o.instance);
      const auto outbox = s.cases.CaseOutbox(o.crime);
      if (std::any_of(outbox.begin(), outbox.end(),
                      [&](const storage::OutboxMessage& m) { return m.idempotency_key == key; }))
        continue;  // sent on an earlier run, not yet delivered
      const auto draft = DraftFor(o.crime, s.cases.EventBodies(o.crime), o.person, duty);
      if (!draft || draft->channel != channel) {
        ++report.other;
        continue;
      }
      SendRequest r;
      r.crime = o.crime;
      r.person = o.person;
      r.template_id = draft->template_id;
      r.channel = channel;
      r.lang = "";  // as their needs say
      r.by = "auto-send";
      r.idempotency_key = key;
      r.now = s.Now() / 1000 * 1000;
      r.trigger_event = o.trigger_event;
      const auto sent = QueueMessage(s.cases, s.accounts, s.engine, s.library, r);
      if (!sent) {
        ++report.other;  // no address for the channel, say: left for the officer
        continue;
      }
      if (sent->kind == SendResult::kNeedsConfirmation) {
        ++report.held;
        continue;
      }
      if (sent->kind == SendResult::kSuppressed) {
        ++report.other;
        continue;
      }
      ++report.sent;
      s.accounts.Audit({"", "auto-send", "auto_sent_message", o.crime, o.person,
                        fmt::format("{} by {} (the force's policy), outbox {}", draft->template_id,
                                    channel, sent->outbox_id),
                        "worker"});
    }
  }
  return report;
}

}  // namespace cf::app
