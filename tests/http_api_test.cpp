// The JSON API over real HTTP: the citizenfocus binary serves a real SQLite store on a
// loopback port; libcurl is the client. Every route against each role, across units.
#include <curl/curl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/clock.hpp"
#include "storage/case_store.hpp"
#include "support/http_fixture.hpp"
#include "support/users.hpp"

namespace cf {
namespace {

using nlohmann::json;

TEST_F(HttpApi, HealthAndOpenApiNeedNoToken) {
  EXPECT_EQ(server_->Get("/healthz", "").status, 200);
  const auto doc = server_->Get("/api/v1/openapi.json", "");
  ASSERT_EQ(doc.status, 200);
  const auto j = json::parse(doc.body);
  EXPECT_EQ(j["openapi"], "3.0.3");
  for (const char* path : {"/api/v1/queue", "/api/v1/cases/{crime}", "/api/v1/events",
                           "/api/v1/cases/{crime}/contacts", "/api/v1/cases/{crime}/close",
                           "/api/v1/cases/{crime}/calls", "/api/v1/call-backs",
                           "/api/v1/cases/{crime}/call-backs/{id}/done"}) {
    EXPECT_TRUE(j["paths"].contains(path)) << path;
  }
}

TEST_F(HttpApi, EveryApiRouteRefusesAMissingOrWrongToken) {
  for (const char* path : {"/api/v1/queue", "/api/v1/cases/N%2F1%2F24"}) {
    for (const std::string& token : {std::string(), std::string("cf_not_a_token")}) {
      const auto r = server_->Get(path, token);
      EXPECT_EQ(r.status, 401) << path;
      EXPECT_EQ(r.content_type, "application/problem+json");
      EXPECT_EQ(json::parse(r.body)["status"], 401);
    }
  }
  EXPECT_EQ(server_->Request("POST", "/api/v1/events", "", kEvents).status, 401);
}

TEST_F(HttpApi, QueueScopesFollowRoleAndUnit) {
  struct Row {
    const char* who;
    const char* query;
    long status;
  };
  for (const auto& c : std::vector<Row>{{"officer_n", "", 200},
                                        {"officer_n", "?officer=PC101", 200},
                                        {"officer_n", "?officer=PC201", 403},
                                        {"officer_n", "?unit=N1", 403},
                                        {"supervisor_n", "", 200},
                                        {"supervisor_n", "?unit=N1", 200},
                                        {"supervisor_n", "?unit=S1", 403},
                                        {"supervisor_n", "?officer=PC101", 200},
                                        {"bureau", "?unit=S1", 200},
                                        {"analyst", "", 200},
                                        {"admin", "?officer=PC201", 200},
                                        {"admin", "?officer=A&unit=B", 400},
                                        {"admin", "?as_of=yesterday", 400},
                                        {"admin", "?limit=lots", 400}}) {
    const auto r = Get(std::string("/api/v1/queue") + c.query, c.who);
    EXPECT_EQ(r.status, c.status) << c.who << " " << c.query << ": " << r.body;
  }
  // An officer's queue holds only their cases.
  const auto mine = json::parse(Get("/api/v1/queue?as_of=2024-12-31", "officer_n").body);
  ASSERT_FALSE(mine["items"].empty());
  for (const auto& item : mine["items"]) EXPECT_EQ(item["officer"], "PC101");
  const auto theirs = json::parse(Get("/api/v1/queue?as_of=2024-12-31&unit=S1", "bureau").body);
  for (const auto& item : theirs["items"]) EXPECT_EQ(item["unit"], "S1");
  EXPECT_EQ(mine["total"],
            mine["red"].get<int>() + mine["amber"].get<int>() + mine["green"].get<int>());
  // A supervisor drilling into an officer of another unit sees nothing of that unit.
  const auto other =
      json::parse(Get("/api/v1/queue?as_of=2024-12-31&officer=PC201", "supervisor_n").body);
  EXPECT_EQ(other["total"], 0);
}

// Issue 13: the queue's view is in its URL: paged, filtered and sorted, each bad value refused
// by name.
TEST_F(HttpApi, TheQueueIsPagedFilteredAndSortedAndABadViewIsRefusedByName) {
  const std::string base = "/api/v1/queue?as_of=2024-12-31";
  const auto all = json::parse(Get(base + "&limit=0", "admin").body);
  const int lines = all["lines"];
  ASSERT_GE(lines, 3);
  ASSERT_EQ(all["items"].size(), static_cast<size_t>(lines));
  const auto second = json::parse(Get(base + "&limit=1&offset=1", "admin").body);
  EXPECT_EQ(second["lines"], lines) << "the count is of every page";
  EXPECT_EQ(second["offset"], 1);
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0], all["items"][1]);
  int by_colour = 0;
  for (const std::string rag : {"red", "amber", "green"}) {
    const auto some = json::parse(Get(base + "&limit=0&rag=" + rag, "admin").body);
    for (const auto& item : some["items"]) EXPECT_EQ(item["rag"], rag);
    by_colour += some["lines"].get<int>();
  }
  EXPECT_EQ(by_colour, lines);
  const auto updates = json::parse(Get(base + "&limit=0&duty=periodic_update", "admin").body);
  ASSERT_FALSE(updates["items"].empty());
  for (const auto& item : updates["items"]) EXPECT_EQ(item["duty"], "periodic_update");
  const auto robbery = json::parse(Get(base + "&limit=0&crime_type=Robbery", "admin").body);
  ASSERT_FALSE(robbery["items"].empty());
  for (const auto& item : robbery["items"]) EXPECT_EQ(item["crime"], "S/1/24");
  const auto by_crime = json::parse(Get(base + "&limit=0&sort=crime", "admin").body);
  for (size_t i = 1; i < by_crime["items"].size(); ++i) {
    EXPECT_LE(by_crime["items"][i - 1]["crime"].get<std::string>(),
              by_crime["items"][i]["crime"].get<std::string>());
  }
  EXPECT_EQ(all["items"][0]["person_name"].is_string(), true);
  for (const auto& [query, name] :
       std::vector<std::pair<std::string, std::string>>{{"rag=purple", "rag"},
                                                        {"duty=make_tea", "duty"},
                                                        {"sort=age", "sort"},
                                                        {"offset=-1", "offset"},
                                                        {"enhanced=maybe", "enhanced"},
                                                        {"limit=10001", "limit"}}) {
    const auto r = Get(base + "&" + query, "admin");
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_NE(r.body.find("?" + name), std::string::npos) << query << ": " << r.body;
  }
}

