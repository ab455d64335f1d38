// In-memory QualityStore: each method does what its SQL does in
// src/storage/sqlite/quality_store.cpp, with the keys of migrations 0026 and 0027 (one response
// per id, one sample per unit, month and seed, one call list per supervisor and week) checked
// before anything is written.
#include <algorithm>
#include <tuple>

#include "storage/memory/memory_store.hpp"
#include "storage/memory/state.hpp"

namespace cf::storage::memory {
namespace {

class MemoryQualityStore final : public QualityStore {
 public:
  explicit MemoryQualityStore(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

  SurveyWrite PutSurveyResponses(const std::vector<SurveyResponse>& responses) override {
    return shared_->Atomically([&] {
      SurveyWrite out;
      for (const auto& r : responses) {
        const auto it = S().survey_responses->find(r.id);
        const bool held = it != S().survey_responses->end();
        if (held && SameSurveyAnswers(it->second, r)) {
          ++out.unchanged;
          continue;
        }
        if (held)
          S().survey_responses.Update(r.id, [&](SurveyResponse& old) { old = r; });
        else
          S().survey_responses.Put(r.id, r);
        ++(held ? out.replaced : out.added);
      }
      return out;
    });
  }

  std::vector<SurveyResponse> SurveyResponses(core::Date from, core::Date to) override {
    std::vector<SurveyResponse> out;
    for (const auto& [id, r] : *S().survey_responses)
      if (r.interviewed_on >= from && r.interviewed_on <= to) out.push_back(r);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.interviewed_on < b.interviewed_on;
    });  // ids ascending within a day, as the table is ordered by id
    return out;
  }

  int64_t AddDipSample(const DipSample& d) override {
    for (const auto& [id, held] : *S().dip_samples)
      if (held.unit == d.unit && held.month == d.month && held.seed == d.seed)
        throw StorageError(
            "UNIQUE constraint failed: dip_samples.unit, dip_samples.month, "
            "dip_samples.seed");
    const int64_t id = NextId(*S().dip_samples);
    DipSample stored = d;
    stored.id = id;
    S().dip_samples.Put(id, stored);
    return id;
  }

  std::vector<DipSample> DipSamples(const std::string& unit, const std::string& month) override {
    std::vector<DipSample> out;
    for (const auto& [id, d] : *S().dip_samples)
      if (d.unit == unit && d.month == month) out.push_back(d);
    return out;
  }

  std::optional<DipSample> FindDipSample(int64_t id) override {
    const auto it = S().dip_samples->find(id);
    if (it == S().dip_samples->end()) return std::nullopt;
    return it->second;
  }

  void PutDipSampleReview(const DipSampleReview& r) override {
    if (!S().dip_samples->contains(r.sample_id))
      throw StorageError("FOREIGN KEY constraint failed: dip_sample_reviews.sample_id");
    const std::pair key{r.sample_id, r.crime};
    if (S().dip_sample_reviews->contains(key))
      S().dip_sample_reviews.Update(key, [&](DipSampleReview& old) { old = r; });
    else
      S().dip_sample_reviews.Put(key, r);
  }

  std::vector<DipSampleReview> DipSampleReviews(int64_t sample_id) override {
    std::vector<DipSampleReview> out;
    for (const auto& [key, r] : *S().dip_sample_reviews)
      if (key.first == sample_id) out.push_back(r);
    return out;
  }

