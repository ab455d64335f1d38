#include "rules/status.hpp"

namespace cf::rules {

std::string_view Name(ObligationStatus s) {
  switch (s) {
    case ObligationStatus::kOpen:
      return "open";
    case ObligationStatus::kOverdue:
      return "overdue";
    case ObligationStatus::kMet:
      return "met";
    case ObligationStatus::kMetLate:
      return "met_late";
    case ObligationStatus::kNotRequired:
      return "not_required";
  }
  return "?";
}

ObligationStatus StatusOn(core::Date deadline, std::optional<core::Date> met_at, bool not_required,
                          core::Date as_of) {
  const bool met_by_then = met_at && *met_at <= as_of;
  if (met_by_then && *met_at <= deadline) return ObligationStatus::kMet;
  if (not_required) return ObligationStatus::kNotRequired;
  if (met_by_then) return ObligationStatus::kMetLate;
  return as_of <= deadline ? ObligationStatus::kOpen : ObligationStatus::kOverdue;
}

}  // namespace cf::rules