// Issue 13: a duty unmet when its case closed goes to the unit's supervisor, who acknowledges
// it with a note; nobody else may.
TEST_F(HttpApi, DutiesMissedBeforeClosureAreTheSupervisorsToAcknowledge) {
  const auto imported = server_->Request(
      "POST", "/api/v1/events", tokens_["admin"],
      R"({"id":"k1","type":"crime.recorded","crime":"K/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC102"}
{"id":"k2","type":"person.added","crime":"K/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"}
{"id":"k3","type":"case.closed","crime":"K/1/24","at":"2024-12-04T10:00:00Z","outcome":"no_suspect","reason":"no leads"}
)");
  ASSERT_EQ(imported.status, 200) << imported.body;
  const auto queue = json::parse(Get("/api/v1/queue?officer=PC102&limit=0", "officer_n2").body);
  for (const auto& item : queue["items"]) EXPECT_NE(item["crime"], "K/1/24") << item.dump();
  EXPECT_EQ(Get("/api/v1/missed", "officer_n2").status, 403);
  EXPECT_EQ(Get("/api/v1/missed", "analyst").status, 403);
  EXPECT_EQ(Get("/api/v1/missed?unit=S1", "supervisor_n").status, 403);
  const auto missed = json::parse(Get("/api/v1/missed", "supervisor_n").body);
  ASSERT_GE(missed["total"].get<int>(), 1) << missed.dump();
  json item;
  for (const auto& i : missed["items"]) {
    if (i["crime"] == "K/1/24") item = i;
  }
  ASSERT_TRUE(item.is_object()) << missed.dump();
  auto ack = [&](const std::string& who, const std::string& notes) {
    const json body = {{"crime", item["crime"]},
                       {"person", item["person"]},
                       {"duty", item["duty"]},
                       {"instance", item["instance"]},
                       {"notes", notes}};
    return server_->Request("POST", "/api/v1/missed/acknowledge", tokens_[who], body.dump());
  };
  EXPECT_EQ(ack("officer_n2", "done").status, 404) << "not the officer's to acknowledge";
  EXPECT_EQ(ack("supervisor_n", "   ").status, 422) << "a note is required";
  EXPECT_EQ(ack("supervisor_n", "Victim written to on 5 Dec").status, 200);
  EXPECT_EQ(ack("supervisor_n", "again").status, 409);
  const auto after = json::parse(Get("/api/v1/missed", "supervisor_n").body);
  EXPECT_EQ(after["total"].get<int>(), missed["total"].get<int>() - 1);
}

