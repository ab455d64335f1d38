// Staff pages over real HTTP (the binary on a loopback port, a real SQLite store): recording
// what happened on a case through its forms, with each role's limits, validation that names
// the field, CSRF and audit.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "storage/case_store.hpp"
#include "support/http_fixture.hpp"

namespace cf {
namespace {

using nlohmann::json;

bool Has(const Response& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

int EventsOn(const std::string& crime_path) {
  // The timeline has one moj-timeline__item per stored event.
  const PageSession admin(*HttpApi::server(), "admin");
  const auto page = admin.Get("/cases/" + crime_path);
  int n = 0;
  for (size_t at = page.body.find("moj-timeline__item"); at != std::string::npos;
       at = page.body.find("moj-timeline__item", at + 1)) {
    ++n;
  }
  return n;
}

// Issue 13, item 7: every response carries the security headers (the sign-in page, redirects,
// style sheets, errors and the API alike); a browser asking for an address nothing answers gets
// a page, the API problem+json; and the style sheet asks for no font file (GDS Transport is for
// GOV.UK services only, so none is served).
TEST_F(HttpApi, EveryResponseCarriesTheSecurityHeadersAndNothingAsksForMissingFiles) {
  const std::vector<std::string> html = {"Accept: text/html,application/xhtml+xml"};
  const std::vector<std::pair<std::string, Response>> answers = {
      {"sign-in page", server_->Get("/login", "")},
      {"redirect", server_->Get("/", "")},
      {"style sheet", server_->Get("/assets/govuk-frontend.min.css", "")},
      {"page not found", server_->Request("GET", "/no/such/page", "", "", html)},
      {"API", server_->Get("/api/v1/queue", tokens_["officer_n"])},
      {"API not found", server_->Get("/api/v1/nothing", tokens_["officer_n"])},
      {"health", server_->Get("/healthz", "")}};
  for (const auto& [what, r] : answers) {
    for (const char* header :
         {"X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer",
          "X-Frame-Options: DENY", "Content-Security-Policy: default-src 'self'"}) {
      EXPECT_NE(r.headers.find(header), std::string::npos) << what << " lacks " << header;
    }
  }
  const auto& page = answers[3].second;
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("Page not found"), std::string::npos);
  const auto& api = answers[5].second;
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.content_type, "application/problem+json");
  const auto& css = answers[2].second;
  ASSERT_EQ(css.status, 200);
  EXPECT_GT(css.body.size(), 50000U) << "the whole style sheet";
  EXPECT_EQ(css.body.find("@font-face"), std::string::npos);
  EXPECT_EQ(css.body.find(".woff"), std::string::npos);
  EXPECT_NE(css.body.find("font-family:GDS Transport,arial,sans-serif"), std::string::npos)
      << "the fallback stack the pages then use";
}

TEST_F(HttpApi, AnOfficerRecordsBailFromTheCasePageAndItsDutyAppears) {
  const PageSession officer(*server_, "officer_n");
  ASSERT_TRUE(officer.signed_in());
  const auto page = officer.Get("/cases/N%2F1%2F24");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page, "Record what happened"));
  EXPECT_TRUE(Has(page, "<option value=\"suspect.bailed\">Suspect bailed</option>"));
  const auto form = officer.Get("/cases/N%2F1%2F24/events/new?type=suspect.bailed");
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(Has(form, "Record bail"));
  EXPECT_TRUE(Has(form, "name=\"conditions\""));
  const auto saved =
      officer.Post("/cases/N%2F1%2F24/events",
                   "type=suspect.bailed&suspect=S-BAIL-9&conditions=Not+to+go+to+Elm+Street"
                   "&return_date=2025-01-06&when.date=2024-12-04&when.time=17%3A30");
  ASSERT_EQ(saved.status, 303) << saved.body;
  const auto after = officer.Get("/cases/N%2F1%2F24?done=event");
  EXPECT_TRUE(Has(after, "Suspect S-BAIL-9 bailed"));
  EXPECT_TRUE(Has(after, "Wed 4 Dec 2024 at 17:30"));
  EXPECT_TRUE(Has(after, "Conditions: Not to go to Elm Street"));
  // The engine now owes the victim the bail duty, due 5 working days later (Wed 11 Dec).
  const auto api = json::parse(Get("/api/v1/cases/N%2F1%2F24", "officer_n").body);
  bool bail = false;
  for (const auto& o : api["obligations"]) {
    if (o["duty"] == "bail") {
      bail = true;
      EXPECT_EQ(o["trigger_date"], "2024-12-04");
      EXPECT_EQ(o["deadline"], "2024-12-11");
    }
  }
  EXPECT_TRUE(bail);
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("officer_n", "N/1/24", 5);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].action, "viewed_case");
  bool recorded = false;
  for (const auto& e : log)
    recorded |= e.action == "recorded_event" && e.detail == "suspect.bailed";
  EXPECT_TRUE(recorded);
}

