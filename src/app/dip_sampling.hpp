#pragma once
// Dip-sampling (issue 16): a unit's cases of a month drawn for its supervisors to review,
// reproducibly (the seed is recorded: drawn again with it, the same cases come out) and never
// the same case twice in a month. Half the sample is drawn at random, so that it stands for
// the unit's work as a whole; the rest weighted towards risk (an enhanced victim, a duty
// overdue, a closed case, no further action, a hate crime, a person flagged as a repeat victim),
// so that what most needs a second look is more likely to get one.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/assessment_editing.hpp"
#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "storage/quality_store.hpp"

namespace cf::app {

inline constexpr int kMaxDipSampleSize = 200;

struct DipSampleRequest {
  std::string unit;
  std::string month;             // YYYY-MM: cases recorded in it
  std::optional<int> size;       // default: the force's dip_sample_size setting
  std::optional<uint64_t> seed;  // default: a fresh random seed
  // The day risks are judged on (default: the month's last day, or today while it runs); an
  // auditor drawing again gives the sample's own risks_as_of.
  std::optional<core::Date> as_of{};
};

// Supervisors of the unit and admins draw and review its samples. Analysts do not: the samples
// are case records, and analysts see aggregates only (app/access.hpp).
bool MayDipSample(const storage::User& user, const std::string& unit);

// Draws and stores a sample, audited as drew_dip_sample; a seed already drawn for the unit and
// month gives back that sample as it was stored (audited as viewed_dip_sample). Cases in the
// month's earlier samples are left out. Errors: kPermissionDenied; kInvalidArgument (a month
// that is not YYYY-MM, a size outside 1 to kMaxDipSampleSize); kNotFound (no such unit).
core::Result<storage::DipSample> DrawDipSample(Services& s, const Actor& actor,
                                               const DipSampleRequest& request);

// What a sampled case is reviewed against: the guide's quality checks, each answered yes,
// partly, no or n/a (does not apply to this case).
struct RubricItem {
  std::string key;
  std::string question;
};
const std::vector<RubricItem>& DipSampleRubric();
inline constexpr size_t kMaxFindingsChars = 2000;

// The score of a review's answers: yes 2, partly 1, no 0 of 2 for each item that applies, as
// a percentage (100 when none applies).
int RubricScore(const std::map<std::string, std::string>& answers);

struct DipSampleReviewRequest {
  int64_t sample_id = 0;
  std::string crime;
  std::map<std::string, std::string> answers;  // rubric key -> yes, partly, no, n/a
  std::string findings;                        // for the officer, in plain words
};

// A sample with its reviews, for a supervisor's page.
struct DipSampleView {
  storage::DipSample sample;
  std::map<std::string, storage::DipSampleReview> reviews;  // by crime
};

// The unit's samples of a month with their reviews; audited as viewed_dip_samples.
core::Result<std::vector<DipSampleView>> DipSamplesAs(Services& s, const Actor& actor,
                                                      const std::string& unit,
                                                      const std::string& month);

// Records (or replaces) the review of one case of a sample, audited as reviewed_dip_sample
// on the case. Errors: kPermissionDenied (not the unit's supervisor or an admin),
// kNotFound (no such sample, or the case is not in it), kInvalidArgument with one problem per
// rubric item unanswered or answered otherwise, and for findings that are missing when an
// item is "no" or "partly", or longer than kMaxFindingsChars.
core::Result<storage::DipSampleReview> ReviewDipSampleCaseAs(Services& s, const Actor& actor,
                                                             const DipSampleReviewRequest& request,
                                                             std::vector<std::string>& problems);

// Raises an action on the self-assessment's plan from the review of `crime` in `sample_id`: the
// plan of the sample unit's BCU (the force's when the unit has none), indicator
// `request.indicator` (6.1, quality assurance, by default), the action as written, noting the
// review it came from. For the unit's supervisors who may edit that plan, and admins. Audited as
// raised_action_from_review on the case (and added_action). Errors: kPermissionDenied,
// kNotFound (no such sample, or the case not reviewed), kInvalidArgument (the first problem
// with the action's fields).
core::Result<int64_t> RaiseActionFromReviewAs(Services& s, const Actor& actor, int64_t sample_id,
                                              const std::string& crime,
                                              const ActionRequest& request);
inline constexpr const char* kReviewActionIndicator = "6.1";

// Reviews of the actor's own cases (as officer in case) in the last kFindingsDays, newest
// first: the findings their supervisors wrote for them.
inline constexpr int kFindingsDays = 90;
std::vector<storage::DipSampleReview> FindingsForOfficer(Services& s, const Actor& actor);

}  // namespace cf::app