TEST_F(HttpApi, CasesAreSeenOnlyWithinRoleAndUnitAndNeverShowSuspects) {
  struct Row {
    const char* who;
    const char* crime;
    long status;
  };
  for (const auto& c : std::vector<Row>{{"officer_n", "N%2F1%2F24", 200},
                                        {"officer_n", "S%2F1%2F24", 404},
                                        {"officer_s", "S%2F1%2F24", 200},
                                        {"supervisor_n", "S%2F1%2F24", 404},
                                        {"bureau", "S%2F1%2F24", 200},
                                        {"analyst", "N%2F1%2F24", 403},
                                        {"admin", "N%2F1%2F24", 200},
                                        {"admin", "X%2F9", 404}}) {
    const auto r = Get(std::string("/api/v1/cases/") + c.crime, c.who);
    EXPECT_EQ(r.status, c.status) << c.who << " " << c.crime << ": " << r.body;
  }
  const auto r = Get("/api/v1/cases/N%2F1%2F24", "officer_n");
  EXPECT_EQ(r.body.find("S-SECRET-1"), std::string::npos) << "suspect ids are never returned";
  const auto j = json::parse(r.body);
  EXPECT_EQ(j["crime"], "N/1/24");
  EXPECT_EQ(j["people"][0]["person"], "V1");
  bool arrest = false;
  for (const auto& o : j["obligations"])
    arrest |= o["duty"] == "arrest" && o["deadline"] == "2024-12-10";
  EXPECT_TRUE(arrest);
}

TEST_F(HttpApi, RecordingEventsNeedsAdminIsAtomicAndIdempotent) {
  const std::string contact =
      R"({"id":"n4","type":"contact.made","crime":"N/1/24","at":"2024-12-04T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke"})";
  for (const char* who : {"officer_n", "supervisor_n", "bureau", "analyst"}) {
    EXPECT_EQ(server_->Request("POST", "/api/v1/events", tokens_[who], contact).status, 403) << who;
  }
  const auto bad =
      server_->Request("POST", "/api/v1/events", tokens_["admin"], contact + "\nnot json\n");
  EXPECT_EQ(bad.status, 422);
  const auto problem = json::parse(bad.body);
  ASSERT_EQ(problem["errors"].size(), 1u);
  EXPECT_EQ(problem["errors"][0]["line"], 2);
  // Nothing from the bad request was stored: the arrest is still unmet.
  auto arrest_met = [&] {
    const auto c = json::parse(Get("/api/v1/cases/N%2F1%2F24", "admin").body);
    for (const auto& o : c["obligations"]) {
      if (o["duty"] == "arrest") return !o["met_at"].is_null();
    }
    return false;
  };
  EXPECT_FALSE(arrest_met());
  const auto ok = server_->Request("POST", "/api/v1/events", tokens_["admin"], contact);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["accepted"], 1);
  EXPECT_TRUE(arrest_met());
  const auto again = server_->Request("POST", "/api/v1/events", tokens_["admin"], contact);
  EXPECT_EQ(json::parse(again.body)["accepted"], 0);
  EXPECT_EQ(json::parse(again.body)["duplicates"], 1);
}

