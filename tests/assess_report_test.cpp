// Self-assessment reports and imports against a real SQLite store: CSV and XLSX round trips,
// an Excel-style workbook, idempotent imports, problems by line and column, the PDF's text
// (pdftotext) and the live evidence measured from cases.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/assessments.hpp"
#include "assess/report.hpp"
#include "core/london_time.hpp"
#include "support/store_fixture.hpp"

namespace cf::app {
namespace {

const assess::Framework& F() { return assess::BuiltInFramework(); }

assess::Assessment Sample() {
  assess::Assessment a;
  a.scope = "North BCU";
  a.assessed_on = "2026-11-15";
  a.assessor = "Supt K Lee";
  a.scores["1.1"] = {
      3, "From the survey, \"2025\"\nsecond line", {"https://intranet/a", "Report 14"}};
  a.scores["2.6"] = {std::nullopt, "Not discussed", {}};
  a.scores["6.1"] = {2, "", {}};
  return a;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class AssessReports : public StoreWithOfficerTest {
 protected:
  void SetUp() override {
    StoreWithOfficerTest::SetUp();
    if (IsSkipped()) return;
    dir_ = ::testing::TempDir() + "cf_assess_" + std::to_string(::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    assessments_ = cf::testing::OpenTestAssessments(db_);
  }
  void TearDown() override {
    assessments_.reset();
    std::filesystem::remove_all(dir_);
    StoreWithOfficerTest::TearDown();
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string p = dir_ + "/" + name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string dir_;
  std::unique_ptr<storage::AssessmentStore> assessments_;
};

TEST_F(AssessReports, CsvRoundTripsNotesWithCommasQuotesAndLineBreaks) {
  const std::string csv = assess::ScoresCsv(F(), Sample());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 23)
      << "a header, 21 indicators, and the note's own line break";
  const auto back = assess::AssessmentFromTable(F(), assess::ParseCsv(csv), "x.csv");
  ASSERT_TRUE(back.problems.empty()) << back.problems[0];
  EXPECT_EQ(back.assessment.scores.at("1.1").note, "From the survey, \"2025\"\nsecond line");
  EXPECT_EQ(back.assessment.scores.at("1.1").evidence,
            (std::vector<std::string>{"https://intranet/a", "Report 14"}));
  EXPECT_FALSE(back.assessment.scores.at("2.6").score);
  EXPECT_EQ(back.assessment.scores.size(), 21u)
      << "every indicator has a row; unscored ones stay unscored";
  const auto table = assess::ParseCsv("a,b\r\n\"x\ny\",2\r\n3,4\r\n");
  EXPECT_EQ(table.lines, (std::vector<size_t>{1, 2, 4})) << "a row's line is where it starts";
}

// Issue 12, class 9: a note that starts like a formula is exported as text and comes back as
// it was typed.
TEST_F(AssessReports, ExportsThatAttackSpreadsheetsAreDefusedAndRoundTrip) {
  auto a = Sample();
  a.scores["2.6"].note = "=HYPERLINK(\"http://evil.example\",\"click\")";
  a.scores["3.1"].note = "+1 more review";
  const std::string csv = assess::ScoresCsv(F(), a);
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos);
  EXPECT_EQ(csv.find(",\"=HYPERLINK"), std::string::npos);
  EXPECT_NE(csv.find("\"'=HYPERLINK"), std::string::npos);
  const std::string path = Write("formula.csv", csv);
  const auto read = ReadAssessmentFile(path, "formula.csv");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->scores.at("2.6").note, a.scores["2.6"].note);
  EXPECT_EQ(read->scores.at("3.1").note, "+1 more review");
}

TEST_F(AssessReports, ImportingIsIdempotentAndRefusesToOverwriteSilently) {
  const std::string path = Write("a.csv", assess::ScoresCsv(F(), Sample()));
  const auto first = ImportAssessmentFile(*assessments_, path, "analyst", false);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->kind, ImportedAssessment::kAdded);
  const auto again = ImportAssessmentFile(*assessments_, path, "analyst", false);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->kind, ImportedAssessment::kUnchanged);
  EXPECT_EQ(assessments_->Assessments("").size(), 1u);
  auto changed = Sample();
  changed.scores["6.1"].score = 4;
  const std::string other = Write("b.csv", assess::ScoresCsv(F(), changed));
  const auto refused = ImportAssessmentFile(*assessments_, other, "analyst", false);
  ASSERT_FALSE(refused);
  EXPECT_NE(
      refused.error().message.find("already stored (number 1) with other scores; nothing imported"),
      std::string::npos);
  EXPECT_EQ(assessments_->FindAssessment(1)->scores.at("6.1").score, 2);
  const auto replaced = ImportAssessmentFile(*assessments_, other, "analyst", true);
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->kind, ImportedAssessment::kReplaced);
  EXPECT_EQ(assessments_->FindAssessment(1)->scores.at("6.1").score, 4);
}

