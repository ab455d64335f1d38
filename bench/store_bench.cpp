// The case store's figures: due latency for one officer and one unit with about 1,000,000
// open obligations stored, and recompute throughput. Seeded; prints its figures.
// Usage: store_bench DB_PATH [crimes=1000000] [recompute_crimes=100000]
// The force is written straight through the store (events with their JSON bodies, derived
// data) as of its last day, so that the timed queries need no roll-forward.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "app/case_derivation.hpp"
#include "app/import.hpp"
#include "app/work_queue.hpp"
#include "calendar/calendar_loader.hpp"
#include "events/jsonl_reader.hpp"
#include "events/jsonl_writer.hpp"
#include "synth/force_generator.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void Build(cf::storage::CaseStore& store, const cf::rules::ObligationEngine& engine, size_t crimes,
           cf::core::Date to, int units, int officers) {
  cf::synth::ForceSpec spec;
  spec.seed = 4242;
  spec.crimes = crimes;
  spec.to = to;
  spec.from = to.AddDays(-365);
  spec.units = units;
  spec.officers_per_unit = officers;
  cf::synth::ForceGenerator generator(spec);
  cf::synth::SyntheticCase c;
  size_t n = 0;
  store.Begin();
  const int64_t import_id = store.StartImport("store_bench", "2026-01-01T00:00:00Z");
  while (generator.Next(c)) {
    for (size_t i = 0; i < c.file.events.size(); ++i) {
      const auto& e = c.file.events[i];
      const std::string body = cf::events::ToJsonLine(c.file.crime, e);
      store.AppendEvent({e.id, c.file.crime, std::string(cf::domain::Name(e.type)),
                         cf::events::FormatInstant(e.at), cf::events::ContentHash(body), body},
                        import_id);
    }
    const auto d = cf::app::DeriveCase(c.file, engine, {}, to);
    store.ReplaceCase(d.row, d.people, d.obligations);
    if (++n % 100000 == 0) {
      store.Commit();
      store.Begin();
      std::fprintf(stderr, "  built %zu crimes\n", n);
    }
  }
  store.Commit();
}

struct Percentiles {
  double p50, p99, max;
};
Percentiles Of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: store_bench DB_PATH [crimes] [recompute_crimes]\n");
    return 2;
  }
  const std::string path = argv[1];
  const size_t crimes = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000000;
  const size_t recompute_crimes = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 100000;
  const auto lib = cf::rules::RuleLibrary::BuiltIn().value();
  const cf::rules::ObligationEngine engine(lib, cf::calendar::EnglandAndWales());
  const auto day = cf::core::Date::FromYmd(2025, 6, 30);
  const int units = 40, officers = 50;

  // CF_BENCH_REUSE=1 keeps a store built by an earlier run with the same arguments.
  const bool reuse = std::getenv("CF_BENCH_REUSE") != nullptr && std::filesystem::exists(path);
  if (!reuse) {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  }
  auto store = cf::storage::OpenSqliteStore(path);
  auto start = Clock::now();
  if (!reuse) Build(*store, engine, crimes, day, units, officers);
  const double build_s = Ms(Clock::now() - start) / 1000;
  const int64_t open = store->CountOpen({}, day, day).total;
  std::printf(
      "store: %zu crimes, %lld events, %lld open obligations on %s (%d units x %d officers), built "
      "in %.0f s\n",
      crimes, static_cast<long long>(store->EventCount()), static_cast<long long>(open),
      day.ToString().c_str(), units, officers, build_s);

  std::mt19937_64 rng(7);
  cf::synth::ForceSpec spec;
  spec.units = units;
  spec.officers_per_unit = officers;
  cf::synth::ForceGenerator names(spec);
  const auto unit_names = names.Units();
  for (const bool by_unit : {false, true}) {
    std::vector<double> times;
    int64_t rows = 0;
    const int samples = by_unit ? 200 : 2000;
    for (int i = 0; i < samples + 20; ++i) {
      const int u = static_cast<int>(rng() % units);
      cf::storage::Scope scope;
      if (by_unit) {
        scope.unit = unit_names[u];
      } else {
        scope.officer = names.OfficerOf(u, static_cast<int>(rng() % officers));
      }
      const auto t = Clock::now();
      const auto list = cf::app::Due(*store, engine, lib, scope, day, 100);
      const double ms = Ms(Clock::now() - t);
      if (i >= 20) {  // the first few warm the page cache
        times.push_back(ms);
        rows += list.total;
      }
    }
    const auto p = Of(times);
    std::printf(
        "due --%s (top 100 and RAG counts): p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d queries; "
        "%.0f open obligations per %s on average (target p99 < %s)\n",
        by_unit ? "unit" : "officer", p.p50, p.p99, p.max, samples,
        static_cast<double>(rows) / samples, by_unit ? "unit" : "officer",
        by_unit ? "50 ms" : "5 ms");
  }
  store.reset();

  const std::string small = path + ".recompute";
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(small + s);
  auto rstore = cf::storage::OpenSqliteStore(small);
  Build(*rstore, engine, recompute_crimes, day, units, officers);
  const int64_t events = rstore->EventCount();
  // All on one thread (the anchor), then deriving on one fewer thread than there are cores
  // while one writes (recompute's default), on the same store in the same run.
  const unsigned deriving = std::max(2U, std::thread::hardware_concurrency()) - 1U;
  for (const unsigned threads : {0U, deriving}) {
    start = Clock::now();
    const size_t n = cf::app::Recompute(*rstore, engine, {}, {}, threads);
    const double secs = Ms(Clock::now() - start) / 1000;
    std::printf(
        "recompute, %u deriving thread(s) (0: all on one): %zu cases, %lld events in %.1f s = %.0f "
        "cases/s, %.0f "
        "events/s (parsing the log's JSON)\n",
        threads, n, static_cast<long long>(events), secs, n / secs, events / secs);
    std::fflush(stdout);
  }
  rstore.reset();
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(small + s);
  return 0;
}