TEST_F(HttpApi, EventFormErrorsNameTheFieldKeepWhatWasTypedAndStoreNothing) {
  const PageSession officer(*server_, "officer_n");
  const int before = EventsOn("N%2F1%2F24");
  const auto missing =
      officer.Post("/cases/N%2F1%2F24/events", "type=suspect.charged&charges=Burglary+x2");
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(Has(missing, "Suspect&#39;s reference: this is required"));
  EXPECT_TRUE(Has(missing, ">Burglary x2</textarea>")) << "what was typed is kept";
  const auto bad_date = officer.Post("/cases/N%2F1%2F24/events",
                                     "type=suspect.bailed&suspect=S1&return_date=20%2F12%2F2024");
  EXPECT_EQ(bad_date.status, 422);
  EXPECT_TRUE(Has(bad_date, "Date to answer bail: enter the date as YYYY-MM-DD"));
  const auto future =
      officer.Post("/cases/N%2F1%2F24/events",
                   "type=suspect.arrested&suspect=S1&when.date=2099-01-01&when.time=10%3A00");
  EXPECT_EQ(future.status, 422);
  EXPECT_TRUE(Has(future, "cannot be in the future"));
  const auto bad_choice = officer.Post(
      "/cases/N%2F1%2F24/events", "type=suspect.out_of_court_disposal&suspect=S1&disposal=fine");
  EXPECT_EQ(bad_choice.status, 422);
  EXPECT_TRUE(Has(bad_choice, "Disposal: choose one of the options"));
  // The reader's own validation reaches the form too: a person not on the case.
  const auto unknown_person =
      officer.Post("/cases/N%2F1%2F24/events", "type=referral.consented&person=V9");
  EXPECT_EQ(unknown_person.status, 422);
  EXPECT_TRUE(Has(unknown_person, "V9"));
  EXPECT_EQ(EventsOn("N%2F1%2F24"), before);
  EXPECT_EQ(officer.Get("/cases/N%2F1%2F24/events/new?type=no.such.thing").status, 404);
}

TEST_F(HttpApi, TheBureauRecordsContactAgreementsButNotTheInvestigation) {
  const PageSession bureau(*server_, "bureau");
  const auto page = bureau.Get("/cases/N%2F1%2F24");
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(Has(page, "value=\"suspect.arrested\""));
  EXPECT_TRUE(Has(page, "value=\"contract.agreed\""));
  EXPECT_EQ(bureau.Get("/cases/N%2F1%2F24/events/new?type=suspect.arrested").status, 403);
  EXPECT_EQ(bureau.Post("/cases/N%2F1%2F24/events", "type=suspect.arrested&suspect=S1").status,
            403);
  const auto saved =
      bureau.Post("/cases/N%2F1%2F24/events",
                  "type=contract.agreed&person=V1&wants_updates=yes&channel=email&frequency_days=14"
                  "&safe_to_contact.letter=no&safe_to_contact.email=yes");
  ASSERT_EQ(saved.status, 303) << saved.body;
  const auto after = bureau.Get("/cases/N%2F1%2F24");
  EXPECT_TRUE(Has(after, "every 14 days"));
  EXPECT_TRUE(Has(after, "Not safe to use</dt><dd class=\"govuk-summary-list__value\">letter"));
}