TEST_F(HttpApi, EveryViewRefusalAndChangeIsAudited) {
  Get("/api/v1/cases/N%2F1%2F24", "officer_n");
  Get("/api/v1/cases/S%2F1%2F24", "officer_n");
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("officer_n", "", 10);
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log[0].action, "denied_case");
  EXPECT_EQ(log[0].crime, "S/1/24");
  EXPECT_EQ(log[1].action, "viewed_case");
  EXPECT_EQ(log[1].crime, "N/1/24");
  EXPECT_EQ(log[1].source, "127.0.0.1");
}

TEST_F(HttpApi, RecordingAContactShowsWhatItSatisfiesFirst) {
  const json contact = {
      {"person", "V1"}, {"channel", "phone"}, {"outcome", "spoke"}, {"summary", "told of arrest"}};
  const auto preview = server_->Request("POST", "/api/v1/cases/S%2F1%2F24/contacts?preview=true",
                                        tokens_["officer_s"], contact.dump());
  ASSERT_EQ(preview.status, 200) << preview.body;
  const auto p = json::parse(preview.body);
  EXPECT_FALSE(p["recorded"]);
  std::set<std::string> duties;
  for (const auto& d : p["satisfies"]) duties.insert(d["duty"]);
  EXPECT_TRUE(duties.count("periodic_update")) << preview.body;
  // Nothing was stored by the preview.
  const auto before = json::parse(Get("/api/v1/cases/S%2F1%2F24", "admin").body);
  for (const auto& o : before["obligations"]) EXPECT_TRUE(o["met_at"].is_null());
  EXPECT_EQ(server_
                ->Request("POST", "/api/v1/cases/S%2F1%2F24/contacts", tokens_["officer_n"],
                          contact.dump())
                .status,
            404)
      << "another unit's case answers as a missing one";
  EXPECT_EQ(
      server_
          ->Request("POST", "/api/v1/cases/S%2F1%2F24/contacts", tokens_["analyst"], contact.dump())
          .status,
      403);
  const auto bad =
      server_->Request("POST", "/api/v1/cases/S%2F1%2F24/contacts", tokens_["officer_s"],
                       json{{"person", "V1"}, {"channel", "pigeon"}, {"outcome", "spoke"}}.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(json::parse(bad.body)["detail"].get<std::string>().find("channel"), std::string::npos);
  const auto missing =
      server_->Request("POST", "/api/v1/cases/S%2F1%2F24/contacts", tokens_["officer_s"],
                       json{{"channel", "phone"}, {"outcome", "spoke"}}.dump());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json::parse(missing.body)["errors"][0]["pointer"], "/person");
  const auto recorded = server_->Request("POST", "/api/v1/cases/S%2F1%2F24/contacts",
                                         tokens_["bureau"], contact.dump());
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  EXPECT_TRUE(json::parse(recorded.body)["recorded"]);
  bool met = false;
  const auto c = json::parse(Get("/api/v1/cases/S%2F1%2F24", "admin").body);
  for (const auto& o : c["obligations"])
    met |= o["duty"] == "periodic_update" && !o["met_at"].is_null();
  EXPECT_TRUE(met);
}

