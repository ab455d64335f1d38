// The store's use cases end to end on a real SQLite file: imports (atomic, idempotent,
// referring to earlier imports), recompute, the work queue and the compliance report.
#include "app/import.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "app/case_derivation.hpp"
#include "app/compliance.hpp"
#include "app/work_queue.hpp"
#include "calendar/calendar_loader.hpp"
#include "core/bloom_filter.hpp"
#include "events/jsonl_writer.hpp"
#include "support/case_builder.hpp"
#include "support/store_fixture.hpp"
#include "synth/force_generator.hpp"

namespace cf::app {
namespace {

using testing::D;

constexpr const char* kCase =
    R"({"id":"a1","type":"crime.recorded","crime":"X/1","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC1"}
{"id":"a2","type":"person.added","crime":"X/1","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"}
{"id":"a3","type":"suspect.arrested","crime":"X/1","at":"2024-12-03T10:00:00Z"}
)";

TEST_F(StoreTest, ImportDerivesObligationsInTheSameTransaction) {
  const auto r = Import(kCase);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.accepted, 3u);
  EXPECT_EQ(store_->EventCount(), 3);
  const auto rows = store_->CaseObligations("X/1");
  ASSERT_FALSE(rows.empty());
  bool arrest = false;
  for (const auto& row : rows) {
    if (row.duty == "arrest") {
      arrest = true;
      EXPECT_EQ(row.deadline.ToString(), "2024-12-10");
      EXPECT_EQ(row.officer, "PC1");
    }
  }
  EXPECT_TRUE(arrest);
  EXPECT_EQ(store_->FindCase("X/1")->computed_as_of.ToString(),
            "2024-12-03");  // as of its last event
}

TEST_F(StoreTest, AFileWithABadLineImportsNothing) {
  const std::string text =
      std::string(kCase) + "{\"id\":\"a4\",\"type\":\"case.closed\",\"crime\":\"X/1\"}\n";
  const auto r = Import(text);
  EXPECT_FALSE(r.written);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 4u);
  EXPECT_NE(r.errors[0].message.find("\"at\""), std::string::npos);
  EXPECT_EQ(r.errors[0].text, "{\"id\":\"a4\",\"type\":\"case.closed\",\"crime\":\"X/1\"}");
  EXPECT_EQ(store_->EventCount(), 0);
  EXPECT_FALSE(store_->CrimeExists("X/1"));
}

TEST_F(StoreTest, SkipInvalidImportsTheGoodLinesAndReportsTheBad) {
  const std::string text = std::string(kCase) + "not json\n";
  const auto r = Import(text, /*skip=*/true);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(store_->EventCount(), 3);
}

TEST_F(StoreTest, ReimportingChangesNothingAndDifferentContentConflicts) {
  Import(kCase);
  const auto before = store_->CaseObligations("X/1");
  const auto again = Import(kCase);
  EXPECT_TRUE(again.written);
  EXPECT_EQ(again.accepted, 0u);
  EXPECT_EQ(again.duplicates, 3u);
  EXPECT_EQ(store_->EventCount(), 3);
  EXPECT_EQ(store_->CaseObligations("X/1").size(), before.size());
  // Same content with other key order and spacing is the same event.
  EXPECT_EQ(
      Import(
          R"({ "crime":"X/1", "type":"suspect.arrested", "id":"a3", "at":"2024-12-03T10:00:00Z" })")
          .duplicates,
      1u);
  const auto conflict =
      Import(R"({"id":"a3","type":"suspect.arrested","crime":"X/1","at":"2024-12-04T10:00:00Z"})");
  EXPECT_FALSE(conflict.written);
  ASSERT_EQ(conflict.errors.size(), 1u);
  EXPECT_NE(conflict.errors[0].message.find("already stored with different content"),
            std::string::npos);
}

