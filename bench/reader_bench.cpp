// The JSON Lines reader's speed: every line of a file parsed and validated as an import would
// (events.md), with no store behind it. Prints lines/s.
// Usage: reader_bench FILE
#include <chrono>
#include <cstdio>
#include <string>

#include "events/jsonl_reader.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: reader_bench FILE\n");
    return 2;
  }
  std::string text;
  if (!cf::events::ReadAll(argv[1], text)) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  cf::events::EventReader reader;
  reader.ReadText(text);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& s = reader.summary();
  std::printf(
      "JSON validation (nlohmann-json): %zu lines (%zu events, %zu errors) in %.2f s = %.0f "
      "lines/s\n",
      s.lines, s.events, reader.errors().size(), secs, static_cast<double>(s.lines) / secs);
  return reader.errors().empty() ? 0 : 1;
}
