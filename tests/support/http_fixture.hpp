#pragma once
// The citizenfocus binary serving a real SQLite store on a loopback port, libcurl as the
// client, and a store with two units' cases and one user of each role (HttpApi fixture).
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "auth/credentials.hpp"
#include "storage/account_store.hpp"
#include "support/child_server.hpp"
#include "support/postgresql.hpp"

namespace cf {

struct Response {
  long status = 0;
  std::string body;
  std::string content_type;
  std::string headers;  // raw response headers
  std::string Cookie(const std::string& name) const {
    const std::string key = "Set-Cookie: " + name + "=";
    const auto at = headers.find(key);
    if (at == std::string::npos) return "";
    const auto start = at + key.size();
    return headers.substr(start, headers.find(';', start) - start);
  }
};

inline size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// A libcurl client of a server on a loopback port.
class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}

  Response Request(const std::string& method, const std::string& path, const std::string& token,
                   const std::string& body = "", const std::vector<std::string>& extra = {}) const {
    CURL* curl = curl_easy_init();
    Response r;
    const std::string url = "http://127.0.0.1:" + std::to_string(port_) + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
    struct curl_slist* headers = nullptr;
    if (!token.empty())
      headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
    for (const auto& h : extra) headers = curl_slist_append(headers, h.c_str());
    if (method == "POST") {
      if (extra.empty()) headers = curl_slist_append(headers, "Content-Type: application/x-ndjson");
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (curl_easy_perform(curl) == CURLE_OK) {
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
      char* ct = nullptr;
      curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct);
      if (ct != nullptr) r.content_type = ct;
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return r;
  }
  Response Get(const std::string& path, const std::string& token) const {
    return Request("GET", path, token);
  }

 protected:
  int port_;
};

// The citizenfocus binary serving a store, as a child process.
class Server : public HttpClient {
 public:
  // `serve_args`: more options for `serve` (e.g. --today).
  Server(const std::string& db, int port, const std::vector<std::string>& serve_args = {})
      : HttpClient(port) {
    std::vector<std::string> args = {CF_BINARY, "--db",     db,
                                     "serve",   "--listen", "127.0.0.1:" + std::to_string(port)};
    args.insert(args.end(), serve_args.begin(), serve_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      // A test that crashes must not leave its server holding ctest's output open: CI would
      // wait for the test's timeout instead of reporting the crash.
      if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) _exit(125);
      if (freopen("/dev/null", "w", stdout) == nullptr) _exit(126);
      execv(CF_BINARY, argv.data());
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      if (Get("/healthz", "").status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "server did not start";
  }
  ~Server() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    EXPECT_TRUE(WIFEXITED(status)) << "the server should stop cleanly on SIGTERM";
  }

 private:
  pid_t pid_;
};

constexpr const char* kEvents =
    R"({"id":"n1","type":"crime.recorded","crime":"N/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"n2","type":"person.added","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"given":"Ann","family":"Patel"}}
{"id":"n3","type":"suspect.arrested","crime":"N/1/24","at":"2024-12-03T10:00:00Z","suspect":"S-SECRET-1"}
{"id":"s1","type":"crime.recorded","crime":"S/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Robbery","unit":"S1","officer":"PC201"}
{"id":"s2","type":"person.added","crime":"S/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"}
)";

class HttpApi : public ::testing::Test {
 public:
  static const Server* server() { return server_; }