TEST_F(StoreTest, ALaterFileMayReferToStoredCrimesAndPeople) {
  Import(kCase);
  const auto r = Import(
      R"({"id":"b1","type":"contact.made","crime":"X/1","at":"2024-12-04T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke"})");
  ASSERT_TRUE(r.written) << (r.errors.empty() ? "" : r.errors[0].message);
  EXPECT_EQ(r.cases, 1u);
  for (const auto& row : store_->CaseObligations("X/1")) {
    if (row.duty == "arrest") {
      EXPECT_EQ(row.met_at, D("2024-12-04"));
    }
  }
  const auto bad = Import(
      R"({"id":"b2","type":"contact.made","crime":"X/1","at":"2024-12-04T10:00:00Z","person":"V9","channel":"phone","outcome":"spoke"})");
  EXPECT_FALSE(bad.written);
  const auto twice = Import(
      R"({"id":"b3","type":"crime.recorded","crime":"X/1","at":"2024-12-04T10:00:00Z","crime_type":"Burglary"})");
  ASSERT_FALSE(twice.errors.empty());
  EXPECT_NE(twice.errors[0].message.find("already recorded (in the store)"), std::string::npos);
}

// Issue 13: details added after the case was recorded, then corrected: the stored person
// is shown and found as corrected, and a detail taken away is no longer found.
TEST_F(StoreTest, ContactDetailsChangedLaterAreShownAndFoundAsCorrected) {
  Import(kCase);
  auto r = Import(
      R"({"id":"c1","type":"person.details_changed","crime":"X/1","at":"2024-12-04T10:00:00Z","person":"V1","name":{"given":"Grace","family":"Okafor"},"contact":{"postcode":"LL55 4TY","email":"grace@example.org"}})");
  ASSERT_TRUE(r.written) << (r.errors.empty() ? "" : r.errors[0].message);
  auto people = store_->CasePeople("X/1");
  ASSERT_EQ(people.size(), 1u);
  EXPECT_EQ(people[0].display_name, "Grace Okafor");
  EXPECT_EQ(people[0].postcode, "LL55 4TY");
  EXPECT_EQ(store_->SearchCases("okafor ll554ty", 10), std::vector<std::string>{"X/1"});
  EXPECT_EQ(store_->SearchCases("grace@example.org", 10), std::vector<std::string>{"X/1"});
  r = Import(
      R"({"id":"c2","type":"person.details_changed","crime":"X/1","at":"2024-12-05T10:00:00Z","person":"V1","contact":{"postcode":"M1 1AE"},"remove":["email"]})");
  ASSERT_TRUE(r.written) << (r.errors.empty() ? "" : r.errors[0].message);
  people = store_->CasePeople("X/1");
  EXPECT_EQ(people[0].display_name, "Grace Okafor") << "what a change leaves out stays";
  EXPECT_EQ(people[0].postcode, "M1 1AE");
  EXPECT_TRUE(store_->SearchCases("grace@example.org", 10).empty()) << "removed";
  EXPECT_TRUE(store_->SearchCases("LL55 4TY", 10).empty()) << "replaced";
  EXPECT_EQ(store_->SearchCases("okafor m11ae", 10), std::vector<std::string>{"X/1"});
}

TEST_F(StoreTest, RecomputeRebuildsTheSameDataAndCanAskWhatIf) {
  Import(kCase);
  const auto before = store_->CaseObligations("X/1");
  EXPECT_EQ(Recompute(*store_, engine_, {}), 1u);
  const auto after = store_->CaseObligations("X/1");
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].deadline, before[i].deadline);
  Recompute(*store_, engine_, {lib_.FindRuleSet("code-2006"), nullptr});
  EXPECT_EQ(store_->Setting("ruleset"), "code-2006");
  EXPECT_EQ(store_->FindCase("X/1")->rule_sets,
            "code-2006,witness-care-charter-2013,witness-charter-2013");
  // New imports follow the store's rule set until the next recompute.
  Import(
      R"({"id":"c1","type":"crime.recorded","crime":"X/2","at":"2024-12-02T10:00:00Z","crime_type":"Burglary"})");
  EXPECT_EQ(store_->FindCase("X/2")->rule_sets,
            "code-2006,witness-care-charter-2013,witness-charter-2013");
}

// Every row of the tables `queries` select, as text, from the store `path` (a file, read with
// SQLite's own library, or a PostgreSQL TestDb URL, read with psql): a line a row, each column
// followed by '|'.
std::string Rows(const std::string& path, const std::vector<std::string>& queries) {
  if (storage::IsPostgresqlUrl(path)) {
    std::string out;
    for (const auto& sql : queries) out += cf::testing::PsqlRows(path, sql);
    return out;
  }
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string out;
  for (const auto& sql : queries) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const auto* text = sqlite3_column_text(s, c);
        out += text == nullptr ? "NULL" : reinterpret_cast<const char*>(text);
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return out;
}