TEST_F(AssessReports, BadFilesNameEveryProblemAndStoreNothing) {
  const std::string path = Write("bad.csv",
                                 "scope,assessed_on,assessor,indicator,score\n"
                                 "force,2026-11-02,X,1.1,5\n"
                                 "force,2026-11-02,X,9.1,2\n"
                                 "force,2026-11-02,X,1.1,2\n"
                                 "force,2026-11-03,X,1.2,2\n");
  const auto r = ImportAssessmentFile(*assessments_, path, "analyst", false);
  ASSERT_FALSE(r);
  EXPECT_EQ(
      r.error().message,
      path + ":2: score: \"5\" is not a whole number from 0 to 4 (leave it empty if not scored)\n" +
          path + ":3: indicator: \"9.1\" is not one of the 21 indicators (1.1 to 6.3)\n" + path +
          ":4: indicator: 1.1 appears twice\n" + path +
          ":5: scope, assessed_on and assessor must be the same on every row (line 2 has force, "
          "2026-11-02, X)");
  EXPECT_TRUE(assessments_->Assessments("").empty());
  const auto no_header =
      ImportAssessmentFile(*assessments_, Write("h.csv", "indicator,score\n1.1,2\n"), "a", false);
  ASSERT_FALSE(no_header);
  EXPECT_NE(no_header.error().message.find(":1: the header has no \"scope\" column"),
            std::string::npos);
  EXPECT_FALSE(ImportAssessmentFile(*assessments_, Write("n.xlsx", "not a zip"), "a", false));
}

// Found by the scores fuzz target: an assessed_on of dots alone passed the "digits and dots"
// test for an Excel serial day and then threw out of std::stod (a 500). A value that is not a
// serial day, or lies past Excel's last day, is kept as typed for the date check to refuse.
TEST_F(AssessReports, AnAssessedOnThatLooksLikeASerialDayButIsNotIsKeptAsTyped) {
  EXPECT_EQ(assess::DateFromSpreadsheet("46296"), "2026-10-01");
  EXPECT_EQ(assess::DateFromSpreadsheet("46296.5"), "2026-10-01");
  for (const char* cell : {".", "...", "1.2.3", "0", "2958466", "99999999999999999999999"})
    EXPECT_EQ(assess::DateFromSpreadsheet(cell), cell);
  const auto parsed = assess::AssessmentFromTable(
      F(), assess::ParseCsv("scope,assessed_on,assessor,indicator,score\nforce,.,X,1.1,2\n"), "d");
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_NE(parsed.problems[0].find("assessed_on"), std::string::npos) << parsed.problems[0];
}

// Found by the scores fuzz target (fuzz/, docs/fuzzing.md): a shared-text cell whose value is
// not a number threw out of expat's callback (a 500 and a leaked parser). It is an error that
// names the cell; so is a cell past the sheet's bounds.
TEST_F(AssessReports, CrashesOnHostileStructureInAWorkbookAreErrorsNamingTheCell) {
  const auto table = assess::ReadXlsx(CF_TESTS_DIR "/data/hostile/scores-bad-shared-string.xlsx");
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().message.find("is not a shared text's number"), std::string::npos)
      << table.error().message;
}

