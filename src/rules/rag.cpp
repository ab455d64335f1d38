#include "rules/rag.hpp"

namespace cf::rules {

std::string_view Name(Rag r) {
  switch (r) {
    case Rag::kRed:
      return "red";
    case Rag::kAmber:
      return "amber";
    case Rag::kGreen:
      return "green";
  }
  return "?";
}

int WorkingDaysOverdue(const Obligation& o, Date today, const calendar::WorkingDayCalendar& cal) {
  if (today <= o.deadline) return 0;
  const auto n = cal.CountWorkingDays(o.deadline, today);
  return n ? *n : today.days() - o.deadline.days();
}

Rag RagFor(const Obligation& o, Date today, const calendar::WorkingDayCalendar& cal,
           int red_after_overdue_working_days) {
  if (today < o.deadline) return Rag::kGreen;
  if (today == o.deadline) return Rag::kAmber;
  return WorkingDaysOverdue(o, today, cal) > red_after_overdue_working_days ? Rag::kRed
                                                                            : Rag::kAmber;
}

}  // namespace cf::rules