TEST_F(HttpApi, TheClosureGateStopsClosingBeforeVictimsAreToldUnlessASupervisorOverrides) {
  // A no-charge decision on N/1/24 that the victim has not been told of.
  ASSERT_EQ(
      server_
          ->Request(
              "POST", "/api/v1/events", tokens_["admin"],
              R"({"id":"n9","type":"decision.no_charge","crime":"N/1/24","at":"2024-12-05T10:00:00Z","vrr_eligible":true})")
          .status,
      200);
  const json close = {{"outcome", "evidential_difficulties"}, {"reason", "no realistic prospect"}};
  const auto refused = server_->Request("POST", "/api/v1/cases/N%2F1%2F24/close",
                                        tokens_["officer_n"], close.dump());
  ASSERT_EQ(refused.status, 409) << refused.body;
  const auto problem = json::parse(refused.body);
  EXPECT_NE(problem["errors"][0]["message"].get<std::string>().find("no_charge"), std::string::npos)
      << refused.body;
  // An officer cannot override; a supervisor can, with a reason, and it is audited.
  json with_reason = close;
  with_reason["override_reason"] = "victim moved abroad, unreachable";
  EXPECT_EQ(server_
                ->Request("POST", "/api/v1/cases/N%2F1%2F24/close", tokens_["officer_n"],
                          with_reason.dump())
                .status,
            409);
  EXPECT_EQ(
      server_
          ->Request("POST", "/api/v1/cases/N%2F1%2F24/close", tokens_["bureau"], with_reason.dump())
          .status,
      403);
  const auto closed = server_->Request("POST", "/api/v1/cases/N%2F1%2F24/close",
                                       tokens_["supervisor_n"], with_reason.dump());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_TRUE(json::parse(closed.body)["overridden"]);
  EXPECT_TRUE(json::parse(Get("/api/v1/cases/N%2F1%2F24", "admin").body)["closed"]);
  EXPECT_EQ(
      server_
          ->Request("POST", "/api/v1/cases/N%2F1%2F24/close", tokens_["supervisor_n"], close.dump())
          .status,
      409)
      << "already closed";
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("supervisor_n", "N/1/24", 5);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].action, "closed_case_override");
  EXPECT_EQ(log[0].detail, "victim moved abroad, unreachable");
}

// --- pages: sign-in, sessions, CSRF, lockout, forms ---

TEST_F(HttpApi, SignInNeedsTheFormsOwnTokenAndTheRightPassword) {
  EXPECT_EQ(server_->Get("/", "").status, 303) << "signed out: to the sign-in page";
  const auto page = server_->Get("/login", "");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.headers.find("HttpOnly; Secure; SameSite=Strict"), std::string::npos);
  // No CSRF cookie: refused even with the right password.
  EXPECT_EQ(server_
                ->Request("POST", "/login", "",
                          "csrf=x&name=officer_n&password=a+long+test+password", kForm)
                .status,
            403);
  EXPECT_EQ(SignIn(*server_, "officer_n", "wrong"), "");
  const std::string session = SignIn(*server_, "officer_n", "a+long+test+password");
  ASSERT_FALSE(session.empty());
  const auto home = server_->Request("GET", "/", "", "", {"Cookie: cf_session=" + session});
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("My victims and witnesses"), std::string::npos);
  EXPECT_NE(home.headers.find("Content-Security-Policy"), std::string::npos);
}

TEST_F(HttpApi, FiveWrongPasswordsLockTheAccount) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(SignIn(*server_, "analyst", "guess" + std::to_string(i)), "");
  EXPECT_EQ(SignIn(*server_, "analyst", "a+long+test+password"), "")
      << "locked, even with the right password";
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("analyst", "", 3);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].action, "sign_in_refused");
}

