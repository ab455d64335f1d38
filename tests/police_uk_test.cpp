// data.police.uk imports: the real shared files, counted independently of the importer;
// older and other layouts; idempotence.
#include "app/police_uk.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "calendar/calendar_loader.hpp"
#include "core/csv.hpp"
#include "core/utf8.hpp"
#include "support/postgresql.hpp"

namespace cf::app {
namespace {

const std::string kDir = std::string(CF_TESTS_DIR) + "/data/police-uk/";

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

std::vector<std::string> Files(const char* suffix) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(kDir)) {
    if (e.path().string().ends_with(suffix)) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class PoliceUk : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "cf_pu_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + s);
    CF_SKIP_WITHOUT_TEST_BACKEND();
    store_ = cf::testing::OpenTestStore(cf::testing::TestDb(path_));  // a file, or a schema
  }
  void TearDown() override {
    store_.reset();
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + s);
  }
  PoliceUkReport Import(PoliceUkFile kind, const std::string& text) {
    ImportOptions options;
    options.source = "test";
    options.now = "2026-01-01T00:00:00Z";
    return ImportPoliceUk(*store_, engine_, lib_, kind, text, options);
  }

  std::string path_;
  std::unique_ptr<storage::CaseStore> store_;
  const rules::RuleLibrary lib_ = rules::RuleLibrary::BuiltIn().value();
  const rules::ObligationEngine engine_{lib_, calendar::EnglandAndWales()};
};

TEST_F(PoliceUk, TheSharedFilesImportWithCountsMatchingAnIndependentCount) {
  // Independent count: distinct non-empty first fields (Crime ID) of the street files;
  // anti-social behaviour rows have none in these files.
  std::set<std::string> ids;
  for (const auto& f : Files("-street.csv")) {
    std::istringstream in(Read(f));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      const std::string id = line.substr(0, line.find(','));
      if (!id.empty()) ids.insert(id);
    }
  }
  // Outcome events: one per distinct (Crime ID, Month, Outcome type) of a known crime;
  // every outcome string in these files maps to exactly one event.
  std::set<std::string> outcomes;
  for (const auto& f : Files("-outcomes.csv")) {
    std::istringstream in(Read(f));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const std::string id = line.substr(0, line.find(','));
      const std::string month = line.substr(id.size() + 1, 7);
      const std::string outcome = line.substr(line.rfind(',') + 1);
      if (ids.count(id)) outcomes.insert(id + month + outcome);
    }
  }
  size_t crimes = 0;
  for (const auto& f : Files("-street.csv")) {
    const auto r = Import(PoliceUkFile::kStreet, Read(f));
    ASSERT_TRUE(r.import.written) << f << ": "
                                  << (r.import.errors.empty() ? "" : r.import.errors[0].message);
    crimes += r.crimes;
  }
  size_t outcome_events = 0;
  for (const auto& f : Files("-outcomes.csv")) {
    const auto r = Import(PoliceUkFile::kOutcomes, Read(f));
    ASSERT_TRUE(r.import.written) << f;
    outcome_events += r.outcome_events;
    EXPECT_EQ(r.outcomes_without_crime, 0u);
  }
  EXPECT_EQ(crimes, ids.size());
  EXPECT_EQ(static_cast<size_t>(store_->CaseCount()), ids.size());
  // Every crime here has a victim (burglaries; City of London types with victims), except
  // drugs, weapons and public order: the log holds crime + victim + outcome events.
  int64_t without_victim = 0;
  for (const auto& f : Files("-street.csv")) {
    std::istringstream in(Read(f));
    std::string line;
    std::getline(in, line);
    std::set<std::string> seen;
    while (std::getline(in, line)) {
      const std::string id = line.substr(0, line.find(','));
      if (id.empty()) continue;
      for (const char* t : {",Drugs,", ",Possession of weapons,", ",Public order,"}) {
        if (line.find(t) != std::string::npos && seen.insert(id).second) ++without_victim;
      }
    }
  }
  EXPECT_EQ(store_->EventCount(), static_cast<int64_t>(2 * ids.size()) - without_victim +
                                      static_cast<int64_t>(outcomes.size()));
  EXPECT_LE(outcome_events,
            outcomes.size() + 200);  // repeated rows count as duplicates, not events
}

TEST_F(PoliceUk, ReimportingChangesNothing) {
  const std::string text = Read(Files("-street.csv")[0]);
  Import(PoliceUkFile::kStreet, text);
  const auto events = store_->EventCount();
  const auto again = Import(PoliceUkFile::kStreet, text);
  EXPECT_TRUE(again.import.written);
  EXPECT_EQ(again.import.accepted, 0u);
  EXPECT_EQ(store_->EventCount(), events);
}

