// Who may reach what: every page and API route against each role, within and across units,
// as one table. State-changing routes are listed only with callers who must be refused
// (their successes are tested beside each feature).
#include <gtest/gtest.h>

#include "support/http_fixture.hpp"

namespace cf {
namespace {

const char* const kRoles[] = {"officer_n", "officer_s", "supervisor_n",
                              "bureau",    "analyst",   "admin"};

struct Route {
  const char* path;
  std::array<int, 6> status;  // per kRoles
};

// Case N/1/24 is unit N1's (officer PC101 = officer_n).
const Route kPages[] = {
    {"/", {200, 200, 200, 200, 200, 200}},
    {"/search", {200, 200, 200, 200, 200, 200}},
    {"/search?q=Patel", {200, 200, 200, 200, 403, 200}},
    {"/cases/N%2F1%2F24", {200, 404, 200, 200, 403, 200}},
    {"/cases/N%2F1%2F24/events/new?type=suspect.arrested", {200, 404, 200, 403, 403, 200}},
    {"/cases/N%2F1%2F24/events/new?type=contract.agreed", {200, 404, 200, 200, 403, 200}},
    {"/cases/N%2F1%2F24/letter.pdf?person=V1&template=arrest", {200, 404, 200, 200, 403, 200}},
    {"/rota", {403, 403, 200, 403, 403, 200}},
    {"/rota?unit=S1", {403, 403, 403, 403, 403, 200}},
    {"/admin/users", {403, 403, 403, 403, 403, 200}},
    {"/admin/users/officer_n", {403, 403, 403, 403, 403, 200}},
    {"/admin/units", {403, 403, 403, 403, 403, 200}},
    {"/admin/audit", {403, 403, 403, 403, 403, 200}},
    {"/admin/settings", {403, 403, 403, 403, 403, 200}},
    {"/admin/organisations", {403, 403, 403, 403, 403, 200}},
    {"/assessments", {403, 403, 200, 403, 200, 200}},
    {"/assessments/new?scope=force", {403, 403, 403, 403, 200, 200}},
};

const Route kApi[] = {
    {"/api/v1/queue", {200, 200, 200, 200, 200, 200}},
    {"/api/v1/queue?unit=S1", {403, 403, 403, 200, 200, 200}},
    {"/api/v1/cases/N%2F1%2F24", {200, 404, 200, 200, 403, 200}},
    {"/api/v1/search?q=Patel", {200, 200, 200, 200, 403, 200}},
    {"/api/v1/team?unit=N1", {403, 403, 200, 200, 200, 200}},
    {"/api/v1/call-backs", {200, 200, 200, 200, 403, 200}},
};

TEST_F(HttpApi, EveryPageAgainstEveryRole) {
  for (size_t r = 0; r < std::size(kRoles); ++r) {
    const PageSession session(*server_, kRoles[r]);
    ASSERT_TRUE(session.signed_in()) << kRoles[r];
    for (const auto& route : kPages) {
      EXPECT_EQ(session.Get(route.path).status, route.status[r])
          << kRoles[r] << " GET " << route.path;
    }
  }
  for (const auto& route : kPages) {
    EXPECT_EQ(server_->Get(route.path, "").status, 303) << "signed out: to sign in, " << route.path;
  }
}

TEST_F(HttpApi, EveryApiReadAgainstEveryRole) {
  for (size_t r = 0; r < std::size(kRoles); ++r) {
    for (const auto& route : kApi) {
      EXPECT_EQ(Get(route.path, kRoles[r]).status, route.status[r])
          << kRoles[r] << " GET " << route.path;
    }
  }
}

// Victim Support's system (the partner role) reports referral statuses and reads them back;
// nothing else, and it cannot sign in to the staff pages even with the right password.
TEST_F(HttpApi, APartnerAgencyReachesOnlyTheReferralRoutes) {
  EXPECT_FALSE(PageSession(*server_, "victim_support").signed_in());
  for (const auto& route : kApi)
    EXPECT_EQ(Get(route.path, "victim_support").status, 403) << route.path;
  EXPECT_EQ(Get("/api/v1/referrals", "victim_support").status, 200);
  EXPECT_EQ(server_
                ->Request("POST", "/api/v1/cases/N%2F1%2F24/contacts", tokens_["victim_support"],
                          R"({"person":"V1","channel":"phone","outcome":"spoke"})")
                .status,
            403);
  for (const char* who : {"officer_n", "supervisor_n", "bureau", "analyst"}) {
    EXPECT_EQ(Get("/api/v1/referrals", who).status, 403) << who;
    EXPECT_EQ(server_->Request("POST", "/api/v1/referrals/status", tokens_[who], "[]").status, 403)
        << who;
  }
}

TEST_F(HttpApi, ChangesAreRefusedToRolesAndUnitsThatMayNotMakeThem) {
  struct Refusal {
    const char* who;
    const char* path;
    const char* body;
  };
  const Refusal api[] = {
      {"officer_n", "/api/v1/events", "{}"},
      {"bureau", "/api/v1/events", "{}"},
      {"officer_n", "/api/v1/cases/N%2F1%2F24/assign", R"({"officer":"PC999"})"},
      {"bureau", "/api/v1/cases/N%2F1%2F24/assign", R"({"officer":"PC999"})"},
      {"analyst", "/api/v1/cases/N%2F1%2F24/contacts",
       R"({"person":"V1","channel":"phone","outcome":"spoke"})"},
      {"officer_s", "/api/v1/cases/N%2F1%2F24/contacts",
       R"({"person":"V1","channel":"phone","outcome":"spoke"})"},
      {"bureau", "/api/v1/cases/N%2F1%2F24/close", R"({"outcome":"other","reason":"x"})"},
      {"officer_s", "/api/v1/cases/N%2F1%2F24/close", R"({"outcome":"other","reason":"x"})"},
      {"analyst", "/api/v1/cases/N%2F1%2F24/calls",
       R"({"person":"V1","request":"x","answered":false})"},
  };
  // Another unit's case answers as a missing one would (issue 12, existence leaks).
  auto refused = [](const char* who) { return std::string(who) == "officer_s" ? 404 : 403; };
  for (const auto& a : api) {
    EXPECT_EQ(server_->Request("POST", a.path, tokens_[a.who], a.body).status, refused(a.who))
        << a.who << " POST " << a.path;
  }
  const Refusal pages[] = {
      {"analyst", "/cases/N%2F1%2F24/contacts/check", "person=V1&channel=phone&outcome=spoke"},
      {"analyst", "/cases/N%2F1%2F24/messages/preview", "person=V1&template=arrest&channel=email"},
      {"officer_s", "/cases/N%2F1%2F24/messages", "person=V1&template=arrest&channel=email&key=k"},
      {"officer_s", "/cases/N%2F1%2F24/contacts", "person=V1&channel=phone&outcome=spoke"},
      {"officer_n", "/reassign", "from_officer=PC101&crime.0=N%2F1%2F24&officer=PC999"},
      {"bureau", "/reassign", "from_officer=PC101&crime.0=N%2F1%2F24&officer=PC999"},
      {"officer_n", "/cases/N%2F1%2F24/assign", "officer=PC999"},
      {"bureau", "/cases/N%2F1%2F24/close", "outcome=other&reason=x"},
      {"officer_n", "/admin/users",
       "name=x1&role=admin&unit=HQ&officer=X&password=a+long+password+here"},
      {"supervisor_n", "/admin/units", "id=Z1&name=Z"},
      {"supervisor_n", "/admin/organisations", "id=womens_aid&name=Women%27s+Aid&listed=yes"},
      {"analyst", "/cases/N%2F1%2F24/referrals", "person=V1&organisation=x&choice=consented"},
      {"officer_s", "/cases/N%2F1%2F24/referrals", "person=V1&organisation=x&choice=consented"},
      {"officer_n", "/rota/shifts",
       "unit=N1&user=officer_n&date=2099-01-01&start=07%3A00&end=17%3A00"},
      {"bureau", "/rota/leave", "unit=N1&officer=PC101&starts_on=2099-01-01&ends_on=2099-01-02"},
  };
  for (const auto& p : pages) {
    const PageSession session(*server_, p.who);
    EXPECT_EQ(session.Post(p.path, p.body).status, refused(p.who)) << p.who << " POST " << p.path;
  }
  // Nothing above changed the case.
  const auto c = Get("/api/v1/cases/N%2F1%2F24", "admin");
  EXPECT_NE(c.body.find("\"officer\":\"PC101\""), std::string::npos);
  EXPECT_NE(c.body.find("\"closed\":false"), std::string::npos);
}

}  // namespace
}  // namespace cf