// Issue 13: the analyst's compliance page: a chart with its numbers in a table, one or two
// groupings, errors linked to their fields, downloads; nothing offered that the role cannot open.
TEST_F(HttpApi, AnalystsReadComplianceAndAreOfferedOnlyWhatTheyMayOpen) {
  const PageSession analyst(*server_, "analyst");
  const auto page = analyst.Get("/compliance?from=2024-12-01&to=2025-03-31&by=unit");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<svg class=\"cf-chart\""), std::string::npos);
  EXPECT_NE(page.body.find("role=\"img\""), std::string::npos);
  EXPECT_NE(page.body.find("id=\"compliance-table\""), std::string::npos);
  EXPECT_NE(page.body.find("Victims&#39; Code: duties due 1 Dec 2024 to 31 Mar 2025"),
            std::string::npos);
  EXPECT_NE(page.body.find("href=\"/compliance.xlsx?from=2024-12-01&amp;to=2025-03-31&amp;by=unit"),
            std::string::npos);
  EXPECT_EQ(page.body.find("href=\"/cases/"), std::string::npos);
  EXPECT_EQ(page.body.find("href=\"/search\""), std::string::npos) << "analysts see no people";

  const auto two = analyst.Get("/compliance?from=2024-12-01&to=2025-03-31&by=unit&then=duty");
  ASSERT_EQ(two.status, 200);
  EXPECT_EQ(two.body.find("<svg"), std::string::npos) << "two groupings: a table";
  EXPECT_NE(two.body.find("data-label=\"Duty\">Tell them about the arrest"), std::string::npos);

  const auto bad = analyst.Get("/compliance?from=2024-13-01&by=unit&then=unit");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("<a href=\"#f-from\">"), std::string::npos);
  EXPECT_NE(bad.body.find("<a href=\"#f-then\">"), std::string::npos);
  EXPECT_NE(bad.body.find("id=\"f-from-error\""), std::string::npos);

  const auto csv = analyst.Get("/compliance.csv?from=2024-12-01&to=2025-03-31&by=unit&then=duty");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')),
            "unit,duty,met,met_late,overdue,not_required,open,on_time_rate,ci95_low,ci95_high");
  const auto xlsx = analyst.Get("/compliance.xlsx?from=2024-12-01&to=2025-03-31");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(analyst.Get("/compliance.csv?by=colour").status, 400);

  // The queue: the force's work without links to cases the analyst cannot open, or names.
  const auto queue = analyst.Get("/");
  ASSERT_EQ(queue.status, 200);
  EXPECT_EQ(queue.body.find("href=\"/cases/"), std::string::npos);
  EXPECT_EQ(queue.body.find("Ann Patel"), std::string::npos);
  EXPECT_NE(queue.body.find(">N&#x2F;1&#x2F;24<"), std::string::npos);

  const PageSession officer(*server_, "officer_n");
  EXPECT_EQ(officer.Get("/compliance").status, 403);
  EXPECT_EQ(officer.Get("/compliance.csv").status, 403);
  EXPECT_EQ(officer.Get("/").body.find("href=\"/compliance\""), std::string::npos);
  const PageSession sergeant(*server_, "supervisor_n");
  EXPECT_EQ(sergeant.Get("/compliance").status, 200);
}

TEST_F(HttpApi, EventFormsKeepToUnitsRolesAndTheSessionsToken) {
  const PageSession other_unit(*server_, "officer_s");
  EXPECT_EQ(other_unit.Get("/cases/N%2F1%2F24/events/new?type=suspect.arrested").status, 404);
  EXPECT_EQ(other_unit.Post("/cases/N%2F1%2F24/events", "type=suspect.arrested&suspect=S1").status,
            404);
  const PageSession analyst(*server_, "analyst");
  EXPECT_EQ(
      analyst.Post("/cases/N%2F1%2F24/events", "type=contract.agreed&person=V1&wants_updates=no")
          .status,
      403);
  const std::string session = SignIn(*server_, "officer_n", "a+long+test+password");
  auto headers = kForm;
  headers.push_back("Cookie: cf_session=" + session);
  EXPECT_EQ(server_
                ->Request("POST", "/cases/N%2F1%2F24/events", "",
                          "type=suspect.arrested&suspect=S1", headers)
                .status,
            403)
      << "no CSRF token";
  EXPECT_EQ(
      server_->Request("GET", "/cases/N%2F1%2F24/events/new?type=suspect.arrested", "", "", {})
          .status,
      303)
      << "signed out: to the sign-in page";
}

