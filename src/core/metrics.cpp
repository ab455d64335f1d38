#include "core/metrics.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace cf::core::metrics {
namespace {

// A label value with backslash, double quote and line feed escaped.
std::string Escaped(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

}  // namespace

Registry& Registry::Global() {
  static Registry registry;
  return registry;
}

std::string_view Registry::TypeName(Kind kind) {
  switch (kind) {
    case Kind::kCounter:
      return "counter";
    case Kind::kGauge:
      return "gauge";
    case Kind::kHistogram:
      return "histogram";
  }
  return "untyped";
}

Registry::Family& Registry::Named(std::string_view name, std::string_view help, Kind kind) {
  auto it = families_.find(name);
  if (it == families_.end())
    it = families_.emplace(std::string(name), Family{std::string(help), kind, {}, {}}).first;
  if (it->second.kind != kind) {
    throw std::logic_error(fmt::format("metric {} is both a {} and a {}", name,
                                       TypeName(it->second.kind), TypeName(kind)));
  }
  return it->second;
}

void Registry::Count(std::string_view name, std::string_view help, const Labels& labels,
                     double by) {
  const std::lock_guard lock(mutex_);
  Named(name, help, Kind::kCounter).values[labels] += by;
}

void Registry::Adjust(std::string_view name, std::string_view help, const Labels& labels,
                      double by) {
  const std::lock_guard lock(mutex_);
  Named(name, help, Kind::kGauge).values[labels] += by;
}

void Registry::Observe(std::string_view name, std::string_view help, const Labels& labels,
                       double seconds) {
  const std::lock_guard lock(mutex_);
  auto& h = Named(name, help, Kind::kHistogram).histograms[labels];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  if (i < kBuckets.size()) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Sample(std::string_view name, const Labels& labels, double value) {
  std::string out(name);
  if (!labels.empty()) {
    out += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) out += ',';
      out += fmt::format("{}=\"{}\"", labels[i].first, Escaped(labels[i].second));
    }
    out += '}';
  }
  return out + " " + Number(value) + "\n";
}

std::string Header(std::string_view name, std::string_view help, std::string_view type) {
  return fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

std::string Registry::Text() const {
  const std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += Header(name, f.help, TypeName(f.kind));
    for (const auto& [labels, value] : f.values) out += Sample(name, labels, value);
    for (const auto& [labels, h] : f.histograms) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i <= kBuckets.size(); ++i) {
        Labels with = labels;
        if (i < kBuckets.size()) {
          cumulative += h.buckets[i];
          with.emplace_back("le", Number(kBuckets[i]));
        } else {
          cumulative = h.count;
          with.emplace_back("le", "+Inf");
        }
        out += Sample(name + "_bucket", with, static_cast<double>(cumulative));
      }
      out += Sample(name + "_sum", labels, h.sum);
      out += Sample(name + "_count", labels, static_cast<double>(h.count));
    }
  }
  return out;
}

}  // namespace cf::core::metrics