TEST_F(AssessReports, XlsxWeWriteReadsBackAndSoDoesAnExcelStyleWorkbook) {
  assess::Report report{&F(), Sample(), std::nullopt, {}, {}};
  const std::string path = dir_ + "/a.xlsx";
  ASSERT_TRUE(assess::WriteXlsx(report, path));
  const auto table = assess::ReadXlsx(path);
  ASSERT_TRUE(table) << table.error().message;
  const auto back = assess::AssessmentFromTable(F(), *table, path);
  ASSERT_TRUE(back.problems.empty()) << back.problems[0];
  EXPECT_TRUE(SameScores(
      back.assessment,
      assess::AssessmentFromTable(F(), assess::ParseCsv(assess::ScoresCsv(F(), Sample())), "x")
          .assessment));
  EXPECT_EQ(back.assessment.assessed_on, "2026-11-15");

  const std::string excel = dir_ + "/excel.xlsx";
  ASSERT_EQ(
      std::system(("/usr/bin/python3 " CF_TESTS_DIR "/support/make_xlsx.py " + excel).c_str()), 0);
  const auto imported = ImportAssessmentFile(*assessments_, excel, "analyst", false);
  ASSERT_TRUE(imported) << imported.error().message;
  const auto a = *assessments_->FindAssessment(imported->id);
  EXPECT_EQ(a.scope, "North BCU");
  EXPECT_EQ(a.assessed_on, "2026-11-15") << "Excel's day number 46341";
  EXPECT_EQ(a.scores.at("1.1").score, 3) << "3.0 as Excel stores it";
  EXPECT_EQ(a.scores.at("1.1").evidence.size(), 2u);
  EXPECT_FALSE(a.scores.at("2.6").score);
  EXPECT_EQ(a.scores.at("6.1").score, 2);
  EXPECT_EQ(a.scores.size(), 3u) << "the Scores sheet, not the first sheet";
}

TEST_F(AssessReports, TheJsonAndPdfReportsCarryScoresGuidanceActionsAndTheLicence) {
  const int64_t id = assessments_->AddAssessment(Sample(), "analyst");
  auto earlier = Sample();
  earlier.assessed_on = "2025-11-15";
  earlier.scores["1.1"].score = 1;
  const int64_t before = assessments_->AddAssessment(earlier, "analyst");
  assessments_->AddAction({0, "North BCU", "2.6", "Name one point of contact per case", "DI Shah",
                           "2027-01-31", "in_progress", "analyst", "", ""});
  const auto report =
      BuildReport(*assessments_, *store_, *accounts_, id, before, *core::Date::Parse("2026-11-27"));
  ASSERT_TRUE(report) << report.error().message;
  const auto j = nlohmann::json::parse(assess::ReportJson(*report));
  EXPECT_EQ(j["averages"][0]["average"], 3.0);
  EXPECT_EQ(j["averages"][2]["average"], nullptr) << "component 3 not scored";
  EXPECT_EQ(j["scores"][0]["previous_score"], 1);
  EXPECT_EQ(j["actions"][0]["owner"], "DI Shah");
  EXPECT_EQ(j["compared_with"]["assessed_on"], "2025-11-15");
  EXPECT_NE(j["licence"].get<std::string>().find("Open Government Licence"), std::string::npos);
  EXPECT_EQ(j["live_evidence"].size(), 6u);

  const std::string pdf = dir_ + "/r.pdf";
  ASSERT_TRUE(assess::WritePdf(*report, pdf));
  ASSERT_EQ(std::system(("pdftotext " + pdf + " " + pdf + ".txt").c_str()), 0);
  std::string text;  // words with single spaces: lines wrap where the layout says
  for (const char c : Slurp(pdf + ".txt")) {
    const bool space = c == ' ' || c == '\n' || c == '\f';
    if (!space || (!text.empty() && text.back() != ' ')) text += space ? ' ' : c;
  }
  for (const char* expected :
       {"Citizen Focus self-assessment: North BCU", "Component 6: Performance management",
        "Name one point of contact per case", "Open Government Licence",
        "read pages 27-29 of the guide", "Sun 15 Nov 2026"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  }
  EXPECT_FALSE(
      BuildReport(*assessments_, *store_, *accounts_, 99, 0, *core::Date::Parse("2026-11-27")));
}

constexpr const char* kCases =
    R"({"id":"e1","type":"crime.recorded","crime":"E/1","at":"2026-11-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC1"}
{"id":"e2","type":"person.added","crime":"E/1","at":"2026-11-02T10:00:00Z","person":"V1","role":"victim","name":{"family":"Lee"}}
{"id":"e3","type":"contract.agreed","crime":"E/1","at":"2026-11-02T11:00:00Z","person":"V1","wants_updates":true}
{"id":"e4","type":"contact.made","crime":"E/1","at":"2026-11-03T11:00:00Z","person":"V1","channel":"phone","outcome":"spoke","by":"PC1"}
{"id":"e5","type":"contact.made","crime":"E/1","at":"2026-11-04T11:00:00Z","person":"V1","channel":"phone","outcome":"spoke","by":"PC9"}
{"id":"e6","type":"person.added","crime":"E/1","at":"2026-11-02T10:00:00Z","person":"V2","role":"victim","name":{"family":"Ray"}}
)";

