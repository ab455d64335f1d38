#include "app/case_views.hpp"

namespace cf::app {

core::Result<CaseDetail> ViewCaseAs(Services& s, const Actor& actor, const std::string& crime) {
  auto row = CaseFor(s, actor, crime, "case");
  if (!row) return row.error();
  CaseDetail detail{std::move(row).value(), s.cases.CasePeople(crime),
                    s.cases.CaseObligations(crime)};
  AuditAs(s, actor, "viewed_case", detail.row.crime, "");
  return detail;
}

core::Result<CasePageView> ViewCasePageAs(Services& s, const Actor& actor,
                                          const std::string& crime) {
  auto row = CaseFor(s, actor, crime, "case");
  if (!row) return row.error();
  auto record = ReadCaseRecord(s.cases, s.engine, s.library, crime, s.Today());
  if (!record) return core::NotFound(record.error().message);
  CasePageView view{std::move(row).value(), std::move(record).value(), s.cases.CaseCallBacks(crime),
                    s.cases.CaseOutbox(crime)};
  AuditAs(s, actor, "viewed_case", view.row.crime, "");
  return view;
}

}  // namespace cf::app
