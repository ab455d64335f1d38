#include "cli/output.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "core/csv.hpp"

namespace cf::cli {

Format ParseFormat(const std::string& text) {
  if (text == "csv") return Format::kCsv;
  if (text == "json") return Format::kJson;
  if (text == "table") return Format::kTable;
  throw UsageError{fmt::format("--format: \"{}\" is not one of csv, json, table", text)};
}

void ObligationWriter::Begin() {
  switch (format_) {
    case Format::kCsv:
      buffer_ +=
          "crime,person,duty,instance,trigger_event,trigger_date,deadline,enhanced,status,met_at\n";
      break;
    case Format::kJson:
      buffer_ += "[";
      break;
    case Format::kTable:
      buffer_ +=
          fmt::format("{:<14} {:<8} {:<28} {:>3} {:<10} {:<15} {:<8} {:<12} {}\n", "crime",
                      "person", "duty", "#", "trigger", "deadline", "service", "status", "met");
      break;
  }
}

void ObligationWriter::Write(const domain::CaseFile& file, const rules::Obligation& o) {
  const std::string_view trigger = o.trigger != nullptr ? std::string_view(o.trigger->id) : "";
  switch (format_) {
    case Format::kCsv:
      buffer_ += core::CsvField(file.crime);
      buffer_ += ',';
      buffer_ += core::CsvField(o.person);
      buffer_ += ',';
      buffer_ += o.DutyId();
      buffer_ += fmt::format(",{},{},{},{},{},{},{}\n", o.instance, core::CsvField(trigger),
                             o.trigger_date.ToString(), o.deadline.ToString(),
                             o.enhanced ? "true" : "false", rules::Name(o.status),
                             o.met_at ? o.met_at->ToString() : "");
      break;
    case Format::kJson: {
      nlohmann::ordered_json j;
      j["crime"] = file.crime;
      j["person"] = std::string(o.person);
      j["duty"] = std::string(o.DutyId());
      j["instance"] = o.instance;
      j["trigger_event"] = o.trigger != nullptr ? nlohmann::ordered_json(o.trigger->id) : nullptr;
      j["trigger_date"] = o.trigger_date.ToString();
      j["deadline"] = o.deadline.ToString();
      j["enhanced"] = o.enhanced;
      nlohmann::ordered_json categories = nlohmann::ordered_json::array();
      for (size_t i = 0; i < o.rule_set->enhanced.size(); ++i) {
        if (o.categories & (1u << i)) categories.push_back(o.rule_set->enhanced[i].id);
      }
      j["enhanced_categories"] = categories;
      j["status"] = std::string(rules::Name(o.status));
      j["met_at"] = o.met_at ? nlohmann::ordered_json(o.met_at->ToString()) : nullptr;
      j["met_by"] = o.met_by != nullptr ? nlohmann::ordered_json(o.met_by->id) : nullptr;
      j["not_required_because"] =
          o.reason_event != nullptr ? nlohmann::ordered_json(o.reason_event->id) : nullptr;
      j["remind_on"] = o.remind_on ? nlohmann::ordered_json(o.remind_on->ToString()) : nullptr;
      j["rule_set"] = o.rule_set->id;
      j["source"] = o.duty != nullptr ? o.duty->source : o.rule_set->periodic->source;
      buffer_ += first_ ? "\n" : ",\n";
      buffer_ += j.dump();
      break;
    }
    case Format::kTable:
      buffer_ += fmt::format("{:<14} {:<8} {:<28} {:>3} {:<10} {:<15} {:<8} {:<12} {}\n",
                             file.crime, o.person, o.DutyId(), o.instance, trigger,
                             o.deadline.ToLongString(), o.enhanced ? "enhanced" : "standard",
                             rules::Name(o.status), o.met_at ? o.met_at->ToString() : "");
      break;
  }
  first_ = false;
  Flush(false);
}

void ObligationWriter::End() {
  if (format_ == Format::kJson) buffer_ += first_ ? "]\n" : "\n]\n";
  Flush(true);
}

void ObligationWriter::Flush(bool force) {
  if (!force && buffer_.size() < (1u << 16)) return;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size() ||
      (force && std::fflush(out_) != 0)) {
    throw InvalidInput{fmt::format("cannot write the output: {}", std::strerror(errno))};
  }
  buffer_.clear();
}

std::string LogitFitText(const stats::LogitFit& fit, Format format, size_t left_out,
                         const std::vector<std::string>& notes) {
  if (format == Format::kCsv) {
    std::string out =
        "term,coefficient,std_error,z,p_value,odds_ratio,ci95_low,ci95_high,importance\n";
    for (const auto& t : fit.terms)
      out += fmt::format("{},{},{},{},{},{},{},{},{}\n", core::CsvField(t.term), t.coefficient,
                         t.std_error, t.z, t.p_value, t.odds_ratio, t.ci95_low, t.ci95_high,
                         t.importance);
    return out;
  }
  nlohmann::json terms = nlohmann::json::array();
  for (const auto& t : fit.terms)
    terms.push_back({{"term", t.term},
                     {"coefficient", t.coefficient},
                     {"std_error", t.std_error},
                     {"z", t.z},
                     {"p_value", t.p_value},
                     {"odds_ratio", t.odds_ratio},
                     {"ci95_low", t.ci95_low},
                     {"ci95_high", t.ci95_high},
                     {"importance", t.importance}});
  const nlohmann::json out = {{"rows", fit.rows},
                              {"events", fit.events},
                              {"left_out", left_out},
                              {"iterations", fit.iterations},
                              {"log_likelihood", fit.log_likelihood},
                              {"null_log_likelihood", fit.null_log_likelihood},
                              {"pseudo_r2", fit.pseudo_r2},
                              {"warnings", fit.warnings},
                              {"notes", notes},
                              {"terms", terms}};
  return out.dump(2) + "\n";
}

}  // namespace cf::cli