TEST_F(AssessReports, LiveEvidenceIsMeasuredFromTheCases) {
  ASSERT_TRUE(Import(kCases).written);
  const auto evidence =
      LiveEvidence(*store_, *accounts_, "force", *core::Date::Parse("2026-11-27"));
  ASSERT_EQ(evidence.size(), 6u);
  EXPECT_EQ(evidence[1].indicator, "2.6");
  EXPECT_EQ(evidence[1].value, "50.0% (1 of 2)")
      << "one contact by the officer in case, one by someone else";
  EXPECT_EQ(evidence[2].indicator, "2.7");
  EXPECT_EQ(evidence[2].value, "50.0% (1 of 2)") << "V1 agreed how to be contacted, V2 did not";
  EXPECT_EQ(evidence[3].indicator, "3.1");
  EXPECT_NE(evidence[3].value.find("on time"), std::string::npos) << evidence[3].value;
}

TEST_F(AssessReports, SupervisionIsCountedFromTheAuditLogSinceTheWindowOpened) {
  ASSERT_TRUE(accounts_->AddUser({0, "sgt.n1", domain::StaffRole::kSupervisor, "N1", "SGT1", "x", 0,
                                  "", false, "", "", "", ""}));
  accounts_->AddUnit({"N1", "North 1", "North BCU"});
  for (const char* action : {"viewed_team", "viewed_case", "viewed_case", "reassigned_case",
                             "closed_case_override", "signed_in"}) {
    accounts_->Audit({"", "sgt.n1", action, "", "", "", "test"});
  }
  accounts_->Audit(
      {"", "pc1", "viewed_case", "", "", "", "test"});  // an officer's view is not supervision
  const auto today =
      core::LondonDates().DateOf(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  const auto evidence = LiveEvidence(*store_, *accounts_, "North BCU", today);
  EXPECT_EQ(evidence[4].indicator, "6.1");
  EXPECT_EQ(evidence[4].value,
            "3 reviews by 1 supervisors; 1 cases reassigned; 1 closure-gate overrides");
  EXPECT_EQ(accounts_->AuditActionCounts("sgt.n1", "2999-01-01").size(), 0u)
      << "nothing after the window opens";
}

}  // namespace
}  // namespace cf::app
