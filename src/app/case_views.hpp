#pragma once
// A case as staff read it: the JSON API's record and the case page's. Each checks that the actor
// may see the case (app::CaseFor: kNotFound; kPermissionDenied, audited as denied_case) and
// audits the reading as viewed_case, so who saw which victim's details is on record whichever
// way they looked.

#include <string>
#include <vector>

#include "app/case_record.hpp"
#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

// The stored case: its row, people and obligations as last computed.
struct CaseDetail {
  storage::CaseRow row;
  std::vector<storage::PersonRow> people;
  std::vector<storage::ObligationRow> obligations;
};
core::Result<CaseDetail> ViewCaseAs(Services& s, const Actor& actor, const std::string& crime);

// The case page: the record as of today (people, duties explained, timeline), the call-backs
// the bureau raised and the messages sent or queued.
struct CasePageView {
  storage::CaseRow row;
  CaseRecord record;
  std::vector<storage::CallBack> call_backs;
  std::vector<storage::OutboxMessage> outbox;
};
core::Result<CasePageView> ViewCasePageAs(Services& s, const Actor& actor,
                                          const std::string& crime);

}  // namespace cf::app
