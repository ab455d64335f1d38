// Fuzzes the self-assessment scores-file reader as app::ReadAssessmentFile (`assess import`, the
// upload page) reads a file: an input that starts as a zip file does ("PK") as FILE.xlsx
// (assess::ReadXlsx), anything else as FILE.csv (ParseCsv, CsvUnguarded), and then the table
// (assess::AssessmentFromTable). ReadAssessmentFile itself is not called: it would bring all of
// cf_app into the build, for ten lines that only choose between the two. Beyond "no crash", it
// asserts:
// - an assessment the reader returns passes the framework's own checks (assess::Validate);
// - written back as the scores CSV (assess::ScoresCsv, what `assess report --format csv`
//   writes), it reads back with no problem and writes the same CSV again.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "assess/framework.hpp"
#include "assess/report.hpp"
#include "core/csv.hpp"
#include "fuzz_check.hpp"

namespace {

// ReadXlsx takes a path: the input is written to a file in memory (memfd), so no file is left
// behind however the process ends.
std::string InMemoryFile(const uint8_t* data, size_t size) {
  static const int fd = memfd_create("scores.xlsx", 0);
  CF_FUZZ_CHECK(fd >= 0);
  CF_FUZZ_CHECK(ftruncate(fd, 0) == 0);
  CF_FUZZ_CHECK(pwrite(fd, data, size, 0) == static_cast<ssize_t>(size));
  return "/proc/self/fd/" + std::to_string(fd);
}

cf::assess::Table CsvTable(std::string_view text) {
  auto table = cf::core::ParseCsv(text);
  for (auto& row : table.rows) {
    for (auto& field : row) field = cf::core::CsvUnguarded(std::move(field));
  }
  return table;
}

std::string Joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  cf::assess::Table table;
  if (input.rfind("PK", 0) == 0) {
    auto read = cf::assess::ReadXlsx(InMemoryFile(data, size));
    if (!read) return 0;
    table = std::move(read).value();
  } else {
    table = CsvTable(input);
  }
  const auto& framework = cf::assess::BuiltInFramework();
  const auto parsed = cf::assess::AssessmentFromTable(framework, table, "fuzz");
  if (!parsed.problems.empty()) return 0;
  const auto& read = parsed.assessment;
  CF_FUZZ_CHECK_MSG(cf::assess::Validate(framework, read).empty(),
                    Joined(cf::assess::Validate(framework, read)));

  const std::string csv = cf::assess::ScoresCsv(framework, read);
  const auto back = cf::assess::AssessmentFromTable(framework, CsvTable(csv), "written");
  CF_FUZZ_CHECK_MSG(back.problems.empty(), Joined(back.problems) + csv);
  CF_FUZZ_CHECK_MSG(cf::assess::ScoresCsv(framework, back.assessment) == csv, csv);
  return 0;
}