// The derived tables' rows in storage order: SQLite's rowid; PostgreSQL's keys.
std::vector<std::string> DerivedTables(const std::string& db) {
  if (storage::IsPostgresqlUrl(db)) {
    // People are numbered by an identity, which PostgreSQL never hands out twice: a recompute
    // gives a case's people new numbers, so they are compared by case and person.
    return {"SELECT * FROM cases ORDER BY id",
            "SELECT case_id, person, role, represents, display_name, search_text, date_of_birth, "
            "postcode FROM people ORDER BY case_id, person",
            "SELECT * FROM obligations ORDER BY case_id, n"};
  }
  return {"SELECT rowid, * FROM cases ORDER BY rowid", "SELECT rowid, * FROM people ORDER BY rowid",
          "SELECT rowid, * FROM obligations ORDER BY rowid"};
}

// Every derived row, in storage order, as text: what two recomputes must agree on.
std::string DerivedRows(const std::string& db) { return Rows(db, DerivedTables(db)); }

// A synthetic force's events as JSON Lines, crime by crime; `from`..`to` of its crimes.
std::string ForceLines(size_t crimes, size_t from = 0, size_t to = SIZE_MAX) {
  synth::ForceSpec spec;
  spec.seed = 5;
  spec.crimes = crimes;
  spec.to = D("2025-06-30");
  spec.from = D("2024-07-01");
  synth::ForceGenerator g(spec);
  synth::SyntheticCase c;
  std::string text;
  for (size_t n = 0; g.Next(c); ++n) {
    if (n < from || n >= to) continue;
    for (size_t i = 0; i < c.file.events.size(); ++i)
      text += events::ToJsonLine(c.file.crime, c.file.events[i], c.extras[i]) + "\n";
  }
  return text;
}

struct PathCase {
  std::optional<bool> bulk;
  unsigned threads;
};

TEST_F(StoreTest, BulkAndIncrementalImportsStoreTheSameRows) {
  // A first load, then a second file that adds cases and events to stored ones: the bulk and
  // incremental paths, on one thread or several, store every derived row alike.
  const std::string first = ForceLines(1500, 0, 1000);
  const std::string second = ForceLines(1500, 1000);
  std::string reference;
  for (const PathCase& p :
       {PathCase{false, 0}, PathCase{true, 0}, PathCase{true, 3}, PathCase{std::nullopt, 1}}) {
    const std::string path = path_ + fmt::format(".{}{}", p.bulk.value_or(2), p.threads);
    const std::string db = cf::testing::TestDb(path);
    {
      auto store = cf::testing::OpenTestStore(db);
      ImportOptions options;
      options.now = "2025-07-01T00:00:00Z";
      options.bulk = p.bulk;
      options.threads = p.threads;
      const auto a = ImportJsonLines(*store, engine_, lib_, first, options);
      ASSERT_TRUE(a.written);
      EXPECT_EQ(a.bulk, p.bulk.value_or(true)) << "a first load takes the bulk path by itself";
      const auto b = ImportJsonLines(*store, engine_, lib_, second, options);
      ASSERT_TRUE(b.written);
      EXPECT_EQ(b.bulk, p.bulk.value_or(false)) << "a smaller file than the log: incremental";
      EXPECT_EQ(a.cases + b.cases, 1500u);
    }
    const std::string rows = DerivedRows(db);
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
    if (reference.empty()) {
      reference = rows;
      EXPECT_GT(std::count(rows.begin(), rows.end(), '\n'), 5000);
    } else {
      EXPECT_EQ(rows, reference) << "bulk " << p.bulk.value_or(2) << ", threads " << p.threads;
    }
  }
}

