#include <array>
#include <utility>

#include "storage/case_store.hpp"

namespace cf::storage {
namespace {

constexpr std::array<std::pair<RetainedKind, std::string_view>, 3> kKindNames{{
    {RetainedKind::kPortal, "portal"},
    {RetainedKind::kMessages, "messages"},
    {RetainedKind::kCaseDetails, "case_details"},
}};

}  // namespace

std::string_view RetainedKindName(RetainedKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "case_details";
}

std::optional<RetainedKind> ParseRetainedKind(std::string_view text) {
  for (const auto& [k, name] : kKindNames) {
    if (name == text) return k;
  }
  return std::nullopt;
}

}  // namespace cf::storage
