#pragma once
// Self-assessments and their action plans (migration 0015). Written so a PostgreSQL backend
// can follow: bound parameters only, each write one transaction.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assess/assessment.hpp"

namespace cf::storage {

using assess::PlanAction;

class AssessmentStore {
 public:
  virtual ~AssessmentStore() = default;

  // Stores a new assessment with its scores; returns its id. There is at most one per
  // scope, date and assessor: a second throws StorageError and stores nothing.
  virtual int64_t AddAssessment(const assess::Assessment& a, const std::string& created_by) = 0;
  // Replaces an assessment's details and scores (the same uniqueness applies).
  virtual void UpdateAssessment(const assess::Assessment& a) = 0;
  virtual std::optional<assess::Assessment> FindAssessment(int64_t id) = 0;
  virtual std::optional<int64_t> FindAssessmentId(const std::string& scope,
                                                  const std::string& assessed_on,
                                                  const std::string& assessor) = 0;
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
