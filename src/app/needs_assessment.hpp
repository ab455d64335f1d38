#pragma once
// The MG11 needs assessment done well: the screening questions that identify a vulnerable,
// intimidated or persistently targeted person (asked the same way every time, as Kent's call
// handlers ask them), and what a complete assessment answers. A victim or witness whose
// assessment is not complete blocks closing the case as charged (CloseCase), is shown on the
// case page with what is still to ask, and counts against the completion measure.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/case_file.hpp"
#include "domain/vocabulary.hpp"

namespace cf::app {

// One screening question: a "yes" to `field` (in the needs.assessed `screening` object)
// identifies the person as `flag`, for `reason`.
struct ScreeningQuestion {
  const char* field;
  const char* question;  // as the form asks it
  const char* topic;     // "mental health": what is still to ask, in a list
  const char* reason;    // the person.flagged reason a "yes" records
  domain::PersonFlag flag;
};
const std::vector<ScreeningQuestion>& ScreeningQuestions();

// A victim's or witness's needs assessment as recorded so far: every needs.assessed for them
// together (a later answer replaces an earlier one; a question answered once stays answered).
struct AssessmentStatus {
  std::string person;
  std::string name;  // as staff see it; the person id when no name was recorded
  domain::Role role = domain::Role::kVictim;
  bool assessed = false;             // at least one needs.assessed
  std::vector<std::string> missing;  // what is still to ask, in words; empty: complete
  bool Complete() const { return missing.empty(); }
};

// Adds a later needs.assessed `e` to the answers so far (`merged`, an object): its answers
// replace earlier ones, and an answer it contradicts goes (dates to avoid and "none"; an
// interpreter's language once none is needed; special measures once none are needed).
void MergeAssessment(nlohmann::json& merged, const nlohmann::json& e);

// Every victim and witness on the case (`bodies`, its stored events in order), in the order
// added. Other people (relatives, guardians, spokespeople) are not assessed on the MG11.
std::vector<AssessmentStatus> NeedsAssessments(const std::string& crime,
                                               const std::vector<std::string>& bodies);
// The same for a case already parsed from `bodies`.
std::vector<AssessmentStatus> NeedsAssessments(const domain::CaseFile& file,
                                               const std::vector<std::string>& bodies);

// Those whose assessment is not complete, on a case already parsed from `bodies`.
std::vector<AssessmentStatus> IncompleteAssessments(const domain::CaseFile& file,
                                                    const std::vector<std::string>& bodies);

// What a needs.assessed `line` a member of staff wrote gets wrong for the person it is about
// on the case (`file`, as stored), each naming its field as the reader does
// (`field "vps_offered": ...`): a victim not asked about a Victim Personal Statement, an
// interpreter needed in no language. Empty for other events, and for a person not on the case
// (the reader refuses those).
std::vector<std::string> AssessmentProblems(const domain::CaseFile& file, const std::string& line);

// For a needs.assessed `line` about to be recorded on the case (`file`, as stored): one
// person.flagged line for each screening "yes" whose flag the person does not already have, at
// the assessment's time and by whom, its reason the question answered (ids: the assessment's
// id, ":flag:" and the flag). Empty when the line is not a needs.assessed or names nobody on
// the case.
struct ScreeningFlag {
  domain::PersonFlag flag;
  std::string line;  // the person.flagged event
};
std::vector<ScreeningFlag> ScreeningFlagLines(const domain::CaseFile& file,
                                              const std::string& line);

}  // namespace cf::app
