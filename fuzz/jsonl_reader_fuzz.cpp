// Fuzzes the JSON Lines reader (events::EventReader::ReadText), which reads every event import:
// files, standard input and the API. Beyond "no crash, no leak, no hang", it asserts:
// - each non-blank line has exactly one outcome: an error, an accepted event or a duplicate,
//   so the reader never accepts a line it reports as an error;
// - reading the text line by line (ReadLine) gives what ReadText gives;
// - reading the same text again accepts nothing new from what was accepted: every accepted
//   event comes back as a duplicate (imports are idempotent);
// - what the writer makes of the accepted events (ToJsonLine, "the inverse of EventReader")
//   reads back with no error;
// - the accepted lines read back as the log is (SetReadingLog: simdjson wherever it reads a line
//   as nlohmann-json does) give the very same events.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/jsonl_reader.hpp"
#include "events/jsonl_writer.hpp"
#include "fuzz_check.hpp"

namespace {

using cf::events::EventReader;

size_t Outcomes(const EventReader& r) {
  return r.errors().size() + r.summary().events + r.summary().duplicates;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  EventReader whole(nullptr, /*keep_bodies=*/true);
  whole.ReadText(text);

  EventReader by_line(nullptr, /*keep_bodies=*/true);
  size_t pos = 0, n = 0;
  while (pos < text.size()) {
    const size_t end = std::min(text.find('\n', pos), text.size());
    const size_t before = Outcomes(by_line), lines_before = by_line.summary().lines;
    by_line.ReadLine(text.substr(pos, end - pos), ++n);
    const size_t read = by_line.summary().lines - lines_before;
    CF_FUZZ_CHECK(read <= 1);
    CF_FUZZ_CHECK(Outcomes(by_line) - before == read);  // one outcome per non-blank line
    pos = end + 1;
  }
  CF_FUZZ_CHECK(by_line.summary().lines == whole.summary().lines);
  CF_FUZZ_CHECK(by_line.summary().events == whole.summary().events);
  CF_FUZZ_CHECK(by_line.errors().size() == whole.errors().size());
  for (size_t i = 0; i < whole.errors().size(); ++i) {
    CF_FUZZ_CHECK(whole.errors()[i].line == by_line.errors()[i].line);
    CF_FUZZ_CHECK(whole.errors()[i].line >= 1 && whole.errors()[i].line <= n);
    CF_FUZZ_CHECK(whole.errors()[i].message == by_line.errors()[i].message);
  }
  CF_FUZZ_CHECK(whole.accepted().size() == whole.summary().events);

  // Idempotence: a second read of the same text into the same reader.
  const auto first = whole.summary();
  whole.ReadText(text);
  CF_FUZZ_CHECK(whole.summary().duplicates - first.duplicates >= first.events + first.duplicates);

  // The log read back: the same events, field for field (as the writer writes them).
  EventReader reference(nullptr, /*keep_bodies=*/true);
  reference.ReadText(text);
  EventReader log;
  log.SetReadingLog();
  size_t k = 0;
  for (const auto& a : reference.accepted()) log.ReadLine(a.body, ++k);
  CF_FUZZ_CHECK_MSG(log.errors().empty(), log.errors().front().message);
  std::string reference_events, log_events;
  for (const auto& c : reference.TakeCases()) {
    for (const auto& e : c.events) reference_events += cf::events::ToJsonLine(c.crime, e) + "\n";
  }
  for (const auto& c : log.TakeCases()) {
    for (const auto& e : c.events) log_events += cf::events::ToJsonLine(c.crime, e) + "\n";
  }
  CF_FUZZ_CHECK_MSG(log_events == reference_events, reference_events + "\n---\n" + log_events);

  // The writer's lines for every accepted event, case by case, read back cleanly.
  std::string written;
  for (const auto& c : by_line.TakeCases()) {
    for (const auto& e : c.events) written += cf::events::ToJsonLine(c.crime, e) + "\n";
  }
  EventReader back;
  back.ReadText(written);
  CF_FUZZ_CHECK_MSG(back.errors().empty(),
                    back.errors().front().message + "\n" + back.errors().front().text);
  CF_FUZZ_CHECK(back.summary().events == first.events);
  return 0;
}
