#pragma once
// The user satisfaction survey (issue 16; ../docs/survey.md has the columns): importing a
// force's results, satisfaction per stage with Wilson intervals and by group, the white/BME
// gap, and key driver analysis that joins each response to its case's own record (was the
// Code kept, how often were they informed, how soon).

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/csv.hpp"
#include "stats/logit.hpp"
#include "stats/proportion.hpp"

namespace cf::app {

inline constexpr size_t kMaxSurveyRows = 100000;

// Analysts and admins import and analyse the survey.
bool MayAnalyseSurvey(const storage::User& user);

struct SurveyImported {
  storage::SurveyWrite written;
  size_t rows = 0;
  size_t linked = 0;     // with a crime reference the store holds
  size_t not_found = 0;  // with a crime reference it does not (kept; linked once imported)
};

inline constexpr size_t kMaxSurveyBytes = size_t{64} << 20;

// The table of a results file: an XLSX workbook (its first sheet) or CSV. Errors: unreadable,
// too large (over kMaxSurveyBytes), not a workbook after all.
core::Result<core::CsvTable> ReadSurveyFile(const std::string& path);

// Reads a table (a header row, then a response a row) into responses and stores them all in
// one transaction, audited as imported_survey. `origin` names the file in messages. Errors:
// kPermissionDenied; kInvalidArgument listing every problem by line and column (an unknown
// column, a missing response_id or date, an answer that is not on the scale, a response id
// twice), nothing stored.
core::Result<SurveyImported> ImportSurvey(Services& s, const Actor& actor,
                                          const core::CsvTable& table, const std::string& origin);

// A question as an interviewer asks it.
struct SurveyQuestion {
  std::string key;  // the column (docs/survey.md) and the diagnostics' key
  std::string question;
};
// The five stages' core questions, in storage::kSurveyStages order, asked on the seven-point
// scale.
const std::vector<SurveyQuestion>& SurveyStageQuestions();
// Annex B's diagnostic questions answered yes or no.
const std::vector<SurveyQuestion>& SurveyYesNoQuestions();
// The seven-point scale's words, 1 completely satisfied ... 7 completely dissatisfied.
const std::array<std::string, 7>& SatisfactionScale();

// For the white/BME measure: true white, false black and minority ethnic, nullopt not
// stated. Words and the ONS 2011 18+1 codes are read; kInvalidArgument for anything else.
core::Result<std::optional<bool>> WhiteOrBme(const std::string& ethnic_group);

// A response's answer to `stage` ("follow_up"...): satisfied (1 to 3 on the scale), not
// satisfied (4 to 7), or none (don't know, refused, not asked).
std::optional<bool> SatisfiedWith(const storage::SurveyResponse& r, const std::string& stage);
// kInvalidArgument unless `stage` is one of the five.
core::Status CheckStage(const std::string& stage);

struct Satisfaction {
  std::string group;  // "" for all
  size_t satisfied = 0;
  size_t answered = 0;  // the denominator: don't know and refusals left out
  stats::Interval wilson;
};
// Satisfaction with `stage` among `responses`, by `by`: "" (all), crime_type, unit, bcu,
// ethnicity (white, bme, not stated) or month (YYYY-MM of the interview). Groups sorted.
std::vector<Satisfaction> SatisfactionBy(const std::vector<storage::SurveyResponse>& responses,
                                         const std::string& stage, const std::string& by);

struct SatisfactionGap {
  size_t white_satisfied = 0, white_answered = 0;
  size_t bme_satisfied = 0, bme_answered = 0;
  std::optional<stats::Comparison> comparison;  // none when either group has no answers
};
// The gap in whole-experience satisfaction, white minus black and minority ethnic.
SatisfactionGap WhiteBmeGap(const std::vector<storage::SurveyResponse>& responses);

// What the survey page shows: satisfaction with each stage (Satisfaction::group is the
// stage), the white/BME gap, and how many responses the period holds.
struct SurveyOverview {
  size_t responses = 0;
  std::vector<Satisfaction> stages;
  SatisfactionGap gap;
  // Each stage against the period of the same length just before (`previous_from` to the day
  // before `from`): a change is significant only when the two-proportion test says so at 5%.
  core::Date previous_from;
  std::vector<std::optional<stats::Comparison>> change;  // by stage; none without answers
};
// Responses interviewed in [from, to], audited as viewed_survey. kPermissionDenied for those
// who may not analyse the survey.
core::Result<SurveyOverview> SurveyOverviewAs(Services& s, const Actor& actor, core::Date from,
                                              core::Date to);

// The responses interviewed in [from, to] for an analysis the actor may make, audited as
// viewed_survey with `what`. kPermissionDenied for those who may not analyse the survey.
core::Result<std::vector<storage::SurveyResponse>> SurveyResponsesAs(Services& s,
                                                                     const Actor& actor,
                                                                     core::Date from, core::Date to,
                                                                     const std::string& what);

// Victims' comments, in their words, are routed to the unit whose case it was: its supervisors
// read them, and analysts and admins any unit's. Not the officer in case: the survey tells
// victims their answers go to the force, not to the officer who dealt with them.
bool MayReadComments(const storage::User& user, const std::string& unit);
inline constexpr int kRecentCommentDays = 30;

// The responses with a comment interviewed in [from, to], of `unit` (every unit when empty, for
// analysts and admins), newest first; audited as viewed_survey_comments. kPermissionDenied for
// others, audited as denied_survey_comments.
core::Result<std::vector<storage::SurveyResponse>> CommentsAs(Services& s, const Actor& actor,
                                                              const std::string& unit,
                                                              core::Date from, core::Date to);
// How many comments on `unit`'s cases were given in the last kRecentCommentDays (for the
// supervisor's work page); not audited, as it shows no comment.
size_t RecentCommentCount(Services& s, const std::string& unit);

struct DriverAnalysis {
  stats::LogitData data;
  std::vector<std::string> notes;  // drivers and rows left out, and why
  std::optional<core::Result<stats::LogitFit>> fit;
};
// Key driver analysis of satisfaction with `stage` for responses interviewed in [from, to]:
// the diagnostic answers, and for responses linked to a case its own record: enhanced, each
// duty missed or late by the interview, informing contacts before it, working days to the first
// of them, crime type. A driver is left out (with a note) when it does not vary, when a
// question was answered by fewer than four in five, or when on its own it separates the
// outcome. Audited as analysed_survey.
core::Result<DriverAnalysis> AnalyseSurveyDrivers(Services& s, const Actor& actor,
                                                  const std::string& stage, core::Date from,
                                                  core::Date to);

}  // namespace cf::app
