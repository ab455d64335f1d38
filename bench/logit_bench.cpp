// Key driver analysis: stats::FitLogit on a table (bench/logit_bench.sh makes it, seeded),
// median of five fits, the terms written as `stats logit` writes them for the comparison with
// statsmodels. Usage: logit_bench TABLE.csv OUT.csv
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/csv.hpp"
#include "stats/logit.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: logit_bench TABLE.csv OUT.csv\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const auto table = cf::core::ParseCsv(text.str());
  cf::stats::LogitData data;
  data.outcome_name = table.rows.at(0).at(0);
  const size_t k = table.rows[0].size() - 1;
  data.driver_names.assign(table.rows[0].begin() + 1, table.rows[0].end());
  data.drivers.resize(k);
  for (size_t r = 1; r < table.rows.size(); ++r) {
    data.outcome.push_back(std::stod(table.rows[r][0]));
    for (size_t j = 0; j < k; ++j) data.drivers[j].push_back(std::stod(table.rows[r][j + 1]));
  }
  std::vector<double> ms;
  std::optional<cf::core::Result<cf::stats::LogitFit>> fit;
  for (int i = 0; i < 5; ++i) {
    const auto start = std::chrono::steady_clock::now();
    fit.emplace(cf::stats::FitLogit(data));
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  if (!*fit) {
    std::fprintf(stderr, "%s\n", fit->error().message.c_str());
    return 1;
  }
  std::sort(ms.begin(), ms.end());
  std::ofstream out(argv[2]);
  out << "term,coefficient,std_error,z,p_value,odds_ratio,ci95_low,ci95_high,importance\n";
  for (const auto& t : (*fit)->terms)
    out << fmt::format("{},{},{},{},{},{},{},{},{}\n", t.term, t.coefficient, t.std_error, t.z,
                       t.p_value, t.odds_ratio, t.ci95_low, t.ci95_high, t.importance);
  std::printf("rows %zu drivers %zu iterations %d\n", (*fit)->rows, k, (*fit)->iterations);
  std::printf("citizenfocus_fit_ms %.1f\n", ms[2]);
  return out.good() ? 0 : 1;
}
