#pragma once
// What a process counts about itself, for GET /metrics in Prometheus's text format
// (docs/operations.md): counters, gauges and latency histograms, each of a family named once
// with its help text, and each series by its labels. One registry per process (Global),
// written from any thread. Values a scrape reads from the database (queue sizes, the outbox's
// backlog) are not kept here: the /metrics handler reads them and adds them to the text.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cf::core::metrics {

// A label's name and value ({"route", "/cases/:crime"}).
using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
 public:
  static Registry& Global();

  // Adds `by` to the counter family `name` (created with `help` the first time) for `labels`.
  void Count(std::string_view name, std::string_view help, const Labels& labels, double by = 1);
  // Adds `by` (negative to take away) to the gauge family `name` for `labels`: a level that
  // goes up and down, such as memory held.
  void Adjust(std::string_view name, std::string_view help, const Labels& labels, double by);
  // Observes `seconds` in the latency histogram family `name` for `labels`.
  void Observe(std::string_view name, std::string_view help, const Labels& labels, double seconds);

  // Every family, in Prometheus's text exposition format (version 0.0.4).
  std::string Text() const;

  // The histograms' upper bounds, in seconds (and +Inf).
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   10};

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};  // each bucket's own count (not cumulative)
    uint64_t count = 0;
    double sum = 0;
  };
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Family {
    std::string help;
    Kind kind = Kind::kCounter;
    std::map<Labels, double> values;  // a counter's or a gauge's
    std::map<Labels, Histogram> histograms;
  };
  Family& Named(std::string_view name, std::string_view help, Kind kind);
  static std::string_view TypeName(Kind kind);  // as a # TYPE line says it

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
};

// One series' sample line: name{label="value",...} value, the values escaped as the format asks.
std::string Sample(std::string_view name, const Labels& labels, double value);
// A family's # HELP and # TYPE lines.
std::string Header(std::string_view name, std::string_view help, std::string_view type);

}  // namespace cf::core::metrics