TEST_F(StoreTest, ImportingTheSameFileTwiceLeavesEveryTableIdentical) {
  const std::string text = ForceLines(300);
  std::vector<std::string> tables = DerivedTables(db_);
  for (const char* other :
       {"SELECT * FROM events ORDER BY seq", "SELECT * FROM call_backs", "SELECT * FROM outbox",
        "SELECT * FROM referrals", "SELECT * FROM settings ORDER BY key"})
    tables.emplace_back(other);
  ASSERT_TRUE(Import(text).written);
  const std::string once = Rows(db_, tables);
  const auto again = Import(text);
  ASSERT_TRUE(again.written);
  EXPECT_EQ(again.accepted, 0u);
  EXPECT_EQ(again.duplicates, again.lines);
  EXPECT_EQ(again.cases, 0u);
  EXPECT_EQ(Rows(db_, tables), once);
}

TEST_F(StoreTest, AStreamIsReadABatchAtATimeAndRepeatsAcrossBatchesAreFound) {
  // More lines than one batch holds (16,384): a repeat of a line from the first batch, near
  // the end, is a duplicate, and the same id with other content a conflict, found in the log;
  // a line too long to be an event is refused with its true length.
  std::string text = ForceLines(2500);
  const auto lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  ASSERT_GT(lines, 16384u * 1.2);
  const size_t end1 = text.find('\n');
  const std::string line1 = text.substr(0, end1);
  const std::string line2 = text.substr(end1 + 1, text.find('\n', end1 + 1) - end1 - 1);
  text += line1 + "\n";
  text += "{\"note\":\"changed\"," + line2.substr(1) + "\n";  // line 2's id, other content
  text += std::string(200000, ' ') + "x\n";
  text += std::string(1500000, 'y') + "\n";  // longer than the stream's 1 MiB block
  text += std::string(70000, ' ') + "\n";    // blank, but too long all the same
  FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
  std::rewind(f);
  ImportOptions options;
  options.now = "2025-07-01T00:00:00Z";
  options.skip_invalid = true;
  const auto r = ImportJsonLines(*store_, engine_, lib_, f, options);
  std::fclose(f);
  ASSERT_TRUE(r.written);
  EXPECT_EQ(r.lines, lines + 5);
  EXPECT_EQ(r.duplicates, 1u);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0].line, lines + 2);
  EXPECT_NE(r.errors[0].message.find("already stored with different content"), std::string::npos)
      << r.errors[0].message;
  EXPECT_EQ(r.errors[1].line, lines + 3);
  EXPECT_EQ(r.errors[1].message, "the line is 200001 bytes; an event may be at most 65536");
  EXPECT_EQ(r.errors[1].text.size(), 200u) << "only the start of a long line is held";
  EXPECT_EQ(r.errors[2].line, lines + 4);
  EXPECT_EQ(r.errors[2].message, "the line is 1500000 bytes; an event may be at most 65536");
  EXPECT_EQ(r.errors[3].message, "the line is 70000 bytes; an event may be at most 65536");
  EXPECT_EQ(store_->EventCount(), static_cast<int64_t>(lines));
}

TEST_F(StoreTest, ABulkRunRolledBackLeavesTheNextOneWhole) {
  // A bulk run that fails after dropping the derived indexes: the rollback brings them back,
  // and the next bulk run on the same store drops and rebuilds them again.
  // The indexes besides those of keys and UNIQUE constraints: 10, named alike on both backends
  // (as SuspendDerivedIndexes finds them).
  const std::vector<std::string> indexes = {
      cf::testing::OnPostgresql()
          ? "SELECT count(*) FROM pg_indexes i WHERE i.schemaname = current_schema() AND "
            "i.tablename IN ('cases', 'people', 'obligations') AND NOT EXISTS (SELECT 1 FROM "
            "pg_constraint c WHERE c.conname = i.indexname)"
          : "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
            "tbl_name IN ('cases', 'people', 'obligations')"};
  const std::string all = Rows(db_, indexes);
  ASSERT_EQ(all, "10|\n");
  store_->Begin();
  store_->SuspendDerivedIndexes();
  store_->Rollback();
  EXPECT_EQ(Rows(db_, indexes), all);
  const auto r = Import(ForceLines(50));
  ASSERT_TRUE(r.written);
  EXPECT_TRUE(r.bulk);
  EXPECT_EQ(Rows(db_, indexes), all);
  EXPECT_EQ(Recompute(*store_, engine_, {}, {}, 1), 50u);
  EXPECT_EQ(Rows(db_, indexes), all);
}

