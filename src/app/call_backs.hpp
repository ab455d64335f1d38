#pragma once
// The re-contact bureau's inbound calls: a victim or witness rings for an update. When the
// bureau can answer, the call is recorded as a phone contact (it informs them, so it counts
// as any update does); when it cannot, a call-back is raised for the officer in case, shown
// at the top of their queue. An officer's contact with that person in which they spoke or
// visited closes the call-back (RecordContact does it), or they mark it done with what they did.

#include <string>
#include <vector>

#include "app/case_actions.hpp"
#include "calendar/working_day_calendar.hpp"
#include "core/result.hpp"
#include "rules/engine.hpp"
#include "rules/rule_set_loader.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct InboundCall {
  std::string event_id;  // for the contact, when answered
  std::string crime;
  std::string person;   // who rang (a person on the case)
  std::string request;  // what they asked
  bool answered = false;
  std::string answer;  // what the bureau told them (required when answered)
  std::string by;      // bureau staff id
  core::Instant at = 0;
  std::string assigned_to{};  // who calls back when not the officer in case (app::WhoCallsBack)
};

struct InboundCallResult {
  int64_t call_back = 0;                 // the call-back raised; 0 when answered
  std::vector<SatisfiedDuty> satisfied;  // what the answer satisfied
  std::string call_back_by;              // a call-back's: who will call ("Tom Jones (PC 1005)")
  std::string why;                       // and why it is not the officer in case ("" when it is)
};

// Errors: no such case or person; the request (or, when answered, the answer) is blank.
core::Result<InboundCallResult> RecordInboundCall(storage::CaseStore& store,
                                                  const rules::ObligationEngine& engine,
                                                  const rules::RuleLibrary& library,
                                                  const InboundCall& call);

// Marks one open call-back on `crime` done. Errors: outcome blank; no open call-back `id` on that
// case.
core::Status CompleteCallBack(storage::CallBackRepository& store, const std::string& crime,
                              int64_t id, const std::string& by, core::Instant at,
                              const std::string& outcome);

// Force policy: how many working days a call-back (or a portal request or message) has to be
// answered in, the setting call_back_working_days (0 to 99; 1 unless set).
int CallBackWorkingDays(storage::CaseStore& store);
// The day a call-back raised at `raised_at` (RFC 3339 UTC) is due by: its London date plus
// `working_days` working days.
core::Date CallBackDue(const calendar::WorkingDayCalendar& calendar, int working_days,
                       const std::string& raised_at);

}  // namespace cf::app
