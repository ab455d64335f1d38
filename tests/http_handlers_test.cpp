// Every resource's handlers in one process: the real routes and boundaries (http::BackgroundServer)
// over the in-memory repositories and a fake clock, with libcurl as the client. No SQLite, no
// child process: each test runs in milliseconds (sign-in's Argon2id aside), and the clock is
// moved to test what time decides (lockouts ending, sessions expiring, what is stamped when).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/sign_in.hpp"
#include "calendar/calendar_loader.hpp"
#include "core/limits.hpp"
#include "http/server.hpp"
#include "storage/memory/memory_store.hpp"
#include "support/http_fixture.hpp"
#include "support/users.hpp"

namespace cf {
namespace {

using nlohmann::json;

// Mon 3 Mar 2025 09:00 Europe/London (GMT): 09:00 UTC.
constexpr core::Instant kMonday0900 = 1740992400000;
constexpr int64_t kMinute = 60'000;

class Handlers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    clock_ = new core::FakeClock(kMonday0900);
    stores_ = new storage::MemoryStores(storage::OpenMemoryStores(*clock_));
    lib_ = new rules::RuleLibrary(rules::RuleLibrary::BuiltIn().value());
    engine_ = new rules::ObligationEngine(*lib_, calendar::EnglandAndWales());
    services_ = new app::Services(*clock_, calendar::EnglandAndWales(), *lib_, *engine_,
                                  *stores_->cases, *stores_->accounts, *stores_->assessments,
                                  *stores_->portal, *stores_->quality);
    const std::string hash = auth::HashPassword("a long test password");
    for (const auto& [name, role, unit, officer] :
         {std::tuple{"officer_n", "officer", "N1", "PC101"},
          std::tuple{"officer_s", "officer", "S1", "PC201"},
          std::tuple{"supervisor_n", "supervisor", "N1", "SGT1"},
          std::tuple{"bureau", "bureau", "HQ", "B1"}, std::tuple{"analyst", "analyst", "HQ", "A1"},
          std::tuple{"admin", "admin", "HQ", "ADM"},
          std::tuple{"victim_support", "partner", "HQ", ""}}) {
      ASSERT_TRUE(stores_->accounts->AddUser(StaffUser(name, role, unit, officer, hash)));
      const std::string token = auth::NewToken();
      stores_->accounts->AddToken(auth::TokenHash(token), stores_->accounts->FindUser(name)->id,
                                  "test", "2099-01-01T00:00:00Z");
      tokens_[name] = token;
    }
    stores_->accounts->AddUnit({"N1", "North response team 1", "North"});
    const int port = FreePort();
    http::ServerOptions options;
    options.port = static_cast<uint16_t>(port);
    server_ = new http::BackgroundServer(options, *services_);
    client_ = new HttpClient(port);
    ASSERT_EQ(client_->Request("POST", "/api/v1/events", tokens_["admin"], kEvents).status, 200);
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
    delete services_;
    delete engine_;
    delete lib_;
    delete stores_;
    delete clock_;
  }
  void SetUp() override { clock_->Set(kMonday0900); }

  static Response Get(const std::string& path, const std::string& who) {
    return client_->Get(path, tokens_[who]);
  }
  static Response Post(const std::string& path, const std::string& who, const json& body) {
    return client_->Request("POST", path, tokens_[who], body.dump());
  }
  // The newest audit entry of `user`.
  static storage::AuditEntry LastAudit(const std::string& user) {
    const auto log = stores_->accounts->AuditLog(user, "", 1);
    return log.empty() ? storage::AuditEntry{} : log.front();
  }

  static inline core::FakeClock* clock_ = nullptr;
  static inline storage::MemoryStores* stores_ = nullptr;
  static inline rules::RuleLibrary* lib_ = nullptr;
  static inline rules::ObligationEngine* engine_ = nullptr;
  static inline app::Services* services_ = nullptr;
  static inline http::BackgroundServer* server_ = nullptr;
  static inline HttpClient* client_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
};

TEST_F(Handlers, QueueFollowsRoleAndUnitAndAuditsOnTheClocksDay) {
  const auto mine = Get("/api/v1/queue", "officer_n");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto q = json::parse(mine.body);
  EXPECT_EQ(q["as_of"], "2025-03-03");
  ASSERT_FALSE(q["items"].empty());
  for (const auto& i : q["items"]) EXPECT_EQ(i["officer"], "PC101");
  EXPECT_EQ(LastAudit("officer_n").at, "2025-03-03T09:00:00Z");
  EXPECT_EQ(Get("/api/v1/queue?unit=S1", "supervisor_n").status, 403);
  EXPECT_EQ(Get("/api/v1/queue", "victim_support").status, 403);
  EXPECT_EQ(Get("/api/v1/queue?as_of=soon", "officer_n").status, 400);
  EXPECT_EQ(Get("/api/v1/queue", "nobody").status, 401);
}