TEST_F(StoreTest, AStoreMadeByTheReleaseBeforeMigrations21And22KeepsEveryRow) {
  // tests/data/stores/release-0020.sql: a store at migration 20, as the release made it. An
  // SQLite file: no release wrote PostgreSQL stores before migration 33, where they begin.
  if (cf::testing::OnPostgresql())
    GTEST_SKIP() << "an SQLite store of an earlier release; PostgreSQL stores begin at 33";
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + s);
  store_.reset();
  {
    std::ifstream in(std::string(CF_TESTS_DIR) + "/data/stores/release-0020.sql");
    const std::string dump((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(dump.size(), 10000u);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, dump.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
    sqlite3_close(db);
  }
  // Every row as the release held it, in its storage order; then the same read through the
  // case ids of migration 22.
  constexpr const char* kObligation =
      "n, person, duty, instance, rule_set, trigger_event, trigger_date, deadline, enhanced, "
      "met_at, met_by, not_required, remind_on, settled, officer, unit, crime_type, "
      "not_required_on, case_closed, queue_line";
  constexpr const char* kPerson =
      "person, role, represents, display_name, search_text, date_of_birth, postcode";
  constexpr const char* kCase =
      "crime_type, unit, officer, recorded_on, last_event_on, computed_as_of, rule_sets, closed, "
      "error, stale_after";
  const std::vector<std::string> derived = {
      fmt::format("SELECT crime, {} FROM cases ORDER BY rowid", kCase),
      fmt::format("SELECT rowid, crime, {} FROM people ORDER BY rowid", kPerson),
      fmt::format("SELECT rowid, crime, {} FROM obligations ORDER BY rowid", kObligation),
      "SELECT seq, id, crime, type, at, content_hash, body, import_id FROM events ORDER BY seq"};
  const std::string before = Rows(path_, derived);
  ASSERT_NE(before.find("\n"), std::string::npos);
  ASSERT_EQ(Rows(path_, {"SELECT max(version) FROM schema_migrations"}), "20|\n");

  store_ = storage::OpenSqliteStore(path_);  // migrates in place
  EXPECT_GE(store_->AppliedMigrations().back(), 22);
  auto prefixed = [](const char* columns, const char* table) {
    std::string out = fmt::format("{}.", table);
    for (const char* c = columns; *c != '\0'; ++c)
      out += *c == ' ' ? fmt::format(" {}.", table) : std::string(1, *c);
    return out;
  };
  EXPECT_EQ(
      Rows(path_,
           {fmt::format("SELECT k.ref, {} FROM cases c JOIN crimes k ON k.id = c.id ORDER BY c.id",
                        prefixed(kCase, "c")),
            fmt::format("SELECT p.id, k.ref, {} FROM people p JOIN crimes k ON k.id = p.case_id "
                        "ORDER BY p.id",
                        prefixed(kPerson, "p")),
            fmt::format("SELECT o.rowid, k.ref, {} FROM obligations o JOIN crimes k ON k.id = "
                        "o.case_id ORDER BY o.rowid",
                        prefixed(kObligation, "o")),
            "SELECT e.seq, e.id, k.ref, e.type, e.at, e.content_hash, e.body, e.import_id FROM "
            "events e JOIN crimes k ON k.id = e.case_id ORDER BY e.seq"}),
      before)
      << "every row, in the same order";
  EXPECT_EQ(Rows(path_, {"SELECT count(*) FROM crimes"}), "20|\n") << "each reference once";
  EXPECT_EQ(Rows(path_, {"SELECT count(*) FROM pragma_foreign_key_list('obligations')",
                         "SELECT count(*) FROM pragma_foreign_key_list('people')"}),
            "0|\n0|\n");
  EXPECT_EQ(Rows(path_, {"SELECT count(*) FROM pragma_index_list('obligations')"}), "6|\n")
      << "the primary key and the five indexes the release had";
  // Recomputed, the store holds what the release derived (rowids aside: the log's order).
  const std::vector<std::string> by_key = {
      "SELECT k.ref, c.* FROM cases c JOIN crimes k ON k.id = c.id ORDER BY k.ref",
      fmt::format("SELECT k.ref, {} FROM people p JOIN crimes k ON k.id = p.case_id ORDER BY "
                  "k.ref, p.person",
                  prefixed(kPerson, "p")),
      "SELECT k.ref, o.* FROM obligations o JOIN crimes k ON k.id = o.case_id ORDER BY k.ref, "
      "o.n"};
  const std::string keyed = Rows(path_, by_key);
  EXPECT_EQ(Recompute(*store_, engine_, {}, {}, 1), 20u);
  // ... and names the Witness Care Unit's rule sets, added since; none owes anything here, as
  // no case was handed to a unit.
  std::string recomputed = Rows(path_, by_key);
  for (const std::string added : {",witness-care-2020", ",witness-care-charter-2013"}) {
    for (size_t at = recomputed.find(added); at != std::string::npos; at = recomputed.find(added)) {
      recomputed.erase(at, added.size());
    }
  }
  EXPECT_EQ(recomputed, keyed);
  // And it takes imports as before: the same file again adds nothing.
  const std::string again = Rows(path_, {"SELECT body FROM events ORDER BY seq"});
  ASSERT_EQ(Rows(path_, {"SELECT count(*) FROM events"}), "228|\n");
  std::string text;
  for (size_t at = 0; at < again.size();) {
    const size_t end = again.find("|\n", at);
    text += again.substr(at, end - at) + "\n";
    at = end + 2;
  }
  const auto r = Import(text);
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.duplicates, 228u);
}

