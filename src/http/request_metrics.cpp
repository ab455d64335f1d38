#include "http/request_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/metrics.hpp"

namespace cf::http {
namespace {

using Clock = std::chrono::steady_clock;

struct Pending {
  uint64_t id = 0;
  Clock::time_point start;
  std::string method;
  std::string route = "unmatched";
};

std::atomic<LogFormat> g_format{LogFormat::kText};
std::atomic<uint64_t> g_last_id{0};
std::mutex g_mutex;
// By request. A request whose connection fails before it is answered is never taken out: the
// oldest are dropped when there are too many.
std::unordered_map<const void*, Pending> g_pending;
constexpr size_t kMostPending = 4096;
constexpr auto kOldest = std::chrono::minutes(5);

}  // namespace

void SetLogFormat(LogFormat format) { g_format = format; }
LogFormat CurrentLogFormat() { return g_format; }

void LogLine(std::string_view level, std::string_view message, uint64_t request_id) {
  if (g_format == LogFormat::kText) {
    std::FILE* to = level == "info" ? stdout : stderr;
    const std::string text = request_id == 0 ? fmt::format("{}\n", message)
                                             : fmt::format("request {}: {}\n", request_id, message);
    std::fwrite(text.data(), 1, text.size(), to);
    std::fflush(to);
    return;
  }
  nlohmann::json line = {{"time", core::SystemClock::Instance().NowUtc()},
                         {"level", std::string(level)},
                         {"message", std::string(message)}};
  if (request_id != 0) line["request_id"] = request_id;
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void RequestArrived(const restinio::request_handle_t& req) {
  Pending p{++g_last_id, Clock::now(), std::string(req->header().method().c_str())};
  const std::lock_guard lock(g_mutex);
  if (g_pending.size() >= kMostPending) {
    // Requests whose connections failed before an answer: the stale ones go, and if that is
    // not enough, the oldest half, so that the map stays bounded whatever the traffic.
    std::erase_if(g_pending, [&](const auto& kv) { return p.start - kv.second.start > kOldest; });
    if (g_pending.size() >= kMostPending) {
      std::vector<Clock::time_point> starts;
      starts.reserve(g_pending.size());
      for (const auto& kv : g_pending) starts.push_back(kv.second.start);
      auto middle = starts.begin() + static_cast<std::ptrdiff_t>(starts.size() / 2);
      std::nth_element(starts.begin(), middle, starts.end());
      const auto cut = *middle;
      std::erase_if(g_pending, [&](const auto& kv) { return kv.second.start < cut; });
    }
  }
  g_pending[req.get()] = std::move(p);
}

void RequestRouted(const restinio::request_handle_t& req, std::string_view route) {
  const std::lock_guard lock(g_mutex);
  if (const auto it = g_pending.find(req.get()); it != g_pending.end()) it->second.route = route;
}

std::string RequestRoute(const restinio::request_handle_t& req) {
  const std::lock_guard lock(g_mutex);
  const auto it = g_pending.find(req.get());
  return it == g_pending.end() ? "unmatched" : it->second.route;
}

uint64_t RequestId(const restinio::request_handle_t& req) {
  {
    const std::lock_guard lock(g_mutex);
    if (const auto it = g_pending.find(req.get()); it != g_pending.end()) return it->second.id;
  }
  return ++g_last_id;
}

uint64_t RequestAnswered(const restinio::request_handle_t& req, int status) {
  Pending p;
  {
    const std::lock_guard lock(g_mutex);
    const auto it = g_pending.find(req.get());
    if (it == g_pending.end()) return 0;
    p = std::move(it->second);
    g_pending.erase(it);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - p.start).count();
  auto& registry = core::metrics::Registry::Global();
  const std::string status_text = std::to_string(status);
  registry.Count("citizenfocus_http_requests_total",
                 "HTTP requests answered, by route, method and status.",
                 {{"route", p.route}, {"method", p.method}, {"status", status_text}});
  registry.Observe("citizenfocus_http_request_duration_seconds",
                   "Time from a request's arrival to its answer, by route and method.",
                   {{"route", p.route}, {"method", p.method}}, seconds);
  if (g_format == LogFormat::kJson) {
    const nlohmann::json line = {{"time", core::SystemClock::Instance().NowUtc()},
                                 {"level", "info"},
                                 {"message", "request"},
                                 {"request_id", p.id},
                                 {"method", p.method},
                                 {"route", p.route},
                                 {"status", status},
                                 {"ms", std::round(seconds * 1e4) / 10}};
    const std::string text =
        line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }
  return p.id;
}

std::string RouteLabel(std::string_view pattern) {
  std::string out;
  int depth = 0;
  for (const char c : pattern) {
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

}  // namespace cf::http