TEST_F(HttpApi, PagesRespectUnitsAndFormsNeedTheSessionsToken) {
  const std::string session = SignIn(*server_, "officer_s", "a+long+test+password");
  ASSERT_FALSE(session.empty());
  const std::vector<std::string> cookie = {"Cookie: cf_session=" + session};
  const auto mine = server_->Request("GET", "/cases/S%2F1%2F24", "", "", cookie);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(server_->Request("GET", "/cases/N%2F1%2F24", "", "", cookie).status, 404);
  const std::string csrf = FormField(mine.body, "csrf");
  ASSERT_FALSE(csrf.empty());
  auto headers = kForm;
  headers.push_back(cookie[0]);
  const std::string contact =
      "person=V1&channel=visit&outcome=visited&summary=%3Cb%3Ehello%3C%2Fb%3E";
  EXPECT_EQ(server_->Request("POST", "/cases/S%2F1%2F24/contacts", "", contact, headers).status,
            403)
      << "no token";
  EXPECT_EQ(
      server_->Request("POST", "/cases/S%2F1%2F24/contacts", "", "csrf=forged&" + contact, headers)
          .status,
      403);
  const auto ok = server_->Request("POST", "/cases/S%2F1%2F24/contacts", "",
                                   "csrf=" + csrf + "&" + contact, headers);
  EXPECT_EQ(ok.status, 303);
  const auto after = server_->Request("GET", "/cases/S%2F1%2F24?done=contact", "", "", cookie);
  EXPECT_NE(after.body.find("Contact recorded."), std::string::npos);
  EXPECT_EQ(after.body.find("<b>hello"), std::string::npos) << "output is escaped";
  // Signing out ends the session.
  EXPECT_EQ(server_->Request("POST", "/logout", "", "csrf=" + csrf, headers).status, 303);
  EXPECT_EQ(server_->Request("GET", "/", "", "", cookie).status, 303);
}

TEST_F(HttpApi, TheCloseFormShowsWhoHasNotBeenTold) {
  ASSERT_EQ(
      server_
          ->Request(
              "POST", "/api/v1/events", tokens_["admin"],
              R"({"id":"t1","type":"crime.recorded","crime":"T/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Robbery","unit":"S1","officer":"PC201"}
{"id":"t2","type":"person.added","crime":"T/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"}
{"id":"t3","type":"suspect.charged","crime":"T/1/24","at":"2024-12-06T10:00:00Z"})")
          .status,
      200);
  const std::string session = SignIn(*server_, "officer_s", "a+long+test+password");
  const std::vector<std::string> cookie = {"Cookie: cf_session=" + session};
  const std::string csrf =
      FormField(server_->Request("GET", "/cases/T%2F1%2F24", "", "", cookie).body, "csrf");
  auto headers = kForm;
  headers.push_back(cookie[0]);
  const auto refused =
      server_->Request("POST", "/cases/T%2F1%2F24/close", "",
                       "csrf=" + csrf + "&outcome=charged&reason=charged", headers);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("has not been told about the charge (due "), std::string::npos)
      << refused.body;
  EXPECT_NE(refused.body.find("A supervisor can close it"), std::string::npos);
}

TEST_F(HttpApi, SupervisorsSeeTheirTeamAndReassignCases) {
  ASSERT_EQ(
      server_
          ->Request(
              "POST", "/api/v1/events", tokens_["admin"],
              R"({"id":"r1","type":"crime.recorded","crime":"R/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"r2","type":"person.added","crime":"R/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"})")
          .status,
      200);
  const auto team = Get("/api/v1/team?unit=N1&as_of=2024-12-31", "supervisor_n");
  ASSERT_EQ(team.status, 200) << team.body;
  const auto t = json::parse(team.body);
  ASSERT_FALSE(t["officers"].empty());
  EXPECT_EQ(t["officers"][0]["officer"], "PC101");
  const int before = t["officers"][0]["total"];
  EXPECT_EQ(Get("/api/v1/team?unit=S1", "supervisor_n").status, 403);
  EXPECT_EQ(Get("/api/v1/team?unit=S1", "officer_s").status, 403);
  const json assign = {{"officer", "PC102"}};
  EXPECT_EQ(
      server_
          ->Request("POST", "/api/v1/cases/R%2F1%2F24/assign", tokens_["officer_n"], assign.dump())
          .status,
      403);
  EXPECT_EQ(server_
                ->Request("POST", "/api/v1/cases/S%2F1%2F24/assign", tokens_["supervisor_n"],
                          assign.dump())
                .status,
            404)
      << "another unit's case answers as a missing one";
  const auto moved = server_->Request("POST", "/api/v1/cases/R%2F1%2F24/assign",
                                      tokens_["supervisor_n"], assign.dump());
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(json::parse(Get("/api/v1/cases/R%2F1%2F24", "admin").body)["officer"], "PC102");
  const auto after = json::parse(Get("/api/v1/team?unit=N1&as_of=2024-12-31", "supervisor_n").body);
  int pc101 = 0, pc102 = 0;
  for (const auto& o : after["officers"]) {
    if (o["officer"] == "PC101") pc101 = o["total"];
    if (o["officer"] == "PC102") pc102 = o["total"];
  }
  EXPECT_LT(pc101, before);
  EXPECT_GT(pc102, 0);
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("supervisor_n", "R/1/24", 3);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].action, "reassigned_case");

  // PC102 goes on leave from yesterday for a month: what falls due meanwhile is flagged.
  const core::Date today = core::SystemClock().Today();
  cf::testing::OpenTestAccounts(db_)->AddLeave(
      {"PC102", today.AddDays(-1), today.AddDays(30), "annual leave"}, "test");
  const auto flagged = json::parse(Get("/api/v1/team?unit=N1", "supervisor_n").body);
  bool seen = false;
  for (const auto& o : flagged["officers"]) {
    if (o["officer"] != "PC102") continue;
    seen = true;
    ASSERT_TRUE(o.contains("leave")) << o.dump();
    EXPECT_EQ(o["leave"]["to"], today.AddDays(30).ToString());
    EXPECT_GE(o["leave"]["due_during_leave"].get<int>(), 1)
        << "the next periodic update falls due while away";
  }
  EXPECT_TRUE(seen);
}