TEST(BloomFilter, NeverMissesWhatWasAddedAndRarelyClaimsWhatWasNot) {
  core::BloomFilter filter(100000);
  for (int i = 0; i < 100000; ++i) filter.Add(fmt::format("10/{:07}/25-{}", i / 10, i % 10));
  for (int i = 0; i < 100000; ++i)
    ASSERT_TRUE(filter.MayContain(fmt::format("10/{:07}/25-{}", i / 10, i % 10))) << i;
  int wrong = 0;
  for (int i = 0; i < 100000; ++i)
    wrong += filter.MayContain(fmt::format("11/{:07}/25-{}", i / 10, i % 10));
  EXPECT_LT(wrong, 2000) << "under 2% false positives at the load it was sized for";
  EXPECT_LT(filter.bytes(), 160000u);
}

TEST_F(StoreTest, RecomputeOnSeveralThreadsStoresWhatOneThreadDoes) {
  // 1,200 cases (more than Recompute holds at once), each with a victim, an arrest for most
  // and a charge for some, recorded over two years.
  std::string text;
  for (int i = 0; i < 1200; ++i) {
    const std::string crime = fmt::format("R/{}", i);
    const std::string day = fmt::format("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    text += fmt::format(
        R"({{"id":"r{0}a","type":"crime.recorded","crime":"{1}","at":"{2}T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC{3}"}})"
        "\n"
        R"({{"id":"r{0}b","type":"person.added","crime":"{1}","at":"{2}T10:00:00Z","person":"V1","role":"victim"}})"
        "\n",
        i, crime, day, i % 7);
    if (i % 3 != 0)
      text += fmt::format(
          R"({{"id":"r{0}c","type":"suspect.arrested","crime":"{1}","at":"{2}T15:00:00Z","suspect":"S1"}})"
          "\n",
          i, crime, day);
    if (i % 5 == 0)
      text += fmt::format(
          R"({{"id":"r{0}d","type":"suspect.charged","crime":"{1}","at":"{2}T18:00:00Z","suspect":"S1"}})"
          "\n",
          i, crime, day);
  }
  ASSERT_TRUE(Import(text).errors.empty());
  const size_t cases = Recompute(*store_, engine_, {}, {}, 0);
  ASSERT_EQ(cases, 1200u);
  const std::string one = DerivedRows(db_);
  std::vector<size_t> progress;
  EXPECT_EQ(Recompute(
                *store_, engine_, {}, [&](size_t n) { progress.push_back(n); }, 4),
            cases);
  EXPECT_EQ(DerivedRows(db_), one) << "the same rows, in the same order";
  EXPECT_EQ(progress, std::vector<size_t>{1024}) << "progress every 1,024 cases";
  Recompute(*store_, engine_, {lib_.FindRuleSet("code-2006"), nullptr}, {}, 3);
  EXPECT_NE(DerivedRows(db_), one) << "a what-if under the 2006 Code differs";
}