 protected:
  static void SetUpTestSuite() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CF_SKIP_WITHOUT_TEST_BACKEND();
    db_ =
        cf::testing::TestDb(::testing::TempDir() + "cf_http_" + std::to_string(::getpid()) + ".db");
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(db_ + s);
    auto accounts = cf::testing::OpenTestAccounts(db_);
    const std::pair<const char*, std::array<const char*, 3>> users[] = {
        {"officer_n", {"officer", "N1", "PC101"}},  {"officer_s", {"officer", "S1", "PC201"}},
        {"officer_n2", {"officer", "N1", "PC102"}}, {"supervisor_n", {"supervisor", "N1", "SGT1"}},
        {"bureau", {"bureau", "HQ", "B1"}},         {"analyst", {"analyst", "HQ", "A1"}},
        {"admin", {"admin", "HQ", "ADM"}},          {"victim_support", {"partner", "HQ", ""}}};
    // One Argon2id hash for every account (all share the password): each test runs in a
    // process of its own, and eight hashes took a second of each.
    const std::string hash = auth::HashPassword("a long test password");
    for (const auto& [name, u] : users) {
      storage::User user{
          0, name, *domain::ParseStaffRole(u[0]), u[1], u[2], hash, 0, "", false, "", "", "", ""};
      ASSERT_TRUE(accounts->AddUser(user));
      const std::string token = auth::NewToken();
      accounts->AddToken(auth::TokenHash(token), accounts->FindUser(name)->id, "test",
                         "2099-01-01T00:00:00Z");
      tokens_[name] = token;
    }
    port_ = FreePort();
    server_ = new Server(db_, port_);
    const auto r = server_->Request("POST", "/api/v1/events", tokens_["admin"], kEvents);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static void TearDownTestSuite() {
    delete server_;
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(db_ + s);
  }
  static Response Get(const std::string& path, const std::string& who) {
    return server_->Get(path, tokens_[who]);
  }

  static inline std::string db_;
  static inline int port_ = 0;
  static inline Server* server_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
};

// --- pages: sign-in, sessions, CSRF ---

inline std::string FormField(const std::string& html, const std::string& name) {
  const std::string key = "name=\"" + name + "\" value=\"";
  const auto at = html.find(key);
  if (at == std::string::npos) return "";
  const auto start = at + key.size();
  return html.substr(start, html.find('"', start) - start);
}

inline const std::vector<std::string> kForm = {"Content-Type: application/x-www-form-urlencoded"};

// Signs in through the pages; returns the session cookie ("" when refused).
inline std::string SignIn(const HttpClient& server, const std::string& name,
                          const std::string& password) {
  const auto page = server.Get("/login", "");
  const std::string csrf = FormField(page.body, "csrf");
  auto headers = kForm;
  headers.push_back("Cookie: cf_login_csrf=" + page.Cookie("cf_login_csrf"));
  const auto r = server.Request(
      "POST", "/login", "", "csrf=" + csrf + "&name=" + name + "&password=" + password, headers);
  return r.status == 303 ? r.Cookie("cf_session") : "";
}

// A signed-in page session: GETs with its cookie, POSTs forms with its CSRF token.
class PageSession {
 public:
  PageSession(const HttpClient& server, const std::string& name)
      : server_(server),
        cookie_("Cookie: cf_session=" + SignIn(server, name, "a+long+test+password")) {
    csrf_ = FormField(Get("/search").body, "csrf");
  }
  bool signed_in() const { return !csrf_.empty(); }
  Response Get(const std::string& path) const {
    return server_.Request("GET", path, "", "", {cookie_});
  }
  // `form` is urlencoded already; the session's CSRF token is added.
  Response Post(const std::string& path, const std::string& form) const {
    auto headers = kForm;
    headers.push_back(cookie_);
    return server_.Request("POST", path, "", "csrf=" + csrf_ + "&" + form, headers);
  }
  // A multipart form with the session's CSRF token and one file.
  Response PostFile(const std::string& path, const std::string& filename,
                    const std::string& content) const {
    const std::string b = "cfboundary7d93";
    const std::string body =
        "--" + b + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf_ + "\r\n--" +
        b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
        "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + b + "--\r\n";
    return server_.Request("POST", path, "", body,
                           {cookie_, "Content-Type: multipart/form-data; boundary=" + b});
  }

 private:
  const HttpClient& server_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace cf
