#pragma once
// A synthetic police force for demos, tests and benchmarks: realistic volumes and mixes of
// crime types, victims and witnesses, enhanced categories (about a fifth of victims), arrests,
// bail, charges, closures, and officers' contacts, some late and some missed.
// Seeded and deterministic: the same spec gives the same events on every machine (the
// random numbers come from mt19937_64 with our own, fully specified, distributions).

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "domain/case_file.hpp"

namespace cf::synth {

struct ForceSpec {
  uint64_t seed = 1;
  size_t crimes = 1000;
  core::Date from = core::Date::FromYmd(2024, 1, 1);  // first recording date
  core::Date to = core::Date::FromYmd(2024, 12, 31);  // nothing happens after this date
  int units = 6;  // 1 to 999; the first 8 have names (N1, N2, S1...)
  int officers_per_unit = 10;
};

struct SyntheticCase {
  domain::CaseFile file;
  // Per event, descriptive JSON members the engine does not read (names, contact details,
  // suspects, summaries), for events::ToJsonLine.
  std::vector<std::string> extras;
};

class ForceGenerator {
 public:
  explicit ForceGenerator(const ForceSpec& spec);

  // The next case, or false when spec.crimes have been generated.
  bool Next(SyntheticCase& out);

  // Unit codes and officer ids of the force, for demos and filters.
  std::vector<std::string> Units() const;
  std::string OfficerOf(int unit, int index) const;

 private:
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : rng_() % n; }
  bool Chance(double p) { return static_cast<double>(rng_() >> 11) * 0x1.0p-53 < p; }

  ForceSpec spec_;
  std::mt19937_64 rng_;
  size_t produced_ = 0;
};

}  // namespace cf::synth
