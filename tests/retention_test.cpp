// Personal data duties (issue 19, app/retention.hpp, app/subject_access.hpp) on the in-memory
// repositories: the purge of closed cases past their retention rules keeps every duty and
// statistic and removes every detail; a dry run changes nothing; a subject access export
// holds the person's data and no one else's.
#include "app/retention.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/import.hpp"
#include "app/subject_access.hpp"
#include "storage/memory/memory_store.hpp"
#include "support/memory_services.hpp"

namespace cf::app {
namespace {

using storage::RetainedKind;

constexpr core::Instant kMonday0900 = 1740992400000;  // Mon 3 Mar 2025 09:00 UTC

// A child victim (enhanced for her age), her mother, a witness and a suspect, closed in 2018;
// a second case of Nia's (the same email), still open.
constexpr const char* kCases =
    R"({"id":"a1","type":"crime.recorded","crime":"A/1/18","at":"2018-01-10T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101","offence_date":"2018-01-09"}
{"id":"a2","type":"person.added","crime":"A/1/18","at":"2018-01-10T10:00:00Z","person":"V1","role":"victim","date_of_birth":"2010-05-01","name":{"given":"Nia","family":"Hughes"},"contact":{"address":"1 Stryd Fawr, Bangor","postcode":"LL57 1AA","phone_mobile":"07700 900111","email":"nia@example.org"},"language":"cy"}
{"id":"a3","type":"person.added","crime":"A/1/18","at":"2018-01-10T10:00:00Z","person":"G1","role":"parent_guardian","represents":"V1","name":{"given":"Eira","family":"Hughes"},"contact":{"phone_home":"01248 000222"},"secret_field":"kept by import, not by a purge"}
{"id":"a4","type":"person.added","crime":"A/1/18","at":"2018-01-10T10:00:00Z","person":"W1","role":"witness","name":{"given":"Owen","family":"Jones"}}
{"id":"a5","type":"person.details_changed","crime":"A/1/18","at":"2018-01-11T10:00:00Z","person":"V1","contact":{"phone_mobile":"07700 900999"}}
{"id":"a6","type":"contact.made","crime":"A/1/18","at":"2018-01-12T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke","summary":"Nia's mum says the bike was blue"}
{"id":"a7","type":"suspect.arrested","crime":"A/1/18","at":"2018-01-13T10:00:00Z","suspect":"S1"}
{"id":"a8","type":"suspect.bailed","crime":"A/1/18","at":"2018-01-14T10:00:00Z","suspect":"S1","conditions":"not to go to 1 Stryd Fawr","return_date":"2018-02-14"}
{"id":"a9","type":"case.closed","crime":"A/1/18","at":"2018-03-01T10:00:00Z","outcome":"evidential_difficulties","reason":"Owen Jones would not give a statement","rms_note":"see Owen's file"}
{"id":"b1","type":"crime.recorded","crime":"B/2/24","at":"2024-12-02T10:00:00Z","crime_type":"Robbery","unit":"N1","officer":"PC101"}
{"id":"b2","type":"person.added","crime":"B/2/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"given":"Nia","family":"Hughes"},"contact":{"email":"NIA@example.org"}}
{"id":"b3","type":"person.added","crime":"B/2/24","at":"2024-12-02T10:00:00Z","person":"V2","role":"victim","name":{"given":"Sion","family":"Evans"},"contact":{"email":"sion@example.org"}}
)";

class Retention : public MemoryServicesTest {
 protected:
  Retention() : MemoryServicesTest(kMonday0900) {}
  void SetUp() override { Import(kCases); }
  ImportReport Import(const std::string& lines) {
    ImportOptions options;
    options.source = "test";
    options.now = "2025-03-03T09:00:00Z";
    auto report = ImportJsonLines(s_.cases, s_.engine, s_.library, lines, options);
    EXPECT_TRUE(report.written) << (report.errors.empty() ? "" : report.errors[0].message);
    return report;
  }
  std::string Log(const std::string& crime) {
    std::string out;
    for (const auto& body : s_.cases.EventBodies(crime)) out += body + "\n";
    return out;
  }
  const core::Date today_ = core::Date::FromYmd(2025, 3, 3);
};

TEST_F(Retention, APurgeRemovesEveryDetailAndKeepsEveryDutyAndStatistic) {
  const auto duties = s_.cases.CaseObligations("A/1/18");
  const auto row = s_.cases.FindCase("A/1/18");
  ASSERT_FALSE(duties.empty());
  const bool enhanced = std::any_of(duties.begin(), duties.end(),
                                    [](const auto& o) { return o.person == "V1" && o.enhanced; });
  ASSERT_TRUE(enhanced) << "a child under 18: her duties are enhanced";
  stores_.portal->AddInvitation(
      {"h1", "A/1/18", "V1", "PC101", "2018-01-10T10:00:00Z", "2018-01-17T10:00:00Z", ""});
  stores_.portal->AddPortalMessage(
      {0, "A/1/18", "V1", true, "", "", "Please ring me at work", "2018-01-15T10:00:00Z"});

  const auto report = PurgePersonalData(s_, RetentionRules{}, today_, false, "dpo");
  ASSERT_TRUE(report.refused.empty()) << report.refused[0];
  ASSERT_EQ(report.purged.size(), 3u) << "portal, messages and case details of A/1/18";
  EXPECT_EQ(report.closed_cases, 1u);
  EXPECT_EQ(report.purged[2].kind, RetainedKind::kCaseDetails);
  EXPECT_EQ(report.purged[2].closed_on, core::Date::FromYmd(2018, 3, 1));
  EXPECT_EQ(report.purged[2].due_on, core::Date::FromYmd(2024, 3, 1));

  const std::string log = Log("A/1/18");
  for (const char* detail : {"Nia", "Hughes", "Eira", "Owen", "Stryd", "LL57", "07700", "01248",
                             "example.org", "\"cy\"", "blue", "2010-05-01", "secret_field"}) {
    EXPECT_EQ(log.find(detail), std::string::npos) << detail << " is still in\n" << log;
  }
  EXPECT_NE(log.find(kRemovedText), std::string::npos) << "a reason was given; its words are gone";
  EXPECT_NE(log.find("\"date_of_birth\":\"2011-01-09\""), std::string::npos)
      << "the birthday giving her age (7) on the offence's day\n"
      << log;
  EXPECT_EQ(s_.cases.CaseObligations("A/1/18"), duties) << "every duty, as it was";
  EXPECT_EQ(*s_.cases.FindCase("A/1/18"), *row);
  for (const auto& p : s_.cases.CasePeople("A/1/18")) {
    EXPECT_EQ(p.display_name, "") << p.person;
    EXPECT_EQ(p.postcode, "") << p.person;
  }
  EXPECT_FALSE(stores_.portal->FindInvitation("h1"));
  EXPECT_EQ(stores_.portal->PortalMessages("A/1/18", "V1", 10).at(0).body, "");
  EXPECT_NE(Log("B/2/24").find("Nia"), std::string::npos) << "an open case is not touched";
  EXPECT_EQ(s_.cases.Purges().size(), 3u);
  EXPECT_EQ(stores_.accounts->AuditLog("dpo", "A/1/18", 10).size(), 3u) << "each purge audited";

  const auto again = PurgePersonalData(s_, RetentionRules{}, today_, false, "dpo");
  EXPECT_TRUE(again.purged.empty()) << "done once for a closing";
  const auto reimport = Import(kCases);
  EXPECT_EQ(reimport.duplicates, 12u) << "the original lines are duplicates";
  EXPECT_EQ(Log("A/1/18").find("Nia"), std::string::npos) << "and bring nothing back";

  // Something recorded after the purge is purged in its turn, once its rule has run from it.
  Import(
      R"({"id":"a13","type":"contact.made","crime":"A/1/18","at":"2018-04-01T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke","summary":"Nia rang about the bike"}
)");
  const auto later = PurgePersonalData(s_, RetentionRules{}, today_, false, "dpo");
  ASSERT_EQ(later.purged.size(), 3u) << "every kind again, through the new event";
  EXPECT_EQ(later.purged[2].due_on, core::Date::FromYmd(2024, 4, 1)) << "from the last event";
  EXPECT_EQ(Log("A/1/18").find("Nia"), std::string::npos);
  EXPECT_TRUE(PurgePersonalData(s_, RetentionRules{}, today_, false, "dpo").purged.empty());
}

// Every event type of docs/events.md, with words and fields from outside everywhere: none of
// them is left, and what the engine reads is.
TEST(RedactEventBody, LeavesNoWordsNoNamesAndNoFieldFromOutsideInAnyEventType) {
  const char* kLines[] = {
      R"({"id":"e","type":"crime.recorded","crime":"C","at":"2020-01-01T00:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC1","flags":["domestic_abuse","SECRET words"],"offence_date":"2019-12-31","x":"SECRET"})",
      R"({"id":"e","type":"person.added","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","role":"victim","represents":"V2","name":{"given":"SECRET"},"date_of_birth":"2010-06-01","flags":["vulnerable"],"contact":{"email":"SECRET@x.org"},"language":"SECRET","ethnicity":"W1","gender":"female","x":{"y":"SECRET"}})",
      R"({"id":"e","type":"person.details_changed","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","name":{"family":"SECRET"},"date_of_birth":"2010-06-01","format":"large_print","x":"SECRET"})",
      R"({"id":"e","type":"person.flagged","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","flag":"intimidated","reason":"SECRET"})",
      R"({"id":"e","type":"needs.assessed","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","preferred_contact":"phone","contact_times":"SECRET","dates_to_avoid":["2020-02-02"],"willing_to_attend_court":true,"particular_needs":["disability"],"notes":["SECRET"],"interpreter_language":"SECRET","medical_records_consent":"SECRET","screening":{"mental_health":true,"x":"SECRET"},"special_measures":["screens","SECRET words"]})",
      R"({"id":"e","type":"contract.agreed","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","wants_updates":true,"channel":"phone","frequency_days":28,"times":"SECRET","safe_to_contact":{"phone":true,"letter":"SECRET"},"notes":"SECRET"})",
      R"({"id":"e","type":"referral.sent","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","to":"victim_support","x":"SECRET"})",
      R"({"id":"e","type":"information.given","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","item":"vps_offered"})",
      R"({"id":"e","type":"investigation.not_pursued","crime":"C","at":"2020-01-01T00:00:00Z","reason":"SECRET"})",
      R"({"id":"e","type":"suspect.bailed","crime":"C","at":"2020-01-01T00:00:00Z","suspect":"S1","conditions":"SECRET","return_date":"2020-02-01"})",
      R"({"id":"e","type":"suspect.charged","crime":"C","at":"2020-01-01T00:00:00Z","suspect":"S1","charges":"SECRET"})",
      R"({"id":"e","type":"decision.no_charge","crime":"C","at":"2020-01-01T00:00:00Z","suspect":"S1","vrr_eligible":true,"reason":{"text":"SECRET"}})",
      R"({"id":"e","type":"court.hearing_set","crime":"C","at":"2020-01-01T00:00:00Z","court":"Cardiff Crown Court","hearing_at":"2020-03-01T10:00:00Z"})",
      R"({"id":"e","type":"case.closed","crime":"C","at":"2020-01-01T00:00:00Z","outcome":"other","reason":"SECRET"})",
      R"({"id":"e","type":"case.reopened","crime":"C","at":"2020-01-01T00:00:00Z","reason":"SECRET"})",
      R"({"id":"e","type":"contact.made","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","channel":"phone","outcome":"spoke","covers":["arrest"],"summary":"SECRET"})",
      R"({"id":"e","type":"case.handed_to_wcu","crime":"C","at":"2020-01-01T00:00:00Z","unit":"WCU1","gate_override":"SECRET"})",
      R"({"id":"e","type":"wcu.hearing_received","crime":"C","at":"2020-01-01T00:00:00Z","court":"Cardiff","hearing_at":"2020-03-01T10:00:00Z","hearing":"SECRET"})",
      R"({"id":"e","type":"wcu.bail_outcome_received","crime":"C","at":"2020-01-01T00:00:00Z","outcome":"bail_granted","conditions":"SECRET"})",
      R"({"id":"e","type":"wcu.special_measures_decided","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","decision":"granted","measures":["screens"],"reason":"SECRET"})",
      R"({"id":"e","type":"wcu.court_result_received","crime":"C","at":"2020-01-01T00:00:00Z","result":"convicted","sentence":"SECRET"})",
      R"({"id":"e","type":"vrr.decided","crime":"C","at":"2020-01-01T00:00:00Z","person":"V1","outcome":"upheld","reason":"SECRET"})",
      R"({"id":"e","type":"cps.charge_altered","crime":"C","at":"2020-01-01T00:00:00Z","change":"altered","charges":"SECRET","reason":"SECRET"})",
  };
  const core::Date age_date = core::Date::FromYmd(2020, 1, 1);
  for (const char* line : kLines) {
    const std::string out = RedactEventBody(line, age_date);
    EXPECT_EQ(out.find("SECRET"), std::string::npos) << line << "\n-> " << out;
    EXPECT_EQ(out.find("\"x\""), std::string::npos) << out;
    const auto in = nlohmann::json::parse(line);
    const auto kept = nlohmann::json::parse(out);
    for (const char* key :
         {"id",     "type",     "crime",   "at",     "person",     "role",    "represents",
          "flag",   "outcome",  "channel", "court",  "hearing_at", "suspect", "unit",
          "result", "decision", "change",  "format", "covers",     "measures"}) {
      if (in.contains(key)) {
        EXPECT_EQ(kept.at(key), in.at(key)) << key << " in " << out;
      }
    }
    for (const char* key : {"reason", "summary", "charges", "conditions", "hearing"}) {
      if (in.contains(key)) {
        EXPECT_EQ(kept.at(key), kRemovedText) << key << " in " << out;
      }
    }
  }
  const auto added = nlohmann::json::parse(RedactEventBody(kLines[1], age_date));
  EXPECT_EQ(added["date_of_birth"], "2011-01-01") << "9 on the day, as she was";
  EXPECT_EQ(added["flags"], nlohmann::json::array({"vulnerable"}));
  const auto needs = nlohmann::json::parse(RedactEventBody(kLines[4], age_date));
  EXPECT_EQ(needs["screening"], nlohmann::json({{"mental_health", true}}));
  EXPECT_EQ(needs["special_measures"], nlohmann::json::array({"screens"}));
  EXPECT_FALSE(needs.contains("particular_needs")) << "health: shown, never counted";
  EXPECT_FALSE(needs.contains("dates_to_avoid"));
  EXPECT_EQ(needs["interpreter_language"], kRemovedText) << "that one was asked for stays";
  const auto contract = nlohmann::json::parse(RedactEventBody(kLines[5], age_date));
  EXPECT_EQ(contract["safe_to_contact"], nlohmann::json({{"phone", true}}));
}

TEST_F(Retention, ADryRunSaysWhatWouldGoAndChangesNothing) {
  const std::string before = Log("A/1/18");
  const auto people = s_.cases.CasePeople("A/1/18");
  stores_.portal->AddPortalMessage(
      {0, "A/1/18", "V1", true, "", "", "Please ring me at work", "2018-01-15T10:00:00Z"});
  const auto plan = PurgePersonalData(s_, RetentionRules{}, today_, true, "dpo");
  EXPECT_TRUE(plan.dry_run);
  ASSERT_EQ(plan.purged.size(), 3u);
  EXPECT_GT(plan.purged[2].records, 5) << "the events it would rewrite";
  EXPECT_EQ(Log("A/1/18"), before);
  EXPECT_EQ(s_.cases.CasePeople("A/1/18").at(0).display_name, people.at(0).display_name);
  EXPECT_EQ(stores_.portal->PortalMessages("A/1/18", "V1", 10).at(0).body,
            "Please ring me at work");
  EXPECT_TRUE(s_.cases.Purges().empty());
  ASSERT_EQ(stores_.accounts->AuditLog("dpo", "", 10).size(), 1u) << "only that it was asked";
  EXPECT_EQ(stores_.accounts->AuditLog("dpo", "", 10).at(0).action, "planned_purge");
  const auto real = PurgePersonalData(s_, RetentionRules{}, today_, false, "dpo");
  ASSERT_EQ(real.purged.size(), plan.purged.size());
  for (size_t i = 0; i < real.purged.size(); ++i)
    EXPECT_EQ(real.purged[i].records, plan.purged[i].records) << "exactly what it said";
}

TEST_F(Retention, EachKindWaitsForItsOwnRuleAndAClosingAfterReopeningIsPurgedAgain) {
  RetentionRules rules;
  rules.portal = 12;
  rules.messages = 100;
  rules.case_details = 100;  // 1 Jul 2026
  auto report = PurgePersonalData(s_, rules, today_, false, "dpo");
  ASSERT_EQ(report.purged.size(), 1u);
  EXPECT_EQ(report.purged[0].kind, RetainedKind::kPortal);
  EXPECT_EQ(report.not_yet_due, 2u);
  EXPECT_NE(Log("A/1/18").find("Nia"), std::string::npos);

  rules.case_details = 12;
  ASSERT_EQ(PurgePersonalData(s_, rules, today_, false, "dpo").purged.size(), 1u);
  Import(
      R"({"id":"a10","type":"case.reopened","crime":"A/1/18","at":"2018-06-01T10:00:00Z","reason":"new evidence"}
{"id":"a11","type":"person.details_changed","crime":"A/1/18","at":"2018-06-01T10:00:00Z","person":"V1","contact":{"email":"nia.new@example.org"}}
{"id":"a12","type":"case.closed","crime":"A/1/18","at":"2018-07-01T10:00:00Z","outcome":"other","reason":"no further action"}
)");
  report = PurgePersonalData(s_, rules, today_, false, "dpo");
  ASSERT_EQ(report.purged.size(), 2u) << "the portal and the details again, for the new closing";
  EXPECT_EQ(Log("A/1/18").find("nia.new"), std::string::npos);
}

TEST_F(Retention, ASubjectAccessExportHoldsThePersonsDataAndNoOneElses) {
  SubjectQuery q;
  q.email = "Nia@Example.org";
  const auto found = ExportSubjectAccess(s_, q, "dpo");
  ASSERT_TRUE(found) << found.error().message;
  const auto& people = (*found)["people"];
  ASSERT_EQ(people.size(), 2u) << "Nia on both cases, by her email in any case";
  const std::string text = found->dump();
  EXPECT_EQ(text.find("Sion"), std::string::npos) << "another victim";
  EXPECT_EQ(text.find("Eira"), std::string::npos) << "her mother's own record";
  EXPECT_EQ(text.find("\"S1\""), std::string::npos) << "the suspect";
  EXPECT_EQ(text.find("not to go to"), std::string::npos) << "suspects' events are withheld";
  EXPECT_EQ(text.find("Owen"), std::string::npos) << "a witness named in the closing's reason";
  EXPECT_EQ(text.find("rms_note"), std::string::npos) << "a field from outside on a case event";
  const auto& first = people[0];
  EXPECT_EQ(first["crime"], "A/1/18");
  EXPECT_EQ(first["details_held"]["phone_mobile"], "07700 900999") << "as corrected";
  EXPECT_EQ(first["withheld"]["suspects_events"], 2);
  EXPECT_EQ(first["withheld"]["other_peoples_events"], 2);
  EXPECT_EQ(first["withheld"]["case_events_words_and_other_fields"], 2) << "a9's reason, rms_note";
  EXPECT_FALSE(first["duties"].empty());
  EXPECT_TRUE(stores_.accounts->AuditLog("dpo", "", 10).empty()) << "not until handed over";
  AuditSubjectAccess(s_, *found, "dpo");
  EXPECT_EQ(stores_.accounts->AuditLog("dpo", "", 10).size(), 2u) << "one record per person";

  SubjectQuery by_person;
  by_person.crime = "B/2/24";
  by_person.person = "V2";
  const auto sion = ExportSubjectAccess(s_, by_person, "dpo");
  ASSERT_TRUE(sion);
  EXPECT_EQ((*sion)["people"].size(), 1u);
  EXPECT_EQ((*sion)["people"][0]["details_held"]["given"], "Sion");

  SubjectQuery nobody;
  nobody.phone = "07700 123456";
  EXPECT_EQ(ExportSubjectAccess(s_, nobody, "dpo").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(ExportSubjectAccess(s_, SubjectQuery{}, "dpo").error().code,
            core::ErrorCode::kInvalidArgument);
  SubjectQuery born;
  born.name = "nia  HUGHES";
  born.date_of_birth = core::Date::FromYmd(2010, 5, 1);
  const auto one = ExportSubjectAccess(s_, born, "dpo");
  ASSERT_TRUE(one);
  EXPECT_EQ((*one)["people"].size(), 1u) << "only A/1/18's Nia gives that birthday";

  PurgePersonalData(s_, RetentionRules{}, today_, false, "dpo");
  const auto after = ExportSubjectAccess(s_, q, "dpo");
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)["people"].size(), 1u) << "nothing left to find her by on the purged case";
}

}  // namespace
}  // namespace cf::app
