// Working-day arithmetic: AddWorkingDays operations per second on one core.
// Usage: workdays_bench [operations=50000000] [seed=7]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "calendar/calendar_loader.hpp"

int main(int argc, char** argv) {
  using namespace cf;
  const size_t ops = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 50000000;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 7;
  const auto& cal = calendar::EnglandAndWales();
  std::mt19937_64 rng(seed);
  const int32_t span = cal.known_until().days() - cal.known_from().days() - 60;
  constexpr size_t kInputs = 1 << 16;
  std::vector<core::Date> starts(kInputs);
  std::vector<int> ns(kInputs);
  for (size_t i = 0; i < kInputs; ++i) {
    starts[i] = cal.known_from().AddDays(static_cast<int32_t>(rng() % span));
    ns[i] = 1 + static_cast<int>(rng() % 10);
  }
  int64_t checksum = 0;
  size_t failures = 0;
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < ops; ++i) {
    const auto r = cal.AddWorkingDays(starts[i & (kInputs - 1)], ns[i & (kInputs - 1)]);
    if (r.ok()) {
      checksum += r->days();
    } else {
      ++failures;
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "workdays add: %zu operations in %.3f s = %.1f million/s on one core (target >= 20); "
      "checksum %lld, %zu out of range\n",
      ops, secs, static_cast<double>(ops) / secs / 1e6, static_cast<long long>(checksum), failures);
  return 0;
}
