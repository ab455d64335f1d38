#pragma once
// One self-assessment of a force or a BCU: who assessed it and when, and for each indicator a
// score 0-4 (or none yet), a note and links to the evidence. Component averages are taken
// over the scored indicators only; a component with none scored has no average and is shown
// as not scored. Guidance points low components to the guide's chapter and each indicator
// below 4 to its next level descriptor.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assess/framework.hpp"

namespace cf::assess {

struct IndicatorScore {
  std::optional<int> score;            // 0-4; nullopt: not scored yet
  std::string note;
  std::vector<std::string> evidence;   // links (URLs, document references)
};

struct Assessment {
  int64_t id = 0;
  std::string scope;        // "force", or the BCU's name
  std::string assessed_on;  // YYYY-MM-DD
  std::string assessor;
  std::string notes;
  std::map<std::string, IndicatorScore> scores;  // by indicator id
};

struct ComponentSummary {
  const Component* component = nullptr;
  size_t scored = 0;               // indicators scored
  size_t total = 0;                // indicators in the component
  std::optional<double> average;   // nullopt when none scored
};

std::vector<ComponentSummary> Summarise(const Framework& framework, const Assessment& assessment);

// Averages shown as the guide's table: one decimal place ("2.5"), or "Not scored".
std::string FormatAverage(const std::optional<double>& average);

// Below this a component's corner is "near the centre": a possible area for development.
inline constexpr double kDevelopmentThreshold = 3.0;

struct NextStep {
  const Indicator* indicator = nullptr;
  std::optional<int> score;
  std::string next_level;  // the descriptor to aim for (score + 1), or "" at 4
};

struct ComponentGuidance {
  const Component* component = nullptr;
  std::optional<double> average;
  bool development = false;         // average below kDevelopmentThreshold, or not scored
  std::vector<NextStep> next_steps; // every indicator below 4 (unscored ones first aim at 1)
};

// Components from the lowest average (unscored first), each with its indicators' next steps.
std::vector<ComponentGuidance> Guidance(const Framework& framework, const Assessment& assessment);

// Checks an assessment against the framework: scope, date, assessor, known indicators,
// scores 0-4, note and link lengths. Each problem names the field ("scores.2.6.score: ...").
std::vector<std::string> Validate(const Framework& framework, const Assessment& assessment);

}  // namespace cf::assess