TEST_F(PoliceUk, AnOlderLayoutWorks) {
  // 2011-style file: no Context or Last outcome category, older categories.
  const auto r = Import(PoliceUkFile::kStreet,
                        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA "
                        "code,LSOA name,Crime type\n"
                        "aaa1,2011-06,Kent Police,Kent Police,0.1,51.2,On or near High "
                        "St,E01024000,Maidstone 001A,Violent crime\n"
                        "aaa2,2011-06,Kent Police,Kent Police,0.1,51.2,On or near High "
                        "St,E01024000,Maidstone 001A,Public disorder and weapons\n"
                        ",2011-06,Kent Police,Kent Police,0.1,51.2,On or near High "
                        "St,E01024000,Maidstone 001A,Anti-social behaviour\n");
  ASSERT_TRUE(r.import.written) << r.import.errors[0].message;
  EXPECT_EQ(r.crimes, 2u);
  EXPECT_EQ(r.not_crimes, 1u);
  EXPECT_EQ(store_->FindCase("aaa1")->unit, "Maidstone");
  EXPECT_TRUE(store_->PersonExists("aaa1", "V1"));
  EXPECT_FALSE(store_->PersonExists("aaa2", "V1"));
  const auto recorded = store_->FindCase("aaa1")->recorded_on;
  EXPECT_EQ(recorded.ToString().substr(0, 7), "2011-06");
}

TEST_F(PoliceUk, TheWrongKindOfFileFailsClearly) {
  const auto r = Import(PoliceUkFile::kStreet, Read(Files("-outcomes.csv")[0]));
  EXPECT_FALSE(r.import.written);
  ASSERT_EQ(r.import.errors.size(), 1u);
  EXPECT_EQ(r.import.errors[0].line, 1u);
  EXPECT_NE(r.import.errors[0].message.find("lacks \"Crime type\""), std::string::npos)
      << r.import.errors[0].message;
  EXPECT_EQ(store_->EventCount(), 0);
}

TEST_F(PoliceUk, UnknownValuesAreLineErrors) {
  const auto r = Import(PoliceUkFile::kStreet,
                        "Crime ID,Month,Falls within,LSOA name,Crime type\n"
                        "b1,2019-01,X,Camden 001A,Burglary\n"
                        "b2,2019-13,X,Camden 001A,Burglary\n"
                        "b3,2019-01,X,Camden 001A,Jaywalking\n");
  EXPECT_FALSE(r.import.written);
  ASSERT_EQ(r.import.errors.size(), 2u);
  EXPECT_EQ(r.import.errors[0].line, 3u);
  EXPECT_NE(r.import.errors[0].message.find("Month"), std::string::npos);
  EXPECT_EQ(r.import.errors[1].line, 4u);
  EXPECT_NE(r.import.errors[1].message.find("Jaywalking"), std::string::npos);
}

// Issue 12, class 7: validation gaps in the police.uk reader. A byte order mark is not part of
// the header; a quoted field may hold a line break, and errors name the line a record starts
// on; bytes that are not UTF-8 are an error on their line, kept showable.
TEST_F(PoliceUk, ValidationGapsAreClosedBomQuotedNewlinesAndUtf8) {
  const auto bom = Import(PoliceUkFile::kStreet,
                          "\xEF\xBB\xBF"
                          "Crime ID,Month,Falls within,LSOA name,Crime type\n"
                          "c1,2019-01,X,Camden 001A,Burglary\n");
  ASSERT_TRUE(bom.import.written) << bom.import.errors[0].message;
  EXPECT_EQ(bom.crimes, 1u);

  const auto quoted = Import(PoliceUkFile::kStreet,
                             "Crime ID,Month,Falls within,LSOA name,Crime type\n"
                             "c2,2019-01,X,\"Camden\n001A\",Burglary\n"
                             "c3,2019-13,X,Camden 001A,Burglary\n"
                             "c4,2019-01,X,Camden 001A,Burglary\xff\n");
  EXPECT_FALSE(quoted.import.written);
  ASSERT_EQ(quoted.import.errors.size(), 2u);
  EXPECT_EQ(quoted.import.errors[0].line, 4u) << "the record after the two-line one";
  EXPECT_NE(quoted.import.errors[0].message.find("Month"), std::string::npos);
  EXPECT_EQ(quoted.import.errors[1].line, 5u);
  EXPECT_NE(quoted.import.errors[1].message.find("not valid UTF-8"), std::string::npos)
      << quoted.import.errors[1].message;
  EXPECT_FALSE(core::InvalidUtf8At(quoted.import.errors[1].text));

  const auto unclosed = Import(PoliceUkFile::kStreet,
                               "Crime ID,Month,Falls within,LSOA name,Crime type\n"
                               "c5,2019-01,X,\"Camden 001A,Burglary\n");
  EXPECT_FALSE(unclosed.import.written);
  ASSERT_EQ(unclosed.import.errors.size(), 1u);
  EXPECT_EQ(unclosed.import.errors[0].line, 2u);
  EXPECT_NE(unclosed.import.errors[0].message.find("not closed"), std::string::npos);
}