// Issue 13, item 1: a search that matches more cases than are listed says so.
TEST_F(HttpApi, ASearchCutShortSaysThereAreMore) {
  std::string events;
  for (int i = 0; i < 53; ++i) {
    const std::string crime = fmt::format("M/{}/25", i);
    events += json{{"id", "m-crime-" + std::to_string(i)},
                   {"type", "crime.recorded"},
                   {"crime", crime},
                   {"at", "2025-03-03T08:00:00Z"},
                   {"crime_type", "Burglary"},
                   {"unit", "N1"},
                   {"officer", "PC101"}}
                  .dump() +
              "\n";
    events += json{{"id", "m-person-" + std::to_string(i)},
                   {"type", "person.added"},
                   {"crime", crime},
                   {"at", "2025-03-03T08:00:00Z"},
                   {"person", "V1"},
                   {"role", "victim"},
                   {"name", {{"given", "Grace"}, {"family", "Mannering"}}}}
                  .dump() +
              "\n";
  }
  ASSERT_EQ(server_->Request("POST", "/api/v1/events", tokens_["admin"], events).status, 200);
  const auto many = json::parse(Get("/api/v1/search?q=mannering", "bureau").body);
  EXPECT_EQ(many["results"].size(), 50u);
  EXPECT_TRUE(many["more"].get<bool>());
  const auto searched = cf::testing::OpenTestAccounts(db_)->AuditLog("bureau", "", 1);
  ASSERT_FALSE(searched.empty());
  EXPECT_EQ(searched[0].detail, "\"mannering\": 50 found (more)");
  // Matches another unit's officer may not see are neither listed nor counted as more.
  const auto hidden = json::parse(Get("/api/v1/search?q=mannering", "officer_s").body);
  EXPECT_EQ(hidden["results"].size(), 0u);
  EXPECT_FALSE(hidden["more"].get<bool>());
  const auto one = json::parse(Get("/api/v1/search?q=M%2F7%2F25", "bureau").body);
  EXPECT_EQ(one["results"].size(), 1u);
  EXPECT_FALSE(one["more"].get<bool>());
  const PageSession bureau(*server_, "bureau");
  const auto page = bureau.Get("/search?q=mannering");
  EXPECT_NE(page.body.find("The first 50 found"), std::string::npos);
  EXPECT_NE(page.body.find("There are more matches than these"), std::string::npos);
}

