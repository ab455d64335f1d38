#pragma once
// Self-assessments and their action plans (migration 0015). Written so a PostgreSQL backend
// can follow: bound parameters only, each write one transaction.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assess/assessment.hpp"

namespace cf::storage {

// An action in a plan, as in the Metropolitan Police's tool: what, for which indicator, who
// owns it, by when, and how it stands.
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

class AssessmentStore {
 public:
  virtual ~AssessmentStore() = default;

  // Stores a new assessment with its scores; returns its id. `import_key` empty unless
  // imported (then unique).
  virtual int64_t AddAssessment(const assess::Assessment& a, const std::string& created_by,
                                const std::string& import_key) = 0;
  // Replaces an assessment's details and scores.
  virtual void UpdateAssessment(const assess::Assessment& a) = 0;
  virtual std::optional<assess::Assessment> FindAssessment(int64_t id) = 0;
  virtual std::optional<int64_t> AssessmentWithImportKey(const std::string& key) = 0;
  // Newest first (by date, then id); every scope when `scope` is empty.
  virtual std::vector<assess::Assessment> Assessments(const std::string& scope) = 0;

  virtual int64_t AddAction(const PlanAction& action) = 0;
  virtual void UpdateAction(const PlanAction& action) = 0;
  virtual std::optional<PlanAction> FindAction(int64_t id) = 0;
  // By due date; every scope when `scope` is empty.
  virtual std::vector<PlanAction> Actions(const std::string& scope) = 0;
};

std::unique_ptr<AssessmentStore> OpenSqliteAssessmentStore(const std::string& path);

}  // namespace cf::storage
