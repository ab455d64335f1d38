#pragma once
// Reads case events in the JSON Lines format of events.md (version 1) and validates them:
// every bad line is reported with its number and reason, and nothing from a bad line is
// kept. Re-reading an event with the same id and content is a no-op; the same id with
// different content is a conflict.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/london_time.hpp"
#include "domain/case_file.hpp"

namespace cf::events {

struct LineError {
  size_t line;
  std::string message;  // "field \"at\": not an RFC 3339 timestamp"
};

struct ReadSummary {
  size_t lines = 0;        // non-blank lines read
  size_t events = 0;       // events accepted
  size_t duplicates = 0;   // repeats of an accepted event (same id, same content)
};

// Accumulates events from one or more inputs into cases. Not thread-safe.
class EventReader {
 public:
  EventReader();

  // Reads every line of `text`; line numbers count from 1 within this text.
  void ReadText(std::string_view text);
  // Reads one line. `line_number` is used in errors.
  void ReadLine(std::string_view line, size_t line_number);

  const std::vector<LineError>& errors() const { return errors_; }
  const ReadSummary& summary() const { return summary_; }
  // Cases in order of their crime.recorded. Moves them out.
  std::vector<domain::CaseFile> TakeCases();

 private:
  struct CaseIndex {
    size_t index;
    std::vector<std::string> persons;
  };
  void Fail(size_t line, std::string message) { errors_.push_back({line, std::move(message)}); }

  core::LondonDates london_;
  std::vector<domain::CaseFile> cases_;
  std::unordered_map<std::string, CaseIndex> crimes_;
  std::unordered_map<std::string, size_t> content_hash_by_id_;
  std::vector<LineError> errors_;
  ReadSummary summary_;
};

// Reads a whole file ("-" for standard input) into `text`. False when it cannot be read.
bool ReadAll(const std::string& path, std::string& text);

}  // namespace cf::events
