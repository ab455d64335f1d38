// The event format's validation (events.md): every bad line reported with its number and
// reason; idempotent re-reads; conflicts.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "core/limits.hpp"
#include "core/utf8.hpp"
#include "events/jsonl_reader.hpp"
#include "events/jsonl_writer.hpp"
#include "synth/force_generator.hpp"

namespace cf::events {
namespace {

constexpr const char* kGood =
    R"({"id":"a1","type":"crime.recorded","crime":"X/1","at":"2024-03-01T10:00:00Z","crime_type":"Burglary"}
{"id":"a2","type":"person.added","crime":"X/1","at":"2024-03-01T10:00:00Z","person":"V1","role":"victim"}
)";

std::string ErrorAt(const EventReader& r, size_t line) {
  for (const auto& e : r.errors()) {
    if (e.line == line) return e.message;
  }
  return "";
}

TEST(EventReader, ReportsEveryBadLineWithItsReason) {
  EventReader r;
  r.ReadText(
      std::string(kGood) +
      "not json\n"  // 3
      R"({"type":"case.closed","crime":"X/1","at":"2024-03-02T10:00:00Z"})"
      "\n"  // 4
      R"({"id":"b1","type":"case.exploded","crime":"X/1","at":"2024-03-02T10:00:00Z"})"
      "\n"  // 5
      R"({"id":"b2","type":"case.reopened","crime":"X/1","at":"2024-03-02 10:00"})"
      "\n"  // 6
      R"({"id":"b3","type":"suspect.arrested","crime":"X/9","at":"2024-03-02T10:00:00Z"})"
      "\n"  // 7
      R"({"id":"b4","type":"contact.made","crime":"X/1","at":"2024-03-02T10:00:00Z","person":"V9","channel":"phone","outcome":"spoke"})"
      "\n"  // 8
      R"({"id":"b5","type":"contact.made","crime":"X/1","at":"2024-03-02T10:00:00Z","person":"V1","channel":"pigeon","outcome":"spoke"})"
      "\n"  // 9
      R"({"id":"b6","type":"contact.made","crime":"X/1","at":"2024-03-02T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke","covers":["arest"]})"
      "\n"  // 10
      R"({"id":"b7","type":"person.added","crime":"X/1","at":"2024-03-02T10:00:00Z","person":"V1","role":"victim"})"
      "\n"  // 11
      R"({"id":"b8","type":"crime.recorded","crime":"X/1","at":"2024-03-02T10:00:00Z","crime_type":"Burglary"})"
      "\n"  // 12
      R"({"id":"b9","type":"case.closed","crime":"X/1","at":"2024-03-02T10:00:00Z","outcome":"solved"})"
      "\n"  // 13
      R"({"id":"c1","type":"person.added","crime":"X/1","at":"2024-03-02T10:00:00Z","person":"V2","role":"victim","date_of_birth":"2001-02-29"})"
      "\n"  // 14
      "\n"
      R"({"id":"c2","type":"case.closed","crime":"X/1","at":"2024-03-02T10:00:00Z","outcome":"no_suspect"})"
      "\n");  // 16
  EXPECT_EQ(ErrorAt(r, 3), "not valid JSON");
  EXPECT_EQ(ErrorAt(r, 4), "field \"id\" is required");
  EXPECT_NE(ErrorAt(r, 5).find("unknown value \"case.exploded\""), std::string::npos);
  EXPECT_NE(ErrorAt(r, 6).find("RFC 3339"), std::string::npos);
  EXPECT_NE(ErrorAt(r, 7).find("no crime.recorded"), std::string::npos);
  EXPECT_NE(ErrorAt(r, 8).find("person \"V9\" has not been added"), std::string::npos);
  EXPECT_NE(ErrorAt(r, 9).find("field \"channel\""), std::string::npos);
  EXPECT_NE(ErrorAt(r, 10).find("covers[0]"), std::string::npos);
  EXPECT_NE(ErrorAt(r, 11).find("already added"), std::string::npos);
  EXPECT_NE(ErrorAt(r, 12).find("already recorded"), std::string::npos);
  EXPECT_NE(ErrorAt(r, 13).find("\"solved\""), std::string::npos);
  EXPECT_NE(ErrorAt(r, 14).find("date_of_birth"), std::string::npos);
  EXPECT_EQ(ErrorAt(r, 16), "");
  EXPECT_EQ(r.errors().size(), 12u);
  EXPECT_EQ(r.summary().events, 3u);
}

TEST(EventReader, TheSameEventAgainIsANoOpButDifferentContentIsAConflict) {
  EventReader r;
  r.ReadText(kGood);
  r.ReadText(kGood);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.summary().duplicates, 2u);
  r.ReadText(
      R"({"id":"a2","type":"person.added","crime":"X/1","at":"2024-03-01T10:00:00Z","person":"V1","role":"witness"})");
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_NE(r.errors()[0].message.find("already used for different content"), std::string::npos);
  const auto cases = r.TakeCases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].events.size(), 2u);
}

