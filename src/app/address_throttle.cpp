#include "app/address_throttle.hpp"

#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

// Times are kept to the millisecond, always with .mmm (RFC 3339), so that text order is time
// order.
std::string At(core::Instant t) {
  std::string text = events::FormatInstant(t);
  if (text.find('.') == std::string::npos) text.insert(text.size() - 1, ".000");
  return text;
}
std::string WindowStart(core::Instant now) { return At(now - kAddressWindowMinutes * 60 * 1000); }

}  // namespace

bool AddressAllowed(storage::PortalStore& store, const std::string& address, core::Instant now) {
  return store.AddressFailuresSince(address, WindowStart(now)) < kAddressMaxFailures;
}

void AddressFailed(storage::PortalStore& store, const std::string& address, core::Instant now) {
  store.RecordAddressFailure(address, At(now));
}

size_t ForgetAgedAddressFailures(storage::PortalStore& store, core::Instant now) {
  return store.ForgetAddressFailures(WindowStart(now));
}

}  // namespace cf::app
