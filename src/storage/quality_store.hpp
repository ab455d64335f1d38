#pragma once
// Quality and satisfaction (migrations 0026 to 0028): the user satisfaction survey's responses,
// imported or taken on a quality call-back, and dip samples of cases drawn for supervisors to
// review. Bound parameters only, so that a PostgreSQL backend can follow. A write that must be
// whole (an import, a sample with its cases) is wrapped by its use case in a Transaction on the
// CaseStore of the same database.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace cf::storage {

// The survey's five stages, in the order of the questionnaire.
inline constexpr std::array<std::string_view, 5> kSurveyStages = {
    "ease_of_contact", "actions_taken", "follow_up", "treatment", "whole_experience"};

struct SurveyResponse {
  std::string id;      // the survey's own id: stored again, it replaces the response
  std::string source;  // "import" or "call_back"
  core::Date interviewed_on;
  std::string crime;          // the crime reference, or "" when not given
  std::string person;         // the person on the case, or "" (the case's first victim)
  std::string crime_type;     // as given, or the case's
  std::string unit;           // the case's unit, or as given
  std::string bcu;            // the unit's basic command unit, or as given
  std::string ethnic_group;   // as given ("" not stated)
  std::optional<bool> white;  // from ethnic_group; none: not stated
  // Each stage on the seven-point scale, 1 completely satisfied ... 7 completely
  // dissatisfied; 0: don't know, refused or not asked (out of the denominator).
  std::array<int, 5> stages{};
  std::string diagnostics;  // JSON object: question -> 1 yes, 0 no (asked questions only)
  std::string comments;     // the verbatim comment, or ""
  std::string stored_by;
  std::string stored_at;  // RFC 3339 UTC
};

// The same answers: what storing `b` over `a` would change (who stored it, and when, aside).
inline bool SameSurveyAnswers(const SurveyResponse& a, const SurveyResponse& b) {
  return a.source == b.source && a.interviewed_on == b.interviewed_on && a.crime == b.crime &&
         a.person == b.person && a.crime_type == b.crime_type && a.unit == b.unit &&
         a.bcu == b.bcu && a.ethnic_group == b.ethnic_group && a.white == b.white &&
         a.stages == b.stages && a.diagnostics == b.diagnostics && a.comments == b.comments;
}

struct SurveyWrite {
  size_t added = 0;
  size_t replaced = 0;   // a response of that id held different answers
  size_t unchanged = 0;  // already held exactly
};

// One case of a dip sample, in the order drawn.
struct DipSampleCase {
  std::string crime;
  std::string drawn_as;  // "random" or "risk"
  std::string reasons;   // the risks that weighted it, comma separated ("" none)
  double weight = 1;
  std::string officer;
  std::string crime_type;
};

struct DipSample {
  int64_t id = 0;
  std::string unit;
  std::string month;  // YYYY-MM: cases recorded in it
  uint64_t seed = 0;
  int size = 0;  // asked for; cases.size() may be fewer when the unit had fewer
  std::string drawn_by;
  std::string drawn_at;  // RFC 3339 UTC
  std::vector<DipSampleCase> cases;
  // The day the risks were judged on (YYYY-MM-DD): drawn again with the seed as of this day,
  // the same cases come out.
  std::string risks_as_of{};
};

// A supervisor's review of one sampled case (the rubric in app/dip_sampling.hpp).
struct DipSampleReview {
  int64_t sample_id = 0;
  std::string crime;
  std::string officer;  // the case's officer when reviewed
  std::string unit;
  std::string rubric;  // JSON object: item -> "yes", "partly", "no" or "n/a"
  int score = 0;       // 0 to 100
  std::string findings;
  std::string reviewed_by;
  std::string reviewed_at;  // RFC 3339 UTC
};

// One person to phone on a quality call-back list.
struct QualityCall {
  std::string crime;
  std::string person;
  std::string status = "to_call";  // to_call, answered, no_answer, declined
  int attempts = 0;
  std::string last_at{};      // the latest attempt (RFC 3339 UTC), "" before the first
  std::string response_id{};  // an answered call's survey response
};

// A supervisor's call list for one week (Monday to Sunday).
struct QualityCallList {
  int64_t id = 0;
  std::string supervisor;  // staff id
  std::string unit;
  core::Date week;  // its Monday
  uint64_t seed = 0;
  int size = 0;  // asked for; calls.size() may be fewer
  std::string drawn_at;
  std::vector<QualityCall> calls;  // in the order drawn; a call's position is its index + 1
};