  std::vector<DipSampleReview> ReviewsSince(const std::string& since,
                                            const std::string& officer) override {
    std::vector<DipSampleReview> out;
    for (const auto& [key, r] : *S().dip_sample_reviews)
      if (r.reviewed_at >= since && (officer.empty() || r.officer == officer)) out.push_back(r);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.reviewed_at != b.reviewed_at ? a.reviewed_at > b.reviewed_at
                                            : a.sample_id > b.sample_id;
    });
    return out;
  }

  int64_t AddCallList(const QualityCallList& l) override {
    for (const auto& [id, held] : *S().call_lists)
      if (held.supervisor == l.supervisor && held.week == l.week)
        throw StorageError(
            "UNIQUE constraint failed: quality_call_lists.supervisor, quality_call_lists.week");
    const int64_t id = NextId(*S().call_lists);
    QualityCallList stored = l;
    stored.id = id;
    S().call_lists.Put(id, stored);
    return id;
  }

  std::optional<QualityCallList> FindCallList(const std::string& supervisor,
                                              core::Date week) override {
    for (const auto& [id, l] : *S().call_lists)
      if (l.supervisor == supervisor && l.week == week) return l;
    return std::nullopt;
  }

  std::optional<QualityCallList> FindCallListById(int64_t id) override {
    const auto it = S().call_lists->find(id);
    if (it == S().call_lists->end()) return std::nullopt;
    return it->second;
  }

  bool EverListedForCall(const std::string& crime, const std::string& person) override {
    for (const auto& [id, l] : *S().call_lists)
      for (const auto& c : l.calls)
        if (c.crime == crime && c.person == person) return true;
    return false;
  }

  void UpdateQualityCall(int64_t list_id, int position, const QualityCall& call) override {
    const auto it = S().call_lists->find(list_id);
    if (it == S().call_lists->end() || position < 1 ||
        static_cast<size_t>(position) > it->second.calls.size())
      throw StorageError("quality call-back list " + std::to_string(list_id) + " has no call " +
                         std::to_string(position));
    S().call_lists.Update(
        list_id, [&](QualityCallList& l) { l.calls[static_cast<size_t>(position) - 1] = call; });
  }

  void ReplaceMeasures(const std::vector<std::string>& months, const std::vector<MeasureRow>& rows,
                       const std::string& at) override {
    shared_->Atomically([&] {
      for (const auto& month : months) {
        std::vector<std::tuple<std::string, std::string, std::string>> gone;
        for (const auto& [key, r] : *S().measures)
          if (r.month == month) gone.push_back(key);
        for (const auto& key : gone) S().measures.Erase(key);
        if (S().measure_refreshes->contains(month))
          S().measure_refreshes.Update(month, [&](std::string& old) { old = at; });
        else
          S().measure_refreshes.Put(month, at);
      }
      for (const auto& r : rows) {
        const std::tuple key{r.month, r.unit, r.measure};
        if (S().measures->contains(key))
          throw StorageError(
              "UNIQUE constraint failed: measure_rollups.month, measure_rollups.unit, "
              "measure_rollups.measure");
        S().measures.Put(key, r);
      }
      return 0;
    });
  }

  std::vector<MeasureRow> Measures(const std::string& from, const std::string& to) override {
    std::vector<MeasureRow> out;
    for (const auto& [key, r] : *S().measures)  // ordered by month, unit and measure
      if (r.month >= from && r.month <= to) out.push_back(r);
    return out;
  }

  std::string MeasuresRefreshedAt(const std::string& month) override {
    const auto it = S().measure_refreshes->find(month);
    return it == S().measure_refreshes->end() ? std::string() : it->second;
  }

  void ReplaceRepeatVictimMatches(const std::vector<RepeatVictimMatchRow>& rows,
                                  const std::string& at) override {
    shared_->Atomically([&] {
      std::vector<std::tuple<std::string, std::string, std::string, std::string>> old;
      for (const auto& [key, r] : *S().repeat_victim_matches) old.push_back(key);
      for (const auto& key : old) S().repeat_victim_matches.Erase(key);
      for (const auto& r : rows)
        S().repeat_victim_matches.Put({r.crime_a, r.person_a, r.crime_b, r.person_b}, r);
      if (S().repeat_victim_refreshes->contains(1))
        S().repeat_victim_refreshes.Update(1, [&](std::string& found) { found = at; });
      else
        S().repeat_victim_refreshes.Put(1, at);
    });
  }

  std::vector<RepeatVictimMatchRow> RepeatVictimMatches(const std::string& crime) override {
    std::vector<RepeatVictimMatchRow> out;
    for (const auto& [key, r] : *S().repeat_victim_matches)
      if (r.crime_a == crime || r.crime_b == crime) out.push_back(r);
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
      return std::tie(y.score, x.crime_a, x.person_a, x.crime_b, x.person_b) <
             std::tie(x.score, y.crime_a, y.person_a, y.crime_b, y.person_b);
    });
    return out;
  }

  std::string RepeatVictimsFoundAt() override {
    const auto it = S().repeat_victim_refreshes->find(1);
    return it == S().repeat_victim_refreshes->end() ? std::string() : it->second;
  }

  void PutRepeatVictimDecision(const RepeatVictimDecision& d) override {
    const std::tuple key{d.crime_a, d.person_a, d.crime_b, d.person_b};
    if (S().repeat_victim_decisions->contains(key))
      S().repeat_victim_decisions.Update(key, [&](RepeatVictimDecision& old) { old = d; });
    else
      S().repeat_victim_decisions.Put(key, d);
  }

  std::vector<RepeatVictimDecision> RepeatVictimDecisions(const std::string& crime) override {
    std::vector<RepeatVictimDecision> out;
    for (const auto& [key, d] : *S().repeat_victim_decisions)
      if (d.crime_a == crime || d.crime_b == crime) out.push_back(d);
    return out;
  }

 private:
  State& S() { return shared_->state(); }
  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<QualityStore> OpenQualityStoreOn(std::shared_ptr<Shared> shared) {
  return std::make_unique<MemoryQualityStore>(std::move(shared));
}

}  // namespace cf::storage::memory
