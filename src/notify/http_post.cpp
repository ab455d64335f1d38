#include "notify/http_post.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

namespace cf::notify {
namespace {

// A reply larger than any the messaging APIs send is cut off (curl then fails the transfer).
constexpr size_t kMaxReplyBytes = size_t{1024} * 1024;

size_t Collect(char* data, size_t size, size_t n, void* out) {
  auto* reply = static_cast<std::string*>(out);
  if (reply->size() + size * n > kMaxReplyBytes) return 0;
  reply->append(data, size * n);
  return size * n;
}

core::Result<HttpReply> Request(const std::string& url, const std::string* json,
                                const std::vector<std::string>& headers, long timeout_seconds) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return core::InvalidArgument("libcurl could not start");
  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  HttpReply reply;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  if (json != nullptr) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json->c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(json->size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  const CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    return core::InvalidArgument(
        fmt::format("{} {}: {}", json != nullptr ? "POST" : "GET", url, curl_easy_strerror(rc)));
  }
  return reply;
}

}  // namespace

core::Result<HttpReply> GetJson(const std::string& url, const std::vector<std::string>& headers,
                                long timeout_seconds) {
  return Request(url, nullptr, headers, timeout_seconds);
}

core::Result<HttpReply> PostJson(const std::string& url, const std::string& json,
                                 const std::vector<std::string>& headers, long timeout_seconds) {
  return Request(url, &json, headers, timeout_seconds);
}

}  // namespace cf::notify