TEST_F(HttpApi, ABureauCallItCannotAnswerBecomesTheOfficersCallBackUntilTheyTalk) {
  const PageSession bureau(*server_, "bureau");
  const auto empty = bureau.Post("/cases/N%2F1%2F24/calls", "person=V1&request=&answered=no");
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(Has(empty, "say what they asked"));
  const auto raised = bureau.Post("/cases/N%2F1%2F24/calls",
                                  "person=V1&request=Has+anyone+been+arrested%3F&answered=no");
  ASSERT_EQ(raised.status, 303) << raised.body;
  const PageSession officer(*server_, "officer_n");
  const auto queue = officer.Get("/");
  EXPECT_TRUE(Has(queue, "Call-back requests (1)"));
  EXPECT_TRUE(Has(queue, "Has anyone been arrested?"));
  const PageSession other_unit(*server_, "officer_s");
  EXPECT_FALSE(Has(other_unit.Get("/"), "Has anyone been arrested?"));
  const auto api = json::parse(Get("/api/v1/call-backs", "officer_n").body);
  ASSERT_EQ(api["call_backs"].size(), 1u);
  EXPECT_EQ(api["call_backs"][0]["request"], "Has anyone been arrested?");
  EXPECT_EQ(api["call_backs"][0]["officer"], "PC101");
  EXPECT_EQ(json::parse(Get("/api/v1/call-backs", "officer_s").body)["call_backs"].size(), 0u);
  // Speaking to the victim answers it.
  ASSERT_EQ(officer
                .Post("/cases/N%2F1%2F24/contacts",
                      "person=V1&channel=phone&outcome=spoke&summary=rang+back")
                .status,
            303);
  EXPECT_FALSE(Has(officer.Get("/"), "Has anyone been arrested?"));
  const auto page = officer.Get("/cases/N%2F1%2F24");
  EXPECT_TRUE(Has(page, "contact recorded: phone (spoke)"));
  EXPECT_TRUE(json::parse(Get("/api/v1/call-backs", "officer_n").body)["call_backs"].empty());
}

TEST_F(HttpApi, ACallTheBureauAnswersIsRecordedAsAnUpdate) {
  const PageSession bureau(*server_, "bureau");
  const auto answered =
      bureau.Post("/cases/N%2F1%2F24/calls",
                  "person=V1&request=Any+news%3F&answered=yes&answer=Still+under+investigation");
  ASSERT_EQ(answered.status, 303) << answered.body;
  const auto page = bureau.Get("/cases/N%2F1%2F24?done=answered");
  EXPECT_TRUE(Has(page, "Call recorded as an update."));
  EXPECT_TRUE(
      Has(page, "Summary: They rang the bureau: Any news? Told them: Still under investigation"));
  EXPECT_TRUE(Has(page, "Phone with Ann Patel: spoke"));
  const auto missing_answer =
      bureau.Post("/cases/N%2F1%2F24/calls", "person=V1&request=Any+news%3F&answered=yes");
  EXPECT_EQ(missing_answer.status, 422);
  EXPECT_TRUE(Has(missing_answer, "say what you told them"));
}

TEST_F(HttpApi, CallBacksThroughTheApiWithRolesAndErrors) {
  const auto raised =
      server_->Request("POST", "/api/v1/cases/N%2F1%2F24/calls", tokens_["bureau"],
                       R"({"person":"V1","request":"When is court?","answered":false})");
  ASSERT_EQ(raised.status, 200) << raised.body;
  const int64_t id = json::parse(raised.body)["call_back"].get<int64_t>();
  EXPECT_EQ(server_
                ->Request("POST", "/api/v1/cases/N%2F1%2F24/calls", tokens_["bureau"],
                          R"({"person":"V1","request":"When is court?"})")
                .status,
            400)
      << "answered is required";
  EXPECT_EQ(server_
                ->Request("POST", "/api/v1/cases/N%2F1%2F24/calls", tokens_["analyst"],
                          R"({"person":"V1","request":"x","answered":false})")
                .status,
            403);
  EXPECT_EQ(server_
                ->Request("POST", "/api/v1/cases/N%2F1%2F24/calls", tokens_["officer_s"],
                          R"({"person":"V1","request":"x","answered":false})")
                .status,
            404)
      << "another unit's case";
  const std::string done = "/api/v1/cases/N%2F1%2F24/call-backs/" + std::to_string(id) + "/done";
  EXPECT_EQ(server_->Request("POST", done, tokens_["officer_n"], R"({})").status, 400)
      << "outcome required";
  EXPECT_EQ(server_
                ->Request("POST", done, tokens_["officer_n"],
                          R"({"outcome":"rang, no answer; letter sent"})")
                .status,
            200);
  EXPECT_EQ(server_->Request("POST", done, tokens_["officer_n"], R"({"outcome":"again"})").status,
            404);
  const auto log = cf::testing::OpenTestAccounts(db_)->AuditLog("officer_n", "N/1/24", 1);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "completed_call_back");
}

