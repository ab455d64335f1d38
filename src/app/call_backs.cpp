#include "app/call_backs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/force_settings.hpp"
#include "core/london_time.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {

core::Result<InboundCallResult> RecordInboundCall(storage::CaseStore& store,
                                                  const rules::ObligationEngine& engine,
                                                  const rules::RuleLibrary& library,
                                                  const InboundCall& call) {
  if (!store.CrimeExists(call.crime)) return core::NotFound(fmt::format("no case {}", call.crime));
  if (!store.PersonExists(call.crime, call.person)) {
    return core::InvalidArgument(
        fmt::format("person: {} is not on case {}", call.person, call.crime));
  }
  if (call.request.empty()) return core::InvalidArgument("request: say what they asked");
  InboundCallResult result;
  if (!call.answered) {
    storage::CallBack c;
    c.crime = call.crime;
    c.person = call.person;
    c.request = call.request;
    c.raised_by = call.by;
    c.raised_at = events::FormatInstant(call.at);
    c.assigned_to = call.assigned_to;
    result.call_back = store.AddCallBack(c);
    return result;
  }
  if (call.answer.empty()) return core::InvalidArgument("answer: say what you told them");
  ContactRequest contact;
  contact.event_id = call.event_id;
  contact.crime = call.crime;
  contact.person = call.person;
  contact.channel = "phone";
  contact.outcome = "spoke";
  contact.summary =
      fmt::format("They rang the bureau: {} Told them: {}", call.request, call.answer);
  contact.by = call.by;
  contact.at = call.at;
  auto satisfied = RecordContact(store, engine, library, contact);
  if (!satisfied) return satisfied.error();
  result.satisfied = std::move(satisfied).value();
  return result;
}

core::Status CompleteCallBack(storage::CallBackRepository& store, const std::string& crime,
                              int64_t id, const std::string& by, core::Instant at,
                              const std::string& outcome) {
  if (outcome.empty()) return core::InvalidArgument("outcome: say what you did");
  if (store.CompleteCallBacks(crime, id, "", by, events::FormatInstant(at), outcome) == 0) {
    return core::NotFound(fmt::format("no open call-back {} on case {}", id, crime));
  }
  return {};
}

int CallBackWorkingDays(storage::CaseStore& store) {
  const std::string setting = SettingValue(store, "call_back_working_days");
  if (setting.empty() || setting.size() > 2 ||
      !std::all_of(setting.begin(), setting.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 1;
  return std::stoi(setting);
}

core::Date CallBackDue(const calendar::WorkingDayCalendar& calendar, int working_days,
                       const std::string& raised_at) {
  const auto at = core::ParseRfc3339(raised_at);
  const core::Date raised = core::LondonDates().DateOf(at ? *at : 0);
  if (working_days <= 0) return raised;
  const auto due = calendar.AddWorkingDays(raised, working_days);
  return due ? *due : raised.AddDays(working_days);  // beyond the calendar's years
}

}  // namespace cf::app