TEST(EventReader, UnknownFieldsAreKeptOutOfTheWayAndDatesAreLondonDates) {
  EventReader r;
  r.ReadText(
      R"({"id":"a1","type":"crime.recorded","crime":" X/1 ","at":"2024-06-30T23:30:00Z","crime_type":"Burglary","rms_ref":42})");
  ASSERT_TRUE(r.errors().empty());
  const auto cases = r.TakeCases();
  EXPECT_EQ(cases[0].crime, "X/1");  // trimmed
  EXPECT_EQ(cases[0].events[0].date.ToString(), "2024-07-01");
}

// Issue 12, class 7: validation gaps. A frequency that is not a whole number of days is an
// error on its line, not quietly the default; so is text that is not UTF-8.
TEST(EventReader, ValidationGapsAreLineErrorsNotQuietDefaults) {
  for (const std::string bad : {R"("14")", "0", "-7", "3661", "1.5", "true"}) {
    EventReader r;
    r.ReadText(
        std::string(kGood) +
        R"({"id":"a3","type":"contract.agreed","crime":"X/1","at":"2024-03-01T10:00:00Z","person":"V1","wants_updates":true,"frequency_days":)" +
        bad + "}");
    ASSERT_EQ(r.errors().size(), 1u) << bad;
    EXPECT_EQ(r.errors()[0].line, 3u);
    EXPECT_NE(r.errors()[0].message.find("frequency_days"), std::string::npos);
  }
  EventReader ok;
  ok.ReadText(
      std::string(kGood) +
      R"({"id":"a3","type":"contract.agreed","crime":"X/1","at":"2024-03-01T10:00:00Z","person":"V1","wants_updates":true,"frequency_days":14})");
  ASSERT_TRUE(ok.errors().empty());
  EXPECT_EQ(ok.TakeCases()[0].events[2].frequency_days, 14);

  EventReader utf8;
  utf8.ReadText(std::string(kGood) +
                "{\"id\":\"a4\",\"type\":\"crime.recorded\",\"crime\":\"X/2\",\"at\":"
                "\"2024-03-01T10:00:00Z\",\"note\":\"caf\xE9\"}\n");
  ASSERT_EQ(utf8.errors().size(), 1u);
  EXPECT_EQ(utf8.errors()[0].line, 3u);
  EXPECT_NE(utf8.errors()[0].message.find("not valid UTF-8"), std::string::npos);
  EXPECT_FALSE(core::InvalidUtf8At(utf8.errors()[0].text)) << "the line is kept showable";
}

// The events of every case read, written back as the writer writes them (every field).
std::string EventsOf(EventReader& reader) {
  std::string out;
  for (const auto& c : reader.TakeCases()) {
    for (const auto& e : c.events) out += ToJsonLine(c.crime, e) + "\n";
  }
  return out;
}