TEST_F(HttpApi, TheContactFormShowsWhatItWillMeetBeforeSaving) {
  ASSERT_EQ(
      server_
          ->Request(
              "POST", "/api/v1/events", tokens_["admin"],
              R"({"id":"c9-1","type":"crime.recorded","crime":"C/9/24","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"c9-2","type":"person.added","crime":"C/9/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"}
{"id":"c9-3","type":"suspect.arrested","crime":"C/9/24","at":"2024-12-03T10:00:00Z","suspect":"S1"})")
          .status,
      200);
  const PageSession officer(*server_, "officer_n");
  const int before = EventsOn("C%2F9%2F24");
  const auto check =
      officer.Post("/cases/C%2F9%2F24/contacts/check",
                   "person=V1&channel=visit&outcome=visited&summary=Told+her+about+the+arrest");
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_TRUE(Has(check, "Check the contact before you record it"));
  EXPECT_TRUE(Has(check, "What it will meet"));
  EXPECT_TRUE(Has(
      check, "V1: Tell them a suspect has been arrested (due 2024-12-10), <strong>late</strong>"));
  EXPECT_TRUE(Has(check, "name=\"summary\" value=\"Told her about the arrest\""));
  EXPECT_EQ(EventsOn("C%2F9%2F24"), before) << "checking records nothing";
  const auto none =
      officer.Post("/cases/C%2F9%2F24/contacts/check", "person=V1&channel=phone&outcome=no_answer");
  EXPECT_TRUE(Has(none, "It meets none of the duties open now"));
  const auto bad =
      officer.Post("/cases/C%2F9%2F24/contacts/check", "person=V9&channel=phone&outcome=spoke");
  EXPECT_EQ(bad.status, 422);
  ASSERT_EQ(officer
                .Post("/cases/C%2F9%2F24/contacts",
                      "person=V1&channel=visit&outcome=visited&summary=Told+her")
                .status,
            303);
  EXPECT_EQ(EventsOn("C%2F9%2F24"), before + 1);
}

TEST_F(HttpApi, ASupervisorReassignsSeveralCasesAtOnceAllOrNone) {
  const PageSession supervisor(*server_, "supervisor_n");
  const auto drill = supervisor.Get("/?officer=PC101");
  ASSERT_EQ(drill.status, 200);
  EXPECT_TRUE(Has(drill, "Reassign cases"));
  // Issue 13, item 5: chosen from the unit's officers and supervisors, never typed.
  EXPECT_TRUE(Has(drill, "<option value=\"PC102\">"));
  EXPECT_TRUE(Has(drill, "<option value=\"SGT1\">"));
  EXPECT_FALSE(Has(drill, "<option value=\"PC201\">")) << "another unit's officer";
  EXPECT_FALSE(Has(drill, "<option value=\"PC101\">")) << "the officer they are with";
  EXPECT_TRUE(Has(drill, "value=\"N&#x2F;1&#x2F;24\""));
  // A case of another unit in the batch: refused, and nothing moves.
  EXPECT_EQ(supervisor
                .Post("/reassign",
                      "from_officer=PC101&crime.0=N%2F1%2F24&crime.1=S%2F1%2F24&officer=PC102")
                .status,
            404)
      << "another unit's case answers as a missing one";
  auto officer_of = [&](const char* crime) {
    return json::parse(Get(std::string("/api/v1/cases/") + crime, "admin").body)["officer"];
  };
  EXPECT_EQ(officer_of("N%2F1%2F24"), "PC101");
  EXPECT_EQ(supervisor.Post("/reassign", "from_officer=PC101&officer=PC102").status, 400)
      << "none ticked";
  // Issue 12, class 7: only to an officer who exists, and (for a supervisor) in their unit.
  EXPECT_EQ(
      supervisor.Post("/reassign", "from_officer=PC101&crime.0=N%2F1%2F24&officer=PC777").status,
      422);
  EXPECT_EQ(
      supervisor.Post("/reassign", "from_officer=PC101&crime.0=N%2F1%2F24&officer=PC201").status,
      403)
      << "PC201 is in S1";
  EXPECT_EQ(officer_of("N%2F1%2F24"), "PC101");
  const auto moved =
      supervisor.Post("/reassign", "from_officer=PC101&crime.0=N%2F1%2F24&officer=PC102");
  ASSERT_EQ(moved.status, 303);
  EXPECT_EQ(officer_of("N%2F1%2F24"), "PC102");
  EXPECT_TRUE(Has(supervisor.Get("/?officer=PC101&done=reassigned&n=1&to=PC102"),
                  "1 case(s) reassigned to PC102."));
  ASSERT_EQ(
      supervisor.Post("/reassign", "from_officer=PC102&crime.0=N%2F1%2F24&officer=PC101").status,
      303);
  EXPECT_EQ(officer_of("N%2F1%2F24"), "PC101");
}