TEST_F(StoreTest, DueBringsPeriodicUpdatesForwardAndMatchesTheEngine) {
  Import(kCase);
  const auto due = Due(*store_, engine_, lib_, {"PC1", ""}, D("2025-03-31"), 0);
  EXPECT_GT(due.rolled_forward, 0u);
  // The engine, asked directly about the same day, gives the same open obligations.
  events::EventReader reader;
  reader.ReadText(kCase);
  const auto cases = reader.TakeCases();
  const auto direct = engine_.Compute(cases[0], {}, D("2025-03-31")).value();
  size_t open = 0;
  for (const auto& o : direct) {
    open +=
        o.status == rules::ObligationStatus::kOpen || o.status == rules::ObligationStatus::kOverdue;
  }
  EXPECT_EQ(static_cast<size_t>(due.total), open);
  // One line per person for their outstanding periodic updates: one update covers them all.
  size_t lines_and_grouped = 0;
  int periodic_lines = 0;
  for (const auto& i : due.items) {
    lines_and_grouped += 1 + static_cast<size_t>(i.more_updates);
    periodic_lines += i.row.duty == "periodic_update";
  }
  EXPECT_EQ(lines_and_grouped, open);
  EXPECT_EQ(periodic_lines, 1);
  for (size_t i = 1; i < due.items.size(); ++i)
    EXPECT_LE(due.items[i - 1].row.deadline, due.items[i].row.deadline);
  EXPECT_EQ(due.items.front().rag, rules::Rag::kRed);
  EXPECT_EQ(due.red + due.amber + due.green, due.total);
  // Asking wrote nothing (a read never does): the same ask brings the same cases forward in
  // memory again, with the same answer, until the store itself is brought forward.
  const auto again = Due(*store_, engine_, lib_, {"PC1", ""}, D("2025-03-31"), 0);
  EXPECT_EQ(again.rolled_forward, due.rolled_forward);
  EXPECT_EQ(again.total, due.total);
  EXPECT_EQ(RollForward(*store_, engine_, lib_, {}, D("2025-03-31")), due.rolled_forward);
  const auto stored = Due(*store_, engine_, lib_, {"PC1", ""}, D("2025-03-31"), 0);
  EXPECT_EQ(stored.rolled_forward, 0u);
  EXPECT_EQ(stored.total, due.total);
  EXPECT_EQ(stored.red, due.red);
  EXPECT_EQ(stored.items.size(), due.items.size());
}

// Regression (issue 11: "GET /api/v1/queue writes to the database"): the queue and the team view
// read; what they compute for a later day is the same whether or not the store was brought
// forward to it, and asking stores nothing.
TEST_F(StoreTest, QueueAndTeamViewsReadWithoutWriting) {
  Import(kCase);
  const auto day = D("2025-03-31");
  const auto unit = store_->FindCase("X/1")->unit;
  const auto events_before = store_->EventCount();
  const auto stale = store_->CrimesToRollForward({}, day);
  ASSERT_FALSE(stale.empty()) << "the case's updates must need bringing forward for this test";
  const auto team = TeamLoad(*store_, engine_, lib_, unit, day);
  const auto queue = Due(*store_, engine_, lib_, {"", unit}, day, 0);
  EXPECT_EQ(store_->CrimesToRollForward({}, day), stale) << "a read brought cases forward";
  EXPECT_EQ(store_->EventCount(), events_before);
  ASSERT_EQ(RollForward(*store_, engine_, lib_, {}, day), stale.size());
  const auto stored_team = TeamLoad(*store_, engine_, lib_, unit, day);
  ASSERT_EQ(team.size(), stored_team.size());
  ASSERT_FALSE(team.empty());
  for (size_t i = 0; i < team.size(); ++i) {
    EXPECT_EQ(team[i].officer, stored_team[i].officer);
    EXPECT_EQ(team[i].red, stored_team[i].red);
    EXPECT_EQ(team[i].amber, stored_team[i].amber);
    EXPECT_EQ(team[i].total, stored_team[i].total);
  }
  EXPECT_EQ(Due(*store_, engine_, lib_, {"", unit}, day, 0).total, queue.total);
  // Asked about a day before a later contact (the stored rows know it met duties), the team
  // view counts what was open then, as the queue does.
  ASSERT_EQ(
      Import(
          R"({"id":"a9","type":"contact.made","crime":"X/1","at":"2025-04-01T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke"})")
          .accepted,
      1);
  const auto early = D("2024-12-05");
  int64_t team_open = 0;
  for (const auto& l : TeamLoad(*store_, engine_, lib_, unit, early)) team_open += l.total;
  EXPECT_EQ(team_open, Due(*store_, engine_, lib_, {"", unit}, early, 0).total);
}