TEST(EventReader, TheLogReadBackGivesTheEventsTheReferenceReadingGives) {
  // SetReadingLog reads with simdjson where it reads a line as nlohmann-json does: a synthetic
  // force of every kind of event, and lines at the edges (a key given twice, where nlohmann-json
  // keeps the last; escapes; nulls; a number too large for 64 bits), come out the same.
  synth::ForceSpec spec;
  spec.seed = 77;
  spec.crimes = 400;
  synth::ForceGenerator g(spec);
  synth::SyntheticCase c;
  std::string text;
  while (g.Next(c)) {
    for (size_t i = 0; i < c.file.events.size(); ++i)
      text += ToJsonLine(c.file.crime, c.file.events[i], c.extras[i]) + "\n";
  }
  text +=
      R"({"id":"e1","type":"crime.recorded","crime":"E/1","at":"2024-12-02T10:00:00Z","crime_type":"Robbery","crime_type":"Burglary","unit":"N\u00311","officer":null})"
      "\n"
      R"({"id":"e2","type":"person.added","crime":"E/1","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"given":"Zo\u00eb","given":"Zoe"},"flags":["vulnerable"]})"
      "\n"
      R"({"id":"e3","type":"contract.agreed","crime":"E/1","at":"2024-12-03T10:00:00Z","person":"V1","frequency_days":14,"wants_updates":true,"n":123456789012345678901234567890})"
      "\n";
  EventReader reference;
  reference.ReadText(text);
  ASSERT_TRUE(reference.errors().empty()) << reference.errors()[0].message;
  EventReader log;
  log.SetReadingLog();
  log.ReadText(text);
  ASSERT_TRUE(log.errors().empty()) << log.errors()[0].message;
  const std::string expected = EventsOf(reference);
  EXPECT_GT(std::count(expected.begin(), expected.end(), '\n'), 3000);
  EXPECT_NE(expected.find(R"("crime_type":"Burglary")"), std::string::npos) << "the last of two";
  EXPECT_EQ(EventsOf(log), expected);
}

TEST(EventWriter, RoundTripsThroughTheReader) {
  EventReader r;
  r.ReadText(
      std::string(kGood) +
      R"({"id":"a3","type":"contact.made","crime":"X/1","at":"2024-03-02T10:00:00.500Z","person":"V1","channel":"sms","outcome":"sms_sent","covers":["arrest","bail"]})");
  ASSERT_TRUE(r.errors().empty());
  const auto cases = r.TakeCases();
  std::string text;
  for (const auto& e : cases[0].events)
    text += ToJsonLine(cases[0].crime, e, R"("note":"x")") + "\n";
  EventReader again;
  again.ReadText(text);
  ASSERT_TRUE(again.errors().empty()) << again.errors()[0].message;
  const auto back = again.TakeCases();
  ASSERT_EQ(back[0].events.size(), 3u);
  EXPECT_EQ(back[0].events[2].at, cases[0].events[2].at);
  EXPECT_EQ(back[0].events[2].covers, cases[0].events[2].covers);
  EXPECT_EQ(back[0].events[2].contact_outcome, domain::ContactOutcome::kSmsSent);
}