// A suggested repeat victim match, as the latest refresh found it (app/repeat_victims.hpp;
// migration 0030).
struct RepeatVictimMatchRow {
  std::string crime_a, person_a;  // the earlier crime (by reference)
  std::string crime_b, person_b;
  double score = 0;
  std::string evidence;  // "same name, same date of birth"
};

// A supervisor's decision on a suggested repeat victim match (app/repeat_victims.hpp;
// migration 0030): the two victims are, or are not, one person. Nothing is merged.
struct RepeatVictimDecision {
  std::string crime_a, person_a;  // the earlier crime (by reference), as the match gives them
  std::string crime_b, person_b;
  bool same_person = false;  // confirmed; false: rejected
  double score = 0;          // as suggested when decided
  std::string evidence;      // "same name, same date of birth"
  std::string decided_by;    // staff id
  std::string decided_at;    // RFC 3339 UTC
  std::string reason;
};

// One measure of one unit in one month (migration 0028).
struct MeasureRow {
  std::string month;  // YYYY-MM
  std::string unit;
  std::string measure;
  double numerator = 0;
  double denominator = 0;
};

class QualityStore {
 public:
  virtual ~QualityStore() = default;

  // Stores each response, replacing one of the same id whose answers differ.
  virtual SurveyWrite PutSurveyResponses(const std::vector<SurveyResponse>& responses) = 0;
  // Interviewed in [from, to], by date then id.
  virtual std::vector<SurveyResponse> SurveyResponses(core::Date from, core::Date to) = 0;

  // Stores a sample with its cases; returns its id. (unit, month, seed) is unique: a second
  // throws StorageError and stores nothing.
  virtual int64_t AddDipSample(const DipSample& sample) = 0;
  // The samples of a unit and month, in the order drawn, with their cases.
  virtual std::vector<DipSample> DipSamples(const std::string& unit, const std::string& month) = 0;
  virtual std::optional<DipSample> FindDipSample(int64_t id) = 0;

  // Stores a review, replacing an earlier one of the same sample and case.
  virtual void PutDipSampleReview(const DipSampleReview& review) = 0;
  // A sample's reviews, by crime reference.
  virtual std::vector<DipSampleReview> DipSampleReviews(int64_t sample_id) = 0;
  // Reviews made at or after `since` (RFC 3339 or a date), newest first; of one officer's cases
  // when `officer` is not empty.
  virtual std::vector<DipSampleReview> ReviewsSince(const std::string& since,
                                                    const std::string& officer) = 0;

  // Stores a call list with its calls; returns its id. (supervisor, week) is unique: a second
  // throws StorageError and stores nothing.
  virtual int64_t AddCallList(const QualityCallList& list) = 0;
  virtual std::optional<QualityCallList> FindCallList(const std::string& supervisor,
                                                      core::Date week) = 0;
  virtual std::optional<QualityCallList> FindCallListById(int64_t id) = 0;
  // Whether the person has been on any call list (nobody is listed twice).
  virtual bool EverListedForCall(const std::string& crime, const std::string& person) = 0;
  // Replaces the call at `position` (1-based) of a list; StorageError when there is none.
  virtual void UpdateQualityCall(int64_t list_id, int position, const QualityCall& call) = 0;

  // Replaces every measure row of `months` (YYYY-MM) with `rows`, and records the months as
  // refreshed at `at`.
  virtual void ReplaceMeasures(const std::vector<std::string>& months,
                               const std::vector<MeasureRow>& rows, const std::string& at) = 0;
  // The rows of months in [from, to] (YYYY-MM), by month, unit and measure.
  virtual std::vector<MeasureRow> Measures(const std::string& from, const std::string& to) = 0;
  // When `month` was last rolled up; "" never.
  virtual std::string MeasuresRefreshedAt(const std::string& month) = 0;

  // Replaces every stored suggestion with `rows`, found at `at` (RFC 3339 UTC). The caller
  // holds a transaction, so that readers see the old set or the new.
  virtual void ReplaceRepeatVictimMatches(const std::vector<RepeatVictimMatchRow>& rows,
                                          const std::string& at) = 0;
  // The suggestions with a victim of `crime` on either side, highest score first; and when they
  // were last found ("" never).
  virtual std::vector<RepeatVictimMatchRow> RepeatVictimMatches(const std::string& crime) = 0;
  virtual std::string RepeatVictimsFoundAt() = 0;
  // Records a decision on a pair of victims, replacing any earlier one on that pair.
  virtual void PutRepeatVictimDecision(const RepeatVictimDecision& decision) = 0;
  // The decisions on pairs with a victim of `crime` on either side, by crime and person.
  virtual std::vector<RepeatVictimDecision> RepeatVictimDecisions(const std::string& crime) = 0;
};

}  // namespace cf::storage