TEST_F(StoreTest, DueOnAnEarlierDayIgnoresWhatHappenedLater) {
  Import(
      std::string(kCase) +
      R"({"id":"a4","type":"contact.made","crime":"X/1","at":"2024-12-20T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke"})");
  const auto before = Due(*store_, engine_, lib_, {}, D("2024-12-05"), 0);
  EXPECT_EQ(before.computed_live, 1u);
  bool arrest_open = false;
  for (const auto& i : before.items) arrest_open |= i.row.duty == "arrest";
  EXPECT_TRUE(arrest_open) << "on 5 Dec the arrest had not been told yet";
  EXPECT_EQ(before.items[0].rag,
            rules::Rag::kAmber);  // referral due Wed 4 Dec: one working day late
}

TEST_F(StoreTest, RagFollowsDorsetsRule) {
  Import(kCase);
  // Referral due Wed 4 Dec: amber on the 4th and the 5th, red on the 6th.
  auto rag_on = [&](const char* day) {
    for (const auto& i : Due(*store_, engine_, lib_, {}, D(day), 0).items) {
      if (i.row.duty == "refer_support") return i.rag;
    }
    return rules::Rag::kGreen;
  };
  EXPECT_EQ(rag_on("2024-12-03"), rules::Rag::kGreen);
  EXPECT_EQ(rag_on("2024-12-04"), rules::Rag::kAmber);
  EXPECT_EQ(rag_on("2024-12-05"), rules::Rag::kAmber);
  EXPECT_EQ(rag_on("2024-12-06"), rules::Rag::kRed);
}

TEST(Wilson, KnownValues) {
  const auto a = Wilson95(8, 10);  // 0.4902 - 0.9433
  EXPECT_NEAR(a.low, 0.4902, 1e-4);
  EXPECT_NEAR(a.high, 0.9433, 1e-4);
  const auto b = Wilson95(0, 20);
  EXPECT_NEAR(b.low, 0.0, 1e-9);
  EXPECT_NEAR(b.high, 0.1611, 1e-4);
  const auto c = Wilson95(50, 50);
  EXPECT_NEAR(c.high, 1.0, 1e-9);
  EXPECT_NEAR(c.low, 0.9287, 1e-4);
}

TEST_F(StoreTest, ComplianceRatesByDuty) {
  Import(
      std::string(kCase) +
      R"({"id":"a4","type":"contact.made","crime":"X/1","at":"2024-12-05T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke","covers":["arrest"]})");
  RollForward(*store_, engine_, lib_, {}, D("2024-12-31"));
  const auto rows =
      Compliance(*store_, D("2024-12-01"), D("2024-12-31"), D("2024-12-31"), "duty", {});
  std::map<std::string, ComplianceRow> by;
  for (const auto& r : rows) by[r.group] = r;
  EXPECT_EQ(by["arrest"].met, 1);
  ASSERT_TRUE(by["arrest"].rate);
  EXPECT_DOUBLE_EQ(*by["arrest"].rate, 1.0);
  EXPECT_EQ(by["refer_support"].overdue, 1);
  EXPECT_DOUBLE_EQ(*by["refer_support"].rate, 0.0);
  EXPECT_EQ(by["periodic_update"].met + by["periodic_update"].overdue + by["periodic_update"].open,
            1);
  const auto met = Compliance(*store_, D("2024-12-01"), D("2024-12-31"), D("2024-12-31"), "duty",
                              MetPriorityDuties());
  for (const auto& r : met) {
    EXPECT_TRUE(r.group == "arrest" || r.group == "refer_support" || r.group == "periodic_update" ||
                r.group == "not_investigated")
        << r.group;
  }
}

}  // namespace
}  // namespace cf::app