TEST_F(Handlers, CasesAreSeenWithinTheUnitAndRefusalsAreAudited) {
  EXPECT_EQ(Get("/api/v1/cases/N%2F1%2F24", "officer_n").status, 200);
  EXPECT_EQ(Get("/api/v1/cases/N%2F1%2F24", "officer_s").status, 404);
  EXPECT_EQ(LastAudit("officer_s").action, "denied_case");
  EXPECT_EQ(Get("/api/v1/cases/X%2F9", "admin").status, 404);
  const auto body = Get("/api/v1/cases/N%2F1%2F24", "bureau").body;
  EXPECT_EQ(body.find("S-SECRET-1"), std::string::npos) << "no suspect details";
}

TEST_F(Handlers, AContactIsStampedByTheClock) {
  clock_->Advance(90 * kMinute);
  const json contact = {{"person", "V1"}, {"channel", "phone"}, {"outcome", "spoke"}};
  const auto r = Post("/api/v1/cases/N%2F1%2F24/contacts", "officer_n", contact);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto stored = json::parse(stores_->cases->EventBodies("N/1/24").back());
  EXPECT_EQ(stored["type"], "contact.made");
  EXPECT_EQ(stored["at"], "2025-03-03T10:30:00Z");
  EXPECT_EQ(LastAudit("officer_n").action, "recorded_contact");
  EXPECT_EQ(Post("/api/v1/cases/N%2F1%2F24/contacts", "analyst", contact).status, 403);
  EXPECT_EQ(Post("/api/v1/cases/N%2F1%2F24/contacts", "officer_n",
                 {{"person", "V1"}, {"channel", "pigeon"}, {"outcome", "spoke"}})
                .status,
            422);
}

TEST_F(Handlers, SearchTeamAndEvents) {
  const auto found = json::parse(Get("/api/v1/search?q=patel", "bureau").body);
  ASSERT_EQ(found["results"].size(), 1u);
  EXPECT_EQ(found["results"][0]["crime"], "N/1/24");
  EXPECT_EQ(Get("/api/v1/search?q=patel", "analyst").status, 403);
  const auto team = Get("/api/v1/team", "supervisor_n");
  ASSERT_EQ(team.status, 200);
  EXPECT_EQ(json::parse(team.body)["unit"], "N1");
  EXPECT_EQ(Get("/api/v1/team?unit=S1", "supervisor_n").status, 403);
  EXPECT_EQ(client_->Request("POST", "/api/v1/events", tokens_["officer_n"], kEvents).status, 403);
  const auto again = client_->Request("POST", "/api/v1/events", tokens_["admin"], kEvents);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(json::parse(again.body)["accepted"], 0) << "idempotent";
}

TEST_F(Handlers, CallBacksAndReferrals) {
  const auto raised = Post("/api/v1/cases/N%2F1%2F24/calls", "bureau",
                           {{"person", "V1"}, {"request", "any news?"}, {"answered", false}});
  ASSERT_EQ(raised.status, 200) << raised.body;
  const auto open = json::parse(Get("/api/v1/call-backs", "officer_n").body);
  ASSERT_FALSE(open["call_backs"].empty()) << open.dump();
  EXPECT_EQ(open["call_backs"][0]["raised_at"], "2025-03-03T09:00:00Z");
  EXPECT_EQ(Get("/api/v1/referrals", "victim_support").status, 200);
  EXPECT_EQ(Get("/api/v1/referrals", "officer_n").status, 403);
  EXPECT_EQ(Get("/api/v1/referrals?status=accepted", "victim_support").status, 200);
  EXPECT_EQ(Get("/api/v1/referrals?status=escalated", "victim_support").status, 400)
      << "a status that does not exist is refused, not answered with nothing";
}

TEST_F(Handlers, LockoutsEndAndSessionsExpireByTheClock) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SignIn(*client_, "analyst", "wrong+password+here"), "");
  EXPECT_EQ(SignIn(*client_, "analyst", "a+long+test+password"), "") << "locked";
  clock_->Advance(16 * kMinute);
  const std::string session = SignIn(*client_, "analyst", "a+long+test+password");
  ASSERT_NE(session, "") << "the lock ends after 15 minutes";
  const std::vector<std::string> cookie = {"Cookie: cf_session=" + session};
  EXPECT_EQ(client_->Request("GET", "/", "", "", cookie).status, 200);
  clock_->Advance(12 * 60 * kMinute + kMinute);
  EXPECT_EQ(client_->Request("GET", "/", "", "", cookie).status, 303) << "expired after 12 h";
}