TEST_F(HttpApi, AnOfficerChecksAndSendsAStandardMessageFromTheCasePage) {
  ASSERT_EQ(
      server_
          ->Request(
              "POST", "/api/v1/events", tokens_["admin"],
              R"({"id":"m9-1","type":"crime.recorded","crime":"M/9/24","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"m9-2","type":"person.added","crime":"M/9/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"title":"Ms","family":"Lee"},"contact":{"email":"lee@example.org","address":"2 Oak Road","postcode":"LS1 1AA"}}
{"id":"m9-3","type":"person.added","crime":"M/9/24","at":"2024-12-02T10:00:00Z","person":"V2","role":"victim","flags":["intimidated"],"name":{"family":"Ray"},"contact":{"email":"ray@example.org"}}
{"id":"m9-4","type":"contract.agreed","crime":"M/9/24","at":"2024-12-02T10:00:00Z","person":"V1","wants_updates":true,"safe_to_contact":{"letter":false}})")
          .status,
      200);
  const PageSession officer(*server_, "officer_n");
  EXPECT_TRUE(Has(officer.Get("/cases/M%2F9%2F24"), "Send a standard message"));
  const auto preview = officer.Post("/cases/M%2F9%2F24/messages/preview",
                                    "person=V1&template=arrest&channel=email&lang=en");
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_TRUE(Has(preview, "Check the email before it is sent"));
  EXPECT_TRUE(Has(preview, "lee@example.org"));
  EXPECT_TRUE(Has(preview, "We have arrested someone"));
  EXPECT_TRUE(Has(preview, "GSM 7-bit, 1 segment"));
  const std::string key = FormField(preview.body, "key");
  ASSERT_FALSE(key.empty());
  const std::string send = "person=V1&template=arrest&channel=email&lang=en&key=" + key;
  ASSERT_EQ(officer.Post("/cases/M%2F9%2F24/messages", send).status, 303);
  ASSERT_EQ(officer.Post("/cases/M%2F9%2F24/messages", send).status, 303)
      << "a second press of Send";
  const auto page = officer.Get("/cases/M%2F9%2F24?done=queued");
  EXPECT_TRUE(Has(page, "Message queued."));
  EXPECT_TRUE(Has(page, "<strong class=\"govuk-tag govuk-tag--grey\">Waiting</strong>"));
  EXPECT_EQ(cf::testing::OpenTestStore(db_)->CaseOutbox("M/9/24").size(), 1u)
      << "the key made the second press a no-op";
  // Letters are not safe for V1: the preview says so, and sending records the suppression.
  const auto unsafe = officer.Post("/cases/M%2F9%2F24/messages/preview",
                                   "person=V1&template=arrest&channel=letter");
  EXPECT_TRUE(Has(unsafe, "The contact agreement says post is not safe for V1"));
  ASSERT_EQ(
      officer.Post("/cases/M%2F9%2F24/messages", "person=V1&template=arrest&channel=letter&key=x1")
          .status,
      303);
  EXPECT_TRUE(Has(officer.Get("/cases/M%2F9%2F24"),
                  "Not sent</strong> the contact agreement says post is not safe for V1"));
  EXPECT_EQ(officer.Get("/cases/M%2F9%2F24/letter.pdf?person=V1&template=arrest").status, 409);
  // V2 is flagged intimidated: the message waits for the officer to confirm it is safe.
  const auto held =
      officer.Post("/cases/M%2F9%2F24/messages", "person=V2&template=arrest&channel=email&key=x2");
  EXPECT_EQ(held.status, 422);
  EXPECT_TRUE(Has(held, "Tick the box to confirm"));
  ASSERT_EQ(officer
                .Post("/cases/M%2F9%2F24/messages",
                      "person=V2&template=arrest&channel=email&key=x2&confirmed=yes")
                .status,
            303);
  const auto pdf = officer.Get("/cases/M%2F9%2F24/letter.pdf?person=V2&template=arrest&lang=cy");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf.content_type, "application/pdf");
  const PageSession analyst(*server_, "analyst");
  EXPECT_EQ(analyst.Post("/cases/M%2F9%2F24/messages", send).status, 403);
}

