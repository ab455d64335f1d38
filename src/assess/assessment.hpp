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
  std::optional<int> score;  // 0-4; nullopt: not scored yet
  std::string note;
  std::vector<std::string> evidence;  // links (URLs, document references)
};

struct Assessment {
  int64_t id = 0;
  std::string scope;        // "force", or the BCU's name
  std::string assessed_on;  // YYYY-MM-DD
  std::string assessor;
  std::string notes;
  std::map<std::string, IndicatorScore> scores;  // by indicator id
};

// An action in a plan, as in the Metropolitan Police's tool: what, for which indicator, who
// owns it, by when, and how it stands. Plans belong to a scope (the force or a BCU) and are
// shown against its latest assessment.
struct PlanAction {
  int64_t id = 0;
  std::string scope;
  std::string indicator;
  std::string action;
  std::string owner;
  std::string due;     // YYYY-MM-DD
  std::string status;  // not_started, in_progress, done, dropped
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};
inline constexpr const char* kActionStatuses[] = {"not_started", "in_progress", "done", "dropped"};
std::string ActionStatusText(const std::string& status);  // "Not started"...
// Problems with an action's fields, each naming the field.
std::vector<std::string> ValidateAction(const Framework& framework, const PlanAction& action);

// What Citizen Focus itself measures for an indicator, shown beside the self-score.
struct LiveEvidence {
  std::string indicator;  // "3.1"
  std::string measure;    // "Code duties met on time, last 90 days"
  std::string value;      // "87.5% (1,234 of 1,410; 95% CI 85.7-89.1%)"
  std::string detail;     // how it is worked out
};

struct ComponentSummary {
  const Component* component = nullptr;
  size_t scored = 0;              // indicators scored
  size_t total = 0;               // indicators in the component
  std::optional<double> average;  // nullopt when none scored
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
  bool development = false;          // average below kDevelopmentThreshold, or not scored
  std::vector<NextStep> next_steps;  // every indicator below 4 (unscored ones first aim at 1)
};

// Components from the lowest average (unscored first), each with its indicators' next steps.
std::vector<ComponentGuidance> Guidance(const Framework& framework, const Assessment& assessment);

// Checks an assessment against the framework: scope, date, assessor, known indicators,
// scores 0-4, note and link lengths. Each problem names the field ("scores.2.6.score: ...").
std::vector<std::string> Validate(const Framework& framework, const Assessment& assessment);

}  // namespace cf::assess
