#include "app/address_throttle.hpp"

#include <algorithm>

namespace cf::app {

void AddressThrottle::Expire(std::deque<core::Instant>& times, core::Instant now) const {
  const core::Instant since = now - kWindowMinutes * 60 * 1000;
  while (!times.empty() && times.front() <= since) times.pop_front();
}

bool AddressThrottle::Allowed(const std::string& address, core::Instant now) {
  const std::lock_guard lock(mutex_);
  const auto it = failures_.find(address);
  if (it == failures_.end()) return true;
  Expire(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return true;
  }
  return it->second.size() < kMaxFailures;
}

void AddressThrottle::Failed(const std::string& address, core::Instant now) {
  const std::lock_guard lock(mutex_);
  if (failures_.size() >= kMaxAddresses && !failures_.count(address)) {
    // Forget what has expired; failing that, the addresses with the fewest failures.
    for (auto it = failures_.begin(); it != failures_.end();) {
      Expire(it->second, now);
      it = it->second.size() <= 1 ? failures_.erase(it) : std::next(it);
    }
  }
  auto& times = failures_[address];
  Expire(times, now);
  times.push_back(now);
  if (times.size() > kMaxFailures) times.pop_front();
}

}  // namespace cf::app