TEST_F(HttpApi, MessagesThatCouldNotBeDeliveredReachTheOfficersQueue) {
  {
    auto store = cf::testing::OpenTestStore(db_);
    storage::OutboxMessage m;
    m.idempotency_key = "failed-1";
    m.crime = "N/1/24";
    m.person = "V1";
    m.channel = "email";
    m.recipient = "ann@example.org";
    m.template_id = "arrest";
    m.lang = "en";
    m.subject = "We have arrested someone";
    m.status = domain::OutboxStatus::kFailed;
    m.attempts = 6;
    m.next_attempt_at = m.created_at = m.updated_at = "2024-12-04T09:00:00Z";
    m.last_error = "SMTP: mailbox unavailable";
    m.created_by = "PC101";
    store->AddOutbox(m);
  }
  const PageSession officer(*server_, "officer_n");
  const auto queue = officer.Get("/");
  EXPECT_TRUE(Has(queue, "Messages not delivered"));
  EXPECT_TRUE(Has(queue, "SMTP: mailbox unavailable"));
  const PageSession other_unit(*server_, "officer_s");
  EXPECT_FALSE(Has(other_unit.Get("/"), "Messages not delivered"));
}

TEST_F(HttpApi, VictimSupportReportsWhatBecameOfAReferralAndTheOfficerSeesIt) {
  const std::string key = "N/1/24|V1|n1";
  storage::ReferralRow sent;
  sent.key = key;
  sent.crime = "N/1/24";
  sent.person = "V1";
  sent.sent_by = "file:/drop/r.csv";
  sent.created_at = "2024-12-03T09:00:00Z";
  cf::testing::OpenTestStore(db_)->RecordReferral(sent);
  const PageSession officer(*server_, "officer_n");
  EXPECT_TRUE(
      Has(officer.Get("/cases/N%2F1%2F24"),
          "Referred on Tue 3 Dec 2024 by file transfer: Victim Support has not replied yet"));

  // A bad batch names each problem by JSON pointer and applies nothing.
  const auto bad = server_->Request(
      "POST", "/api/v1/referrals/status", tokens_["victim_support"],
      R"([{"referral_key":"N/1/24|V1|n1","status":"accepted","at":"2024-12-04T10:00:00Z"},
                                        {"referral_key":"N/1/24|V1|n1","status":"maybe","at":"2024-12-05T10:00:00Z"}])");
  EXPECT_EQ(bad.status, 422);
  const auto problem = nlohmann::json::parse(bad.body);
  EXPECT_EQ(problem["errors"][0]["pointer"], "/1/status");
  EXPECT_EQ(problem["detail"], "1 problem(s); nothing was applied");
  EXPECT_EQ(nlohmann::json::parse(
                Get("/api/v1/referrals", "victim_support").body)["referrals"][0]["status"],
            "sent");

  const std::string good =
      R"({"referral_key":"N/1/24|V1|n1","status":"contacted","at":"2024-12-05T15:30:00Z","note":"Support <agreed>"})";
  const auto ok =
      server_->Request("POST", "/api/v1/referrals/status", tokens_["victim_support"], good);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(nlohmann::json::parse(ok.body)["changed"], 1);
  EXPECT_EQ(
      nlohmann::json::parse(
          server_->Request("POST", "/api/v1/referrals/status", tokens_["victim_support"], good)
              .body)["changed"],
      0)
      << "a repeat changes nothing";
  const auto listed =
      nlohmann::json::parse(Get("/api/v1/referrals?status=contacted", "victim_support").body);
  ASSERT_EQ(listed["referrals"].size(), 1u);
  EXPECT_EQ(listed["referrals"][0]["referral_key"], key);
  const auto page = officer.Get("/cases/N%2F1%2F24");
  EXPECT_TRUE(
      Has(page, "Referred on Tue 3 Dec 2024 by file transfer: contacted on Thu 5 Dec 2024"));
  EXPECT_TRUE(Has(page, "Support &lt;agreed&gt;")) << "Victim Support's note is escaped";
  EXPECT_FALSE(Has(page, "Support <agreed>"));
}

}  // namespace
}  // namespace cf
