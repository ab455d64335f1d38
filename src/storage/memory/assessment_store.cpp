// In-memory AssessmentStore: each method does what its SQL does in
// src/storage/sqlite/assessment_store.cpp, with the checks of migration 0015's schema (one
// assessment per scope, date and assessor; scores 0-4; an action's status one of four), each
// made before anything is written so that a refused write leaves nothing behind.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "storage/evidence_lines.hpp"
#include "storage/memory/memory_store.hpp"
#include "storage/memory/state.hpp"

namespace cf::storage::memory {
namespace {

class MemoryAssessmentStore final : public AssessmentStore {
 public:
  explicit MemoryAssessmentStore(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

  int64_t AddAssessment(const assess::Assessment& a, const std::string& created_by) override {
    CheckUnique(a, 0);
    CheckScores(a);
    const int64_t id = NextId(*S().assessments);
    const std::string now = shared_->NowUtc();
    S().assessments.Put(id, {Stored(a, id), created_by, now, now});
    return id;
  }

  void UpdateAssessment(const assess::Assessment& a) override {
    if (!S().assessments->contains(a.id)) {
      // The UPDATE changes nothing, and the scores it writes refer to no assessment.
      if (!a.scores.empty())
        throw StorageError(fmt::format("there is no self-assessment with id {}", a.id));
      return;
    }
    CheckUnique(a, a.id);
    CheckScores(a);
    S().assessments.Update(a.id, [&](StoredAssessment& stored) {
      stored.assessment = Stored(a, a.id);
      stored.updated_at = shared_->NowUtc();
    });
  }

  std::optional<assess::Assessment> FindAssessment(int64_t id) override {
    const auto it = S().assessments->find(id);
    if (it == S().assessments->end()) return std::nullopt;
    return it->second.assessment;
  }

  std::optional<int64_t> FindAssessmentId(const std::string& scope, const std::string& assessed_on,
                                          const std::string& assessor) override {
    for (const auto& [id, stored] : *S().assessments) {
      const auto& a = stored.assessment;
      if (a.scope == scope && a.assessed_on == assessed_on && a.assessor == assessor) return id;
    }
    return std::nullopt;
  }

  std::vector<assess::Assessment> Assessments(const std::string& scope) override {
    std::vector<assess::Assessment> out;
    const auto& rows = *S().assessments;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {  // id DESC among equal dates
      if (scope.empty() || it->second.assessment.scope == scope)
        out.push_back(it->second.assessment);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const assess::Assessment& a, const assess::Assessment& b) {
                       return a.assessed_on > b.assessed_on;
                     });
    return out;
  }

  int64_t AddAction(const PlanAction& p) override {
    CheckStatus(p);
    const int64_t id = NextId(*S().actions);
    PlanAction stored = p;
    stored.id = id;
    stored.created_at = shared_->NowUtc();
    stored.updated_at = stored.created_at;
    S().actions.Put(id, std::move(stored));
    return id;
  }

  void UpdateAction(const PlanAction& p) override {
    if (!S().actions->contains(p.id)) return;
    CheckStatus(p);
    S().actions.Update(p.id, [&](PlanAction& stored) {
      stored.indicator = p.indicator;
      stored.action = p.action;
      stored.owner = p.owner;
      stored.due = p.due;
      stored.status = p.status;
      stored.updated_at = shared_->NowUtc();
    });
  }

  std::optional<PlanAction> FindAction(int64_t id) override {
    const auto it = S().actions->find(id);
    if (it == S().actions->end()) return std::nullopt;
    return it->second;
  }

  std::vector<PlanAction> Actions(const std::string& scope) override {
    std::vector<PlanAction> out;
    for (const auto& [id, p] : *S().actions) {
      if (scope.empty() || p.scope == scope) out.push_back(p);
    }
    // ORDER BY due, id (the map gives id order).
    std::stable_sort(out.begin(), out.end(),
                     [](const PlanAction& a, const PlanAction& b) { return a.due < b.due; });
    return out;
  }

 private:
  State& S() { return shared_->state(); }

  // UNIQUE (scope, assessed_on, assessor), against every assessment but `self`.
  void CheckUnique(const assess::Assessment& a, int64_t self) {
    for (const auto& [id, stored] : *S().assessments) {
      const auto& b = stored.assessment;
      if (id != self && std::tie(a.scope, a.assessed_on, a.assessor) ==
                            std::tie(b.scope, b.assessed_on, b.assessor))
        throw StorageError(fmt::format("{} has a self-assessment by {} on {} already", a.scope,
                                       a.assessor, a.assessed_on));
    }
  }

  // CHECK (score BETWEEN 0 AND 4); not scored is allowed.
  static void CheckScores(const assess::Assessment& a) {
    for (const auto& [indicator, s] : a.scores) {
      if (s.score && (*s.score < 0 || *s.score > 4))
        throw StorageError(fmt::format("indicator {}: score {} is not 0-4", indicator, *s.score));
    }
  }

  // CHECK (status IN (...)).
  static void CheckStatus(const PlanAction& p) {
    for (const char* status : assess::kActionStatuses) {
      if (p.status == status) return;
    }
    throw StorageError(
        fmt::format("action status {} is not one of not_started, in_progress, "
                    "done, dropped",
                    p.status));
  }

  static assess::Assessment Stored(const assess::Assessment& a, int64_t id) {
    assess::Assessment out = a;
    out.id = id;
    for (auto& [indicator, s] : out.scores)
      s.evidence = SplitEvidence(JoinEvidence(s.evidence));  // as SQLite reads it back
    return out;
  }

  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<AssessmentStore> OpenAssessmentStoreOn(std::shared_ptr<Shared> shared) {
  return std::make_unique<MemoryAssessmentStore>(std::move(shared));
}

}  // namespace cf::storage::memory
