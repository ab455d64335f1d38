// Engine throughput over a generated force: events per second on one core.
// Usage: engine_bench [crimes=1000000] [seed=2024]
// Cases are generated in chunks outside the timed region; only ObligationEngine::Compute is
// timed. Also times the JSON Lines reader on a sample, for context.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "calendar/calendar_loader.hpp"
#include "events/jsonl_reader.hpp"
#include "events/jsonl_writer.hpp"
#include "rules/engine.hpp"
#include "synth/force_generator.hpp"

namespace {

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cf;
  const size_t crimes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2024;
  synth::ForceSpec spec;
  spec.seed = seed;
  spec.crimes = crimes;
  spec.from = core::Date::FromYmd(2023, 1, 1);
  spec.to = core::Date::FromYmd(2024, 12, 31);
  spec.units = 8;
  synth::ForceGenerator generator(spec);
  const auto lib = rules::RuleLibrary::BuiltIn().value();
  rules::ObligationEngine engine(lib, calendar::EnglandAndWales());
  const core::Date as_of = core::Date::FromYmd(2024, 12, 31);

  constexpr size_t kChunk = 10000;
  std::vector<synth::SyntheticCase> chunk(kChunk);
  size_t events = 0, obligations = 0, cases = 0, errors = 0;
  std::chrono::steady_clock::duration engine_time{};
  std::string sample_jsonl;
  for (;;) {
    size_t n = 0;
    while (n < kChunk && generator.Next(chunk[n])) ++n;
    if (n == 0) break;
    if (sample_jsonl.empty()) {
      for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < chunk[i].file.events.size(); ++j) {
          sample_jsonl +=
              events::ToJsonLine(chunk[i].file.crime, chunk[i].file.events[j], chunk[i].extras[j]) +
              "\n";
        }
      }
    }
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < n; ++i) {
      const auto result = engine.Compute(chunk[i].file, {}, as_of);
      if (result.ok()) {
        obligations += result->size();
      } else {
        ++errors;
      }
      events += chunk[i].file.events.size();
    }
    engine_time += std::chrono::steady_clock::now() - start;
    cases += n;
  }
  const double secs = Seconds(engine_time);
  std::printf(
      "engine: %zu crimes, %zu events, %zu obligations, %zu case errors (seed %llu, as of %s)\n",
      cases, events, obligations, errors, static_cast<unsigned long long>(seed),
      as_of.ToString().c_str());
  std::printf(
      "engine: %.3f s on one core = %.2f million events/s per core (target >= 2), %.0f crimes/s\n",
      secs, static_cast<double>(events) / secs / 1e6, static_cast<double>(cases) / secs);

  const auto start = std::chrono::steady_clock::now();
  events::EventReader reader;
  reader.ReadText(sample_jsonl);
  const double read_secs = Seconds(std::chrono::steady_clock::now() - start);
  std::printf("reader (context): %zu JSON lines validated in %.3f s = %.0f lines/s\n",
              reader.summary().lines, read_secs,
              static_cast<double>(reader.summary().lines) / read_secs);
  return errors == 0 ? 0 : 1;
}