TEST_F(HttpApi, TheBureauFindsCasesByNameWithinWhatEachRoleMaySee) {
  const auto found = Get("/api/v1/search?q=patel", "bureau");
  ASSERT_EQ(found.status, 200) << found.body;
  const auto j = json::parse(found.body);
  ASSERT_EQ(j["results"].size(), 1u);
  EXPECT_EQ(j["results"][0]["crime"], "N/1/24");
  EXPECT_NE(j["results"][0]["names"].get<std::string>().find("Ann Patel"), std::string::npos);
  EXPECT_EQ(json::parse(Get("/api/v1/search?q=patel", "officer_s").body)["results"].size(), 0u)
      << "another unit's case";
  EXPECT_EQ(json::parse(Get("/api/v1/search?q=N%2F1%2F24", "officer_n").body)["results"].size(),
            1u);
  EXPECT_EQ(Get("/api/v1/search?q=patel", "analyst").status, 403);
  EXPECT_EQ(Get("/api/v1/search?q=ab", "bureau").status, 400);
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("bureau", "", 1);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].action, "searched");
}

TEST_F(HttpApi, UnknownRoutesAreProblems) {
  const auto r = Get("/api/v2/nothing", "admin");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
}

// A training copy served with --today records everything on that day: not only the queue's
// date but contacts, the audit log and failed sign-ins (issue 11: the clock used to be read
// directly in four places, so a training copy recorded contacts "after today").
TEST(TrainingCopy, ServeTodayStampsContactsAndFailedSignInsOnThatDay) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const std::string db = ::testing::TempDir() + "cf_training_" + std::to_string(::getpid()) + ".db";
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(db + s);
  std::string admin_token, officer_token;
  {
    auto accounts = storage::OpenSqliteAccountStore(db);
    for (const auto& [name, role, unit, officer] :
         {std::tuple{"admin", "admin", "HQ", "ADM"},
          std::tuple{"officer_n", "officer", "N1", "PC101"}}) {
      ASSERT_TRUE(accounts->AddUser(
          StaffUser(name, role, unit, officer, auth::HashPassword("a long test password"))));
      const std::string token = auth::NewToken();
      accounts->AddToken(auth::TokenHash(token), accounts->FindUser(name)->id, "test",
                         "2099-01-01T00:00:00Z");
      (std::string(name) == "admin" ? admin_token : officer_token) = token;
    }
  }
  {
    const Server server(db, FreePort(), {"--today", "2025-03-03"});
    ASSERT_EQ(server.Request("POST", "/api/v1/events", admin_token, kEvents).status, 200);
    const json contact = {{"person", "V1"}, {"channel", "phone"}, {"outcome", "spoke"}};
    const auto recorded =
        server.Request("POST", "/api/v1/cases/N%2F1%2F24/contacts", officer_token, contact.dump());
    ASSERT_EQ(recorded.status, 200) << recorded.body;
    EXPECT_EQ(SignIn(server, "officer_n", "the+wrong+password"), "");
  }
  auto store = storage::OpenSqliteStore(db);
  std::string contact_at;
  for (const auto& body : store->EventBodies("N/1/24")) {
    const auto e = json::parse(body);
    if (e["type"] == "contact.made") contact_at = e["at"];
  }
  EXPECT_EQ(contact_at.substr(0, 10), "2025-03-03") << contact_at;
  const auto log = storage::OpenSqliteAccountStore(db)->AuditLog("", "", 50);
  std::set<std::string> stamped;
  for (const auto& e : log) {
    EXPECT_EQ(e.at.substr(0, 10), "2025-03-03") << e.action << " at " << e.at;
    stamped.insert(e.action);
  }
  EXPECT_TRUE(stamped.count("recorded_contact"));
  EXPECT_TRUE(stamped.count("sign_in_failed"));
  const auto officer = storage::OpenSqliteAccountStore(db)->FindUser("officer_n");
  ASSERT_TRUE(officer);
  EXPECT_EQ(officer->failed_logins, 1);
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(db + s);
}

}  // namespace
}  // namespace cf