TEST_F(Handlers, PagesForEachRole) {
  const PageSession officer(*client_, "officer_n");
  ASSERT_TRUE(officer.signed_in());
  EXPECT_EQ(officer.Get("/").status, 200);
  EXPECT_EQ(officer.Get("/cases/N%2F1%2F24").status, 200);
  EXPECT_EQ(officer.Get("/cases/S%2F1%2F24").status, 404);
  EXPECT_EQ(officer.Get("/admin/users").status, 403);
  EXPECT_EQ(officer.Get("/assessments").status, 403);
  EXPECT_EQ(officer.Post("/cases/N%2F1%2F24/messages/preview", "person=V1&template=acknowledgement")
                .status,
            200);
  const PageSession supervisor(*client_, "supervisor_n");
  EXPECT_EQ(supervisor.Get("/rota").status, 200);
  const PageSession admin(*client_, "admin");
  for (const char* page : {"/admin/users", "/admin/units", "/admin/settings", "/admin/templates",
                           "/admin/audit", "/assessments", "/search?q=patel"}) {
    EXPECT_EQ(admin.Get(page).status, 200) << page;
  }
  const PageSession analyst(*client_, "analyst");
  EXPECT_EQ(analyst.Get("/assessments").status, 200);
  EXPECT_EQ(analyst.Post("/cases/N%2F1%2F24/messages/preview", "person=V1&template=acknowledgement")
                .status,
            403);
}

// Issue 12, class 6: header injection. A line break in a form value must not reach a response
// header: the rota's redirect carried the posted "from" as it came.
TEST_F(Handlers, HeaderInjectionThroughAFormValueIsRefused) {
  const PageSession supervisor(*client_, "supervisor_n");
  ASSERT_TRUE(supervisor.signed_in());
  const auto r =
      supervisor.Post("/rota/shifts",
                      "unit=N1&user=officer_n&date=2025-03-04&start=07%3A00&end=15%3A00"
                      "&from=2025-03-03%0D%0ASet-Cookie%3A%20evil%3D1%0D%0AX-Injected%3A%201");
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.headers.find("evil=1"), std::string::npos) << r.headers;
  EXPECT_EQ(r.headers.find("X-Injected"), std::string::npos) << r.headers;
  EXPECT_NE(r.headers.find("from=2025-03-03&"), std::string::npos)
      << "a date that does not parse is not carried on\n"
      << r.headers;
}

// Issue 12, class 4: per-request state leaking between requests. What one request set (the
// user, their session and CSRF token) never reaches the next: an anonymous visitor's pages after
// an admin's carry none of it.
TEST_F(Handlers, PerRequestStateDoesNotLeakIntoTheNextRequest) {
  const PageSession admin(*client_, "admin");
  ASSERT_TRUE(admin.signed_in());
  const auto own = admin.Get("/admin/users");
  ASSERT_EQ(own.status, 200);
  const std::string csrf = FormField(own.body, "csrf");
  ASSERT_FALSE(csrf.empty());
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/login"},
                                                        {"GET", "/admin/users"},
                                                        {"POST", "/admin/users"},
                                                        {"GET", "/cases/N%2F1%2F24"},
                                                        {"GET", "/no/such/page"}}) {
    const auto anon = client_->Request(method, path, "", method == "POST" ? "name=x" : "",
                                       method == "POST" ? kForm : std::vector<std::string>{});
    EXPECT_EQ(anon.body.find(csrf), std::string::npos) << method << " " << path;
    EXPECT_EQ(anon.body.find("Sign out"), std::string::npos) << method << " " << path;
  }
}

// Issue 12, class 11: existence leaks. Another unit's case answers exactly as a missing one does
// (the refusal is still audited); a role that sees no cases is refused whatever the reference.
TEST_F(Handlers, ExistenceLeaksNoCaseOutsideTheUnitAnswersDifferentlyFromAMissingOne) {
  const auto theirs = Get("/api/v1/cases/N%2F1%2F24", "officer_s");
  const auto missing = Get("/api/v1/cases/N%2F9%2F99", "officer_s");
  EXPECT_EQ(theirs.status, 404);
  EXPECT_EQ(missing.status, 404);
  auto without_reference = [](std::string body, const std::string& ref) {
    for (size_t at; (at = body.find(ref)) != std::string::npos;) body.erase(at, ref.size());
    return body;
  };
  EXPECT_EQ(without_reference(theirs.body, "N/1/24"), without_reference(missing.body, "N/9/99"));
  EXPECT_EQ(Get("/api/v1/cases/N%2F1%2F24", "analyst").status, 403);
  EXPECT_EQ(Get("/api/v1/cases/N%2F9%2F99", "analyst").status, 403)
      << "refused whether or not the case exists";
}

