#include "notify/smtp.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstring>

namespace cf::notify {
namespace {

struct Upload {
  const std::string* data;
  size_t sent = 0;
};

size_t Read(char* buffer, size_t size, size_t count, void* user) {
  auto* u = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, u->data->size() - u->sent);
  // Bytes for libcurl to send, not a C string: nothing to terminate.
  std::memcpy(buffer, u->data->data() + u->sent, n);  // NOLINT(bugprone-not-null-terminated-result)
  u->sent += n;
  return n;
}

}  // namespace

core::Status SendSmtp(const SmtpServer& server, const std::string& from, const std::string& to,
                      const std::string& rfc5322) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return core::InvalidArgument("libcurl could not start");
  Upload upload{&rfc5322};
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + to + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, server.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + from + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, Read);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, server.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!server.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, server.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, server.password.c_str());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  }
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK)
    return core::InvalidArgument(fmt::format("SMTP {}: {}", server.url, curl_easy_strerror(rc)));
  return {};
}

}  // namespace cf::notify
