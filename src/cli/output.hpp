#pragma once
// Obligations as CSV (the engine's contract: crime,person,duty,instance,trigger_event,
// trigger_date,deadline,enhanced,status,met_at), JSON, or a table for people.

#include <cstdio>
#include <string>
#include <string_view>

#include "domain/case_file.hpp"
#include "rules/engine.hpp"
#include "stats/logit.hpp"

namespace cf::cli {

enum class Format { kCsv, kJson, kTable };
// Throws UsageError for anything but csv, json, table.
Format ParseFormat(const std::string& text);

class ObligationWriter {
 public:
  ObligationWriter(Format format, std::FILE* out) : format_(format), out_(out) {}
  void Begin();
  void Write(const domain::CaseFile& file, const rules::Obligation& o);
  void End();

 private:
  void Flush(bool force);
  Format format_;
  std::FILE* out_;
  std::string buffer_;
  bool first_ = true;
};

// A key driver fit as `stats logit` and `survey drivers` print it: CSV, one row per term
// (term,coefficient,std_error,z,p_value,odds_ratio,ci95_low,ci95_high,importance), or JSON with
// the fit's summary, its warnings and notes, and `left_out` (rows dropped for a blank) beside
// the terms.
std::string LogitFitText(const stats::LogitFit& fit, Format format, size_t left_out,
                         const std::vector<std::string>& notes = {});

}  // namespace cf::cli