// Issue 12, class 1: unbounded work from one request. A day far from today is refused before
// any case is computed for it, with the range it must be in.
TEST_F(Handlers, UnboundedWorkFromOneRequestIsRefusedBeforeItStarts) {
  for (const std::string day : {"9999-12-31", "2200-01-01", "1900-01-01"}) {
    const auto r = Get("/api/v1/queue?as_of=" + day, "officer_n");
    EXPECT_EQ(r.status, 400) << day;
    EXPECT_NE(r.body.find("as_of must be from"), std::string::npos) << r.body;
    EXPECT_EQ(Get("/api/v1/team?unit=N1&as_of=" + day, "supervisor_n").status, 400) << day;
  }
  EXPECT_EQ(Get("/api/v1/queue?as_of=2025-12-31", "officer_n").status, 200) << "within a year";
}

// Issue 12, class 2: crashes on hostile structure. JSON nested 100,000 deep is refused before
// it is parsed, in a body and in an event line, and the server lives on.
TEST_F(Handlers, CrashesOnHostileStructureBecomeClearRefusals) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string event_start =
      R"({"id":"deep-1","type":"crime.recorded","crime":"D/1","at":"2025-03-03T09:00:00Z","x":)";
  const auto imported =
      client_->Request("POST", "/api/v1/events", tokens_["admin"], event_start + deep + "}");
  EXPECT_EQ(imported.status, 422) << imported.body;
  EXPECT_NE(imported.body.find("an event may be at most"), std::string::npos) << imported.body;
  const std::string nested = std::string(10000, '[') + std::string(10000, ']');
  const auto nested_event =
      client_->Request("POST", "/api/v1/events", tokens_["admin"], event_start + nested + "}");
  EXPECT_EQ(nested_event.status, 422) << nested_event.body;
  EXPECT_NE(nested_event.body.find("nested deeper than"), std::string::npos) << nested_event.body;
  const auto array = client_->Request("POST", "/api/v1/events", tokens_["admin"], deep);
  EXPECT_EQ(array.status, 400) << array.body;
  const auto body = client_->Request("POST", "/api/v1/cases/N%2F1%2F24/contacts",
                                     tokens_["officer_n"], R"({"person":)" + deep + "}");
  EXPECT_EQ(body.status, 400) << body.body;
  EXPECT_EQ(Get("/api/v1/queue", "officer_n").status, 200) << "the server is still up";
}

// Issue 12, class 5: unbounded request bodies and fields. Each route has a body limit (413
// above it), and a field longer than its limit is refused before anything is stored.
TEST_F(Handlers, UnboundedBodiesAndFieldsAreRefused) {
  const std::string big(core::kApiBodyBytes + 1, ' ');
  EXPECT_EQ(client_->Request("POST", "/api/v1/cases/N%2F1%2F24/contacts", tokens_["officer_n"], big)
                .status,
            413);
  const auto page = client_->Get("/login", "");
  auto headers = kForm;
  headers.push_back("Cookie: cf_login_csrf=" + page.Cookie("cf_login_csrf"));
  const std::string huge_name(core::kFormBodyBytes, 'a');
  EXPECT_EQ(client_->Request("POST", "/login", "", "name=" + huge_name, headers).status, 413);
  const size_t audited = stores_->accounts->AuditLog("", "", 100000).size();
  const auto long_name =
      client_->Request("POST", "/login", "",
                       "csrf=" + FormField(page.body, "csrf") +
                           "&name=" + std::string(core::kFieldChars + 1, 'a') + "&password=x",
                       headers);
  EXPECT_EQ(long_name.status, 400);
  EXPECT_NE(long_name.body.find("may be at most"), std::string::npos) << long_name.body;
  EXPECT_EQ(stores_->accounts->AuditLog("", "", 100000).size(), audited) << "nothing stored";
  json contact = {{"person", std::string(core::kFieldChars + 1, 'V')}, {"channel", "phone"}};
  EXPECT_EQ(Post("/api/v1/cases/N%2F1%2F24/contacts", "officer_n", contact).status, 400);
}

