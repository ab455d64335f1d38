#pragma once
// Reads case events in the JSON Lines format of events.md (version 1) and validates them:
// every bad line is reported with its number and reason, and nothing from a bad line is
// kept. Re-reading an event with the same id and content is a no-op; the same id with
// different content is a conflict.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/london_time.hpp"
#include "core/utf8.hpp"
#include "domain/case_file.hpp"

namespace cf::events {

struct LineError {
  size_t line;
  std::string message;  // "field \"at\": not an RFC 3339 timestamp"
  std::string text;     // the line as read
};

// The content hash a stored event takes when a purge removes its personal data
// (app/retention.hpp): the line it was, imported again, is a duplicate and is not stored.
// (The original hash is not kept: it would let a guess at what was removed be checked.)
inline constexpr std::string_view kPurgedContentHash = "purged";

// What is already stored, so that a new line may refer to crimes and people recorded in
// earlier imports, and re-importing an event is recognised. Implemented by the store.
class Catalog {
 public:
  virtual ~Catalog() = default;
  // The content hash of a stored event with this id, or nullopt.
  virtual std::optional<std::string> StoredHash(const std::string& id) = 0;
  virtual bool StoredCrime(const std::string& crime) = 0;
  virtual bool StoredPerson(const std::string& crime, const std::string& person) = 0;
};

// An accepted line, kept for the event log when bodies are kept.
struct AcceptedLine {
  std::string id;
  std::string crime;
  std::string type;
  std::string at;
  std::string hash;  // FNV-1a 64 of the canonical JSON (keys sorted, no spaces), hex
  std::string body;  // the line as read
};

// The earliest day an event may be dated: before the first Victims' Code (2006) and any
// data.police.uk file (2010), so only a mistake is earlier.
inline const core::Date kEarliestEventDay = *core::Date::Parse("2000-01-01");

// Stable hash of canonical JSON text (FNV-1a 64, hex).
std::string ContentHash(std::string_view canonical);

// One line parsed and checked on its own: everything but what depends on the lines before it
// (EventReader::Parse), ready for EventReader::Take.
struct ParsedLine {
  bool blank = false;     // nothing to read: not counted
  bool too_long = false;  // over kEventLineBytes (the error says so)
  std::string error;      // refused on its own: why
  domain::Event event;
  std::string crime;
  std::string hash;  // of the canonical JSON; empty when reading the log
  std::string body;  // what to store when it is not the line as read (an id prefix), or empty
};

struct ReadSummary {
  size_t lines = 0;       // non-blank lines read
  size_t events = 0;      // events accepted
  size_t duplicates = 0;  // repeats of an accepted event (same id, same content)
};

// Accumulates events from one or more inputs into cases. Not thread-safe.
class EventReader {
 public:
  // `catalog` (optional, must outlive the reader) makes stored crimes, people and events
  // visible to validation. With `keep_bodies`, accepted lines are kept for the log.
  explicit EventReader(Catalog* catalog = nullptr, bool keep_bodies = false);

  // Reads every line of `text`; line numbers count from 1 within this text.
  void ReadText(std::string_view text);
  // Reads one line. `line_number` is used in errors. The same as Take(Parse(...)).
  void ReadLine(std::string_view line, size_t line_number);
  // Parses and checks one line on its own. Changes nothing here, so that lines may be parsed
  // on other threads (each with its own `london`) while this thread takes earlier ones.
  ParsedLine Parse(std::string_view line, size_t line_number, core::LondonDates& london) const;
  // Counts a parsed line, then refuses it, or checks it against the lines taken before it (and
  // the store) and keeps it. Lines must be taken in order; `line` is the text parsed.
  void Take(ParsedLine parsed, std::string_view line, size_t line_number);

  const std::vector<LineError>& errors() const { return errors_; }
  const ReadSummary& summary() const { return summary_; }
  // Cases in order of first appearance. Moves them out. Without a catalog every case is
  // complete; with one, a case recorded in the store holds only the new events.
  std::vector<domain::CaseFile> TakeCases();
  const std::vector<AcceptedLine>& accepted() const { return accepted_; }
  // Events dated (in London) after `latest` are refused from now on: nothing has happened
  // yet that far ahead, and one event far in the future would have years of duties planned.
  // Events before kEarliestEventDay are always refused.
  void SetLatestDay(core::Date latest) { latest_ = latest; }
  // Every event id read from now on is stored as `prefix` + the id in the line.
  void SetIdPrefix(std::string prefix) { id_prefix_ = std::move(prefix); }
  // The lines are the store's own log, read back to derive cases: their ids are unique and
  // their content was checked when stored, so no content hash (nor the canonical JSON it
  // needs) is computed and repeats are not looked for. Every other check still applies.
  void SetReadingLog() { reading_log_ = true; }
  // Streaming (an import of any size): accepted events are not kept in cases, only which
  // crimes and people are known (for the reference checks) and how many events each crime
  // had accepted; with keep_bodies the caller takes the accepted lines a batch at a time
  // (TakeAccepted) and stores them, and TouchedCrimes says which cases to derive.
  void SetStreaming() { streaming_ = true; }
  // The lines accepted since the last call, moved out. Their ids are forgotten here: a catalog
  // is required, and the caller must store them before reading on, so that the catalog finds
  // a repeat of one later in the input.
  std::vector<AcceptedLine> TakeAccepted();
  // The crimes with at least one event accepted, in order of first appearance.
  std::vector<std::string> TouchedCrimes() const;
  // Refuses line `line`, of `bytes` bytes, too long to read (`start` is its first bytes).
  void RejectTooLong(size_t line, size_t bytes, std::string_view start);
  // Counts a line read by a caller's own parsing (CSV imports).
  void NoteLine() { ++summary_.lines; }
  // Records a bad line found by a caller's own parsing (CSV imports).
  void Reject(size_t line, std::string message, std::string_view text) {
    errors_.push_back({line, std::move(message), core::ValidUtf8(text)});
  }
  // Whether a crime.recorded for `crime` has been accepted or is stored.
  bool KnowsCrime(const std::string& crime);

  // The checks after parsing, for callers that build events themselves (the data.police.uk
  // import): idempotence, then references. `canonical` is the event's canonical JSON.
  void Accept(domain::Event e, const std::string& crime, const std::string& canonical,
              std::string_view text, size_t line);

 private:
  struct CaseIndex {
    size_t index;
    std::vector<std::string> persons;
    bool stored;                // recorded in an earlier import
    std::string recorded_by{};  // the id of the crime.recorded read here, or empty
    size_t accepted = 0;        // events accepted for it
  };
  void AcceptHashed(domain::Event e, const std::string& crime, std::string hash,
                    std::string_view text, size_t line);
  // The line is kept as valid UTF-8 (what was not is replaced), so errors can go into JSON.
  void Fail(size_t line, std::string message) {
    errors_.push_back({line, std::move(message), core::ValidUtf8(current_text_)});
  }

  core::LondonDates london_;
  std::vector<domain::CaseFile> cases_;
  std::unordered_map<std::string, CaseIndex> crimes_;
  std::unordered_map<std::string, std::string> content_hash_by_id_;
  Catalog* catalog_;
  bool keep_bodies_;
  bool reading_log_ = false;
  bool streaming_ = false;
  std::string id_prefix_;
  std::optional<core::Date> latest_;
  std::vector<AcceptedLine> accepted_;
  std::string_view current_text_;
  std::vector<LineError> errors_;
  ReadSummary summary_;
};

// Reads a whole file ("-" for standard input) into `text`. False when it cannot be read.
bool ReadAll(const std::string& path, std::string& text);

}  // namespace cf::events
