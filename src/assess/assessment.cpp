#include "assess/assessment.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/date.hpp"

namespace cf::assess {

std::vector<ComponentSummary> Summarise(const Framework& framework, const Assessment& assessment) {
  std::vector<ComponentSummary> out;
  for (const auto& c : framework.components) {
    ComponentSummary s;
    s.component = &c;
    s.total = c.indicators.size();
    int sum = 0;
    for (const auto& i : c.indicators) {
      const auto it = assessment.scores.find(i.id);
      if (it == assessment.scores.end() || !it->second.score) continue;
      sum += *it->second.score;
      ++s.scored;
    }
    if (s.scored > 0) s.average = static_cast<double>(sum) / static_cast<double>(s.scored);
    out.push_back(s);
  }
  return out;
}

std::string FormatAverage(const std::optional<double>& average) {
  return average ? fmt::format("{:.1f}", *average) : "Not scored";
}

std::vector<ComponentGuidance> Guidance(const Framework& framework, const Assessment& assessment) {
  std::vector<ComponentGuidance> out;
  for (const auto& s : Summarise(framework, assessment)) {
    ComponentGuidance g;
    g.component = s.component;
    g.average = s.average;
    g.development = !s.average || *s.average < kDevelopmentThreshold;
    for (const auto& i : s.component->indicators) {
      const auto it = assessment.scores.find(i.id);
      const std::optional<int> score =
          it == assessment.scores.end() ? std::nullopt : it->second.score;
      if (score && *score >= kMaxScore) continue;
      g.next_steps.push_back({&i, score, i.levels[score ? *score + 1 : 1]});
    }
    out.push_back(std::move(g));
  }
  // Lowest first; not scored before scored; the guide's order among equals.
  std::stable_sort(out.begin(), out.end(),
                   [](const ComponentGuidance& a, const ComponentGuidance& b) {
                     const double x = a.average.value_or(-1), y = b.average.value_or(-1);
                     return x < y;
                   });
  return out;
}

std::vector<std::string> Validate(const Framework& framework, const Assessment& a) {
  std::vector<std::string> problems;
  if (a.scope.empty()) problems.push_back("scope: say whether this is the force or which BCU");
  if (a.scope.size() > 100) problems.push_back("scope: at most 100 characters");
  if (!core::Date::Parse(a.assessed_on)) {
    problems.push_back(
        fmt::format("assessed_on: \"{}\" is not a date (YYYY-MM-DD)", a.assessed_on));
  }
  if (a.assessor.empty()) problems.push_back("assessor: say who made the assessment");
  if (a.assessor.size() > 200) problems.push_back("assessor: at most 200 characters");
  if (a.notes.size() > 10000) problems.push_back("notes: at most 10,000 characters");
  for (const auto& [id, s] : a.scores) {
    if (framework.FindIndicator(id) == nullptr) {
      problems.push_back(fmt::format("scores.{}: there is no indicator {}", id, id));
      continue;
    }
    if (s.score && (*s.score < 0 || *s.score > kMaxScore)) {
      problems.push_back(fmt::format("scores.{}.score: {} is not between 0 and 4", id, *s.score));
    }
    if (s.note.size() > 4000)
      problems.push_back(fmt::format("scores.{}.note: at most 4,000 characters", id));
    if (s.evidence.size() > 20)
      problems.push_back(fmt::format("scores.{}.evidence: at most 20 links", id));
    for (const auto& link : s.evidence) {
      if (link.empty() || link.size() > 500) {
        problems.push_back(
            fmt::format("scores.{}.evidence: a link must have 1 to 500 characters", id));
      } else if (link.find_first_of("\r\n|") != std::string::npos) {
        problems.push_back(fmt::format("scores.{}.evidence: one link per line, without \"|\"", id));
      }
    }
  }
  return problems;
}

std::string ActionStatusText(const std::string& status) {
  if (status == "not_started") return "Not started";
  if (status == "in_progress") return "In progress";
  if (status == "done") return "Done";
  if (status == "dropped") return "Dropped";
  return status;
}

std::vector<std::string> ValidateAction(const Framework& framework, const PlanAction& a) {
  std::vector<std::string> problems;
  if (a.scope.empty())
    problems.push_back("scope: say whether the plan is the force's or which BCU's");
  if (framework.FindIndicator(a.indicator) == nullptr) {
    problems.push_back(
        fmt::format("indicator: choose one of the indicators (\"{}\" is not one)", a.indicator));
  }
  if (a.action.empty() || a.action.size() > 1000)
    problems.push_back("action: say what will be done (up to 1,000 characters)");
  if (a.owner.empty() || a.owner.size() > 200) problems.push_back("owner: say who owns the action");
  if (!core::Date::Parse(a.due))
    problems.push_back(fmt::format("due: \"{}\" is not a date (YYYY-MM-DD)", a.due));
  if (std::find(std::begin(kActionStatuses), std::end(kActionStatuses), a.status) ==
      std::end(kActionStatuses)) {
    problems.push_back(
        fmt::format("status: \"{}\" is not not_started, in_progress, done or dropped", a.status));
  }
  return problems;
}

}  // namespace cf::assess