// Issue 12, class 7: validation gaps at the HTTP boundary. An event id a client chose is kept
// under the client's own prefix, so it cannot collide with the force's ids; malformed
// percent-encoding in the path or the query is a 400, not a server error.
TEST_F(Handlers, ValidationGapsAtTheBoundaryAreClosed) {
  const std::string line =
      R"({"id":"E-client-1","type":"crime.recorded","crime":"V/7/25","at":"2025-03-03T08:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"})";
  ASSERT_EQ(client_->Request("POST", "/api/v1/events", tokens_["admin"], line).status, 200);
  EXPECT_TRUE(stores_->cases->EventHash("api:admin:E-client-1"));
  EXPECT_FALSE(stores_->cases->EventHash("E-client-1")) << "the force's own id stays free";
  EXPECT_EQ(json::parse(stores_->cases->EventBodies("V/7/25").front())["id"],
            "api:admin:E-client-1");
  const auto again = client_->Request("POST", "/api/v1/events", tokens_["admin"], line);
  EXPECT_EQ(again.status, 200) << "the same event again is a no-op: " << again.body;

  // Class 1 through an event: one dated far ahead would have years of duties planned and
  // stored; one before 2000 is a mistake.
  for (const std::string at : {"2046-01-01T10:00:00Z", "1999-12-31T10:00:00Z"}) {
    const auto far =
        client_->Request("POST", "/api/v1/events", tokens_["admin"],
                         R"({"id":"far-1","type":"crime.recorded","crime":"F/1/25","at":")" + at +
                             R"(","crime_type":"Burglary","unit":"N1","officer":"PC101"})");
    EXPECT_EQ(far.status, 422) << at;
    EXPECT_NE(far.body.find("outside the days an event may have"), std::string::npos) << far.body;
  }
  EXPECT_FALSE(stores_->cases->FindCase("F/1/25"));

  EXPECT_EQ(Get("/api/v1/cases/N%2", "officer_n").status, 400);
  EXPECT_EQ(Get("/api/v1/cases/N%zz1", "officer_n").status, 400);
  EXPECT_EQ(Get("/api/v1/queue?as_of=%zz", "officer_n").status, 400);
  EXPECT_EQ(Get("/api/v1/search?q=%", "bureau").status, 400);
}

// Issue 12, class 8: password checks (Argon2id, a tenth of a second each) run off the server's
// thread, so a burst of sign-ins does not hold up everyone else's requests: a request sent
// while they are being checked is answered before any of them.
TEST_F(Handlers, SignInsDoNotHoldUpOtherRequests) {
  using Clock = std::chrono::steady_clock;
  std::vector<Clock::time_point> signed_in(4);
  std::vector<std::thread> sign_ins;
  for (size_t i = 0; i < signed_in.size(); ++i) {
    sign_ins.emplace_back([&, i] {
      // Names nobody has: each still costs one full password check.
      SignIn(*client_, "nobody" + std::to_string(i), "a+long+test+password");
      signed_in[i] = Clock::now();
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  const auto health = client_->Get("/healthz", "");
  const auto answered = Clock::now();
  for (auto& t : sign_ins) t.join();
  EXPECT_EQ(health.status, 200);
  EXPECT_LT(answered, *std::min_element(signed_in.begin(), signed_in.end()))
      << "the health check waited for a password check";
}

// Issue 12, class 8: the lockout holds when wrong passwords arrive together. Each outcome is
// decided on the account as it is when its check ends, so guesses kept in flight cannot
// clear a lock another has just set.
TEST_F(Handlers, SessionsAndTokensLockoutHoldsAgainstGuessesInFlight) {
  ASSERT_TRUE(stores_->accounts->AddUser(
      StaffUser("guessed", "officer", "N1", "PC150", auth::HashPassword("a long test password"))));
  std::vector<std::thread> guesses;
  for (int i = 0; i < 8; ++i) {
    guesses.emplace_back([i] { SignIn(*client_, "guessed", "wrong+guess+" + std::to_string(i)); });
  }
  for (auto& t : guesses) t.join();
  const auto user = stores_->accounts->FindUser("guessed");
  EXPECT_FALSE(user->locked_until.empty()) << "five wrong passwords lock it";
  EXPECT_EQ(user->failed_logins, app::kMaxFailedSignIns);
  EXPECT_EQ(SignIn(*client_, "guessed", "a+long+test+password"), "") << "still locked";
}

}  // namespace
}  // namespace cf