// Issue 12, class 2: crashes on hostile structure. Nesting and size are limited before the
// line is parsed, so a line nested 100,000 deep is a line error, not a crash.
TEST(EventReader, CrashesOnHostileStructureAreLineErrors) {
  const std::string start =
      R"({"id":"E1","type":"crime.recorded","crime":"C/1","at":"2025-03-03T09:00:00Z","crime_type":"Burglary","x":)";
  for (const size_t depth : {size_t{33}, size_t{20000}, size_t{100000}}) {
    EventReader reader;
    reader.ReadText(start + std::string(depth, '[') + std::string(depth, ']') + "}\n");
    ASSERT_EQ(reader.errors().size(), 1u) << depth;
    EXPECT_EQ(reader.errors()[0].line, 1u);
    EXPECT_TRUE(reader.errors()[0].message.find("nested deeper than") != std::string::npos ||
                reader.errors()[0].message.find("an event may be at most") != std::string::npos)
        << reader.errors()[0].message;
    EXPECT_LE(reader.errors()[0].text.size(), core::kEventLineBytes);
    EXPECT_EQ(reader.summary().events, 0u);
  }
  EventReader ok;
  ok.ReadText(start + R"([[["within the limit"]]], "s": "[[[[{{{{ in a string"})" + "\n");
  EXPECT_TRUE(ok.errors().empty()) << ok.errors()[0].message;
  EXPECT_EQ(ok.summary().events, 1u);
}

// Issue 13: contact details added and corrected as events, checked strictly, each error
// naming its field.
TEST(EventReader, ADetailsChangeIsCheckedFieldByField) {
  EventReader r;
  auto line = [](int n, const std::string& fields) {
    return fmt::format(
               R"({{"id":"d{}","type":"person.details_changed","crime":"X/1","at":"2024-03-02T10:00:00Z","person":"V1"{}}})",
               n, fields) +
           "\n";
  };
  r.ReadText(
      std::string(kGood) +
      line(
          3,
          R"(,"contact":{"address":"4 Ash Grove, Leeds","postcode":"ls22bb","phone_mobile":"+44 7700 900123","email":"ann@example.org"},"language":"Welsh","format":"large_print","remove":["phone_home"])") +
      line(4, "") +                                          // nothing to change
      line(5, R"(,"contact":{"email":"ann at example"})") +  // 5
      line(6, R"(,"contact":{"phone_home":"12"})") +         // 6
      line(7, R"(,"contact":{"fax":"0113 000 0000"})") +     // 7
      line(8, R"(,"remove":["shoe_size"])") +                // 8
      line(9, R"(,"format":"braille")") +                    // 9
      line(10, R"(,"contact":{"postcode":"LS2"})") +         // 10
      R"({"id":"d11","type":"person.details_changed","crime":"X/1","at":"2024-03-02T10:00:00Z","person":"V7","contact":{"email":"a@b.org"}})"
      "\n");
  EXPECT_EQ(ErrorAt(r, 3), "");
  EXPECT_NE(ErrorAt(r, 4).find("give at least one detail to change"), std::string::npos);
  EXPECT_NE(ErrorAt(r, 5).find("field \"contact.email\": \"ann at example\" is not an email"),
            std::string::npos);
  EXPECT_NE(ErrorAt(r, 6).find("field \"contact.phone_home\": \"12\" has 2 digits"),
            std::string::npos);
  EXPECT_NE(ErrorAt(r, 7).find("field \"contact.fax\": unknown"), std::string::npos);
  EXPECT_NE(ErrorAt(r, 8).find("field \"remove[0]\": unknown value \"shoe_size\""),
            std::string::npos);
  EXPECT_NE(ErrorAt(r, 9).find("field \"format\": unknown value \"braille\""), std::string::npos);
  EXPECT_NE(ErrorAt(r, 10).find("is not a UK postcode"), std::string::npos);
  EXPECT_NE(ErrorAt(r, 11).find("person \"V7\" has not been added"), std::string::npos);
  EXPECT_EQ(r.errors().size(), 8u);
  auto cases = r.TakeCases();
  ASSERT_EQ(cases.size(), 1u);
  const auto& change = cases[0].events.back();
  ASSERT_EQ(change.type, domain::EventType::kPersonDetailsChanged);
  ASSERT_NE(change.details, nullptr);
  EXPECT_EQ(change.details->postcode, "ls22bb");
  EXPECT_EQ(change.details->phone_home, "") << "removed: held as empty";
  EXPECT_EQ(change.details->phone_work, std::nullopt) << "not given: unchanged";
  EXPECT_EQ(change.details->format, "large_print");
}

}  // namespace
}  // namespace cf::events