// Found by the police_uk fuzz target (its reproducer is in fuzz/corpus/police_uk): a row whose
// month is refused (more than a year after the import) was still counted as a crime, so
// importing the file again with --skip-invalid counted it again though nothing was written.
TEST_F(PoliceUk, ValidationGapsARefusedRowIsNotCountedAsACrime) {
  const std::string file =
      "Crime ID,Month,Falls within,LSOA name,Crime type\n"
      "c1,2019-01,X,Camden 001A,Burglary\n"
      "c2,2039-01,X,Camden 001A,Burglary\n";
  ImportOptions options;
  options.source = "test";
  options.now = "2026-01-01T00:00:00Z";
  options.skip_invalid = true;
  const auto first = ImportPoliceUk(*store_, engine_, lib_, PoliceUkFile::kStreet, file, options);
  ASSERT_TRUE(first.import.written);
  EXPECT_EQ(first.crimes, 1u);
  ASSERT_EQ(first.import.errors.size(), 1u) << "the refused month, and no error for its victim";
  EXPECT_EQ(first.import.errors[0].line, 3u);
  const auto again = ImportPoliceUk(*store_, engine_, lib_, PoliceUkFile::kStreet, file, options);
  EXPECT_EQ(again.import.accepted, 0u);
  EXPECT_EQ(again.crimes, 0u);
}

TEST_F(PoliceUk, OutcomesBecomeEventsAsMapped) {
  Import(PoliceUkFile::kStreet,
         "Crime ID,Month,Falls within,LSOA name,Crime type\nc1,2019-01,X,Camden 001A,Burglary\n");
  const auto r = Import(PoliceUkFile::kOutcomes,
                        "Crime ID,Month,Falls within,LSOA name,Outcome type\n"
                        "c1,2019-02,X,Camden 001A,Unable to prosecute suspect\n"
                        "c1,2019-02,X,Camden 001A,Under investigation\n"
                        "zz,2019-02,X,Camden 001A,Suspect charged\n");
  ASSERT_TRUE(r.import.written);
  EXPECT_EQ(r.outcome_events, 2u);
  EXPECT_EQ(r.outcomes_without_event, 1u);
  EXPECT_EQ(r.outcomes_without_crime, 1u);
  bool no_charge = false, closure = false;
  for (const auto& o : store_->CaseObligations("c1")) {
    no_charge |= o.duty == "no_charge";
    closure |= o.duty == "closure";
  }
  EXPECT_TRUE(no_charge);
  EXPECT_TRUE(closure);
  EXPECT_TRUE(store_->FindCase("c1")->closed);
}

// Issue 12, class 9: exports that attack spreadsheets. A value that a spreadsheet would run as a
// formula is written as text, whichever export it is in.
TEST(ExportsThatAttackSpreadsheets, FormulaStartsAreWrittenAsText) {
  EXPECT_EQ(core::CsvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(core::CsvField("+44 7700 900123"), "+44 7700 900123") << "a phone number calls nothing";
  EXPECT_EQ(core::CsvField("-3"), "-3");
  EXPECT_EQ(core::CsvField("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0") << "DDE";
  EXPECT_EQ(core::CsvField("-2+3+SUM(A1)"), "'-2+3+SUM(A1)");
  EXPECT_EQ(core::CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(core::CsvField("\tcmd"), "'\tcmd");
  EXPECT_EQ(core::CsvField("Mrs Patel"), "Mrs Patel");
  EXPECT_EQ(core::CsvField(""), "");
  EXPECT_EQ(core::CsvUnguarded("'=1+1"), "=1+1") << "our own files read back as written";
  EXPECT_EQ(core::CsvUnguarded("'quoted'"), "'quoted'");
}

TEST(Csv, QuotedFieldsAndDoubledQuotes) {
  EXPECT_EQ(SplitCsv(R"(a,"b, c","say ""hi""",)"),
            (std::vector<std::string>{"a", "b, c", "say \"hi\"", ""}));
}

}  // namespace
}  // namespace cf::app
